// Key Vault keys: expiry, rotation policy, HSM protection in production, RSA key size, elliptic curves. Each is the
// offline counterpart of an Azure Policy built-in (sources in README.md) and checks the ARM inputs of
// `azure-native:keyvault:Key` (Microsoft.KeyVault/vaults/keys `properties`).
import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { productionEnvironmentSchema } from "./keyVault";
import {
    arr,
    displayName,
    epochSeconds,
    equalsIgnoreCase,
    field,
    isOpaque,
    mustMessage,
    num,
    Obj,
    policyConfig,
    str,
    tag,
    Types,
    UNKNOWN,
    validateResourceTypes,
} from "./util";

/** "Key Vault key '<name>'", with the key's Azure name when known, else the logical name. */
export function keyLabel(props: Obj, logicalName: string): string {
    return `Key Vault key '${displayName(props["keyName"], logicalName)}'`;
}

/** The key's type: `properties.kty`. Key Vault's ARM API has no default for it; unset reads as `undefined`. */
function keyType(props: Obj): string | typeof UNKNOWN | undefined {
    return str(field(props, "properties", "kty"));
}

const isRsa = (kty: string): boolean => /^RSA(-HSM)?$/i.test(kty);
/** An elliptic-curve key type (EC or EC-HSM, any case): for keys and certificates' keys alike. */
export const isEc = (kty: string): boolean => /^EC(-HSM)?$/i.test(kty);

export const keyVaultKeyExpiry: ResourceValidationPolicy = {
    name: "keyvault-key-expiry",
    description: "Checks whether Key Vault keys set an expiration date (properties.attributes.expires).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Key, ({ props, name }, report) => {
        const raw = field(props, "properties", "attributes", "expires");
        const expires = epochSeconds(raw);
        if (expires === UNKNOWN || expires !== undefined) {
            return;
        }
        report(mustMessage(keyLabel(props, name), "set properties.attributes.expires", raw));
    }),
};

/**
 * Days of an ISO 8601 duration of years, months, weeks and days (`P90D`, `P1Y6M`, `P2W`), the form of rotation
 * policy triggers; a year counts 365 days and a month 30, as Key Vault's rotation docs do not say otherwise. A time
 * part (`PT12H`) or anything else is `undefined`.
 */
export function durationDays(value: string): number | undefined {
    const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$/i.exec(value.trim());
    if (!m || value.trim().length <= 1) {
        return undefined;
    }
    const [, y, mo, w, d] = m;
    return Number(y ?? 0) * 365 + Number(mo ?? 0) * 30 + Number(w ?? 0) * 7 + Number(d ?? 0);
}

const rotationSchema: PolicyConfigSchema = {
    properties: {
        maximumDaysToRotate: {
            type: "integer",
            minimum: 7,
            default: 90,
            description: "The latest a key may rotate, in days after the creation of its version.",
        },
    },
};

export const keyVaultKeyRotationPolicy: ResourceValidationPolicy = {
    name: "keyvault-key-rotation-policy",
    description:
        "Checks whether Key Vault keys have a rotation policy whose Rotate action is scheduled within maximumDaysToRotate (default 90) days after creation.",
    enforcementLevel: "mandatory",
    configSchema: rotationSchema,
    validateResource: validateResourceTypes(Types.Key, ({ args, props, name }, report) => {
        const { maximumDaysToRotate } = policyConfig<{ maximumDaysToRotate: number }>(rotationSchema, () => args.getConfig());
        const label = keyLabel(props, name);
        const actions = arr(field(props, "properties", "rotationPolicy", "lifetimeActions"));
        if (actions === UNKNOWN) {
            return;
        }
        const rotate = (actions ?? []).filter((a) => isOpaque(field(a, "action", "type")) || equalsIgnoreCase(str(field(a, "action", "type")), "rotate"));
        if (rotate.some((a) => isOpaque(field(a, "action", "type")))) {
            return;
        }
        if (rotate.length === 0) {
            report(mustMessage(label, "have a rotation policy with a Rotate action (properties.rotationPolicy.lifetimeActions)", "none"));
            return;
        }
        for (const action of rotate) {
            const after = str(field(action, "trigger", "timeAfterCreate"));
            const before = str(field(action, "trigger", "timeBeforeExpiry"));
            const expiry = str(field(props, "properties", "rotationPolicy", "attributes", "expiryTime"));
            if (after === UNKNOWN || before === UNKNOWN) {
                continue;
            }
            if (after !== undefined && after !== "") {
                const days = durationDays(after);
                if (days === undefined || days > maximumDaysToRotate) {
                    report(mustMessage(label, `rotate within ${maximumDaysToRotate} days of creation`, `timeAfterCreate ${after}`));
                }
            } else if (before !== undefined && before !== "") {
                if (expiry === UNKNOWN) {
                    continue;
                }
                const lifetime = expiry === undefined ? undefined : durationDays(expiry);
                const days = durationDays(before);
                if (lifetime === undefined || days === undefined || lifetime - days > maximumDaysToRotate) {
                    report(
                        mustMessage(label, `rotate within ${maximumDaysToRotate} days of creation`, `timeBeforeExpiry ${before} with expiryTime ${expiry ?? "not set"}`),
                    );
                }
            } else {
                report(mustMessage(label, "give its Rotate action a trigger (timeAfterCreate or timeBeforeExpiry)", "none"));
            }
        }
    }),
};

