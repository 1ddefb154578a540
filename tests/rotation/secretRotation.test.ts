import * as assert from "assert";
import { RotationNetwork } from "../../components/rotationNetwork";
import { ROTATION_EVENT_TYPES, SecretRotation, SecretRotationArgs } from "../../components/secretRotation";
import { deterministicGuid } from "../../stack/ids";
import { packageContentHash } from "../../stack/functionPackage";
import { Recorder } from "../../tools/plan/evaluate";
import { ROLE_IDS } from "../../stack/roles";
import { input, named, ofType, promiseOf, recordingMocks, runProgram, setConfig, snapshot } from "../helpers/pulumi";

const SUB = "00000000-0000-0000-0000-000000000000";
const VAULT_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-staging-ab12`;
const WORKSPACE_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/log`;
const SUBNET_ID = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`;

const base: SecretRotationArgs = {
    projectName: "keyvault-devops",
    environment: "staging",
    resourceGroupName: "rg",
    location: "westeurope",
    vaultId: VAULT_ID,
    vaultUri: "https://kv-staging-ab12.vault.azure.net/",
    rotatedSecretNames: ["db-password", "api-signing-key"],
    subnetId: SUBNET_ID,
    workspaceId: WORKSPACE_ID,
    packageDir: "functions/rotation/deploy",
    subscriptionId: SUB,
};

describe("SecretRotation", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<SecretRotationArgs> = {}): Promise<SecretRotation> {
        const component = new SecretRotation("staging-rotation", { ...base, ...args });
        await promiseOf(component.subscription.id);
        await recorder.settle();
        return component;
    }

    let withBase: Promise<Recorder> | undefined;
    /**
     * What the component registers with the base args: built by the first test that asks, then shared read-only
     * (a deep-frozen snapshot) by the tests that only read it, instead of one build per test.
     */
    function builtWithBase(): Promise<Recorder> {
        withBase ??= (async () => {
            recorder.reset();
            await build();
            return snapshot(recorder);
        })();
        return withBase;
    }

    it("puts an Event Grid system topic on the vault", async () => {
        const recorder = await builtWithBase();
        const topic = named(recorder, "staging-rotation-topic");
        assert.strictEqual(topic.type, "azure-native:eventgrid:SystemTopic");
        assert.strictEqual(topic.inputs.source, VAULT_ID);
        assert.strictEqual(topic.inputs.topicType, "Microsoft.KeyVault.vaults");
        assert.deepStrictEqual(topic.inputs.identity, { type: "SystemAssigned" });
    });

    it("subscribes to SecretNearExpiry and SecretExpired for the rotated secrets only, delivering to the function", async () => {
        const recorder = await builtWithBase();
        const sub = named(recorder, "staging-rotation-subscription");
        assert.strictEqual(sub.type, "azure-native:eventgrid:SystemTopicEventSubscription");
        assert.deepStrictEqual(input(sub, "filter.includedEventTypes"), [...ROTATION_EVENT_TYPES]);
        // Sorted: the values are a bucket's (subjectBuckets.ts), stable whatever the config order.
        assert.deepStrictEqual(input(sub, "filter.advancedFilters"), [{ operatorType: "StringIn", key: "subject", values: ["api-signing-key", "db-password"] }]);
        const fn = named(recorder, "staging-rotation-function");
        assert.strictEqual(input(sub, "destination.endpointType"), "AzureFunction");
        assert.strictEqual(input(sub, "destination.resourceId"), `${String(fn.outputs.id)}/functions/rotateKeyVaultSecret`);
        assert.strictEqual(sub.inputs.systemTopicName, named(recorder, "staging-rotation-topic").outputs.name);
    });

    it("loses no event: an explicit retry policy and a dead-letter container written with the topic's identity", async () => {
        const recorder = await builtWithBase();
        const sub = named(recorder, "staging-rotation-subscription");
        assert.deepStrictEqual(sub.inputs.retryPolicy, { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 });
        const storageAccount = named(recorder, "staging-rotation-storage");
        assert.deepStrictEqual(sub.inputs.deadLetterWithResourceIdentity, {
            identity: { type: "SystemAssigned" },
            deadLetterDestination: { endpointType: "StorageBlob", resourceId: storageAccount.outputs.id, blobContainerName: "rotation-deadletter" },
        });
        const writer = named(recorder, "staging-rotation-deadletter-writer");
        const container = named(recorder, "staging-rotation-deadletter");
        assert.strictEqual(writer.inputs.scope, container.outputs.id, "the narrowest scope: the container");
        assert.strictEqual(writer.inputs.principalId, (named(recorder, "staging-rotation-topic").outputs.identity as Record<string, unknown>).principalId);
        assert.ok(String(writer.inputs.roleDefinitionId).endsWith(ROLE_IDS["Storage Blob Data Contributor"]));
        assert.ok(sub.dependencies.includes(writer.urn), "dead-lettering needs its role first");
    });

    it("hardens the storage account: TLS 1.2, no public blob access, HTTPS only, private containers", async () => {
        const recorder = await builtWithBase();
        const account = named(recorder, "staging-rotation-storage");
        assert.strictEqual(account.type, "azure-native:storage:StorageAccount");
        assert.strictEqual(account.inputs.minimumTlsVersion, "TLS1_2");
        assert.strictEqual(account.inputs.allowBlobPublicAccess, false);
        assert.strictEqual(account.inputs.enableHttpsTrafficOnly, true);
        assert.match(String(account.inputs.accountName), /^ststagingrot[a-z0-9]{4}$/);
        for (const c of ofType(recorder, "azure-native:storage:BlobContainer")) {
            assert.strictEqual(c.inputs.publicAccess, "None");
        }
    });

    it("runs a Linux Node 22 Flex Consumption function app with a system identity, VNet-integrated, and no siteConfig", async () => {
        const recorder = await builtWithBase();
        const fn = named(recorder, "staging-rotation-function");
        assert.strictEqual(fn.type, "azure-native:web:WebApp");
        assert.strictEqual(fn.inputs.kind, "functionapp,linux");
        assert.deepStrictEqual(fn.inputs.identity, { type: "SystemAssigned" });
        assert.strictEqual(fn.inputs.httpsOnly, true);
        assert.strictEqual(fn.inputs.virtualNetworkSubnetId, SUBNET_ID);
        assert.deepStrictEqual(input(fn, "functionAppConfig.runtime"), { name: "node", version: "22" });
        assert.strictEqual(input(fn, "functionAppConfig.deployment.storage.authentication.type"), "SystemAssignedIdentity");
        // pulumi-azure-native #4168: any siteConfig gets netFrameworkVersion "v4.6", which Flex rejects.
        assert.strictEqual("siteConfig" in fn.inputs, false, `siteConfig must be absent, found ${JSON.stringify(fn.inputs.siteConfig)}`);
        const plan = named(recorder, "staging-rotation-plan");
        assert.deepStrictEqual(plan.inputs.sku, { name: "FC1", tier: "FlexConsumption" });
        assert.strictEqual(plan.inputs.reserved, true);
        assert.strictEqual(ofType(recorder, "azure-native:storage:Blob").length, 0, "no package blob: One Deploy publishes the package");
    });

    it("deploys the package with One Deploy after the settings, the app's roles and their propagation, and subscribes after that", async () => {
        const recorder = await builtWithBase();
        const fn = named(recorder, "staging-rotation-function");
        const settings = named(recorder, "staging-rotation-app-settings");
        const owner = named(recorder, "staging-rotation-storage-blob-owner");
        const officer = named(recorder, "staging-rotation-vault-secrets-officer");
        const wait = named(recorder, "staging-rotation-rbac-propagation");
        const deploy = named(recorder, "staging-rotation-package-deployment");
        const sub = named(recorder, "staging-rotation-subscription");
        assert.strictEqual(deploy.type, "command:local:Command");
        assert.strictEqual(deploy.inputs.create, "node dist/stack/functionPackage.js");
        assert.deepStrictEqual(deploy.inputs.environment, {
            PACKAGE_DIR: "functions/rotation/deploy",
            FUNCTION_APP_NAME: fn.outputs.name,
            RESOURCE_GROUP: "rg",
        });
        assert.deepStrictEqual(deploy.inputs.triggers, [packageContentHash("functions/rotation/deploy")]);
        assert.strictEqual(wait.type, "time:index/sleep:Sleep");
        assert.strictEqual(wait.inputs.createDuration, "2m");
        assert.ok(wait.dependencies.includes(owner.urn) && wait.dependencies.includes(officer.urn), "the wait follows both role assignments");
        assert.ok(deploy.dependencies.includes(settings.urn), "deployed after the app settings");
        assert.ok(deploy.dependencies.includes(wait.urn), "deployed after the RBAC propagation wait");
        assert.ok(sub.dependencies.includes(deploy.urn), "Event Grid validates the function: subscribe after the deployment");
    });

    it("puts the vault URI in a separate app settings resource and stores no key or connection string", async () => {
        const recorder = await builtWithBase();
        const settings = named(recorder, "staging-rotation-app-settings");
        assert.strictEqual(settings.type, "azure-native:web:WebAppApplicationSettings");
        assert.strictEqual(settings.inputs.name, named(recorder, "staging-rotation-function").outputs.name);
        const props = settings.inputs.properties as Record<string, unknown>;
        assert.deepStrictEqual(Object.keys(props).sort(), ["AzureWebJobsStorage__accountName", "KEY_VAULT_URI", "ROTATION_WINDOW_DAYS"]);
        assert.strictEqual(props.KEY_VAULT_URI, base.vaultUri);
        assert.strictEqual(props.ROTATION_WINDOW_DAYS, "30");
    });

    it("gives the function Key Vault Secrets Officer on its own vault only", async () => {
        const recorder = await builtWithBase();
        const officer = named(recorder, "staging-rotation-vault-secrets-officer");
        const fn = named(recorder, "staging-rotation-function");
        const principal = (fn.outputs.identity as Record<string, unknown>).principalId as string;
        assert.strictEqual(officer.inputs.scope, VAULT_ID);
        assert.strictEqual(officer.inputs.principalId, principal);
        assert.strictEqual(officer.inputs.principalType, "ServicePrincipal");
        assert.strictEqual(officer.inputs.roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS["Key Vault Secrets Officer"]}`);
        assert.strictEqual(officer.inputs.roleAssignmentName, deterministicGuid(VAULT_ID, principal, ROLE_IDS["Key Vault Secrets Officer"]));
        const vaultScoped = ofType(recorder, "azure-native:authorization:RoleAssignment").filter((r) => r.inputs.scope === VAULT_ID);
        assert.deepStrictEqual(vaultScoped.map((r) => r.name), ["staging-rotation-vault-secrets-officer"]);
    });

    it("sends the function's logs to the environment's Log Analytics workspace", async () => {
        const recorder = await builtWithBase();
        const logs = named(recorder, "staging-rotation-function-logs");
        assert.strictEqual(logs.type, "azure-native:monitor:DiagnosticSetting");
        assert.strictEqual(logs.inputs.workspaceId, WORKSPACE_ID);
        assert.strictEqual(logs.inputs.resourceUri, named(recorder, "staging-rotation-function").outputs.id);
        assert.deepStrictEqual(logs.inputs.logs, [{ category: "FunctionAppLogs", enabled: true }]);
    });

    it("delivers every secret's events when no secret names a strategy", async () => {
        await build({ rotatedSecretNames: [] });
        const sub = named(recorder, "staging-rotation-subscription");
        assert.strictEqual(input(sub, "filter.advancedFilters"), undefined);
    });
});

