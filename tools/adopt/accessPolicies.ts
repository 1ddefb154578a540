/*
 * Access policies → Azure RBAC, for an adopted vault that still uses the access-policy permission model. The stack
 * always sets `enableRbacAuthorization: true`; "Enabling Azure RBAC permissions on an existing vault … access policies
 * no longer apply" (every principal granted through an access policy loses access at that moment), so each policy needs
 * equivalent role assignments first. The mapping follows Microsoft's "Access policy templates to Azure roles mapping"
 * (https://learn.microsoft.com/azure/key-vault/general/rbac-migration#access-policies-to-azure-roles-mapping):
 * Secret Management → Key Vault Secrets Officer, Key Management → Key Vault Crypto Officer, Certificate Management →
 * Key Vault Certificates Officer; read/use-only permissions map to the User roles (Key Vault Secrets User reads secret
 * contents, Crypto User performs cryptographic operations and reads keys, Certificate User reads certificates:
 * https://learn.microsoft.com/azure/key-vault/general/rbac-guide#azure-built-in-roles-for-key-vault-data-plane-operations).
 * Managed storage account keys (`storage` permissions) are an access-policy feature with no data-plane role among the
 * built-in roles listed there, so they are reported, not mapped.
 */
import type { AdoptedAccessPolicy } from "../../stack/config/adoption";

/** A data-plane role an access policy maps to. */
export type MigrationRole =
    | "Key Vault Secrets User"
    | "Key Vault Secrets Officer"
    | "Key Vault Crypto User"
    | "Key Vault Crypto Officer"
    | "Key Vault Certificate User"
    | "Key Vault Certificates Officer";

/** Where the stack's config can express a role: `access.extraRoles` (the User roles), `access.secretsOfficers`, or not at all. */
export type ConfigHome = "extraRoles" | "secretsOfficers" | "manual";

export interface RoleMapping {
    readonly role: MigrationRole;
    /** The access-policy permissions it replaces, as `secrets: get, list`. */
    readonly replaces: string;
    readonly home: ConfigHome;
}

const lower = (list: readonly string[]): string[] => list.map((p) => p.toLowerCase());
const anyOf = (list: readonly string[], wanted: readonly string[]): boolean => lower(list).some((p) => wanted.includes(p) || p === "all");

/** Permissions that change or remove objects (anything beyond reading or using them): these need an Officer role. */
const SECRET_WRITES = ["set", "delete", "recover", "backup", "restore", "purge"];
const KEY_WRITES = ["create", "update", "import", "delete", "recover", "backup", "restore", "purge", "rotate", "setrotationpolicy", "getrotationpolicy", "release"];
const KEY_USES = ["get", "list", "decrypt", "encrypt", "unwrapkey", "wrapkey", "verify", "sign"];
const CERT_WRITES = ["create", "update", "import", "delete", "recover", "backup", "restore", "purge", "managecontacts", "manageissuers", "getissuers", "listissuers", "setissuers", "deleteissuers"];
const READS = ["get", "list"];

/** The roles equivalent to one access policy, least privilege per object kind, in secrets, keys, certificates order. */
export function rolesForAccessPolicy(policy: Pick<AdoptedAccessPolicy, "permissions">): RoleMapping[] {
    const p = policy.permissions;
    const out: RoleMapping[] = [];
    const listed = (kind: string, perms: readonly string[]): string => `${kind}: ${perms.join(", ")}`;
    if (anyOf(p.secrets, SECRET_WRITES)) {
        out.push({ role: "Key Vault Secrets Officer", replaces: listed("secrets", p.secrets), home: "secretsOfficers" });
    } else if (anyOf(p.secrets, READS)) {
        out.push({ role: "Key Vault Secrets User", replaces: listed("secrets", p.secrets), home: "extraRoles" });
    }
    if (anyOf(p.keys, KEY_WRITES)) {
        out.push({ role: "Key Vault Crypto Officer", replaces: listed("keys", p.keys), home: "manual" });
    } else if (anyOf(p.keys, KEY_USES)) {
        out.push({ role: "Key Vault Crypto User", replaces: listed("keys", p.keys), home: "extraRoles" });
    }
    if (anyOf(p.certificates, CERT_WRITES)) {
        out.push({ role: "Key Vault Certificates Officer", replaces: listed("certificates", p.certificates), home: "manual" });
    } else if (anyOf(p.certificates, READS)) {
        out.push({ role: "Key Vault Certificate User", replaces: listed("certificates", p.certificates), home: "extraRoles" });
    }
    return out;
}

