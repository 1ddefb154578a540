// Helpers shared by the policies: unknown-value handling, typed readers, resource labels, message formatting and
// cross-resource references for stack policies.
//
// How @pulumi/policy presents unknowns (v1.21, server.js + proxy.js): during `pulumi preview` the engine marshals
// every computed value as the string sentinel "04da6b54-80e4-46f7-96ec-b56ff0331ba9" (there are seven sentinels,
// one per kind). The analyzer deserialises the properties and wraps them in `unknownCheckingProxy`, whose `get`
// trap throws `UnknownValueError` as soon as a property whose value is a sentinel is READ (`props.a.b` throws when
// `b` is unknown; when `a` itself is unknown, reading `props.a` throws). Only the `get` trap is intercepted:
// `Object.keys` and `Object.getOwnPropertyDescriptor` reach the target untouched, and a descriptor's `value` is the
// raw (un-proxied) value. The server turns an escaping `UnknownValueError` into an advisory "can't run policy
// during preview" diagnostic — noise at best. Both resource validation (inputs) and stack validation (outputs) are
// proxied this way.
//
// So the policies never read through the proxy: `toPlain` copies the props through property descriptors, and
// replaces every sentinel — and the offline plan's "[unknown]" placeholder — with the `UNKNOWN` symbol. Readers
// below propagate `UNKNOWN`, and every check skips (reports nothing) when a value it needs is unknown.
import type {
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    StackValidation,
    StackValidationArgs,
} from "@pulumi/policy";
import * as policySdk from "@pulumi/policy";

// ---------------------------------------------------------------------------------------------------------------
// Type tokens

/** The type tokens the policies look at (azure-native v3, the Azure DevOps provider). */
export const Types = {
    Vault: "azure-native:keyvault:Vault",
    Secret: "azure-native:keyvault:Secret",
    Key: "azure-native:keyvault:Key",
    RoleAssignment: "azure-native:authorization:RoleAssignment",
    ManagementLockByScope: "azure-native:authorization:ManagementLockByScope",
    ManagementLockAtResourceLevel: "azure-native:authorization:ManagementLockAtResourceLevel",
    DiagnosticSetting: "azure-native:monitor:DiagnosticSetting",
    SystemTopic: "azure-native:eventgrid:SystemTopic",
    SystemTopicEventSubscription: "azure-native:eventgrid:SystemTopicEventSubscription",
    UserAssignedIdentity: "azure-native:managedidentity:UserAssignedIdentity",
    VariableGroup: "azuredevops:index/variableGroup:VariableGroup",
    PipelineAuthorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    ServiceEndpointAzureRM: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
    /** The classic provider's Key Vault certificate (a data-plane object; azure-native has none). */
    Certificate: "azure:keyvault/certificate:Certificate",
} as const;

/** Older azure-native majors spell some modules differently. */
const MODULE_ALIASES: Readonly<Record<string, string>> = { "azure-native:insights": "azure-native:monitor" };

/**
 * Whether a resource's type token is `token`, also accepting azure-native's explicit API-version modules
 * (`azure-native:keyvault/v20230701:Vault`, azure-native v1/v2) and the v2 `insights` module for `monitor`.
 */
export function isType(actual: string, token: string): boolean {
    if (actual === token) {
        return true;
    }
    const m = /^(azure-native:[A-Za-z0-9]+)(?:\/v[0-9]{8}(?:preview)?)?:([A-Za-z0-9]+)$/.exec(actual);
    if (!m) {
        return false;
    }
    const module = MODULE_ALIASES[m[1] ?? ""] ?? m[1];
    return `${module}:${m[2]}` === token;
}

// ---------------------------------------------------------------------------------------------------------------
// Unknown values

/** The marker `toPlain` puts where a value is unknown. */
export const UNKNOWN: unique symbol = Symbol("unknown");
export type Unknown = typeof UNKNOWN;
/** A value that may be unknown (during preview) or absent. */
export type Maybe<T> = T | Unknown | undefined;

/** The sentinels of @pulumi/policy's proxy.ts (the engine's wire format), plus the offline plan's placeholder. */
const UNKNOWN_STRINGS: ReadonlySet<string> = new Set([
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (the engine uses this one for every unknown)
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
    "[unknown]", // the offline plan
]);

/** The offline plan's placeholder for a secret value: known to be set, value hidden. */
export const SECRET_PLACEHOLDER = "[secret]";

