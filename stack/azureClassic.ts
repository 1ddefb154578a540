import type { ProviderArgs } from "@pulumi/azure/provider";
import * as pulumi from "@pulumi/pulumi";

/**
 * The classic `@pulumi/azure` provider, explicit, for Key Vault certificates only (azure-native has no data-plane
 * certificate resource). Configured here rather than through `azure:*` stack config, so it never depends on what the
 * deploying shell has set:
 *
 * - `subscriptionId`: mandatory since v6 ("Subscription ID is now mandatory",
 *   https://www.pulumi.com/registry/packages/azure/v6-migration/; without it: "`subscription_id` is a required provider
 *   property", pulumi/pulumi-azure#2497). The stack passes the subscription azure-native deploys to.
 * - `resourceProviderRegistrations: "none"`: v6 registers a default set of resource providers at start unless told
 *   not to (same migration guide, "Provider Registration Options"), which needs subscription-wide
 *   resource provider register rights (Microsoft.<provider>/register/action) the deploying identity should not have; Microsoft.KeyVault is registered already,
 *   since the vault exists.
 * - `features.keyVault`: the provider's default purges a destroyed certificate (`purgeSoftDeletedCertificatesOnDestroy`
 *   true, schema of azure:index:ProviderFeaturesKeyVault); this project keeps deleted objects recoverable (purge
 *   protection, soft-delete retention), so no purge, and a soft-deleted certificate of the same name is recovered
 *   instead of failing the create with a conflict.
 *
 * Credentials: the same ARM_* environment / az CLI / OIDC sources as azure-native
 * (https://www.pulumi.com/registry/packages/azure/installation-configuration/).
 */
export function azureClassicProviderArgs(subscriptionId: pulumi.Input<string>): ProviderArgs {
    return {
        subscriptionId,
        resourceProviderRegistrations: "none",
        features: {
            keyVault: {
                purgeSoftDeletedCertificatesOnDestroy: false,
                recoverSoftDeletedCertificates: true,
            },
        },
    };
}
