/** Length of the random suffix that makes vault names globally unique. */
export const VAULT_SUFFIX_LENGTH = 4;
const VAULT_NAME_MAX = 24;

/**
 * The stem of a vault name, `<project>-<environment>`, shortened to leave room for `-<suffix>` within
 * Key Vault's 24 characters: the whole project name if it fits, else its first word, else its initials.
 * The result starts with a letter and has no double hyphen.
 */
export function vaultNameStem(project: string, environment: string, suffixLength: number = VAULT_SUFFIX_LENGTH): string {
    const words = project
        .toLowerCase()
        .split(/[^a-z0-9]+/)
        .filter((w) => w.length > 0);
    const budget = VAULT_NAME_MAX - environment.length - suffixLength - 2;
    const candidates = [words.join("-"), words[0] ?? "", words.map((w) => w[0]).join("")];
    let prefix = candidates.find((c) => c.length > 0 && c.length <= budget) ?? "";
    if (!/^[a-z]/.test(prefix)) {
        prefix = `kv${prefix}`.slice(0, Math.max(budget, 0));
    }
    if (prefix.length === 0 || prefix.length > budget) {
        throw new Error(`environment "${environment}" leaves no room for a vault name prefix within 24 characters`);
    }
    return `${prefix}-${environment}`;
}

/** `<stem>-<suffix>`: 3–24 characters, letters, digits and single hyphens, starting with a letter. */
export function vaultName(project: string, environment: string, suffix: string): string {
    return `${vaultNameStem(project, environment, suffix.length)}-${suffix}`;
}

export const VAULT_NAME_PATTERN = /^(?=.{3,24}$)[a-z][a-z0-9]*(-[a-z0-9]+)*$/i;

/** Resource group created when `resourceGroupName` is unset: `rg-<project>-<environment>`. */
export function resourceGroupName(project: string, environment: string): string {
    return `rg-${project}-${environment}`;
}

/** Log Analytics workspace created when `diagnostics.workspaceId` is unset. */
export function workspaceName(project: string, environment: string): string {
    return `log-${project}-${environment}`;
}

/** Variable group names: they are part of resource names, so letters, digits, `.`, `_` and `-` only. */
export const VARIABLE_GROUP_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/**
 * The known name that `name` matches only when case is ignored, if any. Key Vault names are case-insensitive, but a
 * Key Vault-linked variable group names its variables exactly as written; config rules, the variable-groups component
 * and preflight all ask this one question.
 */
export function caseOnlyMatch(known: readonly string[], name: string): string | undefined {
    if (known.includes(name)) {
        return undefined;
    }
    const lower = name.toLowerCase();
    return known.find((k) => k.toLowerCase() === lower);
}