export function isUnknown(value: unknown): boolean {
    return value === UNKNOWN || (typeof value === "string" && UNKNOWN_STRINGS.has(value));
}

/**
 * True for a value whose content cannot be inspected: unknown, or the "[secret]" placeholder of a saved offline plan
 * replayed into the pack (a live plan hands policies the plaintext, as the engine does). "[secret]" still counts as
 * *set* for presence checks; the typed readers below return `UNKNOWN` for it, so a redacted value never fails a check
 * on its content or shape.
 */
export function isOpaque(value: unknown): boolean {
    return isUnknown(value) || value === SECRET_PLACEHOLDER;
}

const UnknownValueErrorClass = (policySdk as unknown as { UnknownValueError?: abstract new (...args: never[]) => Error })
    .UnknownValueError;

/** True for the error @pulumi/policy's proxy throws when an unknown property is read. */
export function isUnknownValueError(err: unknown): boolean {
    if (UnknownValueErrorClass && err instanceof UnknownValueErrorClass) {
        return true;
    }
    return err instanceof Error && err.constructor.name === "UnknownValueError";
}

/** Reads an own property without triggering a proxy's `get` trap. */
function rawProperty(obj: object, key: string): unknown {
    return Object.getOwnPropertyDescriptor(obj, key)?.value;
}

/**
 * A deep, plain copy of resource properties: escapes @pulumi/policy's unknown-checking proxy (see the header),
 * and replaces unknown sentinels and "[unknown]" with `UNKNOWN`. Arrays stay arrays, plain objects become plain
 * objects; anything else (assets, class instances) is returned as it is.
 */
export function toPlain(value: unknown, depth = 0): unknown {
    if (isUnknown(value)) {
        return UNKNOWN;
    }
    if (value === null || typeof value !== "object" || depth > 64) {
        return value;
    }
    if (Array.isArray(value)) {
        const length = rawProperty(value, "length");
        const out: unknown[] = [];
        for (let i = 0; i < (typeof length === "number" ? length : 0); i++) {
            out.push(toPlain(rawProperty(value, String(i)), depth + 1));
        }
        return out;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
        return value;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
        const v = rawProperty(value, key);
        if (v !== undefined) {
            out[key] = toPlain(v, depth + 1);
        }
    }
    return out;
}

/** Runs `fn`; an `UnknownValueError` escaping it (a value read through the proxy) ends the check silently. */
export function skipOnUnknown(fn: () => void): void {
    try {
        fn();
    } catch (err) {
        if (!isUnknownValueError(err)) {
            throw err;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------
// Typed readers over plain values. Each returns the value when it has the type, `UNKNOWN` when unknown, and
// `undefined` when absent or of another type.

export type Obj = { readonly [key: string]: unknown };

export function isObj(value: unknown): value is Obj {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows `path` into objects and arrays; `UNKNOWN` as soon as a step is unknown, `undefined` when missing. */
export function field(value: unknown, ...path: ReadonlyArray<string | number>): unknown {
    let current = value;
    for (const key of path) {
        if (isOpaque(current)) {
            return UNKNOWN;
        }
        if (Array.isArray(current) && typeof key === "number") {
            current = current[key];
        } else if (isObj(current) && typeof key === "string") {
            current = current[key];
        } else {
            return undefined;
        }
    }
    return isUnknown(current) ? UNKNOWN : current;
}

export function str(value: unknown): Maybe<string> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return typeof value === "string" ? value : undefined;
}

export function bool(value: unknown): Maybe<boolean> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    if (typeof value === "boolean") {
        return value;
    }
    if (value === "true" || value === "false") {
        return value === "true";
    }
    return undefined;
}

export function num(value: unknown): Maybe<number> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    if (typeof value === "number" && Number.isFinite(value)) {
        return value;
    }
    if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
        return Number(value);
    }
    return undefined;
}

export function arr(value: unknown): Maybe<readonly unknown[]> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return Array.isArray(value) ? value : undefined;
}

export function obj(value: unknown): Maybe<Obj> {
    if (isOpaque(value)) {
        return UNKNOWN;
    }
    return isObj(value) ? value : undefined;
}

/** A point in time as unix seconds: a number, a numeric string, or an ISO 8601 date string. */
export function epochSeconds(value: unknown): Maybe<number> {
    const n = num(value);
    if (n !== undefined) {
        return n;
    }
    if (typeof value === "string") {
        const ms = Date.parse(value);
        return Number.isNaN(ms) ? undefined : ms / 1000;
    }
    return undefined;
}

