/**
 * Built-in Azure role definitions the stack assigns, by name. GUIDs are the same in every tenant
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
 */
export const ROLE_IDS = {
    "Key Vault Secrets User": "4633458b-17de-408a-b874-0445c86b69e6",
    "Key Vault Secrets Officer": "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    "Key Vault Certificate User": "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    "Key Vault Crypto User": "12338af0-0e69-4776-bea7-57ae8d297424",
    // The deploying identity, to create certificates on the vault's data plane (components/vaultCertificates.ts).
    "Key Vault Certificates Officer": "a4417e6f-fecd-4de8-b567-7b0420556985",
    // For the rotation function's storage: its own runtime state, and Event Grid's dead letters.
    "Storage Blob Data Owner": "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
    "Storage Blob Data Contributor": "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
} as const;

export type RoleName = keyof typeof ROLE_IDS;

/** Roles `access.extraRoles` may grant: read/use roles only, never an officer or administrator role. */
export const EXTRA_ROLE_NAMES = ["Key Vault Secrets User", "Key Vault Certificate User", "Key Vault Crypto User"] as const;

export type PrincipalType = "User" | "Group" | "ServicePrincipal";

/** `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>`: the form RoleAssignment takes. */
export function roleDefinitionId(subscriptionId: string, role: RoleName): string {
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS[role]}`;
}

/** `Key Vault Secrets User` → `secrets-user`: used in logical resource names. */
export function roleSlug(role: RoleName): string {
    return role.replace(/^(Key Vault|Storage) /, "").toLowerCase().replace(/\s+/g, "-");
}
