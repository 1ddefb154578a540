import * as assert from "assert";
import { ExpiryNotifications, ExpiryNotificationsArgs, expiryEventTypes, validateExpiryNotificationsArgs } from "../../components/expiryNotifications";
import { KEY_IGNORE_CHANGES, keyUserAssignmentName, validateVaultKeysArgs, VaultKeys, VaultKeysArgs } from "../../components/vaultKeys";
import { deterministicGuid } from "../../stack/ids";
import { ROLE_IDS } from "../../stack/roles";
import { Recorder } from "../../tools/plan/evaluate";
import { MOCK_NOW } from "../../tools/plan/mocks";
import { input, named, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const SUB = "00000000-0000-0000-0000-000000000000";
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.KeyVault/vaults/keyvault-staging-abcd`;
const PIPELINE = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";
const OTHER = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
const base: VaultKeysArgs = {
    resourceGroupName: "rg-app",
    vaultName: "keyvault-staging-abcd",
    vaultId: VAULT_ID,
    subscriptionId: SUB,
    keys: [
        { name: "artifact-signing", type: "RSA-HSM", size: 3072, users: [{ principalId: PIPELINE, principalType: "ServicePrincipal" }] },
        { name: "token-signing", type: "EC", curve: "P-384", expiresInDays: 60, rotation: { rotateBeforeExpiryDays: 20, notifyBeforeExpiryDays: 14 }, users: [] },
    ],
    tags: { environment: "staging" },
};

describe("VaultKeys", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<VaultKeysArgs> = {}): Promise<VaultKeys> {
        const component = new VaultKeys("staging-keys", { ...base, ...args });
        await promiseOf(component.outputs);
        await recorder.settle();
        return component;
    }

    it("creates one azure-native Key per entry with exactly the inputs of its type: keySize for RSA, curveName for EC, never both", async () => {
        await build();
        const rsa = named(recorder, "staging-keys-artifact-signing");
        assert.strictEqual(rsa.type, "azure-native:keyvault:Key");
        assert.match(rsa.urn, /keyvault-devops:index:VaultKeys\$azure-native:keyvault:Key::staging-keys-artifact-signing$/, "a child of the component");
        assert.deepStrictEqual({ rg: rsa.inputs.resourceGroupName, vault: rsa.inputs.vaultName, name: rsa.inputs.keyName }, { rg: "rg-app", vault: "keyvault-staging-abcd", name: "artifact-signing" });
        assert.strictEqual(input(rsa, "properties.kty"), "RSA-HSM");
        assert.strictEqual(input(rsa, "properties.keySize"), 3072);
        assert.ok(!("curveName" in (rsa.inputs.properties as object)), "an RSA key has no curveName");
        assert.deepStrictEqual(input(rsa, "properties.keyOps"), ["sign", "verify"]);
        const ec = named(recorder, "staging-keys-token-signing");
        assert.strictEqual(input(ec, "properties.kty"), "EC");
        assert.strictEqual(input(ec, "properties.curveName"), "P-384");
        assert.ok(!("keySize" in (ec.inputs.properties as object)), "an EC key has no keySize");
        // No release policy, and the key material is never an input.
        for (const k of [rsa, ec]) {
            assert.ok(!("releasePolicy" in (k.inputs.properties as object)));
            // azure-native fills the API default (keyAttributesArgsProvideDefaults): the private key is never exportable.
            assert.strictEqual(input(k, "properties.attributes.exportable"), false);
            assert.strictEqual(input(k, "properties.attributes.enabled"), true);
        }
    });

    it("dates the first version from a time.Static created with it: expiresInDays after creation", async () => {
        await build();
        const created = Math.floor(Date.parse(MOCK_NOW) / 1000);
        assert.strictEqual(input(named(recorder, "staging-keys-artifact-signing"), "properties.attributes.expires"), created + 120 * 86400);
        assert.strictEqual(input(named(recorder, "staging-keys-token-signing"), "properties.attributes.expires"), created + 60 * 86400);
        assert.strictEqual(named(recorder, "staging-keys-artifact-signing-created").type, "time:index/static:Static");
        assert.deepStrictEqual(named(recorder, "staging-keys-artifact-signing-created").inputs, {});
    });

    it("sets the rotation policy Key Vault runs itself: expiryTime, a rotate trigger (after creation or before expiry), a notify trigger", async () => {
        await build();
        assert.deepStrictEqual(input(named(recorder, "staging-keys-artifact-signing"), "properties.rotationPolicy"), {
            attributes: { expiryTime: "P120D" },
            lifetimeActions: [
                { trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } },
                { trigger: { timeBeforeExpiry: "P14D" }, action: { type: "notify" } },
            ],
        });
        assert.deepStrictEqual(input(named(recorder, "staging-keys-token-signing"), "properties.rotationPolicy"), {
            attributes: { expiryTime: "P60D" },
            lifetimeActions: [
                { trigger: { timeBeforeExpiry: "P20D" }, action: { type: "rotate" } },
                { trigger: { timeBeforeExpiry: "P14D" }, action: { type: "notify" } },
            ],
        });
    });

    it("leaves the key to Key Vault after creation: ignoreChanges on properties and tags, no replaceOnChanges, kept in the vault when removed from the stack", async () => {
        await build();
        for (const k of ofType(recorder, "azure-native:keyvault:Key")) {
            assert.deepStrictEqual(k.ignoreChanges, ["properties", "tags"]);
            assert.strictEqual(k.replaceOnChanges, undefined);
            assert.strictEqual(k.retainOnDelete, true);
            assert.strictEqual(k.protect, false);
        }
        await build({ protect: true });
        assert.ok(ofType(recorder, "azure-native:keyvault:Key").every((k) => k.protect === true));
        assert.deepStrictEqual(KEY_IGNORE_CHANGES, ["properties", "tags"]);
    });

    it("grants Key Vault Crypto User to each user on that key only, named by a GUID of (scope, principal, role)", async () => {
        await build({ keys: [{ ...base.keys[0]!, users: [{ principalId: PIPELINE, principalType: "ServicePrincipal" }, { principalId: OTHER, principalType: "Group" }] }] });
        const assignments = ofType(recorder, "azure-native:authorization:RoleAssignment");
        assert.strictEqual(assignments.length, 2);
        const scope = `${VAULT_ID}/keys/artifact-signing`;
        for (const [principal, type] of [[PIPELINE, "ServicePrincipal"], [OTHER, "Group"]] as const) {
            const a = named(recorder, keyUserAssignmentName("staging-keys", "artifact-signing", principal));
            assert.strictEqual(a.inputs.scope, scope);
            assert.strictEqual(a.inputs.principalId, principal);
            assert.strictEqual(a.inputs.principalType, type);
            assert.strictEqual(a.inputs.roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS["Key Vault Crypto User"]}`);
            assert.strictEqual(a.inputs.roleAssignmentName, deterministicGuid(scope, principal, ROLE_IDS["Key Vault Crypto User"]));
            assert.ok(a.dependencies.some((d) => d.endsWith("::staging-keys-artifact-signing")), "created after the key it is scoped to");
        }
    });

    it("keeps role assignment names stable when users are reordered or the principal ID changes case", async () => {
        await build({ keys: [{ ...base.keys[0]!, users: [{ principalId: PIPELINE, principalType: "ServicePrincipal" }, { principalId: OTHER, principalType: "Group" }] }] });
        const first = ofType(recorder, "azure-native:authorization:RoleAssignment").map((a) => [a.name, a.inputs.roleAssignmentName]).sort();
        recorder.reset();
        await build({ keys: [{ ...base.keys[0]!, users: [{ principalId: OTHER.toUpperCase(), principalType: "Group" }, { principalId: PIPELINE, principalType: "ServicePrincipal" }] }] });
        const second = ofType(recorder, "azure-native:authorization:RoleAssignment").map((a) => [a.name, a.inputs.roleAssignmentName]).sort();
        assert.deepStrictEqual(second, first);
    });

    it("outputs each key's versionless URI and ID, never a versioned URI or key material", async () => {
        const component = await build();
        const outputs = await promiseOf(component.outputs);
        assert.deepStrictEqual(outputs, {
            "artifact-signing": { keyUri: "https://keyvault-staging-abcd.vault.azure.net/keys/artifact-signing", id: `${VAULT_ID}/keys/artifact-signing` },
            "token-signing": { keyUri: "https://keyvault-staging-abcd.vault.azure.net/keys/token-signing", id: `${VAULT_ID}/keys/token-signing` },
        });
    });

    it("creates nothing without keys", async () => {
        await build({ keys: [] });
        assert.deepStrictEqual(ofType(recorder, "azure-native:keyvault:Key"), []);
    });

    it("refuses specs the config would reject, before registering anything", () => {
        const spec = base.keys[0]!;
        const bad: Array<[VaultKeysArgs["keys"], RegExp]> = [
            [[spec, { ...spec, name: "ARTIFACT-SIGNING" }], /used twice/],
            [[{ ...spec, size: undefined }], /an RSA key takes a size and no curve/],
            [[{ name: "k", type: "EC", curve: "P-256", size: 2048 }], /an EC key takes a curve and no size/],
            [[{ name: "k", type: "EC", curve: "P-256", operations: ["encrypt"] }], /an EC key only signs/],
            [[{ ...spec, expiresInDays: 60, rotation: { rotateAfterDays: 58 } }], /does not fit a 60-day validity/],
            [[{ ...spec, expiresInDays: 60, rotation: { rotateBeforeExpiryDays: 20, notifyBeforeExpiryDays: 60 } }], /does not fit a 60-day validity/],
        ];
        for (const [keys, message] of bad) {
            assert.throws(() => validateVaultKeysArgs({ ...base, keys }), message);
        }
        assert.doesNotThrow(() => validateVaultKeysArgs(base));
    });
});

