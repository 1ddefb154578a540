// A small JSON Schema (draft-07 subset) validator for policy `configSchema`s — the Pulumi CLI validates
// `--policy-pack-config` against them before it runs a pack; the in-process runner does the same with this.
// Supported: type (incl. integer), enum, const, numeric bounds, multipleOf, string length, pattern, format "regex",
// items (single or tuple) / additionalItems, array length, uniqueItems, contains, properties, required,
// additionalProperties, patternProperties, propertyNames, property counts, dependencies.
//
// Regular expressions (`pattern`, `patternProperties`, `format: "regex"`) have RE2 semantics, as in the CLI: it
// validates with gojsonschema, which compiles them with Go's `regexp` (xeipuuv/gojsonschema format_checkers.go
// `RegexFormatChecker`, where "" is a valid regex; validation.go `pattern`). The pack matches with the same RE2
// implementation (policies/regex.ts).
import type { PolicyConfigJSONSchema, PolicyConfigJSONSchemaDefinition } from "@pulumi/policy/schema";
import { re2SyntaxError, re2Test } from "keyvault-devops-policies/bin/regex";

/** Validates `value` against `schema`; returns one message per problem ("<path>: <problem>"), empty when valid. */
export function validateJsonSchema(value: unknown, schema: PolicyConfigJSONSchemaDefinition, path = "$"): string[] {
    if (schema === true) {
        return [];
    }
    if (schema === false) {
        return [`${path}: is not allowed`];
    }
    const errors: string[] = [];
    const fail = (message: string): void => {
        errors.push(`${path}: ${message}`);
    };

    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => hasType(value, t))) {
            fail(`must be of type ${types.join(" or ")} (found: ${describe(value)})`);
            return errors;
        }
    }
    if (schema.enum !== undefined && !schema.enum.some((e) => deepEqual(e, value))) {
        fail(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")} (found: ${describe(value)})`);
    }
    if (schema.const !== undefined && !deepEqual(schema.const, value)) {
        fail(`must be ${JSON.stringify(schema.const)} (found: ${describe(value)})`);
    }
    if (typeof value === "number") {
        validateNumber(value, schema, fail);
    }
    if (typeof value === "string") {
        validateString(value, schema, fail);
    }
    if (Array.isArray(value)) {
        errors.push(...validateArray(value, schema, path, fail));
    } else if (isObject(value)) {
        errors.push(...validateObject(value, schema, path, fail));
    }
    return errors;
}

function validateNumber(value: number, schema: PolicyConfigJSONSchema, fail: (m: string) => void): void {
    if (schema.minimum !== undefined && value < schema.minimum) {
        fail(`must be at least ${schema.minimum} (found: ${value})`);
    }
    if (schema.maximum !== undefined && value > schema.maximum) {
        fail(`must be at most ${schema.maximum} (found: ${value})`);
    }
    if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
        fail(`must be greater than ${schema.exclusiveMinimum} (found: ${value})`);
    }
    if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) {
        fail(`must be less than ${schema.exclusiveMaximum} (found: ${value})`);
    }
    if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
        const q = value / schema.multipleOf;
        if (Math.abs(q - Math.round(q)) > 1e-9) {
            fail(`must be a multiple of ${schema.multipleOf} (found: ${value})`);
        }
    }
}

function validateString(value: string, schema: PolicyConfigJSONSchema, fail: (m: string) => void): void {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) {
        fail(`must be at least ${schema.minLength} characters long (found: ${JSON.stringify(value)})`);
    }
    if (schema.maxLength !== undefined && length > schema.maxLength) {
        fail(`must be at most ${schema.maxLength} characters long (found: ${length} characters)`);
    }
    if (schema.pattern !== undefined && !re2Test(schema.pattern, value)) {
        fail(`must match ${schema.pattern} (found: ${JSON.stringify(value)})`);
    }
    if (schema.format === "regex" && value !== "") {
        const problem = re2SyntaxError(value);
        if (problem !== undefined) {
            fail(`must be a valid regular expression in RE2 syntax, as the Pulumi CLI checks it (${problem})`);
        }
    }
}

