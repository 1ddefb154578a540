import * as assert from "assert";
import { deployabilityHeadline, renderDeployabilityMarkdown, renderDeployabilityText } from "../../tools/deployability/report";
import { deployabilityFindings, DeployabilityResource, isUnderScope, preexistingSecretsFromConfig } from "../../tools/deployability/rules";
import { mdText } from "../../tools/plan/markdown";

const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
const RG = `${SUB}/resourceGroups/rg`;
const VAULT = `${RG}/providers/Microsoft.KeyVault/vaults/kv`;

function res(name: string, type: string, inputs: Record<string, unknown>, dependencies: string[] = []): DeployabilityResource {
    return { urn: `urn:pulumi:dev::p::${type}::${name}`, type, name, inputs, dependencies };
}
const urn = (r: DeployabilityResource): string => r.urn;

const plan = res("plan", "azure-native:web:AppServicePlan", { name: "asp", resourceGroupName: "rg", sku: { name: "FC1", tier: "FlexConsumption" } });
const flexApp = (inputs: Record<string, unknown>): DeployabilityResource =>
    res("fn", "azure-native:web:WebApp", { name: "func", resourceGroupName: "rg", kind: "functionapp,linux", serverFarmId: `${RG}/providers/Microsoft.Web/serverfarms/asp`, ...inputs });

