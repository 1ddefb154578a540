/*
 * Issue 15, item 10: crashes and leftovers. A deeply nested plan makes the diff exit 2 with a message (not a stack
 * overflow); an interrupted `plan --base` removes its worktree registration, its temporary directory and its child
 * processes; an interrupted `bench` removes its kv-bench-* directory and kills what its measured jobs started; a CLI
 * whose reader went away (a closed pipe) exits instead of spinning.
 */
import * as assert from "assert";
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run as diffCli } from "../../tools/cli/diff";
import { MAX_INPUT_DEPTH } from "../../tools/diff/diff";
import { REPO_ROOT } from "../helpers/pulumi";
import { killChild } from "../../tools/cli/cleanup";
import { runInProcess } from "../plan/planCli";

/** A plan document whose one resource has inputs nested `depth` levels deep. */
function nestedPlan(depth: number, leaf: string): string {
    let inputs = `{"v":"${leaf}"}`;
    for (let i = 0; i < depth; i++) {
        inputs = `{"a":${inputs}}`;
    }
    const urn = "urn:pulumi:s::p::x:y:Z::deep";
    return `{"project":"p","stack":"s","resources":[{"urn":"${urn}","type":"x:y:Z","name":"deep","inputs":${inputs},"dependencies":[],"protect":false}],"outputs":{}}`;
}

/** Processes whose command line mentions `marker` (our children, by their temporary paths). */
function processesMentioning(marker: string): string[] {
    return fs
        .readdirSync("/proc")
        .filter((p) => /^\d+$/.test(p) && Number(p) !== process.pid)
        .map((p) => {
            try {
                return fs.readFileSync(`/proc/${p}/cmdline`, "utf8").replace(/\0/g, " ");
            } catch {
                return "";
            }
        })
        .filter((cmd) => cmd.includes(marker));
}

function waitFor(what: string, check: () => boolean, child: ChildProcess, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = (): void => {
            if (check()) {
                resolve();
            } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
                reject(new Error(`gave up waiting for ${what} (child exit ${child.exitCode})`));
            } else {
                setTimeout(tick, 50);
            }
        };
        tick();
    });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    return new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) {
            resolve({ code: child.exitCode, signal: child.signalCode });
        } else {
            child.on("exit", (code, signal) => resolve({ code, signal }));
        }
    });
}

