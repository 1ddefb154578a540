import * as assert from "assert";
import { ConfigError } from "../../stack/config/errors";
import { keyAlertWarnings } from "../../stack/config/keyRules";
import { validateConfig } from "../../stack/config/load";
import { defaultKeyType } from "../../stack/keys";
import { Recorder } from "../../tools/plan/evaluate";
import { problems } from "../helpers/config";
import { recordingMocks, runProgram, setConfig } from "../helpers/pulumi";

const P = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";
const raw = (keys: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({ environment: "staging", location: "westeurope", keys, ...extra });
const prod = (keys: unknown[], vault: Record<string, unknown> = { sku: "premium" }): Record<string, unknown> => raw(keys, { environment: "production", vault });

describe("config: keys[]", () => {
    it("defaults to no keys", () => {
        assert.deepStrictEqual(validateConfig({ environment: "dev", location: "westeurope" }).keys, []);
    });

    it("fills a key's defaults: sign/verify, 120 days, rotation 90 days after creation with a 14-day notice, no users", () => {
        const cfg = validateConfig(raw([{ name: "artifact-signing", size: 3072, users: [{ principalId: P }] }]));
        assert.deepStrictEqual(cfg.keys, [
            {
                name: "artifact-signing",
                size: 3072,
                operations: ["sign", "verify"],
                expiresInDays: 120,
                rotation: { rotateAfterDays: 90, notifyBeforeExpiryDays: 14 },
                users: [{ principalId: P, principalType: "ServicePrincipal" }],
            },
        ]);
    });

    it("accepts sizes and days written as strings by `pulumi config set --path`", () => {
        const cfg = validateConfig(raw([{ name: "k", size: "4096", expiresInDays: "200", rotation: { rotateBeforeExpiryDays: "30" } }]));
        assert.strictEqual(cfg.keys[0]?.size, 4096);
        assert.deepStrictEqual(cfg.keys[0]?.rotation, { rotateBeforeExpiryDays: 30, notifyBeforeExpiryDays: 14 });
    });

    it("defaults the type to HSM on a premium vault, software otherwise, of the family the curve names", () => {
        assert.strictEqual(defaultKeyType("premium", undefined), "RSA-HSM");
        assert.strictEqual(defaultKeyType("premium", "P-256"), "EC-HSM");
        assert.strictEqual(defaultKeyType("standard", undefined), "RSA");
        assert.strictEqual(defaultKeyType("standard", "P-384"), "EC");
        // A production key without a type on a premium vault is HSM-backed, so accepted.
        assert.strictEqual(validateConfig(prod([{ name: "k", size: 3072 }])).keys.length, 1);
    });

    describe("rejects each bad key, naming its path, all at once", () => {
        const cases: Array<[string, Record<string, unknown>, string[]]> = [
            ["a curve on an RSA key", raw([{ name: "k", type: "RSA", size: 2048, curve: "P-256" }]), [
                "`keys[0].curve`: found \"P-256\"; must be unset for an RSA key (type RSA: RSA keys take a size, EC keys a curve). Fix: pulumi config rm --path 'keys[0].curve', or set type: EC",
            ]],
            ["an RSA key without a size", raw([{ name: "k", type: "RSA" }]), [
                "`keys[0].size`: not set; must be 2048, 3072 or 4096 for an RSA key (type RSA). Fix: pulumi config set --path 'keys[0].size' 3072",
            ]],
            ["a default-typed key without a size", raw([{ name: "k" }]), [
                "`keys[0].size`: not set; must be 2048, 3072 or 4096 for an RSA key (type RSA (the default on a standard vault)). Fix: pulumi config set --path 'keys[0].size' 3072",
            ]],
            ["a size on an EC key", raw([{ name: "k", type: "EC", curve: "P-256", size: 2048 }]), [
                "`keys[0].size`: found 2048; must be unset for an EC key (type EC: the curve sets its size). Fix: pulumi config rm --path 'keys[0].size' and set curve, e.g. P-256",
            ]],
            ["an EC key without a curve", raw([{ name: "k", type: "EC" }]), [
                "`keys[0].curve`: not set; must be P-256, P-384, P-521 or P-256K for an EC key (type EC). Fix: pulumi config set --path 'keys[0].curve' P-256",
            ]],
            ["an EC key that encrypts", raw([{ name: "k", type: "EC", curve: "P-256", operations: ["sign", "encrypt"] }]), [
                "`keys[0].operations[1]`: found \"encrypt\"; must be sign or verify for an EC key (Key Vault's EC keys only sign: https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#ec-algorithms). Fix: remove it, or use an RSA key",
            ]],
            ["an HSM key on a standard vault", raw([{ name: "k", type: "RSA-HSM", size: 2048 }]), [
                "`keys[0].type`: found \"RSA-HSM\"; must be a software key type (RSA or EC) on a standard vault: HSM-backed keys need vault.sku premium (https://learn.microsoft.com/azure/key-vault/keys/about-keys#key-types-and-protection-methods). Fix: pulumi config set --path 'keys[0].type' RSA, or pulumi config set --path 'vault.sku' premium",
            ]],
            ["a software key in production", prod([{ name: "k", type: "RSA", size: 2048 }]), [
                "`keys[0].type`: found \"RSA\"; must be an HSM-backed type (RSA-HSM or EC-HSM) in production. Fix: pulumi config set --path 'keys[0].type' RSA-HSM",
            ]],
            ["a default (software) key in production on a standard vault", prod([{ name: "k", size: 2048 }], { sku: "standard" }), [
                "`keys[0].type`: found not set (RSA on a standard vault); must be an HSM-backed type (RSA-HSM or EC-HSM) in production, which needs vault.sku premium. Fix: pulumi config set --path 'keys[0].type' RSA-HSM && pulumi config set --path 'vault.sku' premium",
            ]],
            ["an RSA size Key Vault does not create", raw([{ name: "k", type: "RSA", size: 1024 }]), [
                "`keys[0].size`: found 1024; must be one of 2048 | 3072 | 4096 (RSA key sizes Key Vault creates). Fix: pulumi config set --path 'keys[0].size' 3072",
            ]],
            ["an unknown type", raw([{ name: "k", type: "AES" }]), ["`keys[0].type`: found \"AES\"; must be one of RSA | RSA-HSM | EC | EC-HSM. Fix: pulumi config set --path 'keys[0].type' RSA-HSM"]],
            ["a name that breaks the vault object rule", raw([{ name: "Artifact_Signing", size: 2048 }]), [
                "`keys[0].name`: found \"Artifact_Signing\"; must be a Key Vault object name: 1–127 letters, digits and hyphens (^[0-9a-zA-Z-]{1,127}$). Fix: rename it, e.g. artifact-signing",
            ]],
            ["two keys with one name ignoring case", raw([{ name: "signing", size: 2048 }, { name: "signing", size: 3072 }]), [
                "`keys[1].name`: found \"signing\"; must be a name not used by another key, ignoring case (Key Vault names are case-insensitive; keys[0] has it). Fix: rename one of them",
            ]],
            ["two rotation triggers", raw([{ name: "k", size: 2048, rotation: { rotateAfterDays: 30, rotateBeforeExpiryDays: 30 } }]), [
                "`keys[0].rotation.rotateBeforeExpiryDays`: found 30; must be unset when rotateAfterDays is set (a key rotates on one trigger). Fix: pulumi config rm --path 'keys[0].rotation.rotateBeforeExpiryDays', or remove rotateAfterDays",
            ]],
            ["a rotation without a trigger", raw([{ name: "k", size: 2048, rotation: { notifyBeforeExpiryDays: 30 } }]), [
                "`keys[0].rotation.rotateAfterDays`: not set; must be set, or rotation.rotateBeforeExpiryDays instead (Key Vault rotates the key itself on one of them). Fix: pulumi config set --path 'keys[0].rotation.rotateAfterDays' 90",
            ]],
            ["a rotation less than 7 days before expiry", raw([{ name: "k", size: 2048, expiresInDays: 60, rotation: { rotateAfterDays: 58 } }]), [
                "`keys[0].rotation.rotateAfterDays`: found 58; must be at most 53: 7 days before the key expires (expiresInDays is 60; Key Vault's minimum is 7 days from expiry). Fix: pulumi config set --path 'keys[0].rotation.rotateAfterDays' 30, or raise expiresInDays",
            ]],
            ["a rotation before expiry less than 7 days after creation", raw([{ name: "k", size: 2048, expiresInDays: 60, rotation: { rotateBeforeExpiryDays: 55 } }]), [
                "`keys[0].rotation.rotateBeforeExpiryDays`: found 55; must be at most 53: 7 days after creation (expiresInDays is 60; Key Vault's minimum is 7 days from creation). Fix: pulumi config set --path 'keys[0].rotation.rotateBeforeExpiryDays' 30, or raise expiresInDays",
            ]],
            ["a notice as long as the validity", raw([{ name: "k", size: 2048, expiresInDays: 60, rotation: { rotateAfterDays: 30, notifyBeforeExpiryDays: 60 } }]), [
                "`keys[0].rotation.notifyBeforeExpiryDays`: found 60; must be less than expiresInDays (60), or KeyNearExpiry would fire as soon as the key exists. Fix: pulumi config set --path 'keys[0].rotation.notifyBeforeExpiryDays' 14",
            ]],
            ["a notice on or before the rotation day (it would alert on a key about to rotate as planned)", raw([{ name: "k", size: 2048, rotation: { rotateAfterDays: 90, notifyBeforeExpiryDays: 30 } }]), [
                "`keys[0].rotation.notifyBeforeExpiryDays`: found 30; must be less than 30: the rotation comes 30 days before expiry, and the near-expiry notice must come after it (it alerts that the rotation did not happen). Fix: pulumi config set --path 'keys[0].rotation.notifyBeforeExpiryDays' 15, or rotate earlier",
            ]],
            ["a notice before a rotation set before expiry", raw([{ name: "k", size: 2048, rotation: { rotateBeforeExpiryDays: 14 } }]), [
                "`keys[0].rotation.notifyBeforeExpiryDays`: found 14 (the default); must be less than 14: the rotation comes 14 days before expiry, and the near-expiry notice must come after it (it alerts that the rotation did not happen). Fix: pulumi config set --path 'keys[0].rotation.notifyBeforeExpiryDays' 7, or rotate earlier",
            ]],
            ["a rotation under Key Vault's 7-day minimum", raw([{ name: "k", size: 2048, rotation: { rotateAfterDays: 3 } }]), [
                "`keys[0].rotation.rotateAfterDays`: found 3; must be a whole number from 7 to 3650. Fix: pulumi config set --path 'keys[0].rotation.rotateAfterDays' 90",
            ]],
            ["a validity the default rotation does not fit", raw([{ name: "k", size: 2048, expiresInDays: 60 }]), [
                "`keys[0].rotation`: not set; must be set for a key valid 60 days: the default rotation (90 days after creation) must come at least 7 days before expiry, and before the default notice (14 days before expiry). Fix: pulumi config set --path 'keys[0].rotation.rotateAfterDays' 30 && pulumi config set --path 'keys[0].rotation.notifyBeforeExpiryDays' 7",
            ]],
            ["a validity under Key Vault's 28-day minimum", raw([{ name: "k", size: 2048, expiresInDays: 10 }]), [
                "`keys[0].expiresInDays`: found 10; must be a whole number from 28 to 3650. Fix: pulumi config set --path 'keys[0].expiresInDays' 120",
            ]],
            ["a user listed twice", raw([{ name: "k", size: 2048, users: [{ principalId: P }, { principalId: P.toUpperCase() }] }]), [
                `\`keys[0].users[1]\`: found {"principalId":"${P.toUpperCase()}"}; must be a principal listed once per key (two assignments of one role to one principal on one scope collide). Fix: remove the duplicate entry`,
            ]],
            ["a user that is not an object ID", raw([{ name: "k", size: 2048, users: [{ principalId: "not-a-guid" }] }]), [
                "`keys[0].users[0].principalId`: found \"not-a-guid\"; must be an object ID: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path 'keys[0].users[0].principalId' <guid>",
            ]],
            ["an operation listed twice", raw([{ name: "k", size: 2048, operations: ["sign", "sign"] }]), ["`keys[0].operations[1]`: found \"sign\"; must be listed once. Fix: remove the duplicate"]],
            ["an unknown operation", raw([{ name: "k", size: 2048, operations: ["fly"] }]), [
                "`keys[0].operations[0]`: found \"fly\"; must be one of encrypt | decrypt | sign | verify | wrapKey | unwrapKey. Fix: pulumi config set --path 'keys[0].operations[0]' sign",
            ]],
            ["no operation", raw([{ name: "k", size: 2048, operations: [] }]), ["`keys[0].operations`: found []; must be at least one operation. Fix: pulumi config set --path 'keys[0].operations[0]' sign"]],
        ];
        for (const [what, config, expected] of cases) {
            it(what, () => {
                assert.deepStrictEqual(problems(config), expected);
            });
        }

        it("reports the problems of several keys in one run", () => {
            const all = problems(raw([{ name: "a", type: "RSA" }, { name: "b", type: "EC", size: 2048, curve: "P-256" }, { name: "c", type: "RSA-HSM", size: 2048 }]));
            assert.deepStrictEqual(all.map((p) => p.slice(0, p.indexOf("`:") + 2)), ["`keys[0].size`:", "`keys[1].size`:", "`keys[2].type`:"]);
        });
    });

    it("warns when keys have no alert receiver", () => {
        const cfg = validateConfig(raw([{ name: "k", size: 2048 }]));
        assert.deepStrictEqual(keyAlertWarnings(cfg), [
            "`rotation.alerts`: not set; 1 key(s) rotate in Key Vault but their KeyNearExpiry / KeyExpired events alert nobody. Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com",
        ]);
        assert.deepStrictEqual(keyAlertWarnings(validateConfig(raw([{ name: "k", size: 2048 }], { rotation: { alerts: { emails: ["ops@example.com"] } } }))), []);
        assert.deepStrictEqual(keyAlertWarnings(validateConfig(raw([]))), []);
    });

    it("warns when certificates have no alert receiver, as it does for keys", () => {
        const certificates = [{ name: "api-tls", subject: "CN=api.contoso.com", dnsNames: ["api.contoso.com"] }];
        const access = { deployer: { principalId: "7d2e9f40-3b1c-4a5e-8f6d-0c9b2a1e4d73" } };
        assert.deepStrictEqual(keyAlertWarnings(validateConfig(raw([], { certificates, access }))), [
            "`rotation.alerts`: not set; 1 certificate(s) renew in Key Vault but their CertificateNearExpiry / CertificateExpired events alert nobody. Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com",
        ]);
        assert.deepStrictEqual(keyAlertWarnings(validateConfig(raw([], { certificates, access, rotation: { alerts: { emails: ["ops@example.com"] } } }))), []);
    });

    describe("nothing is created from a bad key config", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("unit");
        });
        it("the program throws the ConfigError before registering any resource", async () => {
            recorder.reset();
            setConfig({ "azure-native:location": "westeurope", environment: "dev", keys: [{ name: "k", type: "EC", size: 2048 }] });
            const err = await runProgram(recorder);
            assert.ok(err instanceof Error && err.name === "ConfigError", String(err));
            assert.match((err as ConfigError).message, /`keys\[0\]\.size`: found 2048; must be unset for an EC key/);
            // Only the stack itself: no resource of this program.
            assert.deepStrictEqual(recorder.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"), []);
        });
    });
});
