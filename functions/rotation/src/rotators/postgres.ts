import { createHash } from "node:crypto";
import { Client, escapeIdentifier, escapeLiteral, type ClientConfig } from "pg";
import { generateSecretValue } from "../generator";
import { describeError } from "../logging";
import { RotationError, type RotationContext, type Rotator } from "../rotator";
import type { WrittenVersion } from "../secretStore";
import { lengthOf } from "../tags";
import { isPrintableAscii, scramSha256Verifier } from "./scram";

/**
 * Secret format for the `postgres` strategy: a libpq URI,
 * `postgresql://<user>:<password>@<host>[:<port>]/<database>[?sslmode=require&...]` (or `postgres://`), user and
 * password percent-encoded. Only the password part changes on rotation; the rest of the string is kept byte for
 * byte.
 */
export interface PostgresUri {
  readonly user: string;
  readonly password: string;
  /** Rebuilds the same URI with another password. */
  withPassword(password: string): string;
  /** Rebuilds the same URI with another user and password (the `postgres-dual` strategy switches roles). */
  withCredentials(user: string, password: string): string;
}

export function parsePostgresUri(value: string): PostgresUri {
  const fail = (why: string): never => {
    throw new RotationError(`secret value is not a postgresql:// connection URI with user and password (${why})`);
  };
  const m = /^(postgres(?:ql)?:\/\/)([^/?#]*)(.*)$/is.exec(value.trim());
  if (m === null) return fail("scheme must be postgresql:// or postgres://");
  const [, scheme = "", authority = "", rest = ""] = m;
  const at = authority.lastIndexOf("@");
  if (at < 0) return fail("no user:password@");
  const userinfo = authority.slice(0, at);
  const hostPart = authority.slice(at + 1);
  const colon = userinfo.indexOf(":");
  if (colon < 0) return fail("no password");
  if (hostPart === "") return fail("no host");
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(userinfo.slice(0, colon));
    password = decodeURIComponent(userinfo.slice(colon + 1));
  } catch {
    return fail("bad percent-encoding in user or password");
  }
  if (user === "") return fail("empty user");
  if (password === "") return fail("empty password");
  const rawUser = userinfo.slice(0, colon);
  return {
    user,
    password,
    withPassword: (newPassword: string) =>
      `${scheme}${rawUser}:${encodeURIComponent(newPassword)}@${hostPart}${rest}`,
    withCredentials: (newUser: string, newPassword: string) =>
      `${scheme}${encodeURIComponent(newUser)}:${encodeURIComponent(newPassword)}@${hostPart}${rest}`,
  };
}

export interface PostgresRotatorOptions {
  readonly connectTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  /** Creates the client (tests may wrap it); default `new pg.Client(config)`. */
  readonly clientFactory?: (config: ClientConfig) => Client;
}

/** Advisory lock key per role, so concurrent rotations of the same role (scaled-out instances) serialize. */
export function lockKey(user: string): string {
  return createHash("sha256").update(`keyvault-rotation:${user}`).digest().readBigInt64BE(0).toString();
}

export function alterPasswordSql(user: string, password: string): string {
  const secret = isPrintableAscii(password) ? scramSha256Verifier(password) : password;
  return `ALTER ROLE ${escapeIdentifier(user)} PASSWORD ${escapeLiteral(secret)}`;
}

/**
 * `postgres`: the secret is a connection URI. Order of operations, so the vault never holds a password the
 * database rejects:
 *  1. connect with the CURRENT credentials of the secret (failure: nothing changed, throw);
 *  1b. take a per-role advisory lock and re-check that the vault's current version is still the one being
 *     rotated (a concurrent duplicate on another instance stops here, `SupersededError` -> skipped);
 *  2. `ALTER ROLE <user> PASSWORD <new>` on that session (failure: vault untouched, throw);
 *  3. write the new URI as a new secret version;
 *  4. if 3 fails: set the old password back (same session, else a new session with the new password), then throw.
 */
/** A client with the rotators' timeouts and name; both PostgreSQL strategies connect through it. */
export function postgresClient(options: PostgresRotatorOptions, connectionString: string): Client {
  const config: ClientConfig = {
    connectionString,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 15_000,
    statement_timeout: options.statementTimeoutMs ?? 15_000,
    query_timeout: (options.statementTimeoutMs ?? 15_000) + 5_000,
    application_name: "keyvault-rotation",
  };
  const client = options.clientFactory?.(config) ?? new Client(config);
  // A dropped connection emits 'error'; without a listener that would crash the worker.
  client.on("error", () => undefined);
  return client;
}

export class PostgresRotator implements Rotator {
  readonly strategy = "postgres";

  constructor(private readonly options: PostgresRotatorOptions = {}) {}

  private client(connectionString: string): Client {
    return postgresClient(this.options, connectionString);
  }

  async rotate(ctx: RotationContext): Promise<WrittenVersion> {
    const uri = parsePostgresUri(ctx.secret.value);
    ctx.markSensitive(uri.password);
    const newPassword = generateSecretValue(lengthOf(ctx.secret.tags));
    ctx.markSensitive(newPassword);
    const newValue = uri.withPassword(newPassword);
    ctx.markSensitive(newValue);
    const roleForLog = JSON.stringify(uri.user);

    const client = this.client(ctx.secret.value);
    try {
      try {
        await client.connect();
      } catch (err) {
        throw new RotationError(
          `cannot connect to PostgreSQL with the current credentials of role ${roleForLog}; nothing changed: ${describeError(err)}`,
        );
      }
      try {
        // Session-level lock, released when the session ends. A concurrent duplicate waits here, then sees that
        // the vault moved on and stops.
        await client.query("SELECT pg_advisory_lock($1::bigint)", [lockKey(uri.user)]);
      } catch (err) {
        throw new RotationError(`cannot take the rotation lock for role ${roleForLog}; nothing changed: ${describeError(err)}`);
      }
      await ctx.assertStillCurrent();
      try {
        await client.query(alterPasswordSql(uri.user, newPassword));
      } catch (err) {
        throw new RotationError(
          `ALTER ROLE ${roleForLog} failed; the vault was not changed: ${describeError(err)}`,
        );
      }
      ctx.logger.info(`postgres: password of role ${roleForLog} changed in the database; writing the vault`);

      try {
        return await ctx.writeNewVersion(newValue);
      } catch (writeErr) {
        ctx.logger.error(
          `postgres: vault write failed after ALTER ROLE ${roleForLog}; restoring the old password: ${describeError(writeErr)}`,
        );
        const restoreError = await this.restore(client, newValue, uri.user, uri.password);
        if (restoreError === undefined) {
          throw new RotationError(
            `writing the new version failed; the old password of role ${roleForLog} was restored in the database: ${describeError(writeErr)}`,
          );
        }
        throw new RotationError(
          `CRITICAL: writing the new version failed AND restoring the old password of role ${roleForLog} failed; ` +
            `the database password is not the one in the vault, reset it manually. Write error: ${describeError(writeErr)}. ` +
            `Restore error: ${restoreError}`,
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Sets the old password back. Returns `undefined` on success, else a description of the failure. */
  private async restore(
    session: Client,
    newConnectionString: string,
    user: string,
    oldPassword: string,
  ): Promise<string | undefined> {
    const sql = alterPasswordSql(user, oldPassword);
    try {
      await session.query(sql);
      return undefined;
    } catch (first) {
      // The original session may be gone; the role now logs in with the new password.
      const fresh = this.client(newConnectionString);
      try {
        await fresh.connect();
        await fresh.query(sql);
        return undefined;
      } catch (second) {
        return `${describeError(first)}; then ${describeError(second)}`;
      } finally {
        await fresh.end().catch(() => undefined);
      }
    }
  }
}
