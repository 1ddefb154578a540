import { strict as assert } from "node:assert";
import { ConfigError, loadConfig } from "../src/config";
import { SECRET_EXPIRED, SECRET_NEAR_EXPIRY } from "../src/events";
import { generateSecretValue } from "../src/generator";
import { createRotationHandler, type RotationOutcome } from "../src/handler";
import { RotationError, RotatorRegistry, type Rotator } from "../src/rotator";
import { defaultRegistry, RegenerateRotator } from "../src/rotators";
import { audit, captureLogger, findLeaks, recordError, type CapturedLogger } from "./helpers/audit";
import { keyVaultEvent, VAULT_NAME, VAULT_URI } from "./helpers/events";
import { FakeSecretStore, newVersionId } from "./helpers/fakeStore";

const DAY = 86_400_000;
const NOW = new Date("2031-03-10T08:00:00.000Z");

function setup(
  opts: { tags?: Record<string, string>; expiresInDays?: number | null; env?: NodeJS.ProcessEnv; registry?: RotatorRegistry } = {},
) {
  const store = new FakeSecretStore();
  const secret = store.seed({
    name: "db-token",
    value: generateSecretValue(48),
    contentType: "text/plain",
    tags: opts.tags ?? { "rotation-strategy": "regenerate" },
    expiresOn: opts.expiresInDays === null ? undefined : new Date(NOW.getTime() + (opts.expiresInDays ?? 5) * DAY),
    enabled: true,
  });
  const config = loadConfig(opts.env ?? { KEY_VAULT_URI: VAULT_URI });
  const handler = createRotationHandler({ config, store, registry: opts.registry ?? defaultRegistry(), now: () => NOW });
  return { store, secret, handler, logger: captureLogger() };
}

async function expectThrow(p: Promise<RotationOutcome>, pattern: RegExp): Promise<Error> {
  try {
    await p;
  } catch (err) {
    const e = recordError(err);
    assert.ok(e instanceof RotationError, `expected RotationError, got ${e.name}`);
    assert.match(e.message, pattern);
    return e;
  }
  assert.fail("expected the handler to throw");
}

function assertLogged(logger: CapturedLogger, pattern: RegExp): void {
  assert.ok(logger.lines.some((l) => pattern.test(l)), `no log line matches ${pattern}: ${logger.lines.join(" | ")}`);
}

describe("config", () => {
  it("reads KEY_VAULT_URI / KEY_VAULT_NAME and ROTATION_WINDOW_DAYS", () => {
    const c = loadConfig({ KEY_VAULT_URI: "https://My-Vault.vault.azure.net", ROTATION_WINDOW_DAYS: "14" });
    assert.deepEqual(c, {
      vaultUrl: "https://my-vault.vault.azure.net/",
      vaultHost: "my-vault.vault.azure.net",
      vaultName: "my-vault",
      nearExpiryWindowDays: 14,
      marginHours: 24,
    });
    assert.equal(loadConfig({ KEY_VAULT_URI: VAULT_URI, ROTATION_MARGIN_HOURS: "6" }).marginHours, 6);
    assert.throws(() => loadConfig({ KEY_VAULT_URI: VAULT_URI, ROTATION_MARGIN_HOURS: "200" }), /ROTATION_MARGIN_HOURS must be a whole number of hours \(0-168\)/);
    assert.equal(loadConfig({ KEY_VAULT_NAME: "other-kv" }).vaultUrl, "https://other-kv.vault.azure.net/");
    assert.equal(loadConfig({ KEY_VAULT_URI: VAULT_URI }).nearExpiryWindowDays, 30);
    assert.throws(() => loadConfig({}), ConfigError);
    assert.throws(() => loadConfig({ KEY_VAULT_URI: "http://x.vault.azure.net/" }), ConfigError);
    assert.throws(() => loadConfig({ KEY_VAULT_URI: VAULT_URI, ROTATION_WINDOW_DAYS: "-1" }), ConfigError);
  });
});

