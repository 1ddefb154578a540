// The resource options of a RegisterResource request (@pulumi/pulumi proto/resource_pb.js), as the plan records
// them for replay: what the engine would store and pass to analyzers (pulumi/pulumi
// pkg/resource/plugin/analyzer_plugin.go `marshalResourceOptions`) and what `pulumi preview --diff` honours.
import type { PlannedResource } from "./types";

interface AliasSpec {
    getName(): string;
    getType(): string;
    getStack(): string;
    getProject(): string;
    getParenturn(): string;
    getNoparent(): boolean;
}
interface AliasProto {
    getUrn(): string;
    getSpec(): AliasSpec | undefined;
}
interface Timeouts {
    getCreate(): string;
    getUpdate(): string;
    getDelete(): string;
}
/** The getters this module reads (generated protobuf class). */
export interface RegisterOptionsRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getReplaceonchangesList(): string[];
    getRetainondelete(): boolean | undefined;
    getDeletebeforereplace(): boolean;
    getDeletebeforereplacedefined(): boolean;
    getImportid(): string;
    getAliasesList(): AliasProto[];
    getAliasurnsList(): string[];
    getAdditionalsecretoutputsList(): string[];
    getCustomtimeouts(): Timeouts | undefined;
}

type Options = Pick<
    PlannedResource,
    "replaceOnChanges" | "retainOnDelete" | "deleteBeforeReplace" | "importId" | "aliases" | "additionalSecretOutputs" | "customTimeouts"
>;

/** The type part of a URN as a parent contributes it (`a$b`), empty for the root stack (the engine leaves it out). */
function parentTypeChain(parentUrn: string): string {
    const type = parentUrn.split("::")[2] ?? "";
    return type === "pulumi:pulumi:Stack" ? "" : type;
}

/** An alias spec as the engine resolves it to a URN: unset parts default to the resource's own. */
function aliasUrn(spec: AliasSpec, req: RegisterOptionsRequest, ownUrn: string): string {
    const [, stackPart = "", project = ""] = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(ownUrn) ?? [];
    const stack = spec.getStack() || stackPart;
    const parent = spec.getNoparent() ? "" : spec.getParenturn() || req.getParent();
    const chain = parent ? parentTypeChain(parent) : "";
    const type = spec.getType() || req.getType();
    return `urn:pulumi:${stack}::${spec.getProject() || project}::${chain ? `${chain}$` : ""}${type}::${spec.getName() || req.getName()}`;
}

/** The options worth recording (only those the program set). */
export function registrationOptions(req: RegisterOptionsRequest, ownUrn: string): Options {
    const replaceOnChanges = req.getReplaceonchangesList();
    const aliases = [
        ...req.getAliasurnsList(),
        ...req.getAliasesList().map((a) => {
            const spec = a.getSpec();
            return a.getUrn() || (spec ? aliasUrn(spec, req, ownUrn) : "");
        }),
    ].filter((u) => u !== "");
    const additionalSecretOutputs = req.getAdditionalsecretoutputsList();
    const t = req.getCustomtimeouts();
    const customTimeouts = t
        ? {
              ...(t.getCreate() ? { create: t.getCreate() } : {}),
              ...(t.getUpdate() ? { update: t.getUpdate() } : {}),
              ...(t.getDelete() ? { delete: t.getDelete() } : {}),
          }
        : {};
    return {
        ...(replaceOnChanges.length ? { replaceOnChanges } : {}),
        ...(req.getRetainondelete() === true ? { retainOnDelete: true } : {}),
        ...(req.getDeletebeforereplacedefined() ? { deleteBeforeReplace: req.getDeletebeforereplace() } : {}),
        ...(req.getImportid() ? { importId: req.getImportid() } : {}),
        ...(aliases.length ? { aliases } : {}),
        ...(additionalSecretOutputs.length ? { additionalSecretOutputs } : {}),
        ...(Object.keys(customTimeouts).length ? { customTimeouts } : {}),
    };
}
