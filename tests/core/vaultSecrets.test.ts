import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { GENERATED_SPECIALS, unixSeconds, validateVaultSecretsArgs, VaultSecrets, VaultSecretsArgs } from "../../components/vaultSecrets";
import { Recorder } from "../../tools/plan/evaluate";
import { MOCK_NOW } from "../../tools/plan/mocks";
import { input, isSecret, named, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const base: VaultSecretsArgs = {
    resourceGroupName: "rg-app",
    vaultName: "keyvault-staging-abcd",
    secrets: [
        { name: "db-password", source: "generate", length: 48, expiresInDays: 60 },
        { name: "api-key", source: "config", contentType: "application/json", expiresInDays: 30 },
        { name: "payments-api-key", source: "external" },
    ],
    secretValues: pulumi.secret({ "api-key": "s3cr3t-from-config" }),
    tags: { environment: "staging" },
};

describe("VaultSecrets", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(args: Partial<VaultSecretsArgs> = {}): Promise<VaultSecrets> {
        const component = new VaultSecrets("staging-secrets", { ...base, ...args });
        await Promise.all(Object.values(component.secrets).map((s) => promiseOf(s.id)));
        await recorder.settle();
        return component;
    }

    it("creates a Key Vault secret for config and generate sources and nothing for external ones", async () => {
        const component = await build();
        assert.deepStrictEqual(
            ofType(recorder, "azure-native:keyvault:Secret")
                .map((s) => s.name)
                .sort(),
            ["staging-secrets-api-key", "staging-secrets-db-password"],
        );
        assert.deepStrictEqual(component.secretNames, ["db-password", "api-key", "payments-api-key"]);
        assert.deepStrictEqual(component.externalSecretNames, ["payments-api-key"]);
    });

    it("sends every secret value as a secret, never in clear", async () => {
        const component = await build();
        for (const secret of ofType(recorder, "azure-native:keyvault:Secret")) {
            assert.strictEqual(input(secret, "properties.value"), "[secret]");
        }
        const all = JSON.stringify(recorder.resources);
        assert.ok(!all.includes("s3cr3t-from-config"), "a config value leaked into recorded inputs/outputs");
        assert.strictEqual(await isSecret(component.secrets["api-key"]!.properties), true);
    });

    it("generates values with @pulumi/random, secret even under mocks, rotating with the expiry", async () => {
        await build();
        const password = named(recorder, "staging-secrets-db-password-value");
        assert.strictEqual(password.type, "random:index/randomPassword:RandomPassword");
        assert.strictEqual(password.inputs.length, 48);
        assert.strictEqual(password.inputs.overrideSpecial, GENERATED_SPECIALS);
        assert.strictEqual(password.outputs.result, "[secret]");
        assert.deepStrictEqual(password.inputs.keepers, { expires: "2026-03-02T00:00:00Z" });
        assert.ok(password.dependencies.includes(named(recorder, "staging-secrets-db-password-expiry").urn));
    });

    it("derives a stable expiry from a time Rotating resource kept in state, never from the clock", async () => {
        await build();
        const rotating = named(recorder, "staging-secrets-db-password-expiry");
        assert.strictEqual(rotating.type, "time:index/rotating:Rotating");
        assert.deepStrictEqual(rotating.inputs, { rotationDays: 60 });
        const secret = named(recorder, "staging-secrets-db-password");
        assert.strictEqual(input(secret, "properties.attributes.expires"), unixSeconds(MOCK_NOW) + 60 * 86400);
        assert.strictEqual(input(secret, "properties.attributes.enabled"), true);
        assert.ok(secret.dependencies.includes(rotating.urn));
    });

    it("sets name, content type and tags (validity and source included)", async () => {
        await build();
        const secret = named(recorder, "staging-secrets-api-key");
        assert.strictEqual(secret.inputs.secretName, "api-key");
        assert.strictEqual(secret.inputs.vaultName, "keyvault-staging-abcd");
        assert.strictEqual(input(secret, "properties.contentType"), "application/json");
        assert.deepStrictEqual(secret.inputs.tags, { environment: "staging", source: "config", "validity-days": "30" });
        assert.strictEqual(input(named(recorder, "staging-secrets-db-password"), "properties.contentType"), "text/plain");
    });

    it("creates no RandomPassword for a config secret", async () => {
        await build();
        assert.deepStrictEqual(ofType(recorder, "random:index/randomPassword:RandomPassword").map((r) => r.name), ["staging-secrets-db-password-value"]);
    });

    it("rejects duplicate names ignoring case and a length on a non-generated secret", async () => {
        assert.throws(() => validateVaultSecretsArgs({ ...base, secrets: [{ name: "a" }, { name: "A" }] }), /secret name "A" is used twice/);
        assert.throws(() => new VaultSecrets("bad", { ...base, secrets: [{ name: "a", source: "config", length: 40 }] }), /sets length but its source is not generate/);
        await recorder.settle();
        assert.deepStrictEqual(recorder.resources, []);
    });

    it("a rotated secret is created once and then owned by the function: every updatable input ignored; postgres-dual names its roles", async () => {
        await build({
            secrets: [
                { name: "db-url", source: "config", rotation: "postgres-dual", rotationRoles: ["app_blue", "app_green"] },
                { name: "api-key", source: "config" },
            ],
            secretValues: pulumi.secret({ "db-url": "postgresql://app_blue:x@h/db", "api-key": "v" }),
        });
        const rotated = named(recorder, "staging-secrets-db-url");
        assert.deepStrictEqual(rotated.ignoreChanges, ["properties", "tags"]);
        assert.deepStrictEqual(rotated.inputs.tags, {
            environment: "staging",
            "rotation-strategy": "postgres-dual",
            "rotation-roles": "app_blue,app_green",
            source: "config",
            "validity-days": "90",
        });
        assert.strictEqual(named(recorder, "staging-secrets-api-key").ignoreChanges, undefined);
    });

    it("converts RFC 3339 to Unix seconds and rejects garbage", () => {
        assert.strictEqual(unixSeconds("2026-01-01T00:00:00Z"), 1767225600);
        assert.throws(() => unixSeconds("next week"), /not an RFC 3339 timestamp/);
    });
});
