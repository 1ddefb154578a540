import { PlannedResource, PlanViolation } from "./types";
import { documentExtras, PlanResourceOptions, SECRET_PLACEHOLDER, urnName } from "./document";
import { mdCode, mdText } from "./markdown";
import { PreflightFinding, renderFindingsMarkdown } from "../preflight/render";

/** The plan document `--json` writes. */
export interface PlanDocument {
    readonly project: string;
    readonly stack: string;
    readonly resources: ReadonlyArray<{
        readonly urn: string;
        readonly type: string;
        readonly name: string;
        readonly parent?: string;
        readonly inputs: Record<string, unknown>;
        readonly dependencies: readonly string[];
        readonly protect: boolean;
        /** For replay (./document.ts); absent in plans written before they were recorded. */
        readonly custom?: boolean;
        /** The state the mocks returned, secrets as "[secret]". */
        readonly outputs?: Record<string, unknown>;
        readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
        readonly options?: PlanResourceOptions;
    }>;
    readonly outputs: Record<string, unknown>;
    readonly policies: { readonly violations: readonly PlanViolation[] };
    /** Preflight findings (tools/preflight/preflight.ts) for this project's stacks; absent for other programs and older plans. */
    readonly preflight?: readonly PreflightFinding[];
}

/** A preflight finding as the plan document carries it: `{ check, severity, path, found, expected, fix, why }`. */
export type { PreflightFinding } from "../preflight/render";

export function planDocument(
    project: string,
    stack: string,
    resources: readonly PlannedResource[],
    outputs: Record<string, unknown>,
    violations: readonly PlanViolation[],
    preflight?: readonly PreflightFinding[],
): PlanDocument {
    return {
        project,
        stack,
        resources: resources.map((r) => ({
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(r.parent ? { parent: r.parent } : {}),
            inputs: r.inputs,
            dependencies: r.dependencies,
            protect: r.protect,
            ...documentExtras(r),
        })),
        outputs,
        policies: { violations },
        ...(preflight ? { preflight } : {}),
    };
}

/** Leaf values of an input object as `a.b[0].c: value` lines. */
export function flatten(value: unknown, prefix = ""): Array<[string, string]> {
    if (Array.isArray(value)) {
        if (value.every((v) => v === null || typeof v !== "object")) {
            return [[prefix, `[${value.map((v) => JSON.stringify(v)).join(", ")}]`]];
        }
        return value.flatMap((v, i) => flatten(v, `${prefix}[${i}]`));
    }
    if (value !== null && typeof value === "object") {
        const entries = Object.entries(value as Record<string, unknown>);
        if (entries.length === 0) {
            return [[prefix, "{}"]];
        }
        return entries.flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
    }
    return [[prefix, typeof value === "string" ? value : JSON.stringify(value)]];
}

/** Inputs not worth a line in the tree: repeated on every resource, or only plumbing. */
const NOISE = [/^tags\./, /^keepers\./];

/** A readable tree of what would be created: type, name and the inputs that matter, children under parents. */
export function renderTree(resources: readonly PlannedResource[]): string {
    const children = new Map<string, PlannedResource[]>();
    const roots: PlannedResource[] = [];
    const known = new Set(resources.map((r) => r.urn));
    for (const r of resources) {
        if (r.parent && known.has(r.parent)) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        } else {
            roots.push(r);
        }
    }
    const lines: string[] = [];
    const walk = (r: PlannedResource, indent: string, last: boolean, root: boolean): void => {
        const branch = root ? "" : last ? "└─ " : "├─ ";
        const flags = [r.importId !== undefined ? `import ${r.importId}` : "", r.protect ? "protected" : "", r.custom ? "" : "component"].filter(Boolean);
        lines.push(`${indent}${branch}${r.type}  ${r.name}${flags.length ? `  (${flags.join(", ")})` : ""}`);
        const childIndent = root ? indent : indent + (last ? "   " : "│  ");
        const kids = children.get(r.urn) ?? [];
        if (r.custom) {
            const detailIndent = childIndent + (kids.length ? "│     " : "      ");
            for (const [key, value] of flatten(r.inputs)) {
                if (key && !NOISE.some((n) => n.test(key))) {
                    lines.push(`${detailIndent}${key}: ${value}`);
                }
            }
            const deps = r.dependencies.filter((d) => d !== r.parent).map(urnName);
            if (deps.length) {
                lines.push(`${detailIndent}depends on: ${deps.join(", ")}`);
            }
        }
        kids.forEach((k, i) => walk(k, childIndent, i === kids.length - 1, false));
    };
    roots.forEach((r) => walk(r, "", true, true));
    return lines.join("\n");
}

