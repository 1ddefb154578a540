/*
 * How a Key Vault secret linked through a variable group appears in an Azure Pipelines job. Pure: reused by the
 * stack outputs, docs and tooling.
 *
 * - A Key Vault-linked variable group makes each listed secret a pipeline variable with exactly the secret's name,
 *   read as `$(db-password)` (macro syntax) or `variables['db-password']`.
 * - Those variables are secret, and the agent never injects secret variables into a step's environment on its
 *   own: a script step maps them explicitly, `env: { DB_PASSWORD: $(db-password) }`. `environmentVariable` is the
 *   name to map it to: the agent's own conversion for non-secret variables (upper case, `.` and spaces → `_`),
 *   plus `-` → `_`, since `DB-PASSWORD` is not a name a POSIX shell can read (`$DB-PASSWORD` is `$DB` then
 *   `-PASSWORD`).
 */

/** One secret of one variable group, as a pipeline sees it. */
export interface PipelineVariable {
    /** The Key Vault secret's name. */
    readonly secret: string;
    /** The pipeline variable's name: use it as `$(<variable>)`. */
    readonly variable: string;
    /** The environment variable to map it to in a step's `env:` block (secret variables are never mapped automatically). */
    readonly environmentVariable: string;
}

/** The pipeline variable of a Key Vault-linked secret: the secret's name, unchanged (`db-password` → `db-password`). */
export function pipelineVariableName(secretName: string): string {
    return secretName;
}

/** `db-password` → `DB_PASSWORD`; `app.db password` → `APP_DB_PASSWORD`: upper case, `-`, `.` and whitespace → `_`. */
export function environmentVariableName(variableName: string): string {
    return variableName.toUpperCase().replace(/[-.\s]/g, "_");
}

/** The pipeline view of one secret. */
export function pipelineVariable(secretName: string): PipelineVariable {
    const variable = pipelineVariableName(secretName);
    return { secret: secretName, variable, environmentVariable: environmentVariableName(variable) };
}

/** For each variable group (by name), its secrets in the group's order as pipeline variables. */
export function pipelineVariables(
    groups: readonly { readonly name: string; readonly secrets: readonly string[] }[],
): Record<string, PipelineVariable[]> {
    const out: Record<string, PipelineVariable[]> = {};
    for (const group of groups) {
        out[group.name] = group.secrets.map(pipelineVariable);
    }
    return out;
}
