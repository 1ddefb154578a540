// Policy pack config, handled as the Pulumi CLI handles `--policy-pack-config FILE` for a local pack
// (pulumi/pulumi, pkg/engine/update.go: GetAnalyzerInfo → ReconcilePolicyPackConfig → Configure):
//
// 1. parse (pkg/resource/analyzer/config.go `parsePolicyPackConfig`): an empty file is no config; otherwise a JSON
//    object of policy name (or "all") → an enforcement level string, or an object of options with an optional
//    `enforcementLevel` string. An invalid level, or a value that is neither, fails. The key `environments` holds
//    Pulumi ESC environment references (they need Pulumi Cloud: refused offline).
// 2. reconcile (`ReconcilePolicyPackConfig`, `createConfigWithDefaults`, `applyConfig`): start from every policy of
//    the pack with its own level (GetAnalyzerInfo: the policy's, else the pack's) and its `configSchema` defaults;
//    apply the pack's initial config, then the file: `all` sets every policy's level, then each entry sets its
//    policy's level and copies its options over. Entries that name no policy are kept and sent as they are.
// 3. validate (`validatePolicyPackConfig`): each policy with a `configSchema` against
//    `{ type: "object", properties, required }` with gojsonschema — no `additionalProperties: false`, so options the
//    schema does not name are accepted (and ignored by the policies): warned about here, not fatal.
// 4. Configure (pkg/resource/plugin/analyzer_plugin.go `Configure`): every entry must have a valid level, else the
//    CLI fails with `invalid enforcement level ""` — which happens for an entry with options but no level whose name
//    is not a policy of the pack.
//
// The same reconciliation serves the in-process runner (from the policy list) and the conformance test (from the
// analyzer's GetAnalyzerInfo reply), so both configure the pack identically.
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { EnforcementLevel } from "../plan/types";
import { validateJsonSchema } from "./jsonSchema";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One parsed entry: a level (possibly absent) and options (without `enforcementLevel`). */
export interface ParsedPolicyConfig {
    readonly enforcementLevel?: EnforcementLevel;
    readonly properties: Record<string, unknown>;
}

/** What GetAnalyzerInfo says about one policy: its name, level and config schema. */
export interface AnalyzerPolicyInfo {
    readonly name: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly configSchema?: Pick<PolicyConfigSchema, "properties" | "required">;
}

/** The config the engine sends with Configure: policy name → level and options (defaults applied). */
export interface ReconciledConfig {
    readonly [name: string]: { readonly enforcementLevel: EnforcementLevel | ""; readonly properties: Record<string, unknown> };
}

/** Problems (the CLI would fail) and warnings (the CLI accepts, the pack ignores), each "<name>[.option]: text". */
export interface ConfigReport {
    readonly problems: string[];
    readonly warnings: string[];
}

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Step 1: parses a config object as `parsePolicyPackConfig` does; `problems` lists everything the CLI refuses. */
export function parsePolicyPackConfig(config: unknown): { entries: Map<string, ParsedPolicyConfig>; problems: string[] } {
    const entries = new Map<string, ParsedPolicyConfig>();
    const problems: string[] = [];
    if (!isObject(config)) {
        problems.push(`must be a JSON object mapping policy names (or "all") to a level or options`);
        return { entries, problems };
    }
    for (const [name, value] of Object.entries(config)) {
        if (name === "environments") {
            problems.push(
                `environments: Pulumi ESC environment references need Pulumi Cloud to resolve; the offline plan cannot apply them (put the options in this file)`,
            );
            continue;
        }
        if (typeof value === "string") {
            if (!isEnforcementLevel(value)) {
                problems.push(`${name}: invalid enforcement level ${JSON.stringify(value)} (expected ${ENFORCEMENT_LEVELS.join(", ")})`);
                continue;
            }
            entries.set(name, { enforcementLevel: value, properties: {} });
            continue;
        }
        if (!isObject(value)) {
            problems.push(`${name}: must be an enforcement level or an object of options (found: ${JSON.stringify(value)})`);
            continue;
        }
        const { enforcementLevel, ...properties } = value;
        if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
            problems.push(`${name}.enforcementLevel: invalid enforcement level ${JSON.stringify(enforcementLevel)} (expected ${ENFORCEMENT_LEVELS.join(", ")})`);
            continue;
        }
        if (enforcementLevel === undefined && Object.keys(properties).length === 0) {
            continue; // "Don't bother including empty configs."
        }
        entries.set(name, { ...(enforcementLevel !== undefined ? { enforcementLevel } : {}), properties: structuredClone(properties) });
    }
    return { entries, problems };
}

