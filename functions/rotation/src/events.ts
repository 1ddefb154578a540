import type { RotationConfig } from "./config";

export const SECRET_NEAR_EXPIRY = "Microsoft.KeyVault.SecretNearExpiry";
export const SECRET_EXPIRED = "Microsoft.KeyVault.SecretExpired";
const ACCEPTED_TYPES = [SECRET_NEAR_EXPIRY, SECRET_EXPIRED] as const;
export type AcceptedEventType = (typeof ACCEPTED_TYPES)[number];

/** A validated Key Vault secret event from the configured vault. */
export interface SecretEvent {
  readonly id: string;
  readonly eventType: AcceptedEventType;
  readonly vaultName: string;
  readonly secretName: string;
  readonly version: string;
}

export type ParseResult = { readonly ok: true; readonly event: SecretEvent } | { readonly ok: false; readonly reason: string };

const SECRET_NAME = /^[0-9a-zA-Z-]{1,127}$/;
const VERSION = /^[0-9a-fA-F]{32}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Property lookup tolerant of key casing (`VaultName` / `vaultName`). */
function prop(obj: Record<string, unknown>, key: string): unknown {
  if (key in obj) return obj[key];
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(obj)) {
    if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}

function str(obj: Record<string, unknown>, key: string): string | undefined {
  const v = prop(obj, key);
  return typeof v === "string" ? v : undefined;
}

/** Text safe to put in a log line: printable ASCII only, bounded length. */
export function printable(v: unknown): string {
  if (typeof v !== "string") return `<${typeof v}>`;
  const cleaned = v.replace(/[^\x20-\x7e]/g, "?");
  return cleaned.length > 120 ? `${cleaned.slice(0, 120)}...` : cleaned;
}

/**
 * Validates an Event Grid event (Event Grid schema, or CloudEvents `type`/`source`) against the Key Vault secret
 * event schema and the configured vault. Never throws: anything unexpected is a `{ ok: false, reason }`.
 * Reasons only contain event metadata (event type, vault and secret names), never data beyond that.
 */
export function parseSecretEvent(raw: unknown, config: RotationConfig): ParseResult {
  if (!isRecord(raw)) return { ok: false, reason: "malformed event: not an object" };
  const eventType = str(raw, "eventType") ?? str(raw, "type");
  if (eventType === undefined) return { ok: false, reason: "malformed event: no eventType" };
  const accepted = ACCEPTED_TYPES.find((t) => t.toLowerCase() === eventType.toLowerCase());
  if (accepted === undefined) return { ok: false, reason: `event type '${printable(eventType)}' is not handled` };

  const data = prop(raw, "data");
  if (!isRecord(data)) return { ok: false, reason: "malformed event: no data object" };
  const vaultName = str(data, "VaultName");
  const secretName = str(data, "ObjectName");
  const version = str(data, "Version");
  const objectType = str(data, "ObjectType");
  if (vaultName === undefined || vaultName === "") return { ok: false, reason: "malformed event: no data.VaultName" };
  if (vaultName.toLowerCase() !== config.vaultName) {
    return { ok: false, reason: `event from another vault '${printable(vaultName)}'` };
  }
  if (objectType !== undefined && objectType.toLowerCase() !== "secret") {
    return { ok: false, reason: `malformed event: data.ObjectType '${printable(objectType)}' is not Secret` };
  }
  if (secretName === undefined || !SECRET_NAME.test(secretName)) {
    return { ok: false, reason: "malformed event: missing or invalid data.ObjectName" };
  }
  if (version === undefined || !VERSION.test(version)) {
    return { ok: false, reason: "malformed event: missing or invalid data.Version" };
  }

  const subject = str(raw, "subject");
  if (subject !== undefined && subject !== "" && subject.toLowerCase() !== secretName.toLowerCase()) {
    return { ok: false, reason: "malformed event: subject does not match data.ObjectName" };
  }

  const topic = str(raw, "topic") ?? str(raw, "source");
  if (topic !== undefined && topic !== "") {
    const m = /\/providers\/microsoft\.keyvault\/vaults\/([^/]+)\/?$/i.exec(topic);
    if (m === null || m[1]?.toLowerCase() !== config.vaultName) {
      return { ok: false, reason: `event topic '${printable(topic)}' is not the configured vault` };
    }
  }

  const id = str(data, "Id");
  if (id !== undefined && id !== "") {
    let url: URL;
    try {
      url = new URL(id);
    } catch {
      return { ok: false, reason: "malformed event: data.Id is not a URL" };
    }
    if (url.hostname.toLowerCase() !== config.vaultHost) {
      return { ok: false, reason: `event data.Id host '${printable(url.hostname)}' is not the configured vault` };
    }
    const segments = url.pathname.split("/").filter((s) => s !== "");
    if (
      segments.length !== 3 ||
      segments[0]?.toLowerCase() !== "secrets" ||
      segments[1]?.toLowerCase() !== secretName.toLowerCase() ||
      segments[2]?.toLowerCase() !== version.toLowerCase()
    ) {
      return { ok: false, reason: "malformed event: data.Id does not match data.ObjectName/data.Version" };
    }
  }

  const eventId = str(raw, "id") ?? "";
  return { ok: true, event: { id: printable(eventId), eventType: accepted, vaultName, secretName, version } };
}