function validateArray(
    value: readonly unknown[],
    schema: PolicyConfigJSONSchema,
    path: string,
    fail: (m: string) => void,
): string[] {
    const errors: string[] = [];
    if (schema.minItems !== undefined && value.length < schema.minItems) {
        fail(`must have at least ${schema.minItems} items (found: ${value.length})`);
    }
    if (schema.maxItems !== undefined && value.length > schema.maxItems) {
        fail(`must have at most ${schema.maxItems} items (found: ${value.length})`);
    }
    if (schema.uniqueItems === true) {
        const seen = value.map((v) => canonical(v));
        if (new Set(seen).size !== seen.length) {
            fail("must not contain duplicate items");
        }
    }
    if (Array.isArray(schema.items)) {
        const tuple = schema.items;
        value.forEach((item, i) => {
            const itemSchema = tuple[i] ?? schema.additionalItems;
            if (itemSchema !== undefined) {
                errors.push(...validateJsonSchema(item, itemSchema, `${path}[${i}]`));
            }
        });
    } else if (schema.items !== undefined) {
        const itemSchema = schema.items;
        value.forEach((item, i) => errors.push(...validateJsonSchema(item, itemSchema, `${path}[${i}]`)));
    }
    if (schema.contains !== undefined) {
        const contains = schema.contains;
        if (!value.some((item) => validateJsonSchema(item, contains).length === 0)) {
            fail("must contain an item matching the schema's `contains`");
        }
    }
    return errors;
}

function validateObject(
    value: Readonly<Record<string, unknown>>,
    schema: PolicyConfigJSONSchema,
    path: string,
    fail: (m: string) => void,
): string[] {
    const errors: string[] = [];
    const keys = Object.keys(value);
    if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
        fail(`must have at least ${schema.minProperties} properties (found: ${keys.length})`);
    }
    if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
        fail(`must have at most ${schema.maxProperties} properties (found: ${keys.length})`);
    }
    for (const required of schema.required ?? []) {
        if (!(required in value)) {
            fail(`must set ${required}`);
        }
    }
    const properties = schema.properties ?? {};
    const patterns = Object.entries(schema.patternProperties ?? {}).map(([p, s]) => [{ test: (key: string) => re2Test(p, key) }, s] as const);
    for (const key of keys) {
        const childPath = `${path}.${key}`;
        const child = value[key];
        let matched = false;
        const own = properties[key];
        if (own !== undefined) {
            matched = true;
            errors.push(...validateJsonSchema(child, own, childPath));
        }
        for (const [regex, patternSchema] of patterns) {
            if (regex.test(key)) {
                matched = true;
                errors.push(...validateJsonSchema(child, patternSchema, childPath));
            }
        }
        if (!matched && schema.additionalProperties !== undefined) {
            if (schema.additionalProperties === false) {
                errors.push(`${childPath}: is not a known option`);
            } else {
                errors.push(...validateJsonSchema(child, schema.additionalProperties, childPath));
            }
        }
        if (schema.propertyNames !== undefined) {
            errors.push(...validateJsonSchema(key, schema.propertyNames, `${childPath} (name)`));
        }
    }
    for (const [key, dependency] of Object.entries(schema.dependencies ?? {})) {
        if (!(key in value)) {
            continue;
        }
        if (Array.isArray(dependency)) {
            for (const needed of dependency) {
                if (!(needed in value)) {
                    fail(`must set ${needed} when ${key} is set`);
                }
            }
        } else {
            errors.push(...validateJsonSchema(value, dependency, path));
        }
    }
    return errors;
}

function isObject(value: unknown): value is Readonly<Record<string, unknown>> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasType(value: unknown, type: string): boolean {
    switch (type) {
        case "string":
            return typeof value === "string";
        case "number":
            return typeof value === "number" && Number.isFinite(value);
        case "integer":
            return typeof value === "number" && Number.isInteger(value);
        case "boolean":
            return typeof value === "boolean";
        case "object":
            return isObject(value);
        case "array":
            return Array.isArray(value);
        case "null":
            return value === null;
        default:
            return false;
    }
}

function describe(value: unknown): string {
    if (value === undefined) {
        return "undefined";
    }
    const json = JSON.stringify(value);
    return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}

function canonical(value: unknown): string {
    if (Array.isArray(value)) {
        return `[${value.map(canonical).join(",")}]`;
    }
    if (isObject(value)) {
        return `{${Object.keys(value)
            .sort()
            .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
            .join(",")}}`;
    }
    return JSON.stringify(value) ?? "undefined";
}

function deepEqual(a: unknown, b: unknown): boolean {
    return canonical(a) === canonical(b);
}
