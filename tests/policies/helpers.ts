// Test helpers: build the ResourceValidationArgs / StackValidationArgs that @pulumi/policy's analyzer server builds
// (props behind its real unknown-checking proxy), run one policy, and collect what it reports; build PlannedResource
// lists for the in-process runner; put unknowns anywhere in a fixture.
import type {
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as policySdk from "@pulumi/policy";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "../../tools/plan/document";
import type { PlannedResource } from "../../tools/plan/types";
import { linkResourceGraph } from "../../tools/policy-runner/runPolicies";

export const PROJECT = "keyvault-devops";
/** The engine's wire sentinel for an unknown value (the one the analyzer receives for every unknown). */
export const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The offline plan's placeholder for an unknown value. */
export const PLAN_UNKNOWN = UNKNOWN_PLACEHOLDER;
/** The offline plan's placeholder for a secret value. */
export const PLAN_SECRET = SECRET_PLACEHOLDER;

type ProxyFn = <T extends object>(props: T) => T;
/** @pulumi/policy's own proxy (exported at runtime, untyped): reading an unknown property throws UnknownValueError. */
export const unknownCheckingProxy: ProxyFn = (policySdk as unknown as { unknownCheckingProxy: ProxyFn })
    .unknownCheckingProxy;

export type Props = Record<string, unknown>;

/** A resource in a test: its props are the inputs (resource validation) or the outputs (stack validation). */
export interface TestResource {
    readonly type: string;
    readonly name: string;
    readonly props: Props;
    readonly stack?: string;
    readonly protect?: boolean;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export function urnOf(type: string, name: string, stack = "staging"): string {
    return `urn:pulumi:${stack}::${PROJECT}::${type}::${name}`;
}

export function urnOfResource(r: TestResource): string {
    return urnOf(r.type, r.name, r.stack);
}

export interface Violation {
    readonly message: string;
    readonly urn?: string;
}

class NotApplicable extends Error {}

function options(r: TestResource): PolicyResourceOptions {
    return {
        protect: r.protect ?? false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parent !== undefined ? { parent: r.parent } : {}),
    };
}

/** ResourceValidationArgs as the analyzer builds them (props proxied; getConfig returns `config` as given). */
export function resourceArgs(r: TestResource, config: object = {}): ResourceValidationArgs {
    const props = unknownCheckingProxy(structuredClone(r.props));
    return {
        type: r.type,
        props,
        urn: urnOfResource(r),
        name: r.name,
        opts: options(r),
        stackTags: new Map<string, string>(),
        isType: (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === r.type,
        asType: ((cls: unknown) =>
            (cls as { __pulumiType?: string }).__pulumiType === r.type ? props : undefined) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => structuredClone(config) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** StackValidationArgs as the analyzer builds them, with the resource graph linked up. */
export function stackArgs(resources: readonly TestResource[], config: object = {}): StackValidationArgs {
    const built = new Map<string, PolicyResource>();
    for (const r of resources) {
        const props = unknownCheckingProxy(structuredClone(r.props));
        built.set(urnOfResource(r), {
            type: r.type,
            props,
            urn: urnOfResource(r),
            name: r.name,
            opts: options(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls: unknown) => (cls as { __pulumiType?: string }).__pulumiType === r.type,
            asType: ((cls: unknown) =>
                (cls as { __pulumiType?: string }).__pulumiType === r.type ? props : undefined) as PolicyResource["asType"],
        });
    }
    linkResourceGraph(
        built,
        resources.map((r) => ({ urn: urnOfResource(r), parent: r.parent, dependencies: r.dependencies, propertyDependencies: r.propertyDependencies })),
    );
    return {
        resources: [...built.values()],
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>() => structuredClone(config) as T,
        notApplicable: (reason?: string): never => {
            throw new NotApplicable(reason);
        },
    };
}

/** Runs a resource policy's validations on one resource; returns the messages. Any throw fails the test. */
export async function checkResource(
    policy: ResourceValidationPolicy,
    resource: TestResource,
    config: object = {},
): Promise<string[]> {
    const messages: string[] = [];
    const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
    for (const validation of validations) {
        if (validation === undefined) {
            continue;
        }
        try {
            await validation(resourceArgs(resource, config), (message) => messages.push(message));
        } catch (err) {
            if (!(err instanceof NotApplicable)) {
                throw err;
            }
        }
    }
    return messages;
}

/** Runs a stack policy; returns what it reported, with URNs. Any throw fails the test. */
export async function checkStack(
    policy: StackValidationPolicy,
    resources: readonly TestResource[],
    config: object = {},
): Promise<Violation[]> {
    const violations: Violation[] = [];
    try {
        await policy.validateStack(stackArgs(resources, config), (message, urn) =>
            violations.push(urn === undefined ? { message } : { message, urn }),
        );
    } catch (err) {
        if (!(err instanceof NotApplicable)) {
            throw err;
        }
    }
    return violations;
}

export async function stackMessages(
    policy: StackValidationPolicy,
    resources: readonly TestResource[],
    config: object = {},
): Promise<string[]> {
    return (await checkStack(policy, resources, config)).map((v) => v.message);
}

/** PlannedResource records for the runner, as the offline plan records them (inputs = outputs = props). */
export function planned(resources: readonly TestResource[], stack = "staging"): PlannedResource[] {
    const root: PlannedResource = {
        urn: urnOf("pulumi:pulumi:Stack", `${PROJECT}-${stack}`, stack),
        type: "pulumi:pulumi:Stack",
        name: `${PROJECT}-${stack}`,
        custom: false,
        inputs: {},
        outputs: {},
        dependencies: [],
        propertyDependencies: {},
        protect: false,
    };
    return [
        root,
        ...resources.map(
            (r): PlannedResource => ({
                urn: urnOfResource(r),
                type: r.type,
                name: r.name,
                custom: true,
                parent: r.parent ?? root.urn,
                inputs: structuredClone(r.props),
                outputs: structuredClone(r.props),
                dependencies: [...(r.dependencies ?? [])],
                propertyDependencies: Object.fromEntries(
                    Object.entries(r.propertyDependencies ?? {}).map(([k, v]) => [k, [...v]]),
                ),
                protect: r.protect ?? false,
            }),
        ),
    ];
}

// ---------------------------------------------------------------------------------------------------------------
// Editing fixtures

export type Path = ReadonlyArray<string | number>;
/** Pass as the value to `setPath` to delete the property. */
export const DELETE = Symbol("delete");

/** A deep copy of `value` with `path` set to `replacement` (or deleted with `DELETE`). */
export function setPath<T>(value: T, path: Path, replacement: unknown): T {
    if (path.length === 0) {
        return replacement as T;
    }
    const copy = structuredClone(value) as unknown;
    let current = copy as Record<string | number, unknown>;
    for (const key of path.slice(0, -1)) {
        const next = current[key];
        if (typeof next !== "object" || next === null) {
            current[key] = {};
        }
        current = current[key] as Record<string | number, unknown>;
    }
    const last = path[path.length - 1] as string | number;
    if (replacement === DELETE) {
        if (Array.isArray(current) && typeof last === "number") {
            current.splice(last, 1);
        } else {
            delete current[last];
        }
    } else {
        current[last] = replacement;
    }
    return copy as T;
}

/** A resource with `path` of its props set (or deleted). */
export function withProp(r: TestResource, path: Path, replacement: unknown): TestResource {
    return { ...r, props: setPath(r.props, path, replacement) };
}

/** Every property path inside `value` (objects and arrays, inner nodes and leaves), excluding the root. */
export function allPaths(value: unknown, prefix: Path = []): Path[] {
    const paths: Path[] = [];
    if (Array.isArray(value)) {
        value.forEach((item, i) => {
            const p = [...prefix, i];
            paths.push(p, ...allPaths(item, p));
        });
    } else if (typeof value === "object" && value !== null) {
        for (const [key, item] of Object.entries(value)) {
            const p = [...prefix, key];
            paths.push(p, ...allPaths(item, p));
        }
    }
    return paths;
}

export function pathText(path: Path): string {
    return path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
}