/** A tag value by key, case-insensitively (Azure tag names are case-insensitive). */
export function tag(props: Obj, key: string): Maybe<string> {
    const tags = obj(props["tags"]);
    if (tags === UNKNOWN) {
        return UNKNOWN;
    }
    if (tags === undefined) {
        return undefined;
    }
    if (key in tags) {
        return str(tags[key]);
    }
    const wanted = key.toLowerCase();
    const found = Object.keys(tags).find((k) => k.toLowerCase() === wanted);
    return found === undefined ? undefined : str(tags[found]);
}

// ---------------------------------------------------------------------------------------------------------------
// Names and messages

/** The logical name of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`). */
export function urnName(urn: string): string {
    const i = urn.lastIndexOf("::");
    return i < 0 ? urn : urn.slice(i + 2);
}

/** The stack name of a URN, or undefined for something that is not a Pulumi URN. */
export function urnStack(urn: string): string | undefined {
    const m = /^urn:pulumi:([^:]+)::/.exec(urn);
    return m?.[1];
}

/** The project name of a URN. */
export function urnProject(urn: string): string | undefined {
    const m = /^urn:pulumi:[^:]+::([^:]+)::/.exec(urn);
    return m?.[1];
}

/** The cloud name when it is a known non-empty string, else the Pulumi logical name. */
export function displayName(cloudName: unknown, logicalName: string): string {
    return typeof cloudName === "string" && cloudName !== "" && !isOpaque(cloudName) ? cloudName : logicalName;
}

/** Renders a found value for a message: `not set` when absent. */
export function show(value: unknown): string {
    if (value === undefined) {
        return "not set";
    }
    if (value === UNKNOWN) {
        return "unknown";
    }
    if (typeof value === "string") {
        return value === "" ? '""' : value;
    }
    if (Array.isArray(value)) {
        return value.length === 0 ? "none" : value.map(show).join(", ");
    }
    if (typeof value === "object" && value !== null) {
        return JSON.stringify(value);
    }
    return String(value);
}

/** "<subject> must <requirement> (found: <found>)". */
export function mustMessage(subject: string, requirement: string, found: unknown): string {
    return `${subject} must ${requirement} (found: ${typeof found === "string" && found !== "" ? found : show(found)})`;
}

/** Case-insensitive equality of a possibly absent or unknown value with a string. */
export function equalsIgnoreCase(a: unknown, b: string): boolean {
    return typeof a === "string" && !isOpaque(a) && a.toLowerCase() === b.toLowerCase();
}

/** Equality of Azure resource IDs and names: case-insensitive, ignoring a trailing slash. */
export function sameAzureId(a: string, b: string): boolean {
    return normaliseId(a) === normaliseId(b);
}

export function normaliseId(id: string): string {
    return id.trim().replace(/\/+$/, "").toLowerCase();
}

/** True when `child` is an Azure resource ID below `parent` (e.g. a diagnostic setting's ID below its vault's). */
export function isAzureIdBelow(child: string, parent: string): boolean {
    const c = normaliseId(child);
    const p = normaliseId(parent);
    return p !== "" && c.startsWith(`${p}/`);
}

export function formatDays(days: number): string {
    const rounded = Math.round(days * 10) / 10;
    return `${rounded} day${rounded === 1 ? "" : "s"}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/**
 * The policy's configuration with the `configSchema` defaults applied. The Pulumi CLI applies defaults before it
 * sends configuration to the pack, but nothing does in-process (and `getConfig()` returns `{}` without config), so
 * every policy reads its options through this.
 */
export function policyConfig<T extends object>(schema: PolicyConfigSchema | undefined, getConfig: () => object): T {
    return applyConfigDefaults(schema, getConfig()) as T;
}

/** `config` plus a copy of each `configSchema` property default that `config` does not set. */
export function applyConfigDefaults(
    schema: PolicyConfigSchema | undefined,
    config: object,
): Record<string, unknown> {
    const result: Record<string, unknown> = { ...(config as Record<string, unknown>) };
    for (const [key, property] of Object.entries(schema?.properties ?? {})) {
        if (result[key] === undefined && property.default !== undefined) {
            result[key] = structuredClone(property.default);
        }
    }
    return result;
}

// ---------------------------------------------------------------------------------------------------------------
// Resource validation

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

// ---------------------------------------------------------------------------------------------------------------
// Stack validation

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