/** What the stack's config already grants, by lower-cased principal ID: role names. */
export type Grants = ReadonlyMap<string, ReadonlySet<string>>;

/** The grants of a (raw or validated) config: pipelinePrincipalId, secretsOfficers, extraRoles, and an existing service connection's principal. */
export function grantsOf(config: unknown): Map<string, Set<string>> {
    const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
    const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
    const grants = new Map<string, Set<string>>();
    const add = (id: unknown, role: string): void => {
        if (typeof id === "string") {
            const set = grants.get(id.toLowerCase()) ?? new Set<string>();
            set.add(role);
            grants.set(id.toLowerCase(), set);
        }
    };
    const raw = rec(config);
    const access = rec(raw.access);
    add(access.pipelinePrincipalId, "Key Vault Secrets User");
    for (const officer of arr(access.secretsOfficers)) {
        add(typeof officer === "string" ? officer : rec(officer).principalId, "Key Vault Secrets Officer");
    }
    for (const grant of arr(access.extraRoles)) {
        add(rec(grant).principalId, String(rec(grant).role));
    }
    const connection = rec(rec(raw.devops).serviceConnection);
    if (connection.mode === "existing") {
        add(connection.principalObjectId, "Key Vault Secrets User");
    }
    return grants;
}

/** Whether `granted` covers `role`: the role itself, or the Officer role of the same kind (Officer includes the User's reads). */
export function covered(granted: ReadonlySet<string> | undefined, role: MigrationRole): boolean {
    if (!granted) {
        return false;
    }
    const officer: Partial<Record<MigrationRole, MigrationRole>> = {
        "Key Vault Secrets User": "Key Vault Secrets Officer",
        "Key Vault Crypto User": "Key Vault Crypto Officer",
        "Key Vault Certificate User": "Key Vault Certificates Officer",
    };
    const stronger = officer[role];
    return granted.has(role) || (stronger !== undefined && granted.has(stronger));
}

/** One access policy's migration: the roles it needs and which of them the config does not grant yet. */
export interface PolicyMigration {
    readonly objectId: string;
    readonly applicationId?: string;
    readonly roles: readonly RoleMapping[];
    readonly missing: readonly RoleMapping[];
    /** `storage` permissions, which no role replaces. */
    readonly storage: readonly string[];
}

export function migrationsFor(policies: readonly AdoptedAccessPolicy[], config: unknown): PolicyMigration[] {
    const grants = grantsOf(config);
    return policies.map((policy) => {
        const roles = rolesForAccessPolicy(policy);
        const granted = grants.get(policy.objectId.toLowerCase());
        return {
            objectId: policy.objectId,
            ...(policy.applicationId !== undefined ? { applicationId: policy.applicationId } : {}),
            roles,
            missing: roles.filter((r) => !covered(granted, r.role)),
            storage: policy.permissions.storage,
        };
    });
}

/** The `az role assignment create` command for a role the config cannot express (Crypto / Certificates Officer). */
export function roleAssignmentCommand(objectId: string, role: MigrationRole, vaultId: string): string {
    return `az role assignment create --assignee-object-id ${objectId} --assignee-principal-type <User|Group|ServicePrincipal> --role '${role}' --scope '${vaultId}'`;
}

/** The config entry that grants `role` to `objectId`, as YAML under `access` (`extraRoles` or `secretsOfficers`). */
export function configEntry(objectId: string, mapping: RoleMapping, principalType: string): string | undefined {
    if (mapping.home === "extraRoles") {
        return `access.extraRoles: - { principalId: ${objectId}, principalType: ${principalType}, role: ${mapping.role} }`;
    }
    if (mapping.home === "secretsOfficers") {
        return `access.secretsOfficers: - { principalId: ${objectId}, principalType: ${principalType} }`;
    }
    return undefined;
}
