import { strict as assert } from "assert";
import { keyVaultSecretRotationEvents } from "keyvault-devops-policies/bin/rotation";
import { compliantStack, EXPIRED, NEAR_EXPIRY, replaceIn, T } from "./fixtures";
import { checkStack, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, stackMessages, TestResource, urnOf, withProp } from "./helpers";

const policy = keyVaultSecretRotationEvents;
const VAULT = "Key Vault 'kv-app-staging'";
const SUB_LABEL = "Event subscription 'secret-expiry'";
const VAULT_URN = urnOf(T.Vault, "vault", "staging");
const SUB_URN = urnOf(T.EventSubscription, "secret-expiry", "staging");
const REQ = `${VAULT} must have an Event Grid subscription to ${NEAR_EXPIRY} and ${EXPIRED}`;

function editSub(edit: (r: TestResource) => TestResource | undefined, stack = compliantStack()): TestResource[] {
    return replaceIn(stack, "secret-expiry", edit);
}

function editTopic(edit: (r: TestResource) => TestResource | undefined, stack = compliantStack()): TestResource[] {
    return replaceIn(stack, "vault-events", edit);
}

describe("policies: rotation", () => {
    describe("keyvault-secret-rotation-events", () => {
        it("accepts a vault with a system topic and a retrying, dead-lettering rotation subscription", async () => {
            assert.deepEqual(await checkStack(policy, compliantStack()), []);
            assert.deepEqual(await checkStack(policy, compliantStack("production", { propertyDependencies: true })), []);
        });

        it("accepts a plain deadLetterDestination, a subscription without filter, and matching by the topic's logical name", async () => {
            const plain = editSub((r) =>
                withProp(withProp(r, ["deadLetterWithResourceIdentity"], DELETE), ["deadLetterDestination"], {
                    endpointType: "StorageBlob",
                    resourceId: "/subscriptions/x/storageAccounts/st",
                    blobContainerName: "deadletter",
                }),
            );
            assert.deepEqual(await checkStack(policy, plain), []);
            assert.deepEqual(await checkStack(policy, editSub((r) => withProp(r, ["filter"], DELETE))), []);
            const byLogicalName = editSub((r) => withProp(withProp(r, ["systemTopicName"], "vault-events"), ["id"], DELETE));
            assert.deepEqual(await checkStack(policy, byLogicalName), []);
        });

        it("rejects a vault without a system topic", async () => {
            assert.deepEqual(await checkStack(policy, editTopic(() => undefined)), [
                {
                    message: `${VAULT} must have an Event Grid system topic (topicType Microsoft.KeyVault.vaults) on the vault (found: none)`,
                    urn: VAULT_URN,
                },
            ]);
        });

        it("rejects a topic of another type or source", async () => {
            const storageTopic = editTopic((r) => withProp(r, ["topicType"], "Microsoft.Storage.StorageAccounts"));
            const otherSource = editTopic((r) => withProp(r, ["source"], "/subscriptions/x/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-other"));
            for (const stack of [storageTopic, otherSource]) {
                assert.deepEqual(await stackMessages(policy, stack), [
                    `${VAULT} must have an Event Grid system topic (topicType Microsoft.KeyVault.vaults) on the vault (found: none)`,
                ]);
            }
        });

        it("rejects a topic without a subscription", async () => {
            assert.deepEqual(await checkStack(policy, editSub(() => undefined)), [
                { message: `${REQ} (found: no subscription on system topic 'evgt-kv-app-staging')`, urn: VAULT_URN },
            ]);
        });

        it("rejects a subscription on a topic in another resource group", async () => {
            const stack = editSub((r) => withProp(withProp(r, ["resourceGroupName"], "rg-other"), ["id"], DELETE));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: no subscription on system topic 'evgt-kv-app-staging')`,
            ]);
        });

        it("rejects a subscription that misses SecretExpired", async () => {
            const stack = editSub((r) => withProp(r, ["filter", "includedEventTypes"], [NEAR_EXPIRY]));
            assert.deepEqual(await checkStack(policy, stack), [
                { message: `${REQ} (found: subscription 'secret-expiry' with ${NEAR_EXPIRY})`, urn: VAULT_URN },
            ]);
        });

        it("rejects a subscription to other events only", async () => {
            const stack = editSub((r) => withProp(r, ["filter", "includedEventTypes"], ["Microsoft.KeyVault.SecretNewVersionCreated"]));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: subscription 'secret-expiry' with Microsoft.KeyVault.SecretNewVersionCreated)`,
            ]);
        });

        it("rejects a rotation subscription without a retry policy", async () => {
            assert.deepEqual(await checkStack(policy, editSub((r) => withProp(r, ["retryPolicy"], DELETE))), [
                { message: `${SUB_LABEL} must set a retryPolicy (found: not set)`, urn: SUB_URN },
            ]);
        });

        it("rejects a rotation subscription without a dead-letter destination", async () => {
            const stack = editSub((r) => withProp(r, ["deadLetterWithResourceIdentity"], DELETE));
            assert.deepEqual(await checkStack(policy, stack), [
                {
                    message: `${SUB_LABEL} must set a dead-letter destination (deadLetterDestination or deadLetterWithResourceIdentity) (found: not set)`,
                    urn: SUB_URN,
                },
            ]);
        });

        it("checks retry and dead-letter on a subscription that delivers only one rotation event", async () => {
            const stack = editSub((r) => withProp(withProp(r, ["filter", "includedEventTypes"], [EXPIRED]), ["retryPolicy"], DELETE));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${REQ} (found: subscription 'secret-expiry' with ${EXPIRED})`,
                `${SUB_LABEL} must set a retryPolicy (found: not set)`,
            ]);
        });

        it("says nothing when the topic's source or type, the subscription's topic, filter, retry or dead-letter is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                const cases: TestResource[][] = [
                    editTopic((r) => withProp(r, ["source"], u), replaceIn(compliantStack(), "vault", (v) => withProp(v, ["id"], u))),
                    editTopic((r) => withProp(withProp(r, ["source"], u), ["topicType"], u)),
                    editSub((r) => withProp(withProp(r, ["systemTopicName"], u), ["id"], u), editTopic((r) => withProp(withProp(r, ["name"], u), ["id"], u))),
                    editSub((r) => withProp(r, ["filter", "includedEventTypes"], u)),
                    editSub((r) => withProp(r, ["filter", "includedEventTypes"], [NEAR_EXPIRY, u])),
                    editSub((r) => withProp(r, ["retryPolicy"], u)),
                    editSub((r) => withProp(r, ["deadLetterWithResourceIdentity"], u)),
                    editSub((r) => withProp(r, ["deadLetterWithResourceIdentity", "deadLetterDestination"], u)),
                ];
                for (const [i, stack] of cases.entries()) {
                    assert.deepEqual(await checkStack(policy, stack), [], `case ${i} with ${u}`);
                }
            }
        });

        it("matches an unknown topic name through the property dependency", async () => {
            let stack = compliantStack("staging", { propertyDependencies: true });
            stack = editTopic((r) => withProp(withProp(withProp(r, ["name"], ENGINE_UNKNOWN), ["id"], ENGINE_UNKNOWN), ["source"], ENGINE_UNKNOWN), stack);
            stack = editSub((r) => withProp(withProp(withProp(r, ["systemTopicName"], ENGINE_UNKNOWN), ["id"], ENGINE_UNKNOWN), ["retryPolicy"], DELETE), stack);
            assert.deepEqual(await stackMessages(policy, stack), [`${SUB_LABEL} must set a retryPolicy (found: not set)`]);
        });
    });
});
