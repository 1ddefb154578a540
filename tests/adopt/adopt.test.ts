import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { run as adopt } from "../../tools/cli/adopt";
import { run as pipelineVars } from "../../tools/cli/pipelineVars";
import { PlanDocument } from "../../tools/plan/render";
import type { AdoptedResource } from "../../tools/adopt/drift";
import type { Finding } from "../../tools/preflight/preflight";
import { runInProcess, runPlan, spawnCli } from "../plan/planCli";
import { REPO_ROOT } from "../helpers/pulumi";

const FIXTURES = path.join(REPO_ROOT, "tests", "adopt", "fixtures");
const fixture = (name: string): string => path.join(FIXTURES, name);
const VAULT_ID = "/subscriptions/6b4a3b7e-2c1d-4f5e-9a8b-1c2d3e4f5a6b/resourceGroups/rg-payments-prod/providers/Microsoft.KeyVault/vaults/kv-payments-prod";
const PROJECT_ID = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0";
const CONNECTION_PRINCIPAL = "5d3c2b1a-9f8e-4d7c-8b6a-0f1e2d3c4b5a";
const ADMINS = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
const APP = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";

/** A program directory (Pulumi.yaml pointing at the compiled program) for `npm run adopt` to write a stack file into. */
function programDir(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-adopt-"));
    const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
    project.main = path.join(REPO_ROOT, "dist", "index.js");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify(project));
    return dir;
}

/** The arguments of the hand-made production setup in tests/adopt/fixtures. */
function adoptArgs(dir: string, extra: readonly string[] = []): string[] {
    return [
        "--stack", "production",
        "--vault", fixture("vault.json"),
        "--secrets", fixture("secrets.json"),
        "--variable-group", fixture("variable-group.json"),
        "--organization", "https://dev.azure.com/contoso",
        "--service-connection-principal", CONNECTION_PRINCIPAL,
        "--pipeline", "12", "--pipeline", "14",
        "--geography", "Europe",
        "--approver", "[payments]\\Release Approvers",
        "--environment-id", "7",
        "--principal-type", `${ADMINS}=Group`,
        "--principal-type", `${APP}=ServicePrincipal`,
        "--out", path.join(dir, "Pulumi.production.yaml"),
        ...extra,
    ];
}

type Doc = PlanDocument & { adoption?: AdoptedResource[]; preflight?: Finding[] };

