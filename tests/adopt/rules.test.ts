import * as assert from "assert";
import { validateConfig } from "../../stack/config/load";
import { problems } from "../helpers/config";
import { rolesForAccessPolicy } from "../../tools/adopt/accessPolicies";
import { accessPolicyMigrationFindings } from "../../tools/adopt/migrationFindings";
import { preflight } from "../../tools/preflight/preflight";
import { diffPlans } from "../../tools/diff/diff";
import { renderDiffText, summaryLine } from "../../tools/diff/render";
import { emptyPlan, PlanDocument } from "../../tools/plan/render";
import { validateEnvironmentVaultArgs } from "../../components/environmentVault";
import { validateKeyVaultVariableGroupsArgs } from "../../components/variableGroups";
import { validateVaultSecretsArgs } from "../../components/vaultSecrets";
import { validateKeyVaultServiceConnectionArgs } from "../../components/serviceConnection";
import { importedId } from "../../tools/plan/mocks";
import { environmentVariableName } from "../../stack/pipelineVariables";
import * as fs from "fs";
import * as path from "path";
import { parseSecretList, parseVariableGroup, parseVault } from "../../tools/adopt/azOutput";
import { adoptedConfig } from "../../tools/adopt/stackConfig";
import { adoptionDrift } from "../../tools/adopt/drift";
import { REPO_ROOT } from "../helpers/pulumi";

const VAULT_ID = "/subscriptions/6b4a3b7e-2c1d-4f5e-9a8b-1c2d3e4f5a6b/resourceGroups/rg-payments-prod/providers/Microsoft.KeyVault/vaults/kv-payments-prod";
const ADMINS = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";

function raw(patch: (r: Record<string, unknown>) => void = () => undefined): Record<string, unknown> {
    const r: Record<string, unknown> = {
        environment: "staging",
        location: "westeurope",
        resourceGroupName: "rg-payments-prod",
        vault: { name: "kv-payments-prod", network: { ipRules: ["20.67.128.0/22"] } },
        secrets: [
            { name: "DatabaseConnectionString", source: "external", preexisting: true },
            { name: "JwtSigningKey", source: "external", preexisting: true },
        ],
        adopt: { vaultId: VAULT_ID, secrets: [{ name: "DatabaseConnectionString", expires: "2027-01-15T00:00:00Z" }, { name: "JwtSigningKey" }] },
        secretValueNames: [],
    };
    patch(r);
    return r;
}

