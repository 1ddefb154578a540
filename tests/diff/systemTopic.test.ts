import * as assert from "assert";
import { diffPlans } from "../../tools/diff/diff";
import { planJson, programWithStack, shippedConfig } from "../plan/planCli";

/*
 * A vault has one Event Grid system topic (https://learn.microsoft.com/azure/event-grid/system-topics). With rotation
 * on, SecretRotation creates it and the key/certificate expiry alerts reuse it; with rotation off, ExpiryNotifications
 * creates it. Turning rotation on (or off) must move that one topic, not create a second `evgt-<env>-vault` (Azure
 * refuses: it exists) and delete the first (which would take the other's subscriptions with it).
 */
describe("plan diff: the vault's one Event Grid system topic survives turning rotation on and off", function () {
    this.timeout(180_000);
    const TOPIC = "azure-native:eventgrid:SystemTopic";

    it("moves the topic between the components (aliases), never creating or deleting one", async () => {
        const off = shippedConfig("staging");
        const rotation = off["keyvault-devops:rotation"] as Record<string, unknown>;
        off["keyvault-devops:rotation"] = { ...rotation, enabled: false, alerts: { emails: ["secops@contoso.com"] } };
        off["keyvault-devops:secrets"] = (off["keyvault-devops:secrets"] as Array<Record<string, unknown>>).map((s) => ({ ...s, rotation: "none" }));
        const withoutRotation = await planJson(["--stack", "staging", "--program", programWithStack("staging", off), "--no-policies"]);
        const withRotation = await planJson(["--stack", "staging", "--no-policies"]);
        const topics = (doc: typeof withRotation) => doc.resources.filter((r) => r.type === TOPIC);
        assert.deepStrictEqual(topics(withoutRotation).map((r) => r.name), ["staging-expiry-alerts-topic"]);
        assert.deepStrictEqual(topics(withRotation).map((r) => r.name), ["staging-rotation-topic"]);

        for (const [before, after] of [[withoutRotation, withRotation], [withRotation, withoutRotation]] as const) {
            const topicChanges = diffPlans(before, after).changes.filter((c) => c.type === TOPIC);
            assert.deepStrictEqual(
                topicChanges.map((c) => c.op),
                ["update"],
                JSON.stringify(topicChanges.map((c) => ({ op: c.op, name: c.name, reasons: c.replaceReasons })), null, 2),
            );
            assert.deepStrictEqual(topicChanges[0]?.replaceReasons, []);
        }
    });
});
