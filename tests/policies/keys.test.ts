import { strict as assert } from "assert";
import {
    durationDays,
    keyVaultKeyEcCurves,
    keyVaultKeyExpiry,
    keyVaultKeyHsmProduction,
    keyVaultKeyRotationPolicy,
    keyVaultKeyRsaMinimumSize,
} from "keyvault-devops-policies/bin/keys";
import { allPolicies } from "keyvault-devops-policies/bin/policyList";
import { DAY, NOT_BEFORE, rg, vaultNameFor } from "./fixtures";
import { checkResource, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, TestResource, withProp } from "./helpers";

/** A compliant key, as the VaultKeys component registers it (components/vaultKeys.ts). */
function key(environment = "staging", kty = environment === "production" ? "RSA-HSM" : "RSA"): TestResource {
    return {
        type: "azure-native:keyvault:Key",
        name: "artifact-signing",
        stack: environment,
        props: {
            resourceGroupName: rg(environment),
            vaultName: vaultNameFor(environment),
            keyName: "artifact-signing",
            tags: { environment },
            properties: {
                kty,
                keySize: 3072,
                keyOps: ["sign", "verify"],
                attributes: { enabled: true, expires: NOT_BEFORE + 120 * DAY },
                rotationPolicy: {
                    attributes: { expiryTime: "P120D" },
                    lifetimeActions: [
                        { trigger: { timeAfterCreate: "P90D" }, action: { type: "rotate" } },
                        { trigger: { timeBeforeExpiry: "P30D" }, action: { type: "notify" } },
                    ],
                },
            },
        },
    };
}

function ecKey(curve: unknown): TestResource {
    const k = withProp(withProp(key(), ["properties", "kty"], "EC"), ["properties", "keySize"], DELETE);
    return withProp(k, ["properties", "curveName"], curve);
}

const KEY = "Key Vault key 'artifact-signing'";
const ACTIONS = ["properties", "rotationPolicy", "lifetimeActions"] as const;

