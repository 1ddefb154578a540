import { canonicalIpRule } from "../network";
import { RuleIssue } from "./problems";
import { asArray, asRecord } from "./primitives";

/*
 * Limits Azure enforces only at deployment (or never, silently merging), checked on the raw config so that a stack
 * file edited in a pull request fails before anything is created, with every problem at once. Each issue is
 * "what is allowed. Fix: how"; the formatter (errors.ts) puts the key and the value found in front.
 */
type Issue = RuleIssue;


/**
 * Azure allows at most 50 tag name/value pairs per resource, and tag names are case-insensitive:
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations
 */
export const MAX_TAGS_PER_RESOURCE = 50;

/** Tags the stack sets on every resource itself (stack/program.ts): a user tag of the same name, in any case, collides. */
export const RESERVED_TAGS = ["environment", "managed-by"] as const;

/**
 * The most tags the stack adds to one resource: `environment` and `managed-by` everywhere, and on a Key Vault secret
 * `source` and `validity-days`, plus `rotation-strategy` (and `rotation-length` for regenerate) on a rotated one
 * (components/vaultSecrets.ts).
 */
export function ownTagCount(raw: Record<string, unknown>): number {
    const secrets = asArray(raw.secrets).map(asRecord);
    if (secrets.length === 0) {
        return RESERVED_TAGS.length;
    }
    const rotation = secrets.map((s) => (s.rotation === "regenerate" ? 2 : s.rotation === "postgres" ? 1 : 0));
    return RESERVED_TAGS.length + 2 + Math.max(0, ...rotation);
}

/** Longest free-text string (a variable group description): this project's bound, for readable YAML and PR comments. */
export const MAX_DESCRIPTION_LENGTH = 512;
/** Longest string anywhere else in the config (resource IDs, names, tag values are shorter by Azure's own limits). */
export const MAX_STRING_LENGTH = 2048;

/**
 * Characters that must not appear in config strings, which land in YAML (pipeline-vars), Markdown (PR comments),
 * Mermaid and printed commands: C0 and C1 controls (newlines and tabs included), DEL, the Unicode line and paragraph
 * separators, and the bidirectional overrides that make text display in another order than it is read
 * ("Trojan Source", CVE-2021-42574, https://trojansource.codes/).
 */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function describeControl(text: string): string {
    const ch = CONTROL_CHARACTERS.exec(text)?.[0] ?? "";
    return `U+${ch.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0") ?? "?"}`;
}

/** Every string (and every map key) in the raw config, with its path; `secretValues` values are never in raw config. */
function* strings(value: unknown, path: (string | number)[]): Generator<{ path: (string | number)[]; text: string; key: boolean }> {
    if (typeof value === "string") {
        yield { path, text: value, key: false };
    } else if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            yield* strings(value[i], [...path, i]);
        }
    } else if (value !== null && typeof value === "object") {
        for (const [k, v] of Object.entries(value)) {
            yield { path: [...path, k], text: k, key: true };
            yield* strings(v, [...path, k]);
        }
    }
}

function textIssues(raw: Record<string, unknown>): Issue[] {
    const issues: Issue[] = [];
    for (const [top, value] of Object.entries(raw)) {
        if (top === "secretValueNames") {
            // The keys of `secretValues` (their values are never read here).
            for (const name of asArray(value).filter((n): n is string => typeof n === "string")) {
                if (CONTROL_CHARACTERS.test(name) || name.length > MAX_STRING_LENGTH) {
                    issues.push({
                        path: ["secretValues", name],
                        expected: "a key naming a secret in `secrets` (no control characters, at most 2048 characters)",
                        fix: "pulumi config rm --path '{path}'",
                    });
                }
            }
            continue;
        }
        for (const s of strings(value, [top])) {
            const what = s.key ? "a key" : "a string";
            const description = !s.key && s.path.length >= 2 && s.path[s.path.length - 1] === "description";
            const max = description ? MAX_DESCRIPTION_LENGTH : MAX_STRING_LENGTH;
            if (s.text.length > max) {
                issues.push({
                    path: s.path,
                    expected: `${what} of at most ${max} characters (found ${s.text.length})${description ? "; a description is one short line" : ""}`,
                    fix: `shorten it in Pulumi.<stack>.yaml`,
                });
            }
            if (CONTROL_CHARACTERS.test(s.text)) {
                issues.push({
                    path: s.path,
                    expected: `${what} without control characters (found ${describeControl(s.text)}: line breaks, tabs, other controls and bidirectional overrides end or disguise what it lands in: YAML, Markdown, Mermaid, printed commands)`,
                    fix: `write it on one line, without them, in Pulumi.<stack>.yaml`,
                });
            }
        }
    }
    return issues;
}