describe("deployability rules", () => {
    describe("flex-site-config", () => {
        it("flags each siteConfig property Flex rejects, with the exact message, fix and source", () => {
            const app = flexApp({ siteConfig: { netFrameworkVersion: "v4.6", ftpsState: "Disabled", minTlsVersion: "1.2" } });
            const findings = deployabilityFindings({ resources: [plan, app] });
            assert.deepStrictEqual(findings, [
                {
                    rule: "flex-site-config",
                    urn: app.urn,
                    path: "siteConfig.netFrameworkVersion",
                    found: '"v4.6"',
                    expected: "not set: Flex Consumption takes no siteConfig (app settings and the runtime go elsewhere)",
                    why: 'Flex Consumption rejects Site.SiteConfig.NetFrameworkVersion ("for Flex Consumption sites is invalid"); azure-native adds netFrameworkVersion "v4.6" to any siteConfig',
                    fix: "give the app no siteConfig: app settings in a web.WebAppApplicationSettings resource, the runtime in functionAppConfig.runtime",
                    source: "https://github.com/pulumi/pulumi-azure-native/issues/4168, https://github.com/microsoft/azure-pipelines-tasks/issues/21032, https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations",
                },
                {
                    rule: "flex-site-config",
                    urn: app.urn,
                    path: "siteConfig.ftpsState",
                    found: '"Disabled"',
                    expected: "not set: Flex Consumption takes no siteConfig (app settings and the runtime go elsewhere)",
                    why: 'Flex Consumption rejects Site.SiteConfig.FtpsState ("for Flex Consumption sites is invalid")',
                    fix: "give the app no siteConfig: app settings in a web.WebAppApplicationSettings resource, the runtime in functionAppConfig.runtime",
                    source: "https://github.com/pulumi/pulumi-azure-native/issues/4168, https://github.com/microsoft/azure-pipelines-tasks/issues/21032, https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations",
                },
            ]);
        });

        it("recognizes Flex by functionAppConfig too, and leaves other plans' apps alone", () => {
            const byConfig = res("a", "azure-native:web:WebApp", { name: "a", functionAppConfig: { runtime: { name: "node", version: "22" } }, siteConfig: { use32BitWorkerProcess: false } });
            const premium = res("b", "azure-native:web:WebApp", { name: "b", serverFarmId: `${RG}/providers/Microsoft.Web/serverfarms/ep1`, siteConfig: { netFrameworkVersion: "v4.6" } });
            assert.deepStrictEqual(deployabilityFindings({ resources: [byConfig, premium] }).map((f) => [f.rule, f.urn, f.path]), [
                ["flex-site-config", byConfig.urn, "siteConfig.use32BitWorkerProcess"],
            ]);
        });

        it("flags deprecated app settings inline and in WebAppApplicationSettings, and an end-of-life Node runtime", () => {
            const app = flexApp({ functionAppConfig: { runtime: { name: "node", version: "20" } } });
            const settings = res("settings", "azure-native:web:WebAppApplicationSettings", { name: "func", resourceGroupName: "rg", properties: { FUNCTIONS_WORKER_RUNTIME: "node", KEY_VAULT_URI: "x" } });
            const findings = deployabilityFindings({ resources: [plan, app, settings] });
            assert.deepStrictEqual(findings.map((f) => [f.rule, f.urn, f.path, f.found, f.expected, f.why]), [
                ["flex-runtime-eol", app.urn, "functionAppConfig.runtime.version", '"20"', 'a Node version not past end of life ("22")', "Node 20 is past end of life; Flex Consumption stops offering end-of-life runtimes"],
                [
                    "flex-app-setting",
                    settings.urn,
                    "properties.FUNCTIONS_WORKER_RUNTIME",
                    "app setting FUNCTIONS_WORKER_RUNTIME",
                    "not set: Flex Consumption does not take this app setting (functionAppConfig replaces it, or it is unsupported)",
                    "Flex Consumption does not take the app setting FUNCTIONS_WORKER_RUNTIME (replaced by functionAppConfig or unsupported)",
                ],
            ]);
        });
    });

    describe("Event Grid", () => {
        const sub = (values: number, deps: string[] = []): DeployabilityResource =>
            res("sub", "azure-native:eventgrid:SystemTopicEventSubscription", {
                filter: { advancedFilters: [{ operatorType: "StringIn", key: "subject", values: Array.from({ length: values }, (_, i) => `s${i}`) }] },
            }, deps);

        it("flags more than 25 filter values in one subscription", () => {
            assert.deepStrictEqual(deployabilityFindings({ resources: [sub(25)] }), []);
            const s = sub(26);
            assert.deepStrictEqual(deployabilityFindings({ resources: [s] }), [
                {
                    rule: "eventgrid-filter-values",
                    urn: s.urn,
                    path: "filter.advancedFilters",
                    found: "26 filter values across the advanced filters",
                    expected: "at most 25 filter values per subscription",
                    why: "26 filter values across the advanced filters; Event Grid accepts at most 25 per subscription",
                    fix: "split the values over several subscriptions of at most 25 values each, or filter by a prefix (subjectBeginsWith)",
                    source: "https://learn.microsoft.com/azure/event-grid/event-filtering#limitations",
                },
            ]);
        });

        it("flags an Azure Function destination whose code nothing deploys before the subscription", () => {
            const app = flexApp({});
            const destination = { endpointType: "AzureFunction", resourceId: `${RG}/providers/Microsoft.Web/sites/func/functions/rotate` };
            const bare = res("sub", "azure-native:eventgrid:SystemTopicEventSubscription", { destination }, [urn(app)]);
            assert.deepStrictEqual(deployabilityFindings({ resources: [plan, app, bare] }).map((f) => [f.rule, f.path]), [["eventgrid-function-not-deployed", "destination.resourceId"]]);
            const deploy = res("deploy", "command:local:Command", { create: "node dist/stack/functionPackage.js" }, [urn(app)]);
            const ordered = res("sub", "azure-native:eventgrid:SystemTopicEventSubscription", { destination }, [urn(deploy)]);
            assert.deepStrictEqual(deployabilityFindings({ resources: [plan, app, deploy, ordered] }), []);
        });
    });

    it("flags a role assignment without principalType", () => {
        const ra = res("ra", "azure-native:authorization:RoleAssignment", { scope: VAULT, principalId: "p", roleDefinitionId: "r" });
        assert.deepStrictEqual(deployabilityFindings({ resources: [ra] }), [
            {
                rule: "role-assignment-principal-type",
                urn: ra.urn,
                path: "principalType",
                found: "not set",
                expected: 'the principal\'s type: "ServicePrincipal" (managed identities), "User" or "Group"',
                why: "a role assignment without principalType: for a principal created in the same deployment, Entra ID replication delay makes ARM answer PrincipalNotFound",
                fix: 'set principalType ("ServicePrincipal" for managed identities, "User" or "Group")',
                source: "https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal",
            },
        ]);
        assert.deepStrictEqual(deployabilityFindings({ resources: [res("ok", ra.type, { ...ra.inputs, principalType: "ServicePrincipal" })] }), []);
    });

    it("flags principalType User (azure-native's default) for a managed identity's principal", () => {
        const id = res("id", "azure-native:managedidentity:UserAssignedIdentity", { resourceName: "id-demo" });
        const ra = { ...res("ra", "azure-native:authorization:RoleAssignment", { scope: VAULT, principalId: "p", principalType: "User" }, [urn(id)]), propertyDependencies: { principalId: [urn(id)] } };
        const findings = deployabilityFindings({ resources: [id, ra] });
        assert.deepStrictEqual(findings.map((f) => [f.rule, f.path, f.found, f.expected, f.why]), [
            [
                "role-assignment-principal-type",
                "principalType",
                '"User"',
                '"ServicePrincipal", the type of the principal of id (a managed identity)',
                'principalType "User" (azure-native\'s default when it is omitted) for the principal of id, a managed identity: ARM rejects a principalType that does not match the principal (UnmatchedPrincipalType)',
            ],
        ]);
        const sp = { ...ra, inputs: { ...ra.inputs, principalType: "ServicePrincipal" } };
        assert.deepStrictEqual(deployabilityFindings({ resources: [id, sp] }), []);
    });

    describe("variable-group-secret-missing", () => {
        const secret = res("s", "azure-native:keyvault:Secret", { vaultName: "kv", secretName: "db-password" });
        const group = (deps: string[]): DeployabilityResource =>
            res("g", "azuredevops:index/variableGroup:VariableGroup", { keyVault: { name: "kv", serviceEndpointId: "se" }, variables: [{ name: "db-password" }, { name: "payments-api-key" }] }, deps);

        it("flags a linked secret not created before the group and not pre-existing", () => {
            const g = group([urn(secret)]);
            const findings = deployabilityFindings({ resources: [secret, g] });
            assert.deepStrictEqual(findings.map((f) => [f.rule, f.path, f.found]), [["variable-group-secret-missing", "variables[1].name", '"payments-api-key"']]);
            assert.strictEqual(findings[0]?.expected, "a secret the group depends on (created before it) or one declared pre-existing (secrets[].preexisting: true)");
            assert.strictEqual(
                findings[0]?.why,
                "links the Key Vault secret payments-api-key, which is not created before the group (the group does not depend on a Secret of that name) and not declared pre-existing; Azure DevOps lists the vault's secrets when it creates the group and rejects one the vault does not hold",
            );
            assert.deepStrictEqual(deployabilityFindings({ resources: [secret, g], preexistingSecrets: ["payments-api-key"] }), []);
        });

        it("flags a created secret the group does not wait for", () => {
            assert.deepStrictEqual(deployabilityFindings({ resources: [secret, group([])], preexistingSecrets: ["payments-api-key"] }).map((f) => f.path), ["variables[0].name"]);
        });

        it("reads pre-existing secrets from this project's config only", () => {
            const config = { "p:secrets": JSON.stringify([{ name: "a", source: "external", preexisting: true }, { name: "b", source: "external" }, { name: "c", source: "generate", preexisting: true }]) };
            assert.deepStrictEqual(preexistingSecretsFromConfig(config, "p"), ["a"]);
            assert.deepStrictEqual(preexistingSecretsFromConfig(config, "other"), []);
        });
    });

    it("flags an approver that no Azure DevOps identity lookup returned", () => {
        const check = res("check", "azuredevops:index/checkApproval:CheckApproval", { approvers: ["7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34", "aaaaaaaa-0000-0000-0000-000000000001"] });
        const invokes = [{ token: "azuredevops:index/getIdentityGroup:getIdentityGroup", inputs: { name: "[p]\\Approvers" }, outputs: { id: "AAAAAAAA-0000-0000-0000-000000000001" } }];
        const findings = deployabilityFindings({ resources: [check], invokes });
        assert.deepStrictEqual(findings.map((f) => [f.rule, f.path, f.found]), [["approver-not-devops-identity", "approvers[0]", '"7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34"']]);
        assert.strictEqual(findings[0]?.expected, "an Azure DevOps identity ID resolved by the provider (getIdentityGroup, getIdentityUsers, getUsers)");
        assert.strictEqual(
            findings[0]?.why,
            '7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34 is not an Azure DevOps identity resolved by the provider (getIdentityGroup, getIdentityUsers, getUsers); an Entra object ID or graph origin ID fails with "The following identities are invalid"',
        );
        assert.deepStrictEqual(deployabilityFindings({ resources: [check] }), [], "no invokes recorded (a saved plan): rule skipped");
    });

    describe("locked-scope-delete", () => {
        const lock = res("lock", "azure-native:authorization:ManagementLockByScope", { scope: VAULT, level: "CanNotDelete", lockName: "do-not-delete" });
        const ra = res("ra", "azure-native:authorization:RoleAssignment", { scope: VAULT, principalType: "Group", principalId: "p", roleDefinitionId: "r" });
        const diag = res("diag", "azure-native:monitor:DiagnosticSetting", { resourceUri: VAULT, name: "to-la" });
        const secret = res("secret", "azure-native:keyvault:Secret", { resourceGroupName: "rg", vaultName: "kv", secretName: "x" });
        const elsewhere = res("other", "azure-native:authorization:RoleAssignment", { scope: `${RG}/providers/Microsoft.Storage/storageAccounts/st`, principalType: "Group" });

        it("flags deletes and replaces under a CanNotDelete lock with the procedure", () => {
            const findings = deployabilityFindings({
                resources: [lock, diag],
                before: [lock, ra, diag, secret, elsewhere],
                changes: [
                    { op: "delete", urn: ra.urn },
                    { op: "replace", urn: diag.urn },
                    { op: "delete", urn: secret.urn },
                    { op: "delete", urn: elsewhere.urn },
                    { op: "update", urn: lock.urn },
                ],
            });
            assert.deepStrictEqual(findings.map((f) => [f.rule, f.urn]), [
                ["locked-scope-delete", ra.urn],
                ["locked-scope-delete", diag.urn],
                ["locked-scope-delete", secret.urn],
            ]);
            assert.deepStrictEqual(findings[0], {
                rule: "locked-scope-delete",
                urn: ra.urn,
                path: "(resource)",
                found: `a delete under a CanNotDelete lock (lock) on ${VAULT}`,
                expected: "no delete or replace under a CanNotDelete or ReadOnly lock while the lock is there",
                why: `would be deleted under ${VAULT}, which a CanNotDelete lock (lock) covers: ARM refuses the delete with 409 ScopeLocked and the update stops half-way`,
                fix: `remove the lock first, then let the stack put it back: az lock delete --ids ${VAULT}/providers/Microsoft.Authorization/locks/do-not-delete; pulumi refresh --yes; pulumi up (it deletes/replaces, then re-creates the lock). See README "Changing a locked production stack"`,
                source: "https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources",
            });
        });

        it("says nothing without a diff or without a lock", () => {
            assert.deepStrictEqual(deployabilityFindings({ resources: [lock, ra] }), []);
            assert.deepStrictEqual(deployabilityFindings({ resources: [], before: [ra], changes: [{ op: "delete", urn: ra.urn }] }), []);
        });

        it("knows what lives under a scope", () => {
            assert.strictEqual(isUnderScope(ra, VAULT.toUpperCase()), true);
            assert.strictEqual(isUnderScope(ra, `${VAULT}2`), false);
            assert.strictEqual(isUnderScope(secret, RG), true);
        });
    });

    describe("report (tools/deployability/report.ts)", () => {
        it("shows one headline, `path`: found X; must be Y, in text and Markdown, a hostile value kept inside its bullet", () => {
            const hostile = "a<!--`|\n- **injected**";
            const check = res("check", "azuredevops:index/checkApproval:CheckApproval", { approvers: [hostile] });
            const invokes = [{ token: "azuredevops:index/getIdentityGroup:getIdentityGroup", inputs: {}, outputs: { id: "x" } }];
            const [f] = deployabilityFindings({ resources: [check], invokes });
            assert.ok(f);
            const headline = deployabilityHeadline(f);
            assert.strictEqual(headline, `\`approvers[0]\`: found ${JSON.stringify(hostile)}; must be an Azure DevOps identity ID resolved by the provider (getIdentityGroup, getIdentityUsers, getUsers)`);
            assert.strictEqual(renderDeployabilityText([f]).split("\n")[1], `    [approver-not-devops-identity]  check  ${headline}`);
            const md = renderDeployabilityMarkdown([f]).split("\n");
            assert.strictEqual(md.length, 3, "one bullet");
            assert.ok(md[2]?.startsWith(`- \`approver-not-devops-identity\` (\`check\`) ${mdText(headline)}: `), md[2]);
            assert.ok(!md.join("\n").includes("<"), "no HTML can open");
        });

        it("every rule fills found, expected, fix and why", () => {
            const app = flexApp({ siteConfig: { alwaysOn: true, appSettings: [{ name: "WEBSITE_NODE_DEFAULT_VERSION", value: "secret-ish" }] }, functionAppConfig: { runtime: { name: "node", version: "18" } } });
            const filters = Array.from({ length: 26 }, (_, i) => ({ operatorType: "StringIn", key: "subject", values: [`s${i}`] }));
            const sub = res("sub", "azure-native:eventgrid:SystemTopicEventSubscription", {
                filter: { advancedFilters: filters },
                destination: { endpointType: "AzureFunction", resourceId: `${RG}/providers/Microsoft.Web/sites/func/functions/rotate` },
            });
            const ra = res("ra", "azure-native:authorization:RoleAssignment", { scope: VAULT, principalId: "p" });
            const vg = res("vg", "azuredevops:index/variableGroup:VariableGroup", { keyVault: { name: "kv" }, variables: [{ name: "x" }] });
            const check = res("check", "azuredevops:index/checkApproval:CheckApproval", { approvers: ["y"] });
            const lock = res("lock", "azure-native:authorization:ManagementLockByScope", { scope: VAULT, level: "CanNotDelete" });
            const findings = deployabilityFindings({
                resources: [plan, app, sub, ra, vg, check, lock],
                invokes: [],
                before: [lock, ra],
                changes: [{ op: "delete", urn: ra.urn }],
            });
            assert.deepStrictEqual([...new Set(findings.map((f) => f.rule))].sort(), [
                "approver-not-devops-identity",
                "eventgrid-advanced-filters",
                "eventgrid-filter-values",
                "eventgrid-function-not-deployed",
                "flex-app-setting",
                "flex-runtime-eol",
                "flex-site-config",
                "locked-scope-delete",
                "role-assignment-principal-type",
                "variable-group-secret-missing",
            ]);
            for (const f of findings) {
                for (const field of ["found", "expected", "fix", "why", "source"] as const) {
                    assert.ok(f[field].length > 0 && !f[field].includes("\n"), `${f.rule} ${field}: ${JSON.stringify(f)}`);
                }
                assert.ok(!f.found.includes("secret-ish"), "an app setting's value never shows");
            }
        });
    });
});
