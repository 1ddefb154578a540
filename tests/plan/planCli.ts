import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import type { Cli } from "../../tools/cli/common";
import { run } from "../../tools/cli/plan";
import { PlanDocument } from "../../tools/plan/render";
import { REPO_ROOT } from "../helpers/pulumi";
// Shipped stacks are evaluated once per process, shared read-only (see the module).
import "../helpers/sharedEvaluation";

export interface PlanRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** A sink that keeps what a CLI printed. */
export function collector(): { text: string; write(chunk: string): boolean } {
    return {
        text: "",
        write(chunk: string): boolean {
            this.text += chunk;
            return true;
        },
    };
}

/** Runs a CLI's `run(argv, io)` in this process, from the repository root, as its npm script would. */
export async function runInProcess(cli: Cli, args: readonly string[], env?: Record<string, string>): Promise<PlanRun> {
    const stdout = collector();
    const stderr = collector();
    const status = await cli(args, { stdout, stderr, cwd: REPO_ROOT, ...(env ? { env: { ...process.env, ...env } } : {}) });
    return { status, stdout: stdout.text, stderr: stderr.text };
}

/** Runs the offline plan CLI in-process (`run` of tools/cli/plan.ts), as `npm run plan` does after building. */
export function runPlan(args: readonly string[]): Promise<PlanRun> {
    return runInProcess(run, args);
}

/** Runs a compiled CLI (`dist/tools/cli/<name>.js`) in a child process: for the one spawned smoke test per CLI. */
export function spawnCli(name: string, args: readonly string[], options: { env?: Record<string, string>; timeout?: number } = {}): PlanRun {
    const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", `${name}.js`), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: options.timeout ?? 60_000,
        maxBuffer: 256 * 1024 * 1024,
        env: { ...process.env, ...options.env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the plan with `--json` and parses it (fails when the plan did not exit 0 or 1). */
export async function planJson(args: readonly string[]): Promise<PlanDocument> {
    const run = await runPlan([...args, "--json"]);
    if (run.status !== 0 && run.status !== 1) {
        throw new Error(`plan exited ${run.status}: ${run.stderr}`);
    }
    return JSON.parse(run.stdout) as PlanDocument;
}

/**
 * A copy of this project's program in a temporary directory with its own stack file: `Pulumi.yaml` pointing at
 * the compiled program, and `Pulumi.<stack>.yaml` from the given config (or the shipped stack's config, patched).
 */
export function programWithStack(stack: string, config: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-plan-"));
    const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    project.main = path.join(REPO_ROOT, "dist", "index.js");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(project));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify({ config }));
    return dir;
}

/** The shipped stack's config map. */
export function shippedConfig(stack: string): Record<string, unknown> {
    const doc = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
    return structuredClone(doc.config);
}

/**
 * A foreign Pulumi program in a temporary directory: `Pulumi.yaml` for `project`, `Pulumi.dev.yaml` with the given
 * config YAML, and `index.ts` with the given source.
 */
export function foreignProgram(project: string, source: string, stackConfigYaml = "config: {}\n"): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kv-${project}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackConfigYaml);
    fs.writeFileSync(path.join(dir, "index.ts"), source);
    return dir;
}
