import type { RotationConfig } from "./config";
import { parseSecretEvent } from "./events";
import { leaseKey, type LeaseProvider, type RotationLease } from "./lease";
import { describeError, RedactingLogger, SensitiveValues, type Logger } from "./logging";
import { RotationError, SupersededError, type RotationContext, type Rotator, type RotatorRegistry } from "./rotator";
import type { CurrentSecret, SecretStore, WrittenVersion } from "./secretStore";
import { strategyOf, TagError, validityDaysOf } from "./tags";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface HandlerDeps {
  readonly config: RotationConfig;
  readonly store: SecretStore;
  readonly registry: RotatorRegistry;
  /** Clock, injectable for tests. */
  readonly now?: () => Date;
  /**
   * Cross-instance lease per vault/secret/version (production: a blob lease in the function's storage account).
   * Without it, duplicate deliveries are serialized inside one instance only.
   */
  readonly leases?: LeaseProvider;
  /**
   * Delays before each re-read of the vault after a failed write (to find out whether the write committed although
   * its response was lost). Default [0, 1000, 3000].
   */
  readonly confirmDelaysMs?: readonly number[];
}

const HOUR_MS = 60 * 60 * 1000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

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
      // The window plus a margin: Key Vault publishes SecretNearExpiry exactly `window` days before expiry, so an
      // event a little early (or a clock a little behind) must still rotate. The version check above keeps the
      // margin from rotating twice.
      const marginHours = deps.config.marginHours;
      const windowMs = deps.config.nearExpiryWindowDays * DAY_MS + marginHours * HOUR_MS;
      if (current.expiresOn.getTime() > at.getTime() + windowMs) {
        return skip(
          `the current version expires ${current.expiresOn.toISOString()}, beyond the ${deps.config.nearExpiryWindowDays}-day window (+${marginHours} h margin)`,
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
      if (validityDays * DAY_MS <= windowMs) {
        return fail(
          `validity-days (${validityDays}) must be greater than the near-expiry window (${deps.config.nearExpiryWindowDays} days + ${marginHours} h margin)`,
        );
      }
      const newExpiresOn = new Date(at.getTime() + validityDays * DAY_MS);

      let secret = current;
      let lease: RotationLease | undefined;
      if (deps.leases !== undefined) {
        const key = leaseKey(deps.config.vaultName, name, current.version);
        try {
          lease = await deps.leases.acquire(key);
        } catch (err) {
          return fail(`cannot take the rotation lease '${key}': ${describeError(err)}`);
        }
        if (lease === undefined) {
          // Not "skipped": if the holder then fails, this delivery's retry is what gets the secret rotated.
          return fail(`another instance is rotating this version (lease '${key}' is held); Event Grid will retry`);
        }
        // The holder before us may have finished: re-read under the lease.
        let latest;
        try {
          latest = await deps.store.getCurrent(name);
        } catch (err) {
          await lease.release().catch(() => undefined);
          return fail(`cannot re-read the current version under the lease: ${describeError(err)}`);
        }
        if (latest === undefined || latest.version.toLowerCase() !== current.version.toLowerCase()) {
          await lease.release().catch(() => undefined);
          return skip(`another instance rotated it meanwhile: the current version is ${latest?.version ?? "<deleted>"}`);
        }
        sensitive.add(latest.value);
        secret = latest;
      }
      try {
        return await rotateUnderLease(secret, at, newExpiresOn, strategy, rotator);
      } finally {
        await lease?.release().catch((err: unknown) => logger.warn(`could not release the rotation lease: ${describeError(err)}`));
      }

      /**
       * After a failed write: re-reads the vault (a few times, the vault may be unreachable for a moment). Returns the
       * committed version when the current version is a new one holding `value`; throws the original write error when
       * the old version is still current (the write did not commit), and a "could not confirm" error otherwise.
       */
      async function confirmWrite(secret: CurrentSecret, value: string, expiresOn: Date, writeErr: unknown): Promise<WrittenVersion> {
        const readErrors: string[] = [];
        for (const delay of deps.confirmDelaysMs ?? [0, 1000, 3000]) {
          if (delay > 0) await sleep(delay);
          let latest: CurrentSecret | undefined;
          try {
            latest = await deps.store.getCurrent(secret.name);
          } catch (err) {
            readErrors.push(describeError(err));
            continue;
          }
          if (latest !== undefined && latest.version.toLowerCase() !== secret.version.toLowerCase() && latest.value === value) {
            return { version: latest.version, expiresOn: latest.expiresOn ?? expiresOn };
          }
          throw writeErr;
        }
        throw new RotationError(
          `writing the new version failed (${describeError(writeErr)}) and re-reading the vault to confirm failed too ` +
            `(${readErrors.join("; ")}): whether the new version committed is unknown`,
        );
      }

      async function rotateUnderLease(
        secret: CurrentSecret,
        at: Date,
        newExpiresOn: Date,
        strategy: string,
        rotator: Rotator,
      ): Promise<RotationOutcome> {
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
            try {
              written = await deps.store.setNewVersion(secret.name, {
                value,
                contentType: secret.contentType,
                tags: { ...secret.tags },
                expiresOn: newExpiresOn,
              });
            } catch (writeErr) {
              // The response may have been lost after Key Vault committed the version (connection reset, timeout):
              // re-read before anyone restores anything. Committed = the current version is new and holds our value.
              const confirmed = await confirmWrite(secret, value, newExpiresOn, writeErr);
              logger.warn(
                `the vault write reported a failure (${describeError(writeErr)}) but version ${confirmed.version} holds the new value: treated as written`,
              );
              written = confirmed;
            }
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
      }
    });
  };
}
