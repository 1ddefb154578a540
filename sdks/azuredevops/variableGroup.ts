// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as inputs from "./types/input";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * Manages variable groups within Azure DevOps.
 *
 * > **Note** If the Variable Group is linked to a Key Vault, only the top 500 secrets are read by default.
 * Key Vault does not support filtering secrets by name, so the provider reads the secrets and filters them itself.
 *
 * ## Example Usage
 *
 * ### Link to AzureRM Key Vault
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const example = new azuredevops.VariableGroup("example", {
 *     projectId: project.id,
 *     name: "Example Variable Group",
 *     description: "Example Variable Group Description",
 *     allowAccess: true,
 *     keyVault: {
 *         name: "example-kv",
 *         serviceEndpointId: serviceEndpoint.id,
 *     },
 *     variables: [
 *         { name: "key1" },
 *         { name: "key2" },
 *     ],
 * });
 * ```
 *
 * ## Import
 *
 * **Variable groups containing secret values cannot be imported.** Import uses the project name or ID and the
 * variable group ID (secret values come back blank):
 *
 * ```sh
 * $ pulumi import azuredevops:index/variableGroup:VariableGroup example 00000000-0000-0000-0000-000000000000/0
 * ```
 */
export class VariableGroup extends pulumi.CustomResource {
    /**
     * Get an existing VariableGroup resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: VariableGroupState, opts?: pulumi.CustomResourceOptions): VariableGroup {
        return new VariableGroup(name, state as VariableGroupArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/variableGroup:VariableGroup';

    /**
     * Returns true if the given object is an instance of VariableGroup.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is VariableGroup {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === VariableGroup.__pulumiType;
    }

    /**
     * Boolean that indicate if this variable group is shared by all pipelines of this project.
     */
    declare public readonly allowAccess: pulumi.Output<boolean | undefined>;
    /**
     * The description of the Variable Group.
     */
    declare public readonly description: pulumi.Output<string | undefined>;
    /**
     * A `keyVault` block as documented below: a single object (not a list) that links the group to an Azure Key Vault.
     */
    declare public readonly keyVault: pulumi.Output<outputs.VariableGroupKeyVault | undefined>;
    /**
     * The name of the Variable Group.
     */
    declare public readonly name: pulumi.Output<string>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * One or more `variable` blocks as documented below. For a Key Vault linked group, list only the secret names to link (`{ name: "secret-name" }`).
     */
    declare public readonly variables: pulumi.Output<outputs.VariableGroupVariable[]>;

    /**
     * Create a VariableGroup resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: VariableGroupArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: VariableGroupArgs | VariableGroupState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as VariableGroupState | undefined;
            resourceInputs["allowAccess"] = state?.allowAccess;
            resourceInputs["description"] = state?.description;
            resourceInputs["keyVault"] = state?.keyVault;
            resourceInputs["name"] = state?.name;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["variables"] = utilities.secretArrayItemProps(state?.variables, ["secretValue"]);
        } else {
            const args = argsOrState as VariableGroupArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.variables === undefined && !opts.urn) {
                throw new Error("Missing required property 'variables'");
            }
            resourceInputs["allowAccess"] = args?.allowAccess;
            resourceInputs["description"] = args?.description;
            resourceInputs["keyVault"] = args?.keyVault;
            resourceInputs["name"] = args?.name;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["variables"] = utilities.secretArrayItemProps(args?.variables, ["secretValue"]);
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(VariableGroup.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering VariableGroup resources.
 */
export interface VariableGroupState {
    /**
     * Boolean that indicate if this variable group is shared by all pipelines of this project.
     */
    allowAccess?: pulumi.Input<boolean>;
    /**
     * The description of the Variable Group.
     */
    description?: pulumi.Input<string>;
    /**
     * A `keyVault` block as documented below: a single object (not a list) that links the group to an Azure Key Vault.
     */
    keyVault?: pulumi.Input<inputs.VariableGroupKeyVault>;
    /**
     * The name of the Variable Group.
     */
    name?: pulumi.Input<string>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    projectId?: pulumi.Input<string>;
    /**
     * One or more `variable` blocks as documented below. For a Key Vault linked group, list only the secret names to link (`{ name: "secret-name" }`).
     */
    variables?: pulumi.Input<pulumi.Input<inputs.VariableGroupVariable>[]>;
}

/**
 * The set of arguments for constructing a VariableGroup resource.
 */
export interface VariableGroupArgs {
    /**
     * Boolean that indicate if this variable group is shared by all pipelines of this project.
     */
    allowAccess?: pulumi.Input<boolean>;
    /**
     * The description of the Variable Group.
     */
    description?: pulumi.Input<string>;
    /**
     * A `keyVault` block as documented below: a single object (not a list) that links the group to an Azure Key Vault.
     */
    keyVault?: pulumi.Input<inputs.VariableGroupKeyVault>;
    /**
     * The name of the Variable Group.
     */
    name?: pulumi.Input<string>;
    /**
     * The ID of the project. Changing this forces a new resource to be created.
     */
    projectId: pulumi.Input<string>;
    /**
     * One or more `variable` blocks as documented below. For a Key Vault linked group, list only the secret names to link (`{ name: "secret-name" }`).
     */
    variables: pulumi.Input<pulumi.Input<inputs.VariableGroupVariable>[]>;
}
