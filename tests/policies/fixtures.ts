// Compliant ("happy path") resources and stacks; tests derive every failing case from these by changing one thing.
import { TestResource, urnOf } from "./helpers";

export const T = {
    Vault: "azure-native:keyvault:Vault",
    Secret: "azure-native:keyvault:Secret",
    RoleAssignment: "azure-native:authorization:RoleAssignment",
    LockByScope: "azure-native:authorization:ManagementLockByScope",
    LockAtResourceLevel: "azure-native:authorization:ManagementLockAtResourceLevel",
    DiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    SystemTopic: "azure-native:eventgrid:SystemTopic",
    EventSubscription: "azure-native:eventgrid:SystemTopicEventSubscription",
    Identity: "azure-native:managedidentity:UserAssignedIdentity",
    VariableGroup: "azuredevops:index/variableGroup:VariableGroup",
    PipelineAuthorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    ServiceEndpoint: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
} as const;

export const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
export const TENANT = "72f988bf-0000-0000-0000-000000000000";
export const CLIENT_ID = "11111111-1111-1111-1111-111111111111";
export const PRINCIPAL_ID = "22222222-2222-2222-2222-222222222222";
export const OTHER_PRINCIPAL_ID = "33333333-3333-3333-3333-333333333333";
export const ROLE = {
    Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
    Contributor: "b24988ac-6180-42a0-ab88-20f7382dd24c",
    UserAccessAdministrator: "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
    KeyVaultAdministrator: "00482a5a-887f-4fb3-b363-3b7fe8e74483",
    KeyVaultSecretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
    KeyVaultSecretsOfficer: "b86a8fe4-44ce-4948-aee5-eccb2c155cd7",
    KeyVaultReader: "21090545-7ca7-4776-b22c-e363652d74d2",
    KeyVaultCertificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    Reader: "acdd72a7-3385-48ef-bd42-f606fba81ae7",
} as const;
export const NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry";
export const EXPIRED = "Microsoft.KeyVault.SecretExpired";
/** 2026-01-01T00:00:00Z in unix seconds. */
export const NOT_BEFORE = 1767225600;
export const DAY = 86400;

