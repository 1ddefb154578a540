import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { floorScript } from "../../tools/bench/bench";
import { feasibility } from "../../tools/bench/feasibility";
import { expectedPulumiType, providerUrn, REPLAY_RECORD_ENV, ReplayRecord, replayOrder, sdkClassFor, sdkReplayProgram } from "../../tools/bench/sdkReplay";
import { PlanDocument, PlanResource } from "../../tools/plan/render";
import { REPO_ROOT } from "../helpers/pulumi";
import { runPlan } from "../plan/planCli";

const SHIPPED = ["staging", "production"] as const;

describe("bench: SDK replay", () => {
    /** Each shipped stack's plan document, computed once for the file (the evaluation is shared: tests/helpers/sharedEvaluation.ts). */
    const plans = new Map<string, PlanDocument>();
    before(async function () {
        this.timeout(120000);
        for (const s of SHIPPED) {
            const run = await runPlan(["--stack", s, "--json"]);
            assert.ok(run.status === 0 || run.status === 1, `plan --stack ${s} exited ${run.status}: ${run.stderr}`);
            plans.set(s, JSON.parse(run.stdout) as PlanDocument);
        }
    });

    function plan(stack: string): PlanDocument {
        const p = plans.get(stack);
        assert.ok(p, `no plan for ${stack}`);
        return p;
    }

    describe("bench: SDK replay, the SDK class of a type token", () => {
        it("maps the tokens of each provider package to the module and export the project's program uses", () => {
            assert.deepStrictEqual(sdkClassFor("azure-native:keyvault:Vault"), { module: "@pulumi/azure-native/keyvault", exportName: "Vault" });
            assert.deepStrictEqual(sdkClassFor("azuredevops:index/variableGroup:VariableGroup"), { module: "@pulumi/azuredevops", exportName: "VariableGroup" });
            assert.deepStrictEqual(sdkClassFor("time:index/sleep:Sleep"), { module: "@pulumiverse/time", exportName: "Sleep" });
            assert.deepStrictEqual(sdkClassFor("random:index/randomPassword:RandomPassword"), { module: "@pulumi/random", exportName: "RandomPassword" });
            assert.deepStrictEqual(sdkClassFor("command:local:Command"), { module: "@pulumi/command/local", exportName: "Command" });
            assert.deepStrictEqual(sdkClassFor("azure:keyvault/certificate:Certificate"), { module: "@pulumi/azure/keyvault", exportName: "Certificate" });
            assert.deepStrictEqual(sdkClassFor("pulumi:providers:azuredevops"), { module: "@pulumi/azuredevops", exportName: "Provider" });
            assert.deepStrictEqual(sdkClassFor("pulumi:providers:azure"), { module: "@pulumi/azure/provider", exportName: "Provider" });
        });

        it("refuses azure-native's root, unknown packages and malformed tokens", () => {
            assert.throws(() => sdkClassFor("azure-native:index:Thing"), /^Error: azure-native:index:Thing would import @pulumi\/azure-native's root, which the project never imports$/);
            assert.throws(() => sdkClassFor("aws:s3:Bucket"), /^Error: no SDK package known for aws:s3:Bucket \(package aws\)$/);
            assert.throws(() => sdkClassFor("pulumi:providers:aws"), /^Error: no SDK package known for provider pulumi:providers:aws$/);
            assert.throws(() => sdkClassFor("azure-native:Vault"), /^Error: not a resource type token: azure-native:Vault$/);
        });

        it("resolves, for every custom resource type of both shipped stacks' plans, a class whose __pulumiType is that token", function () {
            this.timeout(60000);
            const types = new Set<string>();
            for (const s of SHIPPED) {
                for (const r of plan(s).resources) {
                    if (r.custom === true) {
                        types.add(r.type);
                    }
                }
            }
            assert.ok(types.size >= 30, `only ${types.size} custom types`);
            for (const t of [...types].sort()) {
                const c = sdkClassFor(t);
                assert.notStrictEqual(c.module, "@pulumi/azure-native", t);
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const cls = (require(c.module) as Record<string, { __pulumiType?: unknown } | undefined>)[c.exportName];
                assert.strictEqual(typeof cls, "function", `${t}: ${c.module} exports no ${c.exportName}`);
                assert.strictEqual(cls?.__pulumiType, expectedPulumiType(t), t);
            }
        });
    });

    describe("bench: SDK replay, construction order", () => {
        const STACK = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";
        const res = (name: string, extra: Partial<PlanResource> = {}): PlanResource => ({
            urn: `urn:pulumi:s::p::x:y:${name}::${name}`,
            type: `x:y:${name}`,
            name,
            parent: STACK,
            inputs: {},
            dependencies: [],
            protect: false,
            custom: true,
            ...extra,
        });
        const u = (name: string): string => `urn:pulumi:s::p::x:y:${name}::${name}`;
        // Listed as registrations complete: dependents first.
        const reversed: PlanResource[] = [
            { urn: STACK, type: "pulumi:pulumi:Stack", name: "p-s", inputs: {}, dependencies: [], protect: false, custom: false },
            res("group", { parent: u("comp"), dependencies: [u("secret")], options: { provider: `${u("prov")}::prov-id` } }),
            res("secret", { parent: u("comp"), dependencies: [u("vault"), u("elsewhere")] }),
            res("vault", { dependencies: [u("rg")] }),
            res("comp", { custom: false }),
            res("rg"),
            res("prov"),
        ];

        it("puts every resource after its parent, its dependencies and its provider, ties in the plan's order, without the stack", () => {
            assert.deepStrictEqual(
                replayOrder(reversed).map((r) => r.name),
                ["comp", "rg", "vault", "secret", "prov", "group"],
            );
        });

        it("throws on a cycle and on a parent or provider the plan does not hold", () => {
            assert.throws(() => replayOrder([res("a", { dependencies: [u("b")] }), res("b", { dependencies: [u("a")] })]), /^Error: no construction order: a cycle among a, b$/);
            assert.throws(() => replayOrder([res("a", { parent: u("gone") })]), /^Error: urn:pulumi:s::p::x:y:a::a: parent urn:pulumi:s::p::x:y:gone::gone is not in the plan$/);
            assert.throws(
                () => replayOrder([res("a", { options: { provider: `${u("gone")}::id` } })]),
                /^Error: urn:pulumi:s::p::x:y:a::a: provider urn:pulumi:s::p::x:y:gone::gone is not in the plan$/,
            );
        });

        it("takes the provider's URN from a provider reference", () => {
            assert.strictEqual(providerUrn("urn:pulumi:s::p::pulumi:providers:azure::prov::prov-id"), "urn:pulumi:s::p::pulumi:providers:azure::prov");
        });
    });

    describe("bench: SDK replay, the generated program", () => {
        it("starts with the floor's preamble verbatim", () => {
            const preamble = floorScript("/d/defer.js", ["/m/a.js", "/m/b.js"]);
            assert.strictEqual(preamble, 'require("/d/defer.js").deferClosureSerialization(process.env);\nfor (const f of ["/m/a.js","/m/b.js"]) require(f);\n');
            const source = sdkReplayProgram(plan("staging"), { preamble, resolve: (s) => `/resolved/${s}` });
            assert.strictEqual(source.split("\n").slice(1, 3).join("\n") + "\n", preamble);
            assert.ok(!source.includes('"/resolved/@pulumi/azure-native"'), "imports azure-native's root");
        });

        it("run as `node <file>`, registers exactly the plan's resources: types, names, parents, dependencies, providers, protect, aliases", function () {
            this.timeout(60000);
            const p = plan("staging");
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-replay-test-"));
            try {
                const file = path.join(dir, "replay.js");
                const recordFile = path.join(dir, "seen.json");
                // A small module list: only the SDK's root (the floor's list is hundreds of files).
                const preamble = floorScript(path.join(REPO_ROOT, "dist", "tools", "cli", "deferClosure.js"), [require.resolve("@pulumi/pulumi")]);
                fs.writeFileSync(file, sdkReplayProgram(p, {
                    preamble,
                    resolve: (s) => require.resolve(s),
                    stackTracesModule: path.join(REPO_ROOT, "dist", "tools", "plan", "stackTraces.js"),
                    classAliasesModule: path.join(REPO_ROOT, "dist", "tools", "plan", "classAliases.js"),
                }));
                const run = spawnSync(process.execPath, [file], { cwd: dir, encoding: "utf8", env: { ...process.env, [REPLAY_RECORD_ENV]: recordFile } });
                assert.strictEqual(run.status, 0, run.stderr);
                // MockMonitor keeps the root stack's type in its children's URNs; the plan, like the engine, does not.
                const engineUrn = (urn: string): string => urn.replace("::pulumi:pulumi:Stack$", "::");
                const seen = (JSON.parse(fs.readFileSync(recordFile, "utf8")) as ReplayRecord[])
                    .map((r) => ({
                        urn: engineUrn(r.urn),
                        parent: engineUrn(r.parent),
                        custom: r.custom,
                        dependencies: [...r.dependencies].map(engineUrn).sort(),
                        provider: r.provider ? engineUrn(providerUrn(r.provider)) : "",
                        protect: r.protect,
                        aliases: r.aliases,
                    }))
                    .sort((a, b) => a.urn.localeCompare(b.urn));
                const expected = p.resources
                    .map((r) => ({
                        urn: r.urn,
                        parent: r.parent ?? "",
                        custom: r.custom,
                        dependencies: [...r.dependencies].sort(),
                        provider: r.options?.provider ? providerUrn(r.options.provider) : "",
                        protect: r.protect,
                        aliases: r.options?.aliases?.length ?? 0,
                    }))
                    .sort((a, b) => a.urn.localeCompare(b.urn));
                assert.ok(expected.some((r) => r.aliases > 20), "the plan has resources with azure-native's class aliases");
                assert.ok(seen.length > 1, "the replay registered the plan's resources, not only the stack");
                assert.deepStrictEqual(seen, expected);
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });

    describe("bench: feasibility of the plan target", () => {
        it("says when neither plan nor npm run plan can reach the target (npm's start alone over the margin)", () => {
            const f = feasibility({ floorMs: 520, target: 1.5, replayMs: 1000, resources: 67, npmStartMs: 262 });
            assert.deepStrictEqual(f.lines, [
                "margin: the ≤ 1.5× target allows 0.5 × the floor (520 ms) = 260 ms over the floor",
                "plan: the SDK replay alone (67 resources, no program logic) needs 480 ms over the floor = 1.92× the floor, 185% of the margin: out of reach while the plan drives Pulumi's SDK as it does, whatever the program, the policies and the checks do",
                "npm run plan: npm's start alone (262 ms) is 101% of the margin (260 ms); with the SDK replay it needs 742 ms over the floor = 2.43× the floor: out of reach through `npm run`, whatever the plan does",
            ]);
            assert.deepStrictEqual(
                { ...f, lines: undefined },
                { marginMs: 260, replayExcessMs: 480, replayRatio: 1.92, planReachable: false, npmStartMs: 262, npmStartShareOfMargin: 101, npmPlanReachable: false, lines: undefined },
            );
        });

        it("says how much of the margin is left when the target is reachable", () => {
            const f = feasibility({ floorMs: 1000, target: 1.5, replayMs: 1200, resources: 10, npmStartMs: 100 });
            assert.deepStrictEqual(f.lines, [
                "margin: the ≤ 1.5× target allows 0.5 × the floor (1000 ms) = 500 ms over the floor",
                "plan: the SDK replay alone (10 resources, no program logic) needs 200 ms over the floor = 1.20× the floor, 40% of the margin: 300 ms of the margin left for the program, the policies and the checks",
                "npm run plan: npm's start alone (100 ms) is 20% of the margin (500 ms); with the SDK replay it needs 300 ms over the floor = 1.30× the floor: 200 ms of the margin left for the program, the policies and the checks",
            ]);
            assert.strictEqual(f.planReachable, true);
            assert.strictEqual(f.npmPlanReachable, true);
        });

        it("blames the SDK when npm's start fits but npm's start plus the replay does not", () => {
            const f = feasibility({ floorMs: 500, target: 1.5, replayMs: 700, resources: 67, npmStartMs: 100 });
            assert.strictEqual(
                f.lines[2],
                "npm run plan: npm's start alone (100 ms) is 40% of the margin (250 ms); with the SDK replay it needs 300 ms over the floor = 1.60× the floor: out of reach while the plan drives Pulumi's SDK as it does, whatever the program, the policies and the checks do",
            );
            assert.strictEqual(f.planReachable, true);
            assert.strictEqual(f.npmPlanReachable, false);
        });

        it("leaves the npm line and fields out when npm was not measured (--no-npm)", () => {
            const f = feasibility({ floorMs: 500, target: 1.5, replayMs: 900, resources: 67 });
            assert.strictEqual(f.lines.length, 2);
            assert.ok(!("npmStartMs" in f) && !("npmPlanReachable" in f) && !("npmStartShareOfMargin" in f));
            assert.strictEqual(f.planReachable, false);
        });
    });
});
