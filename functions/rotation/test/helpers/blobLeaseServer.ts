import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { TOKEN } from "./keyVaultServer";

/**
 * A local HTTP server speaking the Blob service REST subset `BlobLeaseProvider` uses
 * (https://learn.microsoft.com/rest/api/storageservices/create-container, .../put-blob, .../lease-blob):
 * bearer token + `x-ms-version` required (401/400 otherwise), containers, empty block blobs with `If-None-Match: *`,
 * and leases (acquire 15-60 s or -1, renew, release; 409 LeaseAlreadyPresent, 409 LeaseIdMismatchWithLeaseOperation,
 * 412 LeaseIdMissing on a write to a leased blob), with expiry on the wall clock.
 */
interface Blob {
  leaseId?: string;
  leaseUntil?: number;
}

export class BlobLeaseServer {
  readonly containers = new Map<string, Map<string, Blob>>();
  readonly log: { method: string; path: string; action?: string; status: number }[] = [];
  readonly tokens: string[] = [];
  /** Answers every request with 503 while true. */
  down = false;
  private server: Server | undefined;
  url = "";

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The lease state of a blob: "leased" | "available" | "missing". */
  state(container: string, blob: string): "leased" | "available" | "missing" {
    const b = this.containers.get(container)?.get(blob);
    if (b === undefined) return "missing";
    return b.leaseId !== undefined && (b.leaseUntil === undefined || b.leaseUntil > Date.now()) ? "leased" : "available";
  }

  /** Lets every lease run out (an instance that died holding it). */
  expireAll(): void {
    for (const c of this.containers.values()) for (const b of c.values()) b.leaseUntil = Date.now() - 1;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const url = new URL(req.url ?? "/", this.url);
    const action = req.headers["x-ms-lease-action"] as string | undefined;
    const send = (status: number, code?: string, headers: Record<string, string> = {}): void => {
      this.log.push({ method: req.method ?? "", path: url.pathname, action, status });
      res.writeHead(status, { ...(code ? { "x-ms-error-code": code } : {}), ...headers });
      res.end();
    };
    if (this.down) return send(503, "ServerBusy");
    const auth = req.headers.authorization ?? "";
    this.tokens.push(auth);
    if (auth !== `Bearer ${TOKEN}`) return send(401, "InvalidAuthenticationInfo");
    if (!req.headers["x-ms-version"]) return send(400, "MissingRequiredHeader");
    if (req.method !== "PUT") return send(405, "UnsupportedHttpVerb");

    const [container = "", ...rest] = url.pathname.split("/").filter((s) => s !== "").map(decodeURIComponent);
    const blobName = rest.join("/");
    if (url.searchParams.get("restype") === "container") {
      if (this.containers.has(container)) return send(409, "ContainerAlreadyExists");
      this.containers.set(container, new Map());
      return send(201);
    }
    const blobs = this.containers.get(container);
    if (blobs === undefined) return send(404, "ContainerNotFound");
    const blob = blobs.get(blobName);
    const leased = blob !== undefined && this.state(container, blobName) === "leased";

    if (url.searchParams.get("comp") === "lease") {
      if (blob === undefined) return send(404, "BlobNotFound");
      const given = req.headers["x-ms-lease-id"] as string | undefined;
      switch (action) {
        case "acquire": {
          const duration = Number(req.headers["x-ms-lease-duration"]);
          if (!(duration === -1 || (duration >= 15 && duration <= 60))) return send(400, "InvalidHeaderValue");
          const proposed = (req.headers["x-ms-proposed-lease-id"] as string | undefined) ?? randomUUID();
          if (leased && blob.leaseId !== proposed) return send(409, "LeaseAlreadyPresent");
          blob.leaseId = proposed;
          blob.leaseUntil = duration === -1 ? undefined : Date.now() + duration * 1000;
          return send(201, undefined, { "x-ms-lease-id": proposed });
        }
        case "renew":
          if (blob.leaseId !== given) return send(409, "LeaseIdMismatchWithLeaseOperation");
          blob.leaseUntil = Date.now() + 60_000;
          return send(200, undefined, { "x-ms-lease-id": given ?? "" });
        case "release":
          if (blob.leaseId !== given) return send(409, "LeaseIdMismatchWithLeaseOperation");
          blob.leaseId = undefined;
          blob.leaseUntil = undefined;
          return send(200);
        default:
          return send(400, "InvalidHeaderValue");
      }
    }
    // Put Blob.
    if (req.headers["if-none-match"] === "*" && blob !== undefined) return send(409, "BlobAlreadyExists");
    if (leased && req.headers["x-ms-lease-id"] !== blob.leaseId) return send(412, "LeaseIdMissing");
    if (req.headers["x-ms-blob-type"] !== "BlockBlob") return send(400, "MissingRequiredHeader");
    blobs.set(blobName, { ...(blob ?? {}) });
    return send(201);
  }
}
