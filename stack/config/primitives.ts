import { z } from "zod";
import { GUID_PATTERN } from "../ids";
import { expectation } from "./problems";
/*
 * The building blocks of the config contract. Each check states what is allowed and how to fix it through
 * `expectation` (problems.ts), so the formatter in `errors.ts` gets the parts as data; `{path}` in a fix is replaced
 * by the key path in the `pulumi config set --path` form.
 */

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
    return z.enum(values, { error: expectation(`one of ${values.join(" | ")}`, `pulumi config set --path '{path}' ${example}`) });
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

export const SECRET_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ENVIRONMENT_PATTERN = /^[a-z0-9]{2,12}$/;
/** Azure resource group names: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
export const WORKSPACE_ID_PATTERN =
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

