// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Manages a project within Azure DevOps.
 *
 * ## Example Usage
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = new azuredevops.Project("example", {
 *     name: "Example Project",
 *     visibility: "private",
 *     versionControl: "Git",
 *     workItemTemplate: "Agile",
 *     description: "Managed by Pulumi",
 *     features: {
 *         testplans: "disabled",
 *         artifacts: "disabled",
 *     },
 * });
 * ```
 *
 * ## Import
 *
 * Azure DevOps Projects can be imported using the project name or by the project Guid, e.g.
 *
 * ```sh
 * $ pulumi import azuredevops:index/project:Project example 00000000-0000-0000-0000-000000000000
 * ```
 */
export class Project extends pulumi.CustomResource {
    /**
     * Get an existing Project resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ProjectState, opts?: pulumi.CustomResourceOptions): Project {
        return new Project(name, state as ProjectArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/project:Project';

    /**
     * Returns true if the given object is an instance of Project.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is Project {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === Project.__pulumiType;
    }

    /**
     * The Description of the Project.
     */
    declare public readonly description: pulumi.Output<string | undefined>;
    /**
     * Defines the status (`enabled`, `disabled`) of the project features. Valid features are `boards`, `repositories`, `pipelines`, `testplans`, `artifacts`.
     *
     * > **NOTE:** Do not manage features both here and with an `azuredevops.ProjectFeatures` resource; the two conflict.
     */
    declare public readonly features: pulumi.Output<{[key: string]: string} | undefined>;
    /**
     * The Project Name.
     */
    declare public readonly name: pulumi.Output<string>;
    /**
     * The Process Template ID used by the Project.
     */
    declare public readonly processTemplateId: pulumi.Output<string>;
    /**
     * Specifies the version control system. Possbile values are: `Git` or `Tfvc`. Defaults to `Git`. Changing this forces a new resource to be created.
     */
    declare public readonly versionControl: pulumi.Output<string | undefined>;
    /**
     * Specifies the visibility of the Project. Possible values are: `private` or `public`. Defaults to `private`.
     */
    declare public readonly visibility: pulumi.Output<string | undefined>;
    /**
     * Specifies the work item template. Possible values are: `Agile`, `Basic`, `CMMI`, `Scrum` or a custom, pre-existing one. Defaults to `Agile`. An empty string will use the parent organization default. Changing this forces a new resource to be created.
     */
    declare public readonly workItemTemplate: pulumi.Output<string | undefined>;

    /**
     * Create a Project resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ProjectArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ProjectArgs | ProjectState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ProjectState | undefined;
            resourceInputs["description"] = state?.description;
            resourceInputs["features"] = state?.features;
            resourceInputs["name"] = state?.name;
            resourceInputs["processTemplateId"] = state?.processTemplateId;
            resourceInputs["versionControl"] = state?.versionControl;
            resourceInputs["visibility"] = state?.visibility;
            resourceInputs["workItemTemplate"] = state?.workItemTemplate;
        } else {
            const args = argsOrState as ProjectArgs | undefined;
            resourceInputs["description"] = args?.description;
            resourceInputs["features"] = args?.features;
            resourceInputs["name"] = args?.name;
            resourceInputs["versionControl"] = args?.versionControl;
            resourceInputs["visibility"] = args?.visibility;
            resourceInputs["workItemTemplate"] = args?.workItemTemplate;
            resourceInputs["processTemplateId"] = undefined /*out*/;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(Project.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering Project resources.
 */
export interface ProjectState {
    /**
     * The Description of the Project.
     */
    description?: pulumi.Input<string>;
    /**
     * Defines the status (`enabled`, `disabled`) of the project features. Valid features are `boards`, `repositories`, `pipelines`, `testplans`, `artifacts`.
     *
     * > **NOTE:** Do not manage features both here and with an `azuredevops.ProjectFeatures` resource; the two conflict.
     */
    features?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /**
     * The Project Name.
     */
    name?: pulumi.Input<string>;
    /**
     * The Process Template ID used by the Project.
     */
    processTemplateId?: pulumi.Input<string>;
    /**
     * Specifies the version control system. Possbile values are: `Git` or `Tfvc`. Defaults to `Git`. Changing this forces a new resource to be created.
     */
    versionControl?: pulumi.Input<string>;
    /**
     * Specifies the visibility of the Project. Possible values are: `private` or `public`. Defaults to `private`.
     */
    visibility?: pulumi.Input<string>;
    /**
     * Specifies the work item template. Possible values are: `Agile`, `Basic`, `CMMI`, `Scrum` or a custom, pre-existing one. Defaults to `Agile`. An empty string will use the parent organization default. Changing this forces a new resource to be created.
     */
    workItemTemplate?: pulumi.Input<string>;
}

/**
 * The set of arguments for constructing a Project resource.
 */
export interface ProjectArgs {
    /**
     * The Description of the Project.
     */
    description?: pulumi.Input<string>;
    /**
     * Defines the status (`enabled`, `disabled`) of the project features. Valid features are `boards`, `repositories`, `pipelines`, `testplans`, `artifacts`.
     *
     * > **NOTE:** Do not manage features both here and with an `azuredevops.ProjectFeatures` resource; the two conflict.
     */
    features?: pulumi.Input<{[key: string]: pulumi.Input<string>}>;
    /**
     * The Project Name.
     */
    name?: pulumi.Input<string>;
    /**
     * Specifies the version control system. Possbile values are: `Git` or `Tfvc`. Defaults to `Git`. Changing this forces a new resource to be created.
     */
    versionControl?: pulumi.Input<string>;
    /**
     * Specifies the visibility of the Project. Possible values are: `private` or `public`. Defaults to `private`.
     */
    visibility?: pulumi.Input<string>;
    /**
     * Specifies the work item template. Possible values are: `Agile`, `Basic`, `CMMI`, `Scrum` or a custom, pre-existing one. Defaults to `Agile`. An empty string will use the parent organization default. Changing this forces a new resource to be created.
     */
    workItemTemplate?: pulumi.Input<string>;
}
