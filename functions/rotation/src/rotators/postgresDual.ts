import type { Client } from "pg";
import { generateSecretValue } from "../generator";
import { describeError } from "../logging";
import { RotationError, type RotationContext, type Rotator } from "../rotator";
import type { WrittenVersion } from "../secretStore";
import { getTag, lengthOf, TAG_ROLES, TagError } from "../tags";
import { alterPasswordSql, lockKey, parsePostgresUri, postgresClient, type PostgresRotatorOptions } from "./postgres";

/**
 * The two login roles of a `postgres-dual` secret, from the `rotation-roles` tag (`app_blue,app_green`), and the
 * one that is NOT the secret's current user (the one this rotation re-keys).
 */
export function dualRoles(tags: Readonly<Record<string, string>>, currentUser: string): { readonly pair: readonly [string, string]; readonly next: string } {
  const raw = getTag(tags, TAG_ROLES);
  const roles = (raw ?? "").split(",").map((r) => r.trim()).filter((r) => r !== "");
  const [a, b] = roles;
  if (roles.length !== 2 || a === undefined || b === undefined || a === b) {
    throw new TagError(`tag '${TAG_ROLES}' must name exactly two different login roles, comma-separated (e.g. app_blue,app_green)`);
  }
  if (currentUser !== a && currentUser !== b) {
    throw new TagError(`the secret's user is not one of the two roles of tag '${TAG_ROLES}'`);
  }
  return { pair: [a, b], next: currentUser === a ? b : a };
}

/**
 * `postgres-dual`: the dual-credential rotation Microsoft recommends for resources with two sets of credentials
 * (https://learn.microsoft.com/azure/key-vault/secrets/tutorial-rotation-dual): two login roles with the same
 * privileges (members of one group role) take turns. The secret always points at one of them; a rotation gives
 * the OTHER role a new password and points the secret at it. The role the consumers are using keeps working,
 * so there is no outage window: consumers that still hold the previous value stay valid until the rotation
 * after this one (validity-days minus the near-expiry window later), plenty of time to re-read the vault.
 *
 * Order of operations (never a vault value the database rejects):
 *  1. connect with the CURRENT credentials (failure: nothing changed, throw);
 *  2. per-pair advisory lock + vault re-check (a concurrent duplicate stops, superseded);
 *  3. `ALTER ROLE <other> PASSWORD <new>` (SCRAM verifier computed client-side) — needs the current role to be
 *     allowed to (PostgreSQL 16+: CREATEROLE and ADMIN OPTION on the other role; up to 15: CREATEROLE);
 *  4. log in as the other role with the new password (the vault must never point at a login that fails);
 *  5. write the new URI (other user, new password). If that fails nothing needs restoring: the current role is
 *     untouched and nobody uses the other role's previous password any more (it is two rotations old).
 */
export class PostgresDualRotator implements Rotator {
  readonly strategy = "postgres-dual";

  constructor(private readonly options: PostgresRotatorOptions = {}) {}

  private client(connectionString: string): Client {
    return postgresClient(this.options, connectionString);
  }

  async rotate(ctx: RotationContext): Promise<WrittenVersion> {
    const uri = parsePostgresUri(ctx.secret.value);
    ctx.markSensitive(uri.password);
    const { pair, next } = dualRoles(ctx.secret.tags, uri.user);
    const newPassword = generateSecretValue(lengthOf(ctx.secret.tags));
    ctx.markSensitive(newPassword);
    const newValue = uri.withCredentials(next, newPassword);
    ctx.markSensitive(newValue);
    const current = JSON.stringify(uri.user);
    const other = JSON.stringify(next);

    const client = this.client(ctx.secret.value);
    try {
      try {
        await client.connect();
      } catch (err) {
        throw new RotationError(`cannot connect to PostgreSQL as the current role ${current}; nothing changed: ${describeError(err)}`);
      }
      try {
        await client.query("SELECT pg_advisory_lock($1::bigint)", [lockKey([...pair].sort().join("\u0000"))]);
      } catch (err) {
        throw new RotationError(`cannot take the rotation lock for roles ${current}/${other}; nothing changed: ${describeError(err)}`);
      }
      await ctx.assertStillCurrent();
      try {
        await client.query(alterPasswordSql(next, newPassword));
      } catch (err) {
        throw new RotationError(
          `ALTER ROLE ${other} (as ${current}) failed; the vault was not changed and ${current} keeps working. ` +
            `The current role needs the right to set the other role's password (PostgreSQL 16+: CREATEROLE and ADMIN OPTION on it): ${describeError(err)}`,
        );
      }
      const check = this.client(newValue);
      try {
        await check.connect();
        await check.query("SELECT 1");
      } catch (err) {
        throw new RotationError(
          `role ${other} cannot log in with its new password (is it a LOGIN role?); the vault was not changed and ${current} keeps working: ${describeError(err)}`,
        );
      } finally {
        await check.end().catch(() => undefined);
      }
      ctx.logger.info(`postgres-dual: role ${other} has a new password and logs in; pointing the vault at it (${current} stays valid)`);
      return await ctx.writeNewVersion(newValue);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