/** Counts by type, protected resources, outputs, and the policy verdict. */
export function renderSummary(
    project: string,
    stack: string,
    resources: readonly PlannedResource[],
    outputs: Record<string, unknown>,
    violations: readonly PlanViolation[],
): string {
    const custom = resources.filter((r) => r.custom);
    const byType = new Map<string, number>();
    for (const r of custom) {
        byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
    }
    const imported = custom.filter((r) => r.importId !== undefined).length;
    const adopting = imported > 0 ? `, ${imported} to import` : "";
    const lines = [`Plan for ${project}/${stack}: ${custom.length - imported} resources to create${adopting} (${resources.length - custom.length} components)`];
    for (const [type, count] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
        lines.push(`  ${String(count).padStart(3)}  ${type}`);
    }
    const protectedOnes = resources.filter((r) => r.protect).map((r) => r.name);
    lines.push(`Protected: ${protectedOnes.length ? protectedOnes.join(", ") : "none"}`);
    const secretCount = resources.reduce((n, r) => n + flatten(r.inputs).filter(([, v]) => v === SECRET_PLACEHOLDER).length, 0);
    lines.push(`Secret inputs: ${secretCount}, all shown as ${SECRET_PLACEHOLDER}`);
    lines.push("Outputs:");
    for (const [key, value] of Object.entries(outputs)) {
        lines.push(`  ${key}: ${typeof value === "string" ? value : JSON.stringify(value)}`);
    }
    lines.push(renderViolations(violations));
    return lines.join("\n");
}

/** Violations the way `pulumi preview` lists them: level, policy, resource, message. */
export function renderViolations(violations: readonly PlanViolation[]): string {
    if (violations.length === 0) {
        return "Policies: no violations";
    }
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`Policy violations: ${mandatory} mandatory, ${violations.length - mandatory} advisory`];
    for (const v of violations) {
        lines.push(`    [${v.enforcementLevel}]  ${v.policy}  (${v.urn ? urnName(v.urn) : "stack"})`);
        lines.push(`    ${v.message}`);
    }
    return lines.join("\n");
}

/** One resource of a plan document. */
export type PlanResource = PlanDocument["resources"][number];

