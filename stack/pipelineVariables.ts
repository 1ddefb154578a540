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
 *   `-PASSWORD`), plus a `_` between the words of a PascalCase or camelCase name (`DatabaseConnectionString` →
 *   `DATABASE_CONNECTION_STRING`, not `DATABASECONNECTIONSTRING`).
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

/**
 * The environment variable a secret maps to, readable for every naming style Key Vault allows (letters, digits and
 * `-`): `db-password` → `DB_PASSWORD`, `DatabaseConnectionString` → `DATABASE_CONNECTION_STRING`, `JWTSigningKey` →
 * `JWT_SIGNING_KEY`, `apiV2Key` → `API_V2_KEY`, `app.db password` → `APP_DB_PASSWORD`. Words split at `-`, `_`, `.`,
 * whitespace, a lower-case letter or digit followed by a capital, and the last capital of an acronym followed by a
 * lower-case letter; then upper case joined by `_`. For lower-case kebab-case names this is exactly the template's
 * `replace(upper(name), '-', '_')`. The result is not necessarily a usable name (`123` → `123`): check it with
 * `environmentVariableProblem`.
 */
export function environmentVariableName(variableName: string): string {
    return variableName
        .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
        .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
        .split(/[-_.\s]+/)
        .filter((word) => word !== "")
        .join("_")
        .toUpperCase();
}

/**
 * Prefixes Azure Pipelines reserves for variable names, regardless of case: "Any variable that begins with one of
 * these strings (regardless of capitalization) isn't available to your tasks and scripts"
 * (https://learn.microsoft.com/en-us/azure/devops/pipelines/process/variables#variable-naming-restrictions).
 */
export const RESERVED_VARIABLE_PREFIXES = ["endpoint", "input", "secret", "path", "securefile"] as const;

/**
 * Environment variables a mapped secret must never replace: the loader, shell and runtime variables that change what a
 * step runs (PATH, LD_PRELOAD, BASH_ENV, NODE_OPTIONS, ...), and the agent's own namespaces (predefined variables
 * become AGENT_*, BUILD_*, SYSTEM_*, ... in a step's environment:
 * https://learn.microsoft.com/en-us/azure/devops/pipelines/build/variables).
 */
export const PROTECTED_ENVIRONMENT_VARIABLES: readonly string[] = [
    "PATH", "HOME", "USER", "SHELL", "IFS", "ENV", "BASH_ENV", "CDPATH", "PS4", "SHELLOPTS", "BASHOPTS", "PROMPT_COMMAND",
    "TMPDIR", "TMP", "TEMP", "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "NODE_OPTIONS", "NODE_PATH", "NODE_EXTRA_CA_CERTS",
    "PYTHONPATH", "PYTHONSTARTUP", "PERL5OPT", "PERL5LIB", "RUBYOPT", "GIT_SSH_COMMAND", "GIT_ASKPASS", "SSH_AUTH_SOCK",
    "TF_BUILD",
];
/** Prefixes of protected environment variables (see PROTECTED_ENVIRONMENT_VARIABLES). */
export const PROTECTED_ENVIRONMENT_PREFIXES: readonly string[] = [
    "LD_", "DYLD_", "BASH_FUNC_", "AGENT_", "BUILD_", "SYSTEM_", "RELEASE_", "PIPELINE_", "ENDPOINT_", "INPUT_", "SECRET_",
    "SECUREFILE_", "VSTS_", "AZURE_HTTP_USER_AGENT",
];

/** A POSIX shell variable name (IEEE Std 1003.1, "Name"): a letter or `_`, then letters, digits and `_`. */
const ENVIRONMENT_VARIABLE_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Why a secret name cannot be a pipeline variable mapped to an environment variable, or undefined when it can: a
 * reserved prefix (the variable never reaches scripts), an environment variable that is not a shell name (`123`), or
 * one that would replace a protected variable (`path` → PATH, `ld-preload` → LD_PRELOAD).
 */
export function environmentVariableProblem(secretName: string): string | undefined {
    const reserved = RESERVED_VARIABLE_PREFIXES.find((p) => secretName.toLowerCase().startsWith(p));
    if (reserved !== undefined) {
        return `starts with "${reserved}", a prefix Azure Pipelines reserves (such a variable never reaches tasks and scripts)`;
    }
    const env = environmentVariableName(secretName);
    if (!ENVIRONMENT_VARIABLE_PATTERN.test(env)) {
        return `maps to the environment variable "${env}", which is not a shell variable name (it must start with a letter and hold only letters, digits and _)`;
    }
    if (PROTECTED_ENVIRONMENT_VARIABLES.includes(env) || PROTECTED_ENVIRONMENT_PREFIXES.some((p) => env.startsWith(p))) {
        return `maps to the environment variable ${env}, which would replace a variable the shell, the runtime or the agent relies on`;
    }
    return undefined;
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