describe("adoption config: PascalCase names, a fixed vault name, the adopt section", () => {
    it("accepts every name Key Vault accepts, PascalCase included, and a fixed vault name", () => {
        const config = validateConfig(raw());
        assert.deepStrictEqual(config.secrets.map((s) => s.name), ["DatabaseConnectionString", "JwtSigningKey"]);
        assert.strictEqual(config.vault.name, "kv-payments-prod");
        assert.deepStrictEqual(config.adopt?.secrets, [{ name: "DatabaseConnectionString", expires: "2027-01-15T00:00:00Z" }, { name: "JwtSigningKey" }]);
    });

    it("rejects two secrets whose names differ only by case (Key Vault names are case-insensitive)", () => {
        const found = problems(raw((r) => ((r.secrets as unknown[]).push({ name: "databaseConnectionString", source: "external" }), (r.adopt = undefined))));
        assert.deepStrictEqual(found, [
            '`secrets[2].name`: found "databaseConnectionString"; must be a name not used by another secret, ignoring case (Key Vault names are case-insensitive; secrets[0] is "DatabaseConnectionString"). Fix: rename one of them',
        ]);
    });

    it("rejects a vault name Key Vault rejects", () => {
        for (const name of ["kv--payments", "1kv-payments", "kv-payments-", "kv", "kv_payments", "k".repeat(25)]) {
            const found = problems(raw((r) => ((r.vault = { name }), (r.adopt = undefined))));
            assert.strictEqual(
                found[0],
                `\`vault.name\`: found "${name}"; must be a Key Vault name: 3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no consecutive hyphens. Fix: pulumi config set --path 'vault.name' kv-<project>-<environment>`,
                name,
            );
        }
    });

    it("requires the adopted vault's own name and resource group", () => {
        const found = problems(raw((r) => ((r.vault = { name: "kv-other" }), (r.resourceGroupName = undefined))));
        assert.deepStrictEqual(found, [
            "`vault.name`: found \"kv-other\"; must be the adopted vault's name, kv-payments-prod (adopt.vaultId names it; a generated or different name would create a new vault instead). Fix: pulumi config set --path 'vault.name' kv-payments-prod",
            "`resourceGroupName`: not set; must be the adopted vault's resource group, rg-payments-prod (adopt.vaultId is in it; the stack would otherwise look for the vault in another group). Fix: pulumi config set resourceGroupName rg-payments-prod",
        ]);
    });

    it("adopts a secret only as an external one of `secrets` (its value is never written)", () => {
        const found = problems(
            raw((r) => {
                (r.secrets as Array<Record<string, unknown>>)[1] = { name: "JwtSigningKey", source: "generate" };
                (r.adopt as { secrets: unknown[] }).secrets.push({ name: "StripeApiKey" });
            }),
        );
        assert.deepStrictEqual(found, [
            "`secrets[1].source`: found \"generate\"; must be external for an adopted secret (JwtSigningKey is in adopt.secrets: the stack takes it over without writing its value; a config or generated source would write a new version on the first `pulumi up`). Fix: pulumi config set --path 'secrets[1].source' external (after the adoption, switch it to config or generate to let the stack write its value)",
            "`adopt.secrets[2].name`: found \"StripeApiKey\"; must be the exact name of a secret in `secrets` (known: DatabaseConnectionString, JwtSigningKey). Fix: add { name: StripeApiKey, source: external, preexisting: true } to secrets",
        ]);
    });

    it("rejects a malformed vault ID and an adopted variable group the config does not declare", () => {
        const found = problems(raw((r) => ((r.adopt = { vaultId: "kv-payments-prod", variableGroups: { "payments-prod": 42 } }), (r.vault = { name: "kv-payments-prod" }))));
        assert.deepStrictEqual(found, [
            "`adopt.vaultId`: found \"kv-payments-prod\"; must be a Key Vault resource ID: /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>. Fix: pulumi config set --path 'adopt.vaultId' \"$(az keyvault show --name <vault> --query id -o tsv)\"",
            "`adopt.variableGroups.payments-prod`: found 42; must be the name of a group in devops.variableGroups, exactly (known: none). Fix: add { name: payments-prod, secrets: [...], pipelines: [...] } to devops.variableGroups, or remove it here",
        ]);
    });
});

