import * as assert from "assert";
import { SecretRotation, SecretRotationArgs } from "../../components/secretRotation";
import { bucketSubscriptionName, MAX_FILTER_VALUES, subjectBuckets, SubjectBucket } from "../../components/subjectBuckets";
import { Recorder } from "../../tools/plan/evaluate";
import { PlanDocument } from "../../tools/plan/render";
import { programWithStack, runPlan, shippedConfig } from "../plan/planCli";
import { input, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const names = (n: number, prefix = "secret"): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(3, "0")}`);

/** Checks what Event Grid and the function need from any split. */
function assertValidSplit(all: readonly string[], buckets: readonly SubjectBucket[]): void {
    for (const b of buckets) {
        assert.ok(b.names.length >= 1 && b.names.length <= MAX_FILTER_VALUES, `bucket ${b.id} has ${b.names.length} names`);
        assert.ok(bucketSubscriptionName("secret-rotation", b).length <= 64, "event subscription names are 3-64 characters");
        assert.match(bucketSubscriptionName("secret-rotation", b), /^[A-Za-z0-9-]{3,64}$/);
    }
    const flat = buckets.flatMap((b) => b.names);
    assert.deepStrictEqual([...flat].sort(), [...all].sort(), "every secret in exactly one bucket");
    assert.strictEqual(new Set(buckets.map((b) => b.id)).size, buckets.length, "bucket ids are unique");
}

describe("subjectBuckets (Event Grid's 25 filter values per subscription)", () => {
    it("keeps up to 25 names in the single bucket named secret-rotation", () => {
        const b = subjectBuckets(names(25));
        assert.deepStrictEqual(b.map((x) => x.id), [""]);
        assert.strictEqual(bucketSubscriptionName("secret-rotation", b[0]!), "secret-rotation");
        assert.deepStrictEqual(subjectBuckets([]), [{ id: "", names: [] }]);
    });

    for (const n of [30, 60]) {
        it(`splits ${n} rotated secrets into buckets of at most 25, independent of order`, () => {
            const all = names(n);
            const buckets = subjectBuckets(all);
            assertValidSplit(all, buckets);
            assert.ok(buckets.length >= Math.ceil(n / MAX_FILTER_VALUES));
            assert.deepStrictEqual(subjectBuckets([...all].reverse()), buckets, "same set, same buckets");
        });

        it(`adding a secret to ${n} changes only the bucket it lands in`, () => {
            const all = names(n);
            const before = subjectBuckets(all);
            for (const added of ["new-secret", "payments-db-url", "zz-last"]) {
                const after = subjectBuckets([...all, added]);
                assertValidSplit([...all, added], after);
                const home = after.find((b) => b.names.includes(added))!;
                // Adding only splits: the new name's bucket descends from (or is) the bucket its hash fell in before.
                const oldHome = before.find((b) => home.id.startsWith(b.id));
                assert.ok(oldHome, `bucket ${home.id} descends from no earlier bucket`);
                // Every other earlier bucket (so its event subscription) is still there, unchanged.
                for (const b of before.filter((x) => x !== oldHome)) {
                    assert.ok(after.some((x) => x.id === b.id && JSON.stringify(x.names) === JSON.stringify(b.names)), `bucket ${b.id} was reshuffled`);
                }
            }
        });
    }

    it("rejects a name listed twice ignoring case", () => {
        assert.throws(() => subjectBuckets(["db-url", "DB-URL"]), /secret name "DB-URL" is listed twice/);
    });
});

describe("SecretRotation with many rotated secrets", () => {
    const SUB = "00000000-0000-0000-0000-000000000000";
    const base: SecretRotationArgs = {
        projectName: "keyvault-devops",
        environment: "staging",
        resourceGroupName: "rg",
        location: "westeurope",
        vaultId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv`,
        vaultUri: "https://kv.vault.azure.net/",
        rotatedSecretNames: [],
        subnetId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
        workspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log`,
        packageDir: "functions/rotation/deploy",
        subscriptionId: SUB,
    };
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    for (const n of [30, 60]) {
        it(`${n} rotated secrets: one valid event subscription per bucket, each within Event Grid's limits, together covering every secret`, async () => {
            const all = names(n);
            const component = new SecretRotation("staging-rotation", { ...base, rotatedSecretNames: all });
            await Promise.all(component.subscriptions.map((s) => promiseOf(s.id)));
            await recorder.settle();
            const subs = ofType(recorder, "azure-native:eventgrid:SystemTopicEventSubscription");
            const buckets = subjectBuckets(all);
            assert.strictEqual(subs.length, buckets.length);
            assert.ok(subs.length >= 2);
            const covered: string[] = [];
            for (const sub of subs) {
                const filters = input(sub, "filter.advancedFilters") as Array<{ operatorType: string; key: string; values: string[] }>;
                assert.strictEqual(filters.length, 1);
                const values = filters.reduce((acc, f) => acc + f.values.length, 0);
                assert.ok(values <= 25, `${String(sub.inputs.eventSubscriptionName)}: ${values} filter values`);
                assert.strictEqual(filters[0]!.key, "subject");
                assert.strictEqual(filters[0]!.operatorType, "StringIn");
                covered.push(...filters[0]!.values);
                assert.match(String(sub.inputs.eventSubscriptionName), /^secret-rotation-h[01]+$/);
                assert.strictEqual(input(sub, "destination.endpointType"), "AzureFunction");
                assert.deepStrictEqual(sub.inputs.retryPolicy, { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
                assert.ok(sub.inputs.deadLetterWithResourceIdentity, "every subscription dead-letters");
            }
            assert.deepStrictEqual(covered.sort(), [...all].sort());
            assert.strictEqual(new Set(subs.map((s) => s.inputs.eventSubscriptionName)).size, subs.length);
        });
    }
});