describe("idempotency", () => {
  it("an event for a version that is no longer current writes nothing", async () => {
    const { store, handler, logger } = setup();
    const out = await handler(keyVaultEvent("db-token", newVersionId()), logger);
    assert.equal(out.outcome, "skipped");
    assert.equal(store.writeAttempts.length, 0);
    assertLogged(logger, /skipped .*current version is/);
  });

  it("a secret whose current expiry is beyond the window (+ margin) writes nothing", async () => {
    const { store, secret, handler, logger } = setup({ expiresInDays: 31.01 });
    const out = await handler(keyVaultEvent("db-token", secret.version), logger);
    assert.equal(out.outcome, "skipped");
    assert.equal(store.writeAttempts.length, 0);
    assertLogged(logger, /beyond the 30-day window \(\+24 h margin\)/);
  });

  it("an early SecretNearExpiry (expiry a little more than 30 days away: early event, clock skew) still rotates", async () => {
    for (const days of [30, 30.01, 30.5, 30.99]) {
      const { store, secret, handler, logger } = setup({ expiresInDays: days });
      const out = await handler(keyVaultEvent("db-token", secret.version), logger);
      assert.equal(out.outcome, "rotated", `expiry in ${days} days`);
      assert.equal(store.writeAttempts.length, 1);
    }
    // The margin is the app setting's: 0 restores the exact 30-day window.
    const exact = setup({ expiresInDays: 30.5, env: { KEY_VAULT_URI: VAULT_URI, ROTATION_MARGIN_HOURS: "0" } });
    assert.equal((await exact.handler(keyVaultEvent("db-token", exact.secret.version), exact.logger)).outcome, "skipped");
  });

  it("the margin cannot rotate twice: the second event for the same (now superseded) version is skipped", async () => {
    const { store, secret, handler, logger } = setup({ expiresInDays: 30.5 });
    assert.equal((await handler(keyVaultEvent("db-token", secret.version), logger)).outcome, "rotated");
    assert.equal((await handler(keyVaultEvent("db-token", secret.version, { eventType: SECRET_EXPIRED }), logger)).outcome, "skipped");
    assert.equal(store.writeAttempts.length, 1);
  });

  it("the window is configurable (ROTATION_WINDOW_DAYS)", async () => {
    const narrow = setup({ expiresInDays: 10, env: { KEY_VAULT_URI: VAULT_URI, ROTATION_WINDOW_DAYS: "7" } });
    assert.equal((await narrow.handler(keyVaultEvent("db-token", narrow.secret.version), narrow.logger)).outcome, "skipped");
    assert.equal(narrow.store.writeAttempts.length, 0);
    const inside = setup({ expiresInDays: 6, env: { KEY_VAULT_URI: VAULT_URI, ROTATION_WINDOW_DAYS: "7" } });
    assert.equal((await inside.handler(keyVaultEvent("db-token", inside.secret.version), inside.logger)).outcome, "rotated");
  });

  it("a duplicate event (same event delivered twice) writes once", async () => {
    const { store, secret, handler, logger } = setup();
    const event = keyVaultEvent("db-token", secret.version);
    const first = await handler(event, logger);
    const second = await handler(event, logger);
    assert.equal(first.outcome, "rotated");
    assert.equal(second.outcome, "skipped");
    assert.equal(store.writeAttempts.length, 1);
  });

  it("concurrent duplicate deliveries write once", async () => {
    const { store, secret, handler, logger } = setup();
    const event = keyVaultEvent("db-token", secret.version);
    const outs = await Promise.all([handler(event, logger), handler(event, logger), handler(event, logger)]);
    assert.deepEqual(outs.map((o) => o.outcome).sort(), ["rotated", "skipped", "skipped"]);
    assert.equal(store.writeAttempts.length, 1);
  });

  it("a late NearExpiry after SecretExpired already rotated writes nothing", async () => {
    const { store, secret, handler, logger } = setup({ expiresInDays: -1 });
    assert.equal((await handler(keyVaultEvent("db-token", secret.version, { eventType: SECRET_EXPIRED }), logger)).outcome, "rotated");
    assert.equal((await handler(keyVaultEvent("db-token", secret.version, { eventType: SECRET_NEAR_EXPIRY }), logger)).outcome, "skipped");
    assert.equal(store.writeAttempts.length, 1);
  });

  for (const tags of <Record<string, string>[]>[{}, { "rotation-strategy": "none" }, { "rotation-strategy": "" }, { "Rotation-Strategy": "NONE" }]) {
    it(`strategy ${JSON.stringify(tags)} writes nothing`, async () => {
      const { store, secret, handler, logger } = setup({ tags });
      const out = await handler(keyVaultEvent("db-token", secret.version), logger);
      assert.equal(out.outcome, "skipped");
      assert.equal(store.writeAttempts.length, 0);
    });
  }

  it("a secret without expiry or a deleted secret writes nothing", async () => {
    const noExp = setup({ expiresInDays: null });
    assert.equal((await noExp.handler(keyVaultEvent("db-token", noExp.secret.version), noExp.logger)).outcome, "skipped");
    assert.equal(noExp.store.writeAttempts.length, 0);
    const gone = setup();
    assert.equal((await gone.handler(keyVaultEvent("other-secret", gone.secret.version), gone.logger)).outcome, "skipped");
    assert.equal(gone.store.writeAttempts.length, 0);
  });
});

