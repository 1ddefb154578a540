// Resource validation over plain values: the type filter and context every resource policy uses.
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { isType } from "./types";
import { skipOnUnknown, toPlain } from "./unknowns";
import { isObj, Obj } from "./readers";

export interface ResourceContext {
    readonly args: ResourceValidationArgs;
    /** The inputs as plain data, unknowns as `UNKNOWN`. */
    readonly props: Obj;
    /** The Pulumi logical name. */
    readonly name: string;
}

/**
 * A resource validation for the given type tokens, on plain props, immune to unknowns. Resources of other types are
 * ignored (the engine sends every resource to every resource policy).
 */
export function validateResourceTypes(
    types: string | readonly string[],
    check: (resource: ResourceContext, report: (message: string) => void) => void,
): ResourceValidation {
    const accepted: readonly string[] = typeof types === "string" ? [types] : types;
    return (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
        if (!accepted.some((token) => isType(args.type, token))) {
            return;
        }
        skipOnUnknown(() => {
            const plain = toPlain(args.props);
            const props = isObj(plain) ? plain : {};
            check({ args, props, name: args.name }, (message) => reportViolation(message));
        });
    };
}
