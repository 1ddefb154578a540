import * as assert from "assert";
import { ROTATED_SECRET_IGNORE_CHANGES } from "../../components/vaultSecrets";
import { Recorder } from "../../tools/plan/evaluate";
import { PlannedResource } from "../../tools/plan/types";
import { deepFreeze, ofType, recordingMocks, runProgram, setConfig } from "../helpers/pulumi";

/*
 * Item 1 of issue 13: after creation nothing the stack does may write a rotated secret's value or expiry. A plan
 * diff under the engine's `ignoreChanges` semantics: for every ignored path the engine sends the OLD input (from
 * state) instead of the program's ("Pulumi ignores a property by using the old value from the state instead of the
 * value provided by the Pulumi program", https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/); the
 * provider is asked to update when the resulting inputs differ from the old ones, and azure-native's update of a
 * Secret PUTs the whole resulting object (provider.go `defaultUpdate`), value and attributes included.
 */

type Json = Record<string, unknown>;

function getPath(obj: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
    let cur: unknown = obj;
    for (const key of path) {
        if (cur === null || typeof cur !== "object" || !(key in (cur as Json))) return { found: false };
        cur = (cur as Json)[key];
    }
    return { found: true, value: cur };
}

function setPath(obj: Json, path: readonly string[], found: boolean, value: unknown): void {
    let cur: Json = obj;
    for (const key of path.slice(0, -1)) {
        if (cur[key] === null || typeof cur[key] !== "object") cur[key] = {};
        cur = cur[key] as Json;
    }
    const last = path[path.length - 1]!;
    if (found) cur[last] = value;
    else delete cur[last];
}

/** The inputs the engine sends on update: the program's, with every ignored path taken from the old inputs. */
export function goalInputs(oldInputs: Json, newInputs: Json, ignoreChanges: readonly string[]): Json {
    const goal = JSON.parse(JSON.stringify(newInputs)) as Json;
    for (const dotted of ignoreChanges) {
        const path = dotted.split(".");
        const old = getPath(oldInputs, path);
        // No old value (e.g. a property added later): the program's value is used.
        if (old.found) setPath(goal, path, true, JSON.parse(JSON.stringify(old.value)));
    }
    return goal;
}

const canonical = (v: unknown): string =>
    JSON.stringify(v, (_k, value: unknown) =>
        value !== null && typeof value === "object" && !Array.isArray(value)
            ? Object.fromEntries(Object.entries(value as Json).sort(([a], [b]) => a.localeCompare(b)))
            : value,
    );

/** What `pulumi up` would do to a secret recorded in `before` when the program now registers `after`. */
function planUpdate(before: PlannedResource, after: PlannedResource): { update: boolean; body: Json } {
    const body = goalInputs(before.inputs, after.inputs, after.ignoreChanges ?? []);
    return { update: canonical(body) !== canonical(before.inputs), body };
}

describe("rotated secrets belong to the function after creation (plan diff)", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("unit");
    });

    const secrets = (overrides: { contentType?: string; expiresInDays?: number }) => [
        { name: "db-url", source: "config", rotation: "postgres", ...overrides },
        { name: "api-token", source: "generate", rotation: "regenerate", length: 40, ...overrides },
        { name: "static-token", source: "generate", ...overrides },
    ];
    const config = (tags: Record<string, string>, overrides: { contentType?: string; expiresInDays?: number } = {}) => ({
        "azure-native:location": "westeurope",
        environment: "dev",
        tags,
        secrets: secrets(overrides),
        secretValues: { "db-url": "postgresql://app:initial-password@db.example.com/app?sslmode=verify-full" },
    });

    const cache = new Map<string, Promise<ReadonlyMap<string, PlannedResource>>>();
    /**
     * The recorded secrets of a config, by secret name. Cached by config (deep-frozen, shared read-only): the five
     * configs below are used eight times, and each program run takes ≈ 0.5 s of CPU.
     */
    function secretsOf(cfg: Json): Promise<ReadonlyMap<string, PlannedResource>> {
        const key = JSON.stringify(cfg);
        let secrets = cache.get(key);
        if (secrets === undefined) {
            secrets = (async () => {
                recorder.reset();
                setConfig(cfg, ["secretValues"]);
                assert.strictEqual(await runProgram(recorder), undefined);
                const recorded = deepFreeze(ofType(recorder, "azure-native:keyvault:Secret"));
                return new Map(recorded.map((s) => [String(s.inputs.secretName), s]));
            })();
            // A failed run is not cached: the next test that asks sees the failure itself.
            secrets.catch(() => cache.delete(key));
            cache.set(key, secrets);
        }
        return secrets;
    }

    const changes: Array<[string, Json, Json]> = [
        ["a new stack-wide tag", config({ team: "platform" }), config({ team: "platform", costCenter: "42" })],
        ["a changed content type", config({}), config({}, { contentType: "application/x-postgresql-uri" })],
        ["a changed expiresInDays", config({}), config({}, { expiresInDays: 120 })],
    ];

    for (const [what, before, after] of changes) {
        it(`${what}: no update of a rotated secret, so no request carrying its value; a plain secret is updated`, async () => {
            const old = await secretsOf(before);
            const next = await secretsOf(after);
            for (const name of ["db-url", "api-token"]) {
                const plan = planUpdate(old.get(name)!, next.get(name)!);
                assert.strictEqual(plan.update, false, `${name} would be updated (PUT with properties.value): ${canonical(plan.body)}`);
                assert.deepStrictEqual(next.get(name)!.ignoreChanges, ["properties", "tags"]);
            }
            // The control: the same change does reach a secret the function does not own (so the diff is real).
            const plain = planUpdate(old.get("static-token")!, next.get("static-token")!);
            assert.strictEqual(plain.update, true, `${what} changes nothing: the test would prove nothing`);
            assert.strictEqual(next.get("static-token")!.ignoreChanges, undefined);
        });
    }

    it("the previous model (ignoring only value and attributes) would PUT the stale original value on a tag change", async () => {
        const old = await secretsOf(config({ team: "platform" }));
        const next = await secretsOf(config({ team: "platform", costCenter: "42" }));
        const oldModel = goalInputs(old.get("db-url")!.inputs, next.get("db-url")!.inputs, ["properties.value", "properties.attributes"]);
        assert.notStrictEqual(canonical(oldModel), canonical(old.get("db-url")!.inputs), "an update would be sent");
        assert.strictEqual((oldModel.properties as Json).value, "[secret]", "and it would carry the original value");
        assert.deepStrictEqual(ROTATED_SECRET_IGNORE_CHANGES, ["properties", "tags"]);
    });

    it("goalInputs follows the engine: ignored paths keep old values, absent old values take the program's", () => {
        const old = { properties: { value: "v1", contentType: "a" }, tags: { x: "1" } };
        const now = { properties: { value: "v2", contentType: "b" }, tags: { x: "2", y: "3" }, extra: 1 };
        assert.deepStrictEqual(goalInputs(old, now, ["properties.value"]), { properties: { value: "v1", contentType: "b" }, tags: { x: "2", y: "3" }, extra: 1 });
        assert.deepStrictEqual(goalInputs(old, now, ["properties", "tags"]), { ...old, extra: 1 });
        assert.deepStrictEqual(goalInputs({}, now, ["tags"]), now);
    });
});
