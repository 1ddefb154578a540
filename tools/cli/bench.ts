/*
 * `npm run bench [-- --json] [-- --runs N]`: how the offline plan's cost compares with what cannot be avoided, in
 * one run, every measurement repeated (median) after a warm-up, interleaved so machine noise hits all alike:
 *   (a) the floor (a fresh `node` loading exactly the SDK modules the compiled program requires) against the plan
 *       plus policy check of each shipped stack (`node dist/tools/cli/plan.js --stack <s> --json`);
 *   (b) a synthetic stack with 10× the secrets and variable groups of staging against staging;
 *   (c) per plan, the longest dependency chain (a proxy for `pulumi up`'s critical path) and how many resources
 *       wait on nothing.
 * Targets: plan ≤ 1.3× the floor, 10× the work ≤ 2× the time. Prints PASS/FAIL per target; always exits 0 unless
 * it cannot measure (a plan that fails with exit 2, bad arguments).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import * as YAML from "yaml";
import { independentCount, interleave, longestChain, median, multiplyStack, ratio, requiredPackages } from "../bench/bench";
import { PlanDocument } from "../plan/render";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const PLAN_CLI = path.join(ROOT, "dist", "tools", "cli", "plan.js");
const PLAN_TARGET = 1.3;
const SCALING_TARGET = 2;
const FACTOR = 10;

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
 * The packages the compiled program requires: from its entry, following its own relative requires (not into
 * node_modules), collecting every bare specifier that is not a Node builtin.
 */
function programPackages(entry: string): string[] {
    const seen = new Set<string>();
    const packages = new Set<string>();
    const queue = [entry];
    while (queue.length > 0) {
        const file = queue.shift() as string;
        if (seen.has(file)) {
            continue;
        }
        seen.add(file);
        const { packages: pkgs, relative } = requiredPackages(fs.readFileSync(file, "utf8"));
        pkgs.forEach((p) => packages.add(p));
        for (const rel of relative) {
            const resolved = require.resolve(path.resolve(path.dirname(file), rel));
            if (!resolved.includes(`${path.sep}node_modules${path.sep}`)) {
                queue.push(resolved);
            }
        }
    }
    return [...packages].sort();
}

/** A temporary program: this project's compiled program with a stack file holding `config`. */
function syntheticProgram(project: ProjectFile, stack: string, config: Record<string, unknown>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-bench-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify({ ...project, main: path.resolve(ROOT, project.main ?? "dist/index.js") }));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), YAML.stringify({ config }));
    return dir;
}

interface Job {
    readonly key: string;
    readonly args: readonly string[];
    /** Exit codes that mean "measured fine" (the plan exits 1 on mandatory violations: still a full plan). */
    readonly okCodes: readonly number[];
}

/** Runs a job once; returns wall milliseconds (and stdout when asked). Throws when it fails. */
function runOnce(job: Job, keepOutput = false): { ms: number; stdout: string } {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, job.args, {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", keepOutput ? "pipe" : "ignore", "pipe"],
        maxBuffer: 256 * 1024 * 1024,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status === null || !job.okCodes.includes(r.status)) {
        throw new Error(`${job.key}: \`node ${job.args.join(" ")}\` exited ${r.status ?? r.signal}:\n${(r.stderr ?? "").trim()}`);
    }
    return { ms, stdout: keepOutput ? r.stdout : "" };
}

function graphStats(stdout: string): { criticalPath: number; chain: string[]; independent: number; resources: number } {
    const plan = JSON.parse(stdout) as PlanDocument;
    const chain = longestChain(plan.resources);
    return { criticalPath: chain.length, chain: chain.chain, independent: independentCount(plan.resources), resources: plan.resources.length };
}

