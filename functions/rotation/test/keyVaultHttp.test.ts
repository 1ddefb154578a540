import { strict as assert } from "node:assert";
import type { SecretClientOptions } from "@azure/keyvault-secrets";
import { loadConfig } from "../src/config";
import { createRotationHandler } from "../src/handler";
import { createKeyVaultSecretStore, functionCredential } from "../src/keyVaultStore";
import { defaultRegistry } from "../src/rotators";
import { captureLogger, findLeaks, recordError, rememberSecret } from "./helpers/audit";
import { keyVaultEvent } from "./helpers/events";
import { BlobLeaseProvider } from "../src/blobLease";
import { BlobLeaseServer } from "./helpers/blobLeaseServer";
import { FakeCredential, KeyVaultServer, selfSignedCert, TENANT } from "./helpers/keyVaultServer";

const DAY = 86_400_000;

/**
 * The production store (`createKeyVaultSecretStore`: the real `SecretClient` of @azure/keyvault-secrets, its
 * challenge-based authentication, api-version, retries and error mapping) against a local HTTPS server speaking
 * the Key Vault REST subset it uses. Only the credential is a fake (in Azure: ManagedIdentityCredential).
 */
describe("KeyVaultSecretStore over HTTP (real SecretClient, local Key Vault REST server)", function () {
  this.timeout(60_000);
  const server = new KeyVaultServer();
  let credential: FakeCredential;

  // Test-only client options: trust the test certificate; the challenge names https://vault.azure.net, not
  // 127.0.0.1, so resource verification is off; fast retries.
  const clientOptions = (maxRetries = 0): SecretClientOptions => ({
    tlsOptions: { ca: selfSignedCert().cert } as unknown as SecretClientOptions["tlsOptions"],
    disableChallengeResourceVerification: true,
    retryOptions: { maxRetries, retryDelayInMs: 5, maxRetryDelayInMs: 20 },
  });
  const store = (maxRetries = 0) => createKeyVaultSecretStore(`${server.url}/`, credential, clientOptions(maxRetries));

  before(async () => {
    await server.start();
  });
  after(async () => {
    await server.stop();
  });
  beforeEach(() => {
    credential = new FakeCredential();
    server.secrets.clear();
    server.log.length = 0;
    server.forbidden.clear();
    server.resetAfterCommit = 0;
    server.failGets = 0;
    server.failGetsAfterPut = false;
    server.putDelayMs = 0;
  });

  it("reads the current version: challenge 401 first, then a token for the challenge's tenant and the vault scope", async () => {
    const exp = Math.floor(Date.now() / 1000) + 10 * 86400;
    const seeded = server.seed("db-token", {
      value: "current-value-0123456789abcdef",
      contentType: "text/plain",
      tags: { "rotation-strategy": "regenerate", "validity-days": "90" },
      enabled: true,
      exp,
    });
    const cur = await store().getCurrent("db-token");
    assert.deepEqual(cur, {
      name: "db-token",
      version: seeded.version,
      value: "current-value-0123456789abcdef",
      contentType: "text/plain",
      tags: { "rotation-strategy": "regenerate", "validity-days": "90" },
      expiresOn: new Date(exp * 1000),
      enabled: true,
    });
    assert.deepEqual(
      server.log.map((l) => [l.method, l.status, l.auth]),
      [
        ["GET", 401, false],
        ["GET", 200, true],
      ],
    );
    assert.deepEqual(credential.requests, [{ scopes: ["https://vault.azure.net/.default"], tenantId: TENANT }]);
  });

  it("maps 404 SecretNotFound to undefined and rethrows 403 Forbidden (never 'not found')", async () => {
    assert.equal(await store().getCurrent("missing"), undefined);
    server.seed("locked", { value: "locked-value-0123456789", tags: {}, enabled: true });
    server.forbidden.add("locked");
    await assert.rejects(store().getCurrent("locked"), (err: Error & { statusCode?: number }) => err.statusCode === 403);
  });

  it("writes a new version with the same tags and content type, enabled, with the new expiry", async () => {
    server.seed("db-token", { value: "old-value-0123456789abcdef", contentType: "text/plain", tags: { a: "1" }, enabled: true });
    const expiresOn = new Date(Math.floor(Date.now() / 1000 + 90 * 86400) * 1000);
    rememberSecret("new-value-0123456789abcdef");
    const written = await store().setNewVersion("db-token", { value: "new-value-0123456789abcdef", contentType: "text/plain", tags: { a: "1" }, expiresOn });
    const cur = server.current("db-token");
    assert.equal(written.version, cur?.version);
    assert.deepEqual(written.expiresOn, expiresOn);
    assert.deepEqual(
      { value: cur?.value, contentType: cur?.contentType, tags: cur?.tags, enabled: cur?.enabled, exp: cur?.exp },
      { value: "new-value-0123456789abcdef", contentType: "text/plain", tags: { a: "1" }, enabled: true, exp: expiresOn.getTime() / 1000 },
    );
  });

  function rotationSetup(maxRetries = 0) {
    const now = new Date();
    const seeded = server.seed("db-token", {
      value: "old-value-0123456789abcdef",
      contentType: "text/plain",
      tags: { "rotation-strategy": "regenerate" },
      enabled: true,
      exp: Math.floor((now.getTime() + 5 * DAY) / 1000),
    });
    const handler = createRotationHandler({
      config: loadConfig({ KEY_VAULT_URI: `${server.url}/` }),
      store: store(maxRetries),
      registry: defaultRegistry(),
      now: () => now,
      confirmDelaysMs: [0, 10],
    });
    // Events name the vault by its first DNS label: here the host 127.0.0.1 -> "127".
    const event = keyVaultEvent("db-token", seeded.version, {
      vaultName: "127",
      data: { Id: `${server.url}/secrets/db-token/${seeded.version}`, VaultName: "127" },
    });
    return { seeded, handler, event, logger: captureLogger() };
  }

  it("rotates through the real client end to end", async () => {
    const { seeded, handler, event, logger } = rotationSetup();
    const out = await handler(event, logger);
    assert.equal(out.outcome, "rotated", logger.lines.join("\n"));
    const cur = server.current("db-token");
    assert.notEqual(cur?.version, seeded.version);
    assert.equal(cur?.value.length, seeded.value.length);
    assert.deepEqual(cur?.tags, seeded.tags);
  });

  it("connection reset after the PUT committed: the re-read finds the new version, success, one version written", async () => {
    const { seeded, handler, event, logger } = rotationSetup(0);
    server.resetAfterCommit = 1;
    const out = await handler(event, logger);
    assert.equal(out.outcome, "rotated", logger.lines.join("\n"));
    const versions = server.secrets.get("db-token") ?? [];
    assert.equal(versions.length, 2, "exactly one new version");
    assert.equal(out.outcome === "rotated" ? out.newVersion : "", versions[1]?.version);
    assert.notEqual(versions[1]?.value, seeded.value);
    assert.ok(logger.lines.some((l) => /reported a failure .* holds the new value: treated as written/.test(l)), logger.lines.join("\n"));
    assert.ok(server.log.some((l) => l.method === "PUT" && l.status === 0), "the PUT really lost its response");
  });

  it("with the SDK's own retries, a reset PUT is retried: same value, the retry's version is current, still a success", async () => {
    const { handler, event, logger } = rotationSetup(2);
    server.resetAfterCommit = 1;
    const out = await handler(event, logger);
    assert.equal(out.outcome, "rotated");
    const versions = server.secrets.get("db-token") ?? [];
    // Key Vault has no idempotent PUT: the retried request writes the same value again. Harmless (same value).
    assert.equal(versions.length, 3);
    assert.equal(versions[1]?.value, versions[2]?.value);
    assert.equal(out.outcome === "rotated" ? out.newVersion : "", versions[2]?.version);
  });

  it("a PUT that fails and a vault that cannot be re-read: the handler throws 'unknown', naming both failures", async () => {
    const { handler, event, logger } = rotationSetup(0);
    server.resetAfterCommit = 1;
    server.failGetsAfterPut = true;
    await assert.rejects(handler(event, logger), (err: Error) => {
      recordError(err);
      return /writing the new version failed .*ECONNRESET|socket hang up/s.test(err.message) && /re-reading the vault to confirm failed too .*ServiceUnavailable.*unknown/s.test(err.message);
    });
  });

  it("a slow vault write redelivered to a second instance: the blob lease lets one instance write, once", async () => {
    const blobs = await new BlobLeaseServer().start();
    try {
      const now = new Date();
      const seeded = server.seed("db-token", {
        value: "old-value-0123456789abcdef",
        tags: { "rotation-strategy": "regenerate" },
        enabled: true,
        exp: Math.floor((now.getTime() + 5 * DAY) / 1000),
      });
      const instance = () =>
        createRotationHandler({
          config: loadConfig({ KEY_VAULT_URI: `${server.url}/` }),
          store: store(0),
          registry: defaultRegistry(),
          now: () => now,
          leases: new BlobLeaseProvider({ blobServiceUrl: blobs.url, credential }),
        });
      const event = keyVaultEvent("db-token", seeded.version, {
        vaultName: "127",
        data: { Id: `${server.url}/secrets/db-token/${seeded.version}`, VaultName: "127" },
      });
      server.putDelayMs = 400;
      const logger = captureLogger();
      const [a, b] = [instance(), instance()];
      const results = await Promise.allSettled([a(event, logger), new Promise((r) => setTimeout(r, 100)).then(() => b(event, logger))]);
      for (const r of results) if (r.status === "rejected") recordError(r.reason);
      assert.deepEqual(
        results.map((r) => (r.status === "fulfilled" ? r.value.outcome : /another instance is rotating/.test(String(r.reason)) ? "lease held" : "threw")),
        ["rotated", "lease held"],
      );
      assert.equal((server.secrets.get("db-token") ?? []).length, 2, "one new version");
      assert.equal((await b(event, logger)).outcome, "skipped", "Event Grid's retry of the second delivery");
    } finally {
      await blobs.stop();
    }
  });

  it("ManagedIdentityCredential in Azure: system-assigned by default, the user-assigned one with AZURE_CLIENT_ID", () => {
    assert.equal(functionCredential({}).constructor.name, "ManagedIdentityCredential");
    assert.equal(functionCredential({ AZURE_CLIENT_ID: "00000000-0000-0000-0000-000000000001" }).constructor.name, "ManagedIdentityCredential");
  });

  it("leaks no secret value into log lines or errors", () => {
    assert.deepEqual(findLeaks(), []);
  });
});
