// Redaction where something is printed or written. Policies see real values (./rawValues.ts); everything the plan
// prints or writes — the tree, `--json`, `--out`, diffs, violation messages, error messages — goes through here.
//
// 1. `maskPlaintextSecretValues`: a Key Vault secret's value is masked even when the program did not make it a
//    Pulumi secret. azure-native does not mark `properties.value` secret (@pulumi/azure-native 3.28
//    keyvault/secret.js passes `args.properties` through: no `pulumi.secret`, no `additionalSecretOutputs`), so a
//    plain string there would otherwise be printed — and it is stored in plaintext in the state, which
//    `plaintextSecretValueFindings` reports as a mandatory finding.
// 2. `secretTexts` + `redactor`: every secret value's text (the plaintext under a secret signature, and the masked
//    values above), replaced by "[secret]" in any text about to be printed (a policy may quote a value it checks).
import type { PlannedResource, PlanViolation } from "./types";
import { rawValuesOf } from "./rawValues";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./document";

// @pulumi/pulumi runtime/rpc.js signatures.
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** azure-native's Key Vault secret type token, also with an explicit API-version module (`keyvault/v20230701`). */
export function isKeyVaultSecretType(type: string): boolean {
    return /^azure-native:keyvault(?:\/v[0-9]{8}(?:preview)?)?:Secret$/.test(type);
}

/** Sanitized props (secrets already "[secret]") with a Key Vault secret's `properties.value` masked as well. */
export function maskPlaintextSecretValues(type: string, props: Json): Json {
    if (!isKeyVaultSecretType(type) || !isObject(props.properties) || !("value" in props.properties)) {
        return props;
    }
    const value = props.properties.value;
    if (value === undefined || value === null || value === SECRET_PLACEHOLDER || value === UNKNOWN_PLACEHOLDER) {
        return props;
    }
    return { ...props, properties: { ...props.properties, value: SECRET_PLACEHOLDER } };
}

/** The text of every secret value in wire-format props: under a secret signature, or a Key Vault secret's value. */
function collectSecretTexts(value: unknown, inSecret: boolean, out: Set<string>): void {
    if (Array.isArray(value)) {
        value.forEach((v) => collectSecretTexts(v, inSecret, out));
        return;
    }
    if (isObject(value)) {
        const secret = inSecret || value[SIG_KEY] === SECRET_SIG;
        for (const [k, v] of Object.entries(value)) {
            if (k !== SIG_KEY) {
                collectSecretTexts(v, secret, out);
            }
        }
        return;
    }
    if (inSecret && (typeof value === "string" || typeof value === "number") && value !== UNKNOWN && String(value) !== "") {
        out.add(String(value));
    }
}

/** Every secret text among the resources' raw values (in memory only), longest first. */
export function secretTexts(resources: readonly PlannedResource[]): string[] {
    const out = new Set<string>();
    for (const r of resources) {
        const raw = rawValuesOf(r);
        if (raw === undefined) {
            continue;
        }
        for (const props of [raw.inputs, raw.outputs]) {
            collectSecretTexts(props, false, out);
            if (isKeyVaultSecretType(r.type) && isObject(props.properties)) {
                collectSecretTexts(props.properties.value, true, out);
            }
        }
    }
    out.delete(SECRET_PLACEHOLDER);
    return [...out].sort((a, b) => b.length - a.length);
}

/** A function that replaces each of `secrets` in a text by "[secret]". */
export function redactor(secrets: readonly string[]): (text: string) => string {
    if (secrets.length === 0) {
        return (text) => text;
    }
    return (text) => {
        let out = text;
        for (const s of secrets) {
            out = out.split(s).join(SECRET_PLACEHOLDER);
        }
        return out;
    };
}

/** The redactor for everything printed about these resources. */
export function redactorFor(resources: readonly PlannedResource[]): (text: string) => string {
    return redactor(secretTexts(resources));
}

export const PLAINTEXT_SECRET_VALUE_CHECK = "keyvault-secret-value-not-secret";

/**
 * Key Vault secrets whose value the program passed as a plain string (not a Pulumi secret): the engine stores it in
 * plaintext in the stack's state (and in `pulumi preview --diff` output). Mandatory findings of the offline gate.
 *
 * This check is the gate's own, not a policy of the pack: the analyzer protocol cannot express it, because the engine
 * hands policies secrets already unwrapped (@pulumi/policy deserialize.js: `deserializeProperties(props, false)`),
 * so a policy cannot tell a secret from a plain string.
 */
export function plaintextSecretValueFindings(resources: readonly PlannedResource[]): PlanViolation[] {
    const findings: PlanViolation[] = [];
    for (const r of resources) {
        const raw = rawValuesOf(r);
        if (!isKeyVaultSecretType(r.type) || raw === undefined) {
            continue;
        }
        const properties = raw.inputs.properties;
        if (!isObject(properties) || properties[SIG_KEY] === SECRET_SIG) {
            continue; // absent, or the whole `properties` object is a secret
        }
        const value = properties.value;
        if (value === undefined || value === null || value === UNKNOWN || (isObject(value) && value[SIG_KEY] === SECRET_SIG)) {
            continue;
        }
        const name = typeof raw.inputs.secretName === "string" && !isObject(raw.inputs.secretName) ? raw.inputs.secretName : r.name;
        findings.push({
            policy: PLAINTEXT_SECRET_VALUE_CHECK,
            enforcementLevel: "mandatory",
            urn: r.urn,
            message:
                `Key Vault secret '${name}' must take its value as a Pulumi secret (found: a plain string in properties.value): ` +
                `it would be stored in plaintext in the Pulumi state; pass pulumi.secret(value) or config.requireSecret(...)`,
        });
    }
    return findings;
}
