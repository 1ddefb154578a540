import { generateSecretValue } from "../generator";
import type { RotationContext, Rotator } from "../rotator";
import type { WrittenVersion } from "../secretStore";
import { lengthOf } from "../tags";

/**
 * `regenerate`: the secret is self-contained (an API key, a shared token, ...). Writes a new random value of the
 * `rotation-length` tag's length (else the current value's length, else 64) from a CSPRNG.
 */
export class RegenerateRotator implements Rotator {
  readonly strategy = "regenerate";

  async rotate(ctx: RotationContext): Promise<WrittenVersion> {
    const length = lengthOf(ctx.secret.tags, ctx.secret.value.length);
    let value = generateSecretValue(length);
    // Astronomically unlikely, but a "rotation" must never keep the old value.
    while (value === ctx.secret.value) value = generateSecretValue(length);
    ctx.markSensitive(value);
    return ctx.writeNewVersion(value);
  }
}
