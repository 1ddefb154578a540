import { strict as assert } from "node:assert";
import { loadConfig } from "../src/config";
import { SECRET_EXPIRED } from "../src/events";
import { SAFE_CHARSET, generateSecretValue } from "../src/generator";
import { createRotationHandler } from "../src/handler";
import { defaultRegistry } from "../src/rotators";
import { audit, captureLogger, findLeaks, rememberSecret } from "./helpers/audit";
import { keyVaultEvent, VAULT_URI } from "./helpers/events";
import { FakeSecretStore } from "./helpers/fakeStore";

const DAY = 86_400_000;
const NOW = new Date("2031-03-10T08:00:00.000Z");
const config = loadConfig({ KEY_VAULT_URI: VAULT_URI });

function setup(seed: { value?: string; tags?: Record<string, string>; contentType?: string; expiresInDays?: number } = {}) {
  const store = new FakeSecretStore();
  const secret = store.seed({
    name: "api-key",
    value: seed.value ?? generateSecretValue(40),
    contentType: seed.contentType ?? "text/plain",
    tags: seed.tags ?? { "rotation-strategy": "regenerate", "validity-days": "60", owner: "team-a" },
    expiresOn: new Date(NOW.getTime() + (seed.expiresInDays ?? 10) * DAY),
    enabled: true,
  });
  const handler = createRotationHandler({ config, store, registry: defaultRegistry(), now: () => NOW });
  return { store, secret, handler, logger: captureLogger() };
}

const SAFE = new RegExp(`^[${SAFE_CHARSET.replace(/[-\]\\^]/g, "\\$&")}]+$`);

describe("regenerate rotator", () => {
  it("writes a new, different value as a new version, with expiry = now + validity-days", async () => {
    const { store, secret, handler, logger } = setup();
    const out = await handler(keyVaultEvent("api-key", secret.version), logger);
    assert.equal(out.outcome, "rotated");
    const cur = store.current("api-key");
    assert.ok(cur);
    assert.notEqual(cur.version, secret.version);
    assert.notEqual(cur.value, secret.value);
    assert.equal(cur.expiresOn?.toISOString(), new Date(NOW.getTime() + 60 * DAY).toISOString());
    assert.equal(out.outcome === "rotated" ? out.newVersion : "", cur.version);
    assert.equal(store.writeAttempts.length, 1);
  });

  it("keeps the content type and tags exactly", async () => {
    const tags = { "rotation-strategy": "regenerate", "validity-days": "45", owner: "team-a", "ado-group": "vg-prod" };
    const { store, secret, handler, logger } = setup({ tags, contentType: "application/x-api-key" });
    await handler(keyVaultEvent("api-key", secret.version), logger);
    const cur = store.current("api-key");
    assert.equal(cur?.contentType, "application/x-api-key");
    assert.deepEqual(cur?.tags, tags);
  });

  it("uses the current value's length when there is no rotation-length tag", async () => {
    const { store, secret, handler, logger } = setup({ value: generateSecretValue(40) });
    await handler(keyVaultEvent("api-key", secret.version), logger);
    assert.equal(store.current("api-key")?.value.length, 40);
  });

  it("uses the rotation-length tag when present", async () => {
    const { store, secret, handler, logger } = setup({
      tags: { "rotation-strategy": "regenerate", "rotation-length": "100" },
    });
    await handler(keyVaultEvent("api-key", secret.version), logger);
    assert.equal(store.current("api-key")?.value.length, 100);
  });

  it("defaults to 64 characters (current value too short) and 90 days validity", async () => {
    const { store, secret, handler, logger } = setup({ value: "Xq7-sh0rt", tags: { "rotation-strategy": "regenerate" } });
    await handler(keyVaultEvent("api-key", secret.version), logger);
    const cur = store.current("api-key");
    assert.equal(cur?.value.length, 64);
    assert.equal(cur?.expiresOn?.getTime(), NOW.getTime() + 90 * DAY);
  });

  it("generates only connection-string-safe characters, different every time", async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const { store, secret, handler, logger } = setup({ tags: { "rotation-strategy": "regenerate", "rotation-length": "64" } });
      await handler(keyVaultEvent("api-key", secret.version), logger);
      const v = store.current("api-key")?.value ?? "";
      assert.match(v, SAFE);
      assert.doesNotMatch(v, /[;'"=@:/?#%&\s\\]/);
      seen.add(v);
    }
    assert.equal(seen.size, 20);
    // All characters of the alphabet show up over 20 x 64 draws (a fixed or biased generator would not).
    const chars = new Set([...seen].join(""));
    assert.ok(chars.size >= SAFE_CHARSET.length - 3, `only ${chars.size} distinct characters`);
  });

  it("rotates on SecretExpired (expiry already in the past)", async () => {
    const { store, secret, handler, logger } = setup({ expiresInDays: -2 });
    const out = await handler(keyVaultEvent("api-key", secret.version, { eventType: SECRET_EXPIRED }), logger);
    assert.equal(out.outcome, "rotated");
    assert.notEqual(store.current("api-key")?.version, secret.version);
  });

  it("generator: CSPRNG output of the requested length", () => {
    for (const n of [1, 16, 64, 257]) {
      const v = generateSecretValue(n);
      if (n >= 16) rememberSecret(v);
      assert.equal(v.length, n);
      assert.match(v, SAFE);
    }
    assert.throws(() => generateSecretValue(0), RangeError);
  });

  it("leaks no secret value into log lines or errors (so far)", () => {
    assert.ok(audit.lines.length > 0);
    assert.deepEqual(findLeaks(), []);
  });
});
