import { randomUUID } from "node:crypto";
import type { TokenCredential } from "@azure/identity";
import { APP_SETTINGS, LEASE_CONTAINER } from "./contract";
import type { LeaseProvider, RotationLease } from "./lease";

/**
 * Rotation leases as blob leases in the function's own storage account, through the Blob service REST API with a
 * Microsoft Entra token (the Function App's identity has Storage Blob Data Owner on its account):
 *
 * - Create Container `PUT /<container>?restype=container` (201, or 409 ContainerAlreadyExists);
 * - Put Blob `PUT /<container>/<blob>` with `If-None-Match: *` (201, or 409/412 when it exists / is leased);
 * - Lease Blob `PUT /<container>/<blob>?comp=lease` with `x-ms-lease-action: acquire|renew|release`
 *   (acquire: 201 + `x-ms-lease-id`, 409 LeaseAlreadyPresent when held; renew/release: 200).
 *
 * https://learn.microsoft.com/rest/api/storageservices/lease-blob,
 * https://learn.microsoft.com/rest/api/storageservices/put-blob,
 * https://learn.microsoft.com/rest/api/storageservices/create-container,
 * https://learn.microsoft.com/rest/api/storageservices/authorize-with-azure-active-directory (bearer token,
 * `x-ms-version` 2017-11-09 or later).
 *
 * A finite lease lasts 15-60 s; it is renewed every `renewEveryMs` while the rotation runs, so a crashed instance
 * frees it within a minute.
 */
export const STORAGE_API_VERSION = "2023-11-03";
export const STORAGE_SCOPE = "https://storage.azure.com/.default";

export interface BlobLeaseOptions {
  /** Blob endpoint, e.g. `https://<account>.blob.core.windows.net`. */
  readonly blobServiceUrl: string;
  readonly credential: TokenCredential;
  readonly container?: string;
  /** 15-60. Default 60. */
  readonly leaseSeconds?: number;
  /** Default 20 000. */
  readonly renewEveryMs?: number;
}

export class BlobLeaseError extends Error {
  override readonly name = "BlobLeaseError";
}

export class BlobLeaseProvider implements LeaseProvider {
  private readonly base: string;
  private readonly container: string;
  private containerReady = false;

  constructor(private readonly options: BlobLeaseOptions) {
    this.base = options.blobServiceUrl.replace(/\/+$/, "");
    this.container = options.container ?? LEASE_CONTAINER;
  }

  private async request(method: string, path: string, headers: Record<string, string>): Promise<Response> {
    const token = await this.options.credential.getToken(STORAGE_SCOPE);
    if (token === null) throw new BlobLeaseError("no token for Azure Storage");
    return fetch(`${this.base}/${path}`, {
      method,
      headers: { authorization: `Bearer ${token.token}`, "x-ms-version": STORAGE_API_VERSION, "content-length": "0", ...headers },
    });
  }

  private static async check(res: Response, what: string, ok: readonly number[]): Promise<void> {
    if (ok.includes(res.status)) return;
    const code = res.headers.get("x-ms-error-code") ?? "";
    await res.arrayBuffer().catch(() => undefined);
    throw new BlobLeaseError(`${what}: HTTP ${res.status}${code ? ` ${code}` : ""}`);
  }

  private blobPath(key: string): string {
    return `${this.container}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  async acquire(key: string): Promise<RotationLease | undefined> {
    if (!this.containerReady) {
      const res = await this.request("PUT", `${this.container}?restype=container`, {});
      await BlobLeaseProvider.check(res, `creating container ${this.container}`, [201, 409]);
      this.containerReady = true;
    }
    const blob = this.blobPath(key);
    const created = await this.request("PUT", blob, { "x-ms-blob-type": "BlockBlob", "if-none-match": "*" });
    await BlobLeaseProvider.check(created, `creating lease blob ${key}`, [201, 409, 412]);

    const proposed = randomUUID();
    const leaseSeconds = this.options.leaseSeconds ?? 60;
    const res = await this.request("PUT", `${blob}?comp=lease`, {
      "x-ms-lease-action": "acquire",
      "x-ms-lease-duration": String(leaseSeconds),
      "x-ms-proposed-lease-id": proposed,
    });
    if (res.status === 409) {
      await res.arrayBuffer().catch(() => undefined);
      return undefined;
    }
    await BlobLeaseProvider.check(res, `acquiring lease ${key}`, [201]);
    const leaseId = res.headers.get("x-ms-lease-id") ?? proposed;

    const lease = (action: "renew" | "release"): Promise<Response> =>
      this.request("PUT", `${blob}?comp=lease`, { "x-ms-lease-action": action, "x-ms-lease-id": leaseId });
    const timer = setInterval(() => {
      lease("renew")
        .then((r) => r.arrayBuffer())
        .catch(() => undefined);
    }, this.options.renewEveryMs ?? 20_000);
    timer.unref();
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        clearInterval(timer);
        const r = await lease("release");
        await BlobLeaseProvider.check(r, `releasing lease ${key}`, [200]);
      },
    };
  }
}

/** The blob endpoint from the host storage settings (identity-based `AzureWebJobsStorage__*`), or `undefined`. */
export function blobServiceUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  const uri = env[APP_SETTINGS.blobServiceUri]?.trim();
  if (uri) return uri;
  const account = env[APP_SETTINGS.storageAccountName]?.trim();
  return account ? `https://${account}.blob.core.windows.net` : undefined;
}
