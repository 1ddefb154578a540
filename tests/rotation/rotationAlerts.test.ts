import * as assert from "assert";
import { EVENTGRID_SYSTEM_TOPIC_NAMESPACE, RotationAlerts, RotationAlertsArgs, validateRotationAlertsArgs } from "../../components/rotationAlerts";
import { validateConfig } from "../../stack/config/load";
import { rotationAlertWarnings } from "../../stack/config/rules";
import { ConfigError } from "../../stack/config/errors";
import { Recorder } from "../../tools/plan/evaluate";
import { input, named, ofType, promiseOf, recordingMocks, runProgram, setConfig } from "../helpers/pulumi";

const TOPIC_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.EventGrid/systemTopics/evgt-staging-vault";
const base: RotationAlertsArgs = { environment: "staging", resourceGroupName: "rg", systemTopicId: TOPIC_ID, emails: ["secops@contoso.com"] };

describe("RotationAlerts (dead-lettered and failed rotation events)", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<RotationAlertsArgs> = {}): Promise<RotationAlerts> {
        const c = new RotationAlerts("staging-rotation-alerts", { ...base, ...args });
        await promiseOf(c.actionGroupId);
        await Promise.all(Object.values(c.alertIds).map(promiseOf));
        await recorder.settle();
        return c;
    }

    it("an action group with the configured e-mail receivers and webhook (secret), common alert schema", async () => {
        await build({ emails: ["secops@contoso.com", "oncall@contoso.com"], webhookUrl: "https://hooks.example.com/T0/abc" });
        const group = named(recorder, "staging-rotation-alerts-action-group");
        assert.strictEqual(group.type, "azure-native:monitor:ActionGroup");
        assert.strictEqual(group.inputs.location, "Global");
        assert.strictEqual(group.inputs.groupShortName, "staging");
        assert.strictEqual(group.inputs.actionGroupName, "ag-staging-rotation");
        assert.strictEqual(group.inputs.enabled, true);
        assert.deepStrictEqual(group.inputs.emailReceivers, [
            { name: "email-1", emailAddress: "secops@contoso.com", useCommonAlertSchema: true },
            { name: "email-2", emailAddress: "oncall@contoso.com", useCommonAlertSchema: true },
        ]);
        assert.deepStrictEqual(group.inputs.webhookReceivers, [{ name: "webhook", serviceUri: "[secret]", useCommonAlertSchema: true }]);
        assert.ok(!JSON.stringify(recorder.resources).includes("hooks.example.com"), "the webhook URL (it may hold a token) is a secret");
    });

    it("one metric alert per Event Grid metric on the system topic: DeadLetteredCount and DeliveryAttemptFailCount > 0", async () => {
        const component = await build();
        const groupId = await promiseOf(component.actionGroupId);
        assert.ok(groupId);
        const alerts = ofType(recorder, "azure-native:monitor:MetricAlert");
        assert.deepStrictEqual(alerts.map((a) => a.name).sort(), ["staging-rotation-alerts-dead-lettered", "staging-rotation-alerts-delivery-failed"]);
        for (const [name, metric, severity] of [
            ["staging-rotation-alerts-dead-lettered", "DeadLetteredCount", 1],
            ["staging-rotation-alerts-delivery-failed", "DeliveryAttemptFailCount", 2],
        ] as const) {
            const alert = named(recorder, name);
            assert.deepStrictEqual(alert.inputs.scopes, [TOPIC_ID]);
            assert.strictEqual(alert.inputs.severity, severity);
            assert.strictEqual(alert.inputs.location, "global");
            assert.strictEqual(alert.inputs.evaluationFrequency, "PT5M");
            assert.strictEqual(alert.inputs.windowSize, "PT15M");
            assert.deepStrictEqual(alert.inputs.criteria, {
                odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                allOf: [
                    {
                        criterionType: "StaticThresholdCriterion",
                        name: metric,
                        metricName: metric,
                        metricNamespace: EVENTGRID_SYSTEM_TOPIC_NAMESPACE,
                        operator: "GreaterThan",
                        threshold: 0,
                        timeAggregation: "Total",
                    },
                ],
            });
            assert.deepStrictEqual(alert.inputs.actions, [{ actionGroupId: groupId }]);
            assert.match(String(alert.inputs.description), /functions\/rotation\/README\.md/);
        }
    });

    it("refuses an action group that alerts nobody, and an environment too long for the short name; production fits", () => {
        validateRotationAlertsArgs({ ...base, environment: "production" });
        assert.throws(() => validateRotationAlertsArgs({ ...base, emails: [] }), /no receiver: set emails or webhookUrl/);
        assert.throws(() => validateRotationAlertsArgs({ ...base, environment: "preproduction" }), /too long for the action group short name/);
    });

    describe("in the stack program", () => {
        const config = {
            "azure-native:location": "westeurope",
            environment: "dev",
            secrets: [{ name: "api-token", source: "generate", rotation: "regenerate" }],
        };

        it("rotation.alerts.emails wires alerts on the vault's system topic", async () => {
            setConfig({ ...config, rotation: { alerts: { emails: ["secops@contoso.com"] } } });
            assert.strictEqual(await runProgram(recorder), undefined);
            const topic = ofType(recorder, "azure-native:eventgrid:SystemTopic")[0]!;
            const alerts = ofType(recorder, "azure-native:monitor:MetricAlert");
            assert.strictEqual(alerts.length, 2);
            for (const a of alerts) assert.deepStrictEqual(a.inputs.scopes, [topic.outputs.id]);
            assert.deepStrictEqual(input(ofType(recorder, "azure-native:monitor:ActionGroup")[0]!, "emailReceivers"), [
                { name: "email-1", emailAddress: "secops@contoso.com", useCommonAlertSchema: true },
            ]);
        });

        it("without receivers: no alert resources, and a warning that names the key and the fix", async () => {
            setConfig(config);
            assert.strictEqual(await runProgram(recorder), undefined);
            assert.strictEqual(ofType(recorder, "azure-native:monitor:MetricAlert").length, 0);
            const cfg = validateConfig({ environment: "dev", location: "westeurope", secrets: config.secrets });
            assert.deepStrictEqual(rotationAlertWarnings(cfg), [
                "`rotation.alerts`: not set; 1 secret(s) are rotated but dead-lettered or failed rotation events alert nobody (the secret just expires). Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com, or pulumi config set --secret --path 'rotation.alerts.webhookUrl' https://<webhook>",
            ]);
            assert.deepStrictEqual(rotationAlertWarnings(validateConfig({ environment: "dev", location: "westeurope", secrets: [{ name: "x", source: "generate" }] })), []);
        });

        it("rejects a malformed alert receiver with the key and the fix", () => {
            assert.throws(
                () => validateConfig({ environment: "dev", location: "westeurope", rotation: { alerts: { emails: ["not-an-address"], webhookUrl: "http://insecure" } } }),
                (err: ConfigError) =>
                    err.problems.includes("`rotation.alerts.emails[0]`: found \"not-an-address\"; must be an e-mail address. Fix: pulumi config set --path 'rotation.alerts.emails[0]' ops@example.com") &&
                    err.problems.includes("`rotation.alerts.webhookUrl`: found [secret]; must be an https:// URL. Fix: pulumi config set --secret --path 'rotation.alerts.webhookUrl' https://hooks.example.com/..."),
            );
        });
    });
});