// In-process through the plan CLI's run(argv, io) (tests/plan/planCli.ts): nothing here is about the process; the
// spawned CLI and a plan larger than a pipe's buffer are tested in tests/cli and tests/hostile/cli-output.test.ts.
describe("offline plan of the staging stack with 30 and 60 rotated secrets", function () {
    this.timeout(180_000);

    for (const n of [30, 60]) {
        it(`${n} rotated secrets: the plan passes config validation and the policy pack, every subscription within 25 filter values`, async () => {
            const config = shippedConfig("staging");
            const secrets = config["keyvault-devops:secrets"] as Array<Record<string, unknown>>;
            for (const name of names(n - 2, "rotated")) {
                secrets.push({ name, source: "generate", rotation: "regenerate", expiresInDays: 90 });
            }
            const dir = programWithStack("staging", config);
            const run = await runPlan(["--stack", "staging", "--program", dir, "--json"]);
            assert.strictEqual(run.status, 0, `${run.stderr}\n${run.stdout.slice(0, 2000)}`);
            const plan = JSON.parse(run.stdout) as PlanDocument;
            assert.deepStrictEqual(plan.policies.violations.filter((v) => v.enforcementLevel === "mandatory"), []);
            // The rotation's subscriptions (the vault's topic also carries the key expiry alerts', which filter no subject).
            const subs = plan.resources.filter(
                (r) =>
                    r.type === "azure-native:eventgrid:SystemTopicEventSubscription" &&
                    ((r.inputs.filter as { includedEventTypes?: string[] } | undefined)?.includedEventTypes ?? []).includes("Microsoft.KeyVault.SecretNearExpiry"),
            );
            const subjects = subs.flatMap((s) => {
                const filters = (s.inputs.filter as { advancedFilters: Array<{ values: string[] }> }).advancedFilters;
                assert.ok(filters.reduce((a, f) => a + f.values.length, 0) <= MAX_FILTER_VALUES);
                return filters.flatMap((f) => f.values);
            });
            const rotated = secrets.filter((s) => s.rotation !== undefined && s.rotation !== "none").map((s) => String(s.name));
            assert.strictEqual(rotated.length, n);
            assert.deepStrictEqual(subjects.sort(), rotated.sort());
        });
    }
});
