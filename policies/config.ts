// Policy options: the configured values with the configSchema defaults applied.
import type { PolicyConfigSchema } from "@pulumi/policy";

/**
 * The policy's configuration with the `configSchema` defaults applied. The Pulumi CLI applies defaults before it
 * sends configuration to the pack, but nothing does in-process (and `getConfig()` returns `{}` without config), so
 * every policy reads its options through this.
 */
export function policyConfig<T extends object>(schema: PolicyConfigSchema | undefined, getConfig: () => object): T {
    return applyConfigDefaults(schema, getConfig()) as T;
}

/** `config` plus a copy of each `configSchema` property default that `config` does not set. */
export function applyConfigDefaults(
    schema: PolicyConfigSchema | undefined,
    config: object,
): Record<string, unknown> {
    const result: Record<string, unknown> = { ...(config as Record<string, unknown>) };
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (result[key] === undefined && property.default !== undefined) {
            result[key] = structuredClone(property.default);
        }
    }
    return result;
}
