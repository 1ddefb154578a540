import { DEFAULTS, PRODUCTION } from "../defaults";
import { isHsmKeyType } from "../keys";
import { RuleIssue, NOT_SET } from "./problems";
import { asArray, asRecord, digitsAsNumber } from "./primitives";

/*
 * Cross-key rules of `certificates[]` (the schema in schema.ts checks each value alone). Raw config, tolerant of wrong
 * types (the schema reports those), so one run reports every problem.
 */

/** The three ways to say when Key Vault acts before a certificate expires; exactly one per certificate. */
export const LIFETIME_ACTION_KEYS = ["autoRenewAtPercent", "autoRenewDaysBeforeExpiry", "emailDaysBeforeExpiry"] as const;
export type LifetimeActionKey = (typeof LIFETIME_ACTION_KEYS)[number];

/**
 * `daysBeforeExpiry` may be at most validityInMonths × 27 (Key Vault's LifetimeAction contract,
 * https://learn.microsoft.com/javascript/api/@azure/keyvault-certificates/lifetimeaction).
 */
export const DAYS_PER_MONTH_LIMIT = 27;

/** The key type a certificate gets: the configured one, else RSA-HSM in production and RSA elsewhere. */
export function certificateKeyType(keyType: string | undefined, production: boolean): string {
    return keyType ?? (production ? DEFAULTS.certificate.keyType.production : DEFAULTS.certificate.keyType.other);
}

const num = (v: unknown): number | undefined => {
    const n = digitsAsNumber(v);
    return typeof n === "number" ? n : undefined;
};

