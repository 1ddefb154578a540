import * as fs from "fs";
import { StackConfig } from "../../stack/config/schema";
import { run as pipelineVarsCli } from "../../tools/cli/pipelineVars";
import { run as preflightCli } from "../../tools/cli/preflight";
import { EvaluatedProgram, evaluateProgram } from "../../tools/plan/evaluate";
import { PlanRun, runInProcess } from "../plan/planCli";
import { Finding, PreflightCheck } from "../../tools/preflight/preflight";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
// Shipped stacks are evaluated once per process, shared read-only (see the module).
import "../helpers/sharedEvaluation";

export type ScriptRun = PlanRun;

/** Runs a CLI of this project in-process (`run` of tools/cli/<name>.ts), as its npm script does after building. */
export function runScript(name: "preflight" | "pipelineVars", args: readonly string[]): Promise<ScriptRun> {
    return runInProcess(name === "preflight" ? preflightCli : pipelineVarsCli, args);
}

/** The offline plan of a stack as `evaluateProgram` returns it (with outputs and property dependencies). */
export async function evaluatedPlan(stack: string, program: string = REPO_ROOT): Promise<EvaluatedProgram> {
    // A copy through JSON, as the plan document is: plain data, nothing shared with later evaluations.
    return JSON.parse(JSON.stringify(await evaluateProgram(program, stack))) as EvaluatedProgram;
}

/** The shipped stacks (every Pulumi.<stack>.yaml at the root) with their validated config. */
export function shippedStacks(): { stack: string; raw: Record<string, unknown>; config: StackConfig }[] {
    return fs
        .readdirSync(REPO_ROOT)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort()
        .map((stack) => {
            const { raw, config } = readStackConfig(REPO_ROOT, stack);
            return { stack, raw, config };
        });
}

/** The findings of one check: at any path (path undefined), or at one config path. */
export function findingsOf(findings: readonly Finding[], check: PreflightCheck, path?: string): Finding[] {
    return findings.filter((f) => f.check === check && (path === undefined || f.path === path));
}

/** The one finding of a check at a key; fails with every finding when there is not exactly one. */
export function theFinding(findings: readonly Finding[], check: PreflightCheck, path?: string): Finding {
    const found = findingsOf(findings, check, path);
    if (found.length !== 1) {
        throw new Error(`expected one ${check} finding${path ? ` at ${path}` : ""}, got ${found.length}:\n${JSON.stringify(findings, null, 2)}`);
    }
    return found[0] as Finding;
}
