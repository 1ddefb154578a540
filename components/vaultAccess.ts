import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { PrincipalType, RoleName, roleSlug } from "../stack/roles";
import { scopedRoleAssignment } from "./roleAssignment";

/** One role on the vault for one principal. */
export interface VaultRoleGrant {
    /** Stable key for the logical name (the principal's object ID, or a name for a principal the stack creates). Never an array index. */
    readonly key: string;
    /** Object ID of the user, group or service principal (for a managed identity: its principal ID). */
    readonly principalId: pulumi.Input<string>;
    /** Type of the principal; Azure needs it right to avoid a replication-delay failure for new principals. */
    readonly principalType: PrincipalType;
    readonly role: RoleName;
    /** Why the grant exists, shown in the Azure portal. */
    readonly description?: string;
}

export interface VaultAccessArgs {
    /** The vault's resource ID: the only scope any grant gets. */
    readonly vaultId: pulumi.Input<string>;
    /** Subscription of the role definitions. Default: the deploying credentials' subscription. */
    readonly subscriptionId?: pulumi.Input<string>;
    readonly grants: readonly VaultRoleGrant[];
}

/** The logical name of a grant's RoleAssignment: from role and key, so reordering config changes nothing. */
export function grantResourceName(name: string, grant: Pick<VaultRoleGrant, "key" | "role">): string {
    return `${name}-${roleSlug(grant.role)}-${grant.key}`;
}

/** Checks grants for duplicates (the same principal and role twice would collide in Azure). */
export function validateVaultAccessArgs(args: VaultAccessArgs): void {
    const names = new Set<string>();
    for (const grant of args.grants) {
        const n = grantResourceName("", grant);
        if (names.has(n)) {
            throw new Error(`VaultAccess: role "${grant.role}" is granted twice to "${grant.key}"`);
        }
        names.add(n);
    }
}

/**
 * Role assignments on one vault, at the vault's scope only. Each assignment's name is a GUID derived from
 * (scope, principal, role), like Bicep's guid(): re-running or reordering never creates a duplicate.
 */
export class VaultAccess extends pulumi.ComponentResource {
    /** The role assignments, by the grant's logical name suffix (`<role-slug>-<key>`). */
    public readonly assignments: Readonly<Record<string, authorization.RoleAssignment>>;

    constructor(name: string, args: VaultAccessArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateVaultAccessArgs(args);
        super("keyvault-devops:index:VaultAccess", name, {}, opts);
        const parent = { parent: this };
        const subscriptionId = args.subscriptionId ?? authorization.getClientConfigOutput(parent).subscriptionId;
        const assignments: Record<string, authorization.RoleAssignment> = {};

        for (const grant of args.grants) {
            assignments[`${roleSlug(grant.role)}-${grant.key}`] = scopedRoleAssignment(
                grantResourceName(name, grant),
                {
                    scope: args.vaultId,
                    principalId: grant.principalId,
                    principalType: grant.principalType,
                    role: grant.role,
                    subscriptionId,
                    description: grant.description ?? `${grant.role} on this vault only (keyvault-devops).`,
                },
                parent,
            );
        }
        this.assignments = assignments;
        this.registerOutputs({});
    }
}

/** Access config, as validated by the stack's config schema. */
export interface AccessConfig {
    readonly pipelinePrincipalId?: string;
    readonly secretsOfficers: readonly { readonly principalId: string; readonly principalType: PrincipalType }[];
    readonly extraRoles: readonly { readonly principalId: string; readonly principalType: PrincipalType; readonly role: RoleName }[];
}

/** The grants the `access` config asks for: read for the pipeline principal, officer for admins, extras by name. */
export function accessGrantsFromConfig(access: AccessConfig): VaultRoleGrant[] {
    const grants: VaultRoleGrant[] = [];
    if (access.pipelinePrincipalId) {
        grants.push({
            key: access.pipelinePrincipalId.toLowerCase(),
            principalId: access.pipelinePrincipalId,
            principalType: "ServicePrincipal",
            role: "Key Vault Secrets User",
            description: "Azure DevOps service connection: read secrets of this vault only.",
        });
    }
    for (const officer of access.secretsOfficers) {
        grants.push({
            key: officer.principalId.toLowerCase(),
            principalId: officer.principalId,
            principalType: officer.principalType,
            role: "Key Vault Secrets Officer",
            description: "Secrets administrators of this environment.",
        });
    }
    for (const extra of access.extraRoles) {
        grants.push({ key: extra.principalId.toLowerCase(), principalId: extra.principalId, principalType: extra.principalType, role: extra.role });
    }
    return grants;
}