function tagIssues(raw: Record<string, unknown>): Issue[] {
    const issues: Issue[] = [];
    if (raw.tags === null || typeof raw.tags !== "object" || Array.isArray(raw.tags)) {
        return issues;
    }
    const tags = raw.tags as Record<string, unknown>;
    const names = Object.keys(tags);
    const own = ownTagCount(raw);
    const allowed = MAX_TAGS_PER_RESOURCE - own;
    if (names.length > allowed) {
        issues.push({
            path: ["tags"],
            expected: `at most ${allowed} tags (found ${names.length}): Azure allows ${MAX_TAGS_PER_RESOURCE} tags per resource and the stack adds up to ${own} of its own to a resource (environment, managed-by${own > 2 ? ", and on secrets source, validity-days and rotation tags" : ""})`,
            fix: `remove ${names.length - allowed} of them from tags in Pulumi.<stack>.yaml`,
        });
    }
    const seen = new Map<string, string>();
    for (const name of names) {
        const lower = name.toLowerCase();
        if ((RESERVED_TAGS as readonly string[]).includes(lower) && name !== lower) {
            issues.push({
                path: ["tags", name],
                expected: `not set here: tag names are case-insensitive in Azure, so this is the \`${lower}\` tag the stack sets itself`,
                fix: "pulumi config rm --path '{path}'",
            });
        }
        const first = seen.get(lower);
        if (first !== undefined) {
            issues.push({
                path: ["tags", name],
                expected: `a tag name not used by another tag, ignoring case (tag names are case-insensitive in Azure: this one and \`${first}\` are the same tag)`,
                fix: "pulumi config rm --path '{path}'",
            });
        } else {
            seen.set(lower, name);
        }
    }
    return issues;
}

/** `8.8.8.8` and `8.8.8.8/32` are one rule; Azure rejects a firewall listing the same range twice. */
function duplicateIpRules(list: unknown, path: (string | number)[]): Issue[] {
    const issues: Issue[] = [];
    const seen = new Map<string, number>();
    asArray(list).forEach((rule, i) => {
        const canonical = typeof rule === "string" ? canonicalIpRule(rule) : undefined;
        if (canonical === undefined) {
            return;
        }
        const first = seen.get(canonical);
        if (first !== undefined) {
            issues.push({
                path: [...path, i],
                expected: `listed once: it is the same range as ${path.join(".")}[${first}] (${canonical})`,
                fix: `remove the duplicate entry`,
            });
        } else {
            seen.set(canonical, i);
        }
    });
    return issues;
}

/** Resource IDs compare ignoring case in Azure Resource Manager: one subnet listed twice is one rule. */
function duplicateIds(list: unknown, path: (string | number)[]): Issue[] {
    const issues: Issue[] = [];
    const seen = new Map<string, number>();
    asArray(list).forEach((id, i) => {
        if (typeof id !== "string") {
            return;
        }
        const first = seen.get(id.toLowerCase());
        if (first !== undefined) {
            issues.push({ path: [...path, i], expected: `listed once (the same resource ID as ${path.join(".")}[${first}], ignoring case)`,
                fix: `remove the duplicate entry` });
        } else {
            seen.set(id.toLowerCase(), i);
        }
    });
    return issues;
}

/**
 * One role assignment per (principal, role): the assignment's name is a GUID of (scope, principal, role), so a second
 * grant of the same role to the same principal is the same resource and fails the program (a duplicate URN) without
 * naming a key. `access.extraRoles` duplicates are reported in rules.ts; these are the other collisions.
 */
function duplicateGrants(raw: Record<string, unknown>): Issue[] {
    const issues: Issue[] = [];
    const access = asRecord(raw.access);
    const officers = new Map<string, number>();
    asArray(access.secretsOfficers).forEach((officer, i) => {
        const id = typeof officer === "string" ? officer : asRecord(officer).principalId;
        if (typeof id !== "string") {
            return;
        }
        const first = officers.get(id.toLowerCase());
        if (first !== undefined) {
            issues.push({
                path: ["access", "secretsOfficers", i],
                expected: `listed once (access.secretsOfficers[${first}] is the same principal: one principal gets Key Vault Secrets Officer once)`,
                fix: `remove the duplicate entry`,
            });
        } else {
            officers.set(id.toLowerCase(), i);
        }
    });
    const pipeline = typeof access.pipelinePrincipalId === "string" ? access.pipelinePrincipalId.toLowerCase() : undefined;
    // The devops connection's own principal: reported by devopsIssues (rules.ts) already.
    const connection = asRecord(asRecord(raw.devops).serviceConnection).principalObjectId;
    const connectionId = typeof connection === "string" ? connection.toLowerCase() : undefined;
    asArray(access.extraRoles)
        .map(asRecord)
        .forEach((grant, i) => {
            if (pipeline !== undefined && pipeline !== connectionId && typeof grant.principalId === "string" && grant.principalId.toLowerCase() === pipeline && grant.role === "Key Vault Secrets User") {
                issues.push({
                    path: ["access", "extraRoles", i],
                    expected: "a grant for another principal or role: access.pipelinePrincipalId gets Key Vault Secrets User already (two assignments of one role to one principal collide)",
                    fix: "remove this entry",
                });
            }
        });
    return issues;
}

/** Every limit above, on raw config; called from `crossFieldIssues` (rules.ts). */
export function limitIssues(rawInput: unknown): Issue[] {
    const raw = asRecord(rawInput);
    const network = asRecord(asRecord(raw.vault).network);
    const devops = asRecord(raw.devops);
    return [
        ...textIssues(raw),
        ...tagIssues(raw),
        ...duplicateIpRules(network.ipRules, ["vault", "network", "ipRules"]),
        ...duplicateIpRules(devops.allowedIpRanges, ["devops", "allowedIpRanges"]),
        ...duplicateIds(network.subnetIds, ["vault", "network", "subnetIds"]),
        ...duplicateGrants(raw),
    ];
}
