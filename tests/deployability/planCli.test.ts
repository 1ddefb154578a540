import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { foreignProgram, runPlan } from "../plan/planCli";
import type { DeployabilityFinding } from "../../tools/deployability/rules";

/** A program that the mocks accept but Azure and Azure DevOps reject in five ways (the first `pulumi up`). */
const REJECTED_PROGRAM = [
    'import * as pulumi from "@pulumi/pulumi";',
    'import * as authorization from "@pulumi/azure-native/authorization";',
    'import * as eventgrid from "@pulumi/azure-native/eventgrid";',
    'import * as managedidentity from "@pulumi/azure-native/managedidentity";',
    'import * as web from "@pulumi/azure-native/web";',
    'import * as azuredevops from "@pulumi/azuredevops";',
    "const cfg = new pulumi.Config();",
    'const plan = new web.AppServicePlan("plan", { resourceGroupName: "rg", name: "asp", kind: "functionapp", reserved: true, sku: { name: "FC1", tier: "FlexConsumption" } });',
    'const app = new web.WebApp("fn", { resourceGroupName: "rg", name: "func-demo", kind: "functionapp,linux", serverFarmId: plan.id,',
    '    functionAppConfig: { runtime: { name: "node", version: "22" } }, siteConfig: { appSettings: [{ name: "KEY_VAULT_URI", value: "https://kv.vault.azure.net/" }] } });',
    'new eventgrid.SystemTopicEventSubscription("sub", { resourceGroupName: "rg", systemTopicName: "topic", eventSubscriptionName: "rotate",',
    '    destination: { endpointType: "AzureFunction", resourceId: pulumi.interpolate`${app.id}/functions/rotate` },',
    '    filter: { advancedFilters: [{ operatorType: "StringIn", key: "subject", values: Array.from({ length: 30 }, (_, i) => `secret-${i}`) }] } });',
    'const id = new managedidentity.UserAssignedIdentity("id", { resourceGroupName: "rg", resourceName: "id-demo" });',
    'new authorization.RoleAssignment("ra", { scope: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",',
    '    principalId: id.principalId, roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6" });',
    'const provider = new azuredevops.Provider("ado", { orgServiceUrl: "https://dev.azure.com/contoso" });',
    'new azuredevops.VariableGroup("vg", { projectId: "p", name: "g", keyVault: { name: "kv", serviceEndpointId: "se" }, variables: [{ name: "payments-api-key" }] }, { provider });',
    'new azuredevops.CheckApproval("check", { projectId: "p", targetResourceType: "environment", targetResourceId: "1", approvers: [cfg.require("approver")] }, { provider });',
    "",
].join("\n");

describe("deployability in the plan CLI (--program)", function () {
    this.timeout(120_000);
    const dir = foreignProgram("rejected-app", REJECTED_PROGRAM, "config:\n  rejected-app:approver: 7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34\n");

    it("lists every predicted rejection in --json and exits 1", async () => {
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(run.status, 1, run.stderr);
        const doc = JSON.parse(run.stdout) as { deployability: DeployabilityFinding[] };
        assert.deepStrictEqual(
            doc.deployability.map((f) => [f.rule, f.urn.split("::").pop(), f.path]),
            [
                ["flex-site-config", "fn", "siteConfig.netFrameworkVersion"],
                ["eventgrid-filter-values", "sub", "filter.advancedFilters"],
                ["eventgrid-function-not-deployed", "sub", "destination.resourceId"],
                ["role-assignment-principal-type", "ra", "principalType"],
                ["variable-group-secret-missing", "vg", "variables[0].name"],
                ["approver-not-devops-identity", "check", "approvers[0]"],
            ],
        );
        for (const f of doc.deployability) {
            assert.match(f.source, /^https:\/\//, f.rule);
            assert.ok(f.fix.length > 0, f.rule);
        }
    });

    it("prints them in text and in the Markdown diff", async () => {
        const text = await runPlan(["--stack", "dev", "--program", dir, "--no-policies"]);
        assert.strictEqual(text.status, 1);
        assert.match(text.stdout, /^Deployability: 6 findings \(the API would reject the deployment\)$/m);
        assert.match(text.stdout, /^ {4}\[flex-site-config\] {2}fn {2}`siteConfig\.netFrameworkVersion`: found "v4\.6"; must be not set: Flex Consumption takes no siteConfig \(app settings and the runtime go elsewhere\)$/m);
        assert.match(text.stdout, /^ {4}Source: https:\/\/learn\.microsoft\.com\/azure\/event-grid\/event-filtering#limitations$/m);
        const md = await runPlan(["--stack", "dev", "--program", dir, "--no-policies", "--format", "markdown"]);
        assert.strictEqual(md.status, 1);
        assert.match(md.stdout, /^\*\*Deployability:\*\* 6 findings/m);
        assert.ok(
            md.stdout.includes(
                "\n- `eventgrid-filter-values` (`sub`) \\`filter.advancedFilters\\`: found 30 filter values across the advanced filters; must be at most 25 filter values per subscription: 30 filter values across the advanced filters; Event Grid accepts at most 25 per subscription. Fix: ",
            ),
            md.stdout,
        );
    });

    it("flags a delete under the production lock when diffing against the deployed plan", async () => {
        const program = [
            'import * as pulumi from "@pulumi/pulumi";',
            'import * as authorization from "@pulumi/azure-native/authorization";',
            "const cfg = new pulumi.Config();",
            'const vault = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv";',
            'new authorization.ManagementLockByScope("lock", { scope: vault, level: "CanNotDelete", lockName: "kv-do-not-delete" });',
            'if (cfg.getBoolean("withRole")) {',
            '    new authorization.RoleAssignment("reader", { scope: vault, principalType: "Group", principalId: "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35",',
            '        roleDefinitionId: "/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6" });',
            "}",
            "",
        ].join("\n");
        const locked = foreignProgram("locked-app", program, "config:\n  locked-app:withRole: true\n");
        const old = path.join(locked, "old.json");
        const first = await runPlan(["--stack", "dev", "--program", locked, "--no-policies", "--out", old]);
        assert.strictEqual(first.status, 0, first.stderr + first.stdout);
        fs.writeFileSync(path.join(locked, "Pulumi.dev.yaml"), "config:\n  locked-app:withRole: false\n");
        const run = await runPlan(["--stack", "dev", "--program", locked, "--no-policies", "--diff", old, "--json"]);
        assert.strictEqual(run.status, 1, run.stderr);
        const diff = JSON.parse(run.stdout) as { deployability: DeployabilityFinding[] };
        assert.deepStrictEqual(diff.deployability.map((f) => [f.rule, f.urn.split("::").pop()]), [["locked-scope-delete", "reader"]]);
        assert.match(diff.deployability[0]?.why ?? "", /409 ScopeLocked/);
    });
});
