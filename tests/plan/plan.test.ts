import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanDocument } from "../../tools/plan/render";
import { foreignProgram, planJson, programWithStack, runPlan, shippedConfig } from "./planCli";

function ofType(plan: PlanDocument, type: string): PlanDocument["resources"][number][] {
    return plan.resources.filter((r) => r.type === type);
}

describe("offline plan (npm run plan)", function () {
    this.timeout(120_000);

    for (const stack of ["staging", "production"]) {
        describe(`shipped stack ${stack}`, () => {
            let run: Awaited<ReturnType<typeof runPlan>>;
            let plan: PlanDocument;
            before(async () => {
                run = await runPlan(["--stack", stack, "--json"]);
                plan = JSON.parse(run.stdout) as PlanDocument;
            });

            it("exits 0 with no mandatory policy violation", async () => {
                assert.strictEqual(run.status, 0, run.stderr);
                assert.deepStrictEqual(
                    plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory"),
                    [],
                );
            });

            it("shows the vault, workspace, diagnostic setting, secrets and role assignments", async () => {
                assert.strictEqual(plan.project, "keyvault-devops");
                assert.strictEqual(plan.stack, stack);
                assert.strictEqual(ofType(plan, "azure-native:keyvault:Vault").length, 1);
                assert.strictEqual(ofType(plan, "azure-native:operationalinsights:Workspace").length, 1);
                const vaultId = ofType(plan, "azure-native:keyvault:Vault")[0]?.urn;
                assert.ok(vaultId);
                assert.strictEqual(
                    ofType(plan, "azure-native:monitor:DiagnosticSetting").filter((d) => d.dependencies.includes(vaultId)).length,
                    1,
                    "one diagnostic setting on the vault",
                );
                assert.deepStrictEqual(
                    ofType(plan, "azure-native:keyvault:Secret").map((s) => s.inputs.secretName).sort(),
                    ["api-signing-key", "db-password"],
                );
                const roles = ofType(plan, "azure-native:authorization:RoleAssignment");
                assert.ok(roles.some((r) => String(r.inputs.roleDefinitionId).endsWith("/4633458b-17de-408a-b874-0445c86b69e6")), "Key Vault Secrets User for the pipeline");
                const vault = ofType(plan, "azure-native:keyvault:Vault")[0];
                assert.strictEqual((vault?.inputs.properties as Record<string, unknown>).enableRbacAuthorization, true);
            });

            it("records parent and dependencies", async () => {
                const vault = ofType(plan, "azure-native:keyvault:Vault")[0];
                const setting = ofType(plan, "azure-native:monitor:DiagnosticSetting").find((d) => d.name === `${stack}-diagnostics-setting`);
                assert.ok(vault?.parent?.endsWith(`keyvault-devops:index:EnvironmentVault::${stack}`));
                assert.ok(setting?.dependencies.includes(vault?.urn ?? ""), "the diagnostic setting depends on the vault");
            });

            it("shows every secret value as [secret]", async () => {
                for (const secret of ofType(plan, "azure-native:keyvault:Secret")) {
                    assert.strictEqual((secret.inputs.properties as Record<string, unknown>).value, "[secret]");
                }
            });

            it("is byte-identical on a second run", async () => {
                const again = await runPlan(["--stack", stack, "--json"]);
                assert.strictEqual(again.stdout, run.stdout);
            });

            it("prints a readable tree and summary as text", async () => {
                const text = await runPlan(["--stack", stack]);
                assert.strictEqual(text.status, 0, text.stderr);
                assert.match(text.stdout, /azure-native:keyvault:Vault {2}\w+-vault/);
                assert.match(text.stdout, new RegExp(`Plan for keyvault-devops/${stack}: \\d+ resources to create`));
                assert.match(text.stdout, /properties\.value: \[secret\]/);
            });
        });
    }

    it("production adds the CanNotDelete lock and protect on the vault and workspace; staging has neither", async () => {
        const production = await planJson(["--stack", "production"]);
        const lock = ofType(production, "azure-native:authorization:ManagementLockByScope");
        assert.strictEqual(lock.length, 1);
        assert.strictEqual(lock[0]?.inputs.level, "CanNotDelete");
        assert.strictEqual(ofType(production, "azure-native:keyvault:Vault")[0]?.protect, true);
        assert.strictEqual(ofType(production, "azure-native:operationalinsights:Workspace")[0]?.protect, true);
        const staging = await planJson(["--stack", "staging"]);
        assert.strictEqual(ofType(staging, "azure-native:authorization:ManagementLockByScope").length, 0);
        assert.strictEqual(ofType(staging, "azure-native:keyvault:Vault")[0]?.protect, false);
    });

    it("never decrypts secure config: a config secret shows as [secret] and its ciphertext appears nowhere", async () => {
        const config = shippedConfig("staging");
        (config["keyvault-devops:secrets"] as unknown[]).push({ name: "smtp-password", source: "config" });
        config["keyvault-devops:secretValues"] = { "smtp-password": { secure: "v1:Zm9vYmFyLWNpcGhlcnRleHQ=" } };
        const dir = programWithStack("staging", config);
        const run = await runPlan(["--stack", "staging", "--program", dir, "--json"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(!run.stdout.includes("Zm9vYmFyLWNpcGhlcnRleHQ="));
        const plan = JSON.parse(run.stdout) as PlanDocument;
        const smtp = ofType(plan, "azure-native:keyvault:Secret").find((s) => s.inputs.secretName === "smtp-password");
        assert.strictEqual((smtp?.inputs.properties as Record<string, unknown>).value, "[secret]");
    });

    it("plans a stack whose alert webhook is `secure:` (as the README tells): a stand-in of the right shape, printed as [secret]", async () => {
        const config = shippedConfig("staging");
        config["keyvault-devops:rotation"] = {
            ...(config["keyvault-devops:rotation"] as Record<string, unknown>),
            alerts: { webhookUrl: { secure: "v1:d2ViaG9vay1jaXBoZXJ0ZXh0" } },
        };
        const dir = programWithStack("staging", config);
        const run = await runPlan(["--stack", "staging", "--program", dir, "--json"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(!run.stdout.includes("d2ViaG9vay1jaXBoZXJ0ZXh0") && !run.stdout.includes("offline-plan.invalid"), "neither the ciphertext nor the stand-in is printed");
        const plan = JSON.parse(run.stdout) as PlanDocument;
        const group = ofType(plan, "azure-native:monitor:ActionGroup")[0];
        assert.deepStrictEqual(group?.inputs.webhookReceivers, [{ name: "webhook", serviceUri: "[secret]", useCommonAlertSchema: true }]);
    });

    it("exits 2 on bad config, naming every bad key on stderr, and creates nothing", async () => {
        const config = shippedConfig("staging");
        config["keyvault-devops:vault"] = { sku: "gold", softDeleteRetentionDays: 3, network: { ipRules: ["10.0.0.0/8"] } };
        config["keyvault-devops:secrets"] = [{ name: "Bad_Name", source: "generate" }];
        delete config["keyvault-devops:devops"];
        const dir = programWithStack("broken", config);
        const run = await runPlan(["--stack", "broken", "--program", dir, "--json"]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "", "no plan is printed");
        for (const key of ["`vault.sku`", "`vault.softDeleteRetentionDays`", "`vault.network.ipRules[0]`", "`secrets[0].name`"]) {
            assert.ok(run.stderr.includes(key), `stderr names ${key}:\n${run.stderr}`);
        }
        assert.match(run.stderr, /^error: Invalid config in Pulumi\.broken\.yaml \(4 problems\):/);
        assert.ok(!/\n\s+at /.test(run.stderr), "no stack trace for a user's mistake");
    });

    it("exits 2 for an unknown stack, listing the stacks there are", async () => {
        const run = await runPlan(["--stack", "nope"]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /no stack file Pulumi\.nope\.yaml .*stacks here: production, staging/);
    });

    it("exits 2 without --stack, with the usage", async () => {
        const run = await runPlan([]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /`--stack` is required/);
        assert.match(run.stderr, /Usage: npm run plan/);
    });

    it("writes the JSON plan to --out", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kv-out-")), "plans", "staging.json");
        const run = await runPlan(["--stack", "staging", "--out", out]);
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument;
        assert.strictEqual(plan.stack, "staging");
        assert.match(run.stdout, /Plan for keyvault-devops\/staging/);
    });

    it("plans another TypeScript program with --program DIR, with its own config", async () => {
        const dir = foreignProgram(
            "other-app",
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as resources from "@pulumi/azure-native/resources";',
                "const cfg = new pulumi.Config();",
                'const rg = new resources.ResourceGroup(`${cfg.require("prefix")}-rg`, { location: "westeurope" });',
                "export const rgName = rg.name;",
                'export const token = cfg.requireSecret("token");',
                "",
            ].join("\n"),
            "config:\n  other-app:prefix: demo\n  other-app:token:\n    secure: v1:c2VjcmV0\n",
        );
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = JSON.parse(run.stdout) as PlanDocument;
        assert.strictEqual(plan.project, "other-app");
        assert.deepStrictEqual(plan.resources.map((r) => r.type), ["pulumi:pulumi:Stack", "azure-native:resources:ResourceGroup"]);
        assert.strictEqual(plan.resources[1]?.name, "demo-rg");
        assert.strictEqual(plan.outputs.token, "[secret]");
        assert.ok(!run.stdout.includes("c2VjcmV0"));
    });

    it("keeps a secret input secret in the resource's outputs and what the program reads from them, at any depth", async () => {
        const dir = foreignProgram(
            "nested-secret",
            [
                'import * as pulumi from "@pulumi/pulumi";',
                'import * as resources from "@pulumi/azure-native/resources";',
                'const rg = new resources.ResourceGroup("demo-rg", { location: "westeurope", tags: { zeta: "plain", alpha: pulumi.secret("hush-hush") } });',
                "export const tags = rg.tags;",
                "export const location = rg.location;",
                "",
            ].join("\n"),
            "config: {}\n",
        );
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const plan = JSON.parse(run.stdout) as PlanDocument;
        const rg = plan.resources.find((r) => r.type === "azure-native:resources:ResourceGroup");
        // The SDK makes the whole property secret when any part of it is (its serialized state of the input).
        assert.strictEqual(rg?.outputs?.tags, "[secret]");
        assert.deepStrictEqual(rg?.inputs.tags, { alpha: "[secret]", zeta: "plain" });
        // Keys in sorted order, as the engine's protobuf Struct hands them over.
        assert.deepStrictEqual(Object.keys(rg?.outputs ?? {}), Object.keys(rg?.outputs ?? {}).sort());
        assert.strictEqual(plan.outputs.tags, "[secret]", "an output read from a secret-carrying property is secret");
        assert.strictEqual(plan.outputs.location, "westeurope");
        assert.ok(!run.stdout.includes("hush-hush"));
    });

    it("exits 2 when another program throws", async () => {
        const dir = foreignProgram("thrower", 'throw new Error("boom in program");\n');
        const run = await runPlan(["--stack", "dev", "--program", dir]);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /boom in program/);
    });
});
