// The values a program really produced, kept beside the plan's sanitized records, in memory only.
//
// The plan records each resource with secrets as "[secret]" (what may be printed or written). Policies must see what
// the engine hands the analyzer: the plaintext (@pulumi/policy deserialize.js unwraps secret values). So the
// evaluation also keeps each resource's inputs and outputs in the SDK's wire format (secrets as signature objects,
// unknowns as the sentinel string, resource references as objects), in a WeakMap keyed by the record: nothing that
// serializes, spreads or clones a PlannedResource (JSON.stringify, `--json`, `--out`, structuredClone) can reach them.
import type { PlannedResource } from "./types";

/** Wire-format values (see the header). Never print or write these. */
export interface RawValues {
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, unknown>>;
}

const store = new WeakMap<PlannedResource, RawValues>();

/** Keeps `raw` for `resource` (in memory only). */
export function attachRawValues(resource: PlannedResource, raw: RawValues): void {
    store.set(resource, raw);
}

/** The raw values of a resource recorded by an evaluation; undefined for a record built otherwise (a saved plan, a test). */
export function rawValuesOf(resource: PlannedResource): RawValues | undefined {
    return store.get(resource);
}
