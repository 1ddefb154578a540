import * as pulumi from "@pulumi/pulumi";
import { ConfigError, formatIssues } from "./errors";
import { CONFIG_KEYS, configSchema, crossFieldIssues, StackConfig } from "./schema";

export interface LoadedConfig {
    readonly config: StackConfig;
    /** `secretValues.<name>` for `source: config` secrets: a secret Output from the moment it is read. */
    readonly secretValues: pulumi.Output<Record<string, string>>;
}

function parseMaybeJson(text: string | undefined): unknown {
    if (text === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * Validates raw config (the shape `configSchema` takes) and returns it with defaults applied; throws a
 * `ConfigError` listing every problem. Pure: tests and tools call it without a Pulumi runtime.
 */
export function validateConfig(raw: Record<string, unknown>, stack?: string, extraProblems: readonly string[] = []): StackConfig {
    const result = configSchema.safeParse(raw);
    const issues = [...(result.success ? [] : result.error.issues), ...crossFieldIssues(raw).map((i) => ({ code: "custom" as const, ...i }))];
    const problems = [...extraProblems, ...formatIssues(issues, raw, configSchema)];
    if (problems.length > 0 || !result.success) {
        throw new ConfigError(problems, stack);
    }
    return result.data;
}

/**
 * Reads this project's config namespace and `azure-native:location`, validates everything at once, and
 * throws before any resource is created when anything is wrong.
 */
export function loadStackConfig(): LoadedConfig {
    const namespace = pulumi.getProject();
    const all = pulumi.runtime.allConfig();
    const read = (key: string): string | undefined => all[`${namespace}:${key}`];

    const extraProblems: string[] = [];
    for (const fullKey of Object.keys(all).sort()) {
        const [ns, key] = fullKey.split(":", 2) as [string, string | undefined];
        if (ns === namespace && key !== undefined && !(CONFIG_KEYS as readonly string[]).includes(key)) {
            extraProblems.push(
                `\`${key}\`: unknown key; allowed keys: ${CONFIG_KEYS.join(", ")}. Fix: correct its spelling or pulumi config rm ${key}`,
            );
        }
    }

    // Only the key names of secretValues are looked at here; the values stay inside a secret Output.
    const secretValuesRaw = parseMaybeJson(read("secretValues"));
    let secretValueNames: string[] = [];
    if (secretValuesRaw !== undefined) {
        if (secretValuesRaw !== null && typeof secretValuesRaw === "object" && !Array.isArray(secretValuesRaw)) {
            secretValueNames = Object.keys(secretValuesRaw);
        } else {
            extraProblems.push(
                "`secretValues`: found a value that is not a map; must be a map of secret names to values. Fix: pulumi config set --secret --path 'secretValues.<name>' <value>",
            );
        }
    }

    const raw: Record<string, unknown> = {
        environment: read("environment"),
        location: all["azure-native:location"],
        // Pulumi.yaml's default is "" (a declared key without a default would be required): "" means unset.
        resourceGroupName: read("resourceGroupName") || undefined,
        vault: parseMaybeJson(read("vault")),
        diagnostics: parseMaybeJson(read("diagnostics")),
        secrets: parseMaybeJson(read("secrets")),
        access: parseMaybeJson(read("access")),
        // Pulumi.yaml's default is {}: the schema reads an empty map as "no Azure DevOps section".
        devops: parseMaybeJson(read("devops")),
        rotation: parseMaybeJson(read("rotation")),
        tags: parseMaybeJson(read("tags")),
        secretValueNames,
    };
    for (const key of Object.keys(raw)) {
        if (raw[key] === undefined) {
            delete raw[key];
        }
    }
    const config = validateConfig(raw, pulumi.getStack(), extraProblems);
    const secretValues =
        secretValueNames.length > 0
            ? new pulumi.Config(namespace).requireSecretObject<Record<string, string>>("secretValues")
            : pulumi.secret<Record<string, string>>({});
    return { config, secretValues };
}
