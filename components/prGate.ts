import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";

/*
 * The pull-request gate of an Azure Repos Git repository: the pipeline definition of a YAML file, and a build-validation
 * branch policy that queues it for every pull request into the branch and blocks completion until it passes.
 *
 * Why a policy: "YAML PR triggers are supported only in GitHub and Bitbucket Cloud. If you use Azure Repos Git, you can
 * configure a branch policy for build validation to trigger your build pipeline for validation"
 * (https://learn.microsoft.com/en-us/azure/devops/pipelines/repos/azure-repos-git#pr-triggers). A `pr:` block in the
 * YAML is ignored there. Resources: provider v3.15.0 `azuredevops:index/buildDefinition:BuildDefinition` and
 * `azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation` (sdks/azuredevops/schema.json).
 */

export interface PrGateArgs {
    /** ID of the Azure DevOps project that holds the repository. */
    readonly projectId: pulumi.Input<string>;
    /** ID (GUID) of the Azure Repos Git repository (`getGitRepository`). Only Azure Repos Git: see the module comment. */
    readonly repositoryId: pulumi.Input<string>;
    /** The branch pull requests target, without `refs/heads/`. Default: `main`. */
    readonly branch?: string;
    /** Path of the PR pipeline's YAML file in the repository. Default: `pipelines/infra-pr.yml`. */
    readonly yamlPath?: string;
    /** Name of the pipeline definition. Default: `keyvault-devops-pr`. */
    readonly pipelineName?: string;
    /** Minutes a passing run stays valid for the PR, 0–525600 (0: never expires). Default: 720 (the policy's own default). */
    readonly validDurationMinutes?: number;
    /**
     * The service connections the PR pipeline uses, by name (names without leading or trailing spaces), each with its
     * ID. Each gets a pipeline permission for this pipeline only (PipelineAuthorization type `endpoint`), so the first
     * PR run does not stop at "This pipeline needs permission to access a resource". Default: none.
     */
    readonly serviceConnections?: Readonly<Record<string, pulumi.Input<string>>>;
}

export const PR_GATE_DEFAULTS = {
    branch: "main",
    yamlPath: "pipelines/infra-pr.yml",
    pipelineName: "keyvault-devops-pr",
    validDurationMinutes: 720,
} as const;

