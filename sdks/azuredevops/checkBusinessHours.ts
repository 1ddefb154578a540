// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Manages a business hours check on a resource within Azure DevOps.
 *
 * ## Example Usage
 *
 * ### Protect an environment
 *
 * ```typescript
 * import * as azuredevops from "@pulumi/azuredevops";
 *
 * const exampleCheckBusinessHours = new azuredevops.CheckBusinessHours("example", {
 *     projectId: example.id,
 *     displayName: "Managed by Pulumi",
 *     targetResourceId: exampleEnvironment.id,
 *     targetResourceType: "environment",
 *     startTime: "07:00",
 *     endTime: "15:30",
 *     timeZone: "UTC",
 *     monday: true,
 *     tuesday: true,
 * });
 * ```
 *
 * ## Import
 *
 * Importing this resource is not supported.
 */
export class CheckBusinessHours extends pulumi.CustomResource {
    /**
     * Get an existing CheckBusinessHours resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     *
     * @param name The _unique_ name of the resulting resource.
     * @param id The _unique_ provider ID of the resource to lookup.
     * @param state Any extra arguments used during the lookup.
     * @param opts Optional settings to control the behavior of the CustomResource.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: CheckBusinessHoursState, opts?: pulumi.CustomResourceOptions): CheckBusinessHours {
        return new CheckBusinessHours(name, state as CheckBusinessHoursArgs, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'azuredevops:index/checkBusinessHours:CheckBusinessHours';

    /**
     * Returns true if the given object is an instance of CheckBusinessHours.  This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static override isInstance(obj: unknown): obj is CheckBusinessHours {
        if (obj === undefined || obj === null) {
            return false;
        }
        return (obj as { __pulumiType?: unknown })['__pulumiType'] === CheckBusinessHours.__pulumiType;
    }

    /**
     * The name of the business hours check displayed in the web UI.
     */
    declare public readonly displayName: pulumi.Output<string | undefined>;
    /**
     * The end of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    declare public readonly endTime: pulumi.Output<string>;
    /**
     * This check will pass on Fridays. Defaults to `false`.
     */
    declare public readonly friday: pulumi.Output<boolean | undefined>;
    /**
     * This check will pass on Mondays. Defaults to `false`.
     */
    declare public readonly monday: pulumi.Output<boolean | undefined>;
    /**
     * The project ID. Changing this forces a new resource to be created.
     */
    declare public readonly projectId: pulumi.Output<string>;
    /**
     * This check will pass on Saturdays. Defaults to `false`.
     */
    declare public readonly saturday: pulumi.Output<boolean | undefined>;
    /**
     * The beginning of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    declare public readonly startTime: pulumi.Output<string>;
    /**
     * This check will pass on Sundays. Defaults to `false`.
     */
    declare public readonly sunday: pulumi.Output<boolean | undefined>;
    /**
     * The ID of the resource being protected by the check. Changing this forces a new resource to be created.
     */
    declare public readonly targetResourceId: pulumi.Output<string>;
    /**
     * The type of resource being protected by the check. Possible values are: `endpoint`, `environment`, `queue`, `repository`, `securefile`, `variablegroup`. Changing this forces a new resource to be created.
     */
    declare public readonly targetResourceType: pulumi.Output<string>;
    /**
     * This check will pass on Thursdays. Defaults to `false`.
     */
    declare public readonly thursday: pulumi.Output<boolean | undefined>;
    /**
     * The time zone this check will be evaluated in, as a Windows time zone ID (for example `UTC`, `W. Europe Standard Time` or `Pacific Standard Time`). See the provider documentation for the supported values.
     */
    declare public readonly timeZone: pulumi.Output<string>;
    /**
     * The timeout in minutes for the business hours check. Defaults to `1440`.
     */
    declare public readonly timeout: pulumi.Output<number | undefined>;
    /**
     * This check will pass on Tuesday. Defaults to `false`.
     */
    declare public readonly tuesday: pulumi.Output<boolean | undefined>;
    /**
     * The version of the check.
     */
    declare public readonly version: pulumi.Output<number>;
    /**
     * This check will pass on Wednesdays. Defaults to `false`.
     */
    declare public readonly wednesday: pulumi.Output<boolean | undefined>;

    /**
     * Create a CheckBusinessHours resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: CheckBusinessHoursArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: CheckBusinessHoursArgs | CheckBusinessHoursState, opts?: pulumi.CustomResourceOptions) {
        const resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as CheckBusinessHoursState | undefined;
            resourceInputs["displayName"] = state?.displayName;
            resourceInputs["endTime"] = state?.endTime;
            resourceInputs["friday"] = state?.friday;
            resourceInputs["monday"] = state?.monday;
            resourceInputs["projectId"] = state?.projectId;
            resourceInputs["saturday"] = state?.saturday;
            resourceInputs["startTime"] = state?.startTime;
            resourceInputs["sunday"] = state?.sunday;
            resourceInputs["targetResourceId"] = state?.targetResourceId;
            resourceInputs["targetResourceType"] = state?.targetResourceType;
            resourceInputs["thursday"] = state?.thursday;
            resourceInputs["timeZone"] = state?.timeZone;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["tuesday"] = state?.tuesday;
            resourceInputs["version"] = state?.version;
            resourceInputs["wednesday"] = state?.wednesday;
        } else {
            const args = argsOrState as CheckBusinessHoursArgs | undefined;
            if (args?.endTime === undefined && !opts.urn) {
                throw new Error("Missing required property 'endTime'");
            }
            if (args?.projectId === undefined && !opts.urn) {
                throw new Error("Missing required property 'projectId'");
            }
            if (args?.startTime === undefined && !opts.urn) {
                throw new Error("Missing required property 'startTime'");
            }
            if (args?.targetResourceId === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceId'");
            }
            if (args?.targetResourceType === undefined && !opts.urn) {
                throw new Error("Missing required property 'targetResourceType'");
            }
            if (args?.timeZone === undefined && !opts.urn) {
                throw new Error("Missing required property 'timeZone'");
            }
            resourceInputs["displayName"] = args?.displayName;
            resourceInputs["endTime"] = args?.endTime;
            resourceInputs["friday"] = args?.friday;
            resourceInputs["monday"] = args?.monday;
            resourceInputs["projectId"] = args?.projectId;
            resourceInputs["saturday"] = args?.saturday;
            resourceInputs["startTime"] = args?.startTime;
            resourceInputs["sunday"] = args?.sunday;
            resourceInputs["targetResourceId"] = args?.targetResourceId;
            resourceInputs["targetResourceType"] = args?.targetResourceType;
            resourceInputs["thursday"] = args?.thursday;
            resourceInputs["timeZone"] = args?.timeZone;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["tuesday"] = args?.tuesday;
            resourceInputs["wednesday"] = args?.wednesday;
            resourceInputs["version"] = undefined /*out*/;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(CheckBusinessHours.__pulumiType, name, resourceInputs, opts);
    }
}

