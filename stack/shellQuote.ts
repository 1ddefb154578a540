/*
 * Shell quoting for the commands that "Fix:" lines print (config errors, preflight findings). Reviewers copy-paste
 * them, and the values come from a stack file a pull request may edit: every interpolated value goes through here.
 *
 * POSIX single quotes preserve every character literally; a single quote cannot appear inside them, so it is written
 * as `'\''` (close, escaped quote, reopen). POSIX.1-2017 Shell Command Language, 2.2.2 Single-Quotes:
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_02_02
 * Inside `"$(...)"` the substituted command is parsed anew, so a quoted word works there too (2.6.3).
 */

/** Characters that are never special to a POSIX shell in an argument (no globbing, expansion, quoting or splitting). */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** `value` as one shell word in single quotes, whatever it contains (quotes, `$()`, backticks, newlines). */
export function shellQuote(value: string): string {
    return `'${value.replace(/'/g, "'\\''")}'`;
}

/**
 * `value` as one shell word: bare when it is made of safe characters only (`text/plain`, `db-password`), else
 * single-quoted. A leading `-` is always quoted so the reader sees a value, but quoting does not stop a program from
 * reading it as an option: put such values after `--` ({@link shellArgs}) or use {@link shellOption}.
 */
export function shellArg(value: string): string {
    return SAFE_WORD.test(value) && !value.startsWith("-") ? value : shellQuote(value);
}

/**
 * Positional arguments: each through {@link shellArg}, preceded by `--` (end of options, POSIX Utility Syntax
 * Guideline 10; cobra/pflag, which the Pulumi CLI uses, honours it) when one starts with `-`.
 */
export function shellArgs(...values: readonly string[]): string {
    const words = values.map(shellArg);
    return values.some((v) => v.startsWith("-")) ? ["--", ...words].join(" ") : words.join(" ");
}

/**
 * An option with its value: `--name value`, or `--name='-value'` when the value starts with `-` (argparse, which the
 * Azure CLI uses, and pflag both take `--name=value`; with a space, argparse reads `-value` as another option).
 */
export function shellOption(name: string, value: string): string {
    return value.startsWith("-") ? `${name}=${shellQuote(value)}` : `${name} ${shellArg(value)}`;
}
