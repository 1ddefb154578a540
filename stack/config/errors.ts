import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { ConfigProblem, expectationOf, fillPath, NOT_SET, renderProblem, RuleIssue, UNKNOWN_KEY } from "./problems";

/**
 * Invalid stack config: every problem, one line each. A `RunError`, so `pulumi up` prints the message
 * without a stack trace (the mistake is the user's config, not the program).
 */
export class ConfigError extends pulumi.RunError {
    /** Each problem as data. */
    public readonly details: readonly ConfigProblem[];
    /** Each problem rendered, one line each (`renderProblem`). */
    public readonly problems: readonly string[];

    constructor(details: readonly ConfigProblem[], stack?: string) {
        const problems = details.map(renderProblem);
        const where = stack ? `Pulumi.${stack}.yaml` : "the stack config";
        super(`Invalid config in ${where} (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "ConfigError";
        this.details = details;
        this.problems = problems;
    }
}

type PathSegment = PropertyKey;

/**
 * JSON on one line with every invisible or reordering character escaped: JSON.stringify escapes C0 controls but leaves
 * DEL, C1 controls, the line/paragraph separators and the bidirectional overrides as they are, and those would break
 * or disguise an error line ("Trojan Source", CVE-2021-42574).
 */
function jsonLine(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.replace(/[\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Keys written as `a.b` in a `pulumi config set --path` path; any other key is written `a["b c"]`. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/** `["vault", "network", "ipRules", 0]` → `vault.network.ipRules[0]`; `location` is the provider's key. */
export function renderPath(path: readonly PathSegment[]): string {
    if (path.length === 1 && path[0] === "location") {
        return "azure-native:location";
    }
    return path.reduce<string>((acc, seg) => {
        if (typeof seg === "number") {
            return `${acc}[${seg}]`;
        }
        const key = String(seg);
        // A key that is not a plain identifier (a tag name with a space, a hostile key with quotes or a newline) is
        // written in Pulumi's bracket form, `tags["cost center"]`, JSON-escaped so it stays on one line.
        if (!PLAIN_KEY.test(key)) {
            return `${acc}[${jsonLine(key)}]`;
        }
        return acc === "" ? key : `${acc}.${key}`;
    }, "");
}

function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
    let current: unknown = root;
    for (const seg of path) {
        if (current === null || typeof current !== "object") {
            return undefined;
        }
        current = (current as Record<PropertyKey, unknown>)[seg as string];
    }
    return current;
}

function renderValue(value: unknown): string {
    if (value === undefined) {
        return NOT_SET;
    }
    const text = jsonLine(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Walks a zod schema to the object schema at `path`, to list the keys it allows. */
function allowedKeysAt(schema: z.ZodType, path: readonly PathSegment[]): string[] {
    let current: z.ZodType | undefined = schema;
    const unwrap = (s: z.ZodType): z.ZodType => {
        let t = s;
        for (let i = 0; i < 10; i++) {
            if (t instanceof z.ZodDefault || t instanceof z.ZodOptional) {
                t = t.unwrap() as z.ZodType;
            } else if (t instanceof z.ZodPipe) {
                t = t.def.out as z.ZodType;
            } else {
                break;
            }
        }
        return t;
    };
    for (const seg of path) {
        const s: z.ZodType = unwrap(current);
        if (s instanceof z.ZodObject) {
            current = s.shape[seg as string] as z.ZodType | undefined;
        } else if (s instanceof z.ZodArray) {
            current = s.element as z.ZodType;
        } else if (s instanceof z.ZodUnion) {
            current = (s.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject);
            if (current) {
                current = (unwrap(current) as z.ZodObject).shape[seg as string] as z.ZodType | undefined;
            }
        } else {
            return [];
        }
        if (!current) {
            return [];
        }
    }
    let s = unwrap(current);
    if (s instanceof z.ZodArray) {
        s = unwrap(s.element as z.ZodType);
    }
    if (s instanceof z.ZodUnion) {
        s = (s.options as z.ZodType[]).map(unwrap).find((o) => o instanceof z.ZodObject) ?? s;
    }
    return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Keys the schema uses internally; never shown to users as allowed keys. */
const INTERNAL_KEYS = new Set(["secretValueNames", "location"]);

/**
 * Keys whose values are credentials, never shown in a problem: `secretValues.*`, and an alert webhook URL (its query
 * string or path usually carries the token that lets anyone post to it).
 */
function isSecretPath(path: readonly PropertyKey[]): boolean {
    return path[0] === "secretValues" || (path[0] === "rotation" && path[1] === "alerts" && path[2] === "webhookUrl");
}

/** A cross-key rule's issue, as `validateConfig` hands it on beside zod's. */
export type CustomIssue = RuleIssue & { readonly code: "custom" };

/**
 * Each problem as data: the key, what was found (never a secret's value), what is allowed and how to fix it.
 * zod's issues carry their `{ expected, fix }` through `expectation` (problems.ts); the rules' issues carry them as fields.
 */
export function formatIssues(issues: ReadonlyArray<z.core.$ZodIssue | CustomIssue>, raw: unknown, schema: z.ZodType): ConfigProblem[] {
    const problems: ConfigProblem[] = [];
    for (const issue of issues) {
        if (issue.code === "unrecognized_keys") {
            const allowed = allowedKeysAt(schema, issue.path).filter((k) => !INTERNAL_KEYS.has(k));
            for (const key of issue.keys) {
                problems.push({ path: renderPath([...issue.path, key]), found: UNKNOWN_KEY, expected: `allowed keys here: ${allowed.join(", ")}`, fix: "correct its spelling or remove it" });
            }
            continue;
        }
        const path = renderPath(issue.path);
        const { expected, fix } = issue.code === "custom" && "expected" in issue ? issue : expectationOf(issue.message);
        const stated = issue.code === "custom" && "expected" in issue ? issue.found : undefined;
        // A secret's value is never shown.
        const found = stated ?? (isSecretPath(issue.path) ? "[secret]" : renderValue(valueAt(raw, issue.path)));
        problems.push({ path, found, expected: fillPath(expected, path), fix: fillPath(fix, path) });
    }
    return problems;
}
