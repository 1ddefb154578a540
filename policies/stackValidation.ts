// Stack validation over plain values: the resources, and references between them.
import type { ReportViolation, StackValidation, StackValidationArgs } from "@pulumi/policy";
import { isType } from "./types";
import { isOpaque, skipOnUnknown, toPlain, UNKNOWN, Unknown } from "./unknowns";
import { isObj, Obj } from "./readers";
import { isAzureIdBelow, sameAzureId } from "./messages";

/** A stack resource as plain data. */
export interface StackResource {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /** The outputs as plain data, unknowns as `UNKNOWN`. */
    readonly props: Obj;
    readonly protect: boolean;
    readonly parent?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
}

export function stackResources(args: StackValidationArgs): StackResource[] {
    return args.resources.map((r) => {
        const plain = toPlain(r.props);
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
            propertyDependencies[key] = (deps ?? []).map((d) => d.urn);
        }
        return {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: isObj(plain) ? plain : {},
            protect: r.opts?.protect === true,
            parent: r.parent?.urn ?? r.opts?.parent,
            dependencies: (r.dependencies ?? []).map((d) => d.urn),
            propertyDependencies,
        };
    });
}

/** A stack validation on plain resources, immune to unknowns. */
export function validateStackPlain(
    check: (resources: readonly StackResource[], args: StackValidationArgs, report: ReportViolation) => void,
): StackValidation {
    return (args: StackValidationArgs, reportViolation: ReportViolation): void => {
        skipOnUnknown(() => check(stackResources(args), args, reportViolation));
    };
}

/** The stack resources of a type (see `isType`). */
export function ofType(resources: readonly StackResource[], token: string): StackResource[] {
    return resources.filter((r) => isType(r.type, token));
}

/** Whether a reference holds: yes, no, or cannot tell (unknown during preview). */
export type Match = true | false | Unknown;

/**
 * Whether property `prop` of `from` refers to `target`, identified by `targetKeys` (its ID, name, …):
 * 1. the property's dependencies include the target (how Pulumi records `resourceUri: vault.id`), or
 * 2. the property's value equals one of the keys (case-insensitive), or
 * 3. cannot tell: the value, or every key, is unknown and the dependencies do not rule the target out.
 */
export function refersTo(from: StackResource, prop: string, target: StackResource, targetKeys: readonly unknown[]): Match {
    const deps = from.propertyDependencies[prop];
    if (deps?.includes(target.urn)) {
        return true;
    }
    const value = from.props[prop];
    if (value === undefined) {
        return false;
    }
    const ruledOutByDeps = deps !== undefined && deps.length > 0;
    if (isOpaque(value)) {
        return ruledOutByDeps ? false : UNKNOWN;
    }
    if (typeof value !== "string") {
        return false;
    }
    const knownKeys = targetKeys.filter((k): k is string => typeof k === "string" && !isOpaque(k) && k !== "");
    if (knownKeys.some((k) => sameAzureId(value, k))) {
        return true;
    }
    if (knownKeys.length < targetKeys.length && !ruledOutByDeps) {
        return UNKNOWN;
    }
    return false;
}

/** Combines matches: true if any is true, else unknown if any is unknown, else false. */
export function anyMatch(matches: readonly Match[]): Match {
    if (matches.includes(true)) {
        return true;
    }
    return matches.includes(UNKNOWN) ? UNKNOWN : false;
}

/** True when `child`'s `id` output is an Azure ID below `parent`'s `id` (extension and child resources). */
export function idBelow(child: StackResource, parent: StackResource): Match {
    const c = child.props["id"];
    const p = parent.props["id"];
    if (typeof c === "string" && typeof p === "string" && !isOpaque(c) && !isOpaque(p)) {
        return isAzureIdBelow(c, p);
    }
    return false;
}
