// Key Vault certificates (the classic provider's azure:keyvault/certificate:Certificate): maximum validity, a lifetime
// action, allowed key types, RSA key size, allowed issuers. The Azure Policy built-ins they mirror are in README.md.
import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { arr, displayName, field, mustMessage, num, Obj, policyConfig, show, str, Types, UNKNOWN, validateResourceTypes } from "./util";
import { DEFAULT_EC_CURVE, EC_CURVE_SCHEMA, isEc, RSA_SIZE_SCHEMA } from "./keys";

/** "Key Vault certificate '<name>'", with the certificate's Key Vault name when known, else the logical name. */
export function certificateLabel(props: Obj, logicalName: string): string {
    return `Key Vault certificate '${displayName(props["name"], logicalName)}'`;
}

const POLICY = "certificatePolicy";

const maxValiditySchema: PolicyConfigSchema = {
    properties: {
        maxValidityInMonths: {
            type: "integer",
            minimum: 1,
            default: 12,
            description: "The longest a certificate may be valid, in months (certificatePolicy.x509CertificateProperties.validityInMonths).",
        },
    },
};

export const keyVaultCertificateMaxValidity: ResourceValidationPolicy = {
    name: "keyvault-certificate-max-validity",
    description: "Checks whether Key Vault certificates are valid for at most maxValidityInMonths (default 12).",
    enforcementLevel: "mandatory",
    configSchema: maxValiditySchema,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { maxValidityInMonths } = policyConfig<{ maxValidityInMonths: number }>(maxValiditySchema, () => args.getConfig());
        if (field(props, "certificate") !== undefined && field(props, POLICY, "x509CertificateProperties") === undefined) {
            return; // an imported certificate: its validity is the file's, not a policy's
        }
        const months = num(field(props, POLICY, "x509CertificateProperties", "validityInMonths"));
        if (months === UNKNOWN) {
            return;
        }
        if (months === undefined || months > maxValidityInMonths) {
            report(mustMessage(certificateLabel(props, name), `be valid for at most ${maxValidityInMonths} months`, months === undefined ? undefined : `${months} months`));
        }
    }),
};

const lifetimeSchema: PolicyConfigSchema = {
    properties: {
        maximumPercentageLife: {
            type: "integer",
            minimum: 1,
            maximum: 99,
            default: 80,
            description: "A lifetimePercentage trigger must fire at this percentage of the certificate's lifetime or earlier.",
        },
        minimumDaysBeforeExpiry: {
            type: "integer",
            minimum: 1,
            default: 30,
            description: "A daysBeforeExpiry trigger must fire at least this many days before expiry.",
        },
    },
};

export const keyVaultCertificateLifetimeAction: ResourceValidationPolicy = {
    name: "keyvault-certificate-lifetime-action",
    description:
        "Checks whether Key Vault certificates have a lifetime action (AutoRenew or EmailContacts) triggered at most at maximumPercentageLife (default 80) of their lifetime or at least minimumDaysBeforeExpiry (default 30) days before expiry.",
    enforcementLevel: "mandatory",
    configSchema: lifetimeSchema,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { maximumPercentageLife, minimumDaysBeforeExpiry } = policyConfig<{ maximumPercentageLife: number; minimumDaysBeforeExpiry: number }>(lifetimeSchema, () =>
            args.getConfig(),
        );
        const label = certificateLabel(props, name);
        const actions = arr(field(props, POLICY, "lifetimeActions"));
        if (actions === UNKNOWN) {
            return;
        }
        if (actions === undefined || actions.length === 0) {
            report(mustMessage(label, "have a lifetime action (certificatePolicy.lifetimeActions: AutoRenew or EmailContacts)", undefined));
            return;
        }
        actions.forEach((action, i) => {
            const type = str(field(action, "action", "actionType"));
            if (type !== UNKNOWN && type !== "AutoRenew" && type !== "EmailContacts") {
                report(mustMessage(label, `set lifetimeActions[${i}].action.actionType to AutoRenew or EmailContacts`, type));
            }
            const percentage = num(field(action, "trigger", "lifetimePercentage"));
            const days = num(field(action, "trigger", "daysBeforeExpiry"));
            if (percentage === UNKNOWN || days === UNKNOWN) {
                return;
            }
            if (percentage === undefined && days === undefined) {
                report(mustMessage(label, `set a trigger on lifetimeActions[${i}] (lifetimePercentage or daysBeforeExpiry)`, undefined));
            }
            if (percentage !== undefined && percentage > maximumPercentageLife) {
                report(mustMessage(label, `trigger lifetimeActions[${i}] at ${maximumPercentageLife}% of its lifetime or earlier`, `${percentage}%`));
            }
            if (days !== undefined && days < minimumDaysBeforeExpiry) {
                report(mustMessage(label, `trigger lifetimeActions[${i}] at least ${minimumDaysBeforeExpiry} days before expiry`, `${days} days`));
            }
        });
    }),
};

/** Key types Key Vault certificates take (https://learn.microsoft.com/azure/key-vault/certificates/about-certificates). */
export const CERTIFICATE_KEY_TYPES = ["RSA", "RSA-HSM", "EC", "EC-HSM"] as const;