describe("foreign and malformed events", () => {
  const cases: [string, (version: string) => unknown, RegExp][] = [
    ["another event type", (v) => keyVaultEvent("db-token", v, { eventType: "Microsoft.KeyVault.SecretNewVersionCreated" }), /not handled/],
    ["a key event", (v) => keyVaultEvent("db-token", v, { eventType: "Microsoft.KeyVault.KeyNearExpiry" }), /not handled/],
    ["another vault", (v) => keyVaultEvent("db-token", v, { vaultName: "someone-elses-kv" }), /another vault/],
    [
      "this vault name but another vault host in data.Id",
      (v) => keyVaultEvent("db-token", v, { data: { Id: `https://evil.vault.azure.net/secrets/db-token/${v}` } }),
      /data\.Id host/,
    ],
    [
      "a topic of another vault",
      (v) => ({ ...keyVaultEvent("db-token", v), topic: "/subscriptions/x/resourceGroups/y/providers/Microsoft.KeyVault/vaults/other" }),
      /topic/,
    ],
    ["null", () => null, /not an object/],
    ["a string", () => "Microsoft.KeyVault.SecretNearExpiry", /not an object/],
    ["an array", () => [], /not an object/],
    ["no eventType", (v) => ({ ...keyVaultEvent("db-token", v), eventType: undefined }), /no eventType/],
    ["no data", (v) => ({ ...keyVaultEvent("db-token", v), data: undefined }), /no data/],
    ["no VaultName", (v) => keyVaultEvent("db-token", v, { data: { VaultName: undefined } }), /VaultName/],
    ["a bad version", () => keyVaultEvent("db-token", "not-a-version", { data: { Id: undefined } }), /Version/],
    ["a bad secret name", (v) => keyVaultEvent("db/../token", v, { data: { Id: undefined } }), /ObjectName/],
    ["a non-secret object", (v) => keyVaultEvent("db-token", v, { data: { ObjectType: "Certificate" } }), /ObjectType/],
    ["a subject that does not match", (v) => ({ ...keyVaultEvent("db-token", v), subject: "other" }), /subject/],
  ];
  for (const [label, make, reason] of cases) {
    it(`ignores ${label}: logged, no write, no throw`, async () => {
      const { store, secret, handler, logger } = setup();
      const out = await handler(make(secret.version), logger);
      assert.equal(out.outcome, "ignored");
      assert.match(out.outcome === "ignored" ? out.reason : "", reason);
      assert.equal(store.writeAttempts.length, 0);
      assertLogged(logger, /^warn: ignored event/);
    });
  }

  it("accepts the vault name in any case and CloudEvents-style type/source", async () => {
    const { store, secret, handler, logger } = setup();
    const ev = keyVaultEvent("db-token", secret.version, { vaultName: VAULT_NAME.toUpperCase() });
    const { eventType, topic, ...rest } = ev;
    const out = await handler({ ...rest, type: eventType, source: topic }, logger);
    assert.equal(out.outcome, "rotated");
    assert.equal(store.writeAttempts.length, 1);
  });
});

