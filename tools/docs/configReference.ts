/*
 * The README's config reference, generated from the config schema (types, defaults, allowed values: zod's JSON Schema
 * of `stack/config/schema.ts`) and the sentences in `stack/config/descriptions.ts` — the way Azure Verified Modules
 * generate their parameter tables — so the reference cannot drift from what the program accepts.
 */
import { z } from "zod";
import { configSchema } from "../../stack/config/schema";
import { CONFIG_DESCRIPTIONS } from "../../stack/config/descriptions";
import { GUID_PATTERN } from "../../stack/ids";

export const CONFIG_REFERENCE_START = "<!-- config-reference:start -->";
export const CONFIG_REFERENCE_END = "<!-- config-reference:end -->";

interface JsonSchema {
    readonly type?: string;
    readonly properties?: Readonly<Record<string, JsonSchema>>;
    readonly required?: readonly string[];
    readonly items?: JsonSchema;
    readonly anyOf?: readonly JsonSchema[];
    readonly additionalProperties?: JsonSchema | boolean;
    readonly enum?: readonly unknown[];
    readonly default?: unknown;
    readonly minimum?: number;
    readonly maximum?: number;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly pattern?: string;
}

/** One row of the reference: a key as `pulumi config set --path` writes it. */
export interface ConfigReferenceRow {
    readonly key: string;
    readonly type: string;
    /** `required`, `—` (optional, no default) or the default as JSON. */
    readonly default: string;
    readonly allowed: string;
    readonly description: string;
}

/** Keys the schema has that are not config keys of their own (the loader fills them in). */
const INTERNAL_KEYS: Readonly<Record<string, string>> = {
    location: "azure-native:location",
    // The names of the `secretValues.<name>` keys that are set: the loader lists them, never reading the values.
    secretValueNames: "secretValues.<name>",
};

function typeOf(s: JsonSchema): string {
    if (s.anyOf) {
        return s.anyOf.map(typeOf).filter((t) => t !== "any").join(" or ") || "any";
    }
    if (s.type === "array") {
        return `list of ${s.items ? typeOf(s.items) : "any"}`;
    }
    if (s.type === "object") {
        return s.properties ? "map" : "map of string";
    }
    return s.type ?? "any";
}

function allowedOf(s: JsonSchema): string {
    const parts: string[] = [];
    if (s.enum) {
        parts.push(s.enum.map((v) => `\`${String(v)}\``).join(", "));
    }
    if (s.minimum !== undefined || s.maximum !== undefined) {
        parts.push(`${s.minimum ?? "…"}–${s.maximum ?? "…"}`);
    }
    if (s.maxLength !== undefined) {
        parts.push(`at most ${s.maxLength} characters`);
    }
    if (s.pattern !== undefined) {
        parts.push(s.pattern === GUID_PATTERN.source ? "a GUID" : `\`${s.pattern}\``);
    }
    return parts.join("; ");
}

function defaultOf(s: JsonSchema, required: boolean): string {
    if (s.default !== undefined) {
        return `\`${JSON.stringify(s.default)}\``;
    }
    return required ? "required" : "—";
}

/** The leaves of the schema (scalars and lists of scalars), depth first in declaration order. */
function leaves(s: JsonSchema, key: string, required: boolean, rows: Omit<ConfigReferenceRow, "description">[]): void {
    if (s.anyOf) {
        const obj = s.anyOf.find((alt) => alt.type === "object" && alt.properties);
        rows.push({ key, type: typeOf(s), default: defaultOf(s, required), allowed: "" });
        if (obj) {
            for (const [name, prop] of Object.entries(obj.properties ?? {})) {
                leaves(prop, `${key}.${name}`, (obj.required ?? []).includes(name) && prop.default === undefined, rows);
            }
        }
        return;
    }
    if (s.type === "object" && s.properties) {
        for (const [name, prop] of Object.entries(s.properties)) {
            const child = key ? `${key}.${name}` : name;
            leaves(prop, child, (s.required ?? []).includes(name) && prop.default === undefined, rows);
        }
        return;
    }
    if (s.type === "object" && typeof s.additionalProperties === "object") {
        rows.push({ key: `${key}.<name>`, type: typeOf(s.additionalProperties), default: "—", allowed: allowedOf(s.additionalProperties) });
        return;
    }
    if (s.type === "array" && s.items && (s.items.type === "object" || s.items.anyOf)) {
        if (s.items.anyOf) {
            leaves(s.items, `${key}[]`, false, rows);
            return;
        }
        for (const [name, prop] of Object.entries(s.items.properties ?? {})) {
            leaves(prop, `${key}[].${name}`, (s.items.required ?? []).includes(name) && prop.default === undefined, rows);
        }
        return;
    }
    if (s.type === "array" && s.items) {
        rows.push({ key: `${key}[]`, type: typeOf(s.items), default: defaultOf(s, required), allowed: allowedOf(s.items) });
        return;
    }
    rows.push({ key, type: typeOf(s), default: defaultOf(s, required), allowed: allowedOf(s) });
}