const keyTypesSchema: PolicyConfigSchema = {
    properties: {
        allowedKeyTypes: {
            type: "array",
            items: { type: "string", enum: [...CERTIFICATE_KEY_TYPES] },
            minItems: 1,
            uniqueItems: true,
            default: [...CERTIFICATE_KEY_TYPES],
            description: "Key types certificates may use (e.g. only RSA-HSM and EC-HSM in production).",
        },
    },
};

export const keyVaultCertificateAllowedKeyTypes: ResourceValidationPolicy = {
    name: "keyvault-certificate-allowed-key-types",
    description: "Checks whether Key Vault certificates use an allowed key type (allowedKeyTypes, default RSA, RSA-HSM, EC, EC-HSM).",
    enforcementLevel: "mandatory",
    configSchema: keyTypesSchema,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { allowedKeyTypes } = policyConfig<{ allowedKeyTypes: string[] }>(keyTypesSchema, () => args.getConfig());
        const keyType = str(field(props, POLICY, "keyProperties", "keyType"));
        if (keyType === UNKNOWN) {
            return;
        }
        if (keyType === undefined || !allowedKeyTypes.includes(keyType)) {
            report(mustMessage(certificateLabel(props, name), `use one of the key types ${allowedKeyTypes.join(", ")}`, keyType));
        }
    }),
};

export const keyVaultCertificateRsaKeySize: ResourceValidationPolicy = {
    name: "keyvault-certificate-rsa-key-size",
    description: "Checks whether Key Vault certificates with an RSA key use at least minimumRSAKeySize bits (default 2048).",
    enforcementLevel: "mandatory",
    configSchema: RSA_SIZE_SCHEMA,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { minimumRSAKeySize } = policyConfig<{ minimumRSAKeySize: number }>(RSA_SIZE_SCHEMA, () => args.getConfig());
        const keyType = str(field(props, POLICY, "keyProperties", "keyType"));
        if (keyType === UNKNOWN || keyType === undefined || !keyType.startsWith("RSA")) {
            return; // an EC key, or no key type (keyvault-certificate-allowed-key-types' finding)
        }
        const size = num(field(props, POLICY, "keyProperties", "keySize"));
        if (size === UNKNOWN) {
            return;
        }
        if (size === undefined || size < minimumRSAKeySize) {
            report(mustMessage(certificateLabel(props, name), `use an RSA key of at least ${minimumRSAKeySize} bits`, size === undefined ? undefined : `${size} bits`));
        }
    }),
};

// A certificate's key is a Key Vault key: the same allowed curves option and the same default curve as keys.ts
// (Key Vault's default for EC keys without a curve is P-256, for keys and certificates alike).
export const keyVaultCertificateEcCurves: ResourceValidationPolicy = {
    name: "keyvault-certificate-ec-curves",
    description: "Checks whether Key Vault certificates with an EC key use one of allowedECNames (default P-256, P-384, P-521).",
    enforcementLevel: "mandatory",
    configSchema: EC_CURVE_SCHEMA,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { allowedECNames } = policyConfig<{ allowedECNames: string[] }>(EC_CURVE_SCHEMA, () => args.getConfig());
        const keyType = str(field(props, POLICY, "keyProperties", "keyType"));
        if (keyType === UNKNOWN || keyType === undefined || !isEc(keyType)) {
            return; // an RSA key, or no key type (keyvault-certificate-allowed-key-types' finding)
        }
        const curve = str(field(props, POLICY, "keyProperties", "curve"));
        if (curve === UNKNOWN) {
            return;
        }
        const effective = curve ?? DEFAULT_EC_CURVE;
        if (!allowedECNames.some((c) => c.toLowerCase() === effective.toLowerCase())) {
            report(mustMessage(certificateLabel(props, name), `use one of the curves ${allowedECNames.join(", ")}`, curve === undefined ? `not set (${DEFAULT_EC_CURVE})` : curve));
        }
    }),
};

const issuersSchema: PolicyConfigSchema = {
    properties: {
        allowedIssuers: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            uniqueItems: true,
            default: ["Self"],
            description: "Issuer names certificates may use: Self, and the names of integrated CA issuers (DigiCert, GlobalSign) registered in the vault.",
        },
    },
};

export const keyVaultCertificateAllowedIssuers: ResourceValidationPolicy = {
    name: "keyvault-certificate-allowed-issuers",
    description: "Checks whether Key Vault certificates come from an allowed issuer (allowedIssuers, default Self).",
    enforcementLevel: "mandatory",
    configSchema: issuersSchema,
    validateResource: validateResourceTypes(Types.Certificate, ({ args, props, name }, report) => {
        const { allowedIssuers } = policyConfig<{ allowedIssuers: string[] }>(issuersSchema, () => args.getConfig());
        const issuerParameters = field(props, POLICY, "issuerParameters");
        if (issuerParameters === UNKNOWN || (issuerParameters === undefined && field(props, "certificate") !== undefined)) {
            return; // unknown, or an imported certificate (no issuer policy)
        }
        const issuer = str(field(props, POLICY, "issuerParameters", "name"));
        if (issuer === UNKNOWN) {
            return;
        }
        // Issuer names compare case-insensitively in Key Vault, like every object name.
        if (issuer === undefined || !allowedIssuers.some((a) => a.toLowerCase() === issuer.toLowerCase())) {
            report(mustMessage(certificateLabel(props, name), `come from one of the issuers ${allowedIssuers.join(", ")}`, issuer === undefined ? undefined : show(issuer)));
        }
    }),
};
