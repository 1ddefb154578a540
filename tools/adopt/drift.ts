/*
 * Drift on adoption day: for every resource the plan imports (the `import` option, stack/adoption.ts), the inputs the
 * stack enforces once it owns the resource, next to what `az` showed when it was adopted (`adopt.observedVault`, written
 * by `npm run adopt`). Pulumi imports a resource whose inputs differ from its state and then updates it to the program's
 * inputs in the same `pulumi up` (https://www.pulumi.com/docs/iac/concepts/options/import/), so these are the changes
 * the first `up` makes to what the team has today. Adopted secrets are the exception: their properties and tags are
 * ignored (ADOPTED_SECRET_IGNORE_CHANGES), so nothing about them changes.
 */
import { ADOPTED_SECRET_IGNORE_CHANGES } from "../../stack/adoption";
import { mdCode, mdText } from "../plan/markdown";
import { flatten } from "../plan/render";
import type { PlannedResource } from "../plan/types";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});

/** One input the stack enforces on an adopted resource. */
export interface DriftLine {
    /** The input's path, e.g. `properties.enableRbacAuthorization`. */
    readonly path: string;
    /** What `az` showed, when recorded ("(not recorded)" otherwise). */
    readonly observed: string;
    /** What the stack sets. */
    readonly enforced: string;
    /** True when observed and enforced differ (or the observation is missing): the first `up` changes it. */
    readonly changes: boolean;
}

/** One adopted resource. */
export interface AdoptedResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly importId: string;
    readonly lines: readonly DriftLine[];
    /** Set when the stack never writes the resource's properties (adopted secrets). */
    readonly note?: string;
}

export const NOT_RECORDED = "(not recorded)";

const show = (v: unknown): string => (v === undefined ? "(none)" : typeof v === "string" ? v : JSON.stringify(v));

/** The vault inputs worth a reviewer's eye, with the `adopt.observedVault` key holding what az showed. */
const VAULT_FIELDS: ReadonlyArray<{ readonly path: string; readonly observed: string; readonly read: (p: Rec) => unknown }> = [
    { path: "properties.enableRbacAuthorization", observed: "enableRbacAuthorization", read: (p) => p.enableRbacAuthorization },
    { path: "properties.enablePurgeProtection", observed: "enablePurgeProtection", read: (p) => p.enablePurgeProtection },
    { path: "properties.enableSoftDelete", observed: "enableSoftDelete", read: (p) => p.enableSoftDelete },
    { path: "properties.softDeleteRetentionInDays", observed: "softDeleteRetentionInDays", read: (p) => p.softDeleteRetentionInDays },
    { path: "properties.publicNetworkAccess", observed: "publicNetworkAccess", read: (p) => p.publicNetworkAccess },
    { path: "properties.networkAcls.defaultAction", observed: "defaultAction", read: (p) => rec(p.networkAcls).defaultAction },
    { path: "properties.networkAcls.bypass", observed: "bypass", read: (p) => rec(p.networkAcls).bypass },
    {
        path: "properties.networkAcls.ipRules",
        observed: "ipRules",
        read: (p) => (Array.isArray(rec(p.networkAcls).ipRules) ? (rec(p.networkAcls).ipRules as unknown[]).map((r) => rec(r).value) : undefined),
    },
    {
        path: "properties.networkAcls.virtualNetworkRules",
        observed: "subnetIds",
        read: (p) => (Array.isArray(rec(p.networkAcls).virtualNetworkRules) ? (rec(p.networkAcls).virtualNetworkRules as unknown[]).map((r) => rec(r).id) : undefined),
    },
    { path: "properties.sku.name", observed: "sku", read: (p) => rec(p.sku).name },
    { path: "properties.enabledForDeployment", observed: "enabledForDeployment", read: (p) => p.enabledForDeployment },
    { path: "properties.enabledForDiskEncryption", observed: "enabledForDiskEncryption", read: (p) => p.enabledForDiskEncryption },
    { path: "properties.enabledForTemplateDeployment", observed: "enabledForTemplateDeployment", read: (p) => p.enabledForTemplateDeployment },
];

/** Same value, ignoring case for strings and order for lists (ARM returns both as it likes). */
function same(a: unknown, b: unknown): boolean {
    if (Array.isArray(a) && Array.isArray(b)) {
        const norm = (l: unknown[]): string[] => l.map((x) => show(x).toLowerCase()).sort();
        return JSON.stringify(norm(a)) === JSON.stringify(norm(b));
    }
    if (typeof a === "string" && typeof b === "string") {
        return a.toLowerCase() === b.toLowerCase();
    }
    return a === b;
}

/** Inputs not worth a line for Azure DevOps resources (identity, plumbing). */
const DEVOPS_NOISE = [/^projectId$/];

/**
 * Every imported resource of a plan and what the first `pulumi up` enforces on it. `adopt` is the stack's raw or
 * validated `adopt` config section (for `observedVault`).
 */
