/*
 * The one formatter of preflight findings: text (`npm run preflight`, `npm run plan`), Markdown (`npm run plan --
 * --format markdown`, PR comments) and JSON (`--json` of both). A finding is data, `{ check, severity, path, found,
 * expected, fix, why }`; its headline is composed here only, in the one-line shape of a config problem
 * (`renderProblem`, stack/config/problems.ts), and nothing reads a rendered finding back.
 */
import { renderProblem } from "../../stack/config/problems";
import { mdText } from "../plan/markdown";

export type Severity = "error" | "warning" | "info";

/** A preflight finding as data: what `--json` writes, and what the plan document's `preflight` array holds. */
export interface PreflightFinding {
    /** The check that found it (PREFLIGHT_CHECKS in ./preflight.ts). */
    readonly check: string;
    readonly severity: Severity;
    /**
     * The config key to change, in the `pulumi config set --path` form (`devops.variableGroups[0].secrets[1]`): the
     * key at fault, or for a finding about several keys or about the plan, the most specific key that covers them.
     */
    readonly path: string;
    /** What the config or the plan has there: a value as JSON or a short phrase; never a secret's value. */
    readonly found: string;
    /** What is required. */
    readonly expected: string;
    /** How to fix it: a command where there is one; may span lines. */
    readonly fix: string;
    /** What it breaks and why (the symptoms `docs/troubleshooting.md` indexes); may span lines. */
    readonly why: string;
}

/** The finding with its fields in the documented order (`--json`, the plan document's `preflight`). */
export function findingJson<F extends PreflightFinding>(f: F): F {
    return { check: f.check, severity: f.severity, path: f.path, found: f.found, expected: f.expected, fix: f.fix, why: f.why } as F;
}

/** One line: the check, then the config problem's shape, "check `path`: found X; must be Y" (the fix follows apart). */
export function findingHeadline(f: PreflightFinding): string {
    return `${f.check} ${renderProblem({ path: f.path, found: f.found, expected: f.expected, fix: "" })}`;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const bySeverity = <F extends PreflightFinding>(findings: readonly F[]): F[] => [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
const summary = (findings: readonly PreflightFinding[]): string => {
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    return `${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("info"), "note")}`;
};

/** Text report: a summary line, then each finding (errors first): its headline, why, and fix. */
export function renderFindings(findings: readonly PreflightFinding[], title: string): string {
    const lines = [`${title}: ${summary(findings)}.`];
    for (const f of bySeverity(findings)) {
        lines.push("", `${f.severity}: ${findingHeadline(f)}`);
        lines.push(...f.why.split("\n").map((l) => `  ${l}`));
        const [first, ...rest] = f.fix.split("\n");
        lines.push(`  Fix: ${first ?? ""}`, ...rest.map((l) => `    ${l}`));
    }
    return lines.join("\n");
}

/**
 * Markdown (a PR comment): one bullet per finding, errors first, with the text report's headline and the fix. Every
 * field goes through `mdText` (tools/plan/markdown.ts): a variable group's name comes from a stack file a pull request
 * may edit, and line breaks become spaces, so each finding stays one list item.
 */
export function renderFindingsMarkdown(findings: readonly PreflightFinding[]): string {
    if (findings.length === 0) {
        return "**Preflight:** no findings";
    }
    const lines = [`**Preflight:** ${summary(findings)}`, ""];
    for (const f of bySeverity(findings)) {
        lines.push(`- **${mdText(f.severity)}** ${mdText(findingHeadline(f))}. Fix: ${mdText(f.fix)}`);
    }
    return lines.join("\n");
}
