import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";
import type { CurrentSecret, NewSecretVersion, SecretStore, WrittenVersion } from "./secretStore";

/** The subset of `SecretClient` used here (lets tests check the mapping without Azure). */
export type SecretClientLike = Pick<SecretClient, "getSecret" | "setSecret">;

function isNotFound(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const e = err as { statusCode?: unknown; code?: unknown };
  return e.statusCode === 404 || e.code === "SecretNotFound";
}

export class KeyVaultSecretStore implements SecretStore {
  constructor(private readonly client: SecretClientLike) {}

  async getCurrent(name: string): Promise<CurrentSecret | undefined> {
    let secret;
    try {
      secret = await this.client.getSecret(name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    const p = secret.properties;
    if (p.version === undefined || secret.value === undefined) {
      throw new Error(`Key Vault returned secret '${name}' without a version or value`);
    }
    return {
      name: secret.name,
      version: p.version,
      value: secret.value,
      contentType: p.contentType,
      tags: { ...(p.tags ?? {}) },
      expiresOn: p.expiresOn,
      enabled: p.enabled,
    };
  }

  async setNewVersion(name: string, secret: NewSecretVersion): Promise<WrittenVersion> {
    const result = await this.client.setSecret(name, secret.value, {
      contentType: secret.contentType,
      tags: { ...secret.tags },
      expiresOn: secret.expiresOn,
      enabled: true,
    });
    const version = result.properties.version;
    if (version === undefined) throw new Error(`Key Vault did not return the new version id of '${name}'`);
    return { version, expiresOn: result.properties.expiresOn ?? secret.expiresOn };
  }
}

/**
 * Production store: managed identity through `DefaultAzureCredential`. With a user-assigned identity, set the
 * app setting AZURE_CLIENT_ID to its client id (read by `@azure/identity`).
 */
export function createKeyVaultSecretStore(vaultUrl: string): KeyVaultSecretStore {
  const clientId = process.env.AZURE_CLIENT_ID;
  const credential = new DefaultAzureCredential(
    clientId !== undefined && clientId !== "" ? { managedIdentityClientId: clientId } : undefined,
  );
  return new KeyVaultSecretStore(new SecretClient(vaultUrl, credential));
}
