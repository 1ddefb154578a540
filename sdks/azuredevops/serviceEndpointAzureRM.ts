// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * Manages Manual or Automatic Azure Resource Manager service endpoint within Azure DevOps.
 *
 * Omitting `credentials` creates an *automatic* endpoint (Azure DevOps creates the service principal).
 * For manual Workload Identity Federation, set `credentials.serviceprincipalid` to the client ID of your
 * application or managed identity and create a federated credential with issuer
 * `workloadIdentityFederationIssuer`, subject `workloadIdentityFederationSubject` and audience `api://AzureADTokenExchange`.
 *
 * ## Example Usage
 *
 * ### Service Principal Manual AzureRM Service Endpoint (Subscription Scoped)
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = new azuredevops.ServiceEndpointAzureRM("example", {
 *     projectId: project.id,
 *     serviceEndpointName: "Example AzureRM",
 *     description: "Managed by Pulumi",
 *     serviceEndpointAuthenticationScheme: "ServicePrincipal",
 *     credentials: {
 *         serviceprincipalid: "00000000-0000-0000-0000-000000000000",
 *         serviceprincipalkey: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
 *     },
 *     azurermSpnTenantid: "00000000-0000-0000-0000-000000000000",
 *     azurermSubscriptionId: "00000000-0000-0000-0000-000000000000",
 *     azurermSubscriptionName: "Example Subscription Name",
 * });
 * ```
 *
 * ## Import
 *
 * Import uses **projectID/serviceEndpointID** or **projectName/serviceEndpointID**:
 *
 * ```sh
 * $ pulumi import azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM example 00000000-0000-0000-0000-000000000000/00000000-0000-0000-0000-000000000000
 * ```
 */
export class ServiceEndpointAzureRM extends pulumi.CustomResource {
    /**
     * Get an existing ServiceEndpointAzureRM resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ServiceEndpointAzureRMState, opts?: pulumi.CustomResourceOptions): ServiceEndpointAzureRM {
        return new ServiceEndpointAzureRM(name, state as ServiceEndpointAzureRMArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM';

    /**
     * Returns true if the given object is an instance of ServiceEndpointAzureRM.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is ServiceEndpointAzureRM {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === ServiceEndpointAzureRM.__pulumiType;
    }

    /**
     * The authorization scheme and parameters of the service endpoint (not marked secret).
     */
    declare public readonly authorization: pulumi.Output<{[key: string]: string}>;
    /**
     * The Management group ID of the Azure targets.
     */
    declare public readonly azurermManagementGroupId: pulumi.Output<string | undefined>;
    /**
     * The Management group Name of the targets.
     */
    declare public readonly azurermManagementGroupName: pulumi.Output<string | undefined>;
    /**
     * The Tenant ID of the service principal.
     */
    declare public readonly azurermSpnTenantid: pulumi.Output<string>;
    /**
     * The Subscription ID of the Azure targets.
     */
    declare public readonly azurermSubscriptionId: pulumi.Output<string | undefined>;
    /**
     * The Subscription Name of the targets.
     */
    declare public readonly azurermSubscriptionName: pulumi.Output<string | undefined>;
    /**
     * A `credentials` block (a single object, not a list) as defined below. Omit it to create an automatic service endpoint, where Azure DevOps creates the service principal.
     */
    declare public readonly credentials: pulumi.Output<outputs.ServiceEndpointAzureRMCredentials | undefined>;
    /**
     * Service connection description.
     */
    declare public readonly description: pulumi.Output<string | undefined>;
    /**
     * The Cloud Environment to use. Defaults to `AzureCloud`. Possible values are `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment`, `AzureGermanCloud` and `AzureStack`. Changing this forces a new resource to be created.
     */
    declare public readonly environment: pulumi.Output<string | undefined>;
    /**
     * A `features` block (a single object, not a list) as defined below.
     */
    declare public readonly features: pulumi.Output<outputs.ServiceEndpointAzureRMFeatures | undefined>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * The resource group used for scope of automatic service endpoint. Changing this forces a new resource to be created.
     */
    declare public readonly resourceGroup: pulumi.Output<string | undefined>;
    /**
     * The server URL of the service endpoint. Changing this forces a new resource to be created.
     *
     * > **NOTE:** One of either `Subscription` scoped i.e. `azurermSubscriptionId`, `azurermSubscriptionName` or `ManagementGroup` scoped i.e. `azurermManagementGroupId`, `azurermManagementGroupName` values must be specified.
     */
    declare public readonly serverUrl: pulumi.Output<string>;
    /**
     * Specifies the type of Azure Resource Manager Service Endpoint. Possible values are `WorkloadIdentityFederation`, `ManagedServiceIdentity` or `ServicePrincipal`. Defaults to `ServicePrincipal` for backwards compatibility. Changing this forces a new resource to be created.
     */
    declare public readonly serviceEndpointAuthenticationScheme: pulumi.Output<string | undefined>;
    /**
     * The Service Endpoint Name.
     */
    declare public readonly serviceEndpointName: pulumi.Output<string>;
    /**
     * The Application(Client) ID of the Service Principal.
     */
    declare public readonly servicePrincipalId: pulumi.Output<string>;
    /**
     * The issuer if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`. This looks like `https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000000`, where the GUID is the Organization ID of your Azure DevOps Organisation.
     */
    declare public readonly workloadIdentityFederationIssuer: pulumi.Output<string>;
    /**
     * The subject if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`. This looks like `sc://<organisation>/<project>/<service-connection-name>`.
     */
    declare public readonly workloadIdentityFederationSubject: pulumi.Output<string>;

    /**
     * Create a ServiceEndpointAzureRM resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ServiceEndpointAzureRMArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ServiceEndpointAzureRMArgs | ServiceEndpointAzureRMState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ServiceEndpointAzureRMState | undefined;
            resourceInputs["authorization"] = state?.authorization;
            resourceInputs["azurermManagementGroupId"] = state?.azurermManagementGroupId;
            resourceInputs["azurermManagementGroupName"] = state?.azurermManagementGroupName;
            resourceInputs["azurermSpnTenantid"] = state?.azurermSpnTenantid;
            resourceInputs["azurermSubscriptionId"] = state?.azurermSubscriptionId;
            resourceInputs["azurermSubscriptionName"] = state?.azurermSubscriptionName;
            resourceInputs["credentials"] = utilities.secretObjectProps(state?.credentials, ["serviceprincipalcertificate", "serviceprincipalkey"]);
            resourceInputs["description"] = state?.description;
            resourceInputs["environment"] = state?.environment;
            resourceInputs["features"] = state?.features;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["resourceGroup"] = state?.resourceGroup;
            resourceInputs["serverUrl"] = state?.serverUrl;
            resourceInputs["serviceEndpointAuthenticationScheme"] = state?.serviceEndpointAuthenticationScheme;
            resourceInputs["serviceEndpointName"] = state?.serviceEndpointName;
            resourceInputs["servicePrincipalId"] = state?.servicePrincipalId;
            resourceInputs["workloadIdentityFederationIssuer"] = state?.workloadIdentityFederationIssuer;
            resourceInputs["workloadIdentityFederationSubject"] = state?.workloadIdentityFederationSubject;
        } else {
            const args = argsOrState as ServiceEndpointAzureRMArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.serviceEndpointName === undefined && !opts.urn) {
                throw new Error("Missing required property 'serviceEndpointName'");
            }
            resourceInputs["azurermManagementGroupId"] = args?.azurermManagementGroupId;
            resourceInputs["azurermManagementGroupName"] = args?.azurermManagementGroupName;
            resourceInputs["azurermSpnTenantid"] = args?.azurermSpnTenantid;
            resourceInputs["azurermSubscriptionId"] = args?.azurermSubscriptionId;
            resourceInputs["azurermSubscriptionName"] = args?.azurermSubscriptionName;
            resourceInputs["credentials"] = utilities.secretObjectProps(args?.credentials, ["serviceprincipalcertificate", "serviceprincipalkey"]);
            resourceInputs["description"] = args?.description;
            resourceInputs["environment"] = args?.environment;
            resourceInputs["features"] = args?.features;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["resourceGroup"] = args?.resourceGroup;
            resourceInputs["serverUrl"] = args?.serverUrl;
            resourceInputs["serviceEndpointAuthenticationScheme"] = args?.serviceEndpointAuthenticationScheme;
            resourceInputs["serviceEndpointName"] = args?.serviceEndpointName;
            resourceInputs["authorization"] = undefined /*out*/;
            resourceInputs["servicePrincipalId"] = undefined /*out*/;
            resourceInputs["workloadIdentityFederationIssuer"] = undefined /*out*/;
            resourceInputs["workloadIdentityFederationSubject"] = undefined /*out*/;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(ServiceEndpointAzureRM.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering ServiceEndpointAzureRM resources.
 */
export interface ServiceEndpointAzureRMState {
    /**
     * The authorization scheme and parameters of the service endpoint (not marked secret).
     */
    authorization?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /**
     * The Management group ID of the Azure targets.
     */
    azurermManagementGroupId?: pulumi.Input<string>;
    /**
     * The Management group Name of the targets.
     */
    azurermManagementGroupName?: pulumi.Input<string>;
    /**
     * The Tenant ID of the service principal.
     */
    azurermSpnTenantid?: pulumi.Input<string>;
    /**
     * The Subscription ID of the Azure targets.
     */
    azurermSubscriptionId?: pulumi.Input<string>;
    /**
     * The Subscription Name of the targets.
     */
    azurermSubscriptionName?: pulumi.Input<string>;
    /**
     * A `credentials` block (a single object, not a list) as defined below. Omit it to create an automatic service endpoint, where Azure DevOps creates the service principal.
     */
    credentials?: pulumi.Input<inputs.ServiceEndpointAzureRMCredentials>;
    /**
     * Service connection description.
     */
    description?: pulumi.Input<string>;
    /**
     * The Cloud Environment to use. Defaults to `AzureCloud`. Possible values are `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment`, `AzureGermanCloud` and `AzureStack`. Changing this forces a new resource to be created.
     */
    environment?: pulumi.Input<string>;
    /**
     * A `features` block (a single object, not a list) as defined below.
     */
    features?: pulumi.Input<inputs.ServiceEndpointAzureRMFeatures>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    projectId?: pulumi.Input<string>;
    /**
     * The resource group used for scope of automatic service endpoint. Changing this forces a new resource to be created.
     */
    resourceGroup?: pulumi.Input<string>;
    /**
     * The server URL of the service endpoint. Changing this forces a new resource to be created.
     *
     * > **NOTE:** One of either `Subscription` scoped i.e. `azurermSubscriptionId`, `azurermSubscriptionName` or `ManagementGroup` scoped i.e. `azurermManagementGroupId`, `azurermManagementGroupName` values must be specified.
     */
    serverUrl?: pulumi.Input<string>;
    /**
     * Specifies the type of Azure Resource Manager Service Endpoint. Possible values are `WorkloadIdentityFederation`, `ManagedServiceIdentity` or `ServicePrincipal`. Defaults to `ServicePrincipal` for backwards compatibility. Changing this forces a new resource to be created.
     */
    serviceEndpointAuthenticationScheme?: pulumi.Input<string>;
    /**
     * The Service Endpoint Name.
     */
    serviceEndpointName?: pulumi.Input<string>;
    /**
     * The Application(Client) ID of the Service Principal.
     */
    servicePrincipalId?: pulumi.Input<string>;
    /**
     * The issuer if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`. This looks like `https://vstoken.dev.azure.com/00000000-0000-0000-0000-000000000000`, where the GUID is the Organization ID of your Azure DevOps Organisation.
     */
    workloadIdentityFederationIssuer?: pulumi.Input<string>;
    /**
     * The subject if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`. This looks like `sc://<organisation>/<project>/<service-connection-name>`.
     */
    workloadIdentityFederationSubject?: pulumi.Input<string>;
}

/**
 * The set of arguments for constructing a ServiceEndpointAzureRM resource.
 */
export interface ServiceEndpointAzureRMArgs {
    /**
     * The Management group ID of the Azure targets.
     */
    azurermManagementGroupId?: pulumi.Input<string>;
    /**
     * The Management group Name of the targets.
     */
    azurermManagementGroupName?: pulumi.Input<string>;
    /**
     * The Tenant ID of the service principal.
     */
    azurermSpnTenantid?: pulumi.Input<string>;
    /**
     * The Subscription ID of the Azure targets.
     */
    azurermSubscriptionId?: pulumi.Input<string>;
    /**
     * The Subscription Name of the targets.
     */
    azurermSubscriptionName?: pulumi.Input<string>;
    /**
     * A `credentials` block (a single object, not a list) as defined below. Omit it to create an automatic service endpoint, where Azure DevOps creates the service principal.
     */
    credentials?: pulumi.Input<inputs.ServiceEndpointAzureRMCredentials>;
    /**
     * Service connection description.
     */
    description?: pulumi.Input<string>;
    /**
     * The Cloud Environment to use. Defaults to `AzureCloud`. Possible values are `AzureCloud`, `AzureChinaCloud`, `AzureUSGovernment`, `AzureGermanCloud` and `AzureStack`. Changing this forces a new resource to be created.
     */
    environment?: pulumi.Input<string>;
    /**
     * A `features` block (a single object, not a list) as defined below.
     */
    features?: pulumi.Input<inputs.ServiceEndpointAzureRMFeatures>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    projectId: pulumi.Input<string>;
    /**
     * The resource group used for scope of automatic service endpoint. Changing this forces a new resource to be created.
     */
    resourceGroup?: pulumi.Input<string>;
    /**
     * The server URL of the service endpoint. Changing this forces a new resource to be created.
     *
     * > **NOTE:** One of either `Subscription` scoped i.e. `azurermSubscriptionId`, `azurermSubscriptionName` or `ManagementGroup` scoped i.e. `azurermManagementGroupId`, `azurermManagementGroupName` values must be specified.
     */
    serverUrl?: pulumi.Input<string>;
    /**
     * Specifies the type of Azure Resource Manager Service Endpoint. Possible values are `WorkloadIdentityFederation`, `ManagedServiceIdentity` or `ServicePrincipal`. Defaults to `ServicePrincipal` for backwards compatibility. Changing this forces a new resource to be created.
     */
    serviceEndpointAuthenticationScheme?: pulumi.Input<string>;
    /**
     * The Service Endpoint Name.
     */
    serviceEndpointName: pulumi.Input<string>;
}
