// Key Vault configuration: authorization model, network exposure, recoverability, audit logging, naming, SKU and
// deletion protection.
import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    anyMatch,
    arr,
    bool,
    displayName,
    equalsIgnoreCase,
    field,
    idBelow,
    isType,
    isOpaque,
    Match,
    Maybe,
    mustMessage,
    normaliseId,
    num,
    Obj,
    obj,
    ofType,
    policyConfig,
    refersTo,
    show,
    StackResource,
    str,
    tag,
    Types,
    UNKNOWN,
    validateResourceTypes,
    validateStackPlain,
} from "./util";

// ---------------------------------------------------------------------------------------------------------------
// Vault helpers, shared with the other domains

/** The vault's Azure name: the `vaultName` input, or the `name` output. */
export function vaultName(props: Obj): string | undefined {
    for (const key of ["vaultName", "name"]) {
        const value = str(props[key]);
        if (typeof value === "string" && value !== "") {
            return value;
        }
    }
    return undefined;
}

/** "Key Vault '<name>'", with the Azure name when known, else the logical name. */
export function vaultLabel(props: Obj, logicalName: string): string {
    return `Key Vault '${displayName(vaultName(props), logicalName)}'`;
}

/** The vault's `environment` tag. */
export function vaultEnvironment(props: Obj): Maybe<string> {
    return tag(props, "environment");
}

/**
 * Whether `from.<prop>` refers to the vault: through the property's dependencies, its `id`, or — when the id is
 * not known yet — a resource ID ending in `/providers/Microsoft.KeyVault/vaults/<vault name>`.
 */
export function refersToVault(from: StackResource, prop: string, vault: StackResource): Match {
    const match = refersTo(from, prop, vault, [vault.props["id"]]);
    if (match !== UNKNOWN) {
        return match;
    }
    const value = from.props[prop];
    const name = vaultName(vault.props);
    if (typeof value === "string" && !isOpaque(value) && name !== undefined) {
        return normaliseId(value).endsWith(`/providers/microsoft.keyvault/vaults/${name.toLowerCase()}`);
    }
    return UNKNOWN;
}

export const productionEnvironmentSchema: PolicyConfigSchema = {
    properties: {
        productionEnvironment: {
            type: "string",
            minLength: 1,
            default: "production",
            description: "The value of a vault's `environment` tag that marks it as a production vault.",
        },
    },
};

// ---------------------------------------------------------------------------------------------------------------
// Resource policies

export const keyVaultRbacAuthorization: ResourceValidationPolicy = {
    name: "keyvault-rbac-authorization",
    description:
        "Checks whether Key Vaults authorize data-plane access with Azure RBAC (enableRbacAuthorization) and define no access policies.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Vault, ({ props, name }, report) => {
        const label = vaultLabel(props, name);
        const properties = obj(props["properties"]);
        if (properties === UNKNOWN) {
            return;
        }
        const rbac = bool(field(properties, "enableRbacAuthorization"));
        if (rbac !== UNKNOWN && rbac !== true) {
            report(mustMessage(label, "set enableRbacAuthorization to true", rbac));
        }
        const policies = arr(field(properties, "accessPolicies"));
        if (policies !== UNKNOWN && policies !== undefined && policies.length > 0) {
            const count = `${policies.length} access ${policies.length === 1 ? "policy" : "policies"}`;
            report(mustMessage(label, "not define accessPolicies (grant access with Azure RBAC role assignments)", count));
        }
    }),
};

export const keyVaultFirewallDefaultDeny: ResourceValidationPolicy = {
    name: "keyvault-firewall-default-deny",
    description: "Checks whether Key Vault firewalls deny traffic by default (networkAcls.defaultAction Deny).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Vault, ({ props, name }, report) => {
        const action = str(field(props, "properties", "networkAcls", "defaultAction"));
        if (action === UNKNOWN || equalsIgnoreCase(action, "Deny")) {
            return;
        }
        report(mustMessage(vaultLabel(props, name), "set networkAcls.defaultAction to Deny", action));
    }),
};

