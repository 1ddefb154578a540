import * as assert from "assert";
import {
    certificatePolicy,
    lifetimeActions,
    validateVaultCertificatesArgs,
    VaultCertificates,
    VaultCertificatesArgs,
    VaultCertificateSpec,
} from "../../components/vaultCertificates";
import { azureClassicProviderArgs } from "../../stack/azureClassic";
import { deterministicGuid } from "../../stack/ids";
import { Recorder } from "../../tools/plan/evaluate";
import { named, ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/keyvault-staging-abcd";
const SUB = "00000000-0000-0000-0000-000000000000";
const DEPLOYER = "22222222-2222-2222-2222-222222222222";
const USER = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";
const ROLE = {
    officer: "a4417e6f-fecd-4de8-b567-7b0420556985",
    certificateUser: "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba",
    secretsUser: "4633458b-17de-408a-b874-0445c86b69e6",
};
const CERT_TYPE = "azure:keyvault/certificate:Certificate";
const ASSIGNMENT = "azure-native:authorization:RoleAssignment";

const rsa: VaultCertificateSpec = {
    name: "api-tls",
    subject: "CN=api.contoso.com",
    dnsNames: ["api.contoso.com", "www.contoso.com"],
    issuer: "Self",
    validityInMonths: 12,
    keyType: "RSA",
    keySize: 3072,
    contentType: "pfx",
    lifetimeAction: { autoRenewAtPercent: 80 },
    users: [{ principalId: USER, principalType: "ServicePrincipal" }],
};
const base: VaultCertificatesArgs = { vaultId: VAULT_ID, certificates: [rsa], deployerPrincipalId: DEPLOYER, deployerPrincipalType: "ServicePrincipal", subscriptionId: SUB, tags: { environment: "staging" } };

describe("VaultCertificates", () => {
    describe("pure parts", () => {
        it("builds the certificate policy: issuer, a new exportable software key each renewal, TLS server usages", () => {
            assert.deepStrictEqual(certificatePolicy(rsa), {
                issuerParameters: { name: "Self" },
                keyProperties: { keyType: "RSA", exportable: true, reuseKey: false, keySize: 3072 },
                lifetimeActions: [{ action: { actionType: "AutoRenew" }, trigger: { lifetimePercentage: 80 } }],
                secretProperties: { contentType: "application/x-pkcs12" },
                x509CertificateProperties: {
                    subject: "CN=api.contoso.com",
                    subjectAlternativeNames: { dnsNames: ["api.contoso.com", "www.contoso.com"] },
                    validityInMonths: 12,
                    keyUsages: ["digitalSignature", "keyEncipherment"],
                    extendedKeyUsages: ["1.3.6.1.5.5.7.3.1"],
                },
            });
        });

        it("never exports an HSM key, gives EC keys a curve and no size, and stores PEM as application/x-pem-file", () => {
            const ec = certificatePolicy({ ...rsa, keyType: "EC-HSM", keySize: undefined, curve: "P-384", contentType: "pem" });
            assert.deepStrictEqual(ec.keyProperties, { keyType: "EC-HSM", exportable: false, reuseKey: false, curve: "P-384" });
            assert.ok(!("keySize" in ec.keyProperties));
            assert.deepStrictEqual(ec.x509CertificateProperties.keyUsages, ["digitalSignature"]);
            assert.strictEqual(ec.secretProperties.contentType, "application/x-pem-file");
            const hsm = certificatePolicy({ ...rsa, keyType: "RSA-HSM", keySize: undefined });
            assert.deepStrictEqual(hsm.keyProperties, { keyType: "RSA-HSM", exportable: false, reuseKey: false, keySize: 2048 });
            assert.ok(!("curve" in hsm.keyProperties));
        });

        it("maps each lifetime action to one Key Vault trigger", () => {
            assert.deepStrictEqual(lifetimeActions({ autoRenewDaysBeforeExpiry: 30 }), [{ action: { actionType: "AutoRenew" }, trigger: { daysBeforeExpiry: 30 } }]);
            assert.deepStrictEqual(lifetimeActions({ emailDaysBeforeExpiry: 45 }), [{ action: { actionType: "EmailContacts" }, trigger: { daysBeforeExpiry: 45 } }]);
        });

        it("rejects a certificate twice (ignoring case), a user twice, a size on EC and a curve on RSA", () => {
            assert.throws(() => validateVaultCertificatesArgs({ certificates: [rsa, { ...rsa, name: "API-TLS" }] }), /certificate "API-TLS" is listed twice/);
            assert.throws(() => validateVaultCertificatesArgs({ certificates: [{ ...rsa, users: [rsa.users[0]!, { principalId: USER.toUpperCase(), principalType: "User" }] }] }), /lists user .* twice/);
            assert.throws(() => validateVaultCertificatesArgs({ certificates: [{ ...rsa, keyType: "EC" }] }), /is EC: it takes a curve, not keySize/);
            assert.throws(() => validateVaultCertificatesArgs({ certificates: [{ ...rsa, keySize: undefined, curve: "P-256" }] }), /is RSA: it takes keySize, not a curve/);
        });

        it("configures the classic provider: the given subscription, no provider registration, no purge of certificates", () => {
            assert.deepStrictEqual(azureClassicProviderArgs(SUB), {
                subscriptionId: SUB,
                resourceProviderRegistrations: "none",
                features: { keyVault: { purgeSoftDeletedCertificatesOnDestroy: false, recoverSoftDeletedCertificates: true } },
            });
        });
    });

    describe("under mocks", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks();
        });
        beforeEach(() => recorder.reset());

        async function build(args: Partial<VaultCertificatesArgs> = {}): Promise<VaultCertificates> {
            const component = new VaultCertificates("staging-certificates", { ...base, ...args });
            await promiseOf(component.versionlessSecretIds);
            await recorder.settle();
            return component;
        }

        it("creates the certificate on the vault with the policy, after the officer grant and the RBAC wait", async () => {
            await build();
            const component = named(recorder, "staging-certificates");
            assert.strictEqual(component.type, "keyvault-devops:index:VaultCertificates");
            const certificate = named(recorder, "staging-certificates-api-tls");
            assert.strictEqual(certificate.type, CERT_TYPE);
            assert.strictEqual(certificate.parent, component.urn);
            assert.deepStrictEqual(certificate.inputs, { keyVaultId: VAULT_ID, name: "api-tls", certificatePolicy: certificatePolicy(rsa), tags: { environment: "staging" } });
            // Generated by Key Vault: nothing imported, no certificate contents in the inputs.
            assert.ok(!("certificate" in certificate.inputs));
            const officer = named(recorder, "staging-certificates-certificates-officer-deployer");
            assert.strictEqual(officer.type, ASSIGNMENT);
            assert.strictEqual(officer.inputs.scope, VAULT_ID);
            assert.strictEqual(officer.inputs.principalId, DEPLOYER);
            assert.strictEqual(officer.inputs.principalType, "ServicePrincipal");
            assert.strictEqual(officer.inputs.roleDefinitionId, `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLE.officer}`);
            assert.strictEqual(officer.inputs.roleAssignmentName, deterministicGuid(VAULT_ID, DEPLOYER, ROLE.officer));
            const wait = named(recorder, "staging-certificates-rbac-propagation");
            assert.strictEqual(wait.type, "time:index/sleep:Sleep");
            assert.strictEqual(wait.inputs.createDuration, "2m");
            assert.ok(wait.dependencies.includes(officer.urn));
            assert.ok(certificate.dependencies.includes(wait.urn), "the certificate waits for RBAC propagation");
        });

        it("sets the vault's certificate contacts only for an e-mail lifetime action, after the RBAC wait", async () => {
            await build();
            assert.ok(!recorder.resources.some((r) => r.type === "azure:keyvault/certificateContacts:CertificateContacts"), "no contacts for auto-renewal");
            recorder.reset();
            await build({ certificates: [{ ...rsa, lifetimeAction: { emailDaysBeforeExpiry: 30 } }], contactEmails: ["secops@contoso.com"] });
            const contacts = named(recorder, "staging-certificates-contacts");
            assert.strictEqual(contacts.type, "azure:keyvault/certificateContacts:CertificateContacts");
            assert.deepStrictEqual(contacts.inputs, { keyVaultId: VAULT_ID, contacts: [{ email: "secops@contoso.com" }] });
            assert.ok(contacts.dependencies.includes(named(recorder, "staging-certificates-rbac-propagation").urn));
            assert.throws(
                () => new VaultCertificates("bad", { ...base, certificates: [{ ...rsa, lifetimeAction: { emailDaysBeforeExpiry: 30 } }] }),
                /certificate "api-tls" e-mails the vault's certificate contacts before expiry, and contactEmails is empty/,
            );
        });

        it("grants each user Certificate User on the certificate and Secrets User on its secret, nothing wider", async () => {
            const component = await build();
            const certificate = named(recorder, "staging-certificates-api-tls");
            const grants = ofType(recorder, ASSIGNMENT).filter((r) => r.inputs.principalId === USER);
            assert.deepStrictEqual(
                grants.map((g) => [g.name, g.inputs.scope, String(g.inputs.roleDefinitionId).split("/").pop(), g.inputs.roleAssignmentName, g.inputs.principalType]),
                [
                    [`staging-certificates-api-tls-certificate-user-${USER}`, `${VAULT_ID}/certificates/api-tls`, ROLE.certificateUser, deterministicGuid(`${VAULT_ID}/certificates/api-tls`, USER, ROLE.certificateUser), "ServicePrincipal"],
                    [`staging-certificates-api-tls-secrets-user-${USER}`, `${VAULT_ID}/secrets/api-tls`, ROLE.secretsUser, deterministicGuid(`${VAULT_ID}/secrets/api-tls`, USER, ROLE.secretsUser), "ServicePrincipal"],
                ],
            );
            for (const g of grants) {
                assert.ok(g.dependencies.includes(certificate.urn), `${g.name} waits for the certificate`);
            }
            assert.deepStrictEqual(Object.keys(component.assignments).sort(), [`api-tls-certificate-user-${USER}`, `api-tls-secrets-user-${USER}`]);
            assert.strictEqual(ofType(recorder, ASSIGNMENT).length, 3);
        });

        it("exposes versionless IDs only: the secret's and the certificate's, no certificate data", async () => {
            const component = await build();
            assert.deepStrictEqual(await promiseOf(component.versionlessSecretIds), { "api-tls": "https://keyvault-staging-abcd.vault.azure.net/secrets/api-tls" });
            assert.deepStrictEqual(await promiseOf(component.versionlessIds), { "api-tls": "https://keyvault-staging-abcd.vault.azure.net/certificates/api-tls" });
        });

        it("grants the deployer as the type configured, and creates no user grant for a certificate without users", async () => {
            await build({ deployerPrincipalType: "User", certificates: [{ ...rsa, users: [] }] });
            const assignments = ofType(recorder, ASSIGNMENT);
            assert.deepStrictEqual(assignments.map((a) => [a.name, a.inputs.principalType]), [["staging-certificates-certificates-officer-deployer", "User"]]);
        });

        it("protects the certificates only when asked (production)", async () => {
            await build();
            assert.strictEqual(named(recorder, "staging-certificates-api-tls").protect, false);
            recorder.reset();
            await build({ protect: true });
            assert.strictEqual(named(recorder, "staging-certificates-api-tls").protect, true);
            assert.strictEqual(named(recorder, "staging-certificates-certificates-officer-deployer").protect, false);
        });

        it("fails before registering anything on a bad argument", async () => {
            assert.throws(() => new VaultCertificates("bad", { ...base, certificates: [rsa, rsa] }), /listed twice/);
            await recorder.settle();
            assert.deepStrictEqual(recorder.resources.filter((r) => r.name.startsWith("bad")), []);
        });
    });
});