describe("policies: keys", () => {
    it("are registered in the pack", () => {
        const names = allPolicies.map((p) => p.name);
        for (const name of ["keyvault-key-expiry", "keyvault-key-rotation-policy", "keyvault-key-hsm-production", "keyvault-key-rsa-minimum-size", "keyvault-key-ec-curves"]) {
            assert.ok(names.includes(name), name);
        }
    });

    describe("keyvault-key-expiry", () => {
        const policy = keyVaultKeyExpiry;
        it("accepts a key with an expiry", async () => {
            assert.deepEqual(await checkResource(policy, key()), []);
        });
        it("rejects a key without an expiry", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "attributes", "expires"], DELETE)), [`${KEY} must set properties.attributes.expires (found: not set)`]);
        });
        it("rejects a key without attributes", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "attributes"], DELETE)), [`${KEY} must set properties.attributes.expires (found: not set)`]);
        });
        it("rejects an expiry that is not a date", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "attributes", "expires"], "someday")), [`${KEY} must set properties.attributes.expires (found: someday)`]);
        });
        it("says nothing when the expiry, the attributes or the properties are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                for (const path of [["properties", "attributes", "expires"], ["properties", "attributes"], ["properties"]]) {
                    assert.deepEqual(await checkResource(policy, withProp(key(), path, u)), [], `${path.join(".")} = ${u}`);
                }
            }
        });
    });

    describe("keyvault-key-rotation-policy", () => {
        const policy = keyVaultKeyRotationPolicy;
        it("accepts rotation 90 days after creation, or 30 days before a 120-day expiry", async () => {
            assert.deepEqual(await checkResource(policy, key()), []);
            const before = withProp(key(), [...ACTIONS, 0, "trigger"], { timeBeforeExpiry: "P30D" });
            assert.deepEqual(await checkResource(policy, before), []);
        });
        it("rejects a key without a rotation policy", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "rotationPolicy"], DELETE)), [
                `${KEY} must have a rotation policy with a Rotate action (properties.rotationPolicy.lifetimeActions) (found: none)`,
            ]);
        });
        it("rejects a rotation policy that only notifies", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), [...ACTIONS, 0, "action", "type"], "notify")), [
                `${KEY} must have a rotation policy with a Rotate action (properties.rotationPolicy.lifetimeActions) (found: none)`,
            ]);
        });
        it("rejects rotation later than 90 days after creation", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), [...ACTIONS, 0, "trigger", "timeAfterCreate"], "P1Y")), [`${KEY} must rotate within 90 days of creation (found: timeAfterCreate P1Y)`]);
        });
        it("rejects rotation before expiry that comes later than 90 days after creation", async () => {
            const r = withProp(withProp(key(), [...ACTIONS, 0, "trigger"], { timeBeforeExpiry: "P7D" }), ["properties", "rotationPolicy", "attributes", "expiryTime"], "P2Y");
            assert.deepEqual(await checkResource(policy, r), [`${KEY} must rotate within 90 days of creation (found: timeBeforeExpiry P7D with expiryTime P2Y)`]);
        });
        it("rejects rotation before expiry without an expiryTime", async () => {
            const r = withProp(withProp(key(), [...ACTIONS, 0, "trigger"], { timeBeforeExpiry: "P30D" }), ["properties", "rotationPolicy", "attributes"], DELETE);
            assert.deepEqual(await checkResource(policy, r), [`${KEY} must rotate within 90 days of creation (found: timeBeforeExpiry P30D with expiryTime not set)`]);
        });
        it("rejects a Rotate action without a trigger", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key(), [...ACTIONS, 0, "trigger"], DELETE)), [`${KEY} must give its Rotate action a trigger (timeAfterCreate or timeBeforeExpiry) (found: none)`]);
        });
        it("honours maximumDaysToRotate", async () => {
            assert.deepEqual(await checkResource(policy, key(), { maximumDaysToRotate: 60 }), [`${KEY} must rotate within 60 days of creation (found: timeAfterCreate P90D)`]);
            assert.deepEqual(await checkResource(policy, withProp(key(), [...ACTIONS, 0, "trigger", "timeAfterCreate"], "P1Y"), { maximumDaysToRotate: 365 }), []);
        });
        it("says nothing when the policy, an action or a trigger is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                for (const path of [["properties", "rotationPolicy"], [...ACTIONS], [...ACTIONS, 0], [...ACTIONS, 0, "action", "type"], [...ACTIONS, 0, "trigger", "timeAfterCreate"]]) {
                    assert.deepEqual(await checkResource(policy, withProp(key(), path, u)), [], `${path.join(".")} = ${u}`);
                }
                const before = withProp(withProp(key(), [...ACTIONS, 0, "trigger"], { timeBeforeExpiry: "P30D" }), ["properties", "rotationPolicy", "attributes", "expiryTime"], u);
                assert.deepEqual(await checkResource(policy, before), []);
            }
        });
        it("reads ISO 8601 day durations", () => {
            assert.equal(durationDays("P90D"), 90);
            assert.equal(durationDays("P1Y6M"), 545);
            assert.equal(durationDays("P2W"), 14);
            assert.equal(durationDays("PT12H"), undefined);
            assert.equal(durationDays("P"), undefined);
        });
    });

    describe("keyvault-key-hsm-production", () => {
        const policy = keyVaultKeyHsmProduction;
        it("accepts an HSM key in production and a software key elsewhere", async () => {
            assert.deepEqual(await checkResource(policy, key("production", "RSA-HSM")), []);
            assert.deepEqual(await checkResource(policy, key("production", "EC-HSM")), []);
            assert.deepEqual(await checkResource(policy, key("staging", "RSA")), []);
        });
        it("rejects a software key in production", async () => {
            assert.deepEqual(await checkResource(policy, key("production", "RSA")), [`${KEY} must be HSM-backed in production (properties.kty RSA-HSM or EC-HSM) (found: RSA)`]);
        });
        it("rejects a production key without a type (software by default)", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key("production"), ["properties", "kty"], DELETE)), [`${KEY} must be HSM-backed in production (properties.kty RSA-HSM or EC-HSM) (found: not set)`]);
        });
        it("honours productionEnvironment", async () => {
            assert.deepEqual(await checkResource(policy, key("prod", "EC"), { productionEnvironment: "prod" }), [`${KEY} must be HSM-backed in production (properties.kty RSA-HSM or EC-HSM) (found: EC)`]);
        });
        it("says nothing when the type or the environment tag is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(key("production", "RSA"), ["properties", "kty"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(key("production", "RSA"), ["tags"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(key("production", "RSA"), ["tags", "environment"], u)), []);
            }
        });
    });

    describe("keyvault-key-rsa-minimum-size", () => {
        const policy = keyVaultKeyRsaMinimumSize;
        it("accepts RSA keys of 2048 bits and more, unset size (2048), and EC keys", async () => {
            assert.deepEqual(await checkResource(policy, key()), []);
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "keySize"], 2048)), []);
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "keySize"], DELETE)), []);
            assert.deepEqual(await checkResource(policy, ecKey("P-256")), []);
        });
        it("rejects an RSA key below 2048 bits", async () => {
            assert.deepEqual(await checkResource(policy, withProp(key("production", "RSA-HSM"), ["properties", "keySize"], 1024)), [`${KEY} must be at least 2048 bits (properties.keySize) (found: 1024)`]);
        });
        it("rejects a key below a configured minimum, and an unset size below it", async () => {
            assert.deepEqual(await checkResource(policy, key(), { minimumRSAKeySize: 4096 }), [`${KEY} must be at least 4096 bits (properties.keySize) (found: 3072)`]);
            assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "keySize"], DELETE), { minimumRSAKeySize: 3072 }), [`${KEY} must be at least 3072 bits (properties.keySize) (found: not set (2048))`]);
        });
        it("says nothing when the size or the type is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "keySize"], u), { minimumRSAKeySize: 4096 }), []);
                assert.deepEqual(await checkResource(policy, withProp(key(), ["properties", "kty"], u), { minimumRSAKeySize: 4096 }), []);
            }
        });
    });

    describe("keyvault-key-ec-curves", () => {
        const policy = keyVaultKeyEcCurves;
        it("accepts the NIST curves, an unset curve (P-256), and RSA keys", async () => {
            for (const curve of ["P-256", "P-384", "P-521"]) {
                assert.deepEqual(await checkResource(policy, ecKey(curve)), [], curve);
            }
            assert.deepEqual(await checkResource(policy, ecKey(DELETE)), []);
            assert.deepEqual(await checkResource(policy, key()), []);
        });
        it("rejects P-256K by default", async () => {
            assert.deepEqual(await checkResource(policy, ecKey("P-256K")), [`${KEY} must use one of the curves P-256, P-384, P-521 (properties.curveName) (found: P-256K)`]);
        });
        it("rejects a curve outside allowedECNames, and an unset curve when P-256 is not allowed", async () => {
            assert.deepEqual(await checkResource(policy, ecKey("P-256"), { allowedECNames: ["P-384"] }), [`${KEY} must use one of the curves P-384 (properties.curveName) (found: P-256)`]);
            assert.deepEqual(await checkResource(policy, ecKey(DELETE), { allowedECNames: ["P-384"] }), [`${KEY} must use one of the curves P-384 (properties.curveName) (found: not set (P-256))`]);
        });
        it("says nothing when the curve or the type is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, ecKey(u), { allowedECNames: ["P-384"] }), []);
                assert.deepEqual(await checkResource(policy, withProp(ecKey("P-256K"), ["properties", "kty"], u)), []);
            }
        });
    });
});
