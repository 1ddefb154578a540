/*
 * `npm run bench [-- --json] [-- --runs N]`: how the offline plan's cost compares with what cannot be avoided, in
 * one run, every measurement repeated (median) after a warm-up, interleaved so machine noise hits all alike:
 *   (a) the honest floor — a fresh `node` loading exactly the node_modules files a real plan run loads (recorded
 *       from `plan --stack <s> --json` runs through tools/bench/recordModules.ts, not a hand list), with the same
 *       deferral of Pulumi's closure serializer (tools/cli/deferClosure.ts) — against the plan plus policy check of
 *       each shipped stack (`node dist/tools/cli/plan.js --stack <s> --json`) and `npm run plan` itself;
 *   (b) a synthetic stack with 50× the secrets and variable groups of staging against staging;
 *   (c) per plan, the longest dependency chain (a proxy for `pulumi up`'s critical path) and how many resources
 *       wait on nothing;
 *   (d) two costs no change to the program can remove, to say whether the plan target is reachable at all: the SDK
 *       replay — the floor, then Pulumi's SDK registering the staging plan's resources under its own mocks with no
 *       program logic (tools/bench/sdkReplay.ts, generated from the warm-up's staging plan) — and npm's own start,
 *       `npm run --silent --prefix <tmp> noop` (a temporary package.json whose `noop` is `node -e 0`) minus
 *       `node -e 0`. The feasibility lines after the table (tools/bench/feasibility.ts) put both against the margin
 *       the 1.5× target leaves over the floor.
 * Targets: plan ≤ 1.5× the floor, 50× the work ≤ 3× the time. Prints PASS/FAIL per target; exits 0 unless it cannot
 * measure (a plan that fails with exit 2, bad arguments). Its temporary directories (kv-bench-*) are removed on any
 * exit, also on SIGINT/SIGTERM/SIGHUP.
 */
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import { floorModules, floorScript, independentCount, interleave, longestChain, median, multiplyStack, ratio } from "../bench/bench";
import { feasibility } from "../bench/feasibility";
import { sdkReplayProgram } from "../bench/sdkReplay";
import { PlanDocument } from "../plan/render";
import { addCleanup, killChild } from "./cleanup";
import { Cli, CliIo, main } from "./common";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PLAN_CLI = path.join(ROOT, "dist", "tools", "cli", "plan.js");
const RECORDER = path.join(ROOT, "dist", "tools", "bench", "recordModules.js");
const DEFER = path.join(ROOT, "dist", "tools", "cli", "deferClosure.js");
const CPU_TIME = path.join(ROOT, "dist", "tools", "bench", "cpuTime.js");
const STACK_TRACES = path.join(ROOT, "dist", "tools", "plan", "stackTraces.js");
const CLASS_ALIASES = path.join(ROOT, "dist", "tools", "plan", "classAliases.js");
const PLAN_TARGET = 1.5;
const SCALING_TARGET = 3;
const FACTOR = 50;

interface ProjectFile {
    name: string;
    main?: string;
    [key: string]: unknown;
}

function readProject(): ProjectFile {
    return YAML.parse(fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** The shipped stacks: every `Pulumi.<stack>.yaml` next to `Pulumi.yaml`. */
function shippedStacks(): string[] {
    return fs
        .readdirSync(ROOT)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

/**
 * The files a real plan run of `stack` loads (require.cache at exit), recorded by tools/bench/recordModules.ts. Run
 * asynchronously, killed on interrupt: a blocking run would hold off a SIGINT or SIGTERM until the plan ended.
 */
function loadedByPlan(stack: string, dir: string): Promise<string[]> {
    const out = path.join(dir, `modules-${stack}.json`);
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ["-r", RECORDER, PLAN_CLI, "--stack", stack, "--json"], {
            cwd: ROOT,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, KV_BENCH_MODULES_OUT: out },
        });
        const done = addCleanup(() => killChild(child, { group: false }));
        const err: Buffer[] = [];
        child.stderr?.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e) => {
            done();
            reject(e);
        });
        child.on("close", (code, signal) => {
            done();
            if (code !== 0 && code !== 1) {
                reject(new Error(`recording the modules of plan --stack ${stack}: exited ${code ?? signal}:\n${Buffer.concat(err).toString("utf8").trim()}`));
                return;
            }
            try {
                resolve(JSON.parse(fs.readFileSync(out, "utf8")) as string[]);
            } catch (e) {
                reject(e);
            }
        });
    });
}

