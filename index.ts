// The stack program: read and validate config (nothing is created if it is invalid), then build one environment.
import { loadStackConfig } from "./stack/config/load";
import { buildStack } from "./stack/program";

const stack = buildStack(loadStackConfig());

export const vaultName = stack.vaultName;
export const vaultUri = stack.vaultUri;
export const vaultId = stack.vaultId;
export const resourceGroupName = stack.resourceGroupName;
export const workspaceId = stack.workspaceId;
export const secretNames = stack.secretNames;
// Each key's versionless URI and ID (never key material).
export const keys = stack.keys;
// Azure DevOps side (only with the `devops` config section): the service connection, the Key Vault-linked
// variable groups, and how pipelines read each secret.
export const serviceConnectionId = stack.serviceConnectionId;
export const variableGroups = stack.variableGroups;
export const pipelineVariables = stack.pipelineVariables;
// Certificates by name (empty without `certificates`): versionless IDs, never the certificate or its private key.
export const certificateSecretIds = stack.certificateSecretIds;
export const certificateIds = stack.certificateIds;
