import { z } from "zod";
import { GUID_PATTERN } from "../ids";
import { expectation } from "./problems";
import { WORKSPACE_RESOURCE_ID_PATTERN } from "../network";
import { shellArg } from "../shellQuote";
/*
 * The building blocks of the config contract. Each check states what is allowed and how to fix it through
 * `expectation` (problems.ts), so the formatter in `errors.ts` gets the parts as data; `{path}` in a fix is replaced
 * by the key path in the `pulumi config set --path` form.
 */

/** A non-negative whole number written as a string (`pulumi config set --path` stores strings) as a number; else as is. */
export const digitsAsNumber = (v: unknown): unknown => (typeof v === "string" && /^\d+$/.test(v.trim()) ? Number(v) : v);

/** Accepts numbers, and whole numbers written as strings (`pulumi config set --path` stores strings). */
export function integer(min: number, max: number, fix: string) {
    const message = expectation(`a whole number from ${min} to ${max}`, fix);
    return z.preprocess(
        (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
    );
}

/** Accepts booleans, and "true"/"false" strings. */
export function boolean(fix: string) {
    return z.preprocess(
        (v) => (v === "true" ? true : v === "false" ? false : v),
        z.boolean({ error: expectation("true or false", fix) }),
    );
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T, example: T[number]) {
    return z.enum(values, { error: expectation(`one of ${values.join(" | ")}`, `pulumi config set --path '{path}' ${shellArg(example)}`) });
}

export function list<T extends z.ZodType>(item: T, what: string) {
    return z.array(item, { error: expectation(`a list of ${what}`, "write it as a YAML list in Pulumi.<stack>.yaml") });
}

export function object<T extends z.ZodRawShape>(shape: T, what: string) {
    return z.strictObject(shape, { error: expectation(`an object (${what})`, "write it as a YAML map in Pulumi.<stack>.yaml") });
}

export const guid = (what: string) =>
    z
        .string({ error: expectation(`${what}: a GUID such as 00000000-0000-0000-0000-000000000000`, `pulumi config set --path '{path}' <guid>`) })
        .regex(GUID_PATTERN, {
            error: expectation(`${what}: a GUID such as 00000000-0000-0000-0000-000000000000`, `pulumi config set --path '{path}' <guid>`),
        });

/**
 * The characters of Key Vault's rule for object names (secrets, keys, certificates): 1–127 letters, digits and hyphens
 * (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#objects-identifiers-and-versioning).
 * The config checks the length on its own (vaultObjectName in schema.ts), to report one problem at a time.
 */
export const VAULT_OBJECT_NAME_CHARACTERS = /^[0-9a-zA-Z-]+$/;
export const ENVIRONMENT_PATTERN = /^[a-z0-9]{2,12}$/;
/** Azure resource group names: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
/** Log Analytics workspace resource IDs, segment by segment (stack/network.ts, Azure's naming rules). */
export const WORKSPACE_ID_PATTERN = WORKSPACE_RESOURCE_ID_PATTERN;


/**
 * A MIME type, RFC 6838 section 4.2 (https://www.rfc-editor.org/rfc/rfc6838#section-4.2): `type/subtype`, each a
 * restricted-name (a letter or digit, then up to 126 of letters, digits and ``! # $ & - ^ _ . +``), optionally with
 * `; name=value` parameters (RFC 9110 section 8.3.1) whose names and values are restricted-names too (no quoted
 * strings). Key Vault takes up to 255 characters (https://learn.microsoft.com/azure/key-vault/secrets/about-secrets).
 */
const RESTRICTED_NAME = "[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}";
export const MIME_TYPE_PATTERN = new RegExp(`^${RESTRICTED_NAME}/${RESTRICTED_NAME}(?: *; *${RESTRICTED_NAME}=${RESTRICTED_NAME})*$`);

/** Raw config as a map, tolerating the wrong type (the schema reports it): the cross-key rules read config this way. */
export function asRecord(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** Raw config as a list, tolerating the wrong type (the schema reports it). */
export function asArray(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}
