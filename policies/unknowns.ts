// Unknown values.
//
// How @pulumi/policy presents unknowns (v1.21, server.js + proxy.js): during `pulumi preview` the engine marshals
// every computed value as the string sentinel "04da6b54-80e4-46f7-96ec-b56ff0331ba9" (there are seven sentinels,
// one per kind). The analyzer deserialises the properties and wraps them in `unknownCheckingProxy`, whose `get`
// trap throws `UnknownValueError` as soon as a property whose value is a sentinel is READ (`props.a.b` throws when
// `b` is unknown; when `a` itself is unknown, reading `props.a` throws). Only the `get` trap is intercepted:
// `Object.keys` and `Object.getOwnPropertyDescriptor` reach the target untouched, and a descriptor's `value` is the
// raw (un-proxied) value. The server turns an escaping `UnknownValueError` into an advisory "can't run policy
// during preview" diagnostic — noise at best. Both resource validation (inputs) and stack validation (outputs) are
// proxied this way.
//
// So the policies never read through the proxy: `toPlain` copies the props through property descriptors, and
// replaces every sentinel — and the offline plan's "[unknown]" placeholder — with the `UNKNOWN` symbol. Readers
// below propagate `UNKNOWN`, and every check skips (reports nothing) when a value it needs is unknown.
import * as policySdk from "@pulumi/policy";

/** The marker `toPlain` puts where a value is unknown. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;
/** A value that may be unknown (during preview) or absent. */
export type Maybe<T> = T | Unknown | undefined;

/** The sentinels of @pulumi/policy's proxy.ts (the engine's wire format), plus the offline plan's placeholder. */
const UNKNOWN_STRINGS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (the engine uses this one for every unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
    "[unknown]", // the offline plan
]);

/** The offline plan's placeholder for a secret value: known to be set, value hidden. */
export const SECRET_PLACEHOLDER = "[secret]";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_STRINGS.has(value));
}

/**
 * True for a value whose content cannot be inspected: unknown, or the "[secret]" placeholder of a saved offline plan
 * replayed into the pack (a live plan hands policies the plaintext, as the engine does). "[secret]" still counts as
 * *set* for presence checks; the typed readers below return `UNKNOWN` for it, so a redacted value never fails a check
 * on its content or shape.
 */
export function isOpaque(value: unknown): boolean {
    return isUnknown(value) || value === SECRET_PLACEHOLDER;
}

const UnknownValueErrorClass = (policySdk as unknown as { UnknownValueError?: abstract new (...args: never[]) => Error })
    .UnknownValueError;

/** True for the error @pulumi/policy's proxy throws when an unknown property is read. */
export function isUnknownValueError(err: unknown): boolean {
    if (UnknownValueErrorClass && err instanceof UnknownValueErrorClass) {
        return true;
    }
    return err instanceof Error && err.constructor.name === "UnknownValueError";
}

/** Reads an own property without triggering a proxy's `get` trap. */
function rawProperty(obj: object, key: string): unknown {
    return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/**
 * A deep, plain copy of resource properties: escapes @pulumi/policy's unknown-checking proxy (see the header),
 * and replaces unknown sentinels and "[unknown]" with `UNKNOWN`. Arrays stay arrays, plain objects become plain
 * objects; anything else (assets, class instances) is returned as it is.
 */
export function toPlain(value: unknown, depth = 0): unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === null || typeof value !== "object" || depth > 64) {
        return value;
    }
    if (Array.isArray(value)) {
        const length = rawProperty(value, "length");
        const out: unknown[] = [];
        for (let i = 0; i < (typeof length === "number" ? length : 0); i++) {
            out.push(toPlain(rawProperty(value, String(i)), depth + 1));
        }
        return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
        return value;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        const v = rawProperty(value, key);
        if (v !== undefined) {
            out[key] = toPlain(v, depth + 1);
        }
    }
    return out;
}

/** Runs `fn`; an `UnknownValueError` escaping it (a value read through the proxy) ends the check silently. */
export function skipOnUnknown(fn: () => void): void {
    try {
        fn();
    } catch (err) {
        if (!isUnknownValueError(err)) {
            throw err;
        }
    }
}
