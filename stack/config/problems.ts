/*
 * Config problems as data: `{ path, found, expected, fix }`, rendered to text in exactly one place (`renderProblem`)
 * and never parsed back. Every config error, warning and preflight finding about a config key is built from these.
 */

import { shellQuote } from "../shellQuote";

/** `found` when the key has no value. */
export const NOT_SET = "not set";
/** `found` for a key the schema does not know. */
export const UNKNOWN_KEY = "unknown key";

export interface ConfigProblem {
    /** The key, as `pulumi config set --path` writes it (`vault.network.ipRules[0]`). */
    readonly path: string;
    /** What was found: the value as JSON (never a secret's: `[secret]`), `NOT_SET`, `UNKNOWN_KEY`, or a short phrase. */
    readonly found: string;
    /** What is allowed. */
    readonly expected: string;
    /** How to fix it: a command where there is one. Empty for messages that carry their own fix (see `expectation`). */
    readonly fix: string;
}

/** What a rule reports before the path and value are known: the path segments, what is allowed, how to fix it. */
export interface RuleIssue {
    readonly path: (string | number)[];
    /** What was found, when the rule knows better than the value at `path` (e.g. `NOT_SET` for a missing secret value). */
    readonly found?: string;
    readonly expected: string;
    /** May contain `{path}`, replaced by the rendered key path. */
    readonly fix: string;
}

/** One line: "`key`: found X; must be Y. Fix: Z" (or "not set" / "unknown key; Y"). */
export function renderProblem(p: ConfigProblem): string {
    const fix = p.fix ? `. Fix: ${p.fix}` : "";
    if (p.found === UNKNOWN_KEY) {
        return `\`${p.path}\`: ${UNKNOWN_KEY}; ${p.expected}${fix}`;
    }
    const what = p.found === NOT_SET ? NOT_SET : `found ${p.found}`;
    return `\`${p.path}\`: ${what}; must be ${p.expected}${fix}`;
}

/**
 * zod carries only a message string per check, so schema checks register their `{ expected, fix }` here under the
 * message they hand zod, and the formatter looks the parts up by that exact string (no parsing). Messages not built
 * with `expectation` are rendered as they are.
 */
const EXPECTATIONS = new Map<string, { readonly expected: string; readonly fix: string }>();

/** The message for a zod check whose problem is `{ expected, fix }` (`{path}` in `fix` becomes the key path). */
export function expectation(expected: string, fix: string): string {
    const message = `${expected}. Fix: ${fix}`;
    EXPECTATIONS.set(message, { expected, fix });
    return message;
}

/** The `{ expected, fix }` a zod message stands for; a message not made by `expectation` is all `expected`. */
export function expectationOf(message: string): { readonly expected: string; readonly fix: string } {
    return EXPECTATIONS.get(message) ?? { expected: message, fix: "" };
}

/**
 * `text` with `{path}` replaced by the key path: shell-quoted by the one helper where it stands as a quoted shell word
 * (`'{path}'` in a printed command), verbatim elsewhere.
 */
export function fillPath(text: string, path: string): string {
    return text.replace(/'\{path\}'/g, shellQuote(path)).replace(/\{path\}/g, path);
}