const OPEN_IP_RULE = /^\s*(0\.0\.0\.0\/0|\*|any)\s*$/i;

export const keyVaultPublicNetworkAccess: ResourceValidationPolicy = {
    name: "keyvault-public-network-access",
    description:
        "Checks whether Key Vaults disable public network access, or restrict it with a firewall that denies by default and does not allow every address.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Vault, ({ props, name }, report) => {
        const label = vaultLabel(props, name);
        const access = str(field(props, "properties", "publicNetworkAccess"));
        if (access === UNKNOWN || equalsIgnoreCase(access, "Disabled")) {
            return;
        }
        const action = str(field(props, "properties", "networkAcls", "defaultAction"));
        if (action === UNKNOWN) {
            return;
        }
        if (!equalsIgnoreCase(action, "Deny")) {
            const found = `publicNetworkAccess ${show(access)}, networkAcls.defaultAction ${show(action)}`;
            report(
                mustMessage(
                    label,
                    "set publicNetworkAccess to Disabled or restrict it with networkAcls.defaultAction Deny",
                    found,
                ),
            );
            return;
        }
        const rules = arr(field(props, "properties", "networkAcls", "ipRules"));
        if (rules === UNKNOWN || rules === undefined) {
            return;
        }
        const open = rules
            .map((rule) => str(field(rule, "value")))
            .filter((value): value is string => typeof value === "string" && OPEN_IP_RULE.test(value));
        if (open.length > 0) {
            report(mustMessage(label, "not allow every public address in networkAcls.ipRules", open.join(", ")));
        }
    }),
};

export const keyVaultPurgeProtection: ResourceValidationPolicy = {
    name: "keyvault-purge-protection",
    description: "Checks whether Key Vaults enable purge protection (enablePurgeProtection).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Vault, ({ props, name }, report) => {
        const purge = bool(field(props, "properties", "enablePurgeProtection"));
        if (purge !== UNKNOWN && purge !== true) {
            report(mustMessage(vaultLabel(props, name), "set enablePurgeProtection to true", purge));
        }
    }),
};

const softDeleteSchema: PolicyConfigSchema = {
    properties: {
        minRetentionDays: {
            type: "integer",
            minimum: 7,
            maximum: 90,
            default: 7,
            description: "The shortest soft-delete retention accepted, in days (Azure allows 7 to 90).",
        },
    },
};

export const keyVaultSoftDeleteRetention: ResourceValidationPolicy = {
    name: "keyvault-soft-delete-retention",
    description:
        "Checks whether Key Vaults keep soft delete enabled with a retention between the configured minimum (default 7) and 90 days.",
    enforcementLevel: "mandatory",
    configSchema: softDeleteSchema,
    validateResource: validateResourceTypes(Types.Vault, ({ args, props, name }, report) => {
        const { minRetentionDays } = policyConfig<{ minRetentionDays: number }>(softDeleteSchema, () => args.getConfig());
        const label = vaultLabel(props, name);
        const softDelete = bool(field(props, "properties", "enableSoftDelete"));
        if (softDelete === false) {
            report(mustMessage(label, "keep soft delete enabled (enableSoftDelete true)", false));
        }
        // Absent means the Azure default of 90 days.
        const days = num(field(props, "properties", "softDeleteRetentionInDays"));
        if (days !== UNKNOWN && days !== undefined && (days < minRetentionDays || days > 90)) {
            report(mustMessage(label, `set softDeleteRetentionInDays between ${minRetentionDays} and 90`, days));
        }
    }),
};

