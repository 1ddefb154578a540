// Resource labels, values shown in messages, the "X must Y (found: Z)" format, and Azure ID comparisons.
import { isOpaque, UNKNOWN } from "./unknowns";

/** The logical name of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnName(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

/** The stack name of a URN, or undefined for something that is not a Pulumi URN. */
export function urnStack(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m?.[1];
}

/** The project name of a URN. */
export function urnProject(urn: string): string | undefined {
    const m = /^urn:pulumi:[^:]+::([^:]+)::/.exec(urn);
    return m?.[1];
}

/** The cloud name when it is a known non-empty string, else the Pulumi logical name. */
export function displayName(cloudName: unknown, logicalName: string): string {
    return typeof cloudName === "string" && cloudName !== "" && !isOpaque(cloudName) ? cloudName : logicalName;
}

/** Renders a found value for a message: `not set` when absent. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "not set";
    }
    if (value === UNKNOWN) {
        return "unknown";
    }
    if (typeof value === "string") {
        return value === "" ? '""' : value;
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? "none" : value.map(show).join(", ");
    }
    if (typeof value === "object" && value !== null) {
        return JSON.stringify(value);
    }
    return String(value);
}

/** "<subject> must <requirement> (found: <found>)". */
export function mustMessage(subject: string, requirement: string, found: unknown): string {
    return `${subject} must ${requirement} (found: ${typeof found === "string" && found !== "" ? found : show(found)})`;
}

/** Case-insensitive equality of a possibly absent or unknown value with a string. */
export function equalsIgnoreCase(a: unknown, b: string): boolean {
    return typeof a === "string" && !isOpaque(a) && a.toLowerCase() === b.toLowerCase();
}

/** Equality of Azure resource IDs and names: case-insensitive, ignoring a trailing slash. */
export function sameAzureId(a: string, b: string): boolean {
    return normaliseId(a) === normaliseId(b);
}

export function normaliseId(id: string): string {
    return id.trim().replace(/\/+$/, "").toLowerCase();
}

/** True when `child` is an Azure resource ID below `parent` (e.g. a diagnostic setting's ID below its vault's). */
export function isAzureIdBelow(child: string, parent: string): boolean {
    const c = normaliseId(child);
    const p = normaliseId(parent);
    return p !== "" && c.startsWith(`${p}/`);
}

export function formatDays(days: number): string {
    const rounded = Math.round(days * 10) / 10;
    return `${rounded} day${rounded === 1 ? "" : "s"}`;
}
