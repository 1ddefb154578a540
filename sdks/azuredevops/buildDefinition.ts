// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import { input as inputs, output as outputs } from "./types";
import * as utilities from "./utilities";

/**
 * Manages a Build Definition within Azure DevOps.
 */
export class BuildDefinition extends pulumi.CustomResource {
    /**
     * Get an existing BuildDefinition resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: BuildDefinitionState, opts?: pulumi.CustomResourceOptions): BuildDefinition {
        return new BuildDefinition(name, state as BuildDefinitionArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/buildDefinition:BuildDefinition';

    /**
     * Returns true if the given object is an instance of BuildDefinition.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is BuildDefinition {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === BuildDefinition.__pulumiType;
    }

    /**
     * The agent pool that should execute the build. Defaults to `Azure Pipelines`.
     */
    declare public readonly agentPoolName: pulumi.Output<string | undefined>;
    /**
     * The Agent Specification to run the pipelines. Required when `repoType` is `Git`. Example: `windows-2019`, `windows-latest`, `macos-13` etc.
     */
    declare public readonly agentSpecification: pulumi.Output<string | undefined>;
    /**
     * A `buildCompletionTrigger` block as documented below.
     */
    declare public readonly buildCompletionTriggers: pulumi.Output<outputs.BuildDefinitionBuildCompletionTrigger[] | undefined>;
    /**
     * A `ciTrigger` block as documented below.
     */
    declare public readonly ciTrigger: pulumi.Output<outputs.BuildDefinitionCiTrigger | undefined>;
    /**
     * A `features` blocks as documented below.
     */
    declare public readonly features: pulumi.Output<outputs.BuildDefinitionFeature[] | undefined>;
    /**
     * The job authorization scope for builds queued against this definition. Possible values are: `project`, `projectCollection`. Defaults to `projectCollection`.
     */
    declare public readonly jobAuthorizationScope: pulumi.Output<string | undefined>;
    /**
     * A `jobs` blocks as documented below.
     */
    declare public readonly jobs: pulumi.Output<outputs.BuildDefinitionJob[] | undefined>;
    /**
     * The name of the build definition.
     */
    declare public readonly name: pulumi.Output<string>;
    /**
     * The folder path of the build definition.
     */
    declare public readonly path: pulumi.Output<string | undefined>;
    /**
     * The project ID or project name.
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * A `pullRequestTrigger` block as documented below.
     */
    declare public readonly pullRequestTrigger: pulumi.Output<outputs.BuildDefinitionPullRequestTrigger | undefined>;
    /**
     * The queue status of the build definition. Possible values are: `enabled` or `paused` or `disabled`. Defaults to `enabled`.
     */
    declare public readonly queueStatus: pulumi.Output<string | undefined>;
    /**
     * A `repository` block as documented below.
     */
    declare public readonly repository: pulumi.Output<outputs.BuildDefinitionRepository>;
    /**
     * The revision of the build definition
     */
    declare public readonly revision: pulumi.Output<number>;
    declare public readonly schedules: pulumi.Output<outputs.BuildDefinitionSchedule[] | undefined>;
    /**
     * A list of variable group IDs (integers) to link to the build definition.
     */
    declare public readonly variableGroups: pulumi.Output<number[] | undefined>;
    /**
     * A list of `variable` blocks, as documented below.
     */
    declare public readonly variables: pulumi.Output<outputs.BuildDefinitionVariable[] | undefined>;

