import * as assert from "assert";
import { EnvironmentVault, EnvironmentVaultArgs, validateEnvironmentVaultArgs } from "../../components/environmentVault";
import { Recorder } from "../../tools/plan/evaluate";
import { input, named, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const base: EnvironmentVaultArgs = {
    projectName: "keyvault-devops",
    environment: "staging",
    location: "westeurope",
    tags: { environment: "staging", "managed-by": "pulumi/keyvault-devops" },
};

describe("EnvironmentVault", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<EnvironmentVaultArgs> = {}): Promise<EnvironmentVault> {
        const component = new EnvironmentVault("staging", { ...base, ...args });
        await promiseOf(component.vaultUri);
        await recorder.settle();
        return component;
    }

    it("creates a resource group, a random suffix and the vault, parented to the component", async () => {
        await build();
        const component = named(recorder, "staging");
        assert.strictEqual(component.type, "keyvault-devops:index:EnvironmentVault");
        for (const [name, type] of [
            ["staging-rg", "azure-native:resources:ResourceGroup"],
            ["staging-suffix", "random:index/randomString:RandomString"],
            ["staging-vault", "azure-native:keyvault:Vault"],
        ]) {
            const r = named(recorder, name ?? "");
            assert.strictEqual(r.type, type);
            assert.strictEqual(r.parent, component.urn);
        }
        assert.strictEqual(input(named(recorder, "staging-rg"), "resourceGroupName"), "rg-keyvault-devops-staging");
    });

    it("sets RBAC explicitly, no access policies, soft delete, purge protection and a deny-by-default firewall", async () => {
        await build({ ipRules: ["20.67.128.0/22"] });
        const vault = named(recorder, "staging-vault");
        const p = vault.inputs.properties as Record<string, unknown>;
        assert.strictEqual(p.enableRbacAuthorization, true);
        assert.ok(!("accessPolicies" in p), "a vault with RBAC must carry no access policies");
        assert.strictEqual(p.enableSoftDelete, true);
        assert.strictEqual(p.softDeleteRetentionInDays, 90);
        assert.strictEqual(p.enablePurgeProtection, true);
        assert.strictEqual(p.publicNetworkAccess, "Enabled");
        assert.deepStrictEqual(p.networkAcls, {
            defaultAction: "Deny",
            bypass: "AzureServices",
            ipRules: [{ value: "20.67.128.0/22" }],
            virtualNetworkRules: [],
        });
        assert.deepStrictEqual(p.sku, { family: "A", name: "standard" });
        assert.strictEqual(p.tenantId, "11111111-1111-1111-1111-111111111111", "tenant comes from the client config");
    });

    it("names the vault from project, environment and a stable random suffix within 24 characters", async () => {
        const component = await build();
        const name = await promiseOf(component.vaultName);
        const suffix = named(recorder, "staging-suffix").outputs.result as string;
        assert.strictEqual(name, `keyvault-staging-${suffix}`);
        assert.match(name, /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
        assert.ok(name.length <= 24);
        assert.deepStrictEqual(
            { length: input(named(recorder, "staging-suffix"), "length"), upper: input(named(recorder, "staging-suffix"), "upper"), special: input(named(recorder, "staging-suffix"), "special") },
            { length: 4, upper: false, special: false },
        );
    });

    it("leaves enablePurgeProtection absent when purge protection is off (Azure rejects false)", async () => {
        await build({ purgeProtection: false });
        const p = named(recorder, "staging-vault").inputs.properties as Record<string, unknown>;
        assert.ok(!("enablePurgeProtection" in p));
    });

    it("passes sku, retention, public access and subnets through", async () => {
        const subnet = "/subscriptions/6b4a3b7e-2c1d-4f5e-9a8b-1c2d3e4f5a6b/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/s";
        await build({ sku: "premium", softDeleteRetentionDays: 7, publicNetworkAccess: "Disabled", subnetIds: [subnet], bypass: "None" });
        const p = named(recorder, "staging-vault").inputs.properties as Record<string, unknown>;
        assert.deepStrictEqual(p.sku, { family: "A", name: "premium" });
        assert.strictEqual(p.softDeleteRetentionInDays, 7);
        assert.strictEqual(p.publicNetworkAccess, "Disabled");
        assert.deepStrictEqual((p.networkAcls as Record<string, unknown>).virtualNetworkRules, [{ id: subnet, ignoreMissingVnetServiceEndpoint: false }]);
        assert.strictEqual((p.networkAcls as Record<string, unknown>).bypass, "None");
    });

    it("uses an existing resource group instead of creating one", async () => {
        const component = await build({ resourceGroupName: "rg-shared" });
        assert.strictEqual(ofType(recorder, "azure-native:resources:ResourceGroup").length, 0);
        assert.strictEqual(input(named(recorder, "staging-vault"), "resourceGroupName"), "rg-shared");
        assert.strictEqual(await promiseOf(component.resourceGroupName), "rg-shared");
    });

    it("has no deletion guards by default", async () => {
        await build();
        assert.strictEqual(named(recorder, "staging-vault").protect, false);
        assert.strictEqual(ofType(recorder, "azure-native:authorization:ManagementLockByScope").length, 0);
    });

    it("with deletion guards, protects the vault and resource group and locks the vault CanNotDelete", async () => {
        const component = await build({ environment: "production", deletionGuards: true });
        assert.strictEqual(named(recorder, "staging-vault").protect, true);
        assert.strictEqual(named(recorder, "staging-rg").protect, true);
        const lock = named(recorder, "staging-lock");
        assert.strictEqual(lock.type, "azure-native:authorization:ManagementLockByScope");
        assert.strictEqual(lock.inputs.level, "CanNotDelete");
        assert.strictEqual(lock.inputs.scope, await promiseOf(component.vaultId));
    });

    it("exposes the vault URI", async () => {
        const component = await build();
        assert.strictEqual(await promiseOf(component.vaultUri), `https://${await promiseOf(component.vaultName)}.vault.azure.net/`);
    });

    it("rejects bad args before creating anything", async () => {
        assert.throws(() => validateEnvironmentVaultArgs({ ...base, ipRules: ["192.168.1.0/24"] }), /ipRules entry "192\.168\.1\.0\/24" overlaps 192\.168\.0\.0\/16/);
        assert.throws(() => validateEnvironmentVaultArgs({ ...base, softDeleteRetentionDays: 120 }), /softDeleteRetentionDays must be 7–90 \(found: 120\)/);
        assert.throws(() => validateEnvironmentVaultArgs({ ...base, subnetIds: ["snet"] }), /subnetIds entry "snet" is not a subnet resource ID/);
        assert.throws(() => new EnvironmentVault("bad", { ...base, ipRules: ["10.0.0.1"] }), /overlaps 10\.0\.0\.0\/8/);
        await recorder.settle();
        assert.deepStrictEqual(recorder.resources, []);
    });
});
