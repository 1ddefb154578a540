/*
 * One spawned smoke test per CLI: `node dist/tools/cli/<name>.js` as its npm script runs it, through the thin
 * `main` wrapper (arguments, streams, exit code). Everything else about the CLIs runs in-process through their
 * `run(argv, io)` (tests/plan, tests/diff, tests/preflight, tests/pipelines, tests/hostile) — here too, for each
 * CLI's second case: one spawn per CLI proves the wrapper; a second spawn would prove it again at ≈ 1 s of CPU
 * (pipelineVars loads the SDK to print its usage).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run as diff } from "../../tools/cli/diff";
import { run as pipelineVars } from "../../tools/cli/pipelineVars";
import { run as transpile } from "../../tools/cli/transpile";
import { PlanDocument } from "../../tools/plan/render";
import { runInProcess, runPlan, spawnCli } from "../plan/planCli";

describe("CLI smoke tests (spawned)", function () {
    this.timeout(120_000);
    let dir = "";
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-smoke-"));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("plan: prints the same JSON plan as run() in-process, exit 0", async () => {
        const spawned = spawnCli("plan", ["--stack", "staging", "--json"]);
        assert.strictEqual(spawned.status, 0, spawned.stderr);
        assert.strictEqual(spawned.stderr, "");
        const inProcess = await runPlan(["--stack", "staging", "--json"]);
        assert.strictEqual(spawned.stdout, inProcess.stdout);
        assert.strictEqual((JSON.parse(spawned.stdout) as PlanDocument).stack, "staging");
    });

    it("diff: no changes between a plan and itself, exit 0; a bad file, exit 2", async () => {
        const plan = path.join(dir, "plan.json");
        fs.writeFileSync(plan, JSON.stringify({ project: "p", stack: "s", resources: [], outputs: {} }));
        const same = spawnCli("diff", [plan, plan]);
        assert.strictEqual(same.status, 0, same.stderr);
        assert.match(same.stdout, /^Diff for p\/s against .*:\n {2}no changes\n/);
        const bad = await runInProcess(diff, [plan, path.join(dir, "missing.json")]);
        assert.strictEqual(bad.status, 2);
        assert.strictEqual(bad.stderr, `error: cannot read plan file ${path.join(dir, "missing.json")}: ENOENT\n`);
    });

    it("preflight: --no-plan on staging, exit 0, JSON findings", () => {
        const r = spawnCli("preflight", ["--stack", "staging", "--no-plan", "--json"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(Array.isArray(JSON.parse(r.stdout)));
    });

    it("pipelineVars: --help prints the usage, exit 0; an invalid stack name, exit 2", async () => {
        const help = spawnCli("pipelineVars", ["--help"]);
        assert.strictEqual(help.status, 0, help.stderr);
        assert.match(help.stdout, /^Usage: npm run pipeline-vars -- --stack <name>/);
        const bad = await runInProcess(pipelineVars, ["--stack", "../x"]);
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^error: `--stack` must be a Pulumi stack name/);
    });

    it("bench: bad --runs, exit 2 before measuring anything", () => {
        const r = spawnCli("bench", ["--runs", "0"]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stderr, "error: --runs must be a positive whole number (found: 0)\n");
    });

    it("resourceGraph: a file that does not exist, exit 2", () => {
        const r = spawnCli("resourceGraph", ["--check", "--file", path.join(dir, "NOPE.md")]);
        assert.strictEqual(r.status, 2);
        assert.strictEqual(r.stderr, `error: no ${path.join(dir, "NOPE.md")}\n`);
    });

    it("transpile: builds a project transpile-only into tsc's output paths, exit 0", async () => {
        const project = path.join(dir, "tp");
        fs.mkdirSync(path.join(project, "src"), { recursive: true });
        fs.writeFileSync(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { rootDir: ".", outDir: "out", module: "commonjs", target: "ES2022" }, include: ["src/**/*.ts"] }));
        fs.writeFileSync(path.join(project, "src", "a.ts"), "export const n: number = 41 + 1;\nconst wrong: string = 1 as unknown as string; // a type error: not checked\nexport { wrong };\n");
        const r = spawnCli("transpile", [project]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout, "1 files\n");
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.strictEqual((require(path.join(project, "out", "src", "a.js")) as { n: number }).n, 42);
        fs.writeFileSync(path.join(project, "src", "a.ts"), "export const = ;\n");
        const broken = await runInProcess(transpile, [project]);
        assert.strictEqual(broken.status, 2);
        assert.match(broken.stderr, /^error: .*a\.ts:\d+:\d+: /);
    });
});
