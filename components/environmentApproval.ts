import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";
import { APPROVAL_TIMEOUT_LIMITS, DEVOPS_DEFAULTS } from "../stack/defaults";
import { GUID_PATTERN } from "../stack/ids";

export interface EnvironmentApprovalArgs {
    /** ID of the Azure DevOps project. */
    readonly projectId: pulumi.Input<string>;
    /** Name of the Azure DevOps environment, the stack's environment (e.g. `production`). */
    readonly environmentName: string;
    /** Origin IDs (Entra object IDs, GUIDs) of the users or groups who may approve. At least one. */
    readonly approvers: readonly string[];
    /** Minutes a run waits for approval before it fails, 1–43200. Default: 1440 (one day). */
    readonly timeoutMinutes?: number;
    /** Shown to approvers. Default: what they approve and that the requester cannot approve. */
    readonly instructions?: string;
}

export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = DEVOPS_DEFAULTS.approvalTimeoutMinutes;

/** Checks args a caller could get wrong outside the stack config (the config schema checks the rest first). */
export function validateEnvironmentApprovalArgs(args: EnvironmentApprovalArgs): void {
    if (args.approvers.length === 0) {
        throw new Error("EnvironmentApproval: at least one approver is needed");
    }
    for (const approver of args.approvers) {
        if (!GUID_PATTERN.test(approver)) {
            throw new Error(`EnvironmentApproval: approver "${approver}" is not an origin ID (GUID)`);
        }
    }
    const timeout = args.timeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES;
    const { min, max } = APPROVAL_TIMEOUT_LIMITS;
    if (!Number.isInteger(timeout) || timeout < min || timeout > max) {
        throw new Error(`EnvironmentApproval: timeoutMinutes must be a whole number from ${min} to ${max} (found: ${timeout})`);
    }
}

/**
 * An Azure DevOps environment for deployments of this stack's environment, guarded by a manual approval: any one
 * of the approvers, never the person who queued the run.
 */
export class EnvironmentApproval extends pulumi.ComponentResource {
    public readonly environment: azuredevops.Environment;
    public readonly approval: azuredevops.CheckApproval;

    constructor(name: string, args: EnvironmentApprovalArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateEnvironmentApprovalArgs(args);
        super("keyvault-devops:index:EnvironmentApproval", name, {}, opts);
        const parent = { parent: this };

        this.environment = new azuredevops.Environment(
            `${name}-environment`,
            {
                projectId: args.projectId,
                name: args.environmentName,
                description: `Deployments to ${args.environmentName}: each run waits for a manual approval. Managed by Pulumi (keyvault-devops).`,
            },
            parent,
        );
        this.approval = new azuredevops.CheckApproval(
            `${name}-approval`,
            {
                projectId: args.projectId,
                targetResourceType: "environment",
                targetResourceId: this.environment.id,
                approvers: [...args.approvers],
                minimumRequiredApprovers: 1,
                requesterCanApprove: false,
                timeout: args.timeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES,
                instructions:
                    args.instructions ??
                    `Approve this deployment to ${args.environmentName} after reviewing the run's changes. The person who queued the run cannot approve it.`,
            },
            parent,
        );

        this.registerOutputs({ environmentId: this.environment.id });
    }
}
