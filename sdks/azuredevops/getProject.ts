// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Use this data source to access information about an existing Project within Azure DevOps.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = azuredevops.getProject({
 *     name: "Example Project",
 * });
 * export const project = example;
 * ```
 */
export function getProject(args?: GetProjectArgs, opts?: pulumi.InvokeOptions): Promise<GetProjectResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("azuredevops:index/getProject:getProject", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/**
 * A collection of arguments for invoking getProject.
 */
export interface GetProjectArgs {
    /**
     * Name of the Project.
     */
    name?: string;
    /**
     * ID of the Project.
     *
     * > **NOTE:** One of either `projectId` or `name` must be specified.
     */
    projectId?: string;
}

/**
 * A collection of values returned by getProject.
 */
export interface GetProjectResult {
    /**
     * The description of the project.
     */
    readonly description: string;
    /**
     * The status (`enabled`, `disabled`) of the project features.
     */
    readonly features: {[key: string]: string};
    /**
     * The provider-assigned unique ID for this managed resource.
     */
    readonly id: string;
    /**
     * The name of the project.
     */
    readonly name?: string;
    /**
     * The process template ID for the project.
     */
    readonly processTemplateId: string;
    /**
     * The ID of the project.
     */
    readonly projectId?: string;
    /**
     * The version control of the project.
     */
    readonly versionControl: string;
    /**
     * The visibility of the project.
     */
    readonly visibility: string;
    /**
     * The work item template for the project.
     */
    readonly workItemTemplate: string;
}

/**
 * Use this data source to access information about an existing Project within Azure DevOps.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = azuredevops.getProject({
 *     name: "Example Project",
 * });
 * export const project = example;
 * ```
 */
export function getProjectOutput(args?: GetProjectOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetProjectResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("azuredevops:index/getProject:getProject", {
        "name": args.name,
        "projectId": args.projectId,
    }, opts);
}

/**
 * A collection of arguments for invoking getProject.
 */
export interface GetProjectOutputArgs {
    /**
     * Name of the Project.
     */
    name?: pulumi.Input<string>;
    /**
     * ID of the Project.
     *
     * > **NOTE:** One of either `projectId` or `name` must be specified.
     */
    projectId?: pulumi.Input<string>;
}
