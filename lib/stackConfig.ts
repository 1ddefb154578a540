import { validateConfig } from "./config/load";
import { CONFIG_KEYS, StackConfig } from "./config/schema";
import { loadProgramConfig } from "./plan/stackFiles";

/** A stack's config as read from its files, outside any Pulumi runtime. */
export interface StackConfigFiles {
    readonly project: string;
    readonly stack: string;
    /** The raw config in the shape `validateConfig` takes (objects parsed, `secure:` values as `[secret]`). */
    readonly raw: Record<string, unknown>;
    /** The validated config with every default applied. */
    readonly config: StackConfig;
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
 * Reads `Pulumi.yaml` + `Pulumi.<stack>.yaml` of this project's program and validates the config as the program does
 * (`loadStackConfig` in lib/config/load.ts, which reads the same keys from the Pulumi runtime): unknown keys, every
 * schema and cross-key rule. Throws `ProgramFilesError` (missing/unreadable files, unknown stack) or `ConfigError`
 * (every problem at once). `secure:` values are never decrypted: only the names of `secretValues` keys matter here.
 */
export function readStackConfig(programDir: string, stack: string): StackConfigFiles {
    const files = loadProgramConfig(programDir, stack);
    const namespace = files.project;
    const read = (key: string): string | undefined => files.config[`${namespace}:${key}`];

    const problems: string[] = [];
    for (const fullKey of Object.keys(files.config).sort()) {
        const [ns, key] = fullKey.split(":", 2) as [string, string | undefined];
        if (ns === namespace && key !== undefined && !(CONFIG_KEYS as readonly string[]).includes(key)) {
            problems.push(`\`${key}\`: unknown key; allowed keys: ${CONFIG_KEYS.join(", ")}. Fix: correct its spelling or pulumi config rm ${key}`);
        }
    }
    const secretValues = parseValue(read("secretValues"));
    let secretValueNames: string[] = [];
    if (secretValues !== undefined) {
        if (secretValues !== null && typeof secretValues === "object" && !Array.isArray(secretValues)) {
            secretValueNames = Object.keys(secretValues);
        } else {
            problems.push(
                "`secretValues`: found a value that is not a map; must be a map of secret names to values. Fix: pulumi config set --secret --path 'secretValues.<name>' <value>",
            );
        }
    }
    // Every key of the namespace the schema knows, read the same way; only the names of secretValues matter.
    const raw: Record<string, unknown> = { location: files.config["azure-native:location"], secretValueNames };
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
    const config = validateConfig(raw, stack, problems);
    return { project: files.project, stack, raw, config };
}

