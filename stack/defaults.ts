import { DEFAULT_MARGIN_HOURS, DEFAULT_WINDOW_DAYS } from "keyvault-devops-rotation/dist/src/contract";

/**
 * The secure defaults, in one place. Every one has exactly one override in stack config; the README's
 * config reference is written from this table.
 */
export const DEFAULTS = {
    vault: {
        sku: "standard",
        softDeleteRetentionDays: 90,
        purgeProtection: true,
        publicNetworkAccess: "Enabled",
        network: {
            defaultAction: "Deny",
            bypass: "AzureServices",
        },
    },
    diagnostics: {
        retentionDays: 90,
    },
    secret: {
        source: "config",
        length: 64,
        contentType: "text/plain",
        expiresInDays: 90,
    },
    /**
     * `keys[]` (stack/keys.ts for the allowed values). `type` has no fixed default: HSM-backed on a premium vault,
     * software otherwise (`defaultKeyType`). Rotation: a new version 90 days after creation (Azure Policy's built-in
     * "rotation scheduled within the specified number of days after creation" defaults to 90), each version valid
     * 120 days, Event Grid's KeyNearExpiry 14 days before expiry: after the rotation on day 90, so it only fires when
     * that rotation did not happen.
     */
    key: {
        operations: ["sign", "verify"] as const,
        expiresInDays: 120,
        rotateAfterDays: 90,
        notifyBeforeExpiryDays: 14,
    },
    tags: {
        managedBy: "pulumi/keyvault-devops",
    },
    /** `certificates[]` (components/vaultCertificates.ts). */
    certificate: {
        /** Key Vault issues it itself (self-signed); an integrated CA needs an issuer registered in the vault first. */
        issuer: "Self",
        validityInMonths: 12,
        /** Production (premium SKU) defaults to an HSM-backed key, and rejects a software one. */
        keyType: { production: "RSA-HSM", other: "RSA" },
        rsaKeySize: 2048,
        curve: "P-256",
        contentType: "pfx",
        /** Key Vault renews it at 80% of its lifetime (the Azure Policy built-in's example trigger). */
        lifetimeAction: { autoRenewAtPercent: 80 },
    },
    rotation: {
        enabled: true,
        addressPrefix: "10.42.0.0/26",
        /** The rotation function's near-expiry window; Key Vault emits SecretNearExpiry 30 days before expiry. */
        windowDays: DEFAULT_WINDOW_DAYS,
        /**
         * Hours the function adds to the window (its own default, ROTATION_MARGIN_HOURS unset), so an early event or a
         * clock running behind still rotates. A rotated secret's validity must exceed window + margin.
         */
        marginHours: DEFAULT_MARGIN_HOURS,
        /**
         * Receivers of the dead-letter / failed-delivery alerts (`rotation.alerts.emails`, `rotation.alerts.webhookUrl`).
         * Default: none, and then no alert resources; a stack that rotates secrets without a receiver gets a warning
         * (an error in production), since a dead-lettered rotation event would otherwise go unseen.
         */
        alerts: {} as { readonly emails?: readonly string[]; readonly webhookUrl?: string },
    },
} as const;

/**
 * Wait after a role assignment before anything uses it (Go duration), wherever the stack waits: Azure RBAC changes can
 * take several minutes to take effect
 * (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected).
 */
export const RBAC_PROPAGATION_WAIT = "2m";

/** Defaults of the `devops` section (only meaningful with `devops` set). */
export const DEVOPS_DEFAULTS = {
    serviceConnectionMode: "create",
    /** `kv-<environment>`. */
    serviceConnectionName: (environment: string): string => `kv-${environment}`,
    approvalTimeoutMinutes: 1440,
    /** Before the variable groups (RBAC_PROPAGATION_WAIT). */
    rbacPropagationWait: RBAC_PROPAGATION_WAIT,
    /** devops.prGate: the PR pipeline's definition and its build-validation policy (components/prGate.ts). */
    prGate: { branch: "main", yamlPath: "pipelines/infra-pr.yml", pipelineName: "keyvault-devops-pr", validDurationMinutes: 720 },
} as const;

/**
 * The range this project accepts for an approval check's `timeout` (minutes): up to 43200 (30 days), the provider's own
 * default (pulumi-azuredevops v3.15.0 schema, `azuredevops:index/checkApproval:CheckApproval` input `timeout`). One
 * definition, read by the config schema and by the EnvironmentApproval component.
 */
export const APPROVAL_TIMEOUT_LIMITS = { min: 1, max: 43200 } as const;

/** The value of `environment` that turns on the production guards. */
export const PRODUCTION = "production";