describe("failures throw (Event Grid retries)", () => {
  it("vault read failure", async () => {
    const { store, secret, handler, logger } = setup();
    store.failGet = new Error("503 Service Unavailable");
    await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /cannot read the current version.*503/);
    assertLogged(logger, /^error: rotation of secret 'db-token'/);
  });

  it("vault write failure leaves the current version unchanged", async () => {
    const { store, secret, handler, logger } = setup();
    store.failSet = new Error("429 Too Many Requests");
    await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /429/);
    assert.equal(store.current("db-token")?.version, secret.version);
    // The retry (same event) then succeeds.
    store.failSet = undefined;
    assert.equal((await handler(keyVaultEvent("db-token", secret.version), logger)).outcome, "rotated");
  });

  it("an SDK error whose message echoes the secret value is redacted", async () => {
    const { store, secret, handler, logger } = setup();
    store.failSet = new Error(`bad request: value '${secret.value}' rejected`);
    const e = await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /\[REDACTED\]/);
    assert.ok(!e.message.includes(secret.value));
    assert.equal((e as { cause?: unknown }).cause, undefined);
  });

  it("unknown strategy", async () => {
    const { store, secret, handler, logger } = setup({ tags: { "rotation-strategy": "mysql" } });
    await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /unknown rotation strategy 'mysql'.*postgres, postgres-dual, regenerate/);
    assert.equal(store.writeAttempts.length, 0);
  });

  it("invalid validity-days / rotation-length tags, or validity not beyond the window", async () => {
    const bad: Record<string, string>[] = [
      { "rotation-strategy": "regenerate", "validity-days": "ninety" },
      { "rotation-strategy": "regenerate", "validity-days": "0" },
      { "rotation-strategy": "regenerate", "validity-days": "30" },
      { "rotation-strategy": "regenerate", "rotation-length": "8" },
    ];
    for (const tags of bad) {
      const { store, secret, handler, logger } = setup({ tags });
      await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /validity-days|rotation-length/);
      assert.equal(store.writeAttempts.length, 0);
    }
  });

  it("a failing custom rotator", async () => {
    const failing: Rotator = {
      strategy: "external",
      rotate: async () => {
        throw new Error("upstream API down");
      },
    };
    const registry = new RotatorRegistry([new RegenerateRotator(), failing]);
    const { store, secret, handler, logger } = setup({ tags: { "rotation-strategy": "external" }, registry });
    await expectThrow(handler(keyVaultEvent("db-token", secret.version), logger), /strategy 'external'.*upstream API down/);
    assert.equal(store.writeAttempts.length, 0);
  });
});

describe("rotator registry", () => {
  it("plugs in a custom strategy selected by the tag", async () => {
    const calls: string[] = [];
    const custom: Rotator = {
      strategy: "Custom-Api",
      rotate: async (ctx) => {
        calls.push(ctx.secret.name);
        return ctx.writeNewVersion(generateSecretValue(32));
      },
    };
    const registry = defaultRegistry().register(custom);
    assert.deepEqual(registry.strategies(), ["custom-api", "postgres", "postgres-dual", "regenerate"]);
    const { store, secret, handler, logger } = setup({ tags: { "rotation-strategy": "custom-api" }, registry });
    assert.equal((await handler(keyVaultEvent("db-token", secret.version), logger)).outcome, "rotated");
    assert.deepEqual(calls, ["db-token"]);
    assert.equal(store.current("db-token")?.value.length, 32);
  });

  it("rejects duplicates and the reserved 'none'", () => {
    const r = defaultRegistry();
    assert.throws(() => r.register(new RegenerateRotator()), /already registered/);
    assert.throws(() => r.register({ strategy: "none", rotate: async () => Promise.reject(new Error("x")) }), /reserved/);
  });
});

describe("log hygiene (all scenarios above)", () => {
  it("no secret value (old or new) appears in any log line or thrown error", () => {
    assert.ok(audit.lines.length > 20, "log capture is not working");
    assert.ok(audit.errors.length > 5, "error capture is not working");
    assert.ok(audit.secrets.size > 20, "secret capture is not working");
    assert.deepEqual(findLeaks(), []);
  });

  it("the leak detector itself works", () => {
    const probe = generateSecretValue(24);
    audit.secrets.add(probe);
    audit.fragmentSecrets.add(probe);
    try {
      audit.lines.push(`debug: ${encodeURIComponent(probe)}`);
      assert.equal(findLeaks().length, 2, "whole value");
      audit.lines.pop();
      audit.lines.push(`debug: ...${probe.slice(5, 5 + 12)}...`);
      assert.equal(findLeaks().length, 1, "12-character fragment");
    } finally {
      audit.lines.pop();
      audit.secrets.delete(probe);
      audit.fragmentSecrets.delete(probe);
    }
  });
});
