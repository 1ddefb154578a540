import { createHash } from "crypto";

/** A GUID, any case, with hyphens: what Azure uses for object, tenant and subscription IDs. */
export const GUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Whether two Azure IDs name the same thing: Azure compares resource and object IDs case-insensitively. */
export const sameId = (a: unknown, b: unknown): boolean => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * A name-based (version 5 style, SHA-1) GUID of the given parts: the same parts always give the same GUID,
 * like Bicep's `guid(scope, principalId, roleId)`. Parts are lower-cased, since Azure IDs compare
 * case-insensitively.
 */
export function deterministicGuid(...parts: readonly string[]): string {
    const hash = createHash("sha1").update(parts.map((p) => p.toLowerCase()).join("|")).digest();
    const bytes = Buffer.from(hash.subarray(0, 16));
    bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
