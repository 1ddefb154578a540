import type { RotationConfig } from "./config";
import { parseSecretEvent } from "./events";
import { describeError, RedactingLogger, SensitiveValues, type Logger } from "./logging";
import { RotationError, SupersededError, type RotationContext, type RotatorRegistry } from "./rotator";
import type { SecretStore, WrittenVersion } from "./secretStore";
import { strategyOf, TagError, validityDaysOf } from "./tags";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HandlerDeps {
  readonly config: RotationConfig;
  readonly store: SecretStore;
  readonly registry: RotatorRegistry;
  /** Clock, injectable for tests. */
  readonly now?: () => Date;
}

export type RotationOutcome =
  | { readonly outcome: "ignored"; readonly reason: string }
  | { readonly outcome: "skipped"; readonly secretName: string; readonly reason: string }
  | {
      readonly outcome: "rotated";
      readonly secretName: string;
      readonly strategy: string;
      readonly oldVersion: string;
      readonly newVersion: string;
      readonly expiresOn: Date;
    };

export type RotationHandler = (event: unknown, logger: Logger) => Promise<RotationOutcome>;

/** Serializes work per key inside one worker process (two deliveries of the same event arriving together). */
class KeyedMutex {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => current);
    this.tails.set(key, tail);
    await previous;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}

/**
 * The core of the function, independent of the Functions runtime.
 *
 * - Foreign or malformed events: logged, `ignored`, no throw (a throw would make Event Grid retry forever).
 * - Not found / stale version / no strategy / not near expiry: logged, `skipped`, nothing written (idempotent).
 * - Rotation failures (vault read/write, database, bad tags, unknown strategy): throw, so Event Grid retries.
 *   Thrown errors and log lines never contain a secret value.
 */
export function createRotationHandler(deps: HandlerDeps): RotationHandler {
  const now = deps.now ?? (() => new Date());
  const mutex = new KeyedMutex();

  return async (raw: unknown, baseLogger: Logger): Promise<RotationOutcome> => {
    const parsed = parseSecretEvent(raw, deps.config);
    if (!parsed.ok) {
      baseLogger.warn(`ignored event: ${parsed.reason}`);
      return { outcome: "ignored", reason: parsed.reason };
    }
    const event = parsed.event;
    const name = event.secretName;
    const where = `secret '${name}' (event ${event.id}, ${event.eventType}, version ${event.version})`;

    return mutex.run(name.toLowerCase(), async () => {
      const sensitive = new SensitiveValues();
      const logger = new RedactingLogger(baseLogger, sensitive);
      const skip = (reason: string): RotationOutcome => {
        logger.info(`skipped ${where}: ${reason}`);
        return { outcome: "skipped", secretName: name, reason };
      };
      const fail = (message: string): never => {
        const safe = sensitive.redact(`rotation of ${where} failed: ${message}`);
        logger.error(safe);
        throw new RotationError(safe);
      };

      let current;
      try {
        current = await deps.store.getCurrent(name);
      } catch (err) {
        return fail(`cannot read the current version: ${describeError(err)}`);
      }
      if (current === undefined) return skip("the secret no longer exists");
      sensitive.add(current.value);

      if (current.version.toLowerCase() !== event.version.toLowerCase()) {
        return skip(`the event is for version ${event.version}, the current version is ${current.version}`);
      }
      const strategy = strategyOf(current.tags);
      if (strategy === undefined) return skip("no rotation strategy (tag missing or 'none')");
      if (current.enabled === false) return skip("the current version is disabled");
      if (current.expiresOn === undefined) return skip("the current version has no expiry");

      const at = now();
      const windowEnd = at.getTime() + deps.config.nearExpiryWindowDays * DAY_MS;
      if (current.expiresOn.getTime() > windowEnd) {
        return skip(
          `the current version expires ${current.expiresOn.toISOString()}, beyond the ${deps.config.nearExpiryWindowDays}-day window`,
        );
      }

      const rotator = deps.registry.get(strategy);
      if (rotator === undefined) {
        return fail(`unknown rotation strategy '${strategy}' (known: ${deps.registry.strategies().join(", ")})`);
      }
      let validityDays: number;
      try {
        validityDays = validityDaysOf(current.tags);
      } catch (err) {
        return fail(err instanceof TagError ? err.message : describeError(err));
      }
      if (validityDays <= deps.config.nearExpiryWindowDays) {
        return fail(
          `validity-days (${validityDays}) must be greater than the near-expiry window (${deps.config.nearExpiryWindowDays} days)`,
        );
      }
      const newExpiresOn = new Date(at.getTime() + validityDays * DAY_MS);

      const secret = current;
      let written: WrittenVersion | undefined;
      const ctx: RotationContext = {
        secret,
        now: at,
        newExpiresOn,
        logger,
        markSensitive: (v) => sensitive.add(v),
        writeNewVersion: async (value) => {
          if (written !== undefined) throw new RotationError("writeNewVersion called twice");
          sensitive.add(value);
          if (value === secret.value) throw new RotationError("the new value equals the current value");
          written = await deps.store.setNewVersion(secret.name, {
            value,
            contentType: secret.contentType,
            tags: { ...secret.tags },
            expiresOn: newExpiresOn,
          });
          return written;
        },
        assertStillCurrent: async () => {
          const latest = await deps.store.getCurrent(secret.name);
          if (latest === undefined || latest.version.toLowerCase() !== secret.version.toLowerCase()) {
            throw new SupersededError(
              `the current version changed to ${latest?.version ?? "<deleted>"} while waiting`,
            );
          }
        },
      };

      logger.info(`rotating ${where} with strategy '${strategy}', new expiry ${newExpiresOn.toISOString()}`);
      let result: WrittenVersion;
      try {
        result = await rotator.rotate(ctx);
      } catch (err) {
        if (err instanceof SupersededError && written === undefined) return skip(err.message);
        return fail(`strategy '${strategy}': ${describeError(err)}`);
      }
      logger.info(`rotated ${where}: new version ${result.version}, expires ${result.expiresOn.toISOString()}`);
      return {
        outcome: "rotated",
        secretName: name,
        strategy,
        oldVersion: secret.version,
        newVersion: result.version,
        expiresOn: result.expiresOn,
      };
    });
  };
}
