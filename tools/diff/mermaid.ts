/*
 * A plan's resources and dependencies as a Mermaid flowchart: components (not the root stack) as subgraphs, nested
 * as they are parented; custom resources as nodes labelled `type name`; an edge `A --> B` when B depends on A
 * (so arrows follow creation order), except B's dependency on its own parent. Deterministic: nodes in registration
 * order, IDs from logical names, edges in the order of the dependent's dependencies.
 */
import type { DiffOp, PlanDiff } from "./diff";
import { componentUrns, PlanResource } from "../plan/render";

type MermaidResource = PlanResource & { readonly custom?: boolean };

export const DIAGRAM_START = "<!-- diagram:start -->";
export const DIAGRAM_END = "<!-- diagram:end -->";

/** A Mermaid-safe identifier from a logical name (letters, digits, underscores). */
function slug(name: string): string {
    return name.replace(/[^A-Za-z0-9]+/g, "_").replace(/^_+|_+$/g, "") || "r";
}

/** A label in double quotes: Mermaid's entity codes for the characters that would end or break it. */
function label(text: string): string {
    return `"${text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;")}"`;
}

/** Unique node IDs: `r_<name>` for resources, `c_<name>` for components; `_2`, `_3`… on a collision. */
function assignIds(resources: readonly MermaidResource[], components: ReadonlySet<string>): Map<string, string> {
    const ids = new Map<string, string>();
    const used = new Set<string>();
    for (const r of resources) {
        const base = `${components.has(r.urn) ? "c" : "r"}_${slug(r.name)}`;
        let id = base;
        for (let n = 2; used.has(id); n++) {
            id = `${base}_${n}`;
        }
        used.add(id);
        ids.set(r.urn, id);
    }
    return ids;
}

export interface MermaidOptions {
    /** Highlight what a diff would do to each resource (created, updated, replaced); deletions are listed in a comment. */
    readonly diff?: PlanDiff;
    /** `LR` (default) or `TD`. */
    readonly direction?: "LR" | "TD";
}

const CLASS_STYLES: Readonly<Record<Exclude<DiffOp, "delete">, string>> = {
    create: "fill:#e6ffed,stroke:#2da44e",
    import: "fill:#ddf4ff,stroke:#0969da",
    update: "fill:#fff8c5,stroke:#bf8700",
    replace: "fill:#ffebe9,stroke:#cf222e",
};

/** The Mermaid source (no code fence) of a plan's resource graph. */
export function renderMermaid(resources: readonly MermaidResource[], options: MermaidOptions = {}): string {
    const components = componentUrns(resources);
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const drawn = resources.filter((r) => r.urn !== root);
    const ids = assignIds(drawn, components);
    const children = new Map<string, MermaidResource[]>();
    const topLevel: MermaidResource[] = [];
    for (const r of drawn) {
        if (r.parent && r.parent !== root && ids.has(r.parent)) {
            const list = children.get(r.parent) ?? [];
            list.push(r);
            children.set(r.parent, list);
        } else {
            topLevel.push(r);
        }
    }

    const lines = [`graph ${options.direction ?? "LR"}`];
    const emit = (r: MermaidResource, indent: string): void => {
        const id = ids.get(r.urn) as string;
        if (components.has(r.urn)) {
            lines.push(`${indent}subgraph ${id}[${label(`${r.type} ${r.name}`)}]`);
            for (const child of children.get(r.urn) ?? []) {
                emit(child, `${indent}  `);
            }
            lines.push(`${indent}end`);
        } else {
            lines.push(`${indent}${id}[${label(`${r.type} ${r.name}`)}]`);
        }
    };
    for (const r of topLevel) {
        emit(r, "  ");
    }
    for (const r of drawn) {
        const to = ids.get(r.urn) as string;
        for (const dep of r.dependencies) {
            const from = ids.get(dep);
            if (dep !== r.parent && from !== undefined && from !== to) {
                lines.push(`  ${from} --> ${to}`);
            }
        }
    }

    if (options.diff) {
        const byOp = new Map<string, string[]>();
        const deleted: string[] = [];
        for (const change of options.diff.changes) {
            if (change.op === "delete") {
                deleted.push(`${change.type} ${change.name}`);
                continue;
            }
            const id = ids.get(change.urn);
            if (id !== undefined && !components.has(change.urn)) {
                const list = byOp.get(change.op) ?? [];
                list.push(id);
                byOp.set(change.op, list);
            }
        }
        for (const op of ["create", "import", "update", "replace"] as const) {
            const list = byOp.get(op);
            if (list?.length) {
                lines.push(`  classDef ${op} ${CLASS_STYLES[op]}`);
                lines.push(`  class ${list.join(",")} ${op}`);
            }
        }
        for (const d of deleted) {
            lines.push(`  %% deleted: ${d}`);
        }
    }
    return lines.join("\n");
}

