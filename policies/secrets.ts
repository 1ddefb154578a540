// Key Vault secrets: expiry, maximum validity, content type and naming.
import type { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { re2Test } from "./regex";
import {
    displayName,
    epochSeconds,
    field,
    formatDays,
    mustMessage,
    Obj,
    policyConfig,
    str,
    Types,
    UNKNOWN,
    validateResourceTypes,
} from "./util";

/** "Key Vault secret '<name>'", with the secret's Azure name when known, else the logical name. */
export function secretLabel(props: Obj, logicalName: string): string {
    return `Key Vault secret '${displayName(props["secretName"], logicalName)}'`;
}

export const keyVaultSecretExpiry: ResourceValidationPolicy = {
    name: "keyvault-secret-expiry",
    description: "Checks whether Key Vault secrets set an expiration date (properties.attributes.expires).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.Secret, ({ props, name }, report) => {
        const raw = field(props, "properties", "attributes", "expires");
        const expires = epochSeconds(raw);
        if (expires === UNKNOWN || expires !== undefined) {
            return;
        }
        report(mustMessage(secretLabel(props, name), "set properties.attributes.expires", raw));
    }),
};

const maxValiditySchema: PolicyConfigSchema = {
    properties: {
        maxValidityDays: {
            type: "integer",
            minimum: 1,
            default: 90,
            description: "The longest a secret may be valid, in days, from notBefore (or from now when unset).",
        },
    },
};

/**
 * The maximum-validity policy with an injectable clock (milliseconds since the epoch, like `Date.now`), which is
 * used as the start of validity when a secret sets no notBefore.
 */
export function createSecretMaxValidityPolicy(now: () => number = Date.now): ResourceValidationPolicy {
    return {
        name: "keyvault-secret-max-validity",
        description:
            "Checks whether Key Vault secrets expire within maxValidityDays (default 90) of notBefore, or of now when notBefore is not set.",
        enforcementLevel: "mandatory",
        configSchema: maxValiditySchema,
        validateResource: validateResourceTypes(Types.Secret, ({ args, props, name }, report) => {
            const { maxValidityDays } = policyConfig<{ maxValidityDays: number }>(maxValiditySchema, () =>
                args.getConfig(),
            );
            const expires = epochSeconds(field(props, "properties", "attributes", "expires"));
            const notBefore = epochSeconds(field(props, "properties", "attributes", "notBefore"));
            if (expires === UNKNOWN || expires === undefined || notBefore === UNKNOWN) {
                return; // a missing expiry is keyvault-secret-expiry's finding
            }
            const start = notBefore ?? now() / 1000;
            const days = (expires - start) / 86400;
            if (days > maxValidityDays) {
                const from = notBefore === undefined ? "now" : "notBefore";
                report(mustMessage(secretLabel(props, name), `expire within ${maxValidityDays} days of ${from}`, formatDays(days)));
            }
        }),
    };
}

export const keyVaultSecretMaxValidity: ResourceValidationPolicy = createSecretMaxValidityPolicy();

export const keyVaultSecretContentType: ResourceValidationPolicy = {
    name: "keyvault-secret-content-type",
    description: "Checks whether Key Vault secrets set a content type (properties.contentType).",
    enforcementLevel: "advisory",
    validateResource: validateResourceTypes(Types.Secret, ({ props, name }, report) => {
        const contentType = str(field(props, "properties", "contentType"));
        if (contentType === UNKNOWN || (contentType !== undefined && contentType.trim() !== "")) {
            return;
        }
        report(mustMessage(secretLabel(props, name), "set properties.contentType", contentType));
    }),
};

export const DEFAULT_SECRET_NAME_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$";
const SECRET_NAME_MAX_LENGTH = 127;

const secretNameSchema: PolicyConfigSchema = {
    properties: {
        pattern: {
            type: "string",
            format: "regex",
            minLength: 1,
            default: DEFAULT_SECRET_NAME_PATTERN,
            description: "A regular expression (RE2 syntax, as the Pulumi CLI validates it) secret names must match (default: lower-case kebab-case).",
        },
    },
};

export const keyVaultSecretNameConvention: ResourceValidationPolicy = {
    name: "keyvault-secret-name-convention",
    description:
        "Checks whether Key Vault secret names follow the naming convention (pattern, default kebab-case) and Azure's 127-character limit.",
    enforcementLevel: "advisory",
    configSchema: secretNameSchema,
    validateResource: validateResourceTypes(Types.Secret, ({ args, props }, report) => {
        const { pattern } = policyConfig<{ pattern: string }>(secretNameSchema, () => args.getConfig());
        const value = str(props["secretName"]);
        if (value === UNKNOWN || value === undefined) {
            return; // auto-named by the provider
        }
        const label = `Key Vault secret '${value}'`;
        if (value.length > SECRET_NAME_MAX_LENGTH) {
            report(mustMessage(label, `have a name of at most ${SECRET_NAME_MAX_LENGTH} characters`, `${value.length} characters`));
        }
        // RE2 semantics, as the CLI validated the option (./regex.ts).
        if (!re2Test(pattern, value)) {
            report(mustMessage(label, `have a name matching ${pattern}`, value));
        }
    }),
};
