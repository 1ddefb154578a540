/*
 * Preflight: the ways Key Vault-linked variable groups break in practice, checked before anything is deployed, from
 * the stack's config and (when given) its offline plan. Pure: no I/O, no Pulumi runtime. The config may be raw (the
 * shape `validateConfig` takes) or validated; values of the wrong type are ignored (config validation reports them),
 * so the checks also explain configs that validation would reject.
 */
import { authorizations, principalIds, rbacPropagation } from "./checks/access";
import { firewall } from "./checks/firewall";
import { caseMismatches, emptyGroups, externalSecrets } from "./checks/variableGroups";
import { viewOf } from "./view";
import { devopsIpRangeFindings } from "./devopsIpRanges";
import { accessPolicyMigrationFindings } from "../adopt/migrationFindings";
import { certificateDeployerFindings } from "./certificates";
import type { EvaluatedProgram } from "../plan/evaluate";
import { findingJson, PreflightFinding } from "./render";

export { findingHeadline, renderFindings } from "./render";

export type { Severity } from "./render";

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

/**
 * A finding as data (./render.ts has the one formatter): the config key to change (`path`, in the `pulumi config set
 * --path` form), what the config or plan has there (`found`, never a secret's value), what is required (`expected`),
 * the fix (a command where there is one), and what it breaks (`why`).
 */
export interface Finding extends PreflightFinding {
    readonly check: PreflightCheck;
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
    const findings: Finding[] = [
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
    return findings.map(findingJson);
}

/** 1 when any finding is an error, else 0. */
export function preflightExitCode(findings: readonly Finding[]): 0 | 1 {
    return findings.some((f) => f.severity === "error") ? 1 : 0;
}
