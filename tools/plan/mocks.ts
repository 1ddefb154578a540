import { createHash } from "crypto";
import { deterministicGuid } from "../../stack/ids";

/*
 * Deterministic stand-ins for what the cloud would compute. Same code and config → same plan, byte for byte:
 * nothing here reads the clock or a random source; every placeholder is derived from the resource's URN or inputs.
 */

export const MOCK_SUBSCRIPTION_ID = "00000000-0000-0000-0000-000000000000";
export const MOCK_TENANT_ID = "11111111-1111-1111-1111-111111111111";
export const MOCK_DEPLOYER_OBJECT_ID = "22222222-2222-2222-2222-222222222222";
/** The time mocked `time` resources are created at when the evaluation is given no clock (tests). */
export const MOCK_NOW = "2026-01-01T00:00:00Z";

type Props = Record<string, unknown>;

/** Where azure-native resources live in ARM, by type token: the resource name input and the ARM path segment. */
const ARM_TYPES: Readonly<Record<string, { readonly nameInput: string; readonly path: string; readonly parentInput?: string }>> = {
    "azure-native:keyvault:Vault": { nameInput: "vaultName", path: "Microsoft.KeyVault/vaults" },
    "azure-native:keyvault:Secret": { nameInput: "secretName", path: "secrets", parentInput: "vaultName" },
    "azure-native:keyvault:Key": { nameInput: "keyName", path: "keys", parentInput: "vaultName" },
    "azure-native:operationalinsights:Workspace": { nameInput: "workspaceName", path: "Microsoft.OperationalInsights/workspaces" },
    "azure-native:managedidentity:UserAssignedIdentity": { nameInput: "resourceName", path: "Microsoft.ManagedIdentity/userAssignedIdentities" },
    "azure-native:managedidentity:FederatedIdentityCredential": {
        nameInput: "federatedIdentityCredentialResourceName",
        path: "federatedIdentityCredentials",
        parentInput: "resourceName",
    },
    "azure-native:storage:StorageAccount": { nameInput: "accountName", path: "Microsoft.Storage/storageAccounts" },
    "azure-native:storage:BlobContainer": { nameInput: "containerName", path: "blobServices/default/containers", parentInput: "accountName" },
    "azure-native:web:WebApp": { nameInput: "name", path: "Microsoft.Web/sites" },
    "azure-native:web:AppServicePlan": { nameInput: "name", path: "Microsoft.Web/serverfarms" },
    "azure-native:eventgrid:SystemTopic": { nameInput: "systemTopicName", path: "Microsoft.EventGrid/systemTopics" },
    "azure-native:eventgrid:SystemTopicEventSubscription": {
        nameInput: "eventSubscriptionName",
        path: "eventSubscriptions",
        parentInput: "systemTopicName",
    },
    "azure-native:network:VirtualNetwork": { nameInput: "virtualNetworkName", path: "Microsoft.Network/virtualNetworks" },
    "azure-native:network:Subnet": { nameInput: "subnetName", path: "subnets", parentInput: "virtualNetworkName" },
};

const PARENT_PATHS: Readonly<Record<string, string>> = {
    vaultName: "Microsoft.KeyVault/vaults",
    resourceName: "Microsoft.ManagedIdentity/userAssignedIdentities",
    accountName: "Microsoft.Storage/storageAccounts",
    systemTopicName: "Microsoft.EventGrid/systemTopics",
    virtualNetworkName: "Microsoft.Network/virtualNetworks",
};

