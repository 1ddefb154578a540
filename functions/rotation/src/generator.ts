import { randomInt } from "node:crypto";

/**
 * Characters that need no quoting or escaping in URI userinfo, ADO.NET/ODBC/JDBC key=value connection strings,
 * SQL literals, YAML or shell words: ASCII letters, digits, `-`, `_`, `.`.
 */
export const SAFE_CHARSET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.";

/** Random string from a CSPRNG (`crypto.randomInt`, which is unbiased), never `Math.random`. */
export function generateSecretValue(length: number, charset: string = SAFE_CHARSET): string {
  if (!Number.isInteger(length) || length < 1) throw new RangeError("length must be a positive integer");
  if (charset.length < 2) throw new RangeError("charset must have at least two characters");
  let out = "";
  for (let i = 0; i < length; i++) {
    out += charset.charAt(randomInt(0, charset.length));
  }
  return out;
}
