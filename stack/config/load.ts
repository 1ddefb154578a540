import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { shellArgs } from "../shellQuote";
import { ConfigError, formatIssues, renderPath } from "./errors";
import { ConfigProblem, UNKNOWN_KEY } from "./problems";
import { crossFieldIssues } from "./rules";
import { CONFIG_KEYS, configSchema, StackConfig } from "./schema";
import { plaintextSecretValuesInStackFile, plaintextSecretValuesProblem } from "./secretValues";

export interface LoadedConfig {
    readonly config: StackConfig;
    /** `secretValues.<name>` for `source: config` secrets: a secret Output from the moment it is read. */
    readonly secretValues: pulumi.Output<Record<string, string>>;
}

/** Maps and lists are stored as JSON text; scalars (environment, resourceGroupName) stay the strings they are. */
function parseValue(text: string | undefined): unknown {
    if (text === undefined || !/^\s*[[{]/.test(text)) {
        return text;
    }
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/**
 * The raw config in the shape `validateConfig` takes, from a flat Pulumi config map (`namespace:key` → string):
 * the Pulumi runtime's during a deployment, or the stack files' for offline tools. Problems that precede the
 * schema (unknown keys, a `secretValues` that is not a map) are returned to be reported with the rest. Only the
 * names of `secretValues` are read; the values never leave the config map.
 */
export function rawConfigFrom(all: Readonly<Record<string, string>>, namespace: string): { raw: Record<string, unknown>; problems: ConfigProblem[] } {
    const read = (key: string): string | undefined => all[`${namespace}:${key}`];
    const problems: ConfigProblem[] = [];
    for (const fullKey of Object.keys(all).sort()) {
        const [ns, key] = fullKey.split(":", 2) as [string, string | undefined];
        if (ns === namespace && key !== undefined && !(CONFIG_KEYS as readonly string[]).includes(key)) {
            problems.push({ path: renderPath([key]), found: UNKNOWN_KEY, expected: `allowed keys: ${CONFIG_KEYS.join(", ")}`, fix: `correct its spelling or pulumi config rm ${shellArgs(key)}` });
        }
    }
    problems.push(...unqualifiedKeyProblems(all, namespace));
    const secretValues = parseValue(read("secretValues"));
    let secretValueNames: string[] = [];
    if (secretValues !== undefined) {
        if (secretValues !== null && typeof secretValues === "object" && !Array.isArray(secretValues)) {
            secretValueNames = Object.keys(secretValues);
        } else {
            problems.push({
                path: "secretValues",
                found: "a value that is not a map",
                expected: "a map of secret names to values",
                fix: "pulumi config set --secret --path 'secretValues.<name>' <value>",
            });
        }
    }
    const raw: Record<string, unknown> = { location: all["azure-native:location"], secretValueNames };
    for (const key of CONFIG_KEYS) {
        if (key !== "secretValues") {
            raw[key] = parseValue(read(key));
        }
    }
    // Pulumi.yaml's default is "" (a declared key without a default would be required): "" means unset.
    raw.resourceGroupName = raw.resourceGroupName || undefined;
    for (const key of Object.keys(raw)) {
        if (raw[key] === undefined) {
            delete raw[key];
        }
    }
    return { raw, problems };
}

/**
 * Validates raw config (the shape `configSchema` takes) and returns it with defaults applied; throws a
 * `ConfigError` listing every problem. Pure: tests and tools call it without a Pulumi runtime.
 */
export function validateConfig(raw: Record<string, unknown>, stack?: string, extraProblems: readonly ConfigProblem[] = []): StackConfig {
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
    const { raw, problems } = rawConfigFrom(pulumi.runtime.allConfig(), namespace);
    // Values set without --secret sit in the stack file in plaintext: refuse them, naming the fix.
    // The stack file tells entry by entry (a `secure:` sibling makes the whole key secret to the runtime); without
    // one (config from elsewhere), the runtime's whole-key flag is all there is.
    const isSecret = (pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean }).isConfigSecret;
    const names = raw.secretValueNames as string[];
    // The project's root (where Pulumi.yaml is): the language host passes it as an absolute path; outside a deployment
    // (mocks, the offline plan, which runs in the program's directory) the SDK answers a placeholder.
    const root = pulumi.runtime.getRootDirectory();
    const fromFile = plaintextSecretValuesInStackFile(root && path.isAbsolute(root) ? root : process.cwd(), namespace, pulumi.getStack());
    const plaintext = fromFile ?? (names.length > 0 && isSecret && !isSecret(`${namespace}:secretValues`) ? names : []);
    const plaintextProblem = plaintextSecretValuesProblem(plaintext);
    if (plaintextProblem) {
        problems.push(plaintextProblem);
    }
    const config = validateConfig(raw, pulumi.getStack(), problems);
    const secretValues =
        config.secretValueNames.length > 0
            ? new pulumi.Config(namespace).requireSecretObject<Record<string, string>>("secretValues")
            : pulumi.secret<Record<string, string>>({});
    return { config, secretValues };
}

/**
 * Stack config keys written without a namespace (`vault:` instead of `keyvault-devops:vault:`). The Pulumi CLI reads
 * a stack file's keys as `<namespace>:<name>` and refuses any other ("could not parse vault as a configuration key
 * (configuration keys should be of the form `<namespace>:<name>`)": `ParseKey` in pulumi/pulumi
 * sdk/go/common/resource/config/key.go), so such a key never reaches a deployment; the offline tools keep it as
 * written (tools/plan/stackFiles.ts) and report it here instead of merging it with the namespaced one.
 */
export function unqualifiedKeyProblems(all: Readonly<Record<string, string>>, namespace: string): ConfigProblem[] {
    return Object.keys(all)
        .filter((key) => !key.includes(":"))
        .sort()
        .map((key) => {
            const qualified = `${namespace}:${key}`;
            const both = qualified in all;
            return {
                path: renderPath([key]),
                found: `a config key without a namespace in the stack file${both ? ` next to \`${qualified}\`` : ""}`,
                expected: `written \`${qualified}\` (the Pulumi CLI refuses stack config keys that are not <namespace>:<name>${both ? ", and the two would be merged silently" : ""})`,
                fix: `${both ? `remove \`${key}\` from` : `rename it to \`${qualified}\` in`} the stack file`,
            };
        });
}