    /**
     * Create a BuildDefinition resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: BuildDefinitionArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: BuildDefinitionArgs | BuildDefinitionState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as BuildDefinitionState | undefined;
            resourceInputs["agentPoolName"] = state?.agentPoolName;
            resourceInputs["agentSpecification"] = state?.agentSpecification;
            resourceInputs["buildCompletionTriggers"] = state?.buildCompletionTriggers;
            resourceInputs["ciTrigger"] = state?.ciTrigger;
            resourceInputs["features"] = state?.features;
            resourceInputs["jobAuthorizationScope"] = state?.jobAuthorizationScope;
            resourceInputs["jobs"] = state?.jobs;
            resourceInputs["name"] = state?.name;
            resourceInputs["path"] = state?.path;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["pullRequestTrigger"] = state?.pullRequestTrigger;
            resourceInputs["queueStatus"] = state?.queueStatus;
            resourceInputs["repository"] = state?.repository;
            resourceInputs["revision"] = state?.revision;
            resourceInputs["schedules"] = state?.schedules;
            resourceInputs["variableGroups"] = state?.variableGroups;
            resourceInputs["variables"] = utilities.secretArrayItemProps(state?.variables, ["secretValue"]);
        } else {
            const args = argsOrState as BuildDefinitionArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.repository === undefined && !opts.urn) {
                throw new Error("Missing required property 'repository'");
            }
            resourceInputs["agentPoolName"] = args?.agentPoolName;
            resourceInputs["agentSpecification"] = args?.agentSpecification;
            resourceInputs["buildCompletionTriggers"] = args?.buildCompletionTriggers;
            resourceInputs["ciTrigger"] = args?.ciTrigger;
            resourceInputs["features"] = args?.features;
            resourceInputs["jobAuthorizationScope"] = args?.jobAuthorizationScope;
            resourceInputs["jobs"] = args?.jobs;
            resourceInputs["name"] = args?.name;
            resourceInputs["path"] = args?.path;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["pullRequestTrigger"] = args?.pullRequestTrigger;
            resourceInputs["queueStatus"] = args?.queueStatus;
            resourceInputs["repository"] = args?.repository;
            resourceInputs["revision"] = undefined /*out*/;
            resourceInputs["schedules"] = args?.schedules;
            resourceInputs["variableGroups"] = args?.variableGroups;
            resourceInputs["variables"] = utilities.secretArrayItemProps(args?.variables, ["secretValue"]);
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(BuildDefinition.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering BuildDefinition resources.
 */
export interface BuildDefinitionState {
    /**
     * The agent pool that should execute the build. Defaults to `Azure Pipelines`.
     */
    agentPoolName?: pulumi.Input<string>;
    /**
     * The Agent Specification to run the pipelines. Required when `repoType` is `Git`. Example: `windows-2019`, `windows-latest`, `macos-13` etc.
     */
    agentSpecification?: pulumi.Input<string>;
    /**
     * A `buildCompletionTrigger` block as documented below.
     */
    buildCompletionTriggers?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionBuildCompletionTrigger>[]>;
    /**
     * A `ciTrigger` block as documented below.
     */
    ciTrigger?: pulumi.Input<inputs.BuildDefinitionCiTrigger>;
    /**
     * A `features` blocks as documented below.
     */
    features?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionFeature>[]>;
    /**
     * The job authorization scope for builds queued against this definition. Possible values are: `project`, `projectCollection`. Defaults to `projectCollection`.
     */
    jobAuthorizationScope?: pulumi.Input<string>;
    /**
     * A `jobs` blocks as documented below.
     */
    jobs?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionJob>[]>;
    /**
     * The name of the build definition.
     */
    name?: pulumi.Input<string>;
    /**
     * The folder path of the build definition.
     */
    path?: pulumi.Input<string>;
    /**
     * The project ID or project name.
     */
    projectId?: pulumi.Input<string>;
    /**
     * A `pullRequestTrigger` block as documented below.
     */
    pullRequestTrigger?: pulumi.Input<inputs.BuildDefinitionPullRequestTrigger>;
    /**
     * The queue status of the build definition. Possible values are: `enabled` or `paused` or `disabled`. Defaults to `enabled`.
     */
    queueStatus?: pulumi.Input<string>;
    /**
     * A `repository` block as documented below.
     */
    repository?: pulumi.Input<inputs.BuildDefinitionRepository>;
    /**
     * The revision of the build definition
     */
    revision?: pulumi.Input<number>;
    schedules?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionSchedule>[]>;
    /**
     * A list of variable group IDs (integers) to link to the build definition.
     */
    variableGroups?: pulumi.Input<pulumi.Input<number>[]>;
    /**
     * A list of `variable` blocks, as documented below.
     */
    variables?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionVariable>[]>;
}

/**
 * The set of arguments for constructing a BuildDefinition resource.
 */
export interface BuildDefinitionArgs {
    /**
     * The agent pool that should execute the build. Defaults to `Azure Pipelines`.
     */
    agentPoolName?: pulumi.Input<string>;
    /**
     * The Agent Specification to run the pipelines. Required when `repoType` is `Git`. Example: `windows-2019`, `windows-latest`, `macos-13` etc.
     */
    agentSpecification?: pulumi.Input<string>;
    /**
     * A `buildCompletionTrigger` block as documented below.
     */
    buildCompletionTriggers?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionBuildCompletionTrigger>[]>;
    /**
     * A `ciTrigger` block as documented below.
     */
    ciTrigger?: pulumi.Input<inputs.BuildDefinitionCiTrigger>;
    /**
     * A `features` blocks as documented below.
     */
    features?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionFeature>[]>;
    /**
     * The job authorization scope for builds queued against this definition. Possible values are: `project`, `projectCollection`. Defaults to `projectCollection`.
     */
    jobAuthorizationScope?: pulumi.Input<string>;
    /**
     * A `jobs` blocks as documented below.
     */
    jobs?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionJob>[]>;
    /**
     * The name of the build definition.
     */
    name?: pulumi.Input<string>;
    /**
     * The folder path of the build definition.
     */
    path?: pulumi.Input<string>;
    /**
     * The project ID or project name.
     */
    projectId: pulumi.Input<string>;
    /**
     * A `pullRequestTrigger` block as documented below.
     */
    pullRequestTrigger?: pulumi.Input<inputs.BuildDefinitionPullRequestTrigger>;
    /**
     * The queue status of the build definition. Possible values are: `enabled` or `paused` or `disabled`. Defaults to `enabled`.
     */
    queueStatus?: pulumi.Input<string>;
    /**
     * A `repository` block as documented below.
     */
    repository: pulumi.Input<inputs.BuildDefinitionRepository>;
    schedules?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionSchedule>[]>;
    /**
     * A list of variable group IDs (integers) to link to the build definition.
     */
    variableGroups?: pulumi.Input<pulumi.Input<number>[]>;
    /**
     * A list of `variable` blocks, as documented below.
     */
    variables?: pulumi.Input<pulumi.Input<inputs.BuildDefinitionVariable>[]>;
}
