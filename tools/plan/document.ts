// What a plan document records per resource beyond its inputs, so a saved plan can be replayed into the policy pack
// and diffed as the engine would: the outputs as the mocks returned them (secrets redacted), the property
// dependencies, and the resource options the engine stores and honours.
import type { PlanResource } from "./render";
import type { PlannedResource } from "./types";

/** Shown in a plan document (and anything printed) wherever a secret value would be: `secure:` config is never
 *  decrypted, secret Outputs never printed. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A value the engine would not know until deployment (an output of a resource not created yet). */
export const UNKNOWN_PLACEHOLDER = "[unknown]";

/** The resource name at the end of a URN (`urn:pulumi:stack::project::type::name` → `name`). */
export function urnName(urn: string): string {
    return urn.split("::").pop() ?? urn;
}

/** Resource options as a plan document records them (only those the program set). */
export interface PlanResourceOptions {
    readonly ignoreChanges?: readonly string[];
    readonly replaceOnChanges?: readonly string[];
    readonly retainOnDelete?: boolean;
    readonly deleteBeforeReplace?: boolean;
    /** The `import` option: the cloud ID to adopt. */
    readonly import?: string;
    readonly aliases?: readonly string[];
    /** The explicit provider reference (`<provider URN>::<ID>`). */
    readonly provider?: string;
    readonly additionalSecretOutputs?: readonly string[];
    readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
    /** The provider plugin version requested. */
    readonly version?: string;
}

/** The options of a planned resource, for its document entry. */
export function documentOptions(r: PlannedResource): PlanResourceOptions {
    return {
        ...(r.ignoreChanges?.length ? { ignoreChanges: r.ignoreChanges } : {}),
        ...(r.replaceOnChanges?.length ? { replaceOnChanges: r.replaceOnChanges } : {}),
        ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
        ...(r.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: r.deleteBeforeReplace } : {}),
        ...(r.importId ? { import: r.importId } : {}),
        ...(r.aliases?.length ? { aliases: r.aliases } : {}),
        ...(r.provider ? { provider: r.provider } : {}),
        ...(r.additionalSecretOutputs?.length ? { additionalSecretOutputs: r.additionalSecretOutputs } : {}),
        ...(r.customTimeouts ? { customTimeouts: r.customTimeouts } : {}),
        ...(r.version ? { version: r.version } : {}),
    };
}

/** The replay fields of a planned resource's document entry. */
export function documentExtras(r: PlannedResource): Pick<PlanResource, "custom" | "outputs" | "propertyDependencies" | "options"> {
    return { custom: r.custom, outputs: r.outputs, propertyDependencies: r.propertyDependencies, options: documentOptions(r) };
}

/**
 * A saved plan's resources as the policy runner takes them (replay). Secret values are "[secret]" in a document, so
 * the pack sees the placeholder where the live run saw the value; everything else (outputs, graph, options) is exact.
 * Older documents without outputs replay their inputs as outputs.
 */
export function plannedFromDocument(resources: readonly PlanResource[]): PlannedResource[] {
    return resources.map((r) => {
        const o = r.options ?? {};
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            custom: r.custom ?? r.type !== "pulumi:pulumi:Stack",
            ...(r.parent !== undefined ? { parent: r.parent } : {}),
            inputs: r.inputs,
            outputs: r.outputs ?? r.inputs,
            dependencies: r.dependencies,
            propertyDependencies: r.propertyDependencies ?? {},
            protect: r.protect,
            ...(o.ignoreChanges ? { ignoreChanges: o.ignoreChanges } : {}),
            ...(o.replaceOnChanges ? { replaceOnChanges: o.replaceOnChanges } : {}),
            ...(o.retainOnDelete ? { retainOnDelete: true } : {}),
            ...(o.deleteBeforeReplace !== undefined ? { deleteBeforeReplace: o.deleteBeforeReplace } : {}),
            ...(o.import ? { importId: o.import } : {}),
            ...(o.aliases ? { aliases: o.aliases } : {}),
            ...(o.provider ? { provider: o.provider } : {}),
            ...(o.additionalSecretOutputs ? { additionalSecretOutputs: o.additionalSecretOutputs } : {}),
            ...(o.customTimeouts ? { customTimeouts: o.customTimeouts } : {}),
            ...(o.version ? { version: o.version } : {}),
        };
    });
}
