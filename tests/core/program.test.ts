import * as assert from "assert";
import { ConfigError } from "../../stack/config/errors";
import { Recorder } from "../../tools/plan/evaluate";
import { recordingMocks, runProgram, setConfig } from "../helpers/pulumi";

/** The program (index.ts) run in-process: config is validated before anything is registered. */
describe("stack program", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("unit");
    });
    beforeEach(() => recorder.reset());

    it("registers nothing but the stack when the config is invalid", async () => {
        setConfig({ "azure-native:location": "westeurope", environment: "Bad Env", vault: { sku: "gold" } });
        const err = await runProgram(recorder);
        assert.ok(err instanceof Error && err.name === "ConfigError", `expected a ConfigError, got ${String(err)}`);
        assert.deepStrictEqual((err as ConfigError).problems.map((p) => p.split("`")[1]), ["environment", "vault.sku"]);
        assert.deepStrictEqual(recorder.resources.map((r) => r.type), ["pulumi:pulumi:Stack"]);
    });

    it("rejects an unknown top-level key of the namespace", async () => {
        setConfig({ "azure-native:location": "westeurope", environment: "dev", valut: { sku: "premium" } });
        const err = await runProgram(recorder);
        assert.ok(err instanceof Error);
        assert.deepStrictEqual((err as ConfigError).problems, [
            "`valut`: unknown key; allowed keys: environment, resourceGroupName, vault, diagnostics, secrets, access, devops, rotation, tags, secretValues, keys, certificates, adopt. Fix: correct its spelling or pulumi config rm valut",
        ]);
    });

    it("builds one environment from minimal config, with stack outputs of names only", async () => {
        setConfig({ "azure-native:location": "westeurope", environment: "dev", secrets: [{ name: "token", source: "generate" }] });
        const err = await runProgram(recorder);
        assert.strictEqual(err, undefined);
        const types = recorder.resources.map((r) => r.type);
        for (const t of ["azure-native:keyvault:Vault", "azure-native:monitor:DiagnosticSetting", "azure-native:keyvault:Secret", "azure-native:operationalinsights:Workspace"]) {
            assert.ok(types.includes(t), `${t} missing from ${types.join(", ")}`);
        }
        const vault = recorder.resources.find((r) => r.type === "azure-native:keyvault:Vault");
        assert.deepStrictEqual(vault?.inputs.tags, { environment: "dev", "managed-by": "pulumi/keyvault-devops" });
        assert.deepStrictEqual(recorder.stackOutputs.secretNames, ["token"]);
        for (const key of ["vaultName", "vaultUri", "vaultId", "resourceGroupName", "workspaceId"]) {
            assert.strictEqual(typeof recorder.stackOutputs[key], "string", key);
        }
    });

    it("reads a config secret's value as a secret and never records it", async () => {
        setConfig(
            {
                "azure-native:location": "westeurope",
                environment: "dev",
                secrets: [{ name: "smtp-password", source: "config" }],
                secretValues: { "smtp-password": "hunter2-plaintext" },
            },
            ["secretValues"],
        );
        const err = await runProgram(recorder);
        assert.strictEqual(err, undefined);
        assert.ok(!JSON.stringify(recorder.resources).includes("hunter2-plaintext"));
        const secret = recorder.resources.find((r) => r.type === "azure-native:keyvault:Secret");
        assert.strictEqual((secret?.inputs.properties as Record<string, unknown>).value, "[secret]");
    });
});

describe("stack program: secret values", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("unit");
    });
    beforeEach(() => recorder.reset());

    it("rejects secret values stored in plaintext (set without --secret), creating nothing", async () => {
        setConfig({
            "azure-native:location": "westeurope",
            environment: "dev",
            secrets: [{ name: "smtp-password", source: "config" }],
            secretValues: { "smtp-password": "plain-in-the-stack-file" },
        });
        const err = await runProgram(recorder);
        assert.ok(err instanceof Error && err.name === "ConfigError", String(err));
        assert.deepStrictEqual((err as ConfigError).problems, [
            "`secretValues`: found values stored in plaintext (`secretValues.smtp-password`); must be set as secrets, each one (a `secure:` sibling does not protect the others). Fix: pulumi config set --secret --path 'secretValues.smtp-password' <value> (for each value)",
        ]);
        assert.ok(!(err as Error).message.includes("plain-in-the-stack-file"));
        assert.deepStrictEqual(recorder.resources.map((r) => r.type), ["pulumi:pulumi:Stack"]);
    });
});