/** The README block for a diagram: the markers around a fenced `mermaid` block. */
export function diagramBlock(mermaid: string): string {
    return `${DIAGRAM_START}\n\`\`\`mermaid\n${mermaid}\n\`\`\`\n${DIAGRAM_END}`;
}

/** The text between the markers (markers included), or undefined when the document has no (well-ordered) markers. */
export function findDiagramBlock(markdown: string): { start: number; end: number; block: string } | undefined {
    const start = markdown.indexOf(DIAGRAM_START);
    const endMarker = start < 0 ? -1 : markdown.indexOf(DIAGRAM_END, start + DIAGRAM_START.length);
    if (start < 0 || endMarker < 0) {
        return undefined;
    }
    const end = endMarker + DIAGRAM_END.length;
    return { start, end, block: markdown.slice(start, end) };
}

/** The document with the block between the markers replaced (throws when the markers are missing). */
export function replaceDiagramBlock(markdown: string, mermaid: string): string {
    const found = findDiagramBlock(markdown);
    if (!found) {
        throw new Error(`no ${DIAGRAM_START} … ${DIAGRAM_END} markers`);
    }
    return markdown.slice(0, found.start) + diagramBlock(mermaid) + markdown.slice(found.end);
}

/**
 * The component-level view: one node per top-level component (and per custom resource directly under the stack, but
 * not the provider instances: plumbing, not parts of the architecture), labelled `Type name` with the type's last
 * segment; an edge `A --> B` when anything inside B depends on anything inside A. About ten boxes for a stack, where
 * the resource graph has a hundred lines.
 */
export function renderComponentMermaid(resources: readonly MermaidResource[], direction: "LR" | "TD" = "LR"): string {
    const components = componentUrns(resources);
    const root = resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const topOf = (urn: string): string | undefined => {
        let current = byUrn.get(urn);
        const seen = new Set<string>();
        while (current && current.parent && current.parent !== root && byUrn.has(current.parent) && !seen.has(current.urn)) {
            seen.add(current.urn);
            current = byUrn.get(current.parent);
        }
        return current && current.urn !== root ? current.urn : undefined;
    };
    const tops = resources.filter((r) => r.urn !== root && !r.type.startsWith("pulumi:providers:") && topOf(r.urn) === r.urn);
    const ids = assignIds(tops, components);
    const lines = [`graph ${direction}`];
    for (const r of tops) {
        const shortType = r.type.split(":").pop()?.split("/").pop() ?? r.type;
        lines.push(`  ${ids.get(r.urn) as string}[${label(`${shortType} ${r.name}`)}]`);
    }
    const edges = new Set<string>();
    for (const r of resources) {
        const to = topOf(r.urn);
        for (const dep of r.dependencies) {
            const from = topOf(dep);
            if (to !== undefined && from !== undefined && from !== to && ids.has(from) && ids.has(to)) {
                const edge = `  ${ids.get(from) as string} --> ${ids.get(to) as string}`;
                if (!edges.has(edge)) {
                    edges.add(edge);
                    lines.push(edge);
                }
            }
        }
    }
    return lines.join("\n");
}
