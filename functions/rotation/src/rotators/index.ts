import { RotatorRegistry } from "../rotator";
import { PostgresRotator, type PostgresRotatorOptions } from "./postgres";
import { PostgresDualRotator } from "./postgresDual";
import { RegenerateRotator } from "./regenerate";

export { PostgresRotator, parsePostgresUri } from "./postgres";
export { RegenerateRotator } from "./regenerate";
export { dualRoles, PostgresDualRotator } from "./postgresDual";

/**
 * The built-in strategies. To add one (e.g. "update the database password, then the secret"), implement
 * `Rotator` and `register` it here; secrets opt in with the tag `rotation-strategy=<strategy>`.
 */
export function defaultRegistry(options: { postgres?: PostgresRotatorOptions } = {}): RotatorRegistry {
  return new RotatorRegistry([
    new RegenerateRotator(),
    new PostgresRotator(options.postgres),
    new PostgresDualRotator(options.postgres),
  ]);
}
