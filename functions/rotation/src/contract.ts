/**
 * The contract between the rotation function and the infrastructure that deploys it: the function's name, the app
 * settings it reads, the secret tags it acts on, the events it handles. ONE source for both sides: the function
 * imports it directly, the Pulumi program through the workspace package
 * (`keyvault-devops-rotation/dist/src/contract`), the way tools/policy-runner consumes the policy pack.
 *
 * Dependency-free on purpose: the infrastructure loads this file without the function's runtime dependencies.
 */

/** The name the function registers under (`app.eventGrid(FUNCTION_NAME, ...)`); the Event Grid destination is `<app id>/functions/<FUNCTION_NAME>`. */
export const FUNCTION_NAME = "rotateKeyVaultSecret";

/** The Key Vault events that start a rotation (https://learn.microsoft.com/azure/key-vault/general/event-grid-overview). */
export const EVENT_TYPES = ["Microsoft.KeyVault.SecretNearExpiry", "Microsoft.KeyVault.SecretExpired"] as const;

/** App settings the function reads. */
export const APP_SETTINGS = {
    /** `https://<vault>.vault.azure.net/`: the only vault rotated. */
    vaultUri: "KEY_VAULT_URI",
    /** Alternative to `vaultUri` (public cloud only). */
    vaultName: "KEY_VAULT_NAME",
    /** Days before expiry from which a version is rotated (Key Vault's SecretNearExpiry lead time). */
    windowDays: "ROTATION_WINDOW_DAYS",
    /** Hours added to the window, so an early event or clock skew still rotates. */
    marginHours: "ROTATION_MARGIN_HOURS",
    /** The function's own storage account (identity-based host storage); also holds the rotation leases. */
    storageAccountName: "AzureWebJobsStorage__accountName",
    /** Alternative to `storageAccountName`: the blob endpoint, for sovereign clouds. */
    blobServiceUri: "AzureWebJobsStorage__blobServiceUri",
    /** Client id of a user-assigned managed identity; unset with a system-assigned identity. */
    clientId: "AZURE_CLIENT_ID",
} as const;

/** Secret tags the function reads (names are matched case-insensitively). */
export const TAGS = {
    /** Rotator name; missing or `none`: not rotated. */
    strategy: "rotation-strategy",
    /** Lifetime of a new version in days. */
    validityDays: "validity-days",
    /** Length of a generated value / password. */
    length: "rotation-length",
    /** `postgres-dual`: the two login roles that take turns, comma-separated (`app_blue,app_green`). */
    roles: "rotation-roles",
} as const;

/** The strategies the function ships (`none` = not rotated). */
export const STRATEGIES = ["regenerate", "postgres", "postgres-dual"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/**
 * Key Vault publishes SecretNearExpiry 30 days before the expiration date
 * (https://learn.microsoft.com/azure/key-vault/general/event-grid-overview): the default window.
 */
export const DEFAULT_WINDOW_DAYS = 30;
/**
 * Margin added to the window. Without it an event published a little early, or a clock a little behind, finds the
 * version "not yet near expiry" and acknowledges it as skipped: the secret would then only rotate once expired.
 * The stale-version check (the event's version must be the current one) keeps the margin from rotating twice.
 */
export const DEFAULT_MARGIN_HOURS = 24;

/** Blob container (in the function's own storage account) holding one lease blob per rotation: vault/secret/version. */
export const LEASE_CONTAINER = "rotation-leases";
