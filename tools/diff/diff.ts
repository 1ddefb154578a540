/*
 * Credential-free preview diffs: what would change between two offline plans (`npm run plan -- --json`), the way
 * `pulumi preview --diff` would show it against a stack whose state is the older plan. Pure: no I/O.
 *
 * Resources are matched by URN (or, when a parent or type change moved the URN, by logical name). A matched
 * resource is replaced when an input the provider cannot change in place changed (REPLACE_RULES below) or its
 * parent or type changed; updated when any other input (or `protect`) changed, or its secret's source changed;
 * unchanged otherwise. Secrets stay "[secret]": the diff can only say that a secret's *source* changed (its
 * generating RandomPassword appeared, disappeared or is replaced, or its `source` tag changed), never the value.
 */
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../plan/document";
import { PlanDocument, PlanResource } from "../plan/render";
import { honourOptions, replaceOnChangesRule } from "./options";

/** `import`: a resource new to the stack that exists already and is adopted with the `import` option (stack/adoption.ts). */
export type DiffOp = "create" | "import" | "delete" | "update" | "replace";

/** One changed input leaf, as display strings ("(none)" when absent on that side). */
export interface InputChange {
    /** Dotted path, e.g. `properties.networkAcls.ipRules[2].value`; `(parent)`, `(type)`, `(protect)` for options (URNs as `type name`). */
    readonly path: string;
    readonly before: string;
    readonly after: string;
    /** This change alone forces a replacement. */
    readonly forcesReplace: boolean;
}

/** Where a Key Vault Secret's value comes from. */
export interface SecretSource {
    /** The secret's `source` tag (config | generate | external), else "generate" when it depends on a RandomPassword, else "config". */
    readonly kind: string;
    /** The generating RandomPassword's logical name, when there is one. */
    readonly generator?: string;
}

export interface ResourceChange {
    readonly op: DiffOp;
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    /** The old URN, when the resource's URN changed (its parent or type changed). */
    readonly previousUrn?: string;
    /** For update/replace: the inputs that changed. For create and import: every input (before "(none)"). Empty for delete. */
    readonly changes: readonly InputChange[];
    /** For replace: the paths that force it. */
    readonly replaceReasons: readonly string[];
    /** For a Key Vault Secret whose value source changed (or whose generated value is regenerated). */
    readonly secretSource?: { readonly before?: SecretSource; readonly after?: SecretSource; readonly note?: string };
}

export interface PlanDiff {
    readonly before: { readonly project: string; readonly stack: string };
    readonly after: { readonly project: string; readonly stack: string };
    /** Creates, updates and replaces in the new plan's order, then deletes in the old plan's order. */
    readonly changes: readonly ResourceChange[];
    /** `import` only when the plan adopts resources (absent otherwise, so diffs without adoption keep their shape). */
    readonly counts: { readonly create: number; readonly import?: number; readonly update: number; readonly replace: number; readonly delete: number; readonly unchanged: number };
}

/**
 * Inputs a change of which makes the provider delete and re-create the resource (its identity), by type. `*` as
 * the type suffix matches a whole provider; `*` as a path matches every input. Deliberately small: the identity of
 * each resource this stack manages (the name segments of its ARM ID), not a full provider schema.
 */
export const REPLACE_RULES: ReadonlyArray<{ readonly type: string; readonly paths: readonly string[]; readonly why: string }> = [
    { type: "azure-native:*", paths: ["location", "resourceGroupName"], why: "an ARM resource cannot move region or resource group" },
    { type: "azure-native:keyvault:Vault", paths: ["vaultName"], why: "the vault name is its identity" },
    { type: "azure-native:keyvault:Secret", paths: ["vaultName", "secretName"], why: "the secret's vault and name are its identity" },
    { type: "azure-native:keyvault:Key", paths: ["vaultName", "keyName"], why: "the key's vault and name are its identity" },
    {
        type: "azure-native:authorization:RoleAssignment",
        paths: ["scope", "principalId", "roleDefinitionId", "roleAssignmentName"],
        why: "role assignments are immutable",
    },
    { type: "azure-native:authorization:ManagementLockByScope", paths: ["scope", "lockName"], why: "the lock's scope and name are its identity" },
    { type: "azure-native:operationalinsights:Workspace", paths: ["workspaceName"], why: "the workspace name is its identity" },
    { type: "azure-native:monitor:DiagnosticSetting", paths: ["name", "resourceUri"], why: "the setting's name and target are its identity" },
    { type: "azure-native:managedidentity:UserAssignedIdentity", paths: ["resourceName"], why: "the identity name is its identity" },
    {
        type: "azure-native:managedidentity:FederatedIdentityCredential",
        paths: ["resourceName", "federatedIdentityCredentialResourceName"],
        why: "the credential's identity and name are its identity",
    },
    { type: "azuredevops:*", paths: ["projectId"], why: "an Azure DevOps resource cannot move project" },
    { type: "random:*", paths: ["*"], why: "every random resource input forces a new value" },
];