export function adoptionDrift(resources: readonly PlannedResource[], adopt: unknown): AdoptedResource[] {
    const observed = rec(rec(adopt).observedVault);
    const haveObservation = Object.keys(observed).length > 0;
    return resources
        .filter((r) => r.custom && r.importId !== undefined)
        .map((r) => {
            const base = { urn: r.urn, type: r.type, name: r.name, importId: r.importId ?? "" };
            if (r.type === "azure-native:keyvault:Vault") {
                const props = rec(r.inputs.properties);
                const lines = VAULT_FIELDS.map((f) => {
                    const enforced = f.read(props);
                    const seen = haveObservation ? observed[f.observed] : undefined;
                    const enforcedShown = f.path === "properties.enablePurgeProtection" && enforced === undefined ? "(unset: stays as it is)" : show(enforced);
                    const changes = !haveObservation || (enforced !== undefined && !same(seen ?? (Array.isArray(enforced) ? [] : undefined), enforced));
                    return { path: f.path, observed: haveObservation ? show(seen) : NOT_RECORDED, enforced: enforcedShown, changes };
                });
                return { ...base, lines };
            }
            if (r.type === "azure-native:keyvault:Secret") {
                return {
                    ...base,
                    lines: [],
                    note: `never written: ${ADOPTED_SECRET_IGNORE_CHANGES.join(" and ")} are ignored (no value, no new version; content type, expiry and tags stay as they are)`,
                };
            }
            if (r.type === "azuredevops:index/variableGroup:VariableGroup") {
                const seen = rec(rec(rec(adopt).observedVariableGroups)[typeof r.inputs.name === "string" ? r.inputs.name : ""]);
                if (Object.keys(seen).length > 0) {
                    return { ...base, lines: groupLines(r.inputs, seen) };
                }
            }
            const ignored = new Set(r.ignoreChanges ?? []);
            const lines = flatten(r.inputs)
                .filter(([path]) => path !== "" && !DEVOPS_NOISE.some((n) => n.test(path)) && !ignored.has(path.split(/[.[]/)[0] ?? ""))
                .map(([path, value]) => ({ path, observed: NOT_RECORDED, enforced: value, changes: true }));
            return { ...base, lines };
        });
}

/** A variable group's enforced inputs next to what `az pipelines variable-group show` reported. */
function groupLines(inputs: Rec, seen: Rec): DriftLine[] {
    const keyVault = rec(inputs.keyVault);
    const variables = Array.isArray(inputs.variables) ? (inputs.variables as unknown[]).map((v) => rec(v).name) : [];
    const line = (path: string, observed: unknown, enforced: unknown): DriftLine => ({
        path,
        observed: observed === undefined ? NOT_RECORDED : show(observed),
        enforced: show(enforced),
        changes: observed === undefined || !same(observed, enforced),
    });
    return [
        line("name", inputs.name, inputs.name),
        line("description", seen.description, inputs.description),
        line("keyVault.name", seen.vault, keyVault.name),
        line("keyVault.serviceEndpointId", seen.serviceEndpointId, keyVault.serviceEndpointId),
        line("variables", seen.variables, variables),
        line("allowAccess", undefined, inputs.allowAccess),
        line("keyVault.searchDepth", undefined, keyVault.searchDepth),
    ];
}

/** Text: one block per adopted resource. */
export function renderDriftText(adopted: readonly AdoptedResource[]): string {
    if (adopted.length === 0) {
        return "";
    }
    const lines = [`Adoption: ${adopted.length} existing resource(s) to import; what the first \`pulumi up\` enforces on them (drift on adoption day):`];
    for (const a of adopted) {
        lines.push(`  = import  ${a.type}  ${a.name}`, `      id: ${a.importId}`);
        if (a.note) {
            lines.push(`      ${a.note}`);
        }
        for (const l of a.lines) {
            lines.push(`      ${l.changes ? "~" : " "} ${l.path}: ${l.observed} → ${l.enforced}`);
        }
    }
    return lines.join("\n");
}

/** Markdown for a PR comment: a table per adopted resource. */
export function renderDriftMarkdown(adopted: readonly AdoptedResource[]): string {
    if (adopted.length === 0) {
        return "";
    }
    const lines = [`**Adoption:** ${adopted.length} existing resource(s) to import; what the first \`pulumi up\` enforces on them`, ""];
    for (const a of adopted) {
        lines.push(`#### import ${mdCode(a.type)} ${mdCode(a.name)}`, "", `ID: ${mdCode(a.importId)}`, "");
        if (a.note) {
            lines.push(mdText(a.note), "");
        }
        if (a.lines.length > 0) {
            lines.push("| Input | As adopted (az) | Enforced | Changes |", "|---|---|---|---|");
            for (const l of a.lines) {
                lines.push(`| ${mdCode(l.path, { table: true })} | ${mdCode(l.observed, { table: true })} | ${mdCode(l.enforced, { table: true })} | ${l.changes ? "yes" : "no"} |`);
            }
            lines.push("");
        }
    }
    return lines.join("\n");
}
