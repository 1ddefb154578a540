/*
 * Key Vault keys: the values the config, the VaultKeys component and the policies agree on, from the service's own
 * definitions (Microsoft.KeyVault keys.json, JsonWebKeyType / JsonWebKeyCurveName / JsonWebKeyOperation:
 * https://github.com/Azure/azure-rest-api-specs/blob/main/specification/keyvault/resource-manager/Microsoft.KeyVault/stable/2024-11-01/keys.json)
 * and the key rotation limits (https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation).
 */

export const KEY_TYPES = ["RSA", "RSA-HSM", "EC", "EC-HSM"] as const;
export type KeyType = (typeof KEY_TYPES)[number];
/** RSA key sizes Key Vault creates (https://learn.microsoft.com/azure/key-vault/keys/about-keys#key-types-and-protection-methods). */
export const RSA_KEY_SIZES = [2048, 3072, 4096] as const;
/** Elliptic curves Key Vault creates (JsonWebKeyCurveName). */
export const EC_CURVES = ["P-256", "P-384", "P-521", "P-256K"] as const;
/**
 * Operations a key the stack creates may permit: JsonWebKeyOperation without `import` (a BYOK operation, not one a
 * created key performs) and `release` (needs an exportable key with a release policy, which the stack never sets:
 * https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#key-operations).
 */
export const KEY_OPERATIONS = ["encrypt", "decrypt", "sign", "verify", "wrapKey", "unwrapKey"] as const;
export type KeyOperation = (typeof KEY_OPERATIONS)[number];
/**
 * What an elliptic-curve key can do: sign and verify only (Key Vault's EC operations are ES256/ES384/ES512/ES256K
 * signatures: https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#ec-algorithms).
 */
export const EC_OPERATIONS: readonly KeyOperation[] = ["sign", "verify"];

/**
 * Key rotation policy limits (https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation):
 * "the minimum value is 7 days from creation and 7 days from expiration time" for the rotation time; the
 * policy's expiry time "should be at least 28 days" (KeyRotationPolicy.ExpiresIn,
 * https://learn.microsoft.com/dotnet/api/azure.security.keyvault.keys.keyrotationpolicy). The notification uses the
 * same 7-day floor here. `maxExpiresInDays` is this project's bound (Microsoft recommends rotating at least every
 * two years; the Azure Policy built-ins cap validity far below ten).
 */
export const KEY_ROTATION_LIMITS = { minRotateDays: 7, minExpiresInDays: 28, maxExpiresInDays: 3650, minNotifyDays: 7 } as const;

export const isHsmKeyType = (type: string): boolean => type.endsWith("-HSM");
export const isEcKeyType = (type: string): boolean => type === "EC" || type === "EC-HSM";
export const isRsaKeyType = (type: string): boolean => type === "RSA" || type === "RSA-HSM";

/**
 * The key type when `keys[].type` is unset: HSM-backed on a premium vault (the only SKU that holds HSM keys:
 * https://learn.microsoft.com/azure/key-vault/keys/about-keys#key-types-and-protection-methods), software otherwise,
 * of the family that `curve` names (EC) or RSA.
 */
export function defaultKeyType(sku: string, curve: string | undefined): KeyType {
    const family = curve !== undefined ? "EC" : "RSA";
    return sku === "premium" ? `${family}-HSM` : family;
}

/** An ISO 8601 duration of whole days, the form the rotation policy takes (`P90D`). */
export const isoDays = (days: number): string => `P${days}D`;
