import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AccessToken, GetTokenOptions, TokenCredential } from "@azure/identity";
import { rememberSecret } from "./audit";

/**
 * A local HTTPS server speaking the subset of the Key Vault data-plane REST API that `@azure/keyvault-secrets`'
 * `SecretClient.getSecret` / `setSecret` use (https://learn.microsoft.com/rest/api/keyvault/secrets/get-secret,
 * .../set-secret, https://learn.microsoft.com/azure/key-vault/general/authentication-requests-and-responses):
 *
 * - challenge-based auth: a request without `Authorization: Bearer` gets 401 with
 *   `WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>", resource="https://vault.azure.net"`;
 *   a bearer token other than the expected one gets 401 too;
 * - `GET /secrets/<name>/?api-version=...` (current version), `GET /secrets/<name>/<version>?api-version=...`;
 * - `PUT /secrets/<name>?api-version=...` with `{ value, contentType, tags, attributes: { enabled, exp } }` -> new version;
 * - 404 `SecretNotFound`, 403 `Forbidden` (a name in `forbidden`), 400 without `api-version`.
 *
 * Failure injection: `resetAfterCommit` = number of next PUTs that commit the new version and then destroy the
 * socket before answering (the client sees ECONNRESET: the "lost response" case).
 */
export interface StoredVersion {
  readonly version: string;
  readonly value: string;
  readonly contentType?: string;
  readonly tags: Record<string, string>;
  readonly enabled: boolean;
  readonly exp?: number;
  readonly created: number;
}

export const TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
export const TOKEN = `test-token-${randomBytes(8).toString("hex")}`;

/** A fake `TokenCredential` for tests: returns TOKEN for the Key Vault and Storage scopes, records every request. */
export class FakeCredential implements TokenCredential {
  readonly requests: { scopes: string[]; tenantId?: string }[] = [];
  async getToken(scopes: string | string[], options?: GetTokenOptions): Promise<AccessToken> {
    this.requests.push({ scopes: Array.isArray(scopes) ? scopes : [scopes], tenantId: options?.tenantId });
    return { token: TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
  }
}

let tls: { key: string; cert: string } | undefined;

/** A self-signed certificate for 127.0.0.1 / localhost (openssl, once per test run). */
export function selfSignedCert(): { key: string; cert: string } {
  if (tls !== undefined) return tls;
  const dir = mkdtempSync(join(tmpdir(), "kv-tls-"));
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")],
      { stdio: "ignore" },
    );
    tls = { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
    return tls;
  } catch (err) {
    throw new Error(`the Key Vault test server needs the openssl CLI (Debian package openssl): ${String(err)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export class KeyVaultServer {
  readonly secrets = new Map<string, StoredVersion[]>();
  readonly log: { method: string; path: string; status: number; auth: boolean }[] = [];
  readonly forbidden = new Set<string>();
  resetAfterCommit = 0;
  /** Makes every GET fail with 503 while > 0 (decremented per GET). */
  failGets = 0;
  /** Delay before a PUT is committed (a slow vault: a redelivery arrives meanwhile). */
  putDelayMs = 0;
  /** Every GET after the first PUT fails with 503 (a vault that cannot be re-read). */
  failGetsAfterPut = false;
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    const { key, cert } = selfSignedCert();
    this.server = createServer({ key, cert }, (req, res) => {
      this.handle(req, res).catch(() => {
        res.statusCode = 500;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  seed(name: string, v: Omit<StoredVersion, "version" | "created"> & { version?: string }): StoredVersion {
    const stored: StoredVersion = { ...v, version: v.version ?? randomBytes(16).toString("hex"), created: Math.floor(Date.now() / 1000) };
    rememberSecret(stored.value);
    const list = this.secrets.get(name.toLowerCase()) ?? [];
    list.push(stored);
    this.secrets.set(name.toLowerCase(), list);
    return stored;
  }

  current(name: string): StoredVersion | undefined {
    const list = this.secrets.get(name.toLowerCase());
    return list?.[list.length - 1];
  }

  private bundle(name: string, v: StoredVersion): Record<string, unknown> {
    return {
      value: v.value,
      id: `${this.url}/secrets/${name}/${v.version}`,
      ...(v.contentType !== undefined ? { contentType: v.contentType } : {}),
      tags: v.tags,
      attributes: {
        enabled: v.enabled,
        ...(v.exp !== undefined ? { exp: v.exp } : {}),
        created: v.created,
        updated: v.created,
        recoveryLevel: "Recoverable+Purgeable",
        recoverableDays: 90,
      },
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", this.url);
    const auth = req.headers.authorization ?? "";
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}): void => {
      this.log.push({ method: req.method ?? "", path: url.pathname, status, auth: auth !== "" });
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(body === undefined ? "" : JSON.stringify(body));
    };
    const error = (status: number, code: string, message: string): void => send(status, { error: { code, message } });

    if (!url.searchParams.get("api-version")) return error(400, "BadParameter", "The 'api-version' query parameter is missing.");
    if (auth !== `Bearer ${TOKEN}`) {
      return send(401, { error: { code: "Unauthorized", message: "AKV10000: Request is missing a Bearer or PoP token." } }, {
        "www-authenticate": `Bearer authorization="https://login.microsoftonline.com/${TENANT}", resource="https://vault.azure.net"`,
      });
    }
    const m = /^\/secrets\/([0-9a-zA-Z-]+)(?:\/([0-9a-zA-Z]*))?\/?$/.exec(url.pathname);
    if (m === null) return error(404, "NotFound", "unknown path");
    const name = m[1]!;
    const version = m[2] ?? "";
    if (this.forbidden.has(name.toLowerCase())) {
      return error(403, "Forbidden", `Caller is not authorized to perform action on resource. Action: 'Microsoft.KeyVault/vaults/secrets/getSecret/action'`);
    }

    if (req.method === "GET") {
      if (this.failGets > 0 || (this.failGetsAfterPut && this.log.some((l) => l.method === "PUT"))) {
        if (this.failGets > 0) this.failGets--;
        return error(503, "ServiceUnavailable", "try again");
      }
      const list = this.secrets.get(name.toLowerCase());
      const v = version === "" ? list?.[list.length - 1] : list?.find((x) => x.version === version);
      if (v === undefined) return error(404, "SecretNotFound", `A secret with (name/id) ${name} was not found in this key vault.`);
      if (!v.enabled) return error(403, "Forbidden", "Operation get is not allowed on a disabled secret.");
      return send(200, this.bundle(name, v));
    }
    if (req.method === "PUT" && version === "") {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
        value?: string;
        contentType?: string;
        tags?: Record<string, string>;
        attributes?: { enabled?: boolean; exp?: number };
      };
      if (typeof body.value !== "string") return error(400, "BadParameter", "value is required");
      if (this.putDelayMs > 0) await new Promise((r) => setTimeout(r, this.putDelayMs));
      const stored = this.seed(name, {
        value: body.value,
        contentType: body.contentType,
        tags: body.tags ?? {},
        enabled: body.attributes?.enabled ?? true,
        exp: body.attributes?.exp,
      });
      if (this.resetAfterCommit > 0) {
        this.resetAfterCommit--;
        this.log.push({ method: "PUT", path: url.pathname, status: 0, auth: true });
        req.socket.destroy();
        return;
      }
      return send(200, this.bundle(name, stored));
    }
    return error(405, "MethodNotAllowed", "method not allowed");
  }
}
