import { strict as assert } from "node:assert";
import { BlobLeaseProvider, blobServiceUrlFromEnv, STORAGE_SCOPE } from "../src/blobLease";
import { loadConfig } from "../src/config";
import { LEASE_CONTAINER } from "../src/contract";
import { createRotationHandler, type RotationOutcome } from "../src/handler";
import { leaseKey, type LeaseProvider } from "../src/lease";
import { RotationError } from "../src/rotator";
import { defaultRegistry } from "../src/rotators";
import type { NewSecretVersion, WrittenVersion } from "../src/secretStore";
import { captureLogger, findLeaks, recordError } from "./helpers/audit";
import { BlobLeaseServer } from "./helpers/blobLeaseServer";
import { keyVaultEvent, VAULT_NAME, VAULT_URI } from "./helpers/events";
import { FakeSecretStore } from "./helpers/fakeStore";
import { FakeCredential } from "./helpers/keyVaultServer";

const DAY = 86_400_000;

/** A vault whose writes take a while: a slow rotation, so a redelivery arrives while the first one runs. */
class SlowStore extends FakeSecretStore {
  constructor(private readonly delayMs: number) {
    super();
  }
  override async setNewVersion(name: string, secret: NewSecretVersion): Promise<WrittenVersion> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    return super.setNewVersion(name, secret);
  }
}

