/**
 * App settings read by the rotation function. Pure: takes an environment object so tests can pass their own.
 *
 * - KEY_VAULT_URI (required; or KEY_VAULT_NAME for the public cloud): the ONE vault this function rotates.
 *   Events from any other vault are ignored.
 * - ROTATION_WINDOW_DAYS (optional, default 30): a secret is rotated only when its current version expires
 *   within this many days (or has expired). Key Vault emits SecretNearExpiry 30 days before expiry.
 * - ROTATION_MARGIN_HOURS (optional, default 24): added to the window, so an event published early or a clock
 *   running behind still rotates instead of being acknowledged as "not near expiry yet".
 */
import { APP_SETTINGS, DEFAULT_MARGIN_HOURS, DEFAULT_WINDOW_DAYS } from "./contract";

export { DEFAULT_MARGIN_HOURS, DEFAULT_WINDOW_DAYS };

export interface RotationConfig {
  /** Normalized vault URL, e.g. `https://my-vault.vault.azure.net/`. */
  readonly vaultUrl: string;
  /** Lower-cased host of the vault URL. */
  readonly vaultHost: string;
  /** Lower-cased vault name (first DNS label of the host). */
  readonly vaultName: string;
  readonly nearExpiryWindowDays: number;
  /** Hours added to the window (see DEFAULT_MARGIN_HOURS). */
  readonly marginHours: number;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

function nonEmpty(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const v = env[key];
  return v !== undefined && v.trim() !== "" ? v.trim() : undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): RotationConfig {
  const uri = nonEmpty(env, APP_SETTINGS.vaultUri);
  const name = nonEmpty(env, APP_SETTINGS.vaultName);
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
  const windowRaw = nonEmpty(env, APP_SETTINGS.windowDays);
  if (windowRaw !== undefined) {
    if (!/^\d{1,4}$/.test(windowRaw)) {
      throw new ConfigError("app setting ROTATION_WINDOW_DAYS must be a whole number of days (0-3650)");
    }
    nearExpiryWindowDays = Number(windowRaw);
    if (nearExpiryWindowDays > 3650) {
      throw new ConfigError("app setting ROTATION_WINDOW_DAYS must be a whole number of days (0-3650)");
    }
  }

  let marginHours = DEFAULT_MARGIN_HOURS;
  const marginRaw = nonEmpty(env, APP_SETTINGS.marginHours);
  if (marginRaw !== undefined) {
    if (!/^\d{1,3}$/.test(marginRaw) || Number(marginRaw) > 168) {
      throw new ConfigError(`app setting ${APP_SETTINGS.marginHours} must be a whole number of hours (0-168)`);
    }
    marginHours = Number(marginRaw);
  }

  return { vaultUrl: `https://${vaultHost}/`, vaultHost, vaultName, nearExpiryWindowDays, marginHours };
}