describe("access policies → RBAC roles (rbac-migration mapping)", () => {
    const policy = (permissions: Partial<Record<"keys" | "secrets" | "certificates" | "storage", string[]>>) => ({
        permissions: { keys: [], secrets: [], certificates: [], storage: [], ...permissions },
    });

    it("maps reads to the User roles and management to the Officer roles, per object kind", () => {
        assert.deepStrictEqual(rolesForAccessPolicy(policy({ secrets: ["Get", "List"] })).map((r) => [r.role, r.home]), [["Key Vault Secrets User", "extraRoles"]]);
        assert.deepStrictEqual(
            rolesForAccessPolicy(policy({ secrets: ["get", "set"], keys: ["get", "create"], certificates: ["get", "managecontacts"] })).map((r) => [r.role, r.home]),
            [
                ["Key Vault Secrets Officer", "secretsOfficers"],
                ["Key Vault Crypto Officer", "manual"],
                ["Key Vault Certificates Officer", "manual"],
            ],
        );
        assert.deepStrictEqual(rolesForAccessPolicy(policy({ keys: ["unwrapKey", "wrapKey"], certificates: ["list"] })).map((r) => r.role), ["Key Vault Crypto User", "Key Vault Certificate User"]);
        assert.deepStrictEqual(rolesForAccessPolicy(policy({ secrets: ["all"] })).map((r) => r.role), ["Key Vault Secrets Officer"]);
        assert.deepStrictEqual(rolesForAccessPolicy(policy({ storage: ["get"] })), []);
    });

    it("preflight reports an access-policy principal the config does not grant as an error, with the entry or command to add", () => {
        const config = {
            environment: "staging",
            adopt: {
                vaultId: VAULT_ID,
                accessPolicies: [{ objectId: ADMINS, permissions: { secrets: ["get", "list", "set"], keys: ["create"], certificates: [], storage: ["get"] } }],
            },
        };
        const findings = accessPolicyMigrationFindings(config);
        assert.deepStrictEqual(
            findings.map((f) => [f.check, f.severity, f.path]),
            [
                ["access-policy-migration", "error", "adopt.accessPolicies[0]"],
                ["access-policy-migration", "warning", "adopt.accessPolicies"],
            ],
        );
        assert.strictEqual(findings[0]?.found, `access policy of ${ADMINS}, the config not granting Key Vault Secrets Officer, Key Vault Crypto Officer, storage permissions get`);
        assert.strictEqual(findings[0]?.expected, "a role assignment on the vault for each role it maps to: Key Vault Secrets Officer, Key Vault Crypto Officer");
        assert.strictEqual(findings[1]?.found, "1 access policy on a vault the stack switches to RBAC authorization (enableRbacAuthorization: true)");
        assert.strictEqual(findings[1]?.expected, "a role assignment for every principal they list before the first `pulumi up`, which cuts the policies off");
        assert.strictEqual(
            findings[0]?.why,
            [
                `Access policy of ${ADMINS} maps to these role assignments on the vault:`,
                "  Key Vault Secrets Officer (replaces secrets: get, list, set)",
                "  Key Vault Crypto Officer (replaces keys: create)",
                "  storage: get: managed storage account keys have no RBAC equivalent (they work with access policies only)",
            ].join("\n"),
        );
        assert.strictEqual(
            findings[0]?.fix,
            [
                "Add to Pulumi.<stack>.yaml (the stack creates these), or run (roles the stack does not grant):",
                `access.secretsOfficers: - { principalId: ${ADMINS}, principalType: <User|Group|ServicePrincipal> }`,
                `az role assignment create --assignee-object-id ${ADMINS} --assignee-principal-type <User|Group|ServicePrincipal> --role 'Key Vault Crypto Officer' --scope '${VAULT_ID}'`,
            ].join("\n"),
        );
        // The same config with the officer granted: only the Crypto Officer remains.
        const granted = accessPolicyMigrationFindings({ ...config, access: { secretsOfficers: [ADMINS] } });
        assert.match(granted[0]?.fix ?? "", /^Add to[^\n]*\naz role assignment create [^\n]*Key Vault Crypto Officer/);
        // Only a role the config cannot grant is left: a warning (the az command), not an error that could never clear.
        assert.strictEqual(granted[0]?.severity, "warning");
        assert.ok(preflight({ config }).some((f) => f.check === "access-policy-migration"), "preflight runs the check");
    });
});

describe("PascalCase names across the tools", () => {
    it("preflight still catches a variable that differs from a PascalCase secret only by case", () => {
        const findings = preflight({
            config: {
                environment: "staging",
                secrets: [{ name: "DatabaseConnectionString", source: "generate" }],
                devops: { organizationUrl: "https://dev.azure.com/contoso", project: "p", variableGroups: [{ name: "g", secrets: ["databaseConnectionString"], pipelines: [1] }] },
            },
        });
        assert.deepStrictEqual(findings.filter((f) => f.check === "secret-name-case").map((f) => f.fix), [
            "Write the secret's exact name: pulumi config set --path 'devops.variableGroups[0].secrets[0]' DatabaseConnectionString",
        ]);
    });

    it("pipeline-vars maps DatabaseConnectionString to DATABASE_CONNECTION_STRING", () => {
        assert.strictEqual(environmentVariableName("DatabaseConnectionString"), "DATABASE_CONNECTION_STRING");
    });
});