function main(): void {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: { json: { type: "boolean", default: false }, runs: { type: "string", default: "5" } },
        strict: true,
    });
    const runs = Number(values.runs);
    if (!Number.isInteger(runs) || runs < 1) {
        throw new Error(`--runs must be a positive whole number (found: ${values.runs})`);
    }
    const log = values.json ? (): void => undefined : (line: string): void => void process.stderr.write(`${line}\n`);

    const project = readProject();
    const entry = require.resolve(path.resolve(ROOT, project.main ?? "dist/index.js"));
    const modules = programPackages(entry);
    const stacks = shippedStacks();
    const staging = stacks.includes("staging") ? "staging" : (stacks[0] as string);
    const stagingConfig = (YAML.parse(fs.readFileSync(path.join(ROOT, `Pulumi.${staging}.yaml`), "utf8")) as { config: Record<string, unknown> }).config;
    const tenfoldDir = syntheticProgram(project, staging, multiplyStack(stagingConfig, project.name, FACTOR));

    const floor: Job = { key: "floor", args: ["-e", `for (const m of ${JSON.stringify(modules)}) require(m);`], okCodes: [0] };
    const plans: Job[] = stacks.map((s) => ({ key: `plan:${s}`, args: [PLAN_CLI, "--stack", s, "--json"], okCodes: [0, 1] }));
    const tenfold: Job = { key: "tenfold", args: [PLAN_CLI, "--stack", staging, "--json", "--program", tenfoldDir], okCodes: [0, 1] };
    const jobs = [floor, ...plans, tenfold];

    try {
        log(`floor modules (from ${path.relative(ROOT, entry)}'s requires): ${modules.join(", ")}`);
        // Warm-up (file cache, lazily compiled code): one of each, keeping the plans' output for the graph measures.
        const stats = new Map<string, ReturnType<typeof graphStats>>();
        for (const job of jobs) {
            const { stdout } = runOnce(job, job !== floor);
            if (job !== floor) {
                stats.set(job.key, graphStats(stdout));
            }
        }
        const samples = new Map<string, number[]>(jobs.map((j) => [j.key, []]));
        for (let round = 0; round < runs; round++) {
            for (const job of interleave(jobs, round)) {
                samples.get(job.key)?.push(runOnce(job).ms);
            }
            log(`round ${round + 1}/${runs}: ${jobs.map((j) => `${j.key} ${Math.round(samples.get(j.key)?.at(-1) ?? 0)} ms`).join(", ")}`);
        }
        const med = (key: string): number => Math.round(median(samples.get(key) ?? []));
        const floorMs = med("floor");
        const result = {
            floorMs,
            stacks: Object.fromEntries(
                stacks.map((s) => {
                    const planMs = med(`plan:${s}`);
                    const g = stats.get(`plan:${s}`);
                    return [s, { planMs, ratio: ratio(planMs, floorMs), criticalPath: g?.criticalPath ?? 0, independent: g?.independent ?? 0 }];
                }),
            ),
            scaling: { baseMs: med(`plan:${staging}`), tenfoldMs: med("tenfold"), ratio: ratio(med("tenfold"), med(`plan:${staging}`)) },
        };
        if (values.json) {
            process.stdout.write(`${JSON.stringify(result)}\n`);
            return;
        }
        const verdict = (ok: boolean): string => (ok ? "PASS" : "FAIL");
        const row = (label: string, ms: number, rest = ""): string => `  ${label.padEnd(52)} ${String(ms).padStart(6)} ms${rest}`;
        const lines = [
            "",
            `Offline plan benchmark (median of ${runs} interleaved runs after a warm-up; ${os.cpus().length} CPUs, Node ${process.version})`,
            row(`floor: node loading the program's ${modules.length} SDK modules`, floorMs),
        ];
        for (const s of stacks) {
            const r = result.stacks[s] as { planMs: number; ratio: number };
            lines.push(row(`plan + policies, ${s}`, r.planMs, `  ${r.ratio.toFixed(2)}× the floor  ${verdict(r.ratio <= PLAN_TARGET)} (target ≤ ${PLAN_TARGET}×)`));
        }
        const sc = result.scaling;
        const tenStats = stats.get("tenfold");
        const tenLabel = `${FACTOR}× secrets and variable groups (${tenStats?.resources ?? "?"} vs ${stats.get(`plan:${staging}`)?.resources ?? "?"} resources)`;
        lines.push(
            row(tenLabel, sc.tenfoldMs, `  ${sc.ratio.toFixed(2)}× ${staging}  ${verdict(sc.ratio <= SCALING_TARGET)} (target ≤ ${SCALING_TARGET}×)`),
            "",
            "Dependency graph (longest chain: resources that must be created one after another; independent: wait on nothing)",
        );
        for (const [key, g] of [...stats.entries()]) {
            const label = key === "tenfold" ? `${staging} ×${FACTOR}` : key.replace(/^plan:/, "");
            lines.push(`  ${label.padEnd(14)} ${String(g.resources).padStart(4)} resources, longest chain ${g.criticalPath}, independent ${g.independent}`);
            lines.push(`    ${g.chain.join(" → ")}`);
        }
        process.stdout.write(`${lines.join("\n")}\n`);
    } finally {
        fs.rmSync(tenfoldDir, { recursive: true, force: true });
    }
}

try {
    main();
} catch (err) {
    process.stderr.write(`error: ${(err as Error).message}\n`);
    process.exitCode = 2;
}
