import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as resources from "@pulumi/azure-native/resources";
import * as random from "@pulumi/random";
import { DEFAULTS } from "../stack/defaults";
import { ipRuleProblem, SUBNET_ID_PATTERN } from "../stack/network";
import { resourceGroupName, VAULT_NAME_PATTERN, VAULT_SUFFIX_LENGTH, vaultName, vaultNameStem } from "../stack/names";
import { parseVaultId } from "../stack/adoption";

export interface EnvironmentVaultArgs {
    /** Project name, the first part of the vault name. */
    readonly projectName: string;
    /** Environment name (2–12 lowercase letters and digits); part of every name and the `environment` tag. */
    readonly environment: string;
    /** Azure region of the resource group and vault. */
    readonly location: pulumi.Input<string>;
    /** An existing resource group (or one created beside the vault) to use. Default: a new `rg-<project>-<environment>`. */
    readonly resourceGroupName?: pulumi.Input<string>;
    /** Entra ID tenant the vault trusts. Default: the tenant of the deploying credentials. */
    readonly tenantId?: pulumi.Input<string>;
    /** `standard` or `premium` (HSM-backed keys). Default: `standard`. */
    readonly sku?: "standard" | "premium";
    /** Days a deleted vault or secret stays recoverable, 7–90. Default: 90. Cannot change after creation. */
    readonly softDeleteRetentionDays?: number;
    /** Purge protection. Default: true; once on it cannot be turned off, so `false` leaves the property absent. */
    readonly purgeProtection?: boolean;
    /** `Enabled` (the firewall below decides) or `Disabled` (private endpoints only). Default: `Enabled`. */
    readonly publicNetworkAccess?: "Enabled" | "Disabled";
    /** Firewall default action. Default: `Deny`. */
    readonly defaultAction?: "Deny" | "Allow";
    /** Whether trusted Azure services pass the firewall. Default: `AzureServices`. */
    readonly bypass?: "AzureServices" | "None";
    /** Public IPv4 addresses or CIDR ranges allowed through the firewall. Default: none. */
    readonly ipRules?: readonly string[];
    /** Subnet resource IDs allowed through the firewall (they need the Microsoft.KeyVault service endpoint). Default: none. */
    readonly subnetIds?: readonly pulumi.Input<string>[];
    /** Deletion guards: `protect` on the vault and a CanNotDelete lock on it. Default: false (on for production). */
    readonly deletionGuards?: boolean;
    /** Tags for the resource group and vault (the `environment` and `managed-by` tags included). */
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * A fixed vault name (3–24 letters, digits and hyphens, starting with a letter, no consecutive hyphens). Default:
     * generated, `<project>-<environment>-<random suffix>` (no RandomString is created when the name is fixed).
     */
    readonly vaultName?: string;
    /**
     * Adopt an existing vault: its ARM resource ID, passed as Pulumi's `import` option (stack/adoption.ts). Its name
     * must be `vaultName` and its resource group `resourceGroupName`. Default: none (a new vault).
     */
    readonly importId?: string;
}

/** The vault's properties, from validated args: RBAC on, no access policies, purge protection, deny-by-default firewall. */
export function vaultProperties(args: EnvironmentVaultArgs, tenantId: pulumi.Input<string>): keyvault.VaultArgs["properties"] {
    const d = DEFAULTS.vault;
    const purgeProtection = args.purgeProtection ?? d.purgeProtection;
    return {
        tenantId,
        sku: { family: "A", name: args.sku ?? d.sku },
        enableRbacAuthorization: true,
        enableSoftDelete: true,
        softDeleteRetentionInDays: args.softDeleteRetentionDays ?? d.softDeleteRetentionDays,
        // Azure rejects `false` here ("the property does not accept false"): leave it absent instead.
        ...(purgeProtection ? { enablePurgeProtection: true } : {}),
        publicNetworkAccess: args.publicNetworkAccess ?? d.publicNetworkAccess,
        networkAcls: {
            defaultAction: args.defaultAction ?? d.network.defaultAction,
            bypass: args.bypass ?? d.network.bypass,
            ipRules: (args.ipRules ?? []).map((value) => ({ value })),
            virtualNetworkRules: (args.subnetIds ?? []).map((id) => ({ id, ignoreMissingVnetServiceEndpoint: false })),
        },
    };
}

