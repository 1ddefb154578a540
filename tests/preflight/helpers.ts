import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { StackConfig } from "../../stack/config/schema";
import { EvaluatedProgram } from "../../tools/plan/evaluate";
import { Finding, PreflightCheck } from "../../tools/preflight/preflight";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";

export interface ScriptRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a compiled CLI of this project (`dist/tools/cli/<name>.js`), as its npm script does after building. */
export function runScript(name: "preflight" | "pipelineVars", args: readonly string[]): ScriptRun {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", `${name}.js`), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The offline plan of a stack as `evaluateProgram` returns it (with outputs and property dependencies), evaluated in a
 * child process so that this test process's Pulumi mocks and config stay untouched.
 */
export function evaluatedPlan(stack: string, program: string = REPO_ROOT): EvaluatedProgram {
    const evaluate = path.join(REPO_ROOT, "dist", "tools", "plan", "evaluate.js");
    const code = `require(${JSON.stringify(evaluate)}).evaluateProgram(${JSON.stringify(program)}, ${JSON.stringify(stack)}).then(
        (p) => { process.stdout.write(JSON.stringify(p)); process.exit(0); },
        (e) => { process.stderr.write(String(e && e.message)); process.exit(2); })`;
    const result = spawnSync(process.execPath, ["-e", code], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    if (result.status !== 0) {
        throw new Error(`evaluating ${stack} failed: ${result.stderr}`);
    }
    return JSON.parse(result.stdout) as EvaluatedProgram;
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

/** The findings of one check: at any key (key undefined), at one key, or without a key (null). */
export function findingsOf(findings: readonly Finding[], check: PreflightCheck, key?: string | null): Finding[] {
    return findings.filter((f) => f.check === check && (key === undefined || f.key === (key ?? undefined)));
}

/** The one finding of a check at a key; fails with every finding when there is not exactly one. */
export function theFinding(findings: readonly Finding[], check: PreflightCheck, key?: string | null): Finding {
    const found = findingsOf(findings, check, key);
    if (found.length !== 1) {
        throw new Error(`expected one ${check} finding${key ? ` at ${key}` : ""}, got ${found.length}:\n${JSON.stringify(findings, null, 2)}`);
    }
    return found[0] as Finding;
}
