import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { classAliasMessages, classAliasTypes, deferClassAliases } from "../../tools/plan/classAliases";
import { evaluateProgram, EvaluatedProgram } from "../../tools/plan/evaluate";
import { REPO_ROOT } from "../helpers/pulumi";

const CLOCK = "2026-11-29T00:00:00Z";

/** The plan's record of an evaluation, resources in URN order (the order registrations complete is not compared). */
function recorded(e: EvaluatedProgram): string {
    return JSON.stringify({ outputs: e.outputs, resources: [...e.resources].sort((a, b) => (a.urn < b.urn ? -1 : 1)) });
}

async function withSdkAliases<T>(run: () => Promise<T>): Promise<T> {
    process.env.PLAN_SDK_ALIASES = "1";
    try {
        return await run();
    } finally {
        delete process.env.PLAN_SDK_ALIASES;
    }
}

/**
 * Evaluates a plain-JavaScript program (`lines`) with the class aliases deferred and with the SDK left alone, asserts
 * both recorded the same, and returns the first.
 */
async function sameAsSdk(lines: readonly string[]): Promise<EvaluatedProgram> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-class-aliases-"));
    try {
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: aliases-app\nruntime: nodejs\nmain: index.js\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        fs.writeFileSync(path.join(dir, "index.js"), [...lines, ""].join("\n"));
        const deferred = await evaluateProgram(dir, "dev", { clock: CLOCK });
        const sdk = await withSdkAliases(() => evaluateProgram(dir, "dev", { clock: CLOCK }));
        assert.strictEqual(recorded(deferred), recorded(sdk));
        return deferred;
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

interface SerializableAlias {
    serializeBinary(): Uint8Array;
}

describe("plan: azure-native's class aliases past the SDK's Output machinery (tools/plan/classAliases.ts)", function () {
    this.timeout(120_000);

    it("takes a generated class's alias options: only `aliases`, every entry only an azure-native `type`", () => {
        assert.deepStrictEqual(classAliasTypes({ aliases: [{ type: "azure-native:keyvault/v20150601:Vault" }, { type: "azure-native:keyvault/v20190901:Vault" }] }), [
            "azure-native:keyvault/v20150601:Vault",
            "azure-native:keyvault/v20190901:Vault",
        ]);
        // monitor:DiagnosticSetting also lists insights' types, versioned or not.
        assert.deepStrictEqual(classAliasTypes({ aliases: [{ type: "azure-native:insights:DiagnosticSetting" }, { type: "azure-native:monitor/v20170501preview:DiagnosticSetting" }] }), [
            "azure-native:insights:DiagnosticSetting",
            "azure-native:monitor/v20170501preview:DiagnosticSetting",
        ]);
    });

    it("leaves every other options object to the SDK", () => {
        for (const opts of [
            undefined,
            null,
            [],
            {},
            { aliases: [] },
            { aliases: [{ type: "azure-native:keyvault/v20190901:Vault" }], protect: true },
            { aliases: [{ type: "azure-native:keyvault/v20190901:Vault", name: "old" }] },
            { aliases: [{ type: "azure-native:keyvault/v20190901:Vault", parent: undefined }] },
            { aliases: [{ type: "azure:keyvault/vault:Vault" }] },
            { aliases: ["urn:pulumi:s::p::azure-native:keyvault:Vault::v"] },
            { aliases: [{ type: pulumi.output("azure-native:keyvault/v20190901:Vault") }] },
        ]) {
            assert.strictEqual(classAliasTypes(opts), undefined, JSON.stringify(opts));
        }
    });

    it("builds the requests' Alias messages byte for byte as the SDK's mapAliasesForRequest does, with and without a parent", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { mapAliasesForRequest } = require("@pulumi/pulumi/runtime/resource") as {
            mapAliasesForRequest(aliases: readonly object[], parentUrn: string | undefined): Promise<SerializableAlias[]>;
        };
        const types = ["azure-native:insights:DiagnosticSetting", "azure-native:monitor/v20210501preview:DiagnosticSetting"];
        for (const parent of ["urn:pulumi:staging::keyvault-devops::keyvault-devops:index:VaultDiagnostics::staging-diagnostics", ""]) {
            const sdk = await mapAliasesForRequest(types.map((type) => ({ type })), parent === "" ? undefined : parent);
            const ours = classAliasMessages(types, parent) as unknown as SerializableAlias[];
            assert.deepStrictEqual(ours.map((a) => Buffer.from(a.serializeBinary()).toString("hex")), sdk.map((a) => Buffer.from(a.serializeBinary()).toString("hex")), parent || "(no parent)");
        }
    });

    it("records the shipped staging stack exactly as with the SDK left alone (PLAN_SDK_ALIASES=1): inputs, outputs, options, aliases", async () => {
        const deferred = await evaluateProgram(REPO_ROOT, "staging", { clock: CLOCK });
        const sdk = await withSdkAliases(() => evaluateProgram(REPO_ROOT, "staging", { clock: CLOCK }));
        assert.ok(deferred.resources.some((r) => (r.aliases?.length ?? 0) > 20), "class aliases recorded");
        assert.strictEqual(recorded(deferred), recorded(sdk));
    });

    it("keeps a program's own aliases first and the class's after them, under a component, as the SDK does", async () => {
        const deferred = await sameAsSdk([
            'const pulumi = require("@pulumi/pulumi");',
            'const keyvault = require("@pulumi/azure-native/keyvault");',
            'const monitor = require("@pulumi/azure-native/monitor");',
            'const parent = new pulumi.ComponentResource("demo:index:Box", "box", {}, { aliases: [{ name: "old-box" }] });',
            'const vault = new keyvault.Vault("v", { resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" } } }, { parent, aliases: [{ name: "old-v" }, "urn:pulumi:dev::aliases-app::azure-native:keyvault:Vault::older"] });',
            'new monitor.DiagnosticSetting("d", { resourceUri: vault.id, logs: [] }, { parent });',
            'new keyvault.Secret("s", { resourceGroupName: "rg", vaultName: "v", properties: { value: "x" } });',
            "parent.registerOutputs({});",
        ]);
        const vault = deferred.resources.find((r) => r.name === "v");
        assert.deepStrictEqual(vault?.aliases?.slice(0, 3), [
            "urn:pulumi:dev::aliases-app::demo:index:Box$azure-native:keyvault:Vault::old-v",
            "urn:pulumi:dev::aliases-app::azure-native:keyvault:Vault::older",
            "urn:pulumi:dev::aliases-app::demo:index:Box$azure-native:keyvault/v20150601:Vault::v",
        ]);
    });

    it("matches the SDK where transformations, a program's own aliases or its own mergeOptions calls are involved", async () => {
        const deferred = await sameAsSdk([
            'const pulumi = require("@pulumi/pulumi");',
            'const keyvault = require("@pulumi/azure-native/keyvault");',
            'const props = { resourceGroupName: "rg", properties: { tenantId: "t", sku: { family: "A", name: "standard" } } };',
            "const first = 'azure-native:keyvault/v20150601:Vault';",
            // A rename from the oldest API version: the program's own alias has a class alias's type.
            'new keyvault.Vault("renamed", props, { aliases: [{ type: first, name: "old-renamed" }, { type: first }] });',
            // The program's own mergeOptions around the class's shape: aliases x, the shape's, y, then the class's.
            "const shape = { aliases: [{ type: 'azure-native:keyvault/v20161001:Vault' }] };",
            'const own = pulumi.mergeOptions(pulumi.mergeOptions({ aliases: [{ name: "x" }] }, shape), { aliases: [{ name: "y" }] });',
            'new keyvault.Vault("merged", props, own);',
            // The same type and name under two parents of different types.
            'const boxA = new pulumi.ComponentResource("demo:index:A", "box", {});',
            'const boxB = new pulumi.ComponentResource("demo:index:B", "box", {});',
            'new keyvault.Vault("twin", props, { parent: boxA });',
            'new keyvault.Vault("twin", props, { parent: boxB, aliases: [{ name: "older-twin" }] });',
            // A parent whose transformation drops its children's aliases: the SDK's result, not the class's.
            'const bare = new pulumi.ComponentResource("demo:index:Bare", "bare", {}, { transformations: [(a) => ({ props: a.props, opts: { ...a.opts, aliases: [] } })] });',
            'new keyvault.Vault("stripped", props, { parent: bare });',
            // A repeated string alias (prepareResource drops the repeat) before the program's class-shaped merge.
            'const dup = "urn:pulumi:dev::aliases-app::azure-native:keyvault:Vault::a";',
            'new keyvault.Vault("dup", props, pulumi.mergeOptions(pulumi.mergeOptions({ aliases: [dup, dup] }, shape), { aliases: [{ name: "y" }] }));',
            // A lone alias, not in an array (JavaScript only): the SDK's merge wraps it.
            'new keyvault.Vault("lone", props, { aliases: "urn:pulumi:dev::aliases-app::azure-native:keyvault:Vault::old-lone" });',
            // A resource the SDK constructs while serializing another's inputs (a getter): none of its aliases.
            "let made;",
            'new keyvault.Secret("outer", { resourceGroupName: "rg", vaultName: "v", properties: { get value() { made = made || new keyvault.Secret("inner", { resourceGroupName: "rg", vaultName: "v", properties: { value: "i" } }); return "o"; } } });',
            // Migration options merged before a transformation exists, used after: transformations see them.
            "const migrated = pulumi.mergeOptions({}, { aliases: [{ type: 'azure-native:keyvault/v20230701:Vault' }] });",
            'new keyvault.Vault("mig1", props, { ...migrated, parent: bare });',
            // Defaults first, the resource's own options win: a common stack transformation, from here on.
            "pulumi.runtime.registerStackTransformation((a) => ({ props: a.props, opts: pulumi.mergeOptions({ retainOnDelete: true }, a.opts) }));",
            'new keyvault.Vault("transformed", props, { aliases: [{ name: "legacy" }] });',
            'new keyvault.Vault("mig2", props, migrated);',
            "boxA.registerOutputs({}); boxB.registerOutputs({}); bare.registerOutputs({});",
        ]);
        const aliases = (name: string): string[] => (deferred.resources.filter((r) => r.name === name).map((r) => r.aliases?.length ?? 0) as number[]).map(String);
        assert.deepStrictEqual(
            { renamed: aliases("renamed"), merged: aliases("merged"), twin: aliases("twin"), stripped: aliases("stripped"), transformed: aliases("transformed") },
            { renamed: ["23"], merged: ["24"], twin: ["21", "22"], stripped: ["0"], transformed: ["22"] },
        );
        assert.deepStrictEqual(
            { dup: aliases("dup"), lone: aliases("lone"), inner: aliases("inner"), mig1: aliases("mig1"), mig2: aliases("mig2") },
            { dup: ["24"], lone: ["22"], inner: ["20"], mig1: ["0"], mig2: ["22"] },
        );
    });

    it("puts the SDK back when the last of overlapping evaluations ends; PLAN_SDK_ALIASES=1 leaves it alone", () => {
        const before = pulumi.mergeOptions;
        const first = deferClassAliases({});
        const second = deferClassAliases({});
        assert.notStrictEqual(pulumi.mergeOptions, before, "deferred");
        first();
        first();
        assert.notStrictEqual(pulumi.mergeOptions, before, "still deferred while the second is open");
        second();
        assert.strictEqual(pulumi.mergeOptions, before, "restored");
        deferClassAliases({ PLAN_SDK_ALIASES: "1" })();
        assert.strictEqual(pulumi.mergeOptions, before);
    });
});
