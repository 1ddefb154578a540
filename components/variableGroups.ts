import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";
import * as time from "@pulumiverse/time";
import { DEVOPS_DEFAULTS } from "../stack/defaults";
import { caseOnlyMatch, VARIABLE_GROUP_NAME_PATTERN } from "../stack/names";

/** One Key Vault-linked variable group and the pipelines allowed to use it. */
export interface VariableGroupSpec {
    /** Variable group name, unique in the project (letters, digits, `.`, `_`, `-`); part of the logical names. */
    readonly name: string;
    /** Description shown in Azure DevOps. Default: names the vault's environment and says the stack manages it. */
    readonly description?: string;
    /** Names of the Key Vault secrets it links, exactly as in the vault (case-sensitive). At least one. */
    readonly secrets: readonly string[];
    /** IDs of the pipeline definitions allowed to use it (and the service connection). At least one. */
    readonly pipelines: readonly number[];
}

export interface KeyVaultVariableGroupsArgs {
    /** ID of the Azure DevOps project. */
    readonly projectId: pulumi.Input<string>;
    /** Environment name, for descriptions. */
    readonly environment: string;
    /** Name of the Key Vault the groups link. */
    readonly vaultName: pulumi.Input<string>;
    /** The AzureRM service connection the groups read the vault through. */
    readonly serviceConnectionId: pulumi.Input<string>;
    /** Every secret name the vault is known to hold: group secrets must be among them; their count is the search depth. */
    readonly knownSecretNames: readonly string[];
    readonly groups: readonly VariableGroupSpec[];
    /**
     * The role assignment that lets the service connection's principal read the vault's secrets. Groups are created
     * after it and after `rbacPropagationWait`: Azure RBAC takes minutes to propagate, and Azure DevOps answers a
     * group created too early with a 403.
     */
    readonly roleAssignment: pulumi.CustomResource;
    /** Resources the service connection needs before it can authenticate (the federated credential). Default: none. */
    readonly connectionReady?: readonly pulumi.Resource[];
    /** How long to wait after the role assignment is created (Go duration). Default: `2m`. */
    readonly rbacPropagationWait?: string;
    /** Whether to authorize the service connection for each pipeline that uses a group. Default: true. */
    readonly authorizeServiceConnection?: boolean;
    /**
     * The Key Vault Secret resources the stack creates, by secret name: each group depends on those it links
     * (Azure DevOps lists the vault's secrets when it creates the group). Default: none.
     */
    readonly secretResources?: Readonly<Record<string, pulumi.Resource>>;
    /**
     * Names of secrets that exist in the vault before the deployment (`preexisting: true` external secrets). A group
     * may link a secret only when it is in `secretResources` or here; omitted, every linked secret must be created
     * by the stack. Default: unchecked (the caller validated its config), for compatibility.
     */
    readonly preexistingSecretNames?: readonly string[];
    /**
     * Existing groups to adopt, by group name: the `import` ID, `<projectId>/<groupId>` (stack/adoption.ts). The group
     * keeps its name and ID; its inputs (description, `allowAccess: false`, the linked secrets) apply on the first
     * `pulumi up`. Default: none.
     */
    readonly importIds?: Readonly<Record<string, string>>;
}

/** Wait after a role assignment before anything uses it. Azure documents RBAC changes taking up to several minutes. */
export const DEFAULT_RBAC_PROPAGATION_WAIT = DEVOPS_DEFAULTS.rbacPropagationWait;

/** Key Vault's search depth for the groups: the number of secrets the stack knows, at least 1. */
export function searchDepth(knownSecretNames: readonly string[]): number {
    return Math.max(1, knownSecretNames.length);
}

/**
 * Logical name of a group's authorization for one pipeline: from the group name and pipeline ID, never positions.
 * The `variablegroup-`/`endpoint-` prefixes keep a group named like the connection's authorizations apart.
 */
export function groupAuthorizationName(name: string, groupName: string, pipelineId: number): string {
    return `${name}-variablegroup-${groupName}-pipeline-${pipelineId}`;
}

/** Logical name of the service connection's authorization for one pipeline. */
export function connectionAuthorizationName(name: string, pipelineId: number): string {
    return `${name}-endpoint-pipeline-${pipelineId}`;
}

/** Every pipeline that uses at least one group, ascending, once. */
export function pipelinesUsingGroups(groups: readonly Pick<VariableGroupSpec, "pipelines">[]): number[] {
    return [...new Set(groups.flatMap((g) => g.pipelines))].sort((a, b) => a - b);
}

