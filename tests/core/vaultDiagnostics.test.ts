import * as assert from "assert";
import { VaultDiagnostics, VaultDiagnosticsArgs } from "../../components/vaultDiagnostics";
import { Recorder } from "../../tools/plan/evaluate";
import { named, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-staging-ab12";
const base: VaultDiagnosticsArgs = { projectName: "keyvault-devops", environment: "staging", resourceGroupName: "rg", location: "westeurope", vaultId: VAULT_ID };

describe("VaultDiagnostics", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<VaultDiagnosticsArgs> = {}): Promise<VaultDiagnostics> {
        const component = new VaultDiagnostics("staging-diagnostics", { ...base, ...args });
        await promiseOf(component.diagnosticSetting.id);
        await recorder.settle();
        return component;
    }

    it("creates a Log Analytics workspace with the configured retention", async () => {
        const component = await build({ retentionDays: 30 });
        const ws = named(recorder, "staging-diagnostics-workspace");
        assert.strictEqual(ws.type, "azure-native:operationalinsights:Workspace");
        assert.strictEqual(ws.inputs.workspaceName, "log-keyvault-devops-staging");
        assert.strictEqual(ws.inputs.retentionInDays, 30);
        assert.deepStrictEqual(ws.inputs.sku, { name: "PerGB2018" });
        assert.strictEqual(await promiseOf(component.workspaceId), ws.outputs.id);
    });

    it("sends allLogs (audit included) and AllMetrics from the vault to the workspace", async () => {
        await build();
        const setting = named(recorder, "staging-diagnostics-setting");
        assert.strictEqual(setting.type, "azure-native:monitor:DiagnosticSetting");
        assert.strictEqual(setting.inputs.resourceUri, VAULT_ID);
        assert.strictEqual(setting.inputs.workspaceId, named(recorder, "staging-diagnostics-workspace").outputs.id);
        assert.deepStrictEqual(setting.inputs.logs, [{ categoryGroup: "allLogs", enabled: true }]);
        assert.deepStrictEqual(setting.inputs.metrics, [{ category: "AllMetrics", enabled: true }]);
        assert.ok(!("storageAccountId" in setting.inputs) && !("eventHubName" in setting.inputs));
    });

    it("uses an existing workspace instead of creating one", async () => {
        const existing = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-logs/providers/Microsoft.OperationalInsights/workspaces/central";
        await build({ workspaceId: existing });
        assert.strictEqual(ofType(recorder, "azure-native:operationalinsights:Workspace").length, 0);
        assert.strictEqual(named(recorder, "staging-diagnostics-setting").inputs.workspaceId, existing);
    });

    it("protects a created workspace when asked (production)", async () => {
        await build({ protectWorkspace: true });
        assert.strictEqual(named(recorder, "staging-diagnostics-workspace").protect, true);
        assert.strictEqual(named(recorder, "staging-diagnostics-setting").protect, false);
    });
});
