import * as assert from "assert";
import { validateConfig } from "../../stack/config/load";
import { certificateKeyType } from "../../stack/config/certificateRules";
import { problems } from "../helpers/config";

const USER = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";
const DEPLOYER = "7d2e9f40-3b1c-4a5e-8f6d-0c9b2a1e4d73";

function raw(certificates: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { environment: "staging", location: "westeurope", access: { deployer: { principalId: DEPLOYER } }, secretValueNames: [], certificates, ...extra };
}
const cert = (o: Record<string, unknown> = {}): Record<string, unknown> => ({ name: "api-tls", subject: "CN=api.contoso.com", dnsNames: ["api.contoso.com"], ...o });
const production = { environment: "production", vault: { sku: "premium", purgeProtection: true } };

describe("config: certificates", () => {
    it("defaults to none, and fills a certificate's defaults: Self, 12 months, pfx, auto-renew at 80%, no users", () => {
        assert.deepStrictEqual(validateConfig(raw([])).certificates, []);
        assert.deepStrictEqual(validateConfig({ environment: "staging", location: "westeurope" }).certificates, []);
        assert.deepStrictEqual(validateConfig(raw([cert()])).certificates, [
            { name: "api-tls", subject: "CN=api.contoso.com", dnsNames: ["api.contoso.com"], issuer: "Self", issuerRegistered: false, validityInMonths: 12, contentType: "pfx", lifetimeAction: { autoRenewAtPercent: 80 }, users: [] },
        ]);
    });

    it("resolves the key type: RSA-HSM in production, RSA elsewhere, the configured one when set", () => {
        assert.strictEqual(certificateKeyType(undefined, true), "RSA-HSM");
        assert.strictEqual(certificateKeyType(undefined, false), "RSA");
        assert.strictEqual(certificateKeyType("EC", false), "EC");
    });

    it("accepts users with a ServicePrincipal default, and the deployer's type", () => {
        const c = validateConfig(raw([cert({ users: [{ principalId: USER }] })], { access: { deployer: { principalId: DEPLOYER, principalType: "User" } } }));
        assert.deepStrictEqual(c.certificates[0]?.users, [{ principalId: USER, principalType: "ServicePrincipal" }]);
        assert.deepStrictEqual(c.access.deployer, { principalId: DEPLOYER, principalType: "User" });
        assert.deepStrictEqual(validateConfig(raw([cert()])).access.deployer, { principalId: DEPLOYER, principalType: "ServicePrincipal" });
    });

    it("rejects a DNS name listed twice and a reserved issuer name spelled otherwise", () => {
        assert.deepStrictEqual(problems(raw([cert({ dnsNames: ["api.contoso.com", "www.contoso.com", "API.contoso.com"] })])), [
            "`certificates[0].dnsNames[2]`: found \"API.contoso.com\"; must be a lowercase DNS name (optionally *. for a wildcard), such as api.contoso.com. Fix: correct the entry in Pulumi.<stack>.yaml",
        ]);
        assert.deepStrictEqual(problems(raw([cert({ dnsNames: ["api.contoso.com", "api.contoso.com"] })])), [
            "`certificates[0].dnsNames[1]`: found \"api.contoso.com\"; must be a DNS name listed once (dnsNames[0] has it). Fix: pulumi config rm --path 'certificates[0].dnsNames[1]'",
        ]);
        assert.deepStrictEqual(problems(raw([cert({ issuer: "self" })])), [
            "`certificates[0].issuer`: found \"self\"; must be Self, spelled so (Key Vault's reserved issuer name). Fix: pulumi config set --path 'certificates[0].issuer' Self",
        ]);
    });

    it("requires e-mail receivers for an e-mail lifetime action (they become the vault's certificate contacts)", () => {
        const emailed = cert({ lifetimeAction: { emailDaysBeforeExpiry: 30 } });
        assert.deepStrictEqual(problems(raw([emailed])), [
            "`certificates[0].lifetimeAction.emailDaysBeforeExpiry`: found 30; must be e-mail receivers in rotation.alerts.emails: the stack makes them the vault's certificate contacts, whom this action mails (without them it reaches nobody). Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com, or renew automatically: pulumi config set --path 'certificates[<i>].lifetimeAction.autoRenewAtPercent' 80",
        ]);
        assert.deepStrictEqual(validateConfig(raw([emailed], { rotation: { alerts: { emails: ["secops@example.com"] } } })).certificates[0]?.lifetimeAction, { emailDaysBeforeExpiry: 30 });
    });

    it("requires the deployer with certificates (never whoever runs the program), and not without", () => {
        assert.deepStrictEqual(problems(raw([cert()], { access: {} })), [
            "`access.deployer.principalId`: not set; must be the object ID of the identity that runs `pulumi up` (the deploy service connection's service principal) whenever `certificates` is set: it is granted Key Vault Certificates Officer to create them. Fix: pulumi config set --path 'access.deployer.principalId' \"$(az ad sp show --id <deploy connection's application ID> --query id -o tsv)\"",
        ]);
        assert.deepStrictEqual(validateConfig(raw([], { access: {} })).certificates, []);
    });

    it("rejects a name that is not a vault object name, reusing the shared rule", () => {
        assert.deepStrictEqual(problems(raw([cert({ name: "Api_TLS" })])), [
            '`certificates[0].name`: found "Api_TLS"; must be a Key Vault object name: 1–127 letters, digits and hyphens (^[0-9a-zA-Z-]{1,127}$). Fix: rename it, e.g. api-tls',
        ]);
    });

    it("rejects two certificates of one name ignoring case, and a certificate named like a secret", () => {
        assert.deepStrictEqual(problems(raw([cert(), cert({ name: "api-tls" })])), [
            '`certificates[1].name`: found "api-tls"; must be a name not used by another certificate, ignoring case (certificates[0] has it; Key Vault names are case-insensitive). Fix: rename one of them',
        ]);
        assert.deepStrictEqual(problems(raw([cert()], { secrets: [{ name: "API-TLS".toLowerCase(), source: "generate" }] })), [
            "`certificates[0].name`: found \"api-tls\"; must be a name no secret uses, ignoring case (secrets[0] has it): Key Vault stores a certificate's private key and certificate as a secret of the same name. Fix: rename the certificate or the secret",
        ]);
    });

    it("rejects a certificate named like a key, ignoring case (Key Vault creates the certificate's key under its name)", () => {
        assert.deepStrictEqual(problems(raw([cert()], { keys: [{ name: "API-TLS", size: 3072 }] })), [
            "`certificates[0].name`: found \"api-tls\"; must be a name no key uses, ignoring case (keys[0] has it): Key Vault creates a certificate's key as a key of the same name, so the two collide. Fix: rename the certificate or the key",
        ]);
        assert.doesNotThrow(() => validateConfig(raw([cert()], { keys: [{ name: "artifact-signing", size: 3072 }] })));
    });

    it("rejects a subject without CN=, a DNS name that is not one, and no DNS name at all", () => {
        assert.deepStrictEqual(problems(raw([cert({ subject: "api.contoso.com", dnsNames: ["API.contoso.com"] }), cert({ name: "b", dnsNames: [] })])), [
            "`certificates[0].subject`: found \"api.contoso.com\"; must be an X.500 subject starting with CN=, such as CN=api.contoso.com or CN=api.contoso.com, O=Contoso. Fix: pulumi config set --path 'certificates[0].subject' CN=<host name>",
            '`certificates[0].dnsNames[0]`: found "API.contoso.com"; must be a lowercase DNS name (optionally *. for a wildcard), such as api.contoso.com. Fix: correct the entry in Pulumi.<stack>.yaml',
            "`certificates[1].dnsNames`: found []; must be at least one DNS name (TLS clients check the subject alternative names, not the CN: RFC 6125 section 6.4.4). Fix: pulumi config set --path 'certificates[1].dnsNames[0]' <host name>",
        ]);
    });

    it("rejects a validity outside 1–120 months, an unknown key type, size or content type", () => {
        assert.deepStrictEqual(problems(raw([cert({ validityInMonths: 121, keyType: "oct", contentType: "der" }), cert({ name: "b", keySize: 1024 })])), [
            "`certificates[0].validityInMonths`: found 121; must be a whole number from 1 to 120. Fix: pulumi config set --path 'certificates[0].validityInMonths' 12",
            "`certificates[0].keyType`: found \"oct\"; must be one of RSA | RSA-HSM | EC | EC-HSM. Fix: pulumi config set --path 'certificates[0].keyType' RSA-HSM",
            "`certificates[0].contentType`: found \"der\"; must be one of pfx | pem. Fix: pulumi config set --path 'certificates[0].contentType' pfx",
            "`certificates[1].keySize`: found 1024; must be one of 2048 | 3072 | 4096 (the RSA key sizes Key Vault supports; RSA keys only). Fix: pulumi config set --path 'certificates[1].keySize' 2048",
        ]);
    });

    it("rejects a size on an EC key and a curve on an RSA key", () => {
        assert.deepStrictEqual(problems(raw([cert({ keyType: "EC", keySize: 2048 }), cert({ name: "b", curve: "P-256" })])), [
            "`certificates[0].keySize`: found 2048; must be unset for an EC key (EC keys take curve). Fix: pulumi config rm --path 'certificates[0].keySize'",
            "`certificates[1].curve`: found \"P-256\"; must be unset for an RSA key (RSA keys take keySize). Fix: pulumi config rm --path 'certificates[1].curve'",
        ]);
    });

    it("rejects a software key in production, and an HSM key on a standard vault", () => {
        assert.deepStrictEqual(problems(raw([cert({ keyType: "EC" })], production), "production"), [
            "`certificates[0].keyType`: found \"EC\"; must be RSA-HSM or EC-HSM in production (an HSM-backed key; a software key is not allowed). Fix: pulumi config set --path 'certificates[0].keyType' EC-HSM",
        ]);
        assert.deepStrictEqual(problems(raw([cert({ keyType: "RSA-HSM" })])), [
            "`certificates[0].keyType`: found \"RSA-HSM\"; must be a software key type (RSA or EC) on a standard vault: HSM-backed keys need vault.sku premium. Fix: pulumi config set --path 'certificates[0].keyType' RSA (or pulumi config set --path 'vault.sku' premium)",
        ]);
        // Unset in production: RSA-HSM, accepted on premium.
        assert.strictEqual(validateConfig(raw([cert()], production), "production").certificates.length, 1);
    });

    it("requires exactly one lifetime action within Key Vault's limits", () => {
        assert.deepStrictEqual(
            problems(
                raw([
                    cert({ lifetimeAction: { autoRenewAtPercent: 80, emailDaysBeforeExpiry: 30 } }),
                    cert({ name: "b", lifetimeAction: {} }),
                    cert({ name: "c", lifetimeAction: { autoRenewAtPercent: 100 } }),
                    cert({ name: "d", validityInMonths: 1, lifetimeAction: { autoRenewDaysBeforeExpiry: 28 } }),
                ]),
            ),
            [
                "`certificates[2].lifetimeAction.autoRenewAtPercent`: found 100; must be a whole number from 1 to 99. Fix: pulumi config set --path 'certificates[2].lifetimeAction.autoRenewAtPercent' 80",
                "`certificates[0].lifetimeAction`: found {\"autoRenewAtPercent\":80,\"emailDaysBeforeExpiry\":30}; must be exactly one of autoRenewAtPercent, autoRenewDaysBeforeExpiry, emailDaysBeforeExpiry (Key Vault takes one trigger per action). Fix: pulumi config set --path 'certificates[0].lifetimeAction.autoRenewAtPercent' 80 and remove the others",
                "`certificates[1].lifetimeAction`: found {}; must be exactly one of autoRenewAtPercent, autoRenewDaysBeforeExpiry, emailDaysBeforeExpiry (Key Vault takes one trigger per action). Fix: pulumi config set --path 'certificates[1].lifetimeAction.autoRenewAtPercent' 80 and remove the others",
                "`certificates[3].lifetimeAction.autoRenewDaysBeforeExpiry`: found 28; must be at most 27 (validityInMonths 1 × 27, Key Vault's limit). Fix: pulumi config set --path 'certificates[3].lifetimeAction.autoRenewDaysBeforeExpiry' 27",
            ],
        );
    });

    it("requires an integrated CA issuer to be registered, and refuses Unknown", () => {
        assert.deepStrictEqual(problems(raw([cert({ issuer: "DigiCertIssuer" }), cert({ name: "b", issuer: "Unknown" })])), [
            "`certificates[0].issuerRegistered`: not set; must be true once the issuer DigiCertIssuer is registered in the vault (an integrated CA account, DigiCert or GlobalSign: https://learn.microsoft.com/azure/key-vault/certificates/how-to-integrate-certificate-authority). Fix: az keyvault certificate issuer create --vault-name <vault> --issuer-name DigiCertIssuer --provider-name DigiCert --account-id <id> --password <api key> && pulumi config set --path 'certificates[0].issuerRegistered' true",
            "`certificates[1].issuer`: found \"Unknown\"; must be Self or an integrated CA's issuer name: `Unknown` (a CA outside Key Vault) leaves a pending request that someone must merge by hand, which the stack cannot renew. Fix: pulumi config set --path 'certificates[1].issuer' Self",
        ]);
        assert.strictEqual(validateConfig(raw([cert({ issuer: "DigiCertIssuer", issuerRegistered: true })])).certificates[0]?.issuer, "DigiCertIssuer");
    });

    it("rejects a user twice on one certificate and a user that is not an object ID", () => {
        assert.deepStrictEqual(problems(raw([cert({ users: [{ principalId: USER }, { principalId: USER.toUpperCase() }, { principalId: "x" }] })])), [
            "`certificates[0].users[2].principalId`: found \"x\"; must be an object ID: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path 'certificates[0].users[2].principalId' <guid>",
            `\`certificates[0].users[1].principalId\`: found "${USER.toUpperCase()}"; must be listed once per certificate. Fix: remove the duplicate entry`,
        ]);
    });

    it("rejects a deployer that is not an object ID or of an unknown type", () => {
        assert.deepStrictEqual(problems(raw([cert()], { access: { deployer: { principalId: "nope", principalType: "Robot" } } })), [
            "`access.deployer.principalId`: found \"nope\"; must be the object ID of the identity that runs pulumi up: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path 'access.deployer.principalId' <guid>",
            "`access.deployer.principalType`: found \"Robot\"; must be one of User | Group | ServicePrincipal. Fix: pulumi config set --path 'access.deployer.principalType' Group",
        ]);
    });
});
