import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { ConfigError } from "../../stack/config/errors";
import { Recorder } from "../../tools/plan/evaluate";
import { REPO_ROOT, runProgram, setConfig } from "../helpers/pulumi";

/*
 * The hostile-input corpus (issue 15): stack files and values written by whoever opens a pull request. Each case checks
 * the exact message, that nothing was created, and that no secret value or injected text reaches any output.
 */

/** A valid staging config (raw, as `validateConfig` takes it) to break one key at a time. */
export function baseConfig(): Record<string, unknown> {
    return { location: "westeurope", environment: "staging" };
}

/** Runs the program under the recording mocks; asserts a ConfigError and that only the stack itself was registered. */
export async function programProblems(recorder: Recorder, config: Record<string, unknown>, secretKeys: string[] = []): Promise<{ problems: readonly string[]; message: string }> {
    recorder.reset();
    setConfig({ "azure-native:location": "westeurope", environment: "dev", ...config }, secretKeys);
    const err = await runProgram(recorder);
    assert.ok(err instanceof Error && err.name === "ConfigError", `expected a ConfigError, got ${String(err)}`);
    assert.deepStrictEqual(
        recorder.resources.map((r) => r.type),
        ["pulumi:pulumi:Stack"],
        "nothing but the stack may be registered when the config is invalid",
    );
    return { problems: (err as ConfigError).problems, message: err.message };
}

/** A temporary program directory: this project's Pulumi.yaml (main: the compiled program) and a stack file as given. */
export function programDir(stack: string, stackFileYaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-"));
    const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    project.main = path.join(REPO_ROOT, "dist", "index.js");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(project));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stackFileYaml);
    return dir;
}

export interface CliRun {
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/** Runs a compiled CLI of this project against a program directory; removes the directory afterwards. */
export function runCliIn(name: "preflight" | "pipelineVars" | "plan", dir: string, args: readonly string[]): CliRun {
    try {
        const result = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", `${name}.js`), "--program", dir, ...args], {
            cwd: REPO_ROOT,
            encoding: "utf8",
            timeout: 120_000,
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The problem lines of a config error printed by a CLI (`error: Invalid config in ...:\n  - a\n  - b`). */
export function printedProblems(stderr: string): string[] {
    return stderr
        .split("\n")
        .filter((l) => l.startsWith("  - "))
        .map((l) => l.slice(4));
}

/** Fails when any of `needles` appears in any of `outputs`. */
export function assertAbsent(outputs: readonly string[], needles: readonly string[]): void {
    for (const out of outputs) {
        for (const needle of needles) {
            assert.ok(!out.includes(needle), `output must not contain ${JSON.stringify(needle)}:\n${out}`);
        }
    }
}

/**
 * Runs a printed command line in a POSIX shell where `pulumi`, `az` and `date` are stubs that print each argument as
 * one record (prefixed with their name), in an empty temporary directory. Returns the printed lines and whether
 * any file appeared there (an injected command such as `$(touch pwned)` would create one).
 */
export function shellRun(commandLine: string): { lines: string[]; created: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-shell-"));
    try {
        const stubs = [
            `pulumi() { for a in "$@"; do printf 'pulumi:%s\\036' "$a"; done; }`,
            `az() { for a in "$@"; do printf 'az:%s\\036' "$a"; done; }`,
            `date() { printf 'DATE'; }`,
        ].join("\n");
        const result = spawnSync("sh", ["-c", `${stubs}\n${commandLine}`], { cwd: dir, encoding: "utf8", timeout: 10_000 });
        assert.strictEqual(result.status, 0, `the printed command does not run in sh: ${result.stderr}`);
        // One record per argument (separated by U+001E, so arguments keep their newlines and empty ones show).
        return { lines: result.stdout.split("\x1e").slice(0, -1), created: fs.readdirSync(dir) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The command of a "Fix:" text: what follows the first `: ` after "Fix", up to `, then`/`, or`/` (for each`. */
export function fixCommand(line: string, program: "pulumi" | "az"): string {
    const start = line.indexOf(`${program} `);
    assert.ok(start >= 0, `no ${program} command in: ${line}`);
    const rest = line.slice(start);
    const end = [", then ", ", or ", " (for each", ", and write", " must print"].map((s) => rest.indexOf(s)).filter((i) => i >= 0);
    return end.length ? rest.slice(0, Math.min(...end)) : rest;
}