export const keyVaultNameRules: ResourceValidationPolicy = {
    name: "keyvault-name-rules",
    description:
        "Checks whether Key Vault names are 3-24 characters of letters, digits and hyphens, start with a letter, and have no consecutive or trailing hyphen.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Vault, ({ props }, report) => {
        const value = str(props["vaultName"]);
        if (value === UNKNOWN || value === undefined) {
            return; // auto-named by the provider
        }
        const label = `Key Vault '${value}'`;
        if (value.length < 3 || value.length > 24) {
            report(mustMessage(label, "have a name of 3-24 characters", `${value.length} characters`));
        }
        if (!/^[A-Za-z]/.test(value)) {
            report(mustMessage(label, "have a name that starts with a letter", value.charAt(0) || '""'));
        }
        const invalid = [...new Set(value.replace(/[A-Za-z0-9-]/g, ""))];
        if (invalid.length > 0) {
            report(mustMessage(label, "have a name of letters, digits and hyphens only", invalid.join(" ")));
        }
        if (value.includes("--")) {
            report(mustMessage(label, "have a name without consecutive hyphens", value));
        }
        if (value.endsWith("-")) {
            report(mustMessage(label, "have a name that does not end with a hyphen", value));
        }
    }),
};

export const keyVaultPremiumSkuProduction: ResourceValidationPolicy = {
    name: "keyvault-premium-sku-production",
    description:
        "Checks whether production Key Vaults (environment tag equal to productionEnvironment) use the premium SKU, for HSM-protected keys.",
    enforcementLevel: "advisory",
    configSchema: productionEnvironmentSchema,
    validateResource: validateResourceTypes(Types.Vault, ({ args, props, name }, report) => {
        const { productionEnvironment } = policyConfig<{ productionEnvironment: string }>(
            productionEnvironmentSchema,
            () => args.getConfig(),
        );
        const environment = vaultEnvironment(props);
        if (!equalsIgnoreCase(environment, productionEnvironment)) {
            return;
        }
        const sku = str(field(props, "properties", "sku", "name"));
        if (sku !== UNKNOWN && !equalsIgnoreCase(sku, "premium")) {
            report(mustMessage(vaultLabel(props, name), "use the premium SKU in production", sku));
        }
    }),
};

// ---------------------------------------------------------------------------------------------------------------
// Stack policies

type AuditStatus = "ok" | Unknown | string;
type Unknown = typeof UNKNOWN;

/** Whether a diagnostic setting sends audit logs to a Log Analytics workspace; what it lacks when it does not. */
function auditStatus(setting: StackResource): AuditStatus {
    const workspace = str(setting.props["workspaceId"]);
    const logs = arr(setting.props["logs"]);
    if (workspace === UNKNOWN || logs === UNKNOWN) {
        return UNKNOWN;
    }
    let audit: Match = false;
    for (const log of logs ?? []) {
        const enabled = bool(field(log, "enabled"));
        const group = str(field(log, "categoryGroup"));
        const category = str(field(log, "category"));
        if (isOpaque(log) || enabled === UNKNOWN || group === UNKNOWN || category === UNKNOWN) {
            audit = audit === true ? true : UNKNOWN;
            continue;
        }
        const isAudit =
            equalsIgnoreCase(group, "allLogs") || equalsIgnoreCase(group, "audit") || equalsIgnoreCase(category, "AuditEvent");
        if (enabled === true && isAudit) {
            audit = true;
        }
    }
    const problems: string[] = [];
    if (workspace === undefined || workspace === "") {
        problems.push("no workspaceId");
    }
    if (audit === false) {
        problems.push("no enabled allLogs, audit or AuditEvent log");
    }
    if (problems.length === 0) {
        return audit === true ? "ok" : UNKNOWN;
    }
    return `diagnostic setting '${displayName(setting.props["name"], setting.name)}' with ${problems.join(" and ")}`;
}

