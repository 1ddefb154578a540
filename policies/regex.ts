// Regular expressions with the semantics the Pulumi CLI gives `format: "regex"` policy options: RE2 syntax.
//
// The CLI validates policy pack config with gojsonschema (pulumi/pulumi pkg/resource/analyzer/config.go,
// `validatePolicyConfig`), whose `regex` format checker is Go's `regexp.Compile` (xeipuuv/gojsonschema
// format_checkers.go, `RegexFormatChecker`): RE2 syntax (https://github.com/google/re2/wiki/Syntax). A pattern the
// CLI accepts, such as `(?i)^kv-`, is not a valid JavaScript RegExp (`new RegExp("(?i)^kv-")` throws a SyntaxError),
// and some JavaScript patterns (lookarounds, backreferences, possessive quantifiers) are rejected by the CLI. So the
// pack matches with re2js, a pure-JavaScript port of RE2 (https://github.com/le0pard/re2js), and the offline runner
// validates options with the same function: what the CLI accepts never throws inside a policy, what it rejects is
// rejected offline.
import { RE2JS } from "re2js";

/** Why `pattern` is not valid RE2 syntax (Go's `regexp.Compile` message, e.g. "missing closing ]: `[a-z`"), or undefined. */
export function re2SyntaxError(pattern: string): string | undefined {
    try {
        RE2JS.compile(pattern);
        return undefined;
    } catch (err) {
        return (err instanceof Error ? err.message : String(err)).replace(/^error parsing regexp: /, "");
    }
}

const cache = new Map<string, RE2JS>();

/** Whether `value` contains a match of the RE2 `pattern` (Go's `regexp.MatchString`: unanchored). Throws on invalid syntax. */
export function re2Test(pattern: string, value: string): boolean {
    let compiled = cache.get(pattern);
    if (compiled === undefined) {
        compiled = RE2JS.compile(pattern);
        cache.set(pattern, compiled);
    }
    return compiled.test(value);
}