/** Steps 2–4: the config Configure receives, with what the CLI refuses and what it silently ignores. */
export function reconcilePolicyPackConfig(
    policies: readonly AnalyzerPolicyInfo[],
    entries: ReadonlyMap<string, ParsedPolicyConfig>,
    initialConfig: ReadonlyMap<string, ParsedPolicyConfig> = new Map(),
): ConfigReport & { config: ReconciledConfig } {
    const result = new Map<string, { enforcementLevel: EnforcementLevel | ""; properties: Record<string, unknown> }>();
    for (const policy of policies) {
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (typeof schema === "object" && schema !== null && "default" in schema && schema.default !== undefined) {
                properties[key] = structuredClone(schema.default);
            }
        }
        result.set(policy.name, { enforcementLevel: policy.enforcementLevel, properties });
    }
    const apply = (config: ReadonlyMap<string, ParsedPolicyConfig>): void => {
        const all = config.get("all")?.enforcementLevel;
        if (all !== undefined) {
            for (const [name, value] of result) {
                result.set(name, { ...value, enforcementLevel: all });
            }
        }
        for (const [name, given] of config) {
            const current = result.get(name) ?? { enforcementLevel: "" as const, properties: {} };
            result.set(name, {
                enforcementLevel: given.enforcementLevel ?? current.enforcementLevel,
                properties: { ...current.properties, ...structuredClone(given.properties) },
            });
        }
    };
    apply(initialConfig);
    apply(entries);

    const problems: string[] = [];
    const warnings: string[] = [];
    const known = new Map(policies.map((p) => [p.name, p]));
    for (const [name, given] of entries) {
        const policy = known.get(name);
        const optionNames = Object.keys(given.properties);
        if (policy === undefined) {
            const level = result.get(name)?.enforcementLevel;
            if (level === "") {
                problems.push(
                    `${name}: options without an enforcementLevel for a name that is not a policy of the pack: the Pulumi CLI fails to configure the pack (invalid enforcement level "") (known policies: ${[...known.keys()].join(", ")})`,
                );
            } else if (name === "all") {
                warnings.push(...optionNames.map((o) => `all.${o}: "all" takes only enforcementLevel; the option is ignored`));
            } else {
                warnings.push(`${name}: not a policy of the pack; the entry is ignored (known policies: ${[...known.keys()].join(", ")})`);
            }
            continue;
        }
        const schemaProperties = policy.configSchema?.properties ?? {};
        for (const option of optionNames) {
            if (!(option in schemaProperties)) {
                warnings.push(
                    policy.configSchema === undefined
                        ? `${name}.${option}: the policy takes no options; the option is ignored`
                        : `${name}.${option}: not an option of the policy (options: ${Object.keys(schemaProperties).join(", ")}); it is ignored`,
                );
            }
        }
    }
    for (const policy of policies) {
        if (policy.configSchema === undefined) {
            continue;
        }
        const schema = {
            type: "object" as const,
            ...(Object.keys(policy.configSchema.properties ?? {}).length > 0 ? { properties: policy.configSchema.properties } : {}),
            ...(policy.configSchema.required?.length ? { required: policy.configSchema.required } : {}),
        };
        const errors = validateJsonSchema(result.get(policy.name)?.properties ?? {}, schema);
        problems.push(...errors.map((e) => `${policy.name}${e.slice(1)}`));
    }
    for (const [name, value] of result) {
        if (value.enforcementLevel === "" && !problems.some((p) => p.startsWith(`${name}:`))) {
            problems.push(`${name}: invalid enforcement level "" (expected ${ENFORCEMENT_LEVELS.join(", ")})`);
        }
    }
    return { config: Object.fromEntries(result), problems, warnings };
}
