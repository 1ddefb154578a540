/**
 * App settings read by the rotation function. Pure: takes an environment object so tests can pass their own.
 *
 * - KEY_VAULT_URI (required; or KEY_VAULT_NAME for the public cloud): the ONE vault this function rotates.
 *   Events from any other vault are ignored.
 * - ROTATION_WINDOW_DAYS (optional, default 30): a secret is rotated only when its current version expires
 *   within this many days (or has expired). Key Vault emits SecretNearExpiry 30 days before expiry.
 */
export const DEFAULT_WINDOW_DAYS = 30;

export interface RotationConfig {
  /** Normalized vault URL, e.g. `https://my-vault.vault.azure.net/`. */
  readonly vaultUrl: string;
  /** Lower-cased host of the vault URL. */
  readonly vaultHost: string;
  /** Lower-cased vault name (first DNS label of the host). */
  readonly vaultName: string;
  readonly nearExpiryWindowDays: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function nonEmpty(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key];
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RotationConfig {
  const uri = nonEmpty(env, "KEY_VAULT_URI");
  const name = nonEmpty(env, "KEY_VAULT_NAME");
  let url: URL;
  if (uri !== undefined) {
    try {
      url = new URL(uri);
    } catch {
      throw new ConfigError("app setting KEY_VAULT_URI is not a valid URL");
    }
  } else if (name !== undefined) {
    if (!/^[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/.test(name)) {
      throw new ConfigError("app setting KEY_VAULT_NAME is not a valid Key Vault name");
    }
    url = new URL(`https://${name}.vault.azure.net/`);
  } else {
    throw new ConfigError("app setting KEY_VAULT_URI (or KEY_VAULT_NAME) is required");
  }
  if (url.protocol !== "https:") {
    throw new ConfigError("app setting KEY_VAULT_URI must be an https:// URL");
  }
  const vaultHost = url.hostname.toLowerCase();
  const vaultName = vaultHost.split(".")[0] ?? "";
  if (vaultName === "") {
    throw new ConfigError("cannot derive the vault name from KEY_VAULT_URI");
  }

  let nearExpiryWindowDays = DEFAULT_WINDOW_DAYS;
  const windowRaw = nonEmpty(env, "ROTATION_WINDOW_DAYS");
  if (windowRaw !== undefined) {
    if (!/^\d{1,4}$/.test(windowRaw)) {
      throw new ConfigError("app setting ROTATION_WINDOW_DAYS must be a whole number of days (0-3650)");
    }
    nearExpiryWindowDays = Number(windowRaw);
    if (nearExpiryWindowDays > 3650) {
      throw new ConfigError("app setting ROTATION_WINDOW_DAYS must be a whole number of days (0-3650)");
    }
  }

  return { vaultUrl: `https://${vaultHost}/`, vaultHost, vaultName, nearExpiryWindowDays };
}
