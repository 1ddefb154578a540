// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import { input as inputs, output as outputs } from "./types";
import * as utilities from "./utilities";

/**
 * Manages a build validation branch policy within Azure DevOps.
 */
export class BranchPolicyBuildValidation extends pulumi.CustomResource {
    /**
     * Get an existing BranchPolicyBuildValidation resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: BranchPolicyBuildValidationState, opts?: pulumi.CustomResourceOptions): BranchPolicyBuildValidation {
        return new BranchPolicyBuildValidation(name, state as BranchPolicyBuildValidationArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation';

    /**
     * Returns true if the given object is an instance of BranchPolicyBuildValidation.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is BranchPolicyBuildValidation {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === BranchPolicyBuildValidation.__pulumiType;
    }

    /**
     * A flag indicating if the policy should be blocking. Defaults to `true`.
     */
    declare public readonly blocking: pulumi.Output<boolean | undefined>;
    /**
     * A flag indicating if the policy should be enabled. Defaults to `true`.
     */
    declare public readonly enabled: pulumi.Output<boolean | undefined>;
    /**
     * The ID of the project in which the policy will be created.
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * A `settings` block as defined below. Configuration for the policy. This block must be defined exactly once.
     */
    declare public readonly settings: pulumi.Output<outputs.BranchPolicyBuildValidationSettings>;

    /**
     * Create a BranchPolicyBuildValidation resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: BranchPolicyBuildValidationArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: BranchPolicyBuildValidationArgs | BranchPolicyBuildValidationState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as BranchPolicyBuildValidationState | undefined;
            resourceInputs["blocking"] = state?.blocking;
            resourceInputs["enabled"] = state?.enabled;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["settings"] = state?.settings;
        } else {
            const args = argsOrState as BranchPolicyBuildValidationArgs | undefined;
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.settings === undefined && !opts.urn) {
                throw new Error("Missing required property 'settings'");
            }
            resourceInputs["blocking"] = args?.blocking;
            resourceInputs["enabled"] = args?.enabled;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["settings"] = args?.settings;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(BranchPolicyBuildValidation.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering BranchPolicyBuildValidation resources.
 */
export interface BranchPolicyBuildValidationState {
    /**
     * A flag indicating if the policy should be blocking. Defaults to `true`.
     */
    blocking?: pulumi.Input<boolean>;
    /**
     * A flag indicating if the policy should be enabled. Defaults to `true`.
     */
    enabled?: pulumi.Input<boolean>;
    /**
     * The ID of the project in which the policy will be created.
     */
    projectId?: pulumi.Input<string>;
    /**
     * A `settings` block as defined below. Configuration for the policy. This block must be defined exactly once.
     */
    settings?: pulumi.Input<inputs.BranchPolicyBuildValidationSettings>;
}

/**
 * The set of arguments for constructing a BranchPolicyBuildValidation resource.
 */
export interface BranchPolicyBuildValidationArgs {
    /**
     * A flag indicating if the policy should be blocking. Defaults to `true`.
     */
    blocking?: pulumi.Input<boolean>;
    /**
     * A flag indicating if the policy should be enabled. Defaults to `true`.
     */
    enabled?: pulumi.Input<boolean>;
    /**
     * The ID of the project in which the policy will be created.
     */
    projectId: pulumi.Input<string>;
    /**
     * A `settings` block as defined below. Configuration for the policy. This block must be defined exactly once.
     */
    settings: pulumi.Input<inputs.BranchPolicyBuildValidationSettings>;
}