describe("hostile input: crashes and leftovers (issue 15, item 10)", function () {
    this.timeout(180_000);
    let tmp = "";
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-crash-"));
    });
    after(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("npm run diff on a deeply nested plan exits 2 with a message, not a stack trace", async () => {
        const old = path.join(tmp, "old.json");
        const deep = path.join(tmp, "deep.json");
        fs.writeFileSync(old, nestedPlan(50_000, "before"));
        fs.writeFileSync(deep, nestedPlan(50_000, "after"));
        const r = await runInProcess(diffCli, [old, deep]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stdout, "");
        assert.match(r.stderr, new RegExp(`^error: inputs nested deeper than ${MAX_INPUT_DEPTH} levels at [a.]+…: not a plan this tool wrote\\n$`));
        assert.ok(!/\n\s+at /.test(r.stderr), "no stack trace");
    });

    it("a plan nested within the bound still diffs", async () => {
        const a = path.join(tmp, "a.json");
        const b = path.join(tmp, "b.json");
        fs.writeFileSync(a, nestedPlan(MAX_INPUT_DEPTH - 1, "before"));
        fs.writeFileSync(b, nestedPlan(MAX_INPUT_DEPTH - 1, "after"));
        const r = await runInProcess(diffCli, [a, b]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(r.stdout, /: "before" → "after"\n/);
    });

    // A signal is handled when the plan's main thread is free: after this checkout's evaluation, which runs beside the
    // base's build. SIGTERM interrupts a plan of this stack; SIGHUP and SIGINT one of a program with no resources (the
    // base still plans this stack at HEAD in its worktree), so they arrive while the base's build runs, not after
    // seconds of evaluation (issue 9: these tests were ≈ 5 s each).
    for (const signal of ["SIGHUP", "SIGINT", "SIGTERM"] as const) {
        it(`${signal} during plan --base removes the worktree registration, its temporary directory and its children`, async () => {
            const own = fs.mkdtempSync(path.join(tmp, `base-${signal}-`));
            const program: string[] = [];
            if (signal !== "SIGTERM") {
                const dir = fs.mkdtempSync(path.join(tmp, `program-${signal}-`));
                fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: empty\nruntime: nodejs\nmain: index.js\n");
                fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config: {}\n");
                fs.writeFileSync(path.join(dir, "index.js"), "module.exports = {};\n");
                program.push("--program", dir);
            }
            const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", "plan.js"), "--stack", "staging", "--base", "HEAD", ...program], {
                cwd: REPO_ROOT,
                env: { ...process.env, TMPDIR: own },
                stdio: ["ignore", "ignore", "pipe"],
            });
            let stderr = "";
            child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
            // Wait until the worktree exists and a child (the base build) runs from it.
            await waitFor("the base worktree and its build", () => processesMentioning(own).length > 0 && fs.readdirSync(own).length > 0, child, 60_000);
            child.kill(signal);
            const { signal: died } = await exited(child);
            assert.strictEqual(died, signal, `dies of ${signal} (stderr: ${stderr})`);
            assert.deepStrictEqual(fs.readdirSync(own), [], "temporary directory removed");
            const worktrees = spawnSync("git", ["-C", REPO_ROOT, "worktree", "list", "--porcelain"], { encoding: "utf8" }).stdout;
            assert.ok(!worktrees.includes(own), `worktree unregistered:\n${worktrees}`);
            await new Promise((resolve) => setTimeout(resolve, 200));
            assert.deepStrictEqual(processesMentioning(own), [], "no orphaned child");
        });
    }

    it("a CLI whose output pipes are closed exits 2 at once, writing nothing more (it used to spin at 100% CPU)", async () => {
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", "pipelineVars.js"), "--help"], {
            cwd: REPO_ROOT,
            stdio: ["ignore", "pipe", "pipe"],
        });
        // Closed before the process has started (Node's start alone takes longer): its first write finds no reader.
        child.stdout?.destroy();
        child.stderr?.destroy();
        const guard = setTimeout(() => child.kill("SIGKILL"), 20_000);
        try {
            const { code, signal } = await exited(child);
            assert.deepStrictEqual({ code, signal }, { code: 2, signal: null }, "exits 2 by itself, not killed by the guard");
        } finally {
            clearTimeout(guard);
        }
    });

    it("killChild with group kills what the child started too (bench's `npm run` jobs start the plan as npm's child)", async () => {
        // A parent that starts a grandchild and prints its PID; spawned detached, as bench spawns its jobs.
        const script = "const c = require('child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log(c.pid); setInterval(() => {}, 1000);";
        const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "ignore"], detached: true });
        const grandchild = await new Promise<number>((resolve, reject) => {
            child.stdout?.once("data", (b: Buffer) => resolve(Number(b.toString("utf8").trim())));
            child.once("exit", () => reject(new Error("the parent exited before printing its child's PID")));
        });
        const alive = (pid: number): boolean => {
            try {
                process.kill(pid, 0);
                return fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") !== true;
            } catch {
                return false;
            }
        };
        assert.ok(alive(grandchild), "the grandchild runs");
        killChild(child, { group: true });
        const { signal } = await exited(child);
        assert.strictEqual(signal, "SIGKILL");
        for (let i = 0; i < 40 && alive(grandchild); i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.ok(!alive(grandchild), "the grandchild was killed with its parent's group, not orphaned");
    });

    it("SIGTERM during npm run bench removes its kv-bench-* directory", async () => {
        const own = fs.mkdtempSync(path.join(tmp, "bench-"));
        const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", "bench.js"), "--runs", "1", "--no-npm"], {
            cwd: REPO_ROOT,
            env: { ...process.env, TMPDIR: own },
            stdio: ["ignore", "ignore", "ignore"],
        });
        await waitFor("the bench's temporary directory", () => fs.readdirSync(own).some((f) => f.startsWith("kv-bench-")), child, 60_000);
        child.kill("SIGTERM");
        const { signal } = await exited(child);
        assert.strictEqual(signal, "SIGTERM");
        assert.deepStrictEqual(fs.readdirSync(own), [], "kv-bench-* removed");
    });
});