export const keyVaultDiagnosticAuditLogs: StackValidationPolicy = {
    name: "keyvault-diagnostic-audit-logs",
    description:
        "Checks whether every Key Vault has a diagnostic setting (resourceUri = the vault's id) that sends audit logs (allLogs or audit category group, or the AuditEvent category) to a Log Analytics workspace.",
    enforcementLevel: "mandatory",
    validateStack: validateStackPlain((resources, _args, report) => {
        const settings = ofType(resources, Types.DiagnosticSetting);
        for (const vault of ofType(resources, Types.Vault)) {
            const candidates = settings.map((setting) => ({
                setting,
                match: anyMatch([refersToVault(setting, "resourceUri", vault), idBelow(setting, vault)]),
            }));
            const matched = candidates.filter((c) => c.match === true).map((c) => c.setting);
            const uncertain = candidates.some((c) => c.match === UNKNOWN);
            const requirement = "have a diagnostic setting sending audit logs to a Log Analytics workspace";
            const label = vaultLabel(vault.props, vault.name);
            if (matched.length === 0) {
                if (!uncertain) {
                    report(mustMessage(label, requirement, "no diagnostic setting"), vault.urn);
                }
                continue;
            }
            const statuses = matched.map(auditStatus);
            if (uncertain || statuses.some((s) => s === "ok" || s === UNKNOWN)) {
                continue;
            }
            report(mustMessage(label, requirement, statuses.map(String).join("; ")), vault.urn);
        }
    }),
};

const DELETE_BLOCKING_LEVELS = ["CanNotDelete", "ReadOnly"];

/** Whether a management lock applies to the vault. */
function lockAppliesTo(lock: StackResource, vault: StackResource): Match {
    if (isType(lock.type, Types.ManagementLockByScope)) {
        return anyMatch([refersToVault(lock, "scope", vault), idBelow(lock, vault)]);
    }
    // ManagementLockAtResourceLevel: resourceProviderNamespace / resourceType / resourceName.
    const namespace = str(lock.props["resourceProviderNamespace"]);
    const type = str(lock.props["resourceType"]);
    if (namespace === UNKNOWN || type === UNKNOWN) {
        return UNKNOWN;
    }
    if (!equalsIgnoreCase(namespace, "Microsoft.KeyVault") || !equalsIgnoreCase(type, "vaults")) {
        return false;
    }
    return anyMatch([
        refersTo(lock, "resourceName", vault, [vault.props["name"], vault.props["vaultName"]]),
        idBelow(lock, vault),
    ]);
}

export const keyVaultProductionDeletionGuard: StackValidationPolicy = {
    name: "keyvault-production-deletion-guard",
    description:
        "Checks whether production Key Vaults (environment tag equal to productionEnvironment) are guarded against deletion by the protect resource option or a CanNotDelete lock scoped to the vault.",
    enforcementLevel: "mandatory",
    configSchema: productionEnvironmentSchema,
    validateStack: validateStackPlain((resources, args, report) => {
        const { productionEnvironment } = policyConfig<{ productionEnvironment: string }>(
            productionEnvironmentSchema,
            () => args.getConfig(),
        );
        const locks = [
            ...ofType(resources, Types.ManagementLockByScope),
            ...ofType(resources, Types.ManagementLockAtResourceLevel),
        ];
        for (const vault of ofType(resources, Types.Vault)) {
            if (vault.protect || !equalsIgnoreCase(vaultEnvironment(vault.props), productionEnvironment)) {
                continue;
            }
            const candidates = locks.map((lock) => ({ lock, match: lockAppliesTo(lock, vault) }));
            if (candidates.some((c) => c.match === UNKNOWN)) {
                continue;
            }
            const applied = candidates
                .filter((c) => c.match === true)
                .map((c) => ({ lock: c.lock, level: str(c.lock.props["level"]) }));
            if (applied.some((a) => a.level === UNKNOWN)) {
                continue;
            }
            if (applied.some((a) => DELETE_BLOCKING_LEVELS.some((b) => equalsIgnoreCase(a.level, b)))) {
                continue;
            }
            const lockNames = applied.map(
                (a) => `lock '${displayName(a.lock.props["lockName"], a.lock.name)}' with level ${show(a.level)}`,
            );
            const found = `protect false, ${lockNames.length > 0 ? lockNames.join(", ") : "no lock"}`;
            report(
                mustMessage(
                    vaultLabel(vault.props, vault.name),
                    "be guarded against deletion in production by protect: true or a CanNotDelete lock on the vault",
                    found,
                ),
                vault.urn,
            );
        }
    }),
};
