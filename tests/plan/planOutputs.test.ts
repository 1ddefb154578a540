import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { PlanDocument } from "../../tools/plan/render";
import { REPO_ROOT } from "../helpers/pulumi";
import { foreignProgram, runPlan } from "./planCli";

/** Runs the plan CLI with a preload that writes, at exit, every module file the process loaded. */
function loadedModules(args: readonly string[], env: Record<string, string> = {}): { status: number | null; modules: string[]; stderr: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-loaded-"));
    const preload = path.join(dir, "record.js");
    const out = path.join(dir, "modules.txt");
    fs.writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, Object.keys(require.cache).join("\\n")));\n`);
    const r = spawnSync(process.execPath, ["-r", preload, path.join(REPO_ROOT, "dist", "tools", "cli", "plan.js"), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        env: { ...process.env, ...env },
    });
    return { status: r.status, modules: fs.existsSync(out) ? fs.readFileSync(out, "utf8").split("\n") : [], stderr: r.stderr };
}

const CLOSURE_ONLY = [`${path.sep}node_modules${path.sep}typescript${path.sep}`, `${path.sep}@npmcli${path.sep}arborist${path.sep}`];

describe("offline plan: what it loads and prints", function () {
    this.timeout(120_000);

    it("does not load Pulumi's closure serializer (TypeScript, arborist) unless asked to (PLAN_EAGER_SDK=1)", async () => {
        const lazy = loadedModules(["--stack", "staging", "--json"]);
        assert.strictEqual(lazy.status, 0, lazy.stderr);
        assert.ok(lazy.modules.some((m) => m.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)), "the SDK is loaded");
        for (const marker of CLOSURE_ONLY) {
            assert.deepStrictEqual(lazy.modules.filter((m) => m.includes(marker)).slice(0, 3), [], `nothing under ${marker}`);
        }
        // The control needs only the SDK loaded eagerly, not a second plan of the stack: a one-line program in plain
        // JavaScript (not TypeScript, whose ts-node would load TypeScript whatever the SDK does), without the pack.
        const tiny = fs.mkdtempSync(path.join(os.tmpdir(), "kv-eager-"));
        fs.writeFileSync(path.join(tiny, "Pulumi.yaml"), "name: eager-app\nruntime: nodejs\nmain: index.js\n");
        fs.writeFileSync(path.join(tiny, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(tiny, "index.js"), "exports.x = 1;\n");
        let eager: ReturnType<typeof loadedModules>;
        try {
            eager = loadedModules(["--stack", "dev", "--program", tiny, "--json", "--no-policies"], { PLAN_EAGER_SDK: "1" });
        } finally {
            fs.rmSync(tiny, { recursive: true, force: true });
        }
        assert.strictEqual(eager.status, 0, eager.stderr);
        assert.ok(eager.modules.some((m) => m.includes(`${path.sep}@pulumi${path.sep}pulumi${path.sep}`)), "the SDK is loaded");
        assert.ok(!eager.modules.some((m) => m.includes(`${path.sep}ts-node${path.sep}`)), "no ts-node: TypeScript can only come from the SDK");
        for (const marker of CLOSURE_ONLY) {
            assert.ok(eager.modules.some((m) => m.includes(marker)), `the eager SDK loads ${marker}: the check above is meaningful`);
        }
    });

    it("still serializes a function when a program asks for one (the serializer loads on first use)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-closure-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: closure-app\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "closure-app", "version": "1.0.0" }\n');
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'export const serialized = pulumi.runtime.serializeFunction(() => 40 + 2).then((f) => f.text.includes("40 + 2"));',
                "export const codePaths = pulumi.runtime.computeCodePaths().then((m) => m instanceof Map);",
                "",
            ].join("\n"),
        );
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.deepStrictEqual((JSON.parse(run.stdout) as PlanDocument).outputs, { codePaths: true, serialized: true });
    });

    it("includes the preflight findings in the JSON plan and prints them after the summary", async () => {
        const json = await runPlan(["--stack", "staging", "--json"]);
        assert.strictEqual(json.status, 0, json.stderr);
        const plan = JSON.parse(json.stdout) as PlanDocument;
        assert.ok(Array.isArray(plan.preflight), "a `preflight` array");
        for (const f of plan.preflight ?? []) {
            assert.ok(["error", "warning", "info"].includes(f.severity) && f.check && f.path && f.found && f.expected && f.fix && f.why, JSON.stringify(f));
        }
        const text = await runPlan(["--stack", "staging"]);
        assert.strictEqual(text.status, 0, text.stderr);
        const errors = (plan.preflight ?? []).filter((f) => f.severity === "error").length;
        assert.match(text.stdout, new RegExp(`\\nPolicies: no violations\\nDeployability: no findings\\n\\nPreflight for keyvault-devops/staging: ${errors} errors?, `));
    });

    it("evaluates without stack traces (Error.stackTraceLimit = 0), byte-identical to a plan with them (PLAN_STACK_TRACES=1)", async () => {
        const withTraces = async (args: readonly string[]): Promise<Awaited<ReturnType<typeof runPlan>>> => {
            process.env.PLAN_STACK_TRACES = "1";
            try {
                return await runPlan(args);
            } finally {
                delete process.env.PLAN_STACK_TRACES;
            }
        };
        const limitBefore = Error.stackTraceLimit;
        // Resource source positions too: Pulumi's Resource.callsites() lifts the limit itself (tools/plan/stackTraces.ts).
        const dir = foreignProgram(
            "traces-app",
            'import * as pulumi from "@pulumi/pulumi";\nexport const limit = String(Error.stackTraceLimit);\nexport const frames = (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites().length > 0;\n',
        );
        const callsitesBefore = (pulumi.Resource as unknown as { callsites: unknown }).callsites;
        try {
            const fast = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
            assert.strictEqual(fast.status, 0, fast.stderr);
            assert.deepStrictEqual((JSON.parse(fast.stdout) as PlanDocument).outputs, { limit: "0", frames: false });
            const kept = await withTraces(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
            assert.deepStrictEqual((JSON.parse(kept.stdout) as PlanDocument).outputs, { limit: String(limitBefore), frames: true });
            assert.strictEqual(Error.stackTraceLimit, limitBefore, "restored after evaluation");
            assert.strictEqual((pulumi.Resource as unknown as { callsites: unknown }).callsites, callsitesBefore, "Resource.callsites restored after evaluation");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
        for (const [stack, formats] of [["staging", ["json", "text", "markdown"]], ["production", ["json"]]] as const) {
            for (const format of formats) {
                const a = await runPlan(["--stack", stack, "--format", format]);
                const b = await withTraces(["--stack", stack, "--format", format]);
                assert.strictEqual(a.stdout, b.stdout, `${stack} ${format}`);
                assert.strictEqual(a.stderr, b.stderr);
                assert.strictEqual(a.status, b.status);
            }
        }
    });

    it("has no preflight for another program", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-other-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: other-app\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(dir, "index.ts"), "export const x = 1;\n");
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(!("preflight" in (JSON.parse(run.stdout) as object)));
        assert.strictEqual(run.stderr, "");
    });
});
