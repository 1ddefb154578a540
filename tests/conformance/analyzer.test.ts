// Conformance: the offline gate's in-process runner reports the same violations (policy, enforcement level, URN) as
// the real @pulumi/policy analyzer server, started from the compiled pack and driven over gRPC the way the Pulumi
// CLI drives it (./analyzerHost.ts), for both shipped stacks and a corpus of rule-breaking programs (./corpus.ts),
// under both shipped pack configs and a config with an RE2-only pattern and entries the CLI ignores.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { evaluateProgram } from "../../tools/plan/evaluate";
import type { PlannedResource } from "../../tools/plan/types";
import { loadPolicyConfig, PolicyPackConfig } from "../../tools/policy-runner/packConfig";
import { runPolicies } from "../../tools/policy-runner/runPolicies";
import { REPO_ROOT } from "../helpers/pulumi";
// Shipped stacks are evaluated once per process, shared read-only (see the module).
import "../helpers/sharedEvaluation";
import { analyzeLikeTheCli, PolicyPackServer } from "./analyzerHost";
import { CORPUS, writeProgram } from "./corpus";

const POLICIES_DIR = path.join(REPO_ROOT, "policies");

interface Program {
    readonly label: string;
    readonly project: string;
    readonly stack: string;
    readonly resources: PlannedResource[];
}

/** A config the CLI accepts: RE2-only syntax in a regex option, an unknown policy with a level, an unknown option. */
const RE2_CONFIG: PolicyPackConfig = {
    all: "mandatory",
    "keyvault-premium-sku-production": "disabled",
    "keyvault-secret-name-convention": { pattern: "(?i)^[a-z]+(-[a-z]+)*$", caseInsensitive: true },
    "keyvault-secret-max-validity": { maxValidityDays: 30 },
    "no-such-policy": "advisory",
};

const CONFIGS: ReadonlyArray<readonly [string, () => PolicyPackConfig]> = [
    ["policies/config.staging.json", () => loadPolicyConfig(path.join(POLICIES_DIR, "config.staging.json"))],
    ["policies/config.production.json", () => loadPolicyConfig(path.join(POLICIES_DIR, "config.production.json"))],
    ["an RE2 pattern and entries the CLI ignores", () => RE2_CONFIG],
];

type Key = string;
const key = (v: { policy: string; enforcementLevel: string; urn?: string }): Key => `${v.enforcementLevel}  ${v.policy}  ${v.urn ?? "(stack)"}`;
const keys = (vs: ReadonlyArray<{ policy: string; enforcementLevel: string; urn?: string }>): Key[] => vs.map(key).sort();

describe("conformance: offline runner vs the @pulumi/policy analyzer over gRPC", function () {
    this.timeout(240_000);
    const programs: Program[] = [];
    const dirs: string[] = [];

    before(async () => {
        assert.ok(fs.existsSync(path.join(POLICIES_DIR, "bin", "index.js")), "the pack is compiled (npx tsc -b)");
        for (const stack of ["staging", "production"]) {
            const evaluated = await evaluateProgram(REPO_ROOT, stack);
            programs.push({ label: `shipped stack ${stack}`, project: evaluated.project, stack, resources: evaluated.resources });
        }
        for (const program of CORPUS) {
            const dir = writeProgram(program);
            dirs.push(dir);
            const evaluated = await evaluateProgram(dir, "dev", { firstPreview: program.firstPreview === true });
            programs.push({ label: program.name, project: evaluated.project, stack: "dev", resources: evaluated.resources });
        }
    });

    after(() => {
        for (const dir of dirs) {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    for (const [label, configOf] of CONFIGS) {
        describe(`pack config: ${label}`, () => {
            let server: PolicyPackServer | undefined;
            const results = new Map<string, { runner: Key[]; analyzer: Key[] }>();

            before(async () => {
                server = await PolicyPackServer.start(POLICIES_DIR, { project: "keyvault-devops", stack: "staging" });
                const config = configOf();
                for (const program of programs) {
                    await server.configureStack(program.project, program.stack);
                    const analyzer = await analyzeLikeTheCli(server, program.resources, config);
                    const runner = await runPolicies(program.resources, config);
                    results.set(program.label, { runner: keys(runner), analyzer: keys(analyzer) });
                }
            });

            after(async () => {
                await server?.stop();
                assert.equal(server?.running, false, "the pack's process is gone");
            });

            it("the pack answers as the CLI expects: Handshake is optional, GetAnalyzerInfo lists every policy with config support", async () => {
                assert.ok(server);
                assert.ok(["ok", "unimplemented"].includes(await server.handshake(POLICIES_DIR)));
                const info = await server.info();
                assert.equal(info.name, "keyvault-devops");
                assert.equal(info.supportsConfig, true);
                const { allPolicies } = await import("keyvault-devops-policies/bin/policyList");
                assert.deepEqual(info.policies.map((p) => p.name), allPolicies.map((p) => p.name));
            });

            for (const name of ["shipped stack staging", "shipped stack production", ...CORPUS.map((p) => p.name)]) {
                it(`${name}: the same violations (policy, enforcement level, URN)`, () => {
                    const r = results.get(name);
                    assert.ok(r, `evaluated ${name}`);
                    assert.deepEqual(r.runner, r.analyzer);
                    if (process.env.CONFORMANCE_VERBOSE) {
                        process.stdout.write(`${r.analyzer.map((k) => `        ${k}`).join("\n")}\n`);
                    }
                    // The plaintext-value program breaks no rule of the pack: the gate's own check reports it (plan tests).
                    if (!name.startsWith("shipped") && name !== "plaintext-secret-value") {
                        assert.ok(r.analyzer.some((k) => k.startsWith("mandatory")), "a corpus program breaks a mandatory rule");
                    }
                });
            }
        });
    }

    it("the corpus breaks rules: values hidden in secrets are seen (2 mandatory on the secret under production, the naming convention advisory)", async () => {
        const hidden = programs.find((p) => p.label === "hidden-in-secrets");
        assert.ok(hidden);
        const violations = await runPolicies(hidden.resources, loadPolicyConfig(path.join(POLICIES_DIR, "config.production.json")));
        const onSecret = violations.filter((v) => v.urn?.endsWith("::db-password") && v.enforcementLevel === "mandatory").map((v) => v.policy);
        assert.deepEqual(onSecret.sort(), ["keyvault-secret-content-type", "keyvault-secret-expiry"]);
        // Production keeps the naming convention advisory (issue 16: a team's convention, e.g. PascalCase names of an adopted vault).
        assert.ok(violations.some((v) => v.urn?.endsWith("::db-password") && v.policy === "keyvault-secret-name-convention" && v.enforcementLevel === "advisory"));
        const onGroup = violations.filter((v) => v.urn?.endsWith("::pipeline-vars")).map((v) => v.policy);
        assert.ok(onGroup.includes("variable-group-secrets-keyvault-linked"), onGroup.join(", "));
        const onVault = violations.filter((v) => v.urn?.endsWith("::vault")).map((v) => v.policy);
        assert.ok(onVault.includes("keyvault-rbac-authorization") && onVault.includes("keyvault-purge-protection"), onVault.join(", "));
        for (const v of violations) {
            assert.ok(!v.message.includes("hunter2-hidden-value") && !v.message.includes("group-hidden-value"), v.message);
        }
    });

    it("the corpus has unknowns as in a first preview", () => {
        const preview = programs.find((p) => p.label === "first-preview");
        assert.ok(preview);
        const vault = preview.resources.find((r) => r.type === "azure-native:keyvault:Vault");
        assert.equal(vault?.inputs.resourceGroupName, "[unknown]");
    });
});
