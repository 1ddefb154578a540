import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { APP_SETTINGS, EVENT_TYPES, FUNCTION_NAME, STRATEGIES, TAGS } from "keyvault-devops-rotation/dist/src/contract";
import { blobServiceUrlFromEnv } from "keyvault-devops-rotation/dist/src/blobLease";
import { loadConfig } from "keyvault-devops-rotation/dist/src/config";
import { defaultRegistry } from "keyvault-devops-rotation/dist/src/rotators";
import { lengthOf, strategyOf, validityDaysOf } from "keyvault-devops-rotation/dist/src/tags";
import { ROTATION_EVENT_TYPES, ROTATION_FUNCTION_NAME, SecretRotation } from "../../components/secretRotation";
import { ROTATION_EVENT_TYPES as PACK_ROTATION_EVENT_TYPES } from "keyvault-devops-policies/bin/rotation";
import { VaultSecrets } from "../../components/vaultSecrets";
import { ROTATION_STRATEGIES } from "../../stack/config/schema";
import { DEFAULTS } from "../../stack/defaults";
import { Recorder } from "../../tools/plan/evaluate";
import { input, named, ofType, promiseOf, recordingMocks, REPO_ROOT } from "../helpers/pulumi";

/*
 * Item 10 of issue 13: the function and the infrastructure share one contract (functions/rotation/src/contract.ts).
 * These tests feed what the infrastructure DEPLOYS (recorded resource inputs) to what the function READS.
 */
const FUNCTION_DIR = path.join(REPO_ROOT, "functions", "rotation");

describe("rotation contract: function and infrastructure agree", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    it("the function registers under the name the Event Grid subscriptions deliver to", async () => {
        // Load the compiled entry with @azure/functions' app.eventGrid stubbed, in a child process.
        const script = `
            const f = require(require.resolve("@azure/functions", { paths: [${JSON.stringify(FUNCTION_DIR)}] }));
            const names = [];
            f.app.eventGrid = (name) => names.push(name);
            require(${JSON.stringify(path.join(FUNCTION_DIR, "dist", "src", "index.js"))});
            process.stdout.write(JSON.stringify(names));`;
        const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 30_000 });
        assert.strictEqual(run.status, 0, run.stderr);
        assert.deepStrictEqual(JSON.parse(run.stdout), [FUNCTION_NAME]);

        assert.strictEqual(ROTATION_FUNCTION_NAME, FUNCTION_NAME);
        assert.deepStrictEqual([...ROTATION_EVENT_TYPES], [...EVENT_TYPES]);
        // The pack is installed on its own (pulumi preview --policy-pack policies), so it keeps its own list: it must
        // require exactly the events the function handles.
        assert.deepStrictEqual([...PACK_ROTATION_EVENT_TYPES], [...EVENT_TYPES]);
        const sub = new SecretRotation("c-rotation", {
            projectName: "keyvault-devops",
            environment: "staging",
            resourceGroupName: "rg",
            location: "westeurope",
            vaultId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-c",
            vaultUri: "https://kv-c.vault.azure.net/",
            rotatedSecretNames: ["db-url"],
            subnetId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/x",
            workspaceId: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/w",
            packageDir: "functions/rotation/deploy",
            subscriptionId: "s",
        });
        await promiseOf(sub.subscription.id);
        await recorder.settle();
        const fn = named(recorder, "c-rotation-function");
        const delivered = input(named(recorder, "c-rotation-subscription"), "destination.resourceId");
        assert.strictEqual(delivered, `${String(fn.outputs.id)}/functions/${FUNCTION_NAME}`);
        assert.deepStrictEqual(input(named(recorder, "c-rotation-subscription"), "filter.includedEventTypes"), [...EVENT_TYPES]);

        // The app settings the infrastructure sets are the ones the function reads, and they configure it fully.
        // Flex takes them as their own resource (WebAppApplicationSettings `properties`), not in siteConfig.
        const settings = input(named(recorder, "c-rotation-app-settings"), "properties") as Record<string, unknown>;
        const known = new Set<string>(Object.values(APP_SETTINGS));
        for (const name of Object.keys(settings)) assert.ok(known.has(name), `app setting ${name} is not in the contract`);
        const env = Object.fromEntries(Object.entries(settings).map(([name, value]) => [name, String(value)]));
        const config = loadConfig(env);
        assert.strictEqual(config.vaultUrl, "https://kv-c.vault.azure.net/");
        assert.strictEqual(config.nearExpiryWindowDays, DEFAULTS.rotation.windowDays);
        assert.strictEqual(config.marginHours, DEFAULTS.rotation.marginHours);
        assert.strictEqual(blobServiceUrlFromEnv(env), `https://${env[APP_SETTINGS.storageAccountName]}.blob.core.windows.net`, "the lease store is configured");
    });

    it("the tags the infrastructure puts on a rotated secret are the ones the function reads", async () => {
        const component = new VaultSecrets("c-secrets", {
            resourceGroupName: "rg",
            vaultName: "kv-c",
            secrets: [
                { name: "api-token", source: "generate", rotation: "regenerate", length: 48, expiresInDays: 120 },
                { name: "db-url", source: "config", rotation: "postgres", expiresInDays: 60 },
                { name: "plain", source: "generate" },
            ],
            secretValues: { "db-url": "postgresql://u:p@h/db" },
        });
        await Promise.all(Object.values(component.secrets).map((s) => promiseOf(s.id)));
        await recorder.settle();
        const tagsOf = (name: string): Record<string, string> =>
            ofType(recorder, "azure-native:keyvault:Secret").find((s) => s.inputs.secretName === name)!.inputs.tags as Record<string, string>;
        assert.strictEqual(strategyOf(tagsOf("api-token")), "regenerate");
        assert.strictEqual(lengthOf(tagsOf("api-token")), 48);
        assert.strictEqual(validityDaysOf(tagsOf("api-token")), 120);
        assert.strictEqual(strategyOf(tagsOf("db-url")), "postgres");
        assert.strictEqual(validityDaysOf(tagsOf("db-url")), 60);
        assert.strictEqual(strategyOf(tagsOf("plain")), undefined);
        assert.ok(TAGS.strategy in tagsOf("api-token") && TAGS.validityDays in tagsOf("api-token") && TAGS.length in tagsOf("api-token"));
    });

    it("every strategy the config accepts is one the function ships and registers", () => {
        const registered = defaultRegistry().strategies();
        for (const s of ROTATION_STRATEGIES.filter((x) => x !== "none")) {
            assert.ok((STRATEGIES as readonly string[]).includes(s), `${s} is not in the contract`);
            assert.ok(registered.includes(s), `${s} is not registered by the function`);
        }
        for (const s of STRATEGIES) assert.ok(registered.includes(s), `contract strategy ${s} is not registered`);
    });
});
