// Azure RBAC around Key Vault: data roles scoped to one vault, read-only roles for the identities behind Azure
// DevOps service connections, and no privileged roles for service principals.
import type { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { keyVaultDataRoles, privilegedRoles, resolveRole, roleDisplayName, roleGuid } from "./azureRoles";
import {
    displayName,
    field,
    isUnknown,
    mustMessage,
    ofType,
    policyConfig,
    sameAzureId,
    show,
    StackResource,
    str,
    Types,
    UNKNOWN,
    validateResourceTypes,
    validateStackPlain,
} from "./util";

const VAULT_SCOPE = /\/providers\/microsoft\.keyvault\/vaults\/[^/]+/i;

export const keyVaultRoleAssignmentVaultScope: ResourceValidationPolicy = {
    name: "keyvault-role-assignment-vault-scope",
    description:
        "Checks whether role assignments of Key Vault data roles (Administrator, Secrets Officer, Secrets User, Certificates Officer, Certificate User, Crypto Officer, Crypto User, Reader, Data Access Administrator) are scoped to a single Key Vault rather than a resource group, subscription or management group.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.RoleAssignment, ({ props, name }, report) => {
        const role = str(props["roleDefinitionId"]);
        if (role === UNKNOWN || role === undefined) {
            return;
        }
        const guid = roleGuid(role);
        if (guid === undefined || !keyVaultDataRoles.has(guid)) {
            return;
        }
        const scope = str(props["scope"]);
        if (scope === UNKNOWN || (scope !== undefined && VAULT_SCOPE.test(scope))) {
            return;
        }
        report(mustMessage(`Role assignment '${name}'`, `scope ${roleDisplayName(role)} to a single Key Vault`, scope));
    }),
};

const privilegedSchema: PolicyConfigSchema = {
    properties: {
        allowedPrincipalIds: {
            type: "array",
            items: { type: "string" },
            default: [],
            description: "Service principal object IDs that may hold privileged roles (break-glass automation).",
        },
    },
};

export const noPrivilegedRoleForServicePrincipal: ResourceValidationPolicy = {
    name: "no-privileged-role-for-service-principal",
    description:
        "Checks whether role assignments grant Owner, Contributor, User Access Administrator, Role Based Access Control Administrator or Key Vault Administrator to a ServicePrincipal outside the allowedPrincipalIds list.",
    enforcementLevel: "mandatory",
    configSchema: privilegedSchema,
    validateResource: validateResourceTypes(Types.RoleAssignment, ({ args, props, name }, report) => {
        const { allowedPrincipalIds } = policyConfig<{ allowedPrincipalIds: string[] }>(privilegedSchema, () =>
            args.getConfig(),
        );
        const principalType = str(props["principalType"]);
        const role = str(props["roleDefinitionId"]);
        if (principalType === UNKNOWN || role === UNKNOWN || role === undefined) {
            return;
        }
        if (principalType?.toLowerCase() !== "serviceprincipal") {
            return;
        }
        const guid = roleGuid(role);
        if (guid === undefined || !privilegedRoles.has(guid)) {
            return;
        }
        const principal = str(props["principalId"]);
        if (principal === UNKNOWN || (principal !== undefined && allowedPrincipalIds.some((id) => sameAzureId(id, principal)))) {
            return;
        }
        report(
            mustMessage(
                `Role assignment '${name}'`,
                `not grant ${roleDisplayName(role)} to a ServicePrincipal`,
                `principalId ${show(principal)}`,
            ),
        );
    }),
};

const serviceConnectionRolesSchema: PolicyConfigSchema = {
    properties: {
        allowedRoles: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: ["Key Vault Secrets User", "Key Vault Reader", "Key Vault Certificate User"],
            description: "Roles (built-in display names or role definition GUIDs) a service connection identity may hold.",
        },
        serviceConnectionPrincipalIds: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                "Object (principal) IDs of service connection identities created outside the stack, in addition to those the policy finds.",
        },
    },
};

/** A principal behind an Azure DevOps service connection. */
interface ServiceConnectionPrincipal {
    readonly label: string;
    readonly identity?: StackResource;
    readonly principalId?: string;
}

/** The user-assigned identities whose clientId an AzureRM service connection uses (credentials.serviceprincipalid). */
function serviceConnectionIdentities(resources: readonly StackResource[]): ServiceConnectionPrincipal[] {
    const identities = ofType(resources, Types.UserAssignedIdentity);
    const found: ServiceConnectionPrincipal[] = [];
    for (const endpoint of ofType(resources, Types.ServiceEndpointAzureRM)) {
        const clientId = str(field(endpoint.props, "credentials", "serviceprincipalid"));
        const deps = endpoint.propertyDependencies["credentials"] ?? [];
        for (const identity of identities) {
            const identityClientId = str(identity.props["clientId"]);
            const byValue =
                typeof clientId === "string" &&
                typeof identityClientId === "string" &&
                sameAzureId(clientId, identityClientId);
            if ((byValue || deps.includes(identity.urn)) && !found.some((f) => f.identity === identity)) {
                const endpointName = displayName(endpoint.props["serviceEndpointName"], endpoint.name);
                const principalId = str(identity.props["principalId"]);
                found.push({
                    label: `the identity of service connection '${endpointName}'`,
                    identity,
                    principalId: typeof principalId === "string" ? principalId : undefined,
                });
            }
        }
    }
    return found;
}

export const serviceConnectionReadOnlyRoles: StackValidationPolicy = {
    name: "service-connection-read-only-roles",
    description:
        "Checks whether the identities behind Azure DevOps service connections (a user-assigned identity whose clientId a ServiceEndpointAzureRM uses, or a configured principal) hold only read-only Key Vault roles.",
    enforcementLevel: "mandatory",
    configSchema: serviceConnectionRolesSchema,
    validateStack: validateStackPlain((resources, args, report) => {
        const config = policyConfig<{ allowedRoles: string[]; serviceConnectionPrincipalIds: string[] }>(
            serviceConnectionRolesSchema,
            () => args.getConfig(),
        );
        const allowed = new Set(config.allowedRoles.map((r) => resolveRole(r) ?? r.toLowerCase()));
        const allowedNames = config.allowedRoles.map((r) => roleDisplayName(resolveRole(r) ?? r)).join(", ");
        const principals: ServiceConnectionPrincipal[] = [
            ...serviceConnectionIdentities(resources),
            ...config.serviceConnectionPrincipalIds.map((id) => ({
                label: `service connection principal '${id}'`,
                principalId: id,
            })),
        ];
        if (principals.length === 0) {
            return;
        }
        for (const assignment of ofType(resources, Types.RoleAssignment)) {
            const principalId = str(assignment.props["principalId"]);
            const deps = assignment.propertyDependencies["principalId"] ?? [];
            const principal = principals.find(
                (p) =>
                    (p.identity !== undefined && deps.includes(p.identity.urn)) ||
                    (typeof principalId === "string" &&
                        p.principalId !== undefined &&
                        !isUnknown(p.principalId) &&
                        sameAzureId(principalId, p.principalId)),
            );
            const role = str(assignment.props["roleDefinitionId"]);
            if (principal === undefined || role === UNKNOWN || role === undefined) {
                continue;
            }
            if (allowed.has(roleGuid(role) ?? role.toLowerCase())) {
                continue;
            }
            report(
                mustMessage(
                    `Role assignment '${assignment.name}'`,
                    `grant ${principal.label} only read-only roles (${allowedNames})`,
                    roleDisplayName(role),
                ),
                assignment.urn,
            );
        }
    }),
};
