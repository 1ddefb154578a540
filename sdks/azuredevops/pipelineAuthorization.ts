// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Manage pipeline access permissions to resources.
 *
 * > **Note** This resource is a replacement for `azuredevops.ResourceAuthorization`.
 *
 * > **Note** If both "All Pipeline Authorization" and "Custom Pipeline Authorization" are configured, "All Pipeline Authorization" has higher priority.
 *
 * ## Example Usage
 *
 * ### Authorization for all pipelines
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = new azuredevops.PipelineAuthorization("example", {
 *     projectId: project.id,
 *     resourceId: queue.id,
 *     type: "queue",
 * });
 * ```
 */
export class PipelineAuthorization extends pulumi.CustomResource {
    /**
     * Get an existing PipelineAuthorization resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PipelineAuthorizationState, opts?: pulumi.CustomResourceOptions): PipelineAuthorization {
        return new PipelineAuthorization(name, state as PipelineAuthorizationArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/pipelineAuthorization:PipelineAuthorization';

    /**
     * Returns true if the given object is an instance of PipelineAuthorization.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is PipelineAuthorization {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === PipelineAuthorization.__pulumiType;
    }

    /**
     * The ID of the pipeline. If not configured, all pipelines will be authorized. Changing this forces a new resource to be created.
     */
    declare public readonly pipelineId: pulumi.Output<number | undefined>;
    /**
     * The ID of the project where the pipeline exists. Defaults to `projectId` if not specified. Changing this forces a new resource to be created
     */
    declare public readonly pipelineProjectId: pulumi.Output<string | undefined>;
    /**
     * The  ID of the project. Changing this forces a new resource to be created
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * The ID of the resource to authorize. Changing this forces a new resource to be created
     */
    declare public readonly resourceId: pulumi.Output<string>;
    /**
     * The type of the resource to authorize. Possible values are: `endpoint`, `queue`, `variablegroup`, `environment`, `repository`. Changing this forces a new resource to be created.
     *
     * > **Note** `repository` is for an Azure DevOps repository. To authorize a repository outside Azure DevOps (e.g. GitHub), authorize its service connection (`endpoint`) instead.
     */
    declare public readonly type: pulumi.Output<string>;

    /**
     * Create a PipelineAuthorization resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: PipelineAuthorizationArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PipelineAuthorizationArgs | PipelineAuthorizationState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as PipelineAuthorizationState | undefined;
            resourceInputs["pipelineId"] = state?.pipelineId;
            resourceInputs["pipelineProjectId"] = state?.pipelineProjectId;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["resourceId"] = state?.resourceId;
            resourceInputs["type"] = state?.type;
        } else {
            const args = argsOrState as PipelineAuthorizationArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.resourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'resourceId'");
            }
            if (args?.type === undefined && !opts.urn) {
                throw new Error("Missing required property 'type'");
            }
            resourceInputs["pipelineId"] = args?.pipelineId;
            resourceInputs["pipelineProjectId"] = args?.pipelineProjectId;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["resourceId"] = args?.resourceId;
            resourceInputs["type"] = args?.type;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(PipelineAuthorization.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering PipelineAuthorization resources.
 */
export interface PipelineAuthorizationState {
    /**
     * The ID of the pipeline. If not configured, all pipelines will be authorized. Changing this forces a new resource to be created.
     */
    pipelineId?: pulumi.Input<number>;
    /**
     * The ID of the project where the pipeline exists. Defaults to `projectId` if not specified. Changing this forces a new resource to be created
     */
    pipelineProjectId?: pulumi.Input<string>;
    /**
     * The  ID of the project. Changing this forces a new resource to be created
     */
    projectId?: pulumi.Input<string>;
    /**
     * The ID of the resource to authorize. Changing this forces a new resource to be created
     */
    resourceId?: pulumi.Input<string>;
    /**
     * The type of the resource to authorize. Possible values are: `endpoint`, `queue`, `variablegroup`, `environment`, `repository`. Changing this forces a new resource to be created.
     *
     * > **Note** `repository` is for an Azure DevOps repository. To authorize a repository outside Azure DevOps (e.g. GitHub), authorize its service connection (`endpoint`) instead.
     */
    type?: pulumi.Input<string>;
}

/**
 * The set of arguments for constructing a PipelineAuthorization resource.
 */
export interface PipelineAuthorizationArgs {
    /**
     * The ID of the pipeline. If not configured, all pipelines will be authorized. Changing this forces a new resource to be created.
     */
    pipelineId?: pulumi.Input<number>;
    /**
     * The ID of the project where the pipeline exists. Defaults to `projectId` if not specified. Changing this forces a new resource to be created
     */
    pipelineProjectId?: pulumi.Input<string>;
    /**
     * The  ID of the project. Changing this forces a new resource to be created
     */
    projectId: pulumi.Input<string>;
    /**
     * The ID of the resource to authorize. Changing this forces a new resource to be created
     */
    resourceId: pulumi.Input<string>;
    /**
     * The type of the resource to authorize. Possible values are: `endpoint`, `queue`, `variablegroup`, `environment`, `repository`. Changing this forces a new resource to be created.
     *
     * > **Note** `repository` is for an Azure DevOps repository. To authorize a repository outside Azure DevOps (e.g. GitHub), authorize its service connection (`endpoint`) instead.
     */
    type: pulumi.Input<string>;
}
