// The pack's policies, in evaluation order. Importing this module has no side effects (no PolicyPack, no server):
// tests and the offline plan's in-process runner use it; `index.ts` serves it.
import type { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { keyVaultRoleAssignmentVaultScope, noPrivilegedRoleForServicePrincipal, serviceConnectionReadOnlyRoles } from "./access";
import {
    noAuthorizeAllPipelines,
    serviceConnectionWorkloadIdentity,
    variableGroupKeyVaultVariables,
    variableGroupSecretsKeyVaultLinked,
} from "./devops";
import { keyVaultEnvironmentTag } from "./environments";
import {
    keyVaultCertificateAllowedIssuers,
    keyVaultCertificateAllowedKeyTypes,
    keyVaultCertificateLifetimeAction,
    keyVaultCertificateMaxValidity,
    keyVaultCertificateRsaKeySize,
    keyVaultCertificateEcCurves,
} from "./certificates";
import {
    keyVaultDiagnosticAuditLogs,
    keyVaultFirewallDefaultDeny,
    keyVaultNameRules,
    keyVaultPremiumSkuProduction,
    keyVaultProductionDeletionGuard,
    keyVaultPublicNetworkAccess,
    keyVaultPurgeProtection,
    keyVaultRbacAuthorization,
    keyVaultSoftDeleteRetention,
} from "./keyVault";
import {
    keyVaultKeyEcCurves,
    keyVaultKeyExpiry,
    keyVaultKeyHsmProduction,
    keyVaultKeyRotationPolicy,
    keyVaultKeyRsaMinimumSize,
} from "./keys";
import { keyVaultSecretRotationEvents } from "./rotation";
import {
    keyVaultSecretContentType,
    keyVaultSecretExpiry,
    keyVaultSecretMaxValidity,
    keyVaultSecretNameConvention,
} from "./secrets";

export const PACK_NAME = "keyvault-devops";

/** The pack-wide default level; every policy sets its own, so this only applies to a policy that does not. */
export const packEnforcementLevel: EnforcementLevel = "advisory";

export type KeyVaultDevOpsPolicy = ResourceValidationPolicy | StackValidationPolicy;

export const allPolicies: readonly KeyVaultDevOpsPolicy[] = [
    // Key Vault
    keyVaultRbacAuthorization,
    keyVaultFirewallDefaultDeny,
    keyVaultPublicNetworkAccess,
    keyVaultPurgeProtection,
    keyVaultSoftDeleteRetention,
    keyVaultNameRules,
    keyVaultPremiumSkuProduction,
    keyVaultDiagnosticAuditLogs,
    keyVaultProductionDeletionGuard,
    // Secrets
    keyVaultSecretExpiry,
    keyVaultSecretMaxValidity,
    keyVaultSecretContentType,
    keyVaultSecretNameConvention,
    // Keys
    keyVaultKeyExpiry,
    keyVaultKeyRotationPolicy,
    keyVaultKeyHsmProduction,
    keyVaultKeyRsaMinimumSize,
    keyVaultKeyEcCurves,
    // Access
    keyVaultRoleAssignmentVaultScope,
    serviceConnectionReadOnlyRoles,
    noPrivilegedRoleForServicePrincipal,
    // Azure DevOps
    variableGroupSecretsKeyVaultLinked,
    variableGroupKeyVaultVariables,
    noAuthorizeAllPipelines,
    serviceConnectionWorkloadIdentity,
    // Rotation
    keyVaultSecretRotationEvents,
    // Environments
    keyVaultEnvironmentTag,
    // Certificates
    keyVaultCertificateMaxValidity,
    keyVaultCertificateLifetimeAction,
    keyVaultCertificateAllowedKeyTypes,
    keyVaultCertificateRsaKeySize,
    keyVaultCertificateEcCurves,
    keyVaultCertificateAllowedIssuers,
];
