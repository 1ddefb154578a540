// Built-in Azure role definitions the policies reason about, by their well-known GUIDs.
// Role assignments carry `roleDefinitionId` as
// `/subscriptions/<sub>/providers/Microsoft.Authorization/roleDefinitions/<guid>` (or the tenant-level
// `/providers/Microsoft.Authorization/roleDefinitions/<guid>`); only the trailing GUID identifies the role.

export const BuiltInRoles = {
    Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
    UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    RoleBasedAccessControlAdministrator: "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
    KeyVaultContributor: "f25e0fa2-a7c8-4377-a976-54943a77a395",
    KeyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    KeyVaultDataAccessAdministrator: "8b54135c-b56d-4d72-a534-26097cfdc8d8",
    KeyVaultReader: "21090545-7ca7-4776-b22c-e363652d74d2",
    KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    KeyVaultCertificatesOfficer: "a4417e6f-fecd-4de8-b567-7b0420556985",
    KeyVaultCertificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    KeyVaultCryptoOfficer: "14b46e9e-c2b7-41b4-b07b-48a6ebf60603",
    KeyVaultCryptoUser: "12338af0-0e69-4776-bea7-57ae8d297424",
    KeyVaultCryptoServiceEncryptionUser: "e147488a-f6f5-4113-8e2d-b22465e65bf6",
    KeyVaultCryptoServiceReleaseUser: "08bbd89e-9f13-488c-ac41-acfcb10c90ab",
} as const;

/** Display names, as Azure spells them, by GUID. */
export const roleNames: Readonly<Record<string, string>> = {
    [BuiltInRoles.Owner]: "Owner",
    [BuiltInRoles.Contributor]: "Contributor",
    [BuiltInRoles.Reader]: "Reader",
    [BuiltInRoles.UserAccessAdministrator]: "User Access Administrator",
    [BuiltInRoles.RoleBasedAccessControlAdministrator]: "Role Based Access Control Administrator",
    [BuiltInRoles.KeyVaultContributor]: "Key Vault Contributor",
    [BuiltInRoles.KeyVaultAdministrator]: "Key Vault Administrator",
    [BuiltInRoles.KeyVaultDataAccessAdministrator]: "Key Vault Data Access Administrator",
    [BuiltInRoles.KeyVaultReader]: "Key Vault Reader",
    [BuiltInRoles.KeyVaultSecretsOfficer]: "Key Vault Secrets Officer",
    [BuiltInRoles.KeyVaultSecretsUser]: "Key Vault Secrets User",
    [BuiltInRoles.KeyVaultCertificatesOfficer]: "Key Vault Certificates Officer",
    [BuiltInRoles.KeyVaultCertificateUser]: "Key Vault Certificate User",
    [BuiltInRoles.KeyVaultCryptoOfficer]: "Key Vault Crypto Officer",
    [BuiltInRoles.KeyVaultCryptoUser]: "Key Vault Crypto User",
    [BuiltInRoles.KeyVaultCryptoServiceEncryptionUser]: "Key Vault Crypto Service Encryption User",
    [BuiltInRoles.KeyVaultCryptoServiceReleaseUser]: "Key Vault Crypto Service Release User",
};

/**
 * Key Vault data-plane roles (and the role that hands them out). Granting any of them above a single vault
 * gives the principal that access to every vault in the resource group, subscription or management group.
 */
export const keyVaultDataRoles: ReadonlySet<string> = new Set([
    BuiltInRoles.KeyVaultAdministrator,
    BuiltInRoles.KeyVaultDataAccessAdministrator,
    BuiltInRoles.KeyVaultReader,
    BuiltInRoles.KeyVaultSecretsOfficer,
    BuiltInRoles.KeyVaultSecretsUser,
    BuiltInRoles.KeyVaultCertificatesOfficer,
    BuiltInRoles.KeyVaultCertificateUser,
    BuiltInRoles.KeyVaultCryptoOfficer,
    BuiltInRoles.KeyVaultCryptoUser,
    BuiltInRoles.KeyVaultCryptoServiceEncryptionUser,
    BuiltInRoles.KeyVaultCryptoServiceReleaseUser,
]);

/** Roles that let a principal take over resources or hand out access: never for an automation identity. */
export const privilegedRoles: ReadonlySet<string> = new Set([
    BuiltInRoles.Owner,
    BuiltInRoles.Contributor,
    BuiltInRoles.UserAccessAdministrator,
    BuiltInRoles.RoleBasedAccessControlAdministrator,
    BuiltInRoles.KeyVaultAdministrator,
]);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The role GUID of a `roleDefinitionId` (full resource ID or bare GUID), lower-cased; undefined if it has none. */
export function roleGuid(roleDefinitionId: string): string | undefined {
    const last = roleDefinitionId.trim().replace(/\/+$/, "").split("/").pop() ?? "";
    return GUID.test(last) ? last.toLowerCase() : undefined;
}

/** A role's display name when it is a known built-in role, else its GUID (or the raw ID). */
export function roleDisplayName(roleDefinitionId: string): string {
    const guid = roleGuid(roleDefinitionId);
    return (guid && roleNames[guid]) ?? guid ?? roleDefinitionId;
}

/**
 * Resolves a role given in configuration — a GUID, a roleDefinitionId or a built-in display name (case-insensitive;
 * "Key Vault Certificates User" is accepted for "Key Vault Certificate User") — to a lower-case GUID.
 */
export function resolveRole(nameOrId: string): string | undefined {
    const guid = roleGuid(nameOrId);
    if (guid) {
        return guid;
    }
    const wanted = normaliseRoleName(nameOrId);
    for (const [id, name] of Object.entries(roleNames)) {
        if (normaliseRoleName(name) === wanted) {
            return id;
        }
    }
    return undefined;
}

function normaliseRoleName(name: string): string {
    return name.toLowerCase().replace(/\s+/g, " ").trim().replace("certificates user", "certificate user");
}
