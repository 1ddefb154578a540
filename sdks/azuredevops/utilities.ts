// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Same helpers as the generated utilities.ts, plus the nested-secret helpers this hand-written SDK needs.

import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

export function getEnv(...vars: string[]): string | undefined {
    for (const v of vars) {
        const value = process.env[v];
        if (value) {
            return value;
        }
    }
    return undefined;
}

export function getEnvBoolean(...vars: string[]): boolean | undefined {
    const s = getEnv(...vars);
    if (s !== undefined) {
        // NOTE: these values are taken from https://golang.org/src/strconv/atob.go?s=351:391#L1, which is what
        // Terraform uses internally when parsing boolean values.
        if (["1", "t", "T", "true", "TRUE", "True"].find(v => v === s) !== undefined) {
            return true;
        }
        if (["0", "f", "F", "false", "FALSE", "False"].find(v => v === s) !== undefined) {
            return false;
        }
    }
    return undefined;
}

export function getEnvNumber(...vars: string[]): number | undefined {
    const s = getEnv(...vars);
    if (s !== undefined) {
        const f = parseFloat(s);
        if (!isNaN(f)) {
            return f;
        }
    }
    return undefined;
}

const packageName = "@pulumi/azuredevops";
let cachedVersion: string | undefined;

/**
 * Reads `version` from this package's own package.json. The compiled files live in `bin/`, so the
 * package.json is one level up; when the sources are run directly it sits next to this file.
 */
export function getVersion(): string {
    if (cachedVersion !== undefined) {
        return cachedVersion;
    }
    for (const candidate of [path.join(__dirname, "package.json"), path.join(__dirname, "..", "package.json")]) {
        if (!fs.existsSync(candidate)) {
            continue;
        }
        const pkg = JSON.parse(fs.readFileSync(candidate, "utf8")) as { name?: unknown; version?: unknown };
        if (pkg.name !== packageName || typeof pkg.version !== "string") {
            continue;
        }
        let version = pkg.version;
        // Node allows for the version to be prefixed by a "v", while semver doesn't.
        // If there is a v, strip it off.
        if (version.indexOf("v") === 0) {
            version = version.slice(1);
        }
        cachedVersion = version;
        return version;
    }
    throw new Error(`${packageName}: cannot find its package.json next to ${__dirname}`);
}

/** @internal */
export function resourceOptsDefaults(): { version: string } {
    return { version: getVersion() };
}

/**
 * JSON-encodes a non-string provider configuration value, as the generated Provider does with
 * `.apply(JSON.stringify)`; `undefined` stays `undefined`.
 *
 * @internal
 */
export function jsonStringify(value: unknown): string | undefined {
    return value === undefined ? undefined : JSON.stringify(value);
}

function isEventual(value: unknown): boolean {
    return pulumi.Output.isInstance(value) ||
        (typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function");
}

function wrapKeys(value: unknown, keys: readonly string[]): unknown {
    if (value === undefined || value === null || typeof value !== "object") {
        return value;
    }
    if (isEventual(value)) {
        return pulumi.output(value).apply(v => wrapKeys(v, keys));
    }
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    for (const key of keys) {
        if (copy[key] !== undefined && copy[key] !== null) {
            copy[key] = secretIfPresent(copy[key]);
        }
    }
    return copy;
}

function secretIfPresent(field: unknown): unknown {
    if (isEventual(field)) {
        // An Output/Promise that resolves to undefined stays undefined (absent), not a secret null.
        const eventual: pulumi.Output<unknown> = pulumi.output(field as pulumi.Input<unknown>);
        return eventual.apply(v => (v === undefined || v === null ? v : pulumi.secret(v)));
    }
    return pulumi.secret(field);
}

/**
 * Marks the given fields of a nested object input as secret (`pulumi.secret`), leaving every other
 * field plain and absent fields absent. The real provider marks these fields secret on its side
 * (schema `secret: true` inside an object type); a hand-written SDK has to do it when sending inputs.
 *
 * @internal
 */
export function secretObjectProps<T extends object>(
    value: pulumi.Input<T> | undefined,
    keys: readonly (keyof T & string)[],
): pulumi.Input<T> | undefined {
    return wrapKeys(value, keys) as pulumi.Input<T> | undefined;
}

/**
 * Like {@link secretObjectProps}, for every element of an array input.
 *
 * @internal
 */
export function secretArrayItemProps<T extends object>(
    value: pulumi.Input<pulumi.Input<T>[]> | undefined,
    keys: readonly (keyof T & string)[],
): pulumi.Input<pulumi.Input<T>[]> | undefined {
    if (value === undefined || value === null) {
        return value;
    }
    if (isEventual(value)) {
        return pulumi.output(value).apply(items => items.map(item => wrapKeys(item, keys))) as pulumi.Input<pulumi.Input<T>[]>;
    }
    return (value as pulumi.Input<T>[]).map(item => wrapKeys(item, keys) as pulumi.Input<T>);
}
