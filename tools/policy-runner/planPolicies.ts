import * as fs from "fs";
import * as path from "path";
import { PolicyPackConfig, readPolicyConfig } from "./packConfig";
import { runPolicies } from "./runPolicies";
import { EvaluatedProgram } from "../plan/evaluate";
import { plaintextSecretValueFindings } from "../plan/redact";
import { ProgramConfig } from "../plan/stackFiles";
import { PlanViolation } from "../plan/types";

/** Where the pack's shipped configs live: `policies/config.<environment>.json`. */
export const POLICY_CONFIG_DIR = path.resolve(__dirname, "..", "..", "..", "policies");

/**
 * The stack's environment, to pick the policy config: the program's `<project>:environment` config when it
 * has one (this project's), else the stack name.
 */
export function stackEnvironment(files: ProgramConfig): string {
    return files.config[`${files.project}:environment`] ?? files.stack;
}

/**
 * The policy config to use: the file given, else the shipped one for the environment, else none (policy defaults);
 * with warnings for what the Pulumi CLI would accept and ignore (unknown policy names with a level, unknown options).
 */
export function resolvePolicyConfig(
    files: ProgramConfig,
    explicit?: string,
): { file?: string; config?: PolicyPackConfig; warnings: readonly string[] } {
    const file = explicit ?? path.join(POLICY_CONFIG_DIR, `config.${stackEnvironment(files)}.json`);
    if (explicit === undefined && !fs.existsSync(file)) {
        return { warnings: [] };
    }
    const { config, warnings } = readPolicyConfig(file);
    return { file, config, warnings };
}

export interface CheckOptions {
    /** The policy config file (default: the shipped one for the stack's environment). */
    readonly policyConfig?: string;
    /** "Now" for the policies that measure from it, in ms since the epoch (`--now`); default: the real clock, as under the CLI. */
    readonly now?: number;
    /** Where warnings about the config go (default: nowhere). */
    readonly warn?: (message: string) => void;
}

/**
 * Runs the policy pack in-process over a plan's resources (on the values the program really produced), with the
 * stack's policy config, then the gate's own check that Key Vault secret values are Pulumi secrets.
 */
export async function checkPolicies(evaluated: EvaluatedProgram, options: CheckOptions | string = {}): Promise<PlanViolation[]> {
    const opts: CheckOptions = typeof options === "string" ? { policyConfig: options } : options;
    const { file, config, warnings } = resolvePolicyConfig(evaluated.files, opts.policyConfig);
    for (const w of warnings) {
        opts.warn?.(`warning: policy pack config ${file ?? ""}: ${w}`);
    }
    const now = opts.now;
    const violations = await runPolicies(evaluated.resources, config, now === undefined ? {} : { now: () => now });
    return [...violations, ...plaintextSecretValueFindings(evaluated.resources)];
}
