import type { Logger } from "./logging";
import type { CurrentSecret, WrittenVersion } from "./secretStore";
import { STRATEGY_NONE } from "./tags";

/** Everything a rotator gets. It must write the new value through `writeNewVersion`, exactly once. */
export interface RotationContext {
  /** The current version, including its value. */
  readonly secret: CurrentSecret;
  readonly now: Date;
  /** Expiry of the new version (now + `validity-days`). */
  readonly newExpiresOn: Date;
  /** Lines are redacted of every value passed to `markSensitive` (and of the current value). */
  readonly logger: Logger;
  /** Registers a value (derived password, ...) that must never appear in logs or error messages. */
  markSensitive(value: string): void;
  /** Writes `value` as the new current version, with the same content type and tags and `newExpiresOn`. */
  writeNewVersion(value: string): Promise<WrittenVersion>;
  /**
   * Re-reads the vault and throws `SupersededError` when the secret's current version is no longer the one being
   * rotated (another instance rotated it meanwhile). Rotators that hold an external lock call it after locking.
   */
  assertStillCurrent(): Promise<void>;
}

/** A rotation strategy, selected by the secret's `rotation-strategy` tag. */
export interface Rotator {
  readonly strategy: string;
  /** Rotates the external credential (if any) and writes the new secret version. Throws on failure. */
  rotate(ctx: RotationContext): Promise<WrittenVersion>;
}

/**
 * Thrown for rotation failures. Its message is always redacted and carries no `cause` (an SDK error object can
 * hold request bodies, i.e. secret values).
 */
export class RotationError extends Error {
  override readonly name = "RotationError";
}

/** The secret was rotated by someone else while this rotation waited: nothing to do (not a failure). */
export class SupersededError extends Error {
  override readonly name = "SupersededError";
}

export class RotatorRegistry {
  private readonly rotators = new Map<string, Rotator>();

  constructor(rotators: Iterable<Rotator> = []) {
    for (const r of rotators) this.register(r);
  }

  register(rotator: Rotator): this {
    const key = rotator.strategy.trim().toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(key)) throw new Error(`invalid strategy name '${rotator.strategy}'`);
    if (key === STRATEGY_NONE) throw new Error(`strategy '${STRATEGY_NONE}' is reserved (no rotation)`);
    if (this.rotators.has(key)) throw new Error(`a rotator for strategy '${key}' is already registered`);
    this.rotators.set(key, rotator);
    return this;
  }

  get(strategy: string): Rotator | undefined {
    return this.rotators.get(strategy.trim().toLowerCase());
  }

  strategies(): string[] {
    return [...this.rotators.keys()].sort();
  }
}