/** A temporary program: this project's compiled program with a stack file holding `config`. */
function syntheticProgram(dir: string, project: ProjectFile, stack: string, config: Record<string, unknown>): string {
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify({ ...project, main: path.resolve(ROOT, project.main ?? "dist/index.js") }));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify({ config }));
    return dir;
}

interface Job {
    readonly key: string;
    readonly args: readonly string[];
    /** The command (default: this Node). */
    readonly command?: string;
    /** Exit codes that mean "measured fine" (the plan exits 1 on mandatory violations: still a full plan). */
    readonly okCodes: readonly number[];
}

let cpuFiles = 0;

/** The CPU time (ms) the processes of one job reported through tools/bench/cpuTime.ts, and the file removed. */
function takeCpu(file: string): number {
    try {
        return fs.readFileSync(file, "utf8").split("\n").filter(Boolean).reduce((ms, line) => ms + Number(line) / 1000, 0);
    } catch {
        return 0;
    } finally {
        fs.rmSync(file, { force: true });
    }
}

/**
 * Runs a job once; resolves to wall milliseconds, the CPU milliseconds of all its Node processes (user + system) and
 * stdout when asked. Rejects when it fails; killed on interrupt.
 */
function runOnce(job: Job, work: string, keepOutput = false): Promise<{ ms: number; cpuMs: number; stdout: string }> {
    return new Promise((resolve, reject) => {
        const cpuFile = path.join(work, `cpu-${cpuFiles++}.txt`);
        const nodeOptions = [process.env.NODE_OPTIONS, `-r ${JSON.stringify(CPU_TIME)}`].filter(Boolean).join(" ");
        const start = process.hrtime.bigint();
        // Its own process group, killed whole on interrupt: `npm run` starts the plan as its child, which a kill of
        // npm alone would orphan (still running, writing into pipes nobody reads).
        const child = spawn(job.command ?? process.execPath, job.args, {
            cwd: ROOT,
            stdio: ["ignore", keepOutput ? "pipe" : "ignore", "pipe"],
            env: { ...process.env, NODE_OPTIONS: nodeOptions, KV_BENCH_CPU_OUT: cpuFile },
            detached: true,
        });
        const done = addCleanup(() => killChild(child, { group: true }));
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout?.on("data", (b: Buffer) => out.push(b));
        child.stderr?.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e) => {
            done();
            reject(e);
        });
        child.on("close", (code, signal) => {
            const ms = Number(process.hrtime.bigint() - start) / 1e6;
            const cpuMs = takeCpu(cpuFile);
            done();
            if (code === null || !job.okCodes.includes(code)) {
                reject(new Error(`${job.key}: \`${job.command ?? "node"} ${job.args.join(" ")}\` exited ${code ?? signal}:\n${Buffer.concat(err).toString("utf8").trim()}`));
            } else {
                resolve({ ms, cpuMs, stdout: Buffer.concat(out).toString("utf8") });
            }
        });
    });
}

function graphStats(stdout: string): { criticalPath: number; chain: string[]; independent: number; resources: number } {
    const plan = JSON.parse(stdout) as PlanDocument;
    const chain = longestChain(plan.resources);
    return { criticalPath: chain.length, chain: chain.chain, independent: independentCount(plan.resources), resources: plan.resources.length };
}

