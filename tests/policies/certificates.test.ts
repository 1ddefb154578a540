import { strict as assert } from "assert";
import {
    keyVaultCertificateAllowedIssuers,
    keyVaultCertificateAllowedKeyTypes,
    keyVaultCertificateEcCurves,
    keyVaultCertificateLifetimeAction,
    keyVaultCertificateMaxValidity,
    keyVaultCertificateRsaKeySize,
} from "keyvault-devops-policies/bin/certificates";
import { allPolicies } from "keyvault-devops-policies/bin/policyList";
import { checkResource, DELETE, ENGINE_UNKNOWN, Path, PLAN_UNKNOWN, TestResource, withProp } from "./helpers";

const CERT = "Key Vault certificate 'api-tls'";
const POLICY = ["certificatePolicy"] as const;

/** A compliant certificate as the stack creates it (components/vaultCertificates.ts). */
export function certificate(): TestResource {
    return {
        type: "azure:keyvault/certificate:Certificate",
        name: "staging-certificates-api-tls",
        props: {
            keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
            name: "api-tls",
            certificatePolicy: {
                issuerParameters: { name: "Self" },
                keyProperties: { keyType: "RSA", keySize: 2048, exportable: true, reuseKey: false },
                lifetimeActions: [{ action: { actionType: "AutoRenew" }, trigger: { lifetimePercentage: 80 } }],
                secretProperties: { contentType: "application/x-pkcs12" },
                x509CertificateProperties: {
                    subject: "CN=api.contoso.com",
                    subjectAlternativeNames: { dnsNames: ["api.contoso.com"] },
                    validityInMonths: 12,
                    keyUsages: ["digitalSignature", "keyEncipherment"],
                    extendedKeyUsages: ["1.3.6.1.5.5.7.3.1"],
                },
            },
        },
    };
}

const at = (path: Path, value: unknown): TestResource => withProp(certificate(), [...POLICY, ...path], value);

