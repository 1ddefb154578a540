/*
 * The deployability rule set as the plan CLI shows it: findings for an evaluated program (and its diff), in text
 * and Markdown. `npm run plan` prints them after the policy verdict, puts them in `--json` as `deployability`, and
 * exits 1 when there is any.
 */
import { renderProblem } from "../../stack/config/problems";
import { urnName } from "../plan/document";
import { mdCode, mdText } from "../plan/markdown";
import type { EvaluatedProgram } from "../plan/evaluate";
import { deployabilityFindings, DeployabilityFinding, DeployabilityResource, preexistingSecretsFromConfig } from "./rules";

export type { DeployabilityFinding } from "./rules";

/** Findings of one plan; with a diff, also those of its deletes and replaces (`before` is the older plan's resources). */
export function planDeployability(
    evaluated: Pick<EvaluatedProgram, "project" | "resources" | "invokes" | "files">,
    diff?: { readonly changes: ReadonlyArray<{ readonly op: "create" | "import" | "update" | "replace" | "delete"; readonly urn: string }> },
    before?: readonly DeployabilityResource[],
): DeployabilityFinding[] {
    return deployabilityFindings({
        resources: evaluated.resources,
        invokes: evaluated.invokes,
        preexistingSecrets: preexistingSecretsFromConfig(evaluated.files.config, evaluated.project),
        ...(diff ? { changes: diff.changes } : {}),
        ...(before ? { before } : {}),
    });
}

/** One line: "`path`: found X; must be Y", the config problem's shape (stack/config/problems.ts), for text and Markdown. */
export function deployabilityHeadline(f: DeployabilityFinding): string {
    return renderProblem({ path: f.path, found: f.found, expected: f.expected, fix: "" });
}

/** Findings as text, one block each: rule, resource, the headline, what the API does, the fix and the source. */
export function renderDeployabilityText(findings: readonly DeployabilityFinding[]): string {
    if (findings.length === 0) {
        return "Deployability: no findings";
    }
    const lines = [`Deployability: ${findings.length} finding${findings.length === 1 ? "" : "s"} (the API would reject the deployment)`];
    for (const f of findings) {
        lines.push(`    [${f.rule}]  ${urnName(f.urn)}  ${deployabilityHeadline(f)}`);
        lines.push(`    ${f.why}`);
        lines.push(`    Fix: ${f.fix}`);
        lines.push(`    Source: ${f.source}`);
    }
    return lines.join("\n");
}

/**
 * Findings as Markdown (a PR comment): one bullet each, the text's headline. Every field through tools/plan/markdown.ts:
 * names and values come from a program a pull request may edit.
 */
export function renderDeployabilityMarkdown(findings: readonly DeployabilityFinding[]): string {
    if (findings.length === 0) {
        return "**Deployability:** no findings";
    }
    const lines = [`**Deployability:** ${findings.length} finding${findings.length === 1 ? "" : "s"} (the API would reject the deployment)`, ""];
    for (const f of findings) {
        lines.push(`- ${mdCode(f.rule)} (${mdCode(urnName(f.urn))}) ${mdText(deployabilityHeadline(f))}: ${mdText(f.why)}. Fix: ${mdText(f.fix)}. Source: ${mdText(f.source)}`);
    }
    return lines.join("\n");
}
