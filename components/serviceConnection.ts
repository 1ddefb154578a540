import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";
import * as authorization from "@pulumi/azure-native/authorization";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import { GUID_PATTERN } from "../stack/ids";
import { VaultRoleGrant } from "./vaultAccess";
import { DEVOPS_DEFAULTS } from "../stack/defaults";

/** The audience Entra ID expects in tokens exchanged through a federated identity credential. */
export const TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

export interface KeyVaultServiceConnectionArgs {
    /** ID of the Azure DevOps project the connection belongs to. */
    readonly projectId: pulumi.Input<string>;
    /** Environment name; part of the identity's name and the default connection name. */
    readonly environment: string;
    /** Project name, part of the managed identity's name. */
    readonly projectName: string;
    /**
     * `create`: a user-assigned managed identity and an AzureRM service connection that authenticates as it through
     * workload identity federation, so no secret is stored anywhere. `existing`: use `existingServiceConnectionId`,
     * whose principal is `existingPrincipalObjectId`. Default: `create`.
     */
    readonly mode?: "create" | "existing";
    /** Name of the created service connection. Default: `kv-<environment>`. `create` only. */
    readonly serviceConnectionName?: string;
    /** Description of the created service connection. Default: says what it is for and that the stack manages it. */
    readonly description?: string;
    /** Resource group of the managed identity. `create` only (required there). */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** Region of the managed identity. `create` only (required there). */
    readonly location?: pulumi.Input<string>;
    /** Entra ID tenant of the identity. Default: the deploying credentials' tenant. */
    readonly tenantId?: pulumi.Input<string>;
    /** Subscription the connection is scoped to. Default: the deploying credentials' subscription. */
    readonly subscriptionId?: pulumi.Input<string>;
    /** Display name of that subscription in Azure DevOps. Default: the subscription ID. */
    readonly subscriptionName?: pulumi.Input<string>;
    /** Tags for the managed identity. */
    readonly tags?: Readonly<Record<string, string>>;
    /** ID (GUID) of the existing service connection. `existing` only (required there). */
    readonly existingServiceConnectionId?: string;
    /** Object ID (GUID) of the existing connection's service principal, not its application ID. `existing` only (required there). */
    readonly existingPrincipalObjectId?: string;
    /**
     * `create` only: adopt an existing workload-identity AzureRM service connection instead of creating one, by its
     * `import` ID `<projectId>/<endpointId>` (stack/adoption.ts). Its credentials become the stack's managed identity
     * on the first `pulumi up`. Default: none.
     */
    readonly importId?: string;
}

/** `id-<project>-<environment>-ado`: the created managed identity's Azure name. */
export function serviceConnectionIdentityName(projectName: string, environment: string): string {
    return `id-${projectName}-${environment}-ado`;
}

/** The created connection's name: the one given, else `kv-<environment>`. */
export function serviceConnectionName(args: Pick<KeyVaultServiceConnectionArgs, "serviceConnectionName" | "environment">): string {
    return args.serviceConnectionName ?? DEVOPS_DEFAULTS.serviceConnectionName(args.environment);
}

/** The stable key of the service connection's grant: its role assignment is `<access>-secrets-user-devops-service-connection`. */
export const SERVICE_CONNECTION_GRANT_KEY = "devops-service-connection";

/** Key Vault Secrets User on the vault for the service connection's principal (a service principal or managed identity). */
export function serviceConnectionGrant(principalId: pulumi.Input<string>): VaultRoleGrant {
    return {
        key: SERVICE_CONNECTION_GRANT_KEY,
        principalId,
        principalType: "ServicePrincipal",
        role: "Key Vault Secrets User",
        description: "Azure DevOps service connection of the variable groups: read secrets of this vault only.",
    };
}

/** Checks args a caller could get wrong outside the stack config (the config schema checks the rest first). */
export function validateKeyVaultServiceConnectionArgs(args: KeyVaultServiceConnectionArgs): void {
    const mode = args.mode ?? "create";
    if (mode === "create") {
        if (args.existingServiceConnectionId !== undefined || args.existingPrincipalObjectId !== undefined) {
            throw new Error("KeyVaultServiceConnection: existingServiceConnectionId and existingPrincipalObjectId are for mode existing only");
        }
        if (args.resourceGroupName === undefined || args.location === undefined) {
            throw new Error("KeyVaultServiceConnection: mode create needs resourceGroupName and location for the managed identity");
        }
        if (serviceConnectionName(args).trim() === "") {
            throw new Error("KeyVaultServiceConnection: serviceConnectionName is empty");
        }
        return;
    }
    for (const [key, value] of [
        ["existingServiceConnectionId", args.existingServiceConnectionId],
        ["existingPrincipalObjectId", args.existingPrincipalObjectId],
    ] as const) {
        if (value === undefined || !GUID_PATTERN.test(value)) {
            throw new Error(`KeyVaultServiceConnection: mode existing needs ${key} as a GUID (found: ${value ?? "not set"})`);
        }
    }
    if (args.serviceConnectionName !== undefined) {
        throw new Error("KeyVaultServiceConnection: serviceConnectionName is for mode create only");
    }
    if (args.importId !== undefined) {
        throw new Error("KeyVaultServiceConnection: importId is for mode create only (an existing connection is only read)");
    }
}