describe("policies: certificates", () => {
    it("are registered in the pack, in one block", () => {
        const names = allPolicies.map((p) => p.name);
        for (const n of [
            "keyvault-certificate-max-validity",
            "keyvault-certificate-lifetime-action",
            "keyvault-certificate-allowed-key-types",
            "keyvault-certificate-rsa-key-size",
            "keyvault-certificate-allowed-issuers",
            "keyvault-certificate-ec-curves",
        ]) {
            assert.ok(names.includes(n), n);
        }
    });

    describe("keyvault-certificate-max-validity", () => {
        const policy = keyVaultCertificateMaxValidity;
        it("accepts 12 months, and more when configured", async () => {
            assert.deepEqual(await checkResource(policy, certificate()), []);
            assert.deepEqual(await checkResource(policy, at(["x509CertificateProperties", "validityInMonths"], 24), { maxValidityInMonths: 24 }), []);
        });
        it("rejects a validity above maxValidityInMonths", async () => {
            assert.deepEqual(await checkResource(policy, at(["x509CertificateProperties", "validityInMonths"], 13)), [`${CERT} must be valid for at most 12 months (found: 13 months)`]);
        });
        it("rejects a certificate policy without a validity", async () => {
            assert.deepEqual(await checkResource(policy, at(["x509CertificateProperties", "validityInMonths"], DELETE)), [`${CERT} must be valid for at most 12 months (found: not set)`]);
        });
        it("skips an imported certificate (no x509 properties)", async () => {
            const imported = withProp(at(["x509CertificateProperties"], DELETE), ["certificate"], { contents: "[secret]" });
            assert.deepEqual(await checkResource(policy, imported), []);
        });
    });

    describe("keyvault-certificate-lifetime-action", () => {
        const policy = keyVaultCertificateLifetimeAction;
        const trigger = (t: object): TestResource => at(["lifetimeActions", 0, "trigger"], t);
        it("accepts auto-renewal at 80% or 30+ days before expiry, and e-mail at 30 days", async () => {
            assert.deepEqual(await checkResource(policy, certificate()), []);
            assert.deepEqual(await checkResource(policy, trigger({ daysBeforeExpiry: 30 })), []);
            assert.deepEqual(await checkResource(policy, withProp(trigger({ daysBeforeExpiry: 45 }), [...POLICY, "lifetimeActions", 0, "action", "actionType"], "EmailContacts")), []);
        });
        it("rejects a certificate without lifetime actions", async () => {
            const expected = [`${CERT} must have a lifetime action (certificatePolicy.lifetimeActions: AutoRenew or EmailContacts) (found: not set)`];
            assert.deepEqual(await checkResource(policy, at(["lifetimeActions"], DELETE)), expected);
            assert.deepEqual(await checkResource(policy, at(["lifetimeActions"], [])), expected);
        });
        it("rejects a trigger later than maximumPercentageLife", async () => {
            assert.deepEqual(await checkResource(policy, trigger({ lifetimePercentage: 95 })), [`${CERT} must trigger lifetimeActions[0] at 80% of its lifetime or earlier (found: 95%)`]);
        });
        it("rejects a trigger closer to expiry than minimumDaysBeforeExpiry", async () => {
            assert.deepEqual(await checkResource(policy, trigger({ daysBeforeExpiry: 7 })), [`${CERT} must trigger lifetimeActions[0] at least 30 days before expiry (found: 7 days)`]);
        });
        it("rejects an action without a trigger", async () => {
            assert.deepEqual(await checkResource(policy, trigger({})), [`${CERT} must set a trigger on lifetimeActions[0] (lifetimePercentage or daysBeforeExpiry) (found: not set)`]);
        });
        it("rejects an unknown action type", async () => {
            assert.deepEqual(await checkResource(policy, at(["lifetimeActions", 0, "action", "actionType"], "Renew")), [
                `${CERT} must set lifetimeActions[0].action.actionType to AutoRenew or EmailContacts (found: Renew)`,
            ]);
        });
        it("honours its options", async () => {
            assert.deepEqual(await checkResource(policy, trigger({ lifetimePercentage: 90 }), { maximumPercentageLife: 90 }), []);
            assert.deepEqual(await checkResource(policy, trigger({ daysBeforeExpiry: 7 }), { minimumDaysBeforeExpiry: 7 }), []);
        });
    });

    describe("keyvault-certificate-allowed-key-types", () => {
        const policy = keyVaultCertificateAllowedKeyTypes;
        it("accepts RSA, RSA-HSM, EC and EC-HSM by default", async () => {
            for (const t of ["RSA", "RSA-HSM", "EC", "EC-HSM"]) {
                assert.deepEqual(await checkResource(policy, at(["keyProperties", "keyType"], t)), [], t);
            }
        });
        it("rejects a key type outside allowedKeyTypes (production: HSM only)", async () => {
            assert.deepEqual(await checkResource(policy, certificate(), { allowedKeyTypes: ["RSA-HSM", "EC-HSM"] }), [`${CERT} must use one of the key types RSA-HSM, EC-HSM (found: RSA)`]);
            assert.deepEqual(await checkResource(policy, at(["keyProperties", "keyType"], "oct")), [`${CERT} must use one of the key types RSA, RSA-HSM, EC, EC-HSM (found: oct)`]);
        });
        it("rejects a missing key type", async () => {
            assert.deepEqual(await checkResource(policy, at(["keyProperties", "keyType"], DELETE)), [`${CERT} must use one of the key types RSA, RSA-HSM, EC, EC-HSM (found: not set)`]);
        });
    });

    describe("keyvault-certificate-rsa-key-size", () => {
        const policy = keyVaultCertificateRsaKeySize;
        it("accepts RSA 2048 and up, and ignores EC keys", async () => {
            assert.deepEqual(await checkResource(policy, certificate()), []);
            assert.deepEqual(await checkResource(policy, at(["keyProperties"], { keyType: "RSA-HSM", keySize: 4096, exportable: false, reuseKey: false })), []);
            assert.deepEqual(await checkResource(policy, at(["keyProperties"], { keyType: "EC", curve: "P-256", exportable: true, reuseKey: false })), []);
        });
        it("rejects an RSA key below minimumRSAKeySize", async () => {
            assert.deepEqual(await checkResource(policy, at(["keyProperties", "keySize"], 1024)), [`${CERT} must use an RSA key of at least 2048 bits (found: 1024 bits)`]);
            assert.deepEqual(await checkResource(policy, certificate(), { minimumRSAKeySize: 3072 }), [`${CERT} must use an RSA key of at least 3072 bits (found: 2048 bits)`]);
        });
        it("rejects an RSA key without a size", async () => {
            assert.deepEqual(await checkResource(policy, at(["keyProperties", "keySize"], DELETE)), [`${CERT} must use an RSA key of at least 2048 bits (found: not set)`]);
        });
    });

    describe("keyvault-certificate-ec-curves", () => {
        const policy = keyVaultCertificateEcCurves;
        const ec = (curve: unknown): TestResource => at(["keyProperties"], { keyType: "EC-HSM", exportable: false, reuseKey: false, ...(curve === DELETE ? {} : { curve }) });
        it("accepts the NIST curves (and Key Vault's default P-256 when unset), P-256K when configured, and ignores RSA keys", async () => {
            assert.deepEqual(await checkResource(policy, certificate()), []);
            assert.deepEqual(await checkResource(policy, ec("P-384")), []);
            assert.deepEqual(await checkResource(policy, ec(DELETE)), []);
            assert.deepEqual(await checkResource(policy, ec("P-256K"), { allowedECNames: ["P-256K"] }), []);
        });
        it("rejects a curve outside allowedECNames, and the default P-256 when it is not allowed", async () => {
            assert.deepEqual(await checkResource(policy, ec("P-256K")), [`${CERT} must use one of the curves P-256, P-384, P-521 (found: P-256K)`]);
            assert.deepEqual(await checkResource(policy, ec(DELETE), { allowedECNames: ["P-384"] }), [`${CERT} must use one of the curves P-384 (found: not set (P-256))`]);
        });
        it("says nothing when the key type or the curve is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, ec(u)), []);
                assert.deepEqual(await checkResource(policy, withProp(ec("P-256K"), [...POLICY, "keyProperties", "keyType"], u)), []);
                assert.deepEqual(await checkResource(policy, at(["keyProperties"], u)), []);
            }
        });
    });

    describe("keyvault-certificate-allowed-issuers", () => {
        const policy = keyVaultCertificateAllowedIssuers;
        it("accepts Self by default, and a configured integrated CA issuer ignoring case", async () => {
            assert.deepEqual(await checkResource(policy, certificate()), []);
            assert.deepEqual(await checkResource(policy, at(["issuerParameters", "name"], "digicert-issuer"), { allowedIssuers: ["Self", "DigiCert-Issuer"] }), []);
        });
        it("rejects an issuer outside allowedIssuers", async () => {
            assert.deepEqual(await checkResource(policy, at(["issuerParameters", "name"], "Unknown")), [`${CERT} must come from one of the issuers Self (found: Unknown)`]);
        });
        it("rejects a certificate policy without an issuer", async () => {
            assert.deepEqual(await checkResource(policy, at(["issuerParameters"], DELETE)), [`${CERT} must come from one of the issuers Self (found: not set)`]);
        });
    });

    it("names an auto-named certificate by its logical name", async () => {
        const r = withProp(at(["x509CertificateProperties", "validityInMonths"], 36), ["name"], DELETE);
        assert.deepEqual(await checkResource(keyVaultCertificateMaxValidity, r), ["Key Vault certificate 'staging-certificates-api-tls' must be valid for at most 12 months (found: 36 months)"]);
    });

    it("say nothing when a checked value, or the whole policy, is unknown", async () => {
        const policies = [keyVaultCertificateMaxValidity, keyVaultCertificateLifetimeAction, keyVaultCertificateAllowedKeyTypes, keyVaultCertificateRsaKeySize, keyVaultCertificateEcCurves, keyVaultCertificateAllowedIssuers];
        const paths: Path[] = [
            [],
            ["x509CertificateProperties"],
            ["x509CertificateProperties", "validityInMonths"],
            ["lifetimeActions"],
            ["lifetimeActions", 0],
            ["lifetimeActions", 0, "trigger", "lifetimePercentage"],
            ["keyProperties"],
            ["keyProperties", "keyType"],
            ["keyProperties", "keySize"],
            ["issuerParameters"],
            ["issuerParameters", "name"],
        ];
        for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
            for (const path of paths) {
                for (const policy of policies) {
                    assert.deepEqual(await checkResource(policy, at(path, u)), [], `${policy.name} ${path.join(".")}`);
                }
            }
        }
    });
});
