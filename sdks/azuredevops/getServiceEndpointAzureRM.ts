// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Use this data source to access information about an existing AzureRM service Endpoint.
 *
 * ## Example Usage
 *
 * ### By Service Endpoint ID
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const sample = azuredevops.getProject({
 *     name: "Sample Project",
 * });
 * const serviceendpoint = sample.then(sample => azuredevops.getServiceEndpointAzureRM({
 *     projectId: sample.id,
 *     serviceEndpointId: "00000000-0000-0000-0000-000000000000",
 * }));
 * export const serviceEndpointName = serviceendpoint.then(serviceendpoint => serviceendpoint.serviceEndpointName);
 * ```
 */
export function getServiceEndpointAzureRM(args: GetServiceEndpointAzureRMArgs, opts?: pulumi.InvokeOptions): Promise<GetServiceEndpointAzureRMResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("azuredevops:index/getServiceEndpointAzureRM:getServiceEndpointAzureRM", {
        "projectId": args.projectId,
        "serviceEndpointId": args.serviceEndpointId,
        "serviceEndpointName": args.serviceEndpointName,
    }, opts);
}

/**
 * A collection of arguments for invoking getServiceEndpointAzureRM.
 */
export interface GetServiceEndpointAzureRMArgs {
    /**
     * The ID of the project.
     */
    projectId: string;
    /**
     * The ID of the Service Endpoint.
     */
    serviceEndpointId?: string;
    /**
     * The Name of the Service Endpoint.
     *
     * > **NOTE:** One of either `serviceEndpointId` or `serviceEndpointName` must be specified. When supplying `serviceEndpointName`, make sure the name is unique.
     */
    serviceEndpointName?: string;
}

/**
 * A collection of values returned by getServiceEndpointAzureRM.
 */
export interface GetServiceEndpointAzureRMResult {
    /**
     * The Authorization scheme.
     */
    readonly authorization: {[key: string]: string};
    /**
     * The Management Group ID of the Service Endpoint is target, if available.
     */
    readonly azurermManagementGroupId: string;
    /**
     * The Management Group Name of the Service Endpoint target, if available.
     */
    readonly azurermManagementGroupName: string;
    /**
     * The Tenant ID of the Azure targets.
     */
    readonly azurermSpnTenantid: string;
    /**
     * The Subscription ID of the Service Endpoint target, if available.
     */
    readonly azurermSubscriptionId: string;
    /**
     * The Subscription Name of the Service Endpoint target, if available.
     */
    readonly azurermSubscriptionName: string;
    /**
     * The description of the Service Endpoint.
     */
    readonly description: string;
    /**
     * The Cloud Environment.
     */
    readonly environment: string;
    /**
     * The provider-assigned unique ID for this managed resource.
     */
    readonly id: string;
    /**
     * The ID of the project.
     */
    readonly projectId: string;
    /**
     * The Resource Group of the Service Endpoint target, if available.
     */
    readonly resourceGroup: string;
    /**
     * The server URL of the service Endpoint.
     */
    readonly serverUrl: string;
    /**
     * The authentication scheme of Azure Resource Management Endpoint
     */
    readonly serviceEndpointAuthenticationScheme: string;
    /**
     * The ID of the Service Endpoint.
     */
    readonly serviceEndpointId: string;
    /**
     * The Name of the Service Endpoint.
     */
    readonly serviceEndpointName: string;
    /**
     * The Application(Client) ID of the Service Principal.
     */
    readonly servicePrincipalId: string;
    /**
     * The issuer of the Workload Identity Federation Subject.
     */
    readonly workloadIdentityFederationIssuer: string;
    /**
     * The subject of the Workload Identity Federation Subject.
     */
    readonly workloadIdentityFederationSubject: string;
}

/**
 * Use this data source to access information about an existing AzureRM service Endpoint.
 *
 * ## Example Usage
 *
 * ### By Service Endpoint ID
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const sample = azuredevops.getProject({
 *     name: "Sample Project",
 * });
 * const serviceendpoint = sample.then(sample => azuredevops.getServiceEndpointAzureRM({
 *     projectId: sample.id,
 *     serviceEndpointId: "00000000-0000-0000-0000-000000000000",
 * }));
 * export const serviceEndpointName = serviceendpoint.then(serviceendpoint => serviceendpoint.serviceEndpointName);
 * ```
 */
export function getServiceEndpointAzureRMOutput(args: GetServiceEndpointAzureRMOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetServiceEndpointAzureRMResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("azuredevops:index/getServiceEndpointAzureRM:getServiceEndpointAzureRM", {
        "projectId": args.projectId,
        "serviceEndpointId": args.serviceEndpointId,
        "serviceEndpointName": args.serviceEndpointName,
    }, opts);
}

/**
 * A collection of arguments for invoking getServiceEndpointAzureRM.
 */
export interface GetServiceEndpointAzureRMOutputArgs {
    /**
     * The ID of the project.
     */
    projectId: pulumi.Input<string>;
    /**
     * The ID of the Service Endpoint.
     */
    serviceEndpointId?: pulumi.Input<string>;
    /**
     * The Name of the Service Endpoint.
     *
     * > **NOTE:** One of either `serviceEndpointId` or `serviceEndpointName` must be specified. When supplying `serviceEndpointName`, make sure the name is unique.
     */
    serviceEndpointName?: pulumi.Input<string>;
}
