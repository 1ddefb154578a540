import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PlanDocument } from "../../tools/plan/render";
import { foreignProgram, programWithStack, runPlan, shippedConfig } from "./planCli";

type Violation = PlanDocument["policies"]["violations"][number];

function violations(run: Awaited<ReturnType<typeof runPlan>>): readonly Violation[] {
    return (JSON.parse(run.stdout) as PlanDocument).policies.violations;
}

/** The policy pack through the offline plan: a broken stack fails the PR with exit 1, naming what is wrong. */
describe("offline plan: policy gate", function () {
    this.timeout(120_000);

    it("fails a deliberately broken copy of the production stack with the expected mandatory violations", async () => {
        const config = shippedConfig("production");
        // Each change passes config validation but breaks a practice the pack enforces.
        config["keyvault-devops:rotation"] = { enabled: false };
        const secrets = config["keyvault-devops:secrets"] as Array<Record<string, unknown>>;
        for (const s of secrets) {
            delete s.rotation;
        }
        secrets.push({ name: "legacy-token", source: "generate", expiresInDays: 365 });
        (config["keyvault-devops:vault"] as Record<string, unknown>).softDeleteRetentionDays = 30;
        const dir = programWithStack("production", config);
        // --now: time resources are created, and validity measured, at the same pinned instant.
        const run = await runPlan(["--stack", "production", "--program", dir, "--json", "--now", "2026-11-29T12:00:00Z"]);
        assert.strictEqual(run.status, 1, run.stderr);
        const mandatory = violations(run).filter((v) => v.enforcementLevel === "mandatory");
        assert.deepStrictEqual([...new Set(mandatory.map((v) => v.policy))].sort(), [
            "keyvault-secret-max-validity",
            "keyvault-secret-rotation-events",
            "keyvault-soft-delete-retention",
        ]);
        const byPolicy = new Map(mandatory.map((v) => [v.policy, v]));
        assert.match(byPolicy.get("keyvault-secret-max-validity")?.message ?? "", /legacy-token.* must .*90 days.*\(found: 365/);
        assert.match(byPolicy.get("keyvault-soft-delete-retention")?.message ?? "", /\(found: 30\)/);
        assert.match(byPolicy.get("keyvault-secret-rotation-events")?.urn ?? "", /keyvault:Vault::production-vault$/);
    });

    it("reports the same change as advisory under the staging policy config, where a team may relax", async () => {
        const config = shippedConfig("staging");
        (config["keyvault-devops:secrets"] as Array<Record<string, unknown>>).push({ name: "legacy-token", source: "generate", expiresInDays: 365 });
        const dir = programWithStack("staging", config);
        const run = await runPlan(["--stack", "staging", "--program", dir, "--json"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const found = violations(run).filter((v) => v.policy === "keyvault-secret-max-validity");
        assert.strictEqual(found.length, 1);
        assert.strictEqual(found[0]?.enforcementLevel, "advisory");
    });

    it("gates any Pulumi TypeScript program with --program DIR, printing violations like pulumi preview", async () => {
        const dir = foreignProgram(
            "team-app",
            [
                'import * as keyvault from "@pulumi/azure-native/keyvault";',
                'new keyvault.Vault("shared-kv", {',
                '    resourceGroupName: "rg-team",',
                '    vaultName: "team-shared-kv",',
                "    properties: {",
                '        tenantId: "11111111-1111-1111-1111-111111111111",',
                '        sku: { family: "A", name: "standard" },',
                "        enableRbacAuthorization: false,",
                '        accessPolicies: [{ tenantId: "11111111-1111-1111-1111-111111111111", objectId: "22222222-2222-2222-2222-222222222222", permissions: { secrets: ["get", "list"] } }],',
                '        networkAcls: { defaultAction: "Allow" },',
                "    },",
                "});",
                "",
            ].join("\n"),
        );
        const json = await runPlan(["--stack", "dev", "--program", dir, "--json"]);
        assert.strictEqual(json.status, 1, json.stderr);
        const policies = new Set(violations(json).filter((v) => v.enforcementLevel === "mandatory").map((v) => v.policy));
        for (const expected of ["keyvault-rbac-authorization", "keyvault-firewall-default-deny", "keyvault-purge-protection", "keyvault-diagnostic-audit-logs"]) {
            assert.ok(policies.has(expected), `${expected} in ${[...policies].join(", ")}`);
        }
        const rbac = violations(json).find((v) => v.policy === "keyvault-rbac-authorization");
        assert.strictEqual(rbac?.urn, "urn:pulumi:dev::team-app::azure-native:keyvault:Vault::shared-kv");
        assert.match(rbac?.message ?? "", /^Key Vault 'team-shared-kv' must .*\(found: /);

        const text = await runPlan(["--stack", "dev", "--program", dir]);
        assert.strictEqual(text.status, 1);
        assert.match(text.stdout, /Policy violations: \d+ mandatory/);
        assert.match(text.stdout, /\[mandatory\] {2}keyvault-rbac-authorization {2}\(shared-kv\)/);
    });

    it("uses --policy-config FILE instead of the environment's, and rejects a bad one with exit 2", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-polcfg-"));
        const relaxed = path.join(dir, "relaxed.json");
        fs.writeFileSync(relaxed, JSON.stringify({ all: "advisory", "keyvault-soft-delete-retention": { minRetentionDays: 90 } }));
        const config = shippedConfig("production");
        (config["keyvault-devops:vault"] as Record<string, unknown>).softDeleteRetentionDays = 30;
        const program = programWithStack("production", config);
        const run = await runPlan(["--stack", "production", "--program", program, "--json", "--policy-config", relaxed]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(violations(run).some((v) => v.policy === "keyvault-soft-delete-retention" && v.enforcementLevel === "advisory"));

        const bad = path.join(dir, "bad.json");
        // Options for a name that is no policy, without a level: the CLI fails to configure the pack.
        fs.writeFileSync(bad, JSON.stringify({ "no-such-policy": { limit: 1 } }));
        const rejected = await runPlan(["--stack", "staging", "--policy-config", bad]);
        assert.strictEqual(rejected.status, 2);
        assert.match(rejected.stderr, /no-such-policy/);
        assert.match(rejected.stderr, /bad\.json/);
    });
});