describe("adopting a hand-made setup (npm run adopt → plan)", function () {
    this.timeout(120_000);
    let dir: string;
    let written: { config: Record<string, unknown> };
    let plan: Doc;
    let planStatus: number | null;

    before(async () => {
        dir = programDir();
        const run = await runInProcess(adopt, adoptArgs(dir));
        assert.strictEqual(run.status, 0, run.stderr);
        written = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.production.yaml"), "utf8")) as { config: Record<string, unknown> };
        const planned = await runPlan(["--stack", "production", "--program", dir, "--json", "--now", "2026-11-29T12:00:00Z"]);
        planStatus = planned.status;
        plan = JSON.parse(planned.stdout) as Doc;
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const ofType = (type: string): Doc["resources"][number][] => plan.resources.filter((r) => r.type === type);

    it("plans every adopted object as an import, with the import ID its provider takes, and creates none of them", () => {
        const imports = plan.resources.filter((r) => r.options?.import !== undefined).map((r) => [r.type, r.options?.import]);
        assert.deepStrictEqual(imports.sort(), [
            ["azure-native:keyvault:Secret", `${VAULT_ID}/secrets/DatabaseConnectionString`],
            ["azure-native:keyvault:Secret", `${VAULT_ID}/secrets/JwtSigningKey`],
            ["azure-native:keyvault:Secret", `${VAULT_ID}/secrets/StripeApiKey`],
            ["azure-native:keyvault:Vault", VAULT_ID],
            ["azuredevops:index/environment:Environment", `${PROJECT_ID}/7`],
            ["azuredevops:index/variableGroup:VariableGroup", `${PROJECT_ID}/42`],
        ]);
        for (const type of ["azure-native:keyvault:Vault", "azure-native:keyvault:Secret", "azuredevops:index/variableGroup:VariableGroup", "azuredevops:index/environment:Environment"]) {
            assert.ok(ofType(type).every((r) => r.options?.import !== undefined), `no ${type} is created`);
        }
        // The existing service connection is only read (mode existing): no endpoint, no managed identity.
        assert.deepStrictEqual(ofType("azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM"), []);
        assert.deepStrictEqual(ofType("azure-native:managedidentity:UserAssignedIdentity"), []);
    });

    it("keeps the vault's name, resource group and variable group name (no generated suffix)", () => {
        const vault = ofType("azure-native:keyvault:Vault")[0];
        assert.strictEqual(vault?.inputs.vaultName, "kv-payments-prod");
        assert.strictEqual(vault?.inputs.resourceGroupName, "rg-payments-prod");
        assert.deepStrictEqual(ofType("random:index/randomString:RandomString").map((r) => r.name), ["production-rotation-suffix"]);
        assert.deepStrictEqual(ofType("azure-native:resources:ResourceGroup"), []);
        const group = ofType("azuredevops:index/variableGroup:VariableGroup")[0];
        assert.strictEqual(group?.inputs.name, "payments-production");
        assert.deepStrictEqual(group?.inputs.variables, [{ name: "DatabaseConnectionString" }, { name: "JwtSigningKey" }, { name: "StripeApiKey" }]);
        assert.strictEqual((plan.outputs.variableGroups as Record<string, { id: string }>)["payments-production"]?.id, "42");
    });

    it("never writes an adopted secret: no value input, properties and tags ignored, its real expiry recorded", () => {
        const secrets = ofType("azure-native:keyvault:Secret");
        assert.deepStrictEqual(secrets.map((s) => s.inputs.secretName), ["DatabaseConnectionString", "JwtSigningKey", "StripeApiKey"]);
        for (const s of secrets) {
            const props = s.inputs.properties as Record<string, unknown>;
            assert.ok(!("value" in props), `${s.name} has no value input`);
            assert.deepStrictEqual(s.options?.ignoreChanges, ["properties", "tags"]);
            // Removing `adopt` after the first up unregisters the secret: it must leave the state, not the vault.
            assert.strictEqual(s.options?.retainOnDelete, true, `${s.name} is retained on delete`);
        }
        assert.deepStrictEqual(secrets[0]?.inputs.properties, { contentType: "text/plain", attributes: { expires: Date.parse("2027-01-15T00:00:00Z") / 1000 } });
        assert.deepStrictEqual(ofType("random:index/randomPassword:RandomPassword"), []);
    });

    it("has 0 mandatory policy violations after migration, only the advisory naming convention for the PascalCase names", () => {
        assert.strictEqual(planStatus, 0);
        assert.deepStrictEqual(plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
        const naming = plan.policies.violations.filter((v) => v.policy === "keyvault-secret-name-convention");
        assert.deepStrictEqual(naming.map((v) => v.enforcementLevel), ["advisory", "advisory", "advisory"]);
    });

    it("lists the access-policy-to-RBAC migration: each policy's roles, all granted by the written config, and the cut-off warning", () => {
        const migration = (plan.preflight ?? []).filter((f) => f.check === "access-policy-migration");
        assert.deepStrictEqual(
            migration.map((f) => [f.severity, f.path]),
            [
                ["info", "adopt.accessPolicies[0]"],
                ["info", "adopt.accessPolicies[1]"],
                ["info", "adopt.accessPolicies[2]"],
                ["warning", "adopt.accessPolicies"],
            ],
        );
        assert.match(migration[1]?.why ?? "", /Key Vault Secrets Officer \(replaces secrets: get, list, set, delete, recover, backup, restore\): granted by the stack's config/);
        assert.match(migration[3]?.why ?? "", /access policies no longer apply: every principal they list is cut off/);
        assert.deepStrictEqual((plan.preflight ?? []).filter((f) => f.severity === "error"), []);
        // The role assignments that replace the policies are in the plan (the connection's through the stack's own grant).
        const roles = ofType("azure-native:authorization:RoleAssignment").map((r) => `${String(r.inputs.principalId)} ${String(r.inputs.roleDefinitionId).split("/").pop() ?? ""}`);
        for (const expected of [
            `${ADMINS} b86a8fe4-44ce-4948-aee5-eccb2c155cd7`, // Secrets Officer
            `${ADMINS} 12338af0-0e69-4776-bea7-57ae8d297424`, // Crypto User
            `${ADMINS} db79e9a7-68ee-4b58-9aeb-b90e7c24fcba`, // Certificate User
            `${APP} 4633458b-17de-408a-b874-0445c86b69e6`, // Secrets User
            `${CONNECTION_PRINCIPAL} 4633458b-17de-408a-b874-0445c86b69e6`,
        ]) {
            assert.ok(roles.includes(expected), `role assignment ${expected}`);
        }
    });

    it("reports the drift on adoption day: what the first up enforces on the vault against what az showed", () => {
        const vault = plan.adoption?.find((a) => a.type === "azure-native:keyvault:Vault");
        const changed = (vault?.lines ?? []).filter((l) => l.changes).map((l) => `${l.path}: ${l.observed} → ${l.enforced}`);
        assert.deepStrictEqual(changed, [
            "properties.enableRbacAuthorization: false → true",
            "properties.enablePurgeProtection: false → true",
            "properties.networkAcls.defaultAction: Allow → Deny",
            'properties.networkAcls.ipRules: [] → ["40.74.28.0/23","20.166.41.0/24"]',
            // The rotation function's subnet (rotation is on by default).
            'properties.networkAcls.virtualNetworkRules: [] → ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-payments-prod/providers/Microsoft.Network/virtualNetworks/vnet-production-rotation/subnets/snet-rotation-function"]',
        ]);
        const group = plan.adoption?.find((a) => a.type === "azuredevops:index/variableGroup:VariableGroup");
        assert.deepStrictEqual(
            group?.lines.map((l) => `${l.changes ? "~" : " "} ${l.path}: ${l.observed} → ${l.enforced}`),
            [
                "  name: payments-production → payments-production",
                "  description: Payments production secrets (linked to kv-payments-prod) → Payments production secrets (linked to kv-payments-prod)",
                "  keyVault.name: kv-payments-prod → kv-payments-prod",
                "  keyVault.serviceEndpointId: e8b4a1c2-3d4e-4f5a-9b6c-7d8e9f0a1b2c → e8b4a1c2-3d4e-4f5a-9b6c-7d8e9f0a1b2c",
                '  variables: ["DatabaseConnectionString","JwtSigningKey","StripeApiKey"] → ["DatabaseConnectionString","JwtSigningKey","StripeApiKey"]',
                "~ allowAccess: (not recorded) → false",
                "~ keyVault.searchDepth: (not recorded) → 3",
            ],
        );
        const secret = plan.adoption?.find((a) => a.name === "production-secrets-JwtSigningKey");
        assert.match(secret?.note ?? "", /^never written: properties and tags are ignored/);
        assert.deepStrictEqual(plan.adoption?.map((a) => a.type).sort(), [
            "azure-native:keyvault:Secret",
            "azure-native:keyvault:Secret",
            "azure-native:keyvault:Secret",
            "azure-native:keyvault:Vault",
            "azuredevops:index/environment:Environment",
            "azuredevops:index/variableGroup:VariableGroup",
        ]);
    });

    it("shows imports in the text and Markdown plans", async () => {
        const text = await runPlan(["--stack", "production", "--program", dir, "--now", "2026-11-29T12:00:00Z"]);
        assert.match(text.stdout, /Plan for keyvault-devops\/production: \d+ resources to create, 6 to import/);
        assert.match(text.stdout, /azure-native:keyvault:Vault {2}production-vault {2}\(import \/subscriptions\/[^)]+\/vaults\/kv-payments-prod, protected\)/);
        assert.match(text.stdout, /~ properties\.enableRbacAuthorization: false → true/);
        const md = await runPlan(["--stack", "production", "--program", dir, "--format", "markdown", "--now", "2026-11-29T12:00:00Z"]);
        assert.match(md.stdout, /\| Create \| Import \| Update \| Replace \| Delete \| Unchanged \|\n\|---:\|---:\|---:\|---:\|---:\|---:\|\n\| \d+ \| 6 \| 0 \| 0 \| 0 \| 0 \|/);
        assert.match(md.stdout, /\| `=` \| import \| `azure-native:keyvault:Vault` \| `production-vault` \|/);
        assert.match(md.stdout, /#### import `azure-native:keyvault:Vault` `production-vault`/);
    });

    it("writes the config keys under the project's namespace, the import IDs under adopt, and quotes date-times", () => {
        const text = fs.readFileSync(path.join(dir, "Pulumi.production.yaml"), "utf8");
        assert.match(text, /expires: "2027-01-15T00:00:00Z"/);
        const adoptSection = written.config["keyvault-devops:adopt"] as Record<string, unknown>;
        assert.strictEqual(adoptSection.vaultId, VAULT_ID);
        assert.deepStrictEqual(adoptSection.variableGroups, { "payments-production": 42 });
        assert.strictEqual(adoptSection.projectId, PROJECT_ID);
        assert.deepStrictEqual(written.config["keyvault-devops:secrets"], [
            { name: "DatabaseConnectionString", source: "external", preexisting: true, contentType: "text/plain" },
            { name: "JwtSigningKey", source: "external", preexisting: true, contentType: "application/octet-stream" },
            { name: "StripeApiKey", source: "external", preexisting: true, contentType: "text/plain" },
        ]);
        assert.deepStrictEqual(written.config["keyvault-devops:access"], {
            secretsOfficers: [{ principalId: ADMINS, principalType: "Group" }],
            extraRoles: [
                { principalId: ADMINS, principalType: "Group", role: "Key Vault Crypto User" },
                { principalId: ADMINS, principalType: "Group", role: "Key Vault Certificate User" },
                { principalId: APP, principalType: "ServicePrincipal", role: "Key Vault Secrets User" },
            ],
        });
    });

    it("npm run pipeline-vars maps the adopted group's PascalCase secrets in a step's env", async () => {
        const printed = await runInProcess(pipelineVars, ["--stack", "production", "--program", dir]);
        assert.strictEqual(printed.status, 0, printed.stderr);
        assert.match(printed.stdout, /variables:\n {2}- group: payments-production\n/);
        assert.match(printed.stdout, /\n {4}env:\n {6}DATABASE_CONNECTION_STRING: \$\(DatabaseConnectionString\)\n {6}JWT_SIGNING_KEY: \$\(JwtSigningKey\)\n {6}STRIPE_API_KEY: \$\(StripeApiKey\)\n/);
    });

    it("maps the PascalCase secrets to UPPER_SNAKE environment variables for pipelines", () => {
        const vars = (plan.outputs.pipelineVariables as Record<string, Array<{ variable: string; environmentVariable: string }>>)["payments-production"];
        assert.deepStrictEqual(
            vars?.map((v) => [v.variable, v.environmentVariable]),
            [
                ["DatabaseConnectionString", "DATABASE_CONNECTION_STRING"],
                ["JwtSigningKey", "JWT_SIGNING_KEY"],
                ["StripeApiKey", "STRIPE_API_KEY"],
            ],
        );
    });
});

describe("npm run adopt refuses bad input, naming the file and the field", function () {
    this.timeout(60_000);
    let dir: string;
    beforeEach(() => (dir = programDir()));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    const withFile = (name: string, content: unknown): string => {
        const file = path.join(dir, name);
        fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
        return file;
    };
    const vaultJson = (): Record<string, unknown> => JSON.parse(fs.readFileSync(fixture("vault.json"), "utf8")) as Record<string, unknown>;
    const args = (replace: Record<string, string>): string[] => {
        const a = adoptArgs(dir);
        for (const [option, value] of Object.entries(replace)) {
            a[a.indexOf(option) + 1] = value;
        }
        return a;
    };

    it("a vault file whose id is not a vault's resource ID", async () => {
        const file = withFile("vault.json", { ...vaultJson(), id: "/subscriptions/x/resourceGroups/rg" });
        const run = await runInProcess(adopt, args({ "--vault": file }));
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stderr, `error: ${file}: \`id\` must be a Key Vault resource ID (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>) (found "/subscriptions/x/resourceGroups/rg")\n`);
        assert.ok(!fs.existsSync(path.join(dir, "Pulumi.production.yaml")), "nothing written");
    });

    it("an access policy without an object ID", async () => {
        const v = vaultJson();
        const props = v.properties as { accessPolicies: Array<Record<string, unknown>> };
        delete props.accessPolicies[1]?.objectId;
        const file = withFile("vault.json", v);
        const run = await runInProcess(adopt, args({ "--vault": file }));
        assert.strictEqual(run.stderr, `error: ${file}: \`properties.accessPolicies[1].objectId\` must be an object ID (GUID) (found nothing)\n`);
    });

    it("a secret list that is not a list, and a secret of another vault", async () => {
        const notList = withFile("secrets.json", { value: [] });
        const first = await runInProcess(adopt, args({ "--secrets": notList }));
        assert.strictEqual(first.stderr, `error: ${notList}: \`(top level)\` must be a list (the output of \`az keyvault secret list --vault-name <vault>\`) (found object)\n`);
        const other = withFile("other.json", [{ id: "https://kv-other.vault.azure.net/secrets/X", name: "X", attributes: {} }]);
        const second = await runInProcess(adopt, args({ "--secrets": other }));
        assert.strictEqual(second.stderr, `error: ${other}: \`[0].id\` must be a secret of vault kv-payments-prod (the vault file's) (found "https://kv-other.vault.azure.net/secrets/X")\n`);
    });

    it("a variable group that is not linked to a vault, and one that is not JSON", async () => {
        const vg = JSON.parse(fs.readFileSync(fixture("variable-group.json"), "utf8")) as Record<string, unknown>;
        const plain = withFile("vg.json", { ...vg, type: "Vsts" });
        const run = await runInProcess(adopt, args({ "--variable-group": plain }));
        assert.strictEqual(run.stderr, `error: ${plain}: \`type\` must be AzureKeyVault (a group linked to a Key Vault; the stack manages only those) (found "Vsts")\n`);
        const broken = withFile("broken.json", "{ \"id\": 42,");
        const bad = await runInProcess(adopt, args({ "--variable-group": broken }));
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, new RegExp(`^error: \`--variable-group\` ${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not valid JSON \\(line 1`));
    });

    it("a group without the options the stack needs, and an existing stack file", async () => {
        const a = adoptArgs(dir).filter((x, i, all) => x !== "--geography" && all[i - 1] !== "--geography");
        const run = await runInProcess(adopt, a);
        assert.strictEqual(run.status, 2);
        assert.match(run.stderr, /^error: `--geography` is required with `--variable-group` and must be one of Australia, /);
        fs.writeFileSync(path.join(dir, "Pulumi.production.yaml"), "config: {}\n");
        const exists = await runInProcess(adopt, adoptArgs(dir));
        assert.strictEqual(exists.stderr, `error: ${path.join(dir, "Pulumi.production.yaml")} exists: give --force to overwrite it, or --out another file\n`);
        assert.strictEqual(fs.readFileSync(path.join(dir, "Pulumi.production.yaml"), "utf8"), "config: {}\n");
    });
});

describe("npm run adopt (spawned)", function () {
    this.timeout(60_000);
    it("writes the stack file and exits 0", () => {
        const dir = programDir();
        try {
            const run = spawnCli("adopt", adoptArgs(dir));
            assert.strictEqual(run.status, 0, run.stderr);
            assert.strictEqual(run.stdout, `Wrote ${path.join(dir, "Pulumi.production.yaml")}\nNext: npm run plan -- --stack production && npm run preflight -- --stack production\n`);
            assert.ok(fs.existsSync(path.join(dir, "Pulumi.production.yaml")));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
