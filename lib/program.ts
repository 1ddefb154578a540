import * as pulumi from "@pulumi/pulumi";
import { EnvironmentVault } from "../components/environmentVault";
import { accessGrantsFromConfig, VaultAccess } from "../components/vaultAccess";
import { VaultDiagnostics } from "../components/vaultDiagnostics";
import { VaultSecrets } from "../components/vaultSecrets";
import { LoadedConfig } from "./config/load";
import { DEFAULTS, PRODUCTION } from "./defaults";

export interface StackOutputs {
    readonly vaultName: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly vaultId: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    readonly workspaceId: pulumi.Output<string>;
    /** Names only, never values. */
    readonly secretNames: readonly string[];
}

/** Builds one environment from validated config. Everything is named from the environment. */
export function buildStack({ config, secretValues }: LoadedConfig): StackOutputs {
    const project = pulumi.getProject();
    const env = config.environment;
    const production = env === PRODUCTION;
    const tags = { ...config.tags, environment: env, "managed-by": DEFAULTS.tags.managedBy };

    const vault = new EnvironmentVault(env, {
        projectName: project,
        environment: env,
        location: config.location,
        resourceGroupName: config.resourceGroupName,
        sku: config.vault.sku,
        softDeleteRetentionDays: config.vault.softDeleteRetentionDays,
        purgeProtection: config.vault.purgeProtection,
        publicNetworkAccess: config.vault.publicNetworkAccess,
        defaultAction: config.vault.network.defaultAction,
        bypass: config.vault.network.bypass,
        ipRules: config.vault.network.ipRules,
        subnetIds: config.vault.network.subnetIds,
        deletionGuards: production,
        tags,
    });

    const diagnostics = new VaultDiagnostics(`${env}-diagnostics`, {
        projectName: project,
        environment: env,
        resourceGroupName: vault.resourceGroupName,
        location: config.location,
        vaultId: vault.vaultId,
        workspaceId: config.diagnostics.workspaceId,
        retentionDays: config.diagnostics.retentionDays,
        protectWorkspace: production,
        tags,
    });

    const secrets = new VaultSecrets(`${env}-secrets`, {
        resourceGroupName: vault.resourceGroupName,
        vaultName: vault.vaultName,
        secrets: config.secrets,
        secretValues,
        tags,
    });

    new VaultAccess(`${env}-access`, { vaultId: vault.vaultId, grants: accessGrantsFromConfig(config.access) });

    return {
        vaultName: vault.vaultName,
        vaultUri: vault.vaultUri,
        vaultId: vault.vaultId,
        resourceGroupName: vault.resourceGroupName,
        workspaceId: diagnostics.workspaceId,
        secretNames: secrets.secretNames,
    };
}