export const keyVaultKeyHsmProduction: ResourceValidationPolicy = {
    name: "keyvault-key-hsm-production",
    description:
        "Checks whether production Key Vault keys (environment tag equal to productionEnvironment) are HSM-backed (kty RSA-HSM or EC-HSM).",
    enforcementLevel: "mandatory",
    configSchema: productionEnvironmentSchema,
    validateResource: validateResourceTypes(Types.Key, ({ args, props, name }, report) => {
        const { productionEnvironment } = policyConfig<{ productionEnvironment: string }>(productionEnvironmentSchema, () => args.getConfig());
        const environment = tag(props, "environment");
        if (environment === UNKNOWN || !equalsIgnoreCase(environment, productionEnvironment)) {
            return;
        }
        const kty = keyType(props);
        if (kty === UNKNOWN || (kty !== undefined && /-HSM$/i.test(kty))) {
            return;
        }
        report(mustMessage(keyLabel(props, name), "be HSM-backed in production (properties.kty RSA-HSM or EC-HSM)", kty));
    }),
};

/** Key Vault's default RSA size when `keySize` is unset (keys.json: "Default for RSA and RSA-HSM keys is 2048"). */
export const DEFAULT_RSA_KEY_SIZE = 2048;

/**
 * The `minimumRSAKeySize` option: shared by the key and the certificate RSA size policies (a certificate's key is a
 * Key Vault key, with the same sizes: 2048, 3072 or 4096).
 */
export const RSA_SIZE_SCHEMA: PolicyConfigSchema = {
    properties: {
        minimumRSAKeySize: {
            type: "integer",
            enum: [2048, 3072, 4096],
            default: DEFAULT_RSA_KEY_SIZE,
            description: "The smallest RSA key size keys and certificates may use, in bits.",
        },
    },
};

export const keyVaultKeyRsaMinimumSize: ResourceValidationPolicy = {
    name: "keyvault-key-rsa-minimum-size",
    description: "Checks whether RSA Key Vault keys are at least minimumRSAKeySize (default 2048) bits.",
    enforcementLevel: "mandatory",
    configSchema: RSA_SIZE_SCHEMA,
    validateResource: validateResourceTypes(Types.Key, ({ args, props, name }, report) => {
        const { minimumRSAKeySize } = policyConfig<{ minimumRSAKeySize: number }>(RSA_SIZE_SCHEMA, () => args.getConfig());
        const kty = keyType(props);
        if (kty === UNKNOWN || kty === undefined || !isRsa(kty)) {
            return;
        }
        const raw = field(props, "properties", "keySize");
        const size = num(raw);
        if (size === UNKNOWN) {
            return;
        }
        if ((size ?? DEFAULT_RSA_KEY_SIZE) < minimumRSAKeySize) {
            report(mustMessage(keyLabel(props, name), `be at least ${minimumRSAKeySize} bits (properties.keySize)`, size === undefined ? `not set (${DEFAULT_RSA_KEY_SIZE})` : String(size)));
        }
    }),
};

/** The `allowedECNames` option: shared by the key and the certificate curve policies. */
export const EC_CURVE_SCHEMA: PolicyConfigSchema = {
    properties: {
        allowedECNames: {
            type: "array",
            items: { type: "string", enum: ["P-256", "P-256K", "P-384", "P-521"] },
            minItems: 1,
            uniqueItems: true,
            default: ["P-256", "P-384", "P-521"],
            description: "Elliptic curves EC keys may use (default: the NIST curves; P-256K, secp256k1, is not one).",
        },
    },
};

/** Key Vault's default curve when `curveName` is unset (keys.json: "Default for EC and EC-HSM keys is P-256"). */
export const DEFAULT_EC_CURVE = "P-256";

export const keyVaultKeyEcCurves: ResourceValidationPolicy = {
    name: "keyvault-key-ec-curves",
    description: "Checks whether elliptic-curve Key Vault keys use one of allowedECNames (default P-256, P-384, P-521).",
    enforcementLevel: "mandatory",
    configSchema: EC_CURVE_SCHEMA,
    validateResource: validateResourceTypes(Types.Key, ({ args, props, name }, report) => {
        const { allowedECNames } = policyConfig<{ allowedECNames: string[] }>(EC_CURVE_SCHEMA, () => args.getConfig());
        const kty = keyType(props);
        if (kty === UNKNOWN || kty === undefined || !isEc(kty)) {
            return;
        }
        const raw = field(props, "properties", "curveName");
        const curve = str(raw);
        if (curve === UNKNOWN) {
            return;
        }
        const effective = curve ?? DEFAULT_EC_CURVE;
        if (!allowedECNames.some((c) => c.toLowerCase() === effective.toLowerCase())) {
            report(mustMessage(keyLabel(props, name), `use one of the curves ${allowedECNames.join(", ")} (properties.curveName)`, curve === undefined ? `not set (${DEFAULT_EC_CURVE})` : curve));
        }
    }),
};
