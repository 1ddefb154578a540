import * as assert from "assert";
import { diffPlans, PlanDiff } from "../../tools/diff/diff";
import { documentExtras } from "../../tools/plan/document";
import { Recorder } from "../../tools/plan/evaluate";
import { PlanDocument } from "../../tools/plan/render";
import { recordingMocks, runProgram, setConfig } from "../helpers/pulumi";

/*
 * The stack never forces a new key version, nor a new key, by accident: plan diffs of the whole program under the
 * engine's ignoreChanges / replaceOnChanges semantics (tools/diff/options.ts). Any config change to an existing key
 * is a no-op for it (Key Vault's ARM PUT never updates an existing key, keys.json `Keys_CreateIfNotExist`, so an
 * "update" would only lie; components/vaultKeys.ts KEY_IGNORE_CHANGES); only its identity (vault, name) replaces it.
 */

type Json = Record<string, unknown>;
const KEY = "azure-native:keyvault:Key";
const PIPELINE = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";

const key = (overrides: Json = {}): Json => ({
    name: "artifact-signing",
    type: "RSA",
    size: 3072,
    expiresInDays: 120,
    rotation: { rotateAfterDays: 90, notifyBeforeExpiryDays: 14 },
    users: [{ principalId: PIPELINE }],
    ...overrides,
});
const config = (keyOverrides: Json = {}, tags: Record<string, string> = { team: "platform" }): Json => ({
    "azure-native:location": "westeurope",
    environment: "dev",
    tags,
    keys: [key(keyOverrides)],
    rotation: { alerts: { emails: ["secops@example.com"] } },
});

describe("keys: plan diffs never force a new key version", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("unit");
    });

    const cache = new Map<string, PlanDocument>();
    /** The plan of a config (cached: each program run takes seconds on a shared machine). */
    async function planOf(cfg: Json): Promise<PlanDocument> {
        const cacheKey = JSON.stringify(cfg);
        const cached = cache.get(cacheKey);
        if (cached) return cached;
        recorder.reset();
        setConfig(cfg);
        assert.strictEqual(await runProgram(recorder), undefined);
        const doc = {
            project: "keyvault-devops",
            stack: "unit",
            resources: recorder.resources.map((r) => ({
                urn: r.urn,
                type: r.type,
                name: r.name,
                ...(r.parent !== undefined ? { parent: r.parent } : {}),
                inputs: r.inputs,
                dependencies: r.dependencies,
                protect: r.protect,
                ...documentExtras(r),
            })),
            outputs: {},
            policies: { violations: [] },
        } as PlanDocument;
        cache.set(cacheKey, doc);
        return doc;
    }

    /** The control: the same plan as if the key had no resource options. */
    const withoutKeyOptions = (doc: PlanDocument): PlanDocument => ({ ...doc, resources: doc.resources.map((r) => (r.type === KEY ? { ...r, options: {} } : r)) });

    const keyChanges = (diff: PlanDiff) => diff.changes.filter((c) => c.type === KEY);

    const changes: Array<[string, Json, Json]> = [
        ["a new stack-wide tag", config({}, { team: "platform" }), config({}, { team: "platform", costCenter: "42" })],
        ["a shorter rotation", config(), config({ rotation: { rotateAfterDays: 60, notifyBeforeExpiryDays: 30 } })],
        ["a rotation before expiry instead of after creation", config(), config({ rotation: { rotateBeforeExpiryDays: 30, notifyBeforeExpiryDays: 14 } })],
        ["a longer validity", config(), config({ expiresInDays: 200 })],
        ["other operations", config(), config({ operations: ["sign"] })],
        ["a bigger key", config(), config({ size: 4096 })],
    ];

    for (const [what, beforeCfg, afterCfg] of changes) {
        it(`${what}: no update and no replacement of the key (the control without ignoreChanges would update it)`, async () => {
            const before = await planOf(beforeCfg);
            const after = await planOf(afterCfg);
            assert.deepStrictEqual(keyChanges(diffPlans(before, after)), [], "the key is untouched");
            const control = diffPlans(withoutKeyOptions(before), withoutKeyOptions(after));
            assert.deepStrictEqual(keyChanges(control).map((c) => c.op), ["update"], `${what} changes the key's inputs: the test would prove nothing`);
        });
    }

    it("a later run whose creation time differs (the first version's expiry would move): no update of the key", async () => {
        const before = await planOf(config());
        const after = await planOf(config());
        const moved = {
            ...after,
            resources: after.resources.map((r) => {
                if (r.type !== KEY) return r;
                const props = structuredClone(r.inputs.properties) as { attributes: { expires: number } };
                props.attributes.expires += 30 * 86400;
                return { ...r, inputs: { ...r.inputs, properties: props } };
            }),
        };
        assert.deepStrictEqual(keyChanges(diffPlans(before, moved)), []);
    });

    it("a new user adds a role assignment and leaves the key and the other assignment alone", async () => {
        const other = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
        const diff = diffPlans(await planOf(config()), await planOf(config({ users: [{ principalId: PIPELINE }, { principalId: other }] })));
        assert.deepStrictEqual(
            diff.changes.map((c) => [c.op, c.name]),
            [["create", `dev-keys-artifact-signing-crypto-user-${other}`]],
        );
    });

    it("only the key's identity replaces it: a rename is a replacement the diff names", async () => {
        const diff = diffPlans(await planOf(config()), await planOf(config({ name: "release-signing" })));
        const keys = keyChanges(diff);
        assert.deepStrictEqual(keys.map((c) => c.op).sort(), ["create", "delete"], "a renamed key is another key (new logical name)");
        const sameLogical = await planOf(config());
        const renamedInPlace = {
            ...sameLogical,
            resources: sameLogical.resources.map((r) => (r.type === KEY ? { ...r, inputs: { ...r.inputs, keyName: "release-signing" } } : r)),
        };
        const replaced = keyChanges(diffPlans(sameLogical, renamedInPlace));
        assert.deepStrictEqual(replaced.map((c) => [c.op, c.replaceReasons]), [["replace", ["keyName"]]]);
    });
});
