// A saved plan records what replay needs (outputs, property dependencies, resource options), replays into the pack
// with the live run's verdict, and its diff honours ignoreChanges and replaceOnChanges as the engine does.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans } from "../../tools/diff/diff";
import { parsePropertyPath } from "../../tools/diff/options";
import { plannedFromDocument } from "../../tools/plan/document";
import { evaluateProgram } from "../../tools/plan/evaluate";
import { emptyPlan, PlanDocument, planDocument } from "../../tools/plan/render";
import { loadPolicyConfig } from "../../tools/policy-runner/packConfig";
import { runPolicies } from "../../tools/policy-runner/runPolicies";
import { REPO_ROOT } from "../helpers/pulumi";
// Shipped stacks are evaluated once per process, shared read-only (see the module).
import "../helpers/sharedEvaluation";

const OPTIONS_PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import { Provider } from "@pulumi/azure-native/provider";
const provider = new Provider("westeurope", { location: "westeurope" });
const vault = new keyvault.Vault("vault", {
    resourceGroupName: "rg",
    vaultName: "kv-app-dev",
    properties: { tenantId: "t", sku: { family: "A", name: "standard" } },
}, {
    provider,
    protect: true,
    ignoreChanges: ["tags"],
    replaceOnChanges: ["properties.tenantId"],
    retainOnDelete: true,
    deleteBeforeReplace: true,
    import: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-app-dev",
    aliases: [{ name: "old-vault" }],
    customTimeouts: { create: "30m" },
});
new keyvault.Secret("token", {
    resourceGroupName: "rg",
    vaultName: vault.name,
    properties: { value: pulumi.secret("replay-secret-value") },
});
`;

describe("replayable plans", function () {
    this.timeout(120_000);
    let dir: string;
    let doc: PlanDocument;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-replay-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: replay\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(dir, "index.ts"), OPTIONS_PROGRAM);
        const evaluated = await evaluateProgram(dir, "dev");
        doc = JSON.parse(JSON.stringify(planDocument(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, []))) as PlanDocument;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("records resource options, outputs and property dependencies, secrets redacted", () => {
        const vault = doc.resources.find((r) => r.name === "vault");
        assert.ok(vault);
        assert.equal(vault.protect, true);
        const { aliases, ...options } = vault.options ?? {};
        assert.deepEqual(options, {
            ignoreChanges: ["tags"],
            replaceOnChanges: ["properties.tenantId"],
            retainOnDelete: true,
            deleteBeforeReplace: true,
            import: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-app-dev",
            provider: `urn:pulumi:dev::replay::pulumi:providers:azure-native::westeurope::westeurope-id`,
            customTimeouts: { create: "30m" },
            version: "3.28.0",
        });
        // The program's alias, then the type aliases azure-native adds for its older API-version tokens.
        assert.equal(aliases?.[0], "urn:pulumi:dev::replay::azure-native:keyvault:Vault::old-vault");
        assert.ok(aliases?.includes("urn:pulumi:dev::replay::azure-native:keyvault/v20230701:Vault::vault"));
        assert.equal((vault.outputs?.properties as Record<string, unknown>).vaultUri, "https://kv-app-dev.vault.azure.net/");
        const token = doc.resources.find((r) => r.name === "token");
        assert.deepEqual(token?.propertyDependencies?.vaultName, [vault.urn]);
        assert.equal(token?.outputs?.name, "token");
        assert.match(JSON.stringify(token?.outputs?.properties), /\[secret\]/);
        assert.ok(!JSON.stringify(doc).includes("replay-secret-value"));
    });

    it("replays a saved plan of each shipped stack into the pack with the live verdict", async () => {
        const now = { now: () => Date.parse("2026-11-29T12:00:00Z") };
        for (const stack of ["staging", "production"]) {
            const config = loadPolicyConfig(path.join(REPO_ROOT, "policies", `config.${stack}.json`));
            const live = await evaluateProgram(REPO_ROOT, stack, { clock: "2026-11-29T12:00:00Z" });
            const saved = JSON.parse(JSON.stringify(planDocument(live.project, stack, live.resources, live.outputs, []))) as PlanDocument;
            // A deliberately strict config, so there are violations to compare.
            for (const c of [config, { all: "mandatory" as const }]) {
                assert.deepEqual(await runPolicies(plannedFromDocument(saved.resources), c, now), await runPolicies(live.resources, c, now), stack);
            }
        }
    });

    it("diffs honour ignoreChanges (no change) and replaceOnChanges (a replacement), like the engine", () => {
        const base = structuredClone(doc);
        const vault = (d: PlanDocument) => d.resources.find((r) => r.name === "vault") as { inputs: Record<string, unknown> };
        const tagsOnly = structuredClone(doc);
        vault(tagsOnly).inputs.tags = { owner: "someone" };
        const d1 = diffPlans(base, tagsOnly);
        assert.deepEqual(d1.changes.filter((c) => c.name === "vault"), [], "a change under ignoreChanges is no change");

        const tenant = structuredClone(doc);
        (vault(tenant).inputs.properties as Record<string, unknown>).tenantId = "other-tenant";
        const d2 = diffPlans(base, tenant);
        const change = d2.changes.find((c) => c.name === "vault");
        assert.equal(change?.op, "replace");
        assert.deepEqual(change?.replaceReasons, ["replaceOnChanges properties.tenantId"]);
        // New resources are created, or imported when they carry the `import` option.
        const counts = diffPlans(emptyPlan(doc.project, doc.stack), doc).counts;
        assert.equal(counts.create + (counts.import ?? 0), doc.resources.length);
        assert.equal(counts.import ?? 0, doc.resources.filter((r) => r.options?.import !== undefined).length);
    });

    it("parses Pulumi property paths", () => {
        assert.deepEqual(parsePropertyPath('properties.networkAcls.ipRules[0].value'), ["properties", "networkAcls", "ipRules", 0, "value"]);
        assert.deepEqual(parsePropertyPath('tags["a.b"]'), ["tags", "a.b"]);
        assert.deepEqual(parsePropertyPath("variables[*].value"), ["variables", "*", "value"]);
        assert.equal(parsePropertyPath("a[b]"), undefined);
    });
});
