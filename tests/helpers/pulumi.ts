import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { installRecordingMocks, Recorder } from "../../tools/plan/evaluate";
import { PlannedResource } from "../../tools/plan/types";
import { withoutStackTraces as planWithoutStackTraces } from "../../tools/plan/stackTraces";

/** The repository root, from compiled tests (dist/tests/...) or sources run with ts-node (tests/...). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../.." : "../..");

/** Resolves an Output's value (tests only: never for a value that could be unknown). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply(resolve));
}

/** Whether an Output is secret. */
export function isSecret<T>(output: pulumi.Output<T>): Promise<boolean> {
    return pulumi.isSecret(output);
}

/** Sets config for the next program or component (keys without a namespace go to `keyvault-devops`). */
export function setConfig(config: Record<string, unknown>, secretKeys: string[] = []): void {
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config)) {
        const full = key.includes(":") ? key : `keyvault-devops:${key}`;
        flat[full] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(flat, secretKeys.map((k) => (k.includes(":") ? k : `keyvault-devops:${k}`)));
}

/** Mocks set before anything is constructed; call `recorder.reset()` in `beforeEach`. */
export async function recordingMocks(stack = "test"): Promise<Recorder> {
    return installRecordingMocks("keyvault-devops", stack);
}

/** The recorded resources of one type. */
export function ofType(recorder: Recorder, type: string): PlannedResource[] {
    return recorder.resources.filter((r) => r.type === type);
}

/** The one recorded resource with this logical name (fails the test when absent). */
export function named(recorder: Recorder, name: string): PlannedResource {
    const found = recorder.resources.find((r) => r.name === name);
    if (!found) {
        throw new Error(`no resource named ${name}; recorded: ${recorder.resources.map((r) => r.name).join(", ")}`);
    }
    return found;
}

/** A nested input by dotted path, e.g. `properties.networkAcls.defaultAction`. */
export function input(resource: PlannedResource, dotted: string): unknown {
    return dotted.split(".").reduce<unknown>((acc, key) => (acc !== null && typeof acc === "object" ? (acc as Record<string, unknown>)[key] : undefined), resource.inputs);
}

/**
 * Runs this project's compiled program in-process under the recording mocks with the given config. Returns the
 * error the program threw, if any.
 */
export async function runProgram(recorder: Recorder): Promise<unknown> {
    const entry = path.join(REPO_ROOT, "dist", "index.js");
    delete require.cache[entry];
    for (const key of Object.keys(require.cache)) {
        if (key.startsWith(path.join(REPO_ROOT, "dist")) && !key.includes(`${path.sep}tests${path.sep}`) && !key.includes(`${path.sep}plan${path.sep}`)) {
            delete require.cache[key];
        }
    }
    const restoreTraces = withoutStackTraces();
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            return require(entry) as Record<string, unknown>;
        });
        await recorder.settle();
        return undefined;
    } catch (err) {
        await recorder.settle();
        return err;
    } finally {
        restoreTraces();
    }
}

/**
 * The unread stack traces off until the returned function is called, exactly as the plan evaluates
 * (tools/plan/stackTraces.ts): Pulumi formats one for every Output and resource that no test reads; formatting them
 * was a third of an in-process program run's CPU (`--cpu-prof`). Messages are unchanged. PLAN_STACK_TRACES=1 keeps
 * them, to debug a test.
 */
export function withoutStackTraces(): () => void {
    return planWithoutStackTraces();
}

/** Freezes a value and everything it holds, so a test that shares it cannot change it for the others. */
export function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
    if (value !== null && typeof value === "object" && !seen.has(value)) {
        seen.add(value);
        for (const v of Object.values(value as Record<string, unknown>)) {
            deepFreeze(v, seen);
        }
        Object.freeze(value);
    }
    return value;
}

/**
 * What `recorder` holds now, as a read-only recorder: for tests that share one evaluation (run in `before`, not
 * `beforeEach`) and only read what it registered. Deep-frozen, so a test that mutated it (and could leak into the
 * next) throws instead; `reset` throws too (a test that needs fresh state runs its own evaluation).
 */
export function snapshot(recorder: Recorder): Recorder {
    const resources = deepFreeze(recorder.resources);
    const stackOutputs = deepFreeze(structuredClone(recorder.stackOutputs));
    const invokes = deepFreeze(structuredClone(recorder.invokes));
    return {
        resources,
        stackOutputs,
        invokes,
        reset(): void {
            throw new Error("a snapshot is read-only: evaluate again for fresh state");
        },
        settle: () => Promise.resolve(),
        restore(): void {
            // nothing to restore: a snapshot holds no mocks
        },
    };
}