describe("rotation leases (blob lease per vault/secret/version, local Blob REST server)", function () {
  this.timeout(30_000);
  const server = new BlobLeaseServer();
  let credential: FakeCredential;
  const provider = (): BlobLeaseProvider => new BlobLeaseProvider({ blobServiceUrl: server.url, credential, renewEveryMs: 50 });

  before(async () => {
    await server.start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    credential = new FakeCredential();
    server.containers.clear();
    server.log.length = 0;
    server.down = false;
  });

  it("acquires once per key, refuses a second holder, frees on release; creates its container; bearer token for Azure Storage", async () => {
    const a = provider();
    const b = provider();
    const key = leaseKey("KV", "Db-Token", "ABC123");
    assert.equal(key, "kv/db-token/abc123");
    const lease = await a.acquire(key);
    assert.ok(lease);
    assert.equal(server.state(LEASE_CONTAINER, key), "leased");
    assert.equal(await b.acquire(key), undefined, "held by another instance");
    assert.ok(await b.acquire(leaseKey("kv", "db-token", "other")), "another version is independent");
    await lease.release();
    assert.equal(server.state(LEASE_CONTAINER, key), "available");
    const again = await b.acquire(key);
    assert.ok(again);
    await again.release();
    assert.ok(credential.requests.every((r) => r.scopes.length === 1 && r.scopes[0] === STORAGE_SCOPE));
    assert.equal(server.log.filter((l) => l.path === `/${LEASE_CONTAINER}` && l.status === 201).length, 1);
  });

  it("renews while the rotation runs and is free again once a crashed holder's lease expires", async () => {
    const lease = await provider().acquire("kv/s/v1");
    assert.ok(lease);
    await new Promise((r) => setTimeout(r, 150));
    assert.ok(server.log.some((l) => l.action === "renew" && l.status === 200), "renewed");
    await lease.release();
    const crashed = await provider().acquire("kv/s/v2");
    assert.ok(crashed);
    server.expireAll();
    assert.ok(await provider().acquire("kv/s/v2"), "an expired lease can be taken");
  });

  it("an unreachable lease store is an error, not a silent pass", async () => {
    server.down = true;
    await assert.rejects(provider().acquire("kv/s/v"), /creating container rotation-leases: HTTP 503 ServerBusy/);
  });

  it("finds the blob endpoint in the host storage settings", () => {
    assert.equal(blobServiceUrlFromEnv({ AzureWebJobsStorage__accountName: "strot1" }), "https://strot1.blob.core.windows.net");
    assert.equal(blobServiceUrlFromEnv({ AzureWebJobsStorage__blobServiceUri: "https://x.blob.core.chinacloudapi.cn" }), "https://x.blob.core.chinacloudapi.cn");
    assert.equal(blobServiceUrlFromEnv({}), undefined);
  });

  function instances(leases: () => LeaseProvider | undefined) {
    const store = new SlowStore(300);
    const now = new Date();
    const secret = store.seed({
      name: "db-token",
      value: "old-token-value-0123456789",
      tags: { "rotation-strategy": "regenerate" },
      expiresOn: new Date(now.getTime() + 5 * DAY),
      enabled: true,
    });
    // Two Function App instances: separate handlers (separate in-process mutexes), one vault, one storage account.
    const make = () =>
      createRotationHandler({ config: loadConfig({ KEY_VAULT_URI: VAULT_URI }), store, registry: defaultRegistry(), now: () => now, leases: leases() });
    return { store, secret, a: make(), b: make() };
  }

  const outcome = (r: PromiseSettledResult<RotationOutcome>): string => {
    if (r.status === "fulfilled") return r.value.outcome;
    recordError(r.reason);
    return r.reason instanceof RotationError ? `threw: ${r.reason.message}` : "threw";
  };

  it("a slow regenerate redelivered to another instance writes ONE version; the redelivery fails (retried) and its retry is skipped", async () => {
    const { store, secret, a, b } = instances(provider);
    const event = keyVaultEvent("db-token", secret.version);
    const logger = captureLogger();
    const results = await Promise.allSettled([a(event, logger), new Promise((r) => setTimeout(r, 50)).then(() => b(event, logger))]);
    const outcomes = results.map(outcome);
    assert.equal(outcomes[0], "rotated");
    assert.match(outcomes[1] ?? "", /threw: .*another instance is rotating this version \(lease 'kv-devops-test\/db-token\/[0-9a-f]+' is held\); Event Grid will retry/);
    assert.equal(store.writeAttempts.length, 1, "one version written");
    // Event Grid retries the failed delivery later: the version is no longer current, nothing is written.
    const retry = await b(event, logger);
    assert.equal(retry.outcome, "skipped");
    assert.equal(store.writeAttempts.length, 1);
    assert.equal(server.state(LEASE_CONTAINER, leaseKey(VAULT_NAME, "db-token", secret.version)), "available", "released after the rotation");
  });

  it("the next holder re-reads under the lease: a redelivery that gets the lease after the first rotation finished is skipped", async () => {
    const { store, secret, a, b } = instances(provider);
    const event = keyVaultEvent("db-token", secret.version);
    const logger = captureLogger();
    // b read the old version before a finished (simulated: a's rotation completes between b's read and b's lease).
    const realGet = store.getCurrent.bind(store);
    let firstRead = true;
    store.getCurrent = async (name) => {
      const cur = await realGet(name);
      if (firstRead) {
        firstRead = false;
        await a(event, captureLogger());
      }
      return cur;
    };
    const out = await b(event, logger);
    assert.equal(out.outcome, "skipped");
    assert.match(out.outcome === "skipped" ? out.reason : "", /another instance rotated it meanwhile/);
    assert.equal(store.writeAttempts.length, 1);
  });

  it("without leases (the previous behaviour) the same redelivery writes TWO versions", async () => {
    const { store, secret, a, b } = instances(() => undefined);
    const event = keyVaultEvent("db-token", secret.version);
    const logger = captureLogger();
    await Promise.allSettled([a(event, logger), new Promise((r) => setTimeout(r, 50)).then(() => b(event, logger))]);
    assert.equal(store.writeAttempts.length, 2);
  });

  it("a lease store that cannot be reached fails the delivery (Event Grid retries) and writes nothing", async () => {
    const { store, secret, a } = instances(provider);
    server.down = true;
    await assert.rejects(a(keyVaultEvent("db-token", secret.version), captureLogger()), (err: Error) => {
      recordError(err);
      return /cannot take the rotation lease .*HTTP 503/.test(err.message);
    });
    assert.equal(store.writeAttempts.length, 0);
  });

  it("leaks no secret value into log lines or errors", () => {
    assert.deepEqual(findLeaks(), []);
  });
});
