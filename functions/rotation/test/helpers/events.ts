import { randomUUID } from "node:crypto";
import { SECRET_NEAR_EXPIRY } from "../../src/events";

export const VAULT_NAME = "kv-devops-test";
export const VAULT_URI = `https://${VAULT_NAME}.vault.azure.net/`;

/** A Key Vault event as Event Grid delivers it (Event Grid schema). */
export function keyVaultEvent(
  secretName: string,
  version: string,
  overrides: { eventType?: string; vaultName?: string; data?: Record<string, unknown> } = {},
): Record<string, unknown> {
  const vault = overrides.vaultName ?? VAULT_NAME;
  return {
    id: randomUUID(),
    topic: `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/${vault}`,
    subject: secretName,
    eventType: overrides.eventType ?? SECRET_NEAR_EXPIRY,
    eventTime: new Date().toISOString(),
    dataVersion: "1",
    metadataVersion: "1",
    data: {
      Id: `https://${vault}.vault.azure.net/secrets/${secretName}/${version}`,
      VaultName: vault,
      ObjectType: "Secret",
      ObjectName: secretName,
      Version: version,
      NBF: null,
      EXP: Math.floor(Date.now() / 1000) + 86400,
      ...overrides.data,
    },
  };
}