/**
 * Throws when an existing connection's configured principal object ID is in fact its application (client) ID,
 * the most common mistake: a role assignment needs the service principal's object ID.
 */
export function checkExistingPrincipal(principalObjectId: string, connectionApplicationId: string | undefined, connectionId: string): string {
    if (connectionApplicationId && connectionApplicationId.toLowerCase() === principalObjectId.toLowerCase()) {
        throw new Error(
            `devops.serviceConnection.principalObjectId (${principalObjectId}) is the application (client) ID of service connection ${connectionId}, not its service principal's object ID. Fix: az ad sp show --id ${connectionApplicationId} --query id -o tsv, and set that value`,
        );
    }
    return principalObjectId;
}

/**
 * The Azure Resource Manager service connection variable groups read Key Vault through. In `create` mode it is
 * keyless: a user-assigned managed identity, a `WorkloadIdentityFederation` connection whose credentials name only
 * the identity's client ID, and a federated identity credential on the identity trusting the connection's issuer and
 * subject. In `existing` mode nothing is created: the connection is looked up (to check that the principal given is
 * not its application ID). Either way `principalId` is the principal to grant read access to the vault.
 */
export class KeyVaultServiceConnection extends pulumi.ComponentResource {
    /** The service connection's ID (what a variable group's `keyVault.serviceEndpointId` takes). */
    public readonly serviceConnectionId: pulumi.Output<string>;
    /** Object ID of the connection's service principal: the principal to give Key Vault Secrets User. */
    public readonly principalId: pulumi.Output<string>;
    /** Resources that must exist before the connection can authenticate (the federated credential in `create` mode). */
    public readonly ready: readonly pulumi.Resource[];
    public readonly identity?: managedidentity.UserAssignedIdentity;
    public readonly endpoint?: azuredevops.ServiceEndpointAzureRM;
    public readonly federatedCredential?: managedidentity.FederatedIdentityCredential;

    constructor(name: string, args: KeyVaultServiceConnectionArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateKeyVaultServiceConnectionArgs(args);
        super("keyvault-devops:index:KeyVaultServiceConnection", name, {}, opts);
        const parent = { parent: this };

        if ((args.mode ?? "create") === "existing") {
            const id = args.existingServiceConnectionId ?? "";
            const principalObjectId = args.existingPrincipalObjectId ?? "";
            const existing = azuredevops.getServiceEndpointAzureRMOutput({ projectId: args.projectId, serviceEndpointId: id }, parent);
            this.serviceConnectionId = pulumi.output(id);
            this.principalId = existing.servicePrincipalId.apply((appId) => checkExistingPrincipal(principalObjectId, appId, id));
            this.ready = [];
        } else {
            const clientConfig = authorization.getClientConfigOutput(parent);
            const subscriptionId = args.subscriptionId ?? clientConfig.subscriptionId;
            const connectionName = serviceConnectionName(args);

            const identity = new managedidentity.UserAssignedIdentity(
                `${name}-identity`,
                {
                    resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
                    resourceName: serviceConnectionIdentityName(args.projectName, args.environment),
                    location: args.location,
                    tags: args.tags,
                },
                parent,
            );
            const endpoint = new azuredevops.ServiceEndpointAzureRM(
                `${name}-endpoint`,
                {
                    projectId: args.projectId,
                    serviceEndpointName: connectionName,
                    description:
                        args.description ??
                        `Reads the ${args.environment} Key Vault's secrets for variable groups. Workload identity federation: no stored secret. Managed by Pulumi (keyvault-devops).`,
                    serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
                    credentials: { serviceprincipalid: identity.clientId },
                    azurermSpnTenantid: args.tenantId ?? clientConfig.tenantId,
                    azurermSubscriptionId: subscriptionId,
                    azurermSubscriptionName: args.subscriptionName ?? subscriptionId,
                },
                args.importId !== undefined ? { ...parent, import: args.importId } : parent,
            );
            const federatedCredential = new managedidentity.FederatedIdentityCredential(
                `${name}-federated-credential`,
                {
                    resourceGroupName: args.resourceGroupName as pulumi.Input<string>,
                    resourceName: identity.name,
                    federatedIdentityCredentialResourceName: "azure-devops",
                    issuer: endpoint.workloadIdentityFederationIssuer,
                    subject: endpoint.workloadIdentityFederationSubject,
                    audiences: [TOKEN_EXCHANGE_AUDIENCE],
                },
                parent,
            );
            this.identity = identity;
            this.endpoint = endpoint;
            this.federatedCredential = federatedCredential;
            this.serviceConnectionId = endpoint.id;
            this.principalId = identity.principalId;
            this.ready = [federatedCredential];
        }

        this.registerOutputs({ serviceConnectionId: this.serviceConnectionId, principalId: this.principalId });
    }
}