export function certificateIssues(rawInput: unknown): RuleIssue[] {
    const raw = asRecord(rawInput);
    const production = raw.environment === PRODUCTION;
    const sku = asRecord(raw.vault).sku ?? DEFAULTS.vault.sku;
    const secretNames = new Map(
        asArray(raw.secrets)
            .map(asRecord)
            .map((s, i) => [typeof s.name === "string" ? s.name.toLowerCase() : "", i] as const)
            .filter(([n]) => n !== ""),
    );
    // A certificate's key is a Key Vault key of the certificate's name (same composition article), so `keys[]` and
    // `certificates[]` share one name space: a key of that name makes the certificate's creation conflict.
    const keyNames = new Map(
        asArray(raw.keys)
            .map(asRecord)
            .map((k, i) => [typeof k.name === "string" ? k.name.toLowerCase() : "", i] as const)
            .filter(([n]) => n !== ""),
    );
    const issues: RuleIssue[] = [];
    const seen = new Map<string, number>();
    asArray(raw.certificates)
        .map(asRecord)
        .forEach((cert, i) => {
            const at = (...path: (string | number)[]): (string | number)[] => ["certificates", i, ...path];
            if (typeof cert.name === "string") {
                const key = cert.name.toLowerCase();
                const first = seen.get(key);
                if (first !== undefined) {
                    issues.push({ path: at("name"), expected: `a name not used by another certificate, ignoring case (certificates[${first}] has it; Key Vault names are case-insensitive)`, fix: "rename one of them" });
                } else {
                    seen.set(key, i);
                }
                const secret = secretNames.get(key);
                if (secret !== undefined) {
                    // https://learn.microsoft.com/azure/key-vault/certificates/about-certificates#composition-of-a-certificate
                    issues.push({
                        path: at("name"),
                        expected: `a name no secret uses, ignoring case (secrets[${secret}] has it): Key Vault stores a certificate's private key and certificate as a secret of the same name`,
                        fix: "rename the certificate or the secret",
                    });
                }
                const keyIndex = keyNames.get(key);
                if (keyIndex !== undefined) {
                    // https://learn.microsoft.com/azure/key-vault/certificates/about-certificates#composition-of-a-certificate
                    issues.push({
                        path: at("name"),
                        expected: `a name no key uses, ignoring case (keys[${keyIndex}] has it): Key Vault creates a certificate's key as a key of the same name, so the two collide`,
                        fix: "rename the certificate or the key",
                    });
                }
            }
            const keyType = certificateKeyType(typeof cert.keyType === "string" ? cert.keyType : undefined, production);
            if (production && cert.keyType !== undefined && !isHsmKeyType(keyType) && typeof cert.keyType === "string") {
                issues.push({
                    path: at("keyType"),
                    expected: "RSA-HSM or EC-HSM in production (an HSM-backed key; a software key is not allowed)",
                    fix: `pulumi config set --path '{path}' ${keyType}-HSM`,
                });
            }
            if (isHsmKeyType(keyType) && sku !== "premium") {
                // HSM-protected keys need the premium SKU: https://learn.microsoft.com/azure/key-vault/keys/about-keys
                issues.push({
                    path: at("keyType"),
                    expected: `a software key type (RSA or EC) on a ${String(sku)} vault: HSM-backed keys need vault.sku premium`,
                    fix: `pulumi config set --path '{path}' ${keyType.replace(/-HSM$/, "")} (or pulumi config set --path 'vault.sku' premium)`,
                });
            }
            const ec = keyType.startsWith("EC");
            if (ec && cert.keySize !== undefined) {
                issues.push({ path: at("keySize"), expected: `unset for an ${keyType} key (EC keys take curve)`, fix: "pulumi config rm --path '{path}'" });
            }
            if (!ec && cert.curve !== undefined) {
                issues.push({ path: at("curve"), expected: `unset for an ${keyType} key (RSA keys take keySize)`, fix: "pulumi config rm --path '{path}'" });
            }
            const issuer = typeof cert.issuer === "string" ? cert.issuer : DEFAULTS.certificate.issuer;
            const reserved = ["Self", "Unknown"].find((r) => r.toLowerCase() === issuer.toLowerCase() && r !== issuer);
            if (reserved !== undefined) {
                // Key Vault's reserved issuer names are written `Self` and `Unknown`
                // (https://learn.microsoft.com/azure/key-vault/certificates/about-certificates#certificate-policy); another
                // spelling would be read as an integrated CA's issuer of that name.
                issues.push({ path: at("issuer"), expected: `${reserved}, spelled so (Key Vault's reserved issuer name)`, fix: `pulumi config set --path '{path}' ${reserved}` });
            } else if (issuer === "Unknown") {
                issues.push({
                    path: at("issuer"),
                    expected: "Self or an integrated CA's issuer name: `Unknown` (a CA outside Key Vault) leaves a pending request that someone must merge by hand, which the stack cannot renew",
                    fix: "pulumi config set --path '{path}' Self",
                });
            } else if (issuer !== "Self" && cert.issuerRegistered !== true && cert.issuerRegistered !== "true") {
                issues.push({
                    path: at("issuerRegistered"),
                    expected: `true once the issuer ${issuer} is registered in the vault (an integrated CA account, DigiCert or GlobalSign: https://learn.microsoft.com/azure/key-vault/certificates/how-to-integrate-certificate-authority)`,
                    fix: `az keyvault certificate issuer create --vault-name <vault> --issuer-name ${issuer} --provider-name DigiCert --account-id <id> --password <api key> && pulumi config set --path '{path}' true`,
                });
            }
            if (!Array.isArray(cert.dnsNames) || cert.dnsNames.length === 0) {
                // TLS clients match the host name against the subject alternative names only (RFC 6125 section 6.4.4).
                issues.push({ path: at("dnsNames"), expected: "at least one DNS name (TLS clients check the subject alternative names, not the CN: RFC 6125 section 6.4.4)", fix: "pulumi config set --path '{path}[0]' <host name>" });
            } else {
                // A repeated name is a mistake, not a second name (the schema already rejects upper case, RFC 4343 case).
                const firstAt = new Map<string, number>();
                cert.dnsNames.forEach((d: unknown, j: number) => {
                    if (typeof d !== "string" || d !== d.toLowerCase()) {
                        return;
                    }
                    const first = firstAt.get(d.toLowerCase());
                    if (first !== undefined) {
                        issues.push({ path: at("dnsNames", j), expected: `a DNS name listed once (dnsNames[${first}] has it)`, fix: "pulumi config rm --path '{path}'" });
                    } else {
                        firstAt.set(d.toLowerCase(), j);
                    }
                });
            }
            const action = asRecord(cert.lifetimeAction);
            const set = LIFETIME_ACTION_KEYS.filter((k) => action[k] !== undefined);
            if (cert.lifetimeAction !== undefined && set.length !== 1 && asRecord(cert.lifetimeAction) === cert.lifetimeAction) {
                issues.push({
                    path: at("lifetimeAction"),
                    expected: `exactly one of ${LIFETIME_ACTION_KEYS.join(", ")} (Key Vault takes one trigger per action)`,
                    fix: "pulumi config set --path '{path}.autoRenewAtPercent' 80 and remove the others",
                });
            }
            const validity = num(cert.validityInMonths) ?? DEFAULTS.certificate.validityInMonths;
            for (const k of ["autoRenewDaysBeforeExpiry", "emailDaysBeforeExpiry"] as const) {
                const days = num(action[k]);
                if (days !== undefined && days > validity * DAYS_PER_MONTH_LIMIT) {
                    issues.push({
                        path: at("lifetimeAction", k),
                        expected: `at most ${validity * DAYS_PER_MONTH_LIMIT} (validityInMonths ${validity} × ${DAYS_PER_MONTH_LIMIT}, Key Vault's limit)`,
                        fix: `pulumi config set --path '{path}' ${Math.min(30, validity * DAYS_PER_MONTH_LIMIT)}`,
                    });
                }
            }
            const emails = asArray(asRecord(asRecord(raw.rotation).alerts).emails);
            if (set.length === 1 && action.emailDaysBeforeExpiry !== undefined && emails.length === 0) {
                // EmailContacts mails the vault's certificate contacts; the stack sets them from rotation.alerts.emails.
                issues.push({
                    path: at("lifetimeAction", "emailDaysBeforeExpiry"),
                    expected: "e-mail receivers in rotation.alerts.emails: the stack makes them the vault's certificate contacts, whom this action mails (without them it reaches nobody)",
                    fix: "pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com, or renew automatically: pulumi config set --path 'certificates[<i>].lifetimeAction.autoRenewAtPercent' 80",
                });
            }
            const principals = new Set<string>();
            asArray(cert.users)
                .map(asRecord)
                .forEach((user, j) => {
                    const id = typeof user.principalId === "string" ? user.principalId.toLowerCase() : undefined;
                    if (id !== undefined && principals.has(id)) {
                        issues.push({ path: at("users", j, "principalId"), expected: "listed once per certificate", fix: "remove the duplicate entry" });
                    }
                    if (id !== undefined) {
                        principals.add(id);
                    }
                });
        });
    // The deploying identity gets Key Vault Certificates Officer (components/vaultCertificates.ts). Defaulting it to
    // whoever runs the program would move that grant to each previewing connection and each person running
    // `pulumi up` locally (with the wrong principal type, which ARM rejects): it is named once, in the stack file.
    const deployer = asRecord(asRecord(raw.access).deployer);
    if (asArray(raw.certificates).length > 0 && deployer.principalId === undefined) {
        issues.push({
            path: ["access", "deployer", "principalId"],
            found: NOT_SET,
            expected: "the object ID of the identity that runs `pulumi up` (the deploy service connection's service principal) whenever `certificates` is set: it is granted Key Vault Certificates Officer to create them",
            fix: "pulumi config set --path '{path}' \"$(az ad sp show --id <deploy connection's application ID> --query id -o tsv)\"",
        });
    }
    return issues;
}
