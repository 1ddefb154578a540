import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { deterministicGuid } from "../stack/ids";
import { PrincipalType, ROLE_IDS, roleDefinitionId, RoleName } from "../stack/roles";

export interface ScopedRoleArgs {
    /** The resource the role applies to: never wider than the one resource that needs it. */
    readonly scope: pulumi.Input<string>;
    readonly principalId: pulumi.Input<string>;
    readonly principalType: PrincipalType;
    readonly role: RoleName;
    /** Subscription of the role definition. */
    readonly subscriptionId: pulumi.Input<string>;
    readonly description?: string;
}

/**
 * One role assignment whose name is a GUID of (scope, principal, role), like Bicep's guid(): re-running,
 * renaming the logical resource or reordering config never creates a duplicate assignment in Azure.
 */
export function scopedRoleAssignment(name: string, args: ScopedRoleArgs, opts?: pulumi.CustomResourceOptions): authorization.RoleAssignment {
    const roleGuid = ROLE_IDS[args.role];
    return new authorization.RoleAssignment(
        name,
        {
            scope: args.scope,
            roleAssignmentName: pulumi.all([args.scope, args.principalId]).apply(([scope, principal]) => deterministicGuid(scope, principal, roleGuid)),
            roleDefinitionId: pulumi.output(args.subscriptionId).apply((sub) => roleDefinitionId(sub, args.role)),
            principalId: args.principalId,
            principalType: args.principalType,
            description: args.description ?? `${args.role} on this resource only (keyvault-devops).`,
        },
        opts,
    );
}
