/*
 * The stack config `npm run adopt` writes: from the saved `az` output of a hand-made setup (./azOutput.ts), the config
 * that takes it over — the vault under its own name and resource group, each secret as an adopted `external` secret,
 * each linked variable group under its name with its secrets and the existing service connection, the import IDs in
 * `adopt`, and role assignments replacing the vault's access policies (./accessPolicies.ts). Pure.
 */
import { AZURE_DEVOPS_GEOGRAPHIES, AzureDevOpsGeography, rangesOfGeography } from "../../stack/data/azureDevOpsIpRanges";
import { DEFAULTS, PRODUCTION } from "../../stack/defaults";
import { ENVIRONMENT_PATTERN } from "../../stack/config/primitives";
import { rolesForAccessPolicy } from "./accessPolicies";
import type { AzSecret, AzVariableGroup, AzVault } from "./azOutput";

export interface AdoptOptions {
    /** The stack's `environment` (2–12 lowercase letters and digits). */
    readonly environment: string;
    /** `https://dev.azure.com/<organization>`: needed with variable groups. */
    readonly organizationUrl?: string;
    /** The Azure DevOps project's name, when the variable group output does not carry it. */
    readonly project?: string;
    /** Object ID of the existing service connection's service principal (the groups' connection). */
    readonly serviceConnectionPrincipalId?: string;
    /** Pipeline definition IDs authorized for the groups. */
    readonly pipelines: readonly number[];
    /** The organization's Azure DevOps geography: its published inbound ranges open the vault's firewall to the groups. */
    readonly geography?: string;
    /** Approvers of the Azure DevOps environment (required in production with `devops`). */
    readonly approvers: readonly string[];
    /** The existing Azure DevOps environment's ID, to adopt it. */
    readonly environmentId?: number;
    /** Principal types by object ID (lower case) for the role assignments; default Group for officers, ServicePrincipal otherwise. */
    readonly principalTypes: Readonly<Record<string, string>>;
}

/** Something the user must know about the generated config (printed by the CLI, never fatal). */
export interface AdoptNote {
    readonly level: "warning" | "note";
    readonly message: string;
}

export interface AdoptResult {
    /** The project's config keys without namespace (`vault`, `secrets`, ...), plus `azure-native:location` under `location`. */
    readonly config: Record<string, unknown>;
    readonly notes: AdoptNote[];
}

/** Thrown for options that cannot produce a valid config (exit 2, naming the option). */
export class AdoptOptionError extends Error {}