/** The schema's JSON Schema, as validated output (defaults applied). */
function configJsonSchema(): JsonSchema {
    return z.toJSONSchema(configSchema, { io: "output", unrepresentable: "any" }) as JsonSchema;
}

/**
 * Every config key with its type, default, allowed values and description. Throws when a key has no description or a
 * description names a key the schema does not have: the reference and the schema must move together.
 */
export function configReferenceRows(descriptions: Readonly<Record<string, string>> = CONFIG_DESCRIPTIONS): ConfigReferenceRow[] {
    const raw: Omit<ConfigReferenceRow, "description">[] = [];
    leaves(configJsonSchema(), "", true, raw);
    const rows = raw.map((r) => {
        const internal = INTERNAL_KEYS[r.key.replace(/\[\]$/, "")];
        if (internal === "secretValues.<name>") {
            return { key: internal, type: "secret string", default: "—", allowed: "" };
        }
        return internal ? { ...r, key: internal, allowed: r.key === "location" ? "an Azure region name" : r.allowed } : r;
    });
    const missing = rows.filter((r) => descriptions[r.key] === undefined).map((r) => r.key);
    const known = new Set(rows.map((r) => r.key));
    const stale = Object.keys(descriptions).filter((k) => !known.has(k));
    if (missing.length > 0 || stale.length > 0) {
        throw new Error(
            [
                missing.length ? `config keys without a description in stack/config/descriptions.ts: ${missing.join(", ")}` : "",
                stale.length ? `descriptions for keys the schema does not have: ${stale.join(", ")}` : "",
            ]
                .filter(Boolean)
                .join("; "),
        );
    }
    return rows.map((r) => ({ ...r, description: descriptions[r.key] ?? "" }));
}

/** A Markdown table cell: pipes escaped, no line breaks. */
function cell(text: string): string {
    return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

/** The generated block, markers included. */
export function renderConfigReference(rows: readonly ConfigReferenceRow[] = configReferenceRows()): string {
    const lines = [
        CONFIG_REFERENCE_START,
        "<!-- Generated by `npm run docs` from stack/config/schema.ts and stack/config/descriptions.ts; do not edit by hand. -->",
        "",
        "| Key | Type | Default | Allowed | Description |",
        "|---|---|---|---|---|",
        ...rows.map((r) => `| \`${cell(r.key)}\` | ${cell(r.type)} | ${cell(r.default)} | ${cell(r.allowed)} | ${cell(r.description)} |`),
        "",
        CONFIG_REFERENCE_END,
    ];
    return lines.join("\n");
}

/** The document with its generated block replaced; throws when the markers are missing or out of order. */
export function replaceConfigReference(markdown: string, block: string = renderConfigReference()): string {
    const start = markdown.indexOf(CONFIG_REFERENCE_START);
    const end = start < 0 ? -1 : markdown.indexOf(CONFIG_REFERENCE_END, start);
    if (start < 0 || end < 0) {
        throw new Error(`no ${CONFIG_REFERENCE_START} … ${CONFIG_REFERENCE_END} markers`);
    }
    return markdown.slice(0, start) + block + markdown.slice(end + CONFIG_REFERENCE_END.length);
}
