import { ManagedIdentityCredential, type TokenCredential } from "@azure/identity";
import { SecretClient, type SecretClientOptions } from "@azure/keyvault-secrets";
import { APP_SETTINGS } from "./contract";
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
 * The Function App's managed identity: system-assigned, or the user-assigned one whose client id is in
 * AZURE_CLIENT_ID. `ManagedIdentityCredential`, not `DefaultAzureCredential`: in Azure there is nothing else to
 * try, and a chain could silently pick up another credential (environment variables, a developer login).
 * https://learn.microsoft.com/javascript/api/@azure/identity/managedidentitycredential
 */
export function functionCredential(env: NodeJS.ProcessEnv = process.env): TokenCredential {
  const clientId = env[APP_SETTINGS.clientId]?.trim();
  return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
}

/**
 * Production store: the real `SecretClient` (challenge-based auth, api-version, retries) with the given credential
 * (in Azure: `functionCredential()`). `options` only for tests (retry timing, challenge resource verification).
 */
export function createKeyVaultSecretStore(
  vaultUrl: string,
  credential: TokenCredential = functionCredential(),
  options?: SecretClientOptions,
): KeyVaultSecretStore {
  return new KeyVaultSecretStore(new SecretClient(vaultUrl, credential, options));
}
