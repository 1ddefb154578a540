import * as pulumi from "@pulumi/pulumi";
import { sharedPatch } from "./sharedPatch";

/*
 * Evaluation formats thousands of stack traces nobody reads: Pulumi's debuggable promises (`new Error().stack` per
 * Output, cut by `Error.stackTraceLimit = 0`) and each resource's source position, which `Resource.callsites()`
 * takes from a full `new Error().stack` after setting `Error.stackTraceLimit = Infinity` itself
 * (node_modules/@pulumi/pulumi/resource.js, `static callsites()`), so the limit does not reach it. The plan records
 * no source position (the mock monitor ignores it, and `pulumi preview` shows none), so during evaluation
 * `callsites` returns no frames: `Resource.stackTrace` then gives `[]` and the request carries no position. The
 * printed plan is byte-for-byte the same (tests/plan/planOutputs.test.ts). With 513 resources the source positions
 * alone were ≈ 125 ms of CPU (`node --cpu-prof`, issue 9). PLAN_STACK_TRACES=1 keeps both, to debug a program.
 */

type ResourceStatics = { callsites?: () => unknown[] };

const hold = sharedPatch(() => {
    const statics = pulumi.Resource as unknown as ResourceStatics;
    const limit = Error.stackTraceLimit;
    const own = Object.prototype.hasOwnProperty.call(statics, "callsites") ? statics.callsites : undefined;
    const callsites = typeof own === "function" ? own : undefined;
    Error.stackTraceLimit = 0;
    if (callsites !== undefined) {
        statics.callsites = () => [];
    }
    return () => {
        Error.stackTraceLimit = limit;
        if (callsites !== undefined) {
            statics.callsites = callsites;
        }
    };
});

/** Turns the unread stack traces off until the returned function is called (once; the last one open restores). */
export function withoutStackTraces(env: Readonly<Record<string, string | undefined>> = process.env): () => void {
    return env.PLAN_STACK_TRACES === "1" ? () => undefined : hold();
}