/** Git ref names: no space, `~^:?*[\`, `..`, `@{`, leading `/` or `-`, trailing `/` or `.lock` (git check-ref-format). */
const BRANCH_PATTERN = /^(?!\/|-)(?!.*(?:\.\.|@\{|\/\/|\/$|\.lock$|\.$))[^\s~^:?*[\\\u0000-\u001f\u007f]+$/;

/** Checks args a caller could get wrong outside the stack config. */
export function validatePrGateArgs(args: PrGateArgs): void {
    const branch = args.branch ?? PR_GATE_DEFAULTS.branch;
    if (branch.startsWith("refs/") || !BRANCH_PATTERN.test(branch)) {
        throw new Error(`PrGate: branch "${branch}" is not a branch name (give it without refs/heads/, e.g. main)`);
    }
    const yamlPath = args.yamlPath ?? PR_GATE_DEFAULTS.yamlPath;
    if (!/^[^/\\\u0000-\u001f][^\\\u0000-\u001f]*\.ya?ml$/.test(yamlPath)) {
        throw new Error(`PrGate: yamlPath "${yamlPath}" must be a relative path to a .yml or .yaml file`);
    }
    for (const connection of Object.keys(args.serviceConnections ?? {})) {
        if (!/^\S(?:.*\S)?$/.test(connection)) {
            throw new Error(`PrGate: service connection name "${connection}" is empty or has leading or trailing spaces`);
        }
    }
    const minutes = args.validDurationMinutes ?? PR_GATE_DEFAULTS.validDurationMinutes;
    if (!Number.isInteger(minutes) || minutes < 0 || minutes > 525600) {
        throw new Error(`PrGate: validDurationMinutes must be a whole number from 0 to 525600 (found: ${minutes})`);
    }
}

/** The definition's numeric ID: the provider's resource `id` is the definition ID as a string. */
export function buildDefinitionNumber(id: string): number {
    const n = Number(id);
    if (!Number.isInteger(n) || n <= 0) {
        throw new Error(`PrGate: build definition id "${id}" is not a positive integer`);
    }
    return n;
}

/** The name of the PR pipeline's permission on one service connection. */
export function prGateAuthorizationName(name: string, connection: string): string {
    return `${name}-endpoint-${connection}`;
}

/** A YAML pipeline definition for the PR pipeline and the blocking build-validation policy on the branch. */
export class PrGate extends pulumi.ComponentResource {
    public readonly pipeline: azuredevops.BuildDefinition;
    public readonly policy: azuredevops.BranchPolicyBuildValidation;
    /** The pipeline definition's numeric ID. */
    public readonly pipelineId: pulumi.Output<number>;
    /** The PR pipeline's permissions on its service connections, by connection name. */
    public readonly authorizations: Readonly<Record<string, azuredevops.PipelineAuthorization>>;

    constructor(name: string, args: PrGateArgs, opts?: pulumi.ComponentResourceOptions) {
        validatePrGateArgs(args);
        super("keyvault-devops:index:PrGate", name, {}, opts);
        const parent = { parent: this };
        const branch = args.branch ?? PR_GATE_DEFAULTS.branch;
        const ref = `refs/heads/${branch}`;

        this.pipeline = new azuredevops.BuildDefinition(
            `${name}-pipeline`,
            {
                projectId: args.projectId,
                name: args.pipelineName ?? PR_GATE_DEFAULTS.pipelineName,
                repository: { repoType: "TfsGit", repoId: args.repositoryId, branchName: ref, ymlPath: args.yamlPath ?? PR_GATE_DEFAULTS.yamlPath },
                // The YAML's own `trigger:` (none) decides CI runs; PR runs come from the policy below.
                ciTrigger: { useYaml: true },
            },
            parent,
        );
        this.pipelineId = this.pipeline.id.apply(buildDefinitionNumber);

        this.policy = new azuredevops.BranchPolicyBuildValidation(
            `${name}-build-validation`,
            {
                projectId: args.projectId,
                enabled: true,
                blocking: true,
                settings: {
                    displayName: `${args.pipelineName ?? PR_GATE_DEFAULTS.pipelineName}: tests, offline plans, policies and previews`,
                    buildDefinitionId: this.pipelineId,
                    queueOnSourceUpdateOnly: true,
                    manualQueueOnly: false,
                    validDuration: args.validDurationMinutes ?? PR_GATE_DEFAULTS.validDurationMinutes,
                    scopes: [{ repositoryId: args.repositoryId, repositoryRef: ref, matchType: "Exact" }],
                },
            },
            parent,
        );

        // The PR pipeline's permission on each service connection it uses, for this pipeline only (provider v3.15.0
        // `azuredevops:index/pipelineAuthorization:PipelineAuthorization`, type `endpoint`): otherwise Azure DevOps holds
        // its first run until someone permits the connection
        // (https://learn.microsoft.com/en-us/azure/devops/pipelines/library/service-endpoints#pipeline-permissions).
        const authorizations: Record<string, azuredevops.PipelineAuthorization> = {};
        for (const [connection, id] of Object.entries(args.serviceConnections ?? {})) {
            authorizations[connection] = new azuredevops.PipelineAuthorization(
                prGateAuthorizationName(name, connection),
                { projectId: args.projectId, resourceId: id, type: "endpoint", pipelineId: this.pipelineId },
                parent,
            );
        }
        this.authorizations = authorizations;

        this.registerOutputs({ pipelineId: this.pipelineId });
    }
}
