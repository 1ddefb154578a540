/*
 * Preflight: the ways Key Vault-linked variable groups break in practice, checked before anything is deployed, from
 * the stack's config and (when given) its offline plan. Pure: no I/O, no Pulumi runtime. The config may be raw (the
 * shape `validateConfig` takes) or validated; values of the wrong type are ignored (config validation reports them),
 * so the checks also explain configs that validation would reject.
 */
import { authorizations, principalIds, rbacPropagation } from "./checks/access";
import { firewall } from "./checks/firewall";
import { caseMismatches, emptyGroups, externalSecrets } from "./checks/variableGroups";
import { plural, viewOf } from "./view";
import { devopsIpRangeFindings } from "./devopsIpRanges";
import { accessPolicyMigrationFindings } from "../adopt/migrationFindings";
import { certificateDeployerFindings } from "./certificates";
import type { EvaluatedProgram } from "../plan/evaluate";

export type Severity = "error" | "warning" | "info";

/** The checks, in the order they run and are reported. */
export const PREFLIGHT_CHECKS = [
    "empty-variable-group",
    "secret-name-case",
    "external-secret",
    "firewall",
    "devops-ip-ranges",
    "pipeline-authorization",
    "principal-id",
    "rbac-propagation",
    "access-policy-migration",
    "certificate-deployer",
] as const;
export type PreflightCheck = (typeof PREFLIGHT_CHECKS)[number];

export interface Finding {
    readonly check: PreflightCheck;
    readonly severity: Severity;
    /** The config key at fault, in the `pulumi config set --path` form (e.g. `devops.variableGroups[0].secrets[1]`). */
    readonly key?: string;
    /** What is wrong and what it breaks; may span lines. */
    readonly message: string;
    /** How to fix it (a command where there is one). */
    readonly fix: string;
}

export interface PreflightInput {
    /** The stack's config: raw (as `validateConfig` takes it) or validated (`readStackConfig(...).config`). */
    readonly config: unknown;
    /** The offline plan (`evaluateProgram`). Without it the plan-only checks (pipeline authorizations) are skipped. */
    readonly plan?: Pick<EvaluatedProgram, "resources" | "outputs"> & { readonly stack?: string };
    /** The stack's name, for commands in fixes. Default: the plan's stack, else the config's environment. */
    readonly stack?: string;
}


/** Runs every check. Findings are in check order (PREFLIGHT_CHECKS), then in config order. */
export function preflight(input: PreflightInput): Finding[] {
    const view = viewOf(input);
    return [
        ...emptyGroups(view, input.plan),
        ...caseMismatches(view, input.plan),
        ...externalSecrets(view, input.plan),
        ...firewall(view, input.config),
        ...devopsIpRangeFindings(input.config),
        ...authorizations(view, input.plan),
        ...principalIds(view, input.plan),
        ...rbacPropagation(view, input.plan),
        ...accessPolicyMigrationFindings(input.config),
        ...certificateDeployerFindings(input.config),
    ];
}

/** 1 when any finding is an error, else 0. */
export function preflightExitCode(findings: readonly Finding[]): 0 | 1 {
    return findings.some((f) => f.severity === "error") ? 1 : 0;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Text report: a summary line, then each finding (errors first) with its key, message and fix. */
export function renderFindings(findings: readonly Finding[], title: string): string {
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    const lines = [`${title}: ${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("info"), "note")}.`];
    const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    for (const f of sorted) {
        lines.push("", `${f.severity}: ${f.check}${f.key ? ` (${f.key})` : ""}`);
        lines.push(...f.message.split("\n").map((l) => `  ${l}`));
        const [first, ...rest] = f.fix.split("\n");
        lines.push(`  Fix: ${first ?? ""}`, ...rest.map((l) => `    ${l}`));
    }
    return lines.join("\n");
}
