// Typed readers over plain values (see ./unknowns.ts for how unknowns are handled).
import { isOpaque, isUnknown, Maybe, UNKNOWN } from "./unknowns";

// `undefined` when absent or of another type.

export type Obj = { readonly [key: string]: unknown };

export function isObj(value: unknown): value is Obj {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows `path` into objects and arrays; `UNKNOWN` as soon as a step is unknown, `undefined` when missing. */
export function field(value: unknown, ...path: ReadonlyArray<string | number>): unknown {
    let current = value;
    for (const key of path) {
        if (isOpaque(current)) {
            return UNKNOWN;
        }
        if (Array.isArray(current) && typeof key === "number") {
            current = current[key];
        } else if (isObj(current) && typeof key === "string") {
            current = current[key];
        } else {
            return undefined;
        }
    }
    return isUnknown(current) ? UNKNOWN : current;
}

export function str(value: unknown): Maybe<string> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return typeof value === "string" ? value : undefined;
}

export function bool(value: unknown): Maybe<boolean> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    return undefined;
}

export function num(value: unknown): Maybe<number> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        return Number(value);
    }
    return undefined;
}

export function arr(value: unknown): Maybe<readonly unknown[]> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return Array.isArray(value) ? value : undefined;
}

export function obj(value: unknown): Maybe<Obj> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return isObj(value) ? value : undefined;
}

/** A point in time as unix seconds: a number, a numeric string, or an ISO 8601 date string. */
export function epochSeconds(value: unknown): Maybe<number> {
    const n = num(value);
    if (n !== undefined) {
        return n;
    }
    if (typeof value === "string") {
        const ms = Date.parse(value);
        return Number.isNaN(ms) ? undefined : ms / 1000;
    }
    return undefined;
}

/** A tag value by key, case-insensitively (Azure tag names are case-insensitive). */
export function tag(props: Obj, key: string): Maybe<string> {
    const tags = obj(props["tags"]);
    if (tags === UNKNOWN) {
        return UNKNOWN;
    }
    if (tags === undefined) {
        return undefined;
    }
    if (key in tags) {
        return str(tags[key]);
    }
    const wanted = key.toLowerCase();
    const found = Object.keys(tags).find((k) => k.toLowerCase() === wanted);
    return found === undefined ? undefined : str(tags[found]);
}
