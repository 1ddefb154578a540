import * as fs from "fs";
import * as path from "path";
import { loadPolicyConfig, PolicyPackConfig, runPolicies } from "./runPolicies";
import { EvaluatedProgram } from "../plan/evaluate";
import { MOCK_NOW } from "../plan/mocks";
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

/** The policy config to use: the file given, else the shipped one for the environment, else none (policy defaults). */
export function resolvePolicyConfig(files: ProgramConfig, explicit?: string): { file?: string; config?: PolicyPackConfig } {
    if (explicit) {
        return { file: explicit, config: loadPolicyConfig(explicit) };
    }
    const candidate = path.join(POLICY_CONFIG_DIR, `config.${stackEnvironment(files)}.json`);
    return fs.existsSync(candidate) ? { file: candidate, config: loadPolicyConfig(candidate) } : {};
}

/** Runs the policy pack in-process over a plan's resources, with the stack's policy config. */
export async function checkPolicies(evaluated: EvaluatedProgram, explicitConfig?: string): Promise<PlanViolation[]> {
    const { config } = resolvePolicyConfig(evaluated.files, explicitConfig);
    // The plan's clock is the mocks' clock: mocked `time` resources start at MOCK_NOW, so validity is measured
    // from the same instant and the verdict does not depend on the day the plan runs.
    return runPolicies(evaluated.resources, config, { now: () => Date.parse(MOCK_NOW) });
}