function str(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

function hashChars(seed: string, length: number, alphabet: string): string {
    let out = "";
    let counter = 0;
    while (out.length < length) {
        const digest = createHash("sha256").update(`${seed}#${counter++}`).digest();
        for (const byte of digest) {
            if (out.length < length) {
                out += alphabet[byte % alphabet.length];
            }
        }
    }
    return out;
}

function addDays(rfc3339: string, days: number): string {
    return new Date(Date.parse(rfc3339) + days * 86_400_000).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * The ID and computed outputs a resource would get. `inputs` are the real (deserialized) inputs. `now` (RFC 3339) is
 * when `time` resources are created: the plan's clock, so expiries derived from them are measured by the policies
 * from the same instant, as at a real deployment.
 */
export function mockResource(type: string, name: string, urn: string, inputs: Props, now: string = MOCK_NOW): { id: string; state: Props } {
    const rg = str(inputs.resourceGroupName);
    const arm = ARM_TYPES[type];
    if (arm && rg) {
        const resourceName = str(inputs[arm.nameInput]) ?? name;
        const parentName = arm.parentInput ? str(inputs[arm.parentInput]) : undefined;
        const base = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rg}/providers`;
        const id = parentName
            ? `${base}/${PARENT_PATHS[arm.parentInput ?? ""] ?? "parent"}/${parentName}/${arm.path}/${resourceName}`
            : `${base}/${arm.path}/${resourceName}`;
        const state: Props = { ...inputs, name: resourceName, id };
        if (type === "azure-native:keyvault:Vault") {
            state.properties = { ...(inputs.properties as Props | undefined), vaultUri: `https://${resourceName}.vault.azure.net/` };
        }
        if (type === "azure-native:keyvault:Secret") {
            const vault = parentName ?? "vault";
            state.properties = {
                ...(inputs.properties as Props | undefined),
                secretUri: `https://${vault}.vault.azure.net/secrets/${resourceName}`,
                secretUriWithVersion: `https://${vault}.vault.azure.net/secrets/${resourceName}/${hashChars(urn, 32, "0123456789abcdef")}`,
            };
        }
        if (type === "azure-native:keyvault:Key") {
            // Key outputs are top-level (azure-native flattens the key's properties): never key material.
            const vault = parentName ?? "vault";
            state.keyUri = `https://${vault}.vault.azure.net/keys/${resourceName}`;
            state.keyUriWithVersion = `${state.keyUri}/${hashChars(urn, 32, "0123456789abcdef")}`;
        }
        if (type === "azure-native:managedidentity:UserAssignedIdentity") {
            state.principalId = deterministicGuid("principal", urn);
            state.clientId = deterministicGuid("client", urn);
            state.tenantId = MOCK_TENANT_ID;
        }
        if (type === "azure-native:operationalinsights:Workspace") {
            state.customerId = deterministicGuid("workspace", urn);
        }
        if (type === "azure-native:web:WebApp") {
            state.defaultHostName = `${resourceName}.azurewebsites.net`;
            state.identity = { ...(inputs.identity as Props | undefined), principalId: deterministicGuid("principal", urn), tenantId: MOCK_TENANT_ID };
        }
        if (type === "azure-native:eventgrid:SystemTopic") {
            state.identity = { ...(inputs.identity as Props | undefined), principalId: deterministicGuid("principal", urn), tenantId: MOCK_TENANT_ID };
        }
        if (type === "azure-native:storage:StorageAccount") {
            state.primaryEndpoints = { blob: `https://${resourceName}.blob.core.windows.net/` };
        }
        return { id, state };
    }
    switch (type) {
        case "azure-native:resources:ResourceGroup": {
            const rgName = str(inputs.resourceGroupName) ?? name;
            const id = `/subscriptions/${MOCK_SUBSCRIPTION_ID}/resourceGroups/${rgName}`;
            return { id, state: { ...inputs, name: rgName, id } };
        }
        case "azure-native:authorization:RoleAssignment": {
            const id = `${str(inputs.scope) ?? ""}/providers/Microsoft.Authorization/roleAssignments/${str(inputs.roleAssignmentName) ?? name}`;
            return { id, state: { ...inputs, name: str(inputs.roleAssignmentName) ?? name, id } };
        }
        case "azure-native:authorization:ManagementLockByScope": {
            const id = `${str(inputs.scope) ?? ""}/providers/Microsoft.Authorization/locks/${str(inputs.lockName) ?? name}`;
            return { id, state: { ...inputs, name: str(inputs.lockName) ?? name, id } };
        }
        case "azure-native:monitor:DiagnosticSetting": {
            const id = `${str(inputs.resourceUri) ?? ""}/providers/Microsoft.Insights/diagnosticSettings/${str(inputs.name) ?? name}`;
            return { id, state: { ...inputs, id } };
        }
        case "random:index/randomString:RandomString": {
            const length = typeof inputs.length === "number" ? inputs.length : 8;
            const alphabet = `${inputs.lower === false ? "" : "abcdefghijklmnopqrstuvwxyz"}${inputs.numeric === false ? "" : "0123456789"}${inputs.upper === false ? "" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}`;
            const result = hashChars(urn, length, alphabet || "abcdefghijklmnopqrstuvwxyz");
            return { id: result, state: { ...inputs, result } };
        }
        case "random:index/randomPassword:RandomPassword": {
            const length = typeof inputs.length === "number" ? inputs.length : 16;
            const result = hashChars(urn, length, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
            return { id: "none", state: { ...inputs, result, bcryptHash: "$2a$10$mock" } };
        }
        case "time:index/rotating:Rotating":
        case "time:index/static:Static": {
            const base = str(inputs.rfc3339) ?? now;
            const days = typeof inputs.rotationDays === "number" ? inputs.rotationDays : 0;
            const state: Props = { ...inputs, rfc3339: base, unix: Math.floor(Date.parse(base) / 1000), id: base };
            if (type === "time:index/rotating:Rotating") {
                state.rotationRfc3339 = addDays(base, days);
            }
            return { id: base, state };
        }
        case "time:index/sleep:Sleep":
            return { id: MOCK_NOW, state: { ...inputs } };
        case "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM": {
            const id = deterministicGuid("endpoint", urn);
            const endpointName = str(inputs.serviceEndpointName) ?? name;
            return {
                id,
                state: {
                    ...inputs,
                    id,
                    authorization: { scheme: str(inputs.serviceEndpointAuthenticationScheme) ?? "ServicePrincipal" },
                    servicePrincipalId: deterministicGuid("endpoint-client", urn),
                    azurermSpnTenantid: str(inputs.azurermSpnTenantid) ?? MOCK_TENANT_ID,
                    serverUrl: "https://management.azure.com/",
                    workloadIdentityFederationIssuer: `https://vstoken.dev.azure.com/${deterministicGuid("organization", MOCK_TENANT_ID)}`,
                    workloadIdentityFederationSubject: `sc://mock-organization/${str(inputs.projectId) ?? "project"}/${endpointName}`,
                },
            };
        }
        case "azuredevops:index/environment:Environment": {
            const id = String(1000 + (parseInt(hashChars(urn, 4, "0123456789"), 10) % 9000));
            return { id, state: { ...inputs, id } };
        }
        case "azuredevops:index/checkApproval:CheckApproval":
        case "azuredevops:index/checkBusinessHours:CheckBusinessHours": {
            const id = String(parseInt(hashChars(urn, 5, "0123456789"), 10));
            return { id, state: { ...inputs, id, version: 1 } };
        }
        case "azuredevops:index/pipelineAuthorization:PipelineAuthorization": {
            const id = deterministicGuid("pipeline-authorization", urn);
            return { id, state: { ...inputs, id } };
        }
        case "azuredevops:index/buildDefinition:BuildDefinition": {
            // The provider's id is the numeric definition ID, as a string.
            const id = String(100 + (parseInt(hashChars(urn, 4, "0123456789"), 10) % 9000));
            return { id, state: { ...inputs, id, revision: 1 } };
        }
        case "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation": {
            const id = String(1 + (parseInt(hashChars(urn, 4, "0123456789"), 10) % 9999));
            return { id, state: { ...inputs, id } };
        }
        case "azuredevops:index/variableGroup:VariableGroup": {
            const id = String(1 + (parseInt(hashChars(urn, 4, "0123456789"), 10) % 9999));
            return { id, state: { ...inputs, id } };
        }
        case "azure:keyvault/certificate:Certificate": {
            // The classic provider's IDs are the data-plane URLs (keyvault/certificate.d.ts): id = versioned certificate ID.
            const vaultId = str(inputs.keyVaultId) ?? "";
            const vaultName = vaultId.split("/").pop() || "vault";
            const certName = str(inputs.name) ?? name;
            const version = hashChars(urn, 32, "0123456789abcdef");
            const base = `https://${vaultName}.vault.azure.net`;
            const id = `${base}/certificates/${certName}/${version}`;
            return {
                id,
                state: {
                    ...inputs,
                    name: certName,
                    version,
                    versionlessId: `${base}/certificates/${certName}`,
                    secretId: `${base}/secrets/${certName}/${version}`,
                    versionlessSecretId: `${base}/secrets/${certName}`,
                    resourceManagerId: `${vaultId}/certificates/${certName}/versions/${version}`,
                    resourceManagerVersionlessId: `${vaultId}/certificates/${certName}`,
                    thumbprint: hashChars(`${urn}#thumbprint`, 40, "0123456789ABCDEF"),
                },
            };
        }
        default:
            return { id: `${name}-id`, state: { ...inputs } };
    }
}

/**
 * The ID a resource has once imported with the given `import` ID: azure-native imports by ARM ID and keeps it as the
 * ID; the azuredevops provider's import IDs are `<project>/<id>` and the resource's ID is the `<id>` part (its
 * importers set the ID from the last segment: pulumi-azuredevops docs, "Import" sections).
 */
export function importedId(type: string, importId: string): string {
    return type.startsWith("azuredevops:") ? (importId.split("/").pop() ?? importId) : importId;
}

/** Results of provider functions the programs call. */
export function mockCall(token: string, inputs: Props): Props {
    switch (token) {
        case "azure-native:authorization:getClientConfig":
            return { clientId: deterministicGuid("deployer-client"), objectId: MOCK_DEPLOYER_OBJECT_ID, subscriptionId: MOCK_SUBSCRIPTION_ID, tenantId: MOCK_TENANT_ID };
        case "azuredevops:index/getProject:getProject": {
            const projectName = str(inputs.name) ?? "project";
            const id = str(inputs.projectId) ?? deterministicGuid("ado-project", projectName);
            return { id, projectId: id, name: projectName, description: "", visibility: "private", versionControl: "Git", workItemTemplate: "Agile", processTemplateId: deterministicGuid("process"), features: {} };
        }
        case "azuredevops:index/getServiceEndpointAzureRM:getServiceEndpointAzureRM": {
            // An existing workload-identity connection: its application (client) ID differs from any object ID.
            const endpointId = str(inputs.serviceEndpointId) ?? deterministicGuid("endpoint", str(inputs.serviceEndpointName) ?? "existing");
            const endpointName = str(inputs.serviceEndpointName) ?? "existing-connection";
            return {
                id: endpointId,
                serviceEndpointId: endpointId,
                serviceEndpointName: endpointName,
                projectId: str(inputs.projectId) ?? "",
                description: "",
                authorization: { scheme: "WorkloadIdentityFederation" },
                azurermManagementGroupId: "",
                azurermManagementGroupName: "",
                azurermSpnTenantid: MOCK_TENANT_ID,
                azurermSubscriptionId: MOCK_SUBSCRIPTION_ID,
                azurermSubscriptionName: "mock-subscription",
                environment: "AzureCloud",
                resourceGroup: "",
                serverUrl: "https://management.azure.com/",
                serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
                servicePrincipalId: deterministicGuid("endpoint-client", endpointId),
                workloadIdentityFederationIssuer: `https://vstoken.dev.azure.com/${deterministicGuid("organization", MOCK_TENANT_ID)}`,
                workloadIdentityFederationSubject: `sc://mock-organization/${str(inputs.projectId) ?? "project"}/${endpointName}`,
            };
        }
        case "azuredevops:index/getGitRepository:getGitRepository": {
            const repoName = str(inputs.name) ?? "repository";
            const id = deterministicGuid("ado-repository", `${str(inputs.projectId) ?? ""}/${repoName}`);
            const url = `https://dev.azure.com/mock-organization/_git/${encodeURIComponent(repoName)}`;
            return { id, name: repoName, projectId: str(inputs.projectId) ?? "", defaultBranch: "refs/heads/main", disabled: false, isFork: false, size: 0, remoteUrl: url, url, webUrl: url, sshUrl: `git@ssh.dev.azure.com:v3/mock-organization/${repoName}` };
        }
        case "azuredevops:index/getIdentityGroup:getIdentityGroup": {
            // An Azure DevOps identity: its ID is not the Entra object ID of the group it may mirror.
            const groupName = str(inputs.name) ?? "group";
            const id = deterministicGuid("ado-identity", groupName);
            return { id, name: groupName, projectId: str(inputs.projectId) ?? "", descriptor: `vssgp.${id}`, subjectDescriptor: `vssgp.${id}` };
        }
        case "azuredevops:index/getIdentityUsers:getIdentityUsers": {
            const userName = str(inputs.name) ?? "user";
            const id = deterministicGuid("ado-identity", userName);
            return { id, name: userName, ...(str(inputs.searchFilter) ? { searchFilter: str(inputs.searchFilter) } : {}), descriptor: `aad.${id}`, subjectDescriptor: `aad.${id}` };
        }
        default:
            return { ...inputs };
    }
}
