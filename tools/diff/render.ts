/*
 * A plan diff (./diff.ts) as text for a terminal and as Markdown for a pull-request comment. Pure: no I/O.
 */
import { SECRET_PLACEHOLDER } from "../plan/document";
import { mdCode, mdText } from "../plan/markdown";
import { describeSource, DiffOp, InputChange, PlanDiff, ResourceChange } from "./diff";

const SYMBOL: Readonly<Record<DiffOp, string>> = { create: "+", import: "=", delete: "-", update: "~", replace: "+-" };

/** Created or imported: new to the stack, its inputs shown as values rather than before → after. */
function isNew(op: DiffOp): boolean {
    return op === "create" || op === "import";
}

/** Inputs of a created resource not worth a line: repeated on every resource (tags) or plumbing (keepers). */
const CREATE_NOISE = [/^tags\./, /^keepers\./];

function stackLabel(side: { project: string; stack: string }): string {
    return `${side.project}/${side.stack}`;
}

/** What the diff is against, for its heading (e.g. `main (1a2b3c4)` or `plans/staging.json`). */
export interface DiffRenderOptions {
    readonly against?: string;
}

function title(diff: PlanDiff): string {
    const b = stackLabel(diff.before);
    const a = stackLabel(diff.after);
    return b === a ? a : `${b} → ${a}`;
}

/** The summary line: `2 to create, 1 to update, 0 to replace, 0 to delete, 30 unchanged`. */
export function summaryLine(diff: PlanDiff): string {
    const c = diff.counts;
    // `to import` only when there is one, so plans without adoption read as before.
    return `${c.create} to create, ${c.import ? `${c.import} to import, ` : ""}${c.update} to update, ${c.replace} to replace, ${c.delete} to delete, ${c.unchanged} unchanged`;
}

function visibleChanges(change: ResourceChange): readonly InputChange[] {
    return isNew(change.op) ? change.changes.filter((c) => !CREATE_NOISE.some((n) => n.test(c.path))) : change.changes;
}

/**
 * Text, like `pulumi preview --diff`: one line per changed resource (`+ create`, `- delete`, `~ update`,
 * `+- replace`), its changed inputs indented as `path: before → after` (a created resource's as `path: value`).
 */
export function renderDiffText(diff: PlanDiff, options: DiffRenderOptions = {}): string {
    const lines = [`Diff for ${title(diff)}${options.against ? ` against ${options.against}` : ""}:`];
    if (diff.changes.length === 0) {
        lines.push("  no changes");
    }
    for (const change of diff.changes) {
        const reasons = change.replaceReasons.length ? `  (replace: ${change.replaceReasons.join(", ")} changed)` : "";
        lines.push(`${SYMBOL[change.op].padStart(2)} ${change.op.padEnd(7)}  ${change.type}  ${change.name}${reasons}`);
        for (const c of visibleChanges(change)) {
            const mark = c.forcesReplace && change.op === "replace" ? "  [forces replace]" : "";
            lines.push(isNew(change.op) ? `        ${c.path}: ${c.after}` : `        ${c.path}: ${c.before} → ${c.after}${mark}`);
        }
        const src = change.secretSource;
        if (src && change.op !== "delete") {
            if (isNew(change.op)) {
                lines.push(`        secret source: ${describeSource(src.after)}`);
            } else if (src.note) {
                lines.push(`        secret value: [secret] (${src.note})`);
            } else {
                lines.push(`        secret source: ${describeSource(src.before)} → ${describeSource(src.after)}`);
            }
        }
    }
    lines.push(`Resources: ${summaryLine(diff)}`);
    return lines.join("\n");
}

/** A Markdown code span that survives any content, also inside a table cell (the one helper: tools/plan/markdown.ts). */
export function code(value: string): string {
    return mdCode(value, { table: true });
}

/** Markdown for a PR comment: a summary table, a table of changed resources, and per-resource input tables. */
export function renderDiffMarkdown(diff: PlanDiff, options: DiffRenderOptions = {}): string {
    const c = diff.counts;
    const lines = [
        `### Plan diff for ${code(title(diff))}${options.against ? ` against ${code(options.against)}` : ""}`,
        "",
        ...(c.import
            ? ["| Create | Import | Update | Replace | Delete | Unchanged |", "|---:|---:|---:|---:|---:|---:|", `| ${c.create} | ${c.import} | ${c.update} | ${c.replace} | ${c.delete} | ${c.unchanged} |`]
            : ["| Create | Update | Replace | Delete | Unchanged |", "|---:|---:|---:|---:|---:|", `| ${c.create} | ${c.update} | ${c.replace} | ${c.delete} | ${c.unchanged} |`]),
    ];
    if (diff.changes.length === 0) {
        lines.push("", "No changes.");
        return lines.join("\n");
    }
    lines.push("", "| | Action | Type | Name |", "|---|---|---|---|");
    for (const change of diff.changes) {
        lines.push(`| ${code(SYMBOL[change.op])} | ${mdText(change.op)} | ${code(change.type)} | ${code(change.name)} |`);
    }
    const detailed = diff.changes.filter((ch) => ch.op !== "delete");
    if (detailed.length > 0) {
        lines.push("", "<details><summary>Changed inputs</summary>", "");
        for (const change of detailed) {
            const rows = visibleChanges(change);
            const src = change.secretSource;
            if (rows.length === 0 && !src) {
                continue; // a component: nothing to show
            }
            const reasons = change.replaceReasons.length ? ` — replaced because ${change.replaceReasons.map(code).join(", ")} changed` : "";
            lines.push(`#### ${mdText(change.op)} ${code(change.type)} ${code(change.name)}${reasons}`, "");
            if (isNew(change.op)) {
                lines.push("| Input | Value |", "|---|---|");
                for (const r of rows) {
                    lines.push(`| ${code(r.path)} | ${code(r.after)} |`);
                }
                if (src) {
                    lines.push(`| secret source | ${code(describeSource(src.after))} |`);
                }
            } else {
                lines.push("| Input | Before | After |", "|---|---|---|");
                for (const r of rows) {
                    lines.push(`| ${code(r.path)}${r.forcesReplace && change.op === "replace" ? " (forces replace)" : ""} | ${code(r.before)} | ${code(r.after)} |`);
                }
                if (src?.note) {
                    lines.push(`| secret value | ${code(SECRET_PLACEHOLDER)} | ${code(SECRET_PLACEHOLDER)} (${mdText(src.note)}) |`);
                } else if (src) {
                    lines.push(`| secret source | ${code(describeSource(src.before))} | ${code(describeSource(src.after))} |`);
                }
            }
            lines.push("");
        }
        lines.push("</details>");
    }
    return lines.join("\n");
}