describe("ExpiryNotifications", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());
    const args: ExpiryNotificationsArgs = {
        environment: "staging",
        resourceGroupName: "rg-app",
        location: "westeurope",
        vaultId: VAULT_ID,
        systemTopicName: "evgt-staging-vault",
        actionGroupId: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Insights/actionGroups/ag-staging-rotation`,
        eventTypes: expiryEventTypes({ keys: 1, certificates: 0 }),
    };

    async function build(a: ExpiryNotificationsArgs): Promise<ExpiryNotifications> {
        const c = new ExpiryNotifications("staging-expiry-alerts", a);
        await promiseOf(c.actionGroupId);
        await recorder.settle();
        return c;
    }

    it("alerts on key events for keys, certificate events for certificates, both for both, nothing for neither", () => {
        assert.deepStrictEqual(expiryEventTypes({ keys: 1, certificates: 0 }), ["Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired"]);
        assert.deepStrictEqual(expiryEventTypes({ keys: 0, certificates: 2 }), ["Microsoft.KeyVault.CertificateNearExpiry", "Microsoft.KeyVault.CertificateExpired"]);
        assert.deepStrictEqual(expiryEventTypes({ keys: 1, certificates: 1 }).length, 4);
        assert.deepStrictEqual(expiryEventTypes({ keys: 0, certificates: 0 }), []);
    });

    it("subscribes the existing system topic with an Azure Monitor alert destination (CloudEvents schema) firing the given action group", async () => {
        await build(args);
        assert.deepStrictEqual(ofType(recorder, "azure-native:eventgrid:SystemTopic"), [], "reuses the vault's one system topic");
        assert.deepStrictEqual(ofType(recorder, "azure-native:monitor:ActionGroup"), []);
        const sub = named(recorder, "staging-expiry-alerts-subscription");
        assert.strictEqual(sub.type, "azure-native:eventgrid:SystemTopicEventSubscription");
        assert.strictEqual(sub.inputs.systemTopicName, "evgt-staging-vault");
        assert.strictEqual(sub.inputs.eventDeliverySchema, "CloudEventSchemaV1_0");
        assert.deepStrictEqual(input(sub, "filter.includedEventTypes"), ["Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired"]);
        assert.strictEqual(input(sub, "destination.endpointType"), "MonitorAlert");
        assert.strictEqual(input(sub, "destination.severity"), "Sev2");
        assert.deepStrictEqual(input(sub, "destination.actionGroups"), [args.actionGroupId]);
        // An alert, not a delivery: no retry / dead-letter plumbing and no endpoint URL.
        assert.strictEqual(input(sub, "destination.endpointUrl"), undefined);
        assert.strictEqual(sub.inputs.deadLetterDestination, undefined);
    });

    it("without a rotation topic and action group, creates both: the vault's system topic and an action group of the receivers", async () => {
        await build({ ...args, systemTopicName: undefined, actionGroupId: undefined, emails: ["secops@example.com"] });
        const topic = named(recorder, "staging-expiry-alerts-topic");
        assert.deepStrictEqual({ source: topic.inputs.source, topicType: topic.inputs.topicType, name: topic.inputs.systemTopicName }, { source: VAULT_ID, topicType: "Microsoft.KeyVault.vaults", name: "evgt-staging-vault" });
        const group = named(recorder, "staging-expiry-alerts-action-group");
        assert.deepStrictEqual(group.inputs.emailReceivers, [{ name: "email-1", emailAddress: "secops@example.com", useCommonAlertSchema: true }]);
        assert.strictEqual(group.inputs.groupShortName, "staging");
    });

    it("refuses to alert nobody, or on no event", () => {
        assert.throws(() => validateExpiryNotificationsArgs({ ...args, actionGroupId: undefined }), /no receiver/);
        assert.throws(() => validateExpiryNotificationsArgs({ ...args, eventTypes: [] }), /no event types/);
        assert.doesNotThrow(() => validateExpiryNotificationsArgs(args));
    });
});