const KEY_VAULT_SECRET = "azure-native:keyvault:Secret";
const RANDOM_PASSWORD = "random:index/randomPassword:RandomPassword";
export const NONE = "(none)";

function typeMatches(pattern: string, type: string): boolean {
    return pattern.endsWith(":*") ? type.startsWith(pattern.slice(0, -1)) : pattern === type;
}

/** The rule paths that make a change of `path` on a resource of `type` a replacement (empty: updatable in place). */
export function replacingRule(type: string, path: string): string | undefined {
    for (const rule of REPLACE_RULES) {
        if (!typeMatches(rule.type, type)) {
            continue;
        }
        for (const p of rule.paths) {
            if (p === "*" || path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`)) {
                return p === "*" ? path.replace(/[.[].*$/, "") : p;
            }
        }
    }
    return undefined;
}

/** A value as the diff shows it: JSON, except the secret and unknown placeholders. */
export function formatValue(value: unknown): string {
    if (value === undefined) {
        return NONE;
    }
    if (value === SECRET_PLACEHOLDER || value === UNKNOWN_PLACEHOLDER) {
        return value;
    }
    return JSON.stringify(value);
}

/** How deep inputs may nest: far beyond any provider schema, far below the call stack's limit. */
export const MAX_INPUT_DEPTH = 200;

/**
 * Leaf values by path: objects by key, arrays of scalars as one value, arrays of objects by index. Throws on inputs
 * nested deeper than MAX_INPUT_DEPTH (a crafted plan must not crash the diff with a stack overflow: issue 15, item 10).
 */
export function leaves(value: unknown, prefix = "", out = new Map<string, unknown>(), depth = 0): Map<string, unknown> {
    if (depth > MAX_INPUT_DEPTH) {
        throw new Error(`inputs nested deeper than ${MAX_INPUT_DEPTH} levels at ${prefix.slice(0, 120)}${prefix.length > 120 ? "…" : ""}: not a plan this tool wrote`);
    }
    if (Array.isArray(value)) {
        if (value.length === 0 || value.every((v) => v === null || typeof v !== "object")) {
            out.set(prefix, value);
        } else {
            value.forEach((v, i) => leaves(v, `${prefix}[${i}]`, out, depth + 1));
        }
    } else if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0 && prefix) {
            out.set(prefix, {});
        }
        for (const [k, v] of entries) {
            leaves(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
        }
    } else if (prefix) {
        out.set(prefix, value);
    }
    return out;
}

function sameValue(a: unknown, b: unknown): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
}

/** The changed leaves between two input objects, in the new inputs' order, then paths only the old ones have. */
export function inputChanges(type: string, before: Record<string, unknown>, after: Record<string, unknown>): InputChange[] {
    const b = leaves(before);
    const a = leaves(after);
    const changes: InputChange[] = [];
    const push = (path: string): void => {
        const bv = b.get(path);
        const av = a.get(path);
        if (b.has(path) && a.has(path) && sameValue(bv, av)) {
            return;
        }
        changes.push({ path, before: formatValue(bv), after: formatValue(av), forcesReplace: replacingRule(type, path) !== undefined });
    };
    for (const path of a.keys()) {
        push(path);
    }
    for (const path of b.keys()) {
        if (!a.has(path)) {
            push(path);
        }
    }
    return changes;
}

function byUrn(doc: PlanDocument): Map<string, PlanResource> {
    return new Map(doc.resources.map((r) => [r.urn, r]));
}

/** A Key Vault Secret's value source in a plan (undefined for any other resource). */
export function secretSource(resource: PlanResource, plan: ReadonlyMap<string, PlanResource>): SecretSource | undefined {
    if (resource.type !== KEY_VAULT_SECRET) {
        return undefined;
    }
    const generator = resource.dependencies.map((d) => plan.get(d)).find((d) => d?.type === RANDOM_PASSWORD);
    const tags = resource.inputs.tags as Record<string, unknown> | undefined;
    const tag = typeof tags?.source === "string" ? tags.source : undefined;
    return { kind: tag ?? (generator ? "generate" : "config"), ...(generator ? { generator: generator.name } : {}) };
}

/** How a secret source reads in a diff: `generate (RandomPassword x-value)`, `config`. */
export function describeSource(source: SecretSource | undefined): string {
    if (!source) {
        return NONE;
    }
    return source.generator ? `${source.kind} (RandomPassword ${source.generator})` : source.kind;
}

/** `urn:pulumi:<stack>::<project>`: resources of another stack or project are never the same resource. */
function urnScope(urn: string): string {
    return urn.split("::").slice(0, 2).join("::");
}

/**
 * Pairs each resource of the new plan with its old self: same URN; else an old resource whose URN the new one names
 * in its `aliases` option (as the engine does: https://www.pulumi.com/docs/iac/concepts/options/aliases/); else, for a
 * resource whose URN changed because its parent (or type) changed, the one unmatched old resource of the same stack and project with the same logical
 * name and type (or, failing that, the same name). Pulumi without an alias would see a create and a delete there;
 * the diff shows one replacement, with the parent change as its reason.
 */
function pairResources(before: PlanDocument, after: PlanDocument): Map<string, PlanResource> {
    const old = byUrn(before);
    const pairs = new Map<string, PlanResource>();
    const unmatchedNew = after.resources.filter((r) => {
        const prev = old.get(r.urn);
        if (prev) {
            pairs.set(r.urn, prev);
        }
        return !prev;
    });
    const newUrns = new Set(after.resources.map((r) => r.urn));
    const unmatchedOld = before.resources.filter((r) => !newUrns.has(r.urn));
    const taken = new Set<string>();
    for (const r of unmatchedNew) {
        const aliased = unmatchedOld.find((o) => !taken.has(o.urn) && (r.options?.aliases ?? []).includes(o.urn));
        if (aliased) {
            pairs.set(r.urn, aliased);
            taken.add(aliased.urn);
        }
    }
    for (const sameType of [true, false]) {
        for (const r of unmatchedNew) {
            if (pairs.has(r.urn)) {
                continue;
            }
            const fits = (o: PlanResource): boolean =>
                !taken.has(o.urn) && o.name === r.name && (!sameType || o.type === r.type) && urnScope(o.urn) === urnScope(r.urn);
            const candidates = unmatchedOld.filter(fits);
            const rivals = unmatchedNew.filter(
                (n) => !pairs.has(n.urn) && n.name === r.name && (!sameType || n.type === r.type) && urnScope(n.urn) === urnScope(r.urn),
            );
            if (candidates.length === 1 && rivals.length === 1) {
                pairs.set(r.urn, candidates[0] as PlanResource);
                taken.add((candidates[0] as PlanResource).urn);
            }
        }
    }
    return pairs;
}

/** A URN as `type name` (the last type of its parent chain). */
export function shortUrn(urn: string): string {
    const parts = urn.split("::");
    if (parts.length < 4) {
        return urn;
    }
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    return `${type} ${parts.slice(3).join("::")}`;
}

/** Compares two plans of (usually) the same stack: what `pulumi up` would do to go from `before` to `after`. */
export function diffPlans(before: PlanDocument, after: PlanDocument): PlanDiff {
    const old = byUrn(before);
    const neu = byUrn(after);
    const pairs = pairResources(before, after);
    const changes: ResourceChange[] = [];
    let unchanged = 0;
    const ops = new Map<string, DiffOp>();

    // First pass: every resource's own verdict (a Secret's may then depend on its generator's).
    const firstPass = after.resources.map((r) => {
        const prev = pairs.get(r.urn);
        if (!prev) {
            // New to the stack: created, or adopted when the program gives the `import` option (Pulumi's `=` import step).
            const op: DiffOp = r.options?.import !== undefined ? "import" : "create";
            ops.set(r.urn, op);
            return { r, prev, op, changes: inputChanges(r.type, {}, r.inputs), reasons: [] as string[] };
        }
        // The resource's ignoreChanges/replaceOnChanges, as the engine applies them (./options.ts).
        const changed = honourOptions(r, inputChanges(r.type, prev.inputs, r.inputs));
        const reasons = [...new Set(changed.filter((c) => c.forcesReplace).map((c) => replacingRule(r.type, c.path) ?? replaceOnChangesRule(r, c.path) ?? c.path))];
        const options: InputChange[] = [];
        // Under an alias the engine moves the resource to its new URN in place: a new parent alone replaces nothing.
        const aliased = prev.urn !== r.urn && (r.options?.aliases ?? []).includes(prev.urn);
        if ((prev.parent ?? "") !== (r.parent ?? "")) {
            options.push({ path: "(parent)", before: prev.parent ? shortUrn(prev.parent) : NONE, after: r.parent ? shortUrn(r.parent) : NONE, forcesReplace: !aliased });
            if (!aliased) {
                reasons.unshift("(parent)");
            }
        }
        if (prev.type !== r.type) {
            options.push({ path: "(type)", before: prev.type, after: r.type, forcesReplace: true });
            reasons.unshift("(type)");
        }
        if (Boolean(prev.protect) !== Boolean(r.protect)) {
            options.push({ path: "(protect)", before: String(Boolean(prev.protect)), after: String(Boolean(r.protect)), forcesReplace: false });
        }
        const all = [...options, ...changed];
        const op: DiffOp | undefined = reasons.length > 0 ? "replace" : all.length > 0 ? "update" : undefined;
        if (op) {
            ops.set(r.urn, op);
        }
        return { r, prev, op, changes: all, reasons };
    });

    for (const { r, prev, op, changes: inputs, reasons } of firstPass) {
        let finalOp = op;
        let source: ResourceChange["secretSource"];
        if (r.type === KEY_VAULT_SECRET) {
            const afterSource = secretSource(r, neu);
            const beforeSource = prev ? secretSource(prev, old) : undefined;
            if (!prev) {
                source = { after: afterSource };
            } else if (beforeSource?.kind !== afterSource?.kind || beforeSource?.generator !== afterSource?.generator) {
                source = { before: beforeSource, after: afterSource };
                finalOp ??= "update";
            } else if (afterSource?.generator) {
                const generatorUrn = r.dependencies.find((d) => neu.get(d)?.type === RANDOM_PASSWORD);
                const generatorOp = generatorUrn ? ops.get(generatorUrn) : undefined;
                if (generatorOp === "replace" || generatorOp === "create") {
                    const verb = generatorOp === "create" ? "created" : "replaced";
                    source = { before: beforeSource, after: afterSource, note: `new value: RandomPassword ${afterSource.generator} is ${verb}` };
                    finalOp ??= "update";
                }
            }
        }
        if (!finalOp) {
            unchanged++;
            continue;
        }
        changes.push({
            op: finalOp,
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(prev && prev.urn !== r.urn ? { previousUrn: prev.urn } : {}),
            changes: inputs,
            replaceReasons: finalOp === "replace" ? reasons : [],
            ...(source ? { secretSource: source } : {}),
        });
    }
    const paired = new Set([...pairs.values()].map((p) => p.urn));
    for (const r of before.resources) {
        if (!paired.has(r.urn)) {
            const source = secretSource(r, old);
            changes.push({ op: "delete", urn: r.urn, type: r.type, name: r.name, changes: [], replaceReasons: [], ...(source ? { secretSource: { before: source } } : {}) });
        }
    }
    const count = (op: DiffOp): number => changes.filter((c) => c.op === op).length;
    return {
        before: { project: before.project, stack: before.stack },
        after: { project: after.project, stack: after.stack },
        changes,
        counts: { create: count("create"), ...(count("import") > 0 ? { import: count("import") } : {}), update: count("update"), replace: count("replace"), delete: count("delete"), unchanged },
    };
}

/** Whether the diff changes anything. */
export function hasChanges(diff: PlanDiff): boolean {
    return diff.changes.length > 0;
}