/**
 * Input properties used for looking up and filtering CheckBusinessHours resources.
 */
export interface CheckBusinessHoursState {
    /**
     * The name of the business hours check displayed in the web UI.
     */
    displayName?: pulumi.Input<string>;
    /**
     * The end of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    endTime?: pulumi.Input<string>;
    /**
     * This check will pass on Fridays. Defaults to `false`.
     */
    friday?: pulumi.Input<boolean>;
    /**
     * This check will pass on Mondays. Defaults to `false`.
     */
    monday?: pulumi.Input<boolean>;
    /**
     * The project ID. Changing this forces a new resource to be created.
     */
    projectId?: pulumi.Input<string>;
    /**
     * This check will pass on Saturdays. Defaults to `false`.
     */
    saturday?: pulumi.Input<boolean>;
    /**
     * The beginning of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    startTime?: pulumi.Input<string>;
    /**
     * This check will pass on Sundays. Defaults to `false`.
     */
    sunday?: pulumi.Input<boolean>;
    /**
     * The ID of the resource being protected by the check. Changing this forces a new resource to be created.
     */
    targetResourceId?: pulumi.Input<string>;
    /**
     * The type of resource being protected by the check. Possible values are: `endpoint`, `environment`, `queue`, `repository`, `securefile`, `variablegroup`. Changing this forces a new resource to be created.
     */
    targetResourceType?: pulumi.Input<string>;
    /**
     * This check will pass on Thursdays. Defaults to `false`.
     */
    thursday?: pulumi.Input<boolean>;
    /**
     * The time zone this check will be evaluated in, as a Windows time zone ID (for example `UTC`, `W. Europe Standard Time` or `Pacific Standard Time`). See the provider documentation for the supported values.
     */
    timeZone?: pulumi.Input<string>;
    /**
     * The timeout in minutes for the business hours check. Defaults to `1440`.
     */
    timeout?: pulumi.Input<number>;
    /**
     * This check will pass on Tuesday. Defaults to `false`.
     */
    tuesday?: pulumi.Input<boolean>;
    /**
     * The version of the check.
     */
    version?: pulumi.Input<number>;
    /**
     * This check will pass on Wednesdays. Defaults to `false`.
     */
    wednesday?: pulumi.Input<boolean>;
}

/**
 * The set of arguments for constructing a CheckBusinessHours resource.
 */
export interface CheckBusinessHoursArgs {
    /**
     * The name of the business hours check displayed in the web UI.
     */
    displayName?: pulumi.Input<string>;
    /**
     * The end of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    endTime: pulumi.Input<string>;
    /**
     * This check will pass on Fridays. Defaults to `false`.
     */
    friday?: pulumi.Input<boolean>;
    /**
     * This check will pass on Mondays. Defaults to `false`.
     */
    monday?: pulumi.Input<boolean>;
    /**
     * The project ID. Changing this forces a new resource to be created.
     */
    projectId: pulumi.Input<string>;
    /**
     * This check will pass on Saturdays. Defaults to `false`.
     */
    saturday?: pulumi.Input<boolean>;
    /**
     * The beginning of the time period that this check will be allowed to pass, specified as 24-hour time with leading zeros.
     */
    startTime: pulumi.Input<string>;
    /**
     * This check will pass on Sundays. Defaults to `false`.
     */
    sunday?: pulumi.Input<boolean>;
    /**
     * The ID of the resource being protected by the check. Changing this forces a new resource to be created.
     */
    targetResourceId: pulumi.Input<string>;
    /**
     * The type of resource being protected by the check. Possible values are: `endpoint`, `environment`, `queue`, `repository`, `securefile`, `variablegroup`. Changing this forces a new resource to be created.
     */
    targetResourceType: pulumi.Input<string>;
    /**
     * This check will pass on Thursdays. Defaults to `false`.
     */
    thursday?: pulumi.Input<boolean>;
    /**
     * The time zone this check will be evaluated in, as a Windows time zone ID (for example `UTC`, `W. Europe Standard Time` or `Pacific Standard Time`). See the provider documentation for the supported values.
     */
    timeZone: pulumi.Input<string>;
    /**
     * The timeout in minutes for the business hours check. Defaults to `1440`.
     */
    timeout?: pulumi.Input<number>;
    /**
     * This check will pass on Tuesday. Defaults to `false`.
     */
    tuesday?: pulumi.Input<boolean>;
    /**
     * This check will pass on Wednesdays. Defaults to `false`.
     */
    wednesday?: pulumi.Input<boolean>;
}