export function adoptedConfig(vault: AzVault, secrets: readonly AzSecret[], groups: readonly AzVariableGroup[], options: AdoptOptions): AdoptResult {
    const notes: AdoptNote[] = [];
    if (!ENVIRONMENT_PATTERN.test(options.environment)) {
        throw new AdoptOptionError(`\`--environment\` must be 2–12 lowercase letters and digits (found ${JSON.stringify(options.environment)}); it names the stack's resources and turns on the production guards for production`);
    }
    const production = options.environment === PRODUCTION;
    const adoptedSecrets = secrets.filter((s) => !s.managed);
    for (const s of secrets.filter((x) => x.managed)) {
        notes.push({ level: "note", message: `secret ${s.name} backs a certificate (managed: true): Key Vault manages it, it is not adopted` });
    }
    for (const s of adoptedSecrets.filter((x) => x.expires === undefined)) {
        notes.push({
            level: "warning",
            message: `secret ${s.name} has no expiry: the policy pack requires one (keyvault-secret-expiry). Set it without a new version: az keyvault secret set-attributes --vault-name ${vault.name} --name ${s.name} --expires <YYYY-MM-DDTHH:MM:SSZ>, then run adopt again with a fresh secret list`,
        });
    }

    const turnedOff = Object.entries({ enabledForDeployment: vault.enabledFor.deployment, enabledForDiskEncryption: vault.enabledFor.diskEncryption, enabledForTemplateDeployment: vault.enabledFor.templateDeployment })
        .filter(([, on]) => on === true)
        .map(([key]) => key);
    if (turnedOff.length > 0) {
        notes.push({ level: "warning", message: `the vault has ${turnedOff.join(", ")} on; the stack turns ${turnedOff.length === 1 ? "it" : "them"} off on the first \`pulumi up\` (VMs, disk encryption or ARM/Bicep deployments that read the vault stop working)` });
    }
    const config: Record<string, unknown> = {
        location: vault.location,
        environment: options.environment,
        resourceGroupName: vault.resourceGroup,
        vault: {
            name: vault.name,
            // ARM spells it in lower case, but a premium vault read as anything else would be downgraded (and refused with HSM keys).
            sku: vault.sku.toLowerCase() === "premium" ? "premium" : "standard",
            // Fixed once the vault exists (Azure refuses a change): keep what it has.
            ...(vault.softDeleteRetentionInDays !== undefined ? { softDeleteRetentionDays: vault.softDeleteRetentionInDays } : {}),
            purgeProtection: true,
            publicNetworkAccess: "Enabled",
            network: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [...vault.ipRules], subnetIds: [...vault.subnetIds] },
        },
        secrets: adoptedSecrets.map((s) => ({
            name: s.name,
            source: "external",
            preexisting: true,
            contentType: s.contentType !== undefined && s.contentType !== "" ? s.contentType : DEFAULTS.secret.contentType,
        })),
    };
    const adopt: Record<string, unknown> = {
        vaultId: vault.id,
        observedVault: {
            sku: vault.sku,
            enableRbacAuthorization: vault.enableRbacAuthorization,
            ...(vault.enableSoftDelete !== undefined ? { enableSoftDelete: vault.enableSoftDelete } : {}),
            enablePurgeProtection: vault.enablePurgeProtection,
            ...(vault.softDeleteRetentionInDays !== undefined ? { softDeleteRetentionInDays: vault.softDeleteRetentionInDays } : {}),
            ...(vault.publicNetworkAccess !== undefined ? { publicNetworkAccess: vault.publicNetworkAccess } : {}),
            // No networkAcls: the firewall is off, every address is allowed.
            defaultAction: vault.defaultAction ?? "Allow",
            bypass: vault.bypass ?? "AzureServices",
            ipRules: [...vault.ipRules],
            subnetIds: [...vault.subnetIds],
            ...(vault.enabledFor.deployment !== undefined ? { enabledForDeployment: vault.enabledFor.deployment } : {}),
            ...(vault.enabledFor.diskEncryption !== undefined ? { enabledForDiskEncryption: vault.enabledFor.diskEncryption } : {}),
            ...(vault.enabledFor.templateDeployment !== undefined ? { enabledForTemplateDeployment: vault.enabledFor.templateDeployment } : {}),
        },
        accessPolicies: vault.accessPolicies.map((p) => ({
            objectId: p.objectId,
            ...(p.tenantId !== undefined ? { tenantId: p.tenantId } : {}),
            ...(p.applicationId !== undefined ? { applicationId: p.applicationId } : {}),
            permissions: p.permissions,
        })),
        secrets: adoptedSecrets.map((s) => ({ name: s.name, ...(s.expires !== undefined ? { expires: new Date(Date.parse(s.expires)).toISOString().replace(/\.000Z$/, "Z") } : {}) })),
    };

    if (groups.length > 0) {
        const connectionIds = [...new Set(groups.map((g) => g.serviceEndpointId.toLowerCase()))];
        if (connectionIds.length > 1) {
            throw new AdoptOptionError(`the variable groups read the vault through different service connections (${connectionIds.join(", ")}); the stack manages one: adopt the groups of one connection at a time`);
        }
        for (const g of groups) {
            if (g.vault.toLowerCase() !== vault.name.toLowerCase()) {
                throw new AdoptOptionError(`variable group ${g.name} links vault ${g.vault}, not ${vault.name} (\`--vault\`): adopt it with its own vault`);
            }
            for (const v of g.variables) {
                if (secrets.some((s) => s.managed && s.name === v)) {
                    throw new AdoptOptionError(
                        `variable group ${g.name} links ${v}, the secret behind a certificate (managed: true in \`--secrets\`): Key Vault manages it and adoption does not take it over, so the stack cannot keep it in the group; adopting the group would drop that variable from it`,
                    );
                }
                if (!adoptedSecrets.some((s) => s.name === v)) {
                    throw new AdoptOptionError(`variable group ${g.name} links secret ${v}, which is not in the secret list (\`--secrets\`): save a fresh \`az keyvault secret list\``);
                }
            }
        }
        const project = groups.find((g) => g.projectName !== undefined)?.projectName ?? options.project;
        if (project === undefined) {
            throw new AdoptOptionError("`--project` is required: the variable group output names no project (variableGroupProjectReferences)");
        }
        if (options.organizationUrl === undefined) {
            throw new AdoptOptionError("`--organization` is required with `--variable-group`: https://dev.azure.com/<organization>");
        }
        if (options.serviceConnectionPrincipalId === undefined) {
            throw new AdoptOptionError(
                `\`--service-connection-principal\` is required with \`--variable-group\`: the object ID of service connection ${connectionIds[0] ?? ""}'s service principal (az ad sp show --id <its application ID> --query id -o tsv); the stack grants it Key Vault Secrets User`,
            );
        }
        if (options.pipelines.length === 0) {
            throw new AdoptOptionError("`--pipeline` is required with `--variable-group` (repeat it): the IDs of the pipeline definitions that use the groups; the stack authorizes them one by one, never all pipelines");
        }
        const geography = options.geography;
        if (geography === undefined || !(AZURE_DEVOPS_GEOGRAPHIES as readonly string[]).includes(geography)) {
            throw new AdoptOptionError(
                `\`--geography\` is required with \`--variable-group\` and must be one of ${AZURE_DEVOPS_GEOGRAPHIES.join(", ")} (found ${geography === undefined ? "nothing" : JSON.stringify(geography)}): the stack turns the vault's firewall to deny by default, and Azure DevOps resolves the groups from its published ranges`,
            );
        }
        if (production && options.approvers.length === 0) {
            throw new AdoptOptionError("`--approver` is required in production with `--variable-group` (repeat it): '[Project]\\Group name' or an e-mail; production deployments wait for an approval");
        }
        const ranges = rangesOfGeography(geography as AzureDevOpsGeography);
        const network = (config.vault as { network: { ipRules: string[] } }).network;
        network.ipRules = [...new Set([...network.ipRules, ...ranges])];
        const projectId = groups.find((g) => g.projectId !== undefined)?.projectId;
        config.devops = {
            organizationUrl: options.organizationUrl,
            project,
            serviceConnection: { mode: "existing", id: groups[0]?.serviceEndpointId, principalObjectId: options.serviceConnectionPrincipalId },
            geography,
            allowedIpRanges: ranges,
            variableGroups: groups.map((g) => ({
                name: g.name,
                ...(g.description !== undefined ? { description: g.description } : {}),
                secrets: [...g.variables],
                pipelines: [...options.pipelines],
            })),
            ...(options.approvers.length > 0 ? { approvals: { approvers: [...options.approvers] } } : {}),
        };
        if (projectId !== undefined) {
            adopt.projectId = projectId;
        }
        adopt.variableGroups = Object.fromEntries(groups.map((g) => [g.name, g.id]));
        adopt.observedVariableGroups = Object.fromEntries(
            groups.map((g) => [g.name, { ...(g.description !== undefined ? { description: g.description } : {}), vault: g.vault, serviceEndpointId: g.serviceEndpointId, variables: [...g.variables] }]),
        );
        if (options.environmentId !== undefined) {
            if (projectId === undefined) {
                throw new AdoptOptionError("`--environment-id` needs the project's ID, which the variable group output does not carry (variableGroupProjectReferences)");
            }
            adopt.environmentId = options.environmentId;
        }
    } else if (options.environmentId !== undefined) {
        throw new AdoptOptionError("`--environment-id` goes with `--variable-group` (the environment belongs to the Azure DevOps side)");
    }

    // Access policies → role assignments in config (the stack creates them); officer roles for keys and certificates
    // have no config key: preflight prints their az commands.
    const connectionPrincipal = options.serviceConnectionPrincipalId?.toLowerCase();
    const extraRoles: Record<string, unknown>[] = [];
    const officers: Record<string, unknown>[] = [];
    for (const policy of vault.accessPolicies) {
        const id = policy.objectId.toLowerCase();
        for (const mapping of rolesForAccessPolicy(policy)) {
            if (mapping.role === "Key Vault Secrets User" && id === connectionPrincipal) {
                continue; // the stack grants the service connection Key Vault Secrets User itself
            }
            // One type per principal: Azure refuses a role assignment whose principalType is not the principal's
            // (UnmatchedPrincipalType), so two guesses for one principal make one assignment fail on the first up,
            // after the vault has switched to RBAC.
            const type = options.principalTypes[id];
            const assumed = type ?? (rolesForAccessPolicy(policy).some((m) => m.home === "secretsOfficers") ? "Group" : "ServicePrincipal");
            if (mapping.home === "secretsOfficers") {
                officers.push({ principalId: policy.objectId, principalType: assumed });
            } else if (mapping.home === "extraRoles") {
                extraRoles.push({ principalId: policy.objectId, principalType: assumed, role: mapping.role });
            } else {
                notes.push({
                    level: "warning",
                    message: `access policy of ${policy.objectId} needs ${mapping.role} (replaces ${mapping.replaces}), which the stack does not grant: npm run preflight prints the az role assignment create command`,
                });
            }
            if (type === undefined) {
                notes.push({ level: "note", message: `principal ${policy.objectId}: principalType ${assumed} assumed; give --principal-type ${policy.objectId}=User|Group|ServicePrincipal if it is not (a wrong type fails its role assignment)` });
            }
        }
        if (policy.permissions.storage.length > 0) {
            notes.push({ level: "warning", message: `access policy of ${policy.objectId} grants storage permissions (${policy.permissions.storage.join(", ")}): managed storage account keys have no RBAC role and stop working once the vault uses RBAC` });
        }
    }
    if (extraRoles.length > 0 || officers.length > 0) {
        config.access = { ...(officers.length > 0 ? { secretsOfficers: officers } : {}), ...(extraRoles.length > 0 ? { extraRoles } : {}) };
    }
    config.adopt = adopt;
    return { config, notes: dedupe(notes) };
}

function dedupe(notes: AdoptNote[]): AdoptNote[] {
    const seen = new Set<string>();
    return notes.filter((n) => (seen.has(n.message) ? false : (seen.add(n.message), true)));
}