/** Checks args a caller could get wrong outside the stack config (the config schema checks the rest first). */
export function validateEnvironmentVaultArgs(args: EnvironmentVaultArgs): void {
    if (args.vaultName === undefined) {
        vaultNameStem(args.projectName, args.environment);
    } else if (!VAULT_NAME_PATTERN.test(args.vaultName)) {
        throw new Error(`EnvironmentVault: vaultName "${args.vaultName}" is not a Key Vault name (3–24 letters, digits and hyphens, starting with a letter, no consecutive hyphens)`);
    }
    if (args.importId !== undefined) {
        const parsed = parseVaultId(args.importId);
        if (!parsed) {
            throw new Error(`EnvironmentVault: importId "${args.importId}" is not a Key Vault resource ID`);
        }
        if (args.vaultName === undefined || parsed.vaultName.toLowerCase() !== args.vaultName.toLowerCase()) {
            throw new Error(`EnvironmentVault: importId names vault "${parsed.vaultName}", so vaultName must be "${parsed.vaultName}" (found: ${args.vaultName ?? "not set"})`);
        }
        if (typeof args.resourceGroupName === "string" && args.resourceGroupName.toLowerCase() !== parsed.resourceGroupName.toLowerCase()) {
            throw new Error(`EnvironmentVault: importId is in resource group "${parsed.resourceGroupName}", not "${args.resourceGroupName}"`);
        }
    }
    for (const rule of args.ipRules ?? []) {
        const problem = ipRuleProblem(rule);
        if (problem) {
            throw new Error(`EnvironmentVault: ipRules entry "${rule}" ${problem}`);
        }
    }
    for (const id of args.subnetIds ?? []) {
        if (typeof id === "string" && !SUBNET_ID_PATTERN.test(id)) {
            throw new Error(`EnvironmentVault: subnetIds entry "${id}" is not a subnet resource ID`);
        }
    }
    const retention = args.softDeleteRetentionDays;
    if (retention !== undefined && (retention < 7 || retention > 90)) {
        throw new Error(`EnvironmentVault: softDeleteRetentionDays must be 7–90 (found: ${retention})`);
    }
}

/**
 * One environment's Key Vault: its resource group (or an existing one), the vault with RBAC authorization,
 * soft delete, purge protection and a deny-by-default firewall, and in production the deletion guards.
 */
export class EnvironmentVault extends pulumi.ComponentResource {
    public readonly resourceGroupName: pulumi.Output<string>;
    public readonly vault: keyvault.Vault;
    public readonly vaultName: pulumi.Output<string>;
    public readonly vaultId: pulumi.Output<string>;
    public readonly vaultUri: pulumi.Output<string>;
    public readonly lock?: authorization.ManagementLockByScope;

    constructor(name: string, args: EnvironmentVaultArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateEnvironmentVaultArgs(args);
        super("keyvault-devops:index:EnvironmentVault", name, {}, opts);
        const parent = { parent: this };

        if (args.resourceGroupName !== undefined) {
            this.resourceGroupName = pulumi.output(args.resourceGroupName);
        } else {
            const rg = new resources.ResourceGroup(
                `${name}-rg`,
                { resourceGroupName: resourceGroupName(args.projectName, args.environment), location: args.location, tags: args.tags },
                { ...parent, protect: args.deletionGuards },
            );
            this.resourceGroupName = rg.name;
        }

        // Vault names are global: a random suffix kept in state makes the name unique and stable (unless the name is fixed).
        const fixedName = args.vaultName;
        const suffix =
            fixedName === undefined
                ? new random.RandomString(`${name}-suffix`, { length: VAULT_SUFFIX_LENGTH, lower: true, upper: false, numeric: true, special: false }, parent)
                : undefined;
        const tenantId = args.tenantId ?? authorization.getClientConfigOutput(parent).tenantId;

        this.vault = new keyvault.Vault(
            `${name}-vault`,
            {
                resourceGroupName: this.resourceGroupName,
                vaultName: suffix ? suffix.result.apply((s) => vaultName(args.projectName, args.environment, s)) : fixedName,
                location: args.location,
                properties: vaultProperties(args, tenantId),
                tags: args.tags,
            },
            { ...parent, protect: args.deletionGuards, ...(args.importId !== undefined ? { import: args.importId } : {}) },
        );
        this.vaultName = this.vault.name;
        this.vaultId = this.vault.id;
        this.vaultUri = this.vault.properties.apply((p) => p.vaultUri ?? "");

        if (args.deletionGuards) {
            this.lock = new authorization.ManagementLockByScope(
                `${name}-lock`,
                {
                    scope: this.vault.id,
                    lockName: `${args.environment}-vault-cannot-delete`,
                    level: "CanNotDelete",
                    notes: "Production secrets vault: remove this lock deliberately before deleting the vault.",
                },
                parent,
            );
        }

        this.registerOutputs({
            resourceGroupName: this.resourceGroupName,
            vaultName: this.vaultName,
            vaultId: this.vaultId,
            vaultUri: this.vaultUri,
        });
    }
}