describe("components: fixed names and import IDs", () => {
    const vaultArgs = { projectName: "keyvault-devops", environment: "production", location: "westeurope", resourceGroupName: "rg-payments-prod" };

    it("EnvironmentVault checks a fixed name and that the import ID names that vault in that group", () => {
        assert.doesNotThrow(() => validateEnvironmentVaultArgs({ ...vaultArgs, vaultName: "kv-payments-prod", importId: VAULT_ID }));
        assert.throws(() => validateEnvironmentVaultArgs({ ...vaultArgs, vaultName: "kv--x" }), /vaultName "kv--x" is not a Key Vault name/);
        assert.throws(() => validateEnvironmentVaultArgs({ ...vaultArgs, importId: VAULT_ID }), /importId names vault "kv-payments-prod", so vaultName must be "kv-payments-prod" \(found: not set\)/);
        assert.throws(
            () => validateEnvironmentVaultArgs({ ...vaultArgs, resourceGroupName: "rg-other", vaultName: "kv-payments-prod", importId: VAULT_ID }),
            /importId is in resource group "rg-payments-prod", not "rg-other"/,
        );
    });

    it("VaultSecrets adopts external secrets only; KeyVaultVariableGroups imports declared groups only", () => {
        assert.throws(
            () => validateVaultSecretsArgs({ resourceGroupName: "rg", vaultName: "kv", secrets: [{ name: "JwtSigningKey", source: "generate" }], adopted: { JwtSigningKey: { importId: `${VAULT_ID}/secrets/JwtSigningKey` } } }),
            /adopted secret "JwtSigningKey" must be an external secret/,
        );
        assert.throws(
            () =>
                validateKeyVaultVariableGroupsArgs({
                    projectId: "p",
                    environment: "production",
                    vaultName: "kv",
                    serviceConnectionId: "sc",
                    knownSecretNames: ["A"],
                    groups: [{ name: "g", secrets: ["A"], pipelines: [1] }],
                    roleAssignment: undefined as never,
                    importIds: { other: "p/1" },
                }),
            /importIds names group "other", which is not in groups/,
        );
    });

    it("KeyVaultServiceConnection imports only in create mode; the config says so for adopt.serviceConnectionId", () => {
        assert.throws(
            () => validateKeyVaultServiceConnectionArgs({ projectId: "p", environment: "production", projectName: "x", mode: "existing", existingServiceConnectionId: ADMINS, existingPrincipalObjectId: ADMINS, importId: `p/${ADMINS}` }),
            /importId is for mode create only/,
        );
        const found = problems(
            raw((r) => {
                r.devops = { organizationUrl: "https://dev.azure.com/contoso", project: "payments", serviceConnection: { mode: "existing", id: ADMINS, principalObjectId: ADMINS } };
                (r.adopt as Record<string, unknown>).serviceConnectionId = ADMINS;
                (r.adopt as Record<string, unknown>).environmentId = 7;
            }),
        );
        assert.deepStrictEqual(found, [
            "`adopt.serviceConnectionId`: found \"9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35\"; must be unset with devops.serviceConnection.mode existing (the stack only reads an existing connection; nothing to import). Fix: pulumi config rm --path 'adopt.serviceConnectionId'",
            "`adopt.environmentId`: found 7; must be set only with devops.approvals (the stack manages the Azure DevOps environment only to put the approval check on it). Fix: pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers', or pulumi config rm --path 'adopt.environmentId'",
            "`adopt.projectId`: not set; must be the project's ID (a GUID) when adopting an environment (its import ID is <projectId>/<environmentId>). Fix: pulumi config set --path 'adopt.projectId' \"$(az devops project show --project <project> --query id -o tsv)\"",
        ]);
    });

    it("the plan gives an imported Azure DevOps resource the provider's ID (the last part of its import ID), an ARM resource its ARM ID", () => {
        assert.strictEqual(importedId("azuredevops:index/variableGroup:VariableGroup", "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0/42"), "42");
        assert.strictEqual(importedId("azure-native:keyvault:Vault", VAULT_ID), VAULT_ID);
    });
});

describe("plan diffs: an adopted resource is an import, not a create", () => {
    const doc = (options?: Record<string, unknown>): PlanDocument => ({
        project: "p",
        stack: "s",
        resources: [{ urn: "urn:pulumi:s::p::azure-native:keyvault:Vault::v", type: "azure-native:keyvault:Vault", name: "v", inputs: { vaultName: "kv" }, dependencies: [], protect: false, ...(options ? { options } : {}) }],
        outputs: {},
        policies: { violations: [] },
    });

    it("counts and renders it as import (=), and leaves plans without imports as they were", () => {
        const adopted = diffPlans(emptyPlan("p", "s"), doc({ import: VAULT_ID }));
        assert.deepStrictEqual(adopted.changes.map((c) => c.op), ["import"]);
        assert.strictEqual(summaryLine(adopted), "0 to create, 1 to import, 0 to update, 0 to replace, 0 to delete, 0 unchanged");
        assert.match(renderDiffText(adopted), /^ = import {3}azure-native:keyvault:Vault {2}v\n {8}vaultName: "kv"$/m);
        const created = diffPlans(emptyPlan("p", "s"), doc());
        assert.strictEqual(summaryLine(created), "1 to create, 0 to update, 0 to replace, 0 to delete, 0 unchanged");
        // Once in the old plan (imported), the import option changes nothing.
        assert.deepStrictEqual(diffPlans(doc({ import: VAULT_ID }), doc()).changes, []);
    });
});