export function roleDefinitionId(guid: string): string {
    return `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
}

export function rg(environment: string): string {
    return `rg-kv-${environment}`;
}

export function vaultNameFor(environment: string): string {
    return `kv-app-${environment}`;
}

export function vaultId(environment: string): string {
    return `${SUB}/resourceGroups/${rg(environment)}/providers/Microsoft.KeyVault/vaults/${vaultNameFor(environment)}`;
}

/** A compliant vault's inputs. */
export function vaultInputs(environment = "staging"): Record<string, unknown> {
    return {
        resourceGroupName: rg(environment),
        vaultName: vaultNameFor(environment),
        location: "westeurope",
        tags: { environment, workload: "app" },
        properties: {
            tenantId: TENANT,
            sku: { family: "A", name: environment === "production" ? "premium" : "standard" },
            enableRbacAuthorization: true,
            enableSoftDelete: true,
            softDeleteRetentionInDays: 90,
            enablePurgeProtection: true,
            publicNetworkAccess: "Disabled",
            networkAcls: {
                defaultAction: "Deny",
                bypass: "AzureServices",
                ipRules: [{ value: "203.0.113.10/32" }],
                virtualNetworkRules: [],
            },
        },
    };
}

export function vault(environment = "staging"): TestResource {
    return { type: T.Vault, name: "vault", stack: environment, props: vaultInputs(environment) };
}

/** A compliant secret's inputs: valid 60 days from notBefore, typed, kebab-case. */
export function secret(environment = "staging"): TestResource {
    return {
        type: T.Secret,
        name: "db-password",
        stack: environment,
        props: {
            resourceGroupName: rg(environment),
            vaultName: vaultNameFor(environment),
            secretName: "db-password",
            tags: { environment },
            properties: {
                value: "[secret]",
                contentType: "text/plain",
                attributes: { enabled: true, notBefore: NOT_BEFORE, expires: NOT_BEFORE + 60 * DAY },
            },
        },
    };
}

/** A compliant role assignment: Key Vault Secrets User on one vault, to the pipeline identity. */
export function roleAssignment(environment = "staging"): TestResource {
    return {
        type: T.RoleAssignment,
        name: "pipeline-secrets-user",
        stack: environment,
        props: {
            scope: vaultId(environment),
            roleAssignmentName: "9b6b7f1e-0000-4000-8000-000000000001",
            roleDefinitionId: roleDefinitionId(ROLE.KeyVaultSecretsUser),
            principalId: PRINCIPAL_ID,
            principalType: "ServicePrincipal",
        },
    };
}

/** A compliant Key Vault-linked variable group. */
export function linkedVariableGroup(environment = "staging"): TestResource {
    return {
        type: T.VariableGroup,
        name: "app-secrets",
        stack: environment,
        props: {
            projectId: "project-1",
            name: `app-secrets-${environment}`,
            description: "Secrets from Key Vault",
            allowAccess: false,
            keyVault: { name: vaultNameFor(environment), serviceEndpointId: "endpoint-1", searchDepth: 20 },
            variables: [{ name: "db-password" }],
        },
    };
}

/** A compliant plain variable group (no secrets). */
export function plainVariableGroup(environment = "staging"): TestResource {
    return {
        type: T.VariableGroup,
        name: "app-settings",
        stack: environment,
        props: {
            projectId: "project-1",
            name: `app-settings-${environment}`,
            allowAccess: false,
            variables: [
                { name: "LOG_LEVEL", value: "info" },
                { name: "REGION", value: "westeurope", isSecret: false },
            ],
        },
    };
}

/** A compliant pipeline authorization (one pipeline). */
export function pipelineAuthorization(environment = "staging"): TestResource {
    return {
        type: T.PipelineAuthorization,
        name: "app-secrets-pipeline",
        stack: environment,
        props: { projectId: "project-1", resourceId: "42", type: "variablegroup", pipelineId: 7 },
    };
}

/** A compliant AzureRM service connection (workload identity federation with a managed identity). */
export function serviceEndpoint(environment = "staging"): TestResource {
    return {
        type: T.ServiceEndpoint,
        name: "azure-connection",
        stack: environment,
        props: {
            projectId: "project-1",
            serviceEndpointName: `sc-kv-${environment}`,
            serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
            credentials: { serviceprincipalid: CLIENT_ID },
            azurermSpnTenantid: TENANT,
            azurermSubscriptionId: "00000000-0000-0000-0000-000000000000",
            azurermSubscriptionName: "subscription",
        },
    };
}

export interface StackOptions {
    /** Also record property dependencies (as the engine and the offline plan do). Default false: match by value. */
    readonly propertyDependencies?: boolean;
}

/**
 * A compliant stack, as stack validation sees it (outputs): vault with its audit diagnostic setting, delete lock,
 * Event Grid system topic and rotation subscription; pipeline identity, service connection and its read-only role;
 * a secret; variable groups and a pipeline authorization. The stack is named after the environment.
 */
export function compliantStack(environment = "staging", opts: StackOptions = {}): TestResource[] {
    const stack = environment;
    const id = vaultId(environment);
    const name = vaultNameFor(environment);
    const group = rg(environment);
    const topicName = `evgt-${name}`;
    const topicId = `${SUB}/resourceGroups/${group}/providers/Microsoft.EventGrid/systemTopics/${topicName}`;
    const identityId = `${SUB}/resourceGroups/${group}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-ado-${environment}`;
    const storageId = `${SUB}/resourceGroups/${group}/providers/Microsoft.Storage/storageAccounts/stdeadletter${environment}`;
    const vaultUrn = urnOf(T.Vault, "vault", stack);
    const topicUrn = urnOf(T.SystemTopic, "vault-events", stack);
    const identityUrn = urnOf(T.Identity, "pipeline-identity", stack);
    const deps = (d: Record<string, string[]>): Record<string, string[]> => (opts.propertyDependencies ? d : {});

    const theVault: TestResource = { ...vault(environment), props: { ...vaultInputs(environment), id, name } };
    const identity: TestResource = {
        type: T.Identity,
        name: "pipeline-identity",
        stack,
        props: {
            resourceGroupName: group,
            resourceName: `id-ado-${environment}`,
            location: "westeurope",
            id: identityId,
            name: `id-ado-${environment}`,
            clientId: CLIENT_ID,
            principalId: PRINCIPAL_ID,
            tenantId: TENANT,
        },
    };
    return [
        theVault,
        {
            type: T.DiagnosticSetting,
            name: "vault-diagnostics",
            stack,
            props: {
                resourceUri: id,
                name: "kv-audit",
                workspaceId: `${SUB}/resourceGroups/${group}/providers/Microsoft.OperationalInsights/workspaces/log-${environment}`,
                logs: [{ categoryGroup: "audit", enabled: true }],
                metrics: [{ category: "AllMetrics", enabled: true }],
                id: `${id}/providers/Microsoft.Insights/diagnosticSettings/kv-audit`,
            },
            propertyDependencies: deps({ resourceUri: [vaultUrn] }),
        },
        {
            type: T.LockByScope,
            name: "vault-lock",
            stack,
            props: {
                scope: id,
                lockName: "kv-no-delete",
                level: "CanNotDelete",
                notes: "Production secrets",
                id: `${id}/providers/Microsoft.Authorization/locks/kv-no-delete`,
            },
            propertyDependencies: deps({ scope: [vaultUrn] }),
        },
        {
            type: T.SystemTopic,
            name: "vault-events",
            stack,
            props: {
                resourceGroupName: group,
                systemTopicName: topicName,
                source: id,
                topicType: "Microsoft.KeyVault.vaults",
                location: "westeurope",
                id: topicId,
                name: topicName,
            },
            propertyDependencies: deps({ source: [vaultUrn] }),
        },
        {
            type: T.EventSubscription,
            name: "secret-expiry",
            stack,
            props: {
                resourceGroupName: group,
                systemTopicName: topicName,
                eventSubscriptionName: "secret-expiry",
                filter: { includedEventTypes: [NEAR_EXPIRY, EXPIRED] },
                retryPolicy: { maxDeliveryAttempts: 10, eventTimeToLiveInMinutes: 1440 },
                deadLetterWithResourceIdentity: {
                    identity: { type: "UserAssigned", userAssignedIdentity: identityId },
                    deadLetterDestination: { endpointType: "StorageBlob", resourceId: storageId, blobContainerName: "deadletter" },
                },
                deliveryWithResourceIdentity: {
                    identity: { type: "UserAssigned", userAssignedIdentity: identityId },
                    destination: { endpointType: "AzureFunction", resourceId: `${SUB}/sites/func-rotation/functions/rotate` },
                },
                id: `${topicId}/eventSubscriptions/secret-expiry`,
                name: "secret-expiry",
            },
            propertyDependencies: deps({ systemTopicName: [topicUrn], resourceGroupName: [] }),
        },
        identity,
        {
            ...serviceEndpoint(environment),
            propertyDependencies: deps({ credentials: [identityUrn] }),
        },
        {
            ...roleAssignment(environment),
            propertyDependencies: deps({ scope: [vaultUrn], principalId: [identityUrn] }),
        },
        { ...secret(environment), propertyDependencies: deps({ vaultName: [vaultUrn] }) },
        linkedVariableGroup(environment),
        plainVariableGroup(environment),
        pipelineAuthorization(environment),
    ];
}

/** Replaces the resource named `name` in a stack. */
export function replaceIn(
    resources: readonly TestResource[],
    name: string,
    edit: (r: TestResource) => TestResource | undefined,
): TestResource[] {
    return resources.flatMap((r) => {
        if (r.name !== name) {
            return [r];
        }
        const edited = edit(r);
        return edited === undefined ? [] : [edited];
    });
}

export function named(resources: readonly TestResource[], name: string): TestResource {
    const found = resources.find((r) => r.name === name);
    if (found === undefined) {
        throw new Error(`no resource named ${name}`);
    }
    return found;
}
