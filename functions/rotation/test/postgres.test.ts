import { strict as assert } from "node:assert";
import { loadConfig } from "../src/config";
import { SECRET_EXPIRED } from "../src/events";
import { createRotationHandler, type RotationOutcome } from "../src/handler";
import { RotationError } from "../src/rotator";
import { defaultRegistry, parsePostgresUri } from "../src/rotators";
import { scramSha256Verifier } from "../src/rotators/scram";
import { audit, captureLogger, findLeaks, recordError, rememberSecret } from "./helpers/audit";
import { keyVaultEvent, VAULT_URI } from "./helpers/events";
import { FakeSecretStore } from "./helpers/fakeStore";
import { loginAs, TempPostgres } from "./helpers/postgresCluster";

const DAY = 86_400_000;
// Role name and old password with characters that need identifier/literal/URI escaping.
const ROLE = `app-"rot" user`;
const OLD_PASSWORD = `o'ld:P@ss/w%rd;"x" é`;

describe("postgres rotator (real PostgreSQL server)", function () {
  this.timeout(120_000);
  let pg: TempPostgres | undefined;

  const server = (): TempPostgres => {
    if (pg === undefined) throw new Error("PostgreSQL test cluster was not started (see the 'before all' hook error)");
    return pg;
  };
  const uri = (password: string): string =>
    `postgresql://${encodeURIComponent(ROLE)}:${encodeURIComponent(password)}@127.0.0.1:${server().port}/postgres?application_name=app`;

  before(async function () {
    this.timeout(180_000);
    rememberSecret(OLD_PASSWORD);
    pg = await TempPostgres.start(); // throws a message naming the 'postgresql' package when binaries are missing
    await pg.sql(`CREATE ROLE "app-""rot"" user" LOGIN`);
  });

  after(function () {
    this.timeout(60_000);
    pg?.stop();
  });

  beforeEach(async () => {
    // Known state: old password, writable sessions.
    await server().sql(`ALTER ROLE "app-""rot"" user" PASSWORD '${OLD_PASSWORD.replace(/'/g, "''")}'`);
    await server().sql(`ALTER ROLE "app-""rot"" user" RESET default_transaction_read_only`);
  });

  function setup(tags: Record<string, string> = { "rotation-strategy": "postgres", "validity-days": "60" }) {
    const now = new Date();
    const store = new FakeSecretStore();
    const secret = store.seed({
      name: "pg-app",
      value: uri(OLD_PASSWORD),
      contentType: "application/x-postgresql-uri",
      tags,
      expiresOn: new Date(now.getTime() + 3 * DAY),
      enabled: true,
    });
    const handler = createRotationHandler({
      config: loadConfig({ KEY_VAULT_URI: VAULT_URI }),
      store,
      registry: defaultRegistry(),
      now: () => now,
    });
    return { store, secret, handler, logger: captureLogger(), now };
  }

  async function expectThrow(p: Promise<RotationOutcome>, pattern: RegExp): Promise<Error> {
    try {
      await p;
    } catch (err) {
      const e = recordError(err);
      assert.ok(e instanceof RotationError);
      assert.match(e.message, pattern);
      return e;
    }
    assert.fail("expected the handler to throw");
  }

  it("the test role logs in with the old password", async () => {
    assert.equal(await loginAs(uri(OLD_PASSWORD)), ROLE);
  });

  it("rotation changes the role's password and the vault holds the new connection string", async () => {
    const { store, secret, handler, logger, now } = setup();
    const out = await handler(keyVaultEvent("pg-app", secret.version), logger);
    assert.equal(out.outcome, "rotated");

    const cur = store.current("pg-app");
    assert.ok(cur);
    assert.notEqual(cur.version, secret.version);
    const parsed = parsePostgresUri(cur.value);
    assert.equal(parsed.user, ROLE);
    assert.equal(parsed.password.length, 64);
    assert.notEqual(parsed.password, OLD_PASSWORD);
    // Everything but the password is unchanged.
    assert.equal(cur.value, uri(parsed.password));
    assert.equal(cur.contentType, "application/x-postgresql-uri");
    assert.deepEqual(cur.tags, { "rotation-strategy": "postgres", "validity-days": "60" });
    assert.equal(cur.expiresOn?.getTime(), now.getTime() + 60 * DAY);

    assert.equal(await loginAs(cur.value), ROLE, "login with the new password");
    await assert.rejects(loginAs(uri(OLD_PASSWORD)), /password authentication failed/, "old password must fail");

    // Stored as a SCRAM verifier; the plain new password never reached the server (log_statement=all).
    const su = await server().superuser();
    try {
      const r = await su.query<{ p: string }>("SELECT rolpassword AS p FROM pg_authid WHERE rolname = $1", [ROLE]);
      assert.match(r.rows[0]?.p ?? "", /^SCRAM-SHA-256\$4096:/);
    } finally {
      await su.end();
    }
    const log = server().serverLog();
    assert.match(log, /ALTER ROLE "app-""rot"" user" PASSWORD 'SCRAM-SHA-256\$/);
    assert.ok(!log.includes(parsed.password), "new password in the server log");

    // A duplicate delivery changes nothing.
    const again = await handler(keyVaultEvent("pg-app", secret.version, { eventType: SECRET_EXPIRED }), logger);
    assert.equal(again.outcome, "skipped");
    assert.equal(await loginAs(cur.value), ROLE);
  });

  it("concurrent duplicate deliveries on two instances: one rotation, vault and database agree", async () => {
    const { store, secret, handler: instanceA, logger, now } = setup();
    // A second handler = another Function App instance (its own in-process mutex), same vault, same database.
    const instanceB = createRotationHandler({
      config: loadConfig({ KEY_VAULT_URI: VAULT_URI }),
      store,
      registry: defaultRegistry(),
      now: () => now,
    });
    const event = keyVaultEvent("pg-app", secret.version);
    const results = await Promise.allSettled([instanceA(event, logger), instanceB(event, logger)]);
    for (const r of results) if (r.status === "rejected") recordError(r.reason);
    const rotated = results.filter((r) => r.status === "fulfilled" && r.value.outcome === "rotated");
    assert.equal(rotated.length, 1, JSON.stringify(results.map((r) => (r.status === "fulfilled" ? r.value.outcome : "threw"))));
    assert.equal(store.writeAttempts.length, 1);
    const cur = store.current("pg-app");
    assert.equal(await loginAs(cur?.value ?? ""), ROLE, "the vault's password is the database's");
    // The other delivery either waited on the lock and saw the new version (skipped) or could no longer log in
    // with the old password (threw, and its retry is then a stale-version skip).
    assert.ok(
      logger.lines.some((l) => /skipped .*current version changed/.test(l)) || results.some((r) => r.status === "rejected"),
    );
  });

  it("rotation-length sets the new password length", async () => {
    const { store, secret, handler, logger } = setup({ "rotation-strategy": "postgres", "rotation-length": "32" });
    await handler(keyVaultEvent("pg-app", secret.version), logger);
    const cur = store.current("pg-app");
    assert.equal(parsePostgresUri(cur?.value ?? "").password.length, 32);
    assert.equal(await loginAs(cur?.value ?? ""), ROLE);
  });

  it("a failing ALTER ROLE leaves the vault untouched and throws", async () => {
    // Real server-side failure: ALTER ROLE is refused in a read-only transaction.
    await server().sql(`ALTER ROLE "app-""rot"" user" SET default_transaction_read_only = on`);
    const { store, secret, handler, logger } = setup();
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /ALTER ROLE .* failed; the vault was not changed.*read-only/);
    assert.equal(store.writeAttempts.length, 0);
    assert.equal(store.current("pg-app")?.version, secret.version);
    assert.equal(await loginAs(uri(OLD_PASSWORD)), ROLE);
  });

  it("wrong current credentials: nothing changes and it throws", async () => {
    await server().sql(`ALTER ROLE "app-""rot"" user" PASSWORD 'changed-out-of-band-123456'`);
    rememberSecret("changed-out-of-band-123456");
    const { store, secret, handler, logger } = setup();
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /cannot connect .*nothing changed/);
    assert.equal(store.writeAttempts.length, 0);
    assert.equal(await loginAs(uri("changed-out-of-band-123456")), ROLE);
  });

  it("a failing vault write restores the old password and throws", async () => {
    const { store, secret, handler, logger } = setup();
    store.failSet = new Error("403 Forbidden: caller lacks secrets/set");
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /old password .* was restored.*403/);
    assert.equal(store.writeAttempts.length, 1, "the write was attempted after the ALTER");
    const attempted = store.writeAttempts[0]?.secret.value ?? "";
    assert.notEqual(attempted, secret.value);
    assert.equal(store.current("pg-app")?.version, secret.version);
    assert.equal(await loginAs(uri(OLD_PASSWORD)), ROLE, "old password works again");
    await assert.rejects(loginAs(attempted), /password authentication failed/, "the never-stored password must not work");
  });

  it("a vault write whose response is lost AFTER it committed is a success: no restore, vault and database agree", async () => {
    const { store, secret, handler, logger } = setup();
    store.failSetAfterCommit = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
    const out = await handler(keyVaultEvent("pg-app", secret.version), logger);
    assert.equal(out.outcome, "rotated");
    const cur = store.current("pg-app");
    assert.notEqual(cur?.version, secret.version);
    assert.equal(out.outcome === "rotated" ? out.newVersion : "", cur?.version);
    assert.equal(await loginAs(cur?.value ?? ""), ROLE, "the database has the password the vault holds");
    await assert.rejects(loginAs(uri(OLD_PASSWORD)), /password authentication failed/, "the old password was NOT restored");
    assert.ok(logger.lines.some((l) => /reported a failure .*ECONNRESET.* holds the new value: treated as written/.test(l)));
  });

  it("a vault write that fails and cannot be confirmed (vault unreadable) restores the old password and says so", async () => {
    const now = new Date();
    const store = new FakeSecretStore();
    const secret = store.seed({
      name: "pg-app",
      value: uri(OLD_PASSWORD),
      tags: { "rotation-strategy": "postgres" },
      expiresOn: new Date(now.getTime() + 3 * DAY),
      enabled: true,
    });
    const handler = createRotationHandler({
      config: loadConfig({ KEY_VAULT_URI: VAULT_URI }),
      store,
      registry: defaultRegistry(),
      now: () => now,
      confirmDelaysMs: [0, 10],
    });
    const logger = captureLogger();
    let reads = 0;
    const get = store.getCurrent.bind(store);
    // The first reads (event check, lock re-check) work; the confirmation re-reads fail.
    store.getCurrent = async (name: string) => {
      reads++;
      if (reads > 2) throw new Error("getaddrinfo ENOTFOUND vault");
      return get(name);
    };
    store.failSet = new Error("socket hang up");
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /old password .* was restored.*re-reading the vault to confirm failed too .*ENOTFOUND.*unknown/s);
    assert.equal(await loginAs(uri(OLD_PASSWORD)), ROLE);
  });

  it("a non-URI secret value throws without touching anything", async () => {
    const { store, handler, logger } = setup();
    const bad = store.seed({
      name: "pg-bad",
      value: "Host=db;Username=u;Password=not-a-uri-secret",
      tags: { "rotation-strategy": "postgres" },
      expiresOn: new Date(Date.now() + DAY),
    });
    const e = await expectThrow(handler(keyVaultEvent("pg-bad", bad.version), logger), /not a postgresql:\/\/ connection URI/);
    assert.ok(!e.message.includes("not-a-uri-secret"));
    assert.equal(store.writeAttempts.length, 0);
  });

  it("URI parsing keeps everything but the password", () => {
    const u = parsePostgresUri("postgres://us%40er:p%3Aw@h.example:6432/db?sslmode=require#x");
    assert.equal(u.user, "us@er");
    assert.equal(u.password, "p:w");
    assert.equal(u.withPassword("N-e_w.1"), "postgres://us%40er:N-e_w.1@h.example:6432/db?sslmode=require#x");
    assert.throws(() => parsePostgresUri("postgresql://user@host/db"), /no password/);
    assert.throws(() => parsePostgresUri("mysql://u:p@h/db"), /scheme/);
  });

  it("SCRAM verifier matches PostgreSQL's format (RFC 7677 test vector)", () => {
    // RFC 7677: password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==, 4096 iterations.
    const v = scramSha256Verifier("pencil", 4096, Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64"));
    assert.equal(
      v,
      "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=",
    );
  });

  it("leaks no secret value (old or new password, connection strings) into log lines or errors", () => {
    assert.ok(audit.lines.some((l) => l.includes("postgres: password of role")), "postgres logs were captured");
    assert.deepEqual(findLeaks(), []);
  });
});
