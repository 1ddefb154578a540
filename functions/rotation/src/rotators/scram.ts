import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

/**
 * PostgreSQL SCRAM-SHA-256 verifier for `password` (same format as `pg_authid.rolpassword` and psql's
 * `\password`): `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`.
 *
 * Sending the verifier instead of the plain password in `ALTER ROLE ... PASSWORD` keeps the password out of the
 * server's statement log and pg_stat_statements. The generated passwords are ASCII, for which SASLprep is the
 * identity; for the restore of an arbitrary old password we fall back to the plain password when it is not
 * printable ASCII.
 */
export function scramSha256Verifier(password: string, iterations = 4096, salt: Buffer = randomBytes(16)): string {
  const salted = pbkdf2Sync(Buffer.from(password, "utf8"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

export function isPrintableAscii(s: string): boolean {
  return /^[\x20-\x7e]*$/.test(s);
}
