// The policy pack's configuration (`--policy-pack-config`): parsed, reconciled and validated as the CLI does
// (./engineConfig.ts), and what each policy then sees (its level, its options). ./runPolicies.ts runs the pack with it.
import * as fs from "fs";
import { isDeepStrictEqual } from "util";
// Through the workspace package (node_modules/keyvault-devops-policies → policies/): see ./runPolicies.ts.
import { allPolicies, KeyVaultDevOpsPolicy, packEnforcementLevel } from "keyvault-devops-policies/bin/policyList";
import { applyConfigDefaults } from "keyvault-devops-policies/bin/util";
import { EnforcementLevel } from "../plan/types";
import { AnalyzerPolicyInfo, ConfigReport, parsePolicyPackConfig, reconcilePolicyPackConfig, ReconciledConfig } from "./engineConfig";

/** One policy's entry in a `--policy-pack-config` file: a level, or options with an optional level. */
export type PolicyConfigEntry = EnforcementLevel | { enforcementLevel?: EnforcementLevel; [option: string]: unknown };

/** The `--policy-pack-config` file format: policy name (or "all") → level or options. */
export interface PolicyPackConfig {
    [policy: string]: PolicyConfigEntry;
}

/** What GetAnalyzerInfo reports for each policy: its level is its own, else the pack's (@pulumi/policy protoutil.js). */
export function analyzerPolicyInfos(policies: readonly KeyVaultDevOpsPolicy[] = allPolicies): AnalyzerPolicyInfo[] {
    return policies.map((p) => ({
        name: p.name,
        enforcementLevel: p.enforcementLevel ?? packEnforcementLevel ?? "advisory",
        ...(p.configSchema !== undefined ? { configSchema: p.configSchema } : {}),
    }));
}

type CheckedConfig = ConfigReport & { reconciled: ReconciledConfig };

/*
 * Checking a config validates every option against its policy's JSON schema, compiling each pattern with RE2: a
 * plan checked the same config three times (read, warnings, run), and a test running the pack over hundreds of
 * variants paid ≈ 1 s of CPU for it (`node --cpu-prof`, issue 9). The report is remembered per policy list and
 * config text; each caller gets its own copy, so a policy that changes its options changes nobody else's.
 */
const checkedConfigs = new Map<string, CheckedConfig>();
const policyIds = new WeakMap<KeyVaultDevOpsPolicy, number>();
let nextPolicyId = 0;
/** The most configs remembered (the oldest is forgotten first): a long test run checks hundreds. */
const REMEMBERED_CONFIGS = 256;

/** The policies by identity (a fresh `[policy]` array names the same policy), then the config's text. */
function checkedConfigKey(policies: readonly KeyVaultDevOpsPolicy[], text: string): string {
    const ids = policies.map((p) => {
        let id = policyIds.get(p);
        if (id === undefined) {
            id = nextPolicyId++;
            policyIds.set(p, id);
        }
        return id;
    });
    return `${ids.join(",")}\0${text}`;
}

/** A config file's content, checked as the CLI checks it: what it refuses (problems) and ignores (warnings). */
export function checkPolicyConfig(config: unknown, policies: readonly KeyVaultDevOpsPolicy[] = allPolicies): CheckedConfig {
    let text: string | undefined;
    try {
        text = JSON.stringify(config);
    } catch {
        text = undefined;
    }
    // Only a config that is exactly its JSON text is remembered by it: one holding `undefined`, NaN, a function, a
    // cycle or a BigInt (possible in-process, never in a file) is checked every time, and reported as the CLI would.
    if (text === undefined || !isDeepStrictEqual(JSON.parse(text), config)) {
        return checkPolicyConfigAfresh(config, policies);
    }
    const key = checkedConfigKey(policies, text);
    let checked = checkedConfigs.get(key);
    if (checked === undefined) {
        checked = checkPolicyConfigAfresh(config, policies);
        checkedConfigs.set(key, checked);
        if (checkedConfigs.size > REMEMBERED_CONFIGS) {
            checkedConfigs.delete(checkedConfigs.keys().next().value as string);
        }
    }
    return structuredClone(checked);
}

function checkPolicyConfigAfresh(config: unknown, policies: readonly KeyVaultDevOpsPolicy[]): CheckedConfig {
    const { entries, problems } = parsePolicyPackConfig(config);
    const reconciled = reconcilePolicyPackConfig(analyzerPolicyInfos(policies), entries);
    // Sorted, as the CLI reports policy config validation errors (pkg/engine/update.go: `sort.Strings(allValidationErrors)`).
    return { reconciled: reconciled.config, problems: [...problems, ...reconciled.problems].sort(), warnings: reconciled.warnings };
}

/** A loaded `--policy-pack-config` file and what the CLI would silently ignore in it. */
export interface LoadedPolicyConfig {
    readonly config: PolicyPackConfig;
    readonly warnings: readonly string[];
}

/**
 * Reads and validates a `--policy-pack-config` JSON file (an empty file is no config, as for the CLI). Throws an
 * error naming the file and listing every problem the CLI would refuse; returns the warnings for what it ignores.
 */
export function readPolicyConfig(file: string, policies: readonly KeyVaultDevOpsPolicy[] = allPolicies): LoadedPolicyConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`Cannot read policy pack config ${file}: ${errorMessage(err)}`);
    }
    if (text.trim() === "") {
        return { config: {}, warnings: [] };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`Invalid policy pack config ${file}: not valid JSON (${errorMessage(err)})`);
    }
    const { warnings } = checkedOrThrow(parsed, file, policies);
    return { config: parsed as PolicyPackConfig, warnings };
}

/** `readPolicyConfig` without the warnings. */
export function loadPolicyConfig(file: string): PolicyPackConfig {
    return readPolicyConfig(file).config;
}

/**
 * Checks a parsed config against the pack (or `policies`) as the CLI does and returns it typed; throws an error
 * naming `source` and listing every problem. Options and names the CLI ignores are not problems (see
 * `checkPolicyConfig` for the warnings).
 */
export function validatePolicyConfig(
    config: unknown,
    source = "policy pack config",
    policies: readonly KeyVaultDevOpsPolicy[] = allPolicies,
): PolicyPackConfig {
    checkedOrThrow(config, source, policies);
    return config as PolicyPackConfig;
}

/** The config checked once; throws naming `source` and listing every problem the CLI would refuse. */
function checkedOrThrow(config: unknown, source: string, policies: readonly KeyVaultDevOpsPolicy[]): CheckedConfig {
    const checked = checkPolicyConfig(config, policies);
    if (checked.problems.length > 0) {
        throw new Error(`Invalid policy pack config ${source}:\n${checked.problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return checked;
}

/** The level a policy runs at under `config`: its configured level, else `all`, else its own, else the pack's. */
export function resolveEnforcementLevel(policy: KeyVaultDevOpsPolicy, config: PolicyPackConfig = {}): EnforcementLevel {
    const { reconciled } = checkPolicyConfig(config, [policy]);
    const level = reconciled[policy.name]?.enforcementLevel;
    return level === undefined || level === "" ? "advisory" : level;
}

/** The options `getConfig()` returns: the policy's configured options with its `configSchema` defaults applied. */
export function policyOptions(policy: KeyVaultDevOpsPolicy, config: PolicyPackConfig = {}): Record<string, unknown> {
    const { reconciled } = checkPolicyConfig(config, [policy]);
    return structuredClone(reconciled[policy.name]?.properties ?? applyConfigDefaults(policy.configSchema, {}));
}

function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