/** Checks args a caller could get wrong outside the stack config (the config schema checks the rest first). */
export function validateKeyVaultVariableGroupsArgs(args: KeyVaultVariableGroupsArgs): void {
    const names = new Set<string>();
    for (const group of args.groups) {
        const label = `KeyVaultVariableGroups: group "${group.name}"`;
        if (!VARIABLE_GROUP_NAME_PATTERN.test(group.name)) {
            throw new Error(`${label}: the name must be letters, digits, '.', '_' and '-'`);
        }
        if (names.has(group.name.toLowerCase())) {
            throw new Error(`${label} is defined twice (names are case-insensitive)`);
        }
        names.add(group.name.toLowerCase());
        if (group.secrets.length === 0) {
            throw new Error(`${label} links no secret (it would resolve to 0 variables)`);
        }
        for (const secret of group.secrets) {
            if (!args.knownSecretNames.includes(secret)) {
                const match = caseOnlyMatch(args.knownSecretNames, secret);
                throw new Error(`${label}: unknown secret "${secret}"${match ? ` (names are case-sensitive: did you mean "${match}"?)` : ""}`);
            }
        }
        if (args.preexistingSecretNames !== undefined) {
            for (const secret of group.secrets) {
                if (!args.secretResources?.[secret] && !args.preexistingSecretNames.includes(secret)) {
                    throw new Error(`${label}: secret "${secret}" is neither created by the stack nor declared pre-existing (Azure DevOps rejects a group linking a secret the vault does not hold)`);
                }
            }
        }
        if (new Set(group.secrets).size !== group.secrets.length) {
            throw new Error(`${label} lists a secret twice`);
        }
        if (group.pipelines.length === 0) {
            throw new Error(`${label} is authorized for no pipeline (the stack never authorizes all pipelines)`);
        }
        for (const id of group.pipelines) {
            if (!Number.isInteger(id) || id < 1) {
                throw new Error(`${label}: pipeline ID ${id} is not a positive whole number`);
            }
        }
        if (new Set(group.pipelines).size !== group.pipelines.length) {
            throw new Error(`${label} lists a pipeline twice`);
        }
    }
    for (const groupName of Object.keys(args.importIds ?? {})) {
        if (!args.groups.some((g) => g.name === groupName)) {
            throw new Error(`KeyVaultVariableGroups: importIds names group "${groupName}", which is not in groups`);
        }
    }
}

/**
 * Key Vault-linked variable groups: each lists exactly its secrets' names (no values: Azure DevOps reads them from
 * the vault at run time), is closed to all pipelines (`allowAccess: false`) and authorized for the given pipelines
 * one by one, as is the service connection. Groups wait for the role assignment and for RBAC propagation (a `time`
 * Sleep after the assignment), and for the connection's federated credential.
 */
export class KeyVaultVariableGroups extends pulumi.ComponentResource {
    /** The variable groups, by name. */
    public readonly groups: Readonly<Record<string, azuredevops.VariableGroup>>;
    /** The wait for RBAC propagation after the role assignment. */
    public readonly rbacPropagation: time.Sleep;
    /** The authorizations, by logical name. */
    public readonly authorizations: Readonly<Record<string, azuredevops.PipelineAuthorization>>;

    constructor(name: string, args: KeyVaultVariableGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateKeyVaultVariableGroupsArgs(args);
        super("keyvault-devops:index:KeyVaultVariableGroups", name, {}, opts);
        const parent = { parent: this };
        const ready = args.connectionReady ?? [];

        this.rbacPropagation = new time.Sleep(
            `${name}-rbac-propagation`,
            {
                createDuration: args.rbacPropagationWait ?? DEFAULT_RBAC_PROPAGATION_WAIT,
                // A replaced role assignment (new principal, new vault) waits again.
                triggers: { roleAssignmentId: args.roleAssignment.id },
            },
            { ...parent, dependsOn: [args.roleAssignment, ...ready] },
        );

        const depth = searchDepth(args.knownSecretNames);
        const groups: Record<string, azuredevops.VariableGroup> = {};
        const authorizations: Record<string, azuredevops.PipelineAuthorization> = {};
        for (const spec of args.groups) {
            const group = new azuredevops.VariableGroup(
                `${name}-${spec.name}`,
                {
                    projectId: args.projectId,
                    name: spec.name,
                    description: spec.description ?? `Secrets of the ${args.environment} Key Vault, linked by name. Managed by Pulumi (keyvault-devops).`,
                    allowAccess: false,
                    keyVault: { name: args.vaultName, serviceEndpointId: args.serviceConnectionId, searchDepth: depth },
                    variables: spec.secrets.map((secret) => ({ name: secret })),
                },
                {
                    ...parent,
                    ...(args.importIds?.[spec.name] !== undefined ? { import: args.importIds[spec.name] } : {}),
                    dependsOn: [
                        args.roleAssignment,
                        this.rbacPropagation,
                        ...ready,
                        ...spec.secrets.flatMap((secret) => (args.secretResources?.[secret] ? [args.secretResources[secret]] : [])),
                    ],
                },
            );
            groups[spec.name] = group;
            for (const pipelineId of spec.pipelines) {
                const authName = groupAuthorizationName(name, spec.name, pipelineId);
                authorizations[authName] = new azuredevops.PipelineAuthorization(
                    authName,
                    { projectId: args.projectId, resourceId: group.id, type: "variablegroup", pipelineId },
                    parent,
                );
            }
        }
        if (args.authorizeServiceConnection ?? true) {
            for (const pipelineId of pipelinesUsingGroups(args.groups)) {
                const authName = connectionAuthorizationName(name, pipelineId);
                authorizations[authName] = new azuredevops.PipelineAuthorization(
                    authName,
                    { projectId: args.projectId, resourceId: args.serviceConnectionId, type: "endpoint", pipelineId },
                    parent,
                );
            }
        }
        this.groups = groups;
        this.authorizations = authorizations;

        this.registerOutputs({
            groups: Object.fromEntries(Object.entries(groups).map(([k, g]) => [k, { id: g.id, name: g.name }])),
        });
    }
}
