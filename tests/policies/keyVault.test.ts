import { strict as assert } from "assert";
import {
    keyVaultDiagnosticAuditLogs,
    keyVaultFirewallDefaultDeny,
    keyVaultNameRules,
    keyVaultPremiumSkuProduction,
    keyVaultProductionDeletionGuard,
    keyVaultPublicNetworkAccess,
    keyVaultPurgeProtection,
    keyVaultRbacAuthorization,
    keyVaultSoftDeleteRetention,
} from "keyvault-devops-policies/bin/keyVault";
import { compliantStack, named, replaceIn, SUB, T, vault, vaultId } from "./fixtures";
import {
    checkResource,
    checkStack,
    DELETE,
    ENGINE_UNKNOWN,
    PLAN_UNKNOWN,
    stackMessages,
    TestResource,
    urnOf,
    withProp,
} from "./helpers";

const STAGING = "Key Vault 'kv-app-staging'";
const VAULT_URN = urnOf(T.Vault, "vault", "staging");
const PROD_VAULT_URN = urnOf(T.Vault, "vault", "production");

function vaultWith(path: ReadonlyArray<string | number>, value: unknown, environment = "staging"): TestResource {
    return withProp(vault(environment), path, value);
}

describe("policies: Key Vault", () => {
    describe("keyvault-rbac-authorization", () => {
        const policy = keyVaultRbacAuthorization;

        it("accepts a vault with RBAC authorization and no access policies", async () => {
            assert.deepEqual(await checkResource(policy, vault()), []);
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "accessPolicies"], [])), []);
        });

        it("rejects enableRbacAuthorization false", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableRbacAuthorization"], false)), [
                `${STAGING} must set enableRbacAuthorization to true (found: false)`,
            ]);
        });

        it("rejects enableRbacAuthorization not set", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableRbacAuthorization"], DELETE)), [
                `${STAGING} must set enableRbacAuthorization to true (found: not set)`,
            ]);
        });

        it("rejects access policies", async () => {
            const policies = [{ tenantId: "t", objectId: "o", permissions: { secrets: ["get"] } }];
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "accessPolicies"], policies)), [
                `${STAGING} must not define accessPolicies (grant access with Azure RBAC role assignments) (found: 1 access policy)`,
            ]);
        });

        it("names the vault by its logical name when vaultName is not set", async () => {
            const r = withProp(vaultWith(["properties", "enableRbacAuthorization"], false), ["vaultName"], DELETE);
            assert.deepEqual(await checkResource(policy, r), [
                "Key Vault 'vault' must set enableRbacAuthorization to true (found: false)",
            ]);
        });

        it("says nothing when the values are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableRbacAuthorization"], u)), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "accessPolicies"], u)), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties"], u)), []);
            }
        });

        it("ignores other resource types", async () => {
            const r: TestResource = { type: T.Secret, name: "s", props: { properties: { enableRbacAuthorization: false } } };
            assert.deepEqual(await checkResource(policy, r), []);
        });

        it("recognises azure-native's versioned type tokens", async () => {
            const r = { ...vaultWith(["properties", "enableRbacAuthorization"], false), type: "azure-native:keyvault/v20230701:Vault" };
            assert.equal((await checkResource(policy, r)).length, 1);
        });
    });

    describe("keyvault-firewall-default-deny", () => {
        const policy = keyVaultFirewallDefaultDeny;

        it("accepts defaultAction Deny", async () => {
            assert.deepEqual(await checkResource(policy, vault()), []);
        });

        it("rejects defaultAction Allow", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "networkAcls", "defaultAction"], "Allow")), [
                `${STAGING} must set networkAcls.defaultAction to Deny (found: Allow)`,
            ]);
        });

        it("rejects a vault without networkAcls", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "networkAcls"], DELETE)), [
                `${STAGING} must set networkAcls.defaultAction to Deny (found: not set)`,
            ]);
        });

        it("says nothing when defaultAction or networkAcls is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "networkAcls", "defaultAction"], u)), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "networkAcls"], u)), []);
            }
        });
    });

    describe("keyvault-public-network-access", () => {
        const policy = keyVaultPublicNetworkAccess;

        it("accepts public network access disabled, even with an open firewall", async () => {
            assert.deepEqual(await checkResource(policy, vault()), []);
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "networkAcls", "defaultAction"], "Allow")), []);
        });

        it("accepts public network access enabled behind a default-deny firewall", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "publicNetworkAccess"], "Enabled")), []);
        });

        it("rejects public network access enabled with defaultAction Allow", async () => {
            const r = withProp(vaultWith(["properties", "publicNetworkAccess"], "Enabled"), ["properties", "networkAcls", "defaultAction"], "Allow");
            assert.deepEqual(await checkResource(policy, r), [
                `${STAGING} must set publicNetworkAccess to Disabled or restrict it with networkAcls.defaultAction Deny (found: publicNetworkAccess Enabled, networkAcls.defaultAction Allow)`,
            ]);
        });

        it("rejects public network access not set and no firewall", async () => {
            const r = withProp(vaultWith(["properties", "publicNetworkAccess"], DELETE), ["properties", "networkAcls"], DELETE);
            assert.deepEqual(await checkResource(policy, r), [
                `${STAGING} must set publicNetworkAccess to Disabled or restrict it with networkAcls.defaultAction Deny (found: publicNetworkAccess not set, networkAcls.defaultAction not set)`,
            ]);
        });

        it("rejects a firewall rule that allows every address", async () => {
            const r = withProp(vaultWith(["properties", "publicNetworkAccess"], "Enabled"), ["properties", "networkAcls", "ipRules"], [
                { value: "203.0.113.10/32" },
                { value: "0.0.0.0/0" },
            ]);
            assert.deepEqual(await checkResource(policy, r), [
                `${STAGING} must not allow every public address in networkAcls.ipRules (found: 0.0.0.0/0)`,
            ]);
        });

        it("says nothing when publicNetworkAccess, defaultAction or a rule is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                const open = withProp(vaultWith(["properties", "networkAcls", "defaultAction"], "Allow"), ["properties", "publicNetworkAccess"], u);
                assert.deepEqual(await checkResource(policy, open), []);
                const enabled = withProp(vaultWith(["properties", "publicNetworkAccess"], "Enabled"), ["properties", "networkAcls", "defaultAction"], u);
                assert.deepEqual(await checkResource(policy, enabled), []);
                const rules = withProp(vaultWith(["properties", "publicNetworkAccess"], "Enabled"), ["properties", "networkAcls", "ipRules"], [{ value: u }, u]);
                assert.deepEqual(await checkResource(policy, rules), []);
            }
        });
    });

    describe("keyvault-purge-protection", () => {
        const policy = keyVaultPurgeProtection;

        it("accepts purge protection on", async () => {
            assert.deepEqual(await checkResource(policy, vault()), []);
        });

        it("rejects purge protection off", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enablePurgeProtection"], false)), [
                `${STAGING} must set enablePurgeProtection to true (found: false)`,
            ]);
        });

        it("rejects purge protection not set", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enablePurgeProtection"], DELETE)), [
                `${STAGING} must set enablePurgeProtection to true (found: not set)`,
            ]);
        });

        it("says nothing when it is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enablePurgeProtection"], u)), []);
            }
        });
    });

    describe("keyvault-soft-delete-retention", () => {
        const policy = keyVaultSoftDeleteRetention;

        it("accepts soft delete with 7 to 90 days, or the default retention", async () => {
            for (const days of [7, 30, 90]) {
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "softDeleteRetentionInDays"], days)), []);
            }
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "softDeleteRetentionInDays"], DELETE)), []);
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableSoftDelete"], DELETE)), []);
        });

        it("rejects soft delete disabled", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableSoftDelete"], false)), [
                `${STAGING} must keep soft delete enabled (enableSoftDelete true) (found: false)`,
            ]);
        });

        it("rejects a retention under 7 days", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "softDeleteRetentionInDays"], 5)), [
                `${STAGING} must set softDeleteRetentionInDays between 7 and 90 (found: 5)`,
            ]);
        });

        it("rejects a retention over 90 days", async () => {
            assert.deepEqual(await checkResource(policy, vaultWith(["properties", "softDeleteRetentionInDays"], 120)), [
                `${STAGING} must set softDeleteRetentionInDays between 7 and 90 (found: 120)`,
            ]);
        });

        it("applies the configured minimum", async () => {
            const r = vaultWith(["properties", "softDeleteRetentionInDays"], 30);
            assert.deepEqual(await checkResource(policy, r, { minRetentionDays: 90 }), [
                `${STAGING} must set softDeleteRetentionInDays between 90 and 90 (found: 30)`,
            ]);
            assert.deepEqual(await checkResource(policy, r, { minRetentionDays: 30 }), []);
        });

        it("says nothing when the values are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "softDeleteRetentionInDays"], u)), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "enableSoftDelete"], u)), []);
            }
        });
    });

    describe("keyvault-name-rules", () => {
        const policy = keyVaultNameRules;
        const named = (name: string): TestResource => vaultWith(["vaultName"], name);

        it("accepts valid names, and auto-named vaults", async () => {
            for (const name of ["kv-app-staging", "kv1", "K-v-1", "a".repeat(24)]) {
                assert.deepEqual(await checkResource(policy, named(name)), [], name);
            }
            assert.deepEqual(await checkResource(policy, vaultWith(["vaultName"], DELETE)), []);
        });

        it("rejects a name shorter than 3 characters", async () => {
            assert.deepEqual(await checkResource(policy, named("kv")), [
                "Key Vault 'kv' must have a name of 3-24 characters (found: 2 characters)",
            ]);
        });

        it("rejects a name longer than 24 characters", async () => {
            assert.deepEqual(await checkResource(policy, named("kv-application-production")), [
                "Key Vault 'kv-application-production' must have a name of 3-24 characters (found: 25 characters)",
            ]);
        });

        it("rejects a name that does not start with a letter", async () => {
            assert.deepEqual(await checkResource(policy, named("1kv-app")), [
                "Key Vault '1kv-app' must have a name that starts with a letter (found: 1)",
            ]);
        });

        it("rejects characters other than letters, digits and hyphens", async () => {
            assert.deepEqual(await checkResource(policy, named("kv_app.prod")), [
                "Key Vault 'kv_app.prod' must have a name of letters, digits and hyphens only (found: _ .)",
            ]);
        });

        it("rejects consecutive hyphens", async () => {
            assert.deepEqual(await checkResource(policy, named("kv--app")), [
                "Key Vault 'kv--app' must have a name without consecutive hyphens (found: kv--app)",
            ]);
        });

        it("rejects a trailing hyphen", async () => {
            assert.deepEqual(await checkResource(policy, named("kv-app-")), [
                "Key Vault 'kv-app-' must have a name that does not end with a hyphen (found: kv-app-)",
            ]);
        });

        it("says nothing when the name is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, named(u)), []);
            }
        });
    });

    describe("keyvault-premium-sku-production", () => {
        const policy = keyVaultPremiumSkuProduction;
        const PROD = "Key Vault 'kv-app-production'";

        it("accepts premium in production and any SKU elsewhere", async () => {
            assert.deepEqual(await checkResource(policy, vault("production")), []);
            assert.deepEqual(await checkResource(policy, vault("staging")), []);
            assert.deepEqual(await checkResource(policy, vaultWith(["tags"], DELETE)), []);
        });

        it("rejects the standard SKU in production", async () => {
            const r = vaultWith(["properties", "sku", "name"], "standard", "production");
            assert.deepEqual(await checkResource(policy, r), [`${PROD} must use the premium SKU in production (found: standard)`]);
        });

        it("matches the environment tag case-insensitively, and uses productionEnvironment", async () => {
            const r = withProp(vaultWith(["properties", "sku", "name"], "standard"), ["tags", "Environment"], "PROD");
            const untagged = withProp(r, ["tags", "environment"], DELETE);
            assert.deepEqual(await checkResource(policy, untagged), []);
            assert.deepEqual(await checkResource(policy, untagged, { productionEnvironment: "prod" }), [
                `${STAGING} must use the premium SKU in production (found: standard)`,
            ]);
        });

        it("says nothing when the environment tag or the SKU is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                const standard = vaultWith(["properties", "sku", "name"], "standard", "production");
                assert.deepEqual(await checkResource(policy, withProp(standard, ["tags", "environment"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(standard, ["tags"], u)), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "sku", "name"], u, "production")), []);
                assert.deepEqual(await checkResource(policy, vaultWith(["properties", "sku"], u, "production")), []);
            }
        });
    });

    describe("keyvault-diagnostic-audit-logs", () => {
        const policy = keyVaultDiagnosticAuditLogs;
        const base = (): TestResource[] => compliantStack("staging");
        const editDiag = (edit: (r: TestResource) => TestResource | undefined): TestResource[] =>
            replaceIn(base(), "vault-diagnostics", edit);
        const REQ = `${STAGING} must have a diagnostic setting sending audit logs to a Log Analytics workspace`;

        it("accepts an audit, allLogs or AuditEvent setting matched by id, by property dependency or by id prefix", async () => {
            assert.deepEqual(await checkStack(policy, base()), []);
            assert.deepEqual(await checkStack(policy, compliantStack("staging", { propertyDependencies: true })), []);
            for (const log of [{ categoryGroup: "allLogs", enabled: true }, { category: "AuditEvent", enabled: true }]) {
                assert.deepEqual(await checkStack(policy, editDiag((r) => withProp(r, ["logs"], [log]))), []);
            }
            const byIdOnly = editDiag((r) => withProp(r, ["resourceUri"], DELETE));
            assert.deepEqual(await checkStack(policy, byIdOnly), []);
            const lowerCase = editDiag((r) => withProp(r, ["resourceUri"], vaultId("staging").toLowerCase()));
            assert.deepEqual(await checkStack(policy, lowerCase), []);
        });

        it("rejects a vault without a diagnostic setting", async () => {
            assert.deepEqual(await checkStack(policy, editDiag(() => undefined)), [
                { message: `${REQ} (found: no diagnostic setting)`, urn: VAULT_URN },
            ]);
        });

        it("rejects a setting for another resource", async () => {
            const other = `${SUB}/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st1`;
            const stack = editDiag((r) => withProp(withProp(r, ["resourceUri"], other), ["id"], `${other}/providers/Microsoft.Insights/diagnosticSettings/x`));
            assert.deepEqual(await stackMessages(policy, stack), [`${REQ} (found: no diagnostic setting)`]);
        });

        it("rejects a setting without a Log Analytics workspace", async () => {
            const stack = editDiag((r) => withProp(r, ["workspaceId"], DELETE));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: diagnostic setting 'kv-audit' with no workspaceId)`,
            ]);
        });

        it("rejects a setting without audit logs", async () => {
            const stack = editDiag((r) => withProp(r, ["logs"], [{ category: "AzurePolicyEvaluationDetails", enabled: true }]));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: diagnostic setting 'kv-audit' with no enabled allLogs, audit or AuditEvent log)`,
            ]);
        });

        it("rejects a setting whose audit log is disabled, and one with neither", async () => {
            const disabled = editDiag((r) => withProp(r, ["logs", 0, "enabled"], false));
            assert.deepEqual(await stackMessages(policy, disabled), [
                `${REQ} (found: diagnostic setting 'kv-audit' with no enabled allLogs, audit or AuditEvent log)`,
            ]);
            const neither = editDiag((r) => withProp(withProp(r, ["logs"], DELETE), ["workspaceId"], ""));
            assert.deepEqual(await stackMessages(policy, neither), [
                `${REQ} (found: diagnostic setting 'kv-audit' with no workspaceId and no enabled allLogs, audit or AuditEvent log)`,
            ]);
        });

        it("says nothing when the setting's target, workspace or logs are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                // A new vault's id is unknown in preview; the setting's resourceUri (vault.id) is then unknown too.
                const preview = editDiag((r) => withProp(withProp(r, ["resourceUri"], u), ["id"], u));
                assert.deepEqual(await checkStack(policy, replaceIn(preview, "vault", (v) => withProp(v, ["id"], u))), []);
                const noWorkspace = editDiag((r) => withProp(r, ["logs"], [{ categoryGroup: u, enabled: true }]));
                assert.deepEqual(await checkStack(policy, withWorkspace(noWorkspace, u)), []);
                assert.deepEqual(await checkStack(policy, editDiag((r) => withProp(r, ["logs"], u))), []);
                assert.deepEqual(await checkStack(policy, editDiag((r) => withProp(r, ["logs", 0, "enabled"], u))), []);
            }
        });

        it("matches an unknown vault id through the property dependency", async () => {
            const stack = replaceIn(compliantStack("staging", { propertyDependencies: true }), "vault", (v) =>
                withProp(v, ["id"], ENGINE_UNKNOWN),
            );
            const broken = replaceIn(stack, "vault-diagnostics", (r) => withProp(withProp(r, ["resourceUri"], ENGINE_UNKNOWN), ["workspaceId"], DELETE));
            assert.deepEqual(await stackMessages(policy, broken), [
                `${REQ} (found: diagnostic setting 'kv-audit' with no workspaceId)`,
            ]);
        });

        function withWorkspace(stack: TestResource[], value: unknown): TestResource[] {
            return replaceIn(stack, "vault-diagnostics", (r) => withProp(r, ["workspaceId"], value));
        }
    });

    describe("keyvault-production-deletion-guard", () => {
        const policy = keyVaultProductionDeletionGuard;
        const prod = (): TestResource[] => compliantStack("production");
        const noLock = (): TestResource[] => replaceIn(prod(), "vault-lock", () => undefined);
        const REQ =
            "Key Vault 'kv-app-production' must be guarded against deletion in production by protect: true or a CanNotDelete lock on the vault";

        it("accepts a production vault with a CanNotDelete lock, or with protect", async () => {
            assert.deepEqual(await checkStack(policy, prod()), []);
            assert.deepEqual(await checkStack(policy, compliantStack("production", { propertyDependencies: true })), []);
            assert.deepEqual(await checkStack(policy, replaceIn(noLock(), "vault", (v) => ({ ...v, protect: true }))), []);
        });

        it("accepts a resource-level lock on the vault", async () => {
            const lock: TestResource = {
                type: T.LockAtResourceLevel,
                name: "vault-lock",
                stack: "production",
                props: {
                    resourceGroupName: "rg-kv-production",
                    resourceProviderNamespace: "Microsoft.KeyVault",
                    resourceType: "vaults",
                    parentResourcePath: "",
                    resourceName: "kv-app-production",
                    lockName: "kv-no-delete",
                    level: "CanNotDelete",
                },
            };
            assert.deepEqual(await checkStack(policy, [...noLock(), lock]), []);
        });

        it("ignores non-production vaults", async () => {
            assert.deepEqual(await checkStack(policy, replaceIn(compliantStack("staging"), "vault-lock", () => undefined)), []);
        });

        it("rejects an unprotected production vault without a lock", async () => {
            assert.deepEqual(await checkStack(policy, noLock()), [
                { message: `${REQ} (found: protect false, no lock)`, urn: PROD_VAULT_URN },
            ]);
        });

        it("rejects a lock that does not block deletion", async () => {
            const stack = replaceIn(prod(), "vault-lock", (r) => withProp(r, ["level"], "NotSpecified"));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: protect false, lock 'kv-no-delete' with level NotSpecified)`,
            ]);
        });

        it("rejects a lock on another resource", async () => {
            const other = `${SUB}/resourceGroups/rg-kv-production/providers/Microsoft.KeyVault/vaults/kv-other`;
            const stack = replaceIn(prod(), "vault-lock", (r) => withProp(withProp(r, ["scope"], other), ["id"], `${other}/providers/Microsoft.Authorization/locks/l`));
            assert.deepEqual(await stackMessages(policy, stack), [`${REQ} (found: protect false, no lock)`]);
        });

        it("uses the productionEnvironment option", async () => {
            const stack = replaceIn(noLock(), "vault", (v) => withProp(v, ["tags", "environment"], "prd"));
            assert.deepEqual(await checkStack(policy, stack), []);
            assert.deepEqual(await stackMessages(policy, stack, { productionEnvironment: "prd" }), [
                `${REQ} (found: protect false, no lock)`,
            ]);
        });

        it("says nothing when the environment, the lock's scope or its level is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkStack(policy, replaceIn(noLock(), "vault", (v) => withProp(v, ["tags", "environment"], u))), []);
                const unknownScope = replaceIn(prod(), "vault-lock", (r) => withProp(withProp(r, ["scope"], u), ["id"], u));
                assert.deepEqual(await checkStack(policy, unknownScope), []);
                assert.deepEqual(await checkStack(policy, replaceIn(prod(), "vault-lock", (r) => withProp(r, ["level"], u))), []);
            }
        });
    });

    it("keeps the vault URN of every stack violation", async () => {
        const stack = replaceIn(compliantStack("staging"), "vault-diagnostics", () => undefined);
        const [violation] = await checkStack(keyVaultDiagnosticAuditLogs, stack);
        assert.equal(violation?.urn, urnOf(T.Vault, named(stack, "vault").name, "staging"));
    });
});
