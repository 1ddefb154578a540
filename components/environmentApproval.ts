import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";
import { APPROVAL_TIMEOUT_LIMITS, DEVOPS_DEFAULTS } from "../stack/defaults";
import { GUID_PATTERN } from "../stack/ids";

/** `[Project]\\Group name` (or `[Organization]\\Group name`): an Azure DevOps group, resolved with getIdentityGroup. */
export const APPROVER_GROUP = /^\[[^\]\\]+\]\\\S(?:.*\S)?$/;
/** A user's e-mail, resolved with getIdentityUsers (searchFilter MailAddress). */
export const APPROVER_EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** How an approver named in config is looked up: which data source, with which arguments. */
export type ApproverLookup =
    | { readonly kind: "group"; readonly name: string }
    | { readonly kind: "user"; readonly mailAddress: string };

/**
 * Which provider data source resolves an approver to its Azure DevOps identity ID. Checks take identity IDs only:
 * an Entra object ID or a graph origin ID fails with "The following identities are invalid"
 * (https://github.com/microsoft/terraform-provider-azuredevops/issues/864, #302). Throws for anything else.
 */
export function approverLookup(approver: string): ApproverLookup {
    if (APPROVER_GROUP.test(approver)) {
        return { kind: "group", name: approver };
    }
    if (APPROVER_EMAIL.test(approver)) {
        return { kind: "user", mailAddress: approver };
    }
    if (GUID_PATTERN.test(approver)) {
        throw new Error(
            `EnvironmentApproval: approver "${approver}" is a GUID; Azure DevOps checks need Azure DevOps identities, not Entra object IDs (name the group as [Project]\\Group name, or the user by e-mail)`,
        );
    }
    throw new Error(`EnvironmentApproval: approver "${approver}" is neither a group ([Project]\\Group name) nor an e-mail`);
}

export interface EnvironmentApprovalArgs {
    /** ID of the Azure DevOps project. */
    readonly projectId: pulumi.Input<string>;
    /** Name of the Azure DevOps environment, the stack's environment (e.g. `production`). */
    readonly environmentName: string;
    /**
     * Who may approve, as people know them: Azure DevOps groups as `[Project]\\Group name`, users by e-mail. Each
     * is resolved to its Azure DevOps identity ID with the provider's data sources. At least one.
     */
    readonly approvers: readonly string[];
    /** Minutes a run waits for approval before it fails, 1–43200. Default: 1440 (one day). */
    readonly timeoutMinutes?: number;
    /** Shown to approvers. Default: what they approve and that the requester cannot approve. */
    readonly instructions?: string;
    /**
     * Definition IDs of the pipelines allowed to use the environment (e.g. the one running pipelines/infra-deploy.yml),
     * each a positive integer. Each gets a PipelineAuthorization of type `environment` for that pipeline only, so its
     * first run does not stop at "This pipeline needs permission to access a resource". Default: none (a project
     * administrator permits each pipeline once by hand).
     */
    readonly pipelineIds?: readonly number[];
    /** Adopt the existing Azure DevOps environment: its `import` ID, `<projectId>/<environmentId>` (stack/adoption.ts). Default: none. */
    readonly environmentImportId?: string;
}

export const DEFAULT_APPROVAL_TIMEOUT_MINUTES = DEVOPS_DEFAULTS.approvalTimeoutMinutes;

/** Checks args a caller could get wrong outside the stack config (the config schema checks the rest first). */
export function validateEnvironmentApprovalArgs(args: EnvironmentApprovalArgs): void {
    if (args.approvers.length === 0) {
        throw new Error("EnvironmentApproval: at least one approver is needed");
    }
    for (const approver of args.approvers) {
        approverLookup(approver);
    }
    for (const id of args.pipelineIds ?? []) {
        if (!Number.isInteger(id) || id < 1 || id > 2147483647) {
            throw new Error(`EnvironmentApproval: pipeline ID ${id} is not a pipeline definition ID (a whole number from 1 to 2147483647)`);
        }
    }
    if (new Set(args.pipelineIds ?? []).size !== (args.pipelineIds ?? []).length) {
        throw new Error(`EnvironmentApproval: pipelineIds lists a pipeline twice (${(args.pipelineIds ?? []).join(", ")})`);
    }
    const timeout = args.timeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES;
    const { min, max } = APPROVAL_TIMEOUT_LIMITS;
    if (!Number.isInteger(timeout) || timeout < min || timeout > max) {
        throw new Error(`EnvironmentApproval: timeoutMinutes must be a whole number from ${min} to ${max} (found: ${timeout})`);
    }
}

/** The name of the environment's pipeline permission for one pipeline definition. */
export function environmentAuthorizationName(name: string, pipelineId: number): string {
    return `${name}-pipeline-${pipelineId}`;
}

/**
 * An Azure DevOps environment for deployments of this stack's environment, guarded by a manual approval: any one
 * of the approvers, never the person who queued the run.
 */
export class EnvironmentApproval extends pulumi.ComponentResource {
    public readonly environment: azuredevops.Environment;
    public readonly approval: azuredevops.CheckApproval;
    /** The environment's pipeline permissions, by pipeline definition ID. */
    public readonly authorizations: Readonly<Record<number, azuredevops.PipelineAuthorization>>;

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
            args.environmentImportId !== undefined ? { ...parent, import: args.environmentImportId } : parent,
        );
        this.approval = new azuredevops.CheckApproval(
            `${name}-approval`,
            {
                projectId: args.projectId,
                targetResourceType: "environment",
                targetResourceId: this.environment.id,
                approvers: args.approvers.map((approver) => {
                    const lookup = approverLookup(approver);
                    const invoke = { parent: this };
                    return lookup.kind === "group"
                        ? azuredevops.getIdentityGroupOutput({ projectId: args.projectId, name: lookup.name }, invoke).id
                        : azuredevops.getIdentityUsersOutput({ name: lookup.mailAddress, searchFilter: "MailAddress" }, invoke).id;
                }),
                minimumRequiredApprovers: 1,
                requesterCanApprove: false,
                timeout: args.timeoutMinutes ?? DEFAULT_APPROVAL_TIMEOUT_MINUTES,
                instructions:
                    args.instructions ??
                    `Approve this deployment to ${args.environmentName} after reviewing the run's changes. The person who queued the run cannot approve it.`,
            },
            parent,
        );

        // Pipeline permissions on the environment, one pipeline each (provider v3.15.0
        // `azuredevops:index/pipelineAuthorization:PipelineAuthorization`, type `environment`; without pipelineId it would
        // open the environment to every pipeline of the project). Azure DevOps otherwise holds the first run that targets
        // the environment at "This pipeline needs permission to access a resource" until an administrator permits it
        // (https://learn.microsoft.com/en-us/azure/devops/pipelines/process/environments#security).
        const authorizations: Record<number, azuredevops.PipelineAuthorization> = {};
        for (const pipelineId of args.pipelineIds ?? []) {
            authorizations[pipelineId] = new azuredevops.PipelineAuthorization(
                environmentAuthorizationName(name, pipelineId),
                { projectId: args.projectId, resourceId: this.environment.id, type: "environment", pipelineId },
                parent,
            );
        }
        this.authorizations = authorizations;

        this.registerOutputs({ environmentId: this.environment.id });
    }
}
