// The type tokens the policies look at, and how a resource's type is matched.

/** The type tokens the policies look at (azure-native v3, the Azure DevOps provider). */
export const Types = {
    Vault: "azure-native:keyvault:Vault",
    Secret: "azure-native:keyvault:Secret",
    Key: "azure-native:keyvault:Key",
    RoleAssignment: "azure-native:authorization:RoleAssignment",
    ManagementLockByScope: "azure-native:authorization:ManagementLockByScope",
    ManagementLockAtResourceLevel: "azure-native:authorization:ManagementLockAtResourceLevel",
    DiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    SystemTopic: "azure-native:eventgrid:SystemTopic",
    SystemTopicEventSubscription: "azure-native:eventgrid:SystemTopicEventSubscription",
    UserAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    VariableGroup: "azuredevops:index/variableGroup:VariableGroup",
    PipelineAuthorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    ServiceEndpointAzureRM: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
    /** The classic provider's Key Vault certificate (a data-plane object; azure-native has none). */
    Certificate: "azure:keyvault/certificate:Certificate",
} as const;

/** Older azure-native majors spell some modules differently. */
const MODULE_ALIASES: Readonly<Record<string, string>> = { "azure-native:insights": "azure-native:monitor" };

/**
 * Whether a resource's type token is `token`, also accepting azure-native's explicit API-version modules
 * (`azure-native:keyvault/v20230701:Vault`, azure-native v1/v2) and the v2 `insights` module for `monitor`.
 */
export function isType(actual: string, token: string): boolean {
    if (actual === token) {
        return true;
    }
    const m = /^(azure-native:[A-Za-z0-9]+)(?:\/v[0-9]{8}(?:preview)?)?:([A-Za-z0-9]+)$/.exec(actual);
    if (!m) {
        return false;
    }
    const module = MODULE_ALIASES[m[1] ?? ""] ?? m[1];
    return `${module}:${m[2]}` === token;
}
