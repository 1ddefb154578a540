import { createHash } from "crypto";

/**
 * Event Grid accepts at most 25 values across all advanced filters of one event subscription ("25 advanced
 * filters and 25 filter values across all the advanced filters per Event Grid subscription",
 * https://learn.microsoft.com/azure/event-grid/event-filtering#limitations). One `StringIn` filter on `subject`
 * therefore covers at most 25 rotated secrets: more need several subscriptions.
 */
export const MAX_FILTER_VALUES = 25;

/** One event subscription's share of the secret names. */
export interface SubjectBucket {
    /**
     * Stable id of the bucket: the binary prefix of the names' SHA-256 it holds ("" = every name). Used in the
     * subscription's name, so a bucket keeps its subscription while other buckets change.
     */
    readonly id: string;
    /** The secret names (sorted). */
    readonly names: readonly string[];
}

function hashBits(name: string): string {
    return [...createHash("sha256").update(name.toLowerCase()).digest()].map((b) => b.toString(2).padStart(8, "0")).join("");
}

/**
 * Splits secret names into buckets of at most `max` names, stably: extendible hashing on the SHA-256 of each
 * (lower-cased) name. Everything starts in one bucket (id ""); a bucket over `max` splits in two by the next bit
 * ("" -> "0", "1"; "0" -> "00", "01"; ...). So
 *
 * - the result depends only on the SET of names, not their order (deterministic);
 * - adding a name changes only the bucket it hashes into (which may split in two); every other bucket, and so its
 *   subscription, stays exactly as it was (stable); removing names never reshuffles either (buckets only merge
 *   back when their parent would fit again, which again touches only that parent's two halves).
 *
 * Pure; throws on duplicate names (ignoring case, as Key Vault does).
 */
export function subjectBuckets(names: readonly string[], max: number = MAX_FILTER_VALUES): SubjectBucket[] {
    if (!Number.isInteger(max) || max < 1) {
        throw new Error(`subjectBuckets: max must be a positive integer, got ${max}`);
    }
    const seen = new Set<string>();
    for (const n of names) {
        if (seen.has(n.toLowerCase())) {
            throw new Error(`subjectBuckets: secret name "${n}" is listed twice (names are case-insensitive)`);
        }
        seen.add(n.toLowerCase());
    }
    const hashed = names.map((name) => ({ name, bits: hashBits(name) }));
    const out: SubjectBucket[] = [];
    const split = (prefix: string, members: typeof hashed): void => {
        // 256 bits distinguish any two names; a bucket this deep holds one name.
        if (members.length <= max || prefix.length >= 256) {
            out.push({ id: prefix, names: members.map((m) => m.name).sort() });
            return;
        }
        const next = prefix.length;
        split(`${prefix}0`, members.filter((m) => m.bits[next] === "0"));
        split(`${prefix}1`, members.filter((m) => m.bits[next] === "1"));
    };
    split("", hashed);
    // Empty halves need no subscription (unless there is no name at all: one bucket, every secret).
    const nonEmpty = out.filter((b) => b.names.length > 0);
    return nonEmpty.length > 0 ? nonEmpty : [{ id: "", names: [] }];
}

/** The event subscription's name for a bucket: `secret-rotation` for the single bucket, `secret-rotation-h<id>` otherwise (≤ 64 characters). */
export function bucketSubscriptionName(base: string, bucket: SubjectBucket): string {
    return bucket.id === "" ? base : `${base}-h${bucket.id}`;
}