async function bench(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
        args: [...argv],
        options: { json: { type: "boolean", default: false }, runs: { type: "string", default: "5" }, "no-npm": { type: "boolean", default: false } },
        strict: true,
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`--runs must be a positive whole number (found: ${values.runs})`);
    }
    const log = values.json ? (): void => undefined : (line: string): void => void io.stderr.write(`${line}\n`);

    const project = readProject();
    const stacks = shippedStacks();
    const staging = stacks.includes("staging") ? "staging" : (stacks[0] as string);
    const stagingConfig = (YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${staging}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
    // The cleanup (and with it the signal handlers) before the directory: until a handler is installed, a SIGTERM
    // takes the default action and kills the process at once, leaving the directory behind.
    // Retried: on a signal the measured children are SIGKILLed just before (newest cleanup first) and may still be
    // writing into it for a moment, which fails a single pass with ENOTEMPTY (fs.rmSync retries that one).
    let work = "";
    const cleanup = addCleanup(() => {
        if (work !== "") {
            fs.rmSync(work, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
        }
    });
    work = fs.mkdtempSync(path.join(os.tmpdir(), "kv-bench-"));
    try {
        const scaledDir = syntheticProgram(fs.mkdtempSync(path.join(work, "scaled-")), project, staging, multiplyStack(stagingConfig, project.name, FACTOR));
        // The floor: the node_modules files the plans load, in load order, behind the same deferral.
        const recorded: string[][] = [];
        for (const s of stacks) {
            recorded.push(await loadedByPlan(s, work));
        }
        const modules = floorModules(recorded);
        const floorFile = path.join(work, "floor.js");
        fs.writeFileSync(floorFile, floorScript(DEFER, modules));
        // The SDK replay, written from the staging plan once the warm-up has produced it.
        const replayFile = path.join(work, "sdk-replay.js");
        // npm's own start: a no-op script in a temporary package (never the project's package.json).
        const npmDir = fs.mkdtempSync(path.join(work, "npm-noop-"));
        fs.writeFileSync(path.join(npmDir, "package.json"), `${JSON.stringify({ name: "kv-bench-noop", private: true, scripts: { noop: "node -e 0" } })}\n`);

        const floor: Job = { key: "floor", args: [floorFile], okCodes: [0] };
        const replay: Job = { key: "replay", args: [replayFile], okCodes: [0] };
        const nodeNoop: Job = { key: "node-noop", args: ["-e", "0"], okCodes: [0] };
        const npmNoop: Job = { key: "npm-noop", command: "npm", args: ["run", "--silent", "--prefix", npmDir, "noop"], okCodes: [0] };
        const plans: Job[] = stacks.map((s) => ({ key: `plan:${s}`, args: [PLAN_CLI, "--stack", s, "--json"], okCodes: [0, 1] }));
        const npmPlan: Job = { key: "npm", command: "npm", args: ["run", "--silent", "plan", "--", "--stack", staging, "--json"], okCodes: [0, 1] };
        const scaled: Job = { key: "scaled", args: [PLAN_CLI, "--stack", staging, "--json", "--program", scaledDir], okCodes: [0, 1] };
        const jobs = [floor, replay, ...plans, ...(values["no-npm"] ? [] : [npmPlan]), scaled, ...(values["no-npm"] ? [] : [nodeNoop, npmNoop])];

        log(`floor: ${modules.length} node_modules files, recorded from plan runs of ${stacks.join(", ")}`);
        // Warm-up (file cache, lazily compiled code): one of each, keeping the plans' output for the graph measures.
        const stats = new Map<string, ReturnType<typeof graphStats>>();
        let replayed = 0;
        let stagingPlan = "";
        for (const job of [...jobs.filter((j) => j !== replay), replay]) {
            if (job === replay) {
                const plan = JSON.parse(stagingPlan) as PlanDocument;
                replayed = plan.resources.length;
                fs.writeFileSync(replayFile, sdkReplayProgram(plan, { preamble: floorScript(DEFER, modules), resolve: (s) => require.resolve(s), stackTracesModule: STACK_TRACES, classAliasesModule: CLASS_ALIASES }));
            }
            const { stdout } = await runOnce(job, work, job.key.startsWith("plan:") || job === scaled);
            if (job.key.startsWith("plan:") || job === scaled) {
                stats.set(job.key, graphStats(stdout));
            }
            if (job.key === `plan:${staging}`) {
                stagingPlan = stdout;
            }
        }
        const samples = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
        const cpuSamples = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
        for (let round = 0; round < runs; round++) {
            for (const job of interleave(jobs, round)) {
                const once = await runOnce(job, work);
                samples.get(job.key)?.push(once.ms);
                cpuSamples.get(job.key)?.push(once.cpuMs);
            }
            log(`round ${round + 1}/${runs}: ${jobs.map((j) => `${j.key} ${Math.round(samples.get(j.key)?.at(-1) ?? 0)} ms`).join(", ")}`);
        }
        const med = (key: string): number => Math.round(median(samples.get(key) ?? []));
        const cpu = (key: string): number => Math.round(median(cpuSamples.get(key) ?? []));
        const floorMs = med("floor");
        const floorCpuMs = cpu("floor");
        const npmStartMs = values["no-npm"] ? undefined : med("npm-noop") - med("node-noop");
        const feasible = feasibility({ floorMs, target: PLAN_TARGET, replayMs: med("replay"), resources: replayed, ...(npmStartMs === undefined ? {} : { npmStartMs }) });
        // The JSON carries the numbers; the lines are printed below.
        const { lines: _lines, ...feasibleNumbers } = feasible;
        const result = {
            floorMs,
            floorCpuMs,
            floorModules: modules.length,
            loadAverage: os.loadavg()[0] ?? 0,
            stacks: Object.fromEntries(
                stacks.map((s) => {
                    const planMs = med(`plan:${s}`);
                    const planCpuMs = cpu(`plan:${s}`);
                    const g = stats.get(`plan:${s}`);
                    return [
                        s,
                        { planMs, ratio: ratio(planMs, floorMs), planCpuMs, cpuRatio: ratio(planCpuMs, floorCpuMs), criticalPath: g?.criticalPath ?? 0, independent: g?.independent ?? 0 },
                    ];
                }),
            ),
            ...(values["no-npm"] ? {} : { npmPlan: { ms: med("npm"), ratio: ratio(med("npm"), floorMs), cpuMs: cpu("npm"), cpuRatio: ratio(cpu("npm"), floorCpuMs) } }),
            sdkReplay: { stack: staging, resources: replayed, ms: med("replay"), ratio: ratio(med("replay"), floorMs), cpuMs: cpu("replay"), cpuRatio: ratio(cpu("replay"), floorCpuMs) },
            ...(npmStartMs === undefined ? {} : { npmStart: { ms: npmStartMs, npmNoopMs: med("npm-noop"), nodeNoopMs: med("node-noop") } }),
            feasibility: { target: PLAN_TARGET, ...feasibleNumbers },
            scaling: {
                factor: FACTOR,
                baseMs: med(`plan:${staging}`),
                scaledMs: med("scaled"),
                ratio: ratio(med("scaled"), med(`plan:${staging}`)),
                cpuRatio: ratio(cpu("scaled"), cpu(`plan:${staging}`)),
            },
        };
        if (values.json) {
            io.stdout.write(`${JSON.stringify(result)}\n`);
            return 0;
        }
        const verdict = (ok: boolean): string => (ok ? "PASS" : "FAIL");
        const row = (label: string, ms: number, cpuMs: number, rest = ""): string =>
            `  ${label.padEnd(56)} ${String(ms).padStart(6)} ms ${String(cpuMs).padStart(6)} ms${rest}`;
        const cpuNote = (r: number): string => `; CPU ${r.toFixed(2)}×`;
        const lines = [
            "",
            `Offline plan benchmark (median of ${runs} interleaved runs after a warm-up; ${os.cpus().length} CPUs, Node ${process.version}, load average ${os
                .loadavg()
                .map((l) => l.toFixed(2))
                .join(" ")})`,
            `  ${"".padEnd(56)}   wall       CPU (user + system, all its Node processes: what a loaded machine does not inflate)`,
            row(`floor: node loading the plan's ${modules.length} node_modules files`, floorMs, floorCpuMs),
            row(
                `SDK replay: floor + Pulumi's SDK, ${staging}'s ${replayed} resources`,
                result.sdkReplay.ms,
                result.sdkReplay.cpuMs,
                `  ${result.sdkReplay.ratio.toFixed(2)}× the floor${cpuNote(result.sdkReplay.cpuRatio)}`,
            ),
        ];
        for (const s of stacks) {
            const r = result.stacks[s] as { planMs: number; ratio: number; planCpuMs: number; cpuRatio: number };
            lines.push(row(`plan + policies, ${s}`, r.planMs, r.planCpuMs, `  ${r.ratio.toFixed(2)}× the floor${cpuNote(r.cpuRatio)}  ${verdict(r.ratio <= PLAN_TARGET)} (target ≤ ${PLAN_TARGET}×)`));
        }
        if (result.npmPlan) {
            const r = result.npmPlan;
            lines.push(row(`npm run plan -- --stack ${staging} --json`, r.ms, r.cpuMs, `  ${r.ratio.toFixed(2)}× the floor${cpuNote(r.cpuRatio)}  ${verdict(r.ratio <= PLAN_TARGET)} (target ≤ ${PLAN_TARGET}×)`));
        }
        if (result.npmStart) {
            const n = result.npmStart;
            lines.push(
                row("node -e 0", n.nodeNoopMs, cpu("node-noop")),
                row("npm run --silent noop (temporary package: node -e 0)", n.npmNoopMs, cpu("npm-noop"), `  npm's own start: ${n.ms} ms`),
            );
        }
        const sc = result.scaling;
        const scaledStats = stats.get("scaled");
        const scaledLabel = `${FACTOR}× secrets and variable groups (${scaledStats?.resources ?? "?"} vs ${stats.get(`plan:${staging}`)?.resources ?? "?"} resources)`;
        lines.push(
            row(scaledLabel, sc.scaledMs, cpu("scaled"), `  ${sc.ratio.toFixed(2)}× ${staging}${cpuNote(sc.cpuRatio)}  ${verdict(sc.ratio <= SCALING_TARGET)} (target ≤ ${SCALING_TARGET}×)`),
            "",
            `SDK replay: the floor + Pulumi's SDK registering the same ${replayed} resources as the ${staging} plan under its own mocks, no program logic`,
            "  (tools/bench/sdkReplay.ts: each resource through its SDK class with the plan's inputs, parent, dependencies, provider and options).",
            ...(result.npmStart ? ["npm's own start: median(npm run --silent noop) − median(node -e 0)."] : []),
            "",
            `Feasibility of the ≤ ${PLAN_TARGET}× plan target (this run's medians)`,
            ...feasible.lines.map((l) => `  ${l}`),
            "",
            "Dependency graph (longest chain: resources that must be created one after another; independent: wait on nothing)",
        );
        for (const [key, g] of [...stats.entries()]) {
            const label = key === "scaled" ? `${staging} ×${FACTOR}` : key.replace(/^plan:/, "");
            lines.push(`  ${label.padEnd(14)} ${String(g.resources).padStart(4)} resources, longest chain ${g.criticalPath}, independent ${g.independent}`);
            lines.push(`    ${g.chain.join(" → ")}`);
        }
        io.stdout.write(`${lines.join("\n")}\n`);
        return 0;
    } finally {
        cleanup();
    }
}

/** `npm run bench`: see the header. */
export const run: Cli = async (argv, io) => {
    try {
        return await bench(argv, io);
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
};

if (require.main === module) {
    main(run);
}