describe("RotationNetwork", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    it("creates a delegated subnet with the Key Vault and Storage service endpoints", async () => {
        const net = new RotationNetwork("staging-network", { environment: "staging", resourceGroupName: "rg", location: "westeurope" });
        const id = await promiseOf(net.subnetId);
        await recorder.settle();
        const subnet = named(recorder, "staging-network-subnet");
        assert.strictEqual(subnet.type, "azure-native:network:Subnet");
        assert.deepStrictEqual(subnet.inputs.serviceEndpoints, [{ service: "Microsoft.KeyVault" }, { service: "Microsoft.Storage" }]);
        assert.deepStrictEqual(subnet.inputs.delegations, [{ name: "flex-consumption", serviceName: "Microsoft.App/environments" }]);
        assert.strictEqual(subnet.inputs.addressPrefix, "10.42.0.0/26");
        assert.match(id, /\/virtualNetworks\/vnet-staging-rotation\/subnets\/snet-rotation-function$/);
        assert.deepStrictEqual(input(named(recorder, "staging-network-vnet"), "addressSpace.addressPrefixes"), ["10.42.0.0/26"]);
    });
});

describe("rotation in the stack program", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("unit");
    });
    beforeEach(() => recorder.reset());

    const config = {
        "azure-native:location": "westeurope",
        environment: "dev",
        secrets: [
            { name: "db-password", source: "generate", rotation: "regenerate", length: 40 },
            { name: "static-token", source: "generate" },
        ],
    };

    let withConfig: Promise<{ error: unknown; recorded: Recorder }> | undefined;
    /** The program run with `config`: run by the first test that asks, then shared read-only (a snapshot). */
    function ranWithConfig(): Promise<{ error: unknown; recorded: Recorder }> {
        withConfig ??= (async () => {
            recorder.reset();
            setConfig(config);
            const error = await runProgram(recorder);
            return { error, recorded: snapshot(recorder) };
        })();
        return withConfig;
    }

    it("lists the rotation subnet in the vault's network rules and filters the subscription to rotated secrets", async () => {
        const { error, recorded: recorder } = await ranWithConfig();
        assert.strictEqual(error, undefined);
        const subnet = ofType(recorder, "azure-native:network:Subnet")[0];
        const vault = ofType(recorder, "azure-native:keyvault:Vault")[0];
        assert.ok(subnet && vault);
        assert.deepStrictEqual(input(vault, "properties.networkAcls.virtualNetworkRules"), [{ id: subnet.outputs.id, ignoreMissingVnetServiceEndpoint: false }]);
        assert.ok(vault.dependencies.includes(subnet.urn), "the vault is created after the subnet it lists");
        const sub = ofType(recorder, "azure-native:eventgrid:SystemTopicEventSubscription")[0];
        assert.deepStrictEqual(input(sub!, "filter.advancedFilters"), [{ operatorType: "StringIn", key: "subject", values: ["db-password"] }]);
        const rg = ofType(recorder, "azure-native:resources:ResourceGroup")[0];
        assert.ok(ofType(recorder, "azure-native:network:VirtualNetwork")[0]?.dependencies.includes(rg!.urn), "the VNet waits for its resource group");
    });

    it("tags rotated secrets for the function and leaves their value and expiry to it after creation", async () => {
        const { error, recorded: recorder } = await ranWithConfig();
        assert.strictEqual(error, undefined);
        const secrets = ofType(recorder, "azure-native:keyvault:Secret");
        const rotated = secrets.find((s) => s.inputs.secretName === "db-password");
        const plain = secrets.find((s) => s.inputs.secretName === "static-token");
        assert.deepStrictEqual(
            { strategy: input(rotated!, "tags.rotation-strategy"), length: input(rotated!, "tags.rotation-length"), validity: input(rotated!, "tags.validity-days") },
            { strategy: "regenerate", length: "40", validity: "90" },
        );
        // Every updatable input: no later `up` may update (re-PUT) a rotated secret (tests/rotation/ownership.test.ts).
        assert.deepStrictEqual(rotated?.ignoreChanges, ["properties", "tags"]);
        assert.strictEqual(input(plain!, "tags.rotation-strategy"), undefined);
        assert.strictEqual(plain?.ignoreChanges, undefined);
    });

    it("creates no rotation resources when rotation is disabled", async () => {
        setConfig({ ...config, secrets: [{ name: "static-token", source: "generate" }], rotation: { enabled: false } });
        assert.strictEqual(await runProgram(recorder), undefined);
        for (const type of ["azure-native:eventgrid:SystemTopic", "azure-native:web:WebApp", "azure-native:network:Subnet"]) {
            assert.strictEqual(ofType(recorder, type).length, 0, type);
        }
        assert.deepStrictEqual(input(ofType(recorder, "azure-native:keyvault:Vault")[0]!, "properties.networkAcls.virtualNetworkRules"), []);
    });
});
