import { strict as assert } from "node:assert";
import { loadConfig } from "../src/config";
import { createRotationHandler, type RotationOutcome } from "../src/handler";
import { RotationError } from "../src/rotator";
import { defaultRegistry, dualRoles, parsePostgresUri } from "../src/rotators";
import { captureLogger, findLeaks, recordError, rememberSecret } from "./helpers/audit";
import { keyVaultEvent, VAULT_URI } from "./helpers/events";
import { FakeSecretStore } from "./helpers/fakeStore";
import { loginAs, TempPostgres } from "./helpers/postgresCluster";

const DAY = 86_400_000;
const BLUE = "app_blue";
const GREEN = "app_green";
const BLUE_PASSWORD = "blue-initial-Password-0123456789";
const GREEN_PASSWORD = "green-initial-Password-0123456789";

/**
 * `postgres-dual` against a real PostgreSQL server: two login roles take turns, the one in use is never touched,
 * so consumers holding the previous value keep working (no outage window).
 */
describe("postgres-dual rotator (real PostgreSQL server, two credentials)", function () {
  this.timeout(120_000);
  let pg: TempPostgres | undefined;
  const server = (): TempPostgres => {
    if (pg === undefined) throw new Error("PostgreSQL test cluster was not started (see the 'before all' hook error)");
    return pg;
  };
  const uri = (user: string, password: string): string =>
    `postgresql://${user}:${encodeURIComponent(password)}@127.0.0.1:${server().port}/postgres?application_name=app`;

  before(async function () {
    this.timeout(180_000);
    rememberSecret(BLUE_PASSWORD);
    rememberSecret(GREEN_PASSWORD);
    pg = await TempPostgres.start();
    // The documented setup: a group role holding the privileges, two login roles in it, each allowed to set the
    // other's password (CREATEROLE; on PostgreSQL 16+ also ADMIN OPTION on the other role).
    await pg.sql(`CREATE ROLE app NOLOGIN`);
    await pg.sql(`CREATE ROLE ${BLUE} LOGIN CREATEROLE IN ROLE app PASSWORD '${BLUE_PASSWORD}'`);
    await pg.sql(`CREATE ROLE ${GREEN} LOGIN CREATEROLE IN ROLE app PASSWORD '${GREEN_PASSWORD}'`);
    const c = await pg.superuser();
    try {
      const v = await c.query<{ v: string }>("SHOW server_version_num");
      if (Number(v.rows[0]?.v ?? 0) >= 160000) {
        await c.query(`GRANT ${GREEN} TO ${BLUE} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE`);
        await c.query(`GRANT ${BLUE} TO ${GREEN} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE`);
      }
    } finally {
      await c.end();
    }
  });
  after(function () {
    this.timeout(60_000);
    pg?.stop();
  });

  function setup(value: string, tags: Record<string, string> = { "rotation-strategy": "postgres-dual", "rotation-roles": `${BLUE},${GREEN}` }) {
    const now = new Date();
    const store = new FakeSecretStore();
    const secret = store.seed({ name: "pg-app", value, contentType: "application/x-postgresql-uri", tags, expiresOn: new Date(now.getTime() + 3 * DAY), enabled: true });
    const handler = createRotationHandler({ config: loadConfig({ KEY_VAULT_URI: VAULT_URI }), store, registry: defaultRegistry(), now: () => now });
    return { store, secret, handler, logger: captureLogger() };
  }

  async function expectThrow(p: Promise<RotationOutcome>, pattern: RegExp): Promise<void> {
    await assert.rejects(p, (err: Error) => {
      recordError(err);
      return err instanceof RotationError && pattern.test(err.message);
    });
  }

  it("switches the vault to the other role with a new password; the role in use keeps working (no outage window)", async () => {
    const { store, secret, handler, logger } = setup(uri(BLUE, BLUE_PASSWORD));
    assert.equal((await handler(keyVaultEvent("pg-app", secret.version), logger)).outcome, "rotated");
    const first = store.current("pg-app")?.value ?? "";
    assert.equal(parsePostgresUri(first).user, GREEN);
    assert.equal(await loginAs(first), GREEN, "the vault's new credential works");
    assert.equal(await loginAs(uri(BLUE, BLUE_PASSWORD)), BLUE, "consumers still holding the previous value keep working");
    await assert.rejects(loginAs(uri(GREEN, GREEN_PASSWORD)), /password authentication failed/, "the other role's stale password is gone");
    assert.equal(first.replace(/\/\/[^@]*@/, ""), secret.value.replace(/\/\/[^@]*@/, ""), "host, database and options are kept");

    // Next rotation: back to blue with a new password; green (in use since the first rotation) keeps working.
    // ~60 days later the version written above nears expiry in turn (same value, expiry within the window).
    const written = store.current("pg-app")!;
    const second = store.seed({ ...written, version: undefined, expiresOn: new Date(Date.now() + 2 * DAY) });
    assert.equal((await handler(keyVaultEvent("pg-app", second.version), logger)).outcome, "rotated");
    const third = store.current("pg-app")?.value ?? "";
    assert.equal(parsePostgresUri(third).user, BLUE);
    assert.equal(await loginAs(third), BLUE);
    assert.equal(await loginAs(first), GREEN, "the previous value still works");
    await assert.rejects(loginAs(uri(BLUE, BLUE_PASSWORD)), /password authentication failed/);
  });

  it("a role that may not set the other's password: nothing written, the current role untouched, the error says what is missing", async () => {
    await server().sql(`CREATE ROLE weak_a LOGIN PASSWORD 'weak-a-Password-0123456789'`);
    await server().sql(`CREATE ROLE weak_b LOGIN PASSWORD 'weak-b-Password-0123456789'`);
    rememberSecret("weak-a-Password-0123456789");
    rememberSecret("weak-b-Password-0123456789");
    const { store, secret, handler, logger } = setup(uri("weak_a", "weak-a-Password-0123456789"), { "rotation-strategy": "postgres-dual", "rotation-roles": "weak_a,weak_b" });
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /ALTER ROLE "weak_b" \(as "weak_a"\) failed; the vault was not changed and "weak_a" keeps working.*CREATEROLE/s);
    assert.equal(store.writeAttempts.length, 0);
    assert.equal(await loginAs(uri("weak_a", "weak-a-Password-0123456789")), "weak_a");
  });

  it("the other role cannot log in (NOLOGIN): nothing written", async () => {
    await server().sql(`CREATE ROLE nologin_b NOLOGIN`);
    await server().sql(`CREATE ROLE login_a LOGIN CREATEROLE PASSWORD 'login-a-Password-0123456789'`);
    rememberSecret("login-a-Password-0123456789");
    const { store, secret, handler, logger } = setup(uri("login_a", "login-a-Password-0123456789"), { "rotation-strategy": "postgres-dual", "rotation-roles": "login_a,nologin_b" });
    await expectThrow(handler(keyVaultEvent("pg-app", secret.version), logger), /role "nologin_b" cannot log in with its new password/);
    assert.equal(store.writeAttempts.length, 0);
  });

  it("validates the rotation-roles tag", () => {
    assert.deepEqual(dualRoles({ "rotation-roles": "a, b" }, "b"), { pair: ["a", "b"], next: "a" });
    assert.throws(() => dualRoles({}, "a"), /tag 'rotation-roles' must name exactly two different login roles/);
    assert.throws(() => dualRoles({ "rotation-roles": "a,a" }, "a"), /exactly two different/);
    assert.throws(() => dualRoles({ "rotation-roles": "a,b" }, "c"), /the secret's user is not one of the two roles/);
  });

  it("leaks no secret value into log lines or errors", () => {
    assert.deepEqual(findLeaks(), []);
  });
});