describe("npm run adopt: one principalType per access-policy principal", () => {
    it("gives every role assignment of a principal the same assumed type (Azure refuses a mismatched one: UnmatchedPrincipalType)", () => {
        const vault = parseVault("vault.json", JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests", "adopt", "fixtures", "vault.json"), "utf8")));
        const { config } = adoptedConfig(vault, [], [], { environment: "staging", pipelines: [], approvers: [], principalTypes: {} });
        const access = config.access as { secretsOfficers: { principalId: string; principalType: string }[]; extraRoles: { principalId: string; principalType: string }[] };
        const types = [...access.secretsOfficers, ...access.extraRoles].filter((g) => g.principalId === ADMINS).map((g) => g.principalType);
        assert.strictEqual(types.length, 3);
        assert.deepStrictEqual([...new Set(types)], ["Group"]);
    });
});

describe("npm run adopt: a group linking a certificate's secret", () => {
    it("says the linked secret backs a certificate, not that the secret list is stale", () => {
        const read = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests", "adopt", "fixtures", name), "utf8"));
        const vault = parseVault("vault.json", read("vault.json"));
        const list = read("secrets.json") as Record<string, unknown>[];
        list.push({ id: "https://kv-payments-prod.vault.azure.net/secrets/TlsCert", name: "TlsCert", managed: true, attributes: { enabled: true } });
        const group = read("variable-group.json") as Record<string, Record<string, unknown>>;
        group.variables = { ...group.variables, TlsCert: { enabled: true, isSecret: true } };
        assert.throws(
            () =>
                adoptedConfig(vault, parseSecretList("secrets.json", list, vault.name), [parseVariableGroup("vg.json", group)], {
                    environment: "staging", organizationUrl: "https://dev.azure.com/contoso", serviceConnectionPrincipalId: "5d3c2b1a-9f8e-4d7c-8b6a-0f1e2d3c4b5a",
                    pipelines: [12], geography: "Europe", approvers: [], principalTypes: {},
                }),
            /variable group payments-production links TlsCert, the secret behind a certificate \(managed: true/,
        );
    });
});

describe("npm run adopt: the vault's enabledFor* switches", () => {
    it("records them, warns that the stack turns them off, and the drift report shows the change", () => {
        const json = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests", "adopt", "fixtures", "vault.json"), "utf8")) as { properties: Record<string, unknown> };
        json.properties.enabledForTemplateDeployment = true;
        const { config, notes } = adoptedConfig(parseVault("vault.json", json), [], [], { environment: "staging", pipelines: [], approvers: [], principalTypes: {} });
        const adopt = config.adopt as { observedVault: Record<string, unknown> };
        assert.strictEqual(adopt.observedVault.enabledForTemplateDeployment, true);
        assert.strictEqual(adopt.observedVault.enabledForDeployment, false);
        assert.ok(notes.some((n) => n.level === "warning" && n.message.includes("enabledForTemplateDeployment on; the stack turns it off")), JSON.stringify(notes));
        const vault = {
            urn: "urn:pulumi:staging::keyvault-devops::azure-native:keyvault:Vault::staging-vault",
            type: "azure-native:keyvault:Vault",
            name: "staging-vault",
            custom: true,
            importId: VAULT_ID,
            inputs: { properties: { enabledForDeployment: false, enabledForDiskEncryption: false, enabledForTemplateDeployment: false } },
        };
        const lines = adoptionDrift([vault as never], adopt)[0]?.lines ?? [];
        const line = (p: string) => lines.find((l) => l.path === p);
        assert.deepStrictEqual(line("properties.enabledForTemplateDeployment"), { path: "properties.enabledForTemplateDeployment", observed: "true", enforced: "false", changes: true });
        assert.strictEqual(line("properties.enabledForDeployment")?.changes, false);
    });
});

describe("npm run adopt: the vault's SKU", () => {
    it("keeps a premium vault premium whatever the case az printed (standard would downgrade it)", () => {
        const json = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "tests", "adopt", "fixtures", "vault.json"), "utf8")) as { properties: { sku: { name: string } } };
        json.properties.sku.name = "Premium";
        const { config } = adoptedConfig(parseVault("vault.json", json), [], [], { environment: "staging", pipelines: [], approvers: [], principalTypes: {} });
        assert.strictEqual((config.vault as { sku: string }).sku, "premium");
    });
});