/** The output formats of `npm run plan` (`--json` is `--format json`). */
export const PLAN_FORMATS = ["text", "json", "markdown", "mermaid"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/**
 * The URNs of component resources (and the root stack). A live plan knows (`custom: false`); a saved plan
 * document does not, so there a resource is a component when it is the stack or the parent of another resource.
 */
export function componentUrns(resources: ReadonlyArray<PlanResource & { readonly custom?: boolean }>): Set<string> {
    const components = new Set<string>();
    const known = resources.every((r) => typeof r.custom === "boolean");
    for (const r of resources) {
        if (known ? r.custom === false : r.type === "pulumi:pulumi:Stack") {
            components.add(r.urn);
        }
    }
    if (!known) {
        for (const r of resources) {
            if (r.parent !== undefined) {
                components.add(r.parent);
            }
        }
    }
    return components;
}

/**
 * Checks that a parsed JSON value has the shape of a plan document (what `--json` writes); returns it typed or
 * throws an error saying what is wrong.
 */
export function assertPlanDocument(value: unknown, source = "plan"): PlanDocument {
    const fail = (what: string): never => {
        throw new Error(`${source} is not a plan document (from \`npm run plan -- --json\`): ${what}`);
    };
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return fail("expected a JSON object");
    }
    const doc = value as Record<string, unknown>;
    if (typeof doc.project !== "string") fail("`project` must be a string");
    if (typeof doc.stack !== "string") fail("`stack` must be a string");
    if (!Array.isArray(doc.resources)) fail("`resources` must be an array");
    (doc.resources as unknown[]).forEach((r, i) => {
        const res = r as Record<string, unknown> | null;
        if (res === null || typeof res !== "object" || Array.isArray(res)) fail(`resources[${i}] must be an object`);
        const at = `resources[${i}]`;
        const rr = res as Record<string, unknown>;
        if (typeof rr.urn !== "string") fail(`${at}.urn must be a string`);
        if (typeof rr.type !== "string") fail(`${at}.type must be a string`);
        if (typeof rr.name !== "string") fail(`${at}.name must be a string`);
        if (rr.parent !== undefined && typeof rr.parent !== "string") fail(`${at}.parent must be a string`);
        if (rr.inputs === null || typeof rr.inputs !== "object" || Array.isArray(rr.inputs)) fail(`${at}.inputs must be an object`);
        if (!Array.isArray(rr.dependencies) || !rr.dependencies.every((d) => typeof d === "string")) fail(`${at}.dependencies must be an array of URNs`);
        if (rr.protect !== undefined && typeof rr.protect !== "boolean") fail(`${at}.protect must be a boolean`);
        if (rr.options !== undefined && (rr.options === null || typeof rr.options !== "object" || Array.isArray(rr.options))) fail(`${at}.options must be an object`);
        if (rr.outputs !== undefined && (rr.outputs === null || typeof rr.outputs !== "object" || Array.isArray(rr.outputs))) fail(`${at}.outputs must be an object`);
    });
    if (doc.outputs !== undefined && (doc.outputs === null || typeof doc.outputs !== "object")) fail("`outputs` must be an object");
    const policies = doc.policies as { violations?: unknown } | undefined;
    if (policies !== undefined && (policies === null || typeof policies !== "object" || !Array.isArray(policies.violations))) {
        fail("`policies.violations` must be an array");
    }
    return {
        ...(doc as unknown as PlanDocument),
        outputs: (doc.outputs as Record<string, unknown> | undefined) ?? {},
        policies: { violations: (policies?.violations as PlanDocument["policies"]["violations"] | undefined) ?? [] },
    };
}

/** Policy violations as Markdown (for a PR comment). */
export function renderViolationsMarkdown(violations: readonly PlanViolation[]): string {
    if (violations.length === 0) {
        return "**Policies:** no violations";
    }
    const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const lines = [`**Policy violations:** ${mandatory} mandatory, ${violations.length - mandatory} advisory`, ""];
    for (const v of violations) {
        // Every interpolated string through the one Markdown helper (tools/plan/markdown.ts): a policy message may carry
        // program or stack-file text (an unclosed `<!--` would hide the rest of the comment).
        lines.push(`- **${mdText(v.enforcementLevel)}** ${mdCode(v.policy)} (${mdCode(v.urn ? urnName(v.urn) : "stack")}): ${mdText(v.message)}`);
    }
    return lines.join("\n");
}

/** An empty plan of a stack: what a diff against "nothing deployed yet" starts from. */
export function emptyPlan(project: string, stack: string): PlanDocument {
    return { project, stack, resources: [], outputs: {}, policies: { violations: [] } };
}

/** Preflight findings as Markdown: one bullet per finding, errors first (the one formatter, tools/preflight/render.ts). */
export function renderPreflightMarkdown(findings: readonly PreflightFinding[]): string {
    return renderFindingsMarkdown(findings);
}
