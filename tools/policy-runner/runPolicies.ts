// Runs the keyvault-devops policy pack in-process over the resources the offline plan recorded, the way the Pulumi
// engine and @pulumi/policy's analyzer server would during `pulumi preview --policy-pack policies`:
//   1. resource validation, per resource in registration order, on its inputs;
//   2. stack validation on the outputs, with parents, dependencies and property dependencies.
// It never constructs the PolicyPack (that starts a gRPC server that never exits); it imports the policy list.
//
// What the engine/CLI does and this runner reproduces:
// - enforcement level: the policy's configured level, else `all`, else the policy's own, else the pack's, else
//   advisory; `disabled` skips the policy; `remediate` reports as mandatory (the pack has no remediations);
// - `getConfig()` returns the policy's options with its `configSchema` defaults applied (the CLI applies them);
// - config is validated against each policy's `configSchema` (unknown options rejected as well);
// - props are wrapped in @pulumi/policy's own unknown-checking proxy, with the plan's "[unknown]" turned back into
//   the engine's unknown sentinel, so a policy reading an unknown value fails exactly as it would in preview
//   (reported, like the analyzer does, as an advisory "can't run policy ... during preview" violation).
import * as fs from "fs";
import type {
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import * as policySdk from "@pulumi/policy";
// Through the workspace package (node_modules/keyvault-devops-policies → policies/), so that the require resolves
// both from the TypeScript sources (ts-node) and from the compiled dist/tools/policy-runner/ (a relative
// "../../policies/policyList" would point at dist/policies/, which does not exist).
import { allPolicies, KeyVaultDevOpsPolicy, packEnforcementLevel } from "keyvault-devops-policies/bin/policyList";
import { createSecretMaxValidityPolicy } from "keyvault-devops-policies/bin/secrets";
import { applyConfigDefaults } from "keyvault-devops-policies/bin/util";
import { EnforcementLevel, PlannedResource, PlanViolation } from "../plan/types";
import { validateJsonSchema } from "./jsonSchema";

/** One policy's entry in a `--policy-pack-config` file: a level, or options with an optional level. */
export type PolicyConfigEntry = EnforcementLevel | { enforcementLevel?: EnforcementLevel; [option: string]: unknown };

/** The `--policy-pack-config` file format: policy name (or "all") → level or options. */
export interface PolicyPackConfig {
    [policy: string]: PolicyConfigEntry;
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** The offline plan's placeholder for an unknown value, and the engine's wire sentinel for one. */
const PLAN_UNKNOWN = "[unknown]";
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/**
 * Reads and validates a `--policy-pack-config` JSON file. Throws an error naming the file on unreadable or invalid
 * JSON, unknown policy names, invalid levels, and options that fail the policy's `configSchema`.
 */
export function loadPolicyConfig(file: string): PolicyPackConfig {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`Cannot read policy pack config ${file}: ${errorMessage(err)}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`Invalid policy pack config ${file}: not valid JSON (${errorMessage(err)})`);
    }
    return validatePolicyConfig(parsed, file);
}

/**
 * Checks a parsed config against the pack (or `policies`) and returns it typed; throws an error naming `source`
 * and listing every problem.
 */
export function validatePolicyConfig(
    config: unknown,
    source = "policy pack config",
    policies: readonly KeyVaultDevOpsPolicy[] = allPolicies,
): PolicyPackConfig {
    const problems: string[] = [];
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
        problems.push(`must be a JSON object mapping policy names (or "all") to a level or options`);
    } else {
        const byName = new Map(policies.map((p) => [p.name, p]));
        for (const [name, entry] of Object.entries(config as Record<string, unknown>)) {
            const policy = byName.get(name);
            if (name !== "all" && policy === undefined) {
                problems.push(`unknown policy "${name}" (known: all, ${[...byName.keys()].join(", ")})`);
                continue;
            }
            problems.push(...entryProblems(name, entry, policy));
        }
    }
    if (problems.length > 0) {
        throw new Error(`Invalid policy pack config ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    return config as PolicyPackConfig;
}

function entryProblems(name: string, entry: unknown, policy: KeyVaultDevOpsPolicy | undefined): string[] {
    if (typeof entry === "string") {
        return isLevel(entry) ? [] : [`${name}: invalid enforcement level "${entry}" (expected ${LEVELS.join(", ")})`];
    }
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
        return [`${name}: must be an enforcement level or an object of options`];
    }
    const { enforcementLevel, ...options } = entry as Record<string, unknown>;
    const problems: string[] = [];
    if (enforcementLevel !== undefined && !isLevel(enforcementLevel)) {
        problems.push(`${name}.enforcementLevel: invalid enforcement level ${JSON.stringify(enforcementLevel)} (expected ${LEVELS.join(", ")})`);
    }
    const optionNames = Object.keys(options);
    if (policy === undefined) {
        // "all" takes only a level.
        problems.push(...optionNames.map((o) => `${name}.${o}: "all" takes only enforcementLevel`));
        return problems;
    }
    const schema = policy.configSchema;
    if (schema === undefined) {
        problems.push(...optionNames.map((o) => `${name}.${o}: the policy takes no options`));
        return problems;
    }
    const withDefaults = applyConfigDefaults(schema, options);
    const errors = validateJsonSchema(withDefaults, {
        type: "object",
        properties: schema.properties,
        required: schema.required,
        additionalProperties: false,
    });
    problems.push(...errors.map((e) => `${name}${e.slice(1)}`));
    return problems;
}

function isLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (LEVELS as readonly string[]).includes(value);
}

function configuredLevel(entry: PolicyConfigEntry | undefined): EnforcementLevel | undefined {
    if (entry === undefined) {
        return undefined;
    }
    return typeof entry === "string" ? entry : entry.enforcementLevel;
}

/** The level a policy runs at under `config`: its configured level, else `all`, else its own, else the pack's. */
export function resolveEnforcementLevel(policy: KeyVaultDevOpsPolicy, config: PolicyPackConfig = {}): EnforcementLevel {
    return (
        configuredLevel(ownEntry(config, policy.name)) ??
        configuredLevel(ownEntry(config, "all")) ??
        policy.enforcementLevel ??
        packEnforcementLevel ??
        "advisory"
    );
}

/** The options `getConfig()` returns: the policy's configured options with its `configSchema` defaults applied. */
export function policyOptions(policy: KeyVaultDevOpsPolicy, config: PolicyPackConfig = {}): Record<string, unknown> {
    const entry = ownEntry(config, policy.name);
    const options: Record<string, unknown> = {};
    if (entry !== undefined && typeof entry === "object") {
        for (const [key, value] of Object.entries(entry)) {
            if (key !== "enforcementLevel") {
                options[key] = structuredClone(value);
            }
        }
    }
    return applyConfigDefaults(policy.configSchema, options);
}

function ownEntry(config: PolicyPackConfig, name: string): PolicyConfigEntry | undefined {
    return Object.prototype.hasOwnProperty.call(config, name) ? config[name] : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Running

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

type ProxyFn = (props: Record<string, unknown>) => Record<string, unknown>;
const sdk = policySdk as unknown as {
    unknownCheckingProxy?: ProxyFn;
    UnknownValueError?: abstract new (...args: never[]) => Error;
};

function isUnknownValueError(err: unknown): boolean {
    return sdk.UnknownValueError !== undefined && err instanceof sdk.UnknownValueError;
}

/** The plan's "[unknown]" → the engine's sentinel, deeply; copies everything. */
function toEngineValue(value: unknown): unknown {
    if (value === PLAN_UNKNOWN) {
        return ENGINE_UNKNOWN;
    }
    if (Array.isArray(value)) {
        return value.map(toEngineValue);
    }
    if (typeof value === "object" && value !== null) {
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
            // The analyzer treats properties with undefined values as absent.
            if (v !== undefined) {
                out[k] = toEngineValue(v);
            }
        }
        return out;
    }
    return value;
}

/** Props as the analyzer presents them: engine unknowns, behind @pulumi/policy's unknown-checking proxy. */
function analyzerProps(props: Record<string, unknown>): Record<string, unknown> {
    const plain = toEngineValue(props) as Record<string, unknown>;
    return sdk.unknownCheckingProxy ? sdk.unknownCheckingProxy(plain) : plain;
}

function resourceOptions(r: PlannedResource): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: r.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
    };
    if (r.parent !== undefined) {
        opts.parent = r.parent;
    }
    return opts;
}

/** `isType` as the analyzer implements it: the class's `__pulumiType`, else its `isInstance`. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const cls = resourceClass as { __pulumiType?: unknown; isInstance?: (o: unknown) => unknown } | undefined;
    if (typeof cls?.__pulumiType === "string" && cls.__pulumiType !== "") {
        return cls.__pulumiType === type;
    }
    return typeof cls?.isInstance === "function" && cls.isInstance({ __pulumiType: type }) === true;
}

/** The provider resource a provider reference (`<provider urn>::<id>`) names, when the plan recorded it. */
function providerOf(r: PlannedResource, byUrn: ReadonlyMap<string, PlannedResource>): PolicyProviderResource | undefined {
    if (r.provider === undefined) {
        return undefined;
    }
    const i = r.provider.lastIndexOf("::");
    const provider = byUrn.get(i > 0 ? r.provider.slice(0, i) : r.provider) ?? byUrn.get(r.provider);
    if (provider === undefined) {
        return undefined;
    }
    return { type: provider.type, props: analyzerProps(provider.inputs), urn: provider.urn, name: provider.name };
}

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map<string, string>();

interface Collected extends PlanViolation {
    readonly resourceIndex: number;
    readonly policyIndex: number;
    readonly seq: number;
}

interface RunContext {
    readonly config: PolicyPackConfig;
    readonly out: Collected[];
    readonly urnIndex: ReadonlyMap<string, number>;
    readonly resourceCount: number;
}

function collector(
    ctx: RunContext,
    policy: KeyVaultDevOpsPolicy,
    policyIndex: number,
    level: "advisory" | "mandatory",
    fixedUrn?: string,
): ReportViolation {
    return (message: string, urn?: string): void => {
        const target = fixedUrn ?? urn;
        const text = typeof message === "string" && message !== "" ? message : policy.description;
        ctx.out.push({
            policy: policy.name,
            enforcementLevel: level,
            ...(target !== undefined ? { urn: target } : {}),
            message: text,
            resourceIndex: target !== undefined ? (ctx.urnIndex.get(target) ?? ctx.resourceCount) : ctx.resourceCount,
            policyIndex,
            seq: ctx.out.length,
        });
    };
}

/**
 * Handles what a validation threw: not-applicable is fine; reading an unknown value becomes the analyzer's
 * advisory "can't run policy ... during preview" (whatever the policy's level); anything else fails the run.
 */
function handleFailure(err: unknown, policy: KeyVaultDevOpsPolicy, where: string, reportAdvisory: ReportViolation): void {
    if (err instanceof NotApplicableError) {
        return;
    }
    if (isUnknownValueError(err)) {
        reportAdvisory(`can't run policy '${policy.name}' during preview: ${errorMessage(err)}`);
        return;
    }
    throw new Error(`Policy '${policy.name}' failed validating ${where}: ${errorMessage(err)}`, { cause: err });
}

function isResourcePolicy(p: KeyVaultDevOpsPolicy): p is ResourceValidationPolicy {
    const v = (p as ResourceValidationPolicy).validateResource;
    return typeof v === "function" || Array.isArray(v);
}

function isStackPolicy(p: KeyVaultDevOpsPolicy): p is StackValidationPolicy {
    return typeof (p as StackValidationPolicy).validateStack === "function";
}

function reportedLevel(level: EnforcementLevel): "advisory" | "mandatory" | undefined {
    if (level === "disabled") {
        return undefined;
    }
    return level === "advisory" ? "advisory" : "mandatory";
}

async function validateResources(
    resources: readonly PlannedResource[],
    policies: readonly KeyVaultDevOpsPolicy[],
    ctx: RunContext,
): Promise<void> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const resource of resources) {
        for (const [policyIndex, policy] of policies.entries()) {
            const level = reportedLevel(resolveEnforcementLevel(policy, ctx.config));
            if (level === undefined || !isResourcePolicy(policy) || policy.validateResource === undefined) {
                continue;
            }
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            const report = collector(ctx, policy, policyIndex, level, resource.urn);
            for (const validation of validations) {
                const props = analyzerProps(resource.inputs);
                const type = resource.type;
                const options = policyOptions(policy, ctx.config);
                const args: ResourceValidationArgs = {
                    type,
                    props,
                    urn: resource.urn,
                    name: resource.name,
                    opts: resourceOptions(resource),
                    stackTags: EMPTY_TAGS,
                    isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
                    asType: ((resourceClass: unknown) =>
                        isTypeOf(type, resourceClass) ? props : undefined) as ResourceValidationArgs["asType"],
                    getConfig: <T extends object>() => structuredClone(options) as T,
                    notApplicable: throwNotApplicable,
                };
                const provider = providerOf(resource, byUrn);
                if (provider !== undefined) {
                    args.provider = provider;
                }
                try {
                    await validation(args, report);
                } catch (err) {
                    handleFailure(err, policy, resource.urn, collector(ctx, policy, policyIndex, "advisory", resource.urn));
                }
            }
        }
    }
}

/** The stack as the analyzer's `analyzeStack` presents it: outputs, with the resource graph linked up. */
function policyResources(resources: readonly PlannedResource[]): PolicyResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const built = new Map<string, PolicyResource>();
    for (const r of resources) {
        const type = r.type;
        const props = analyzerProps(r.outputs);
        const resource: PolicyResource = {
            type,
            props,
            urn: r.urn,
            name: r.name,
            opts: resourceOptions(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass: unknown) => isTypeOf(type, resourceClass),
            asType: ((resourceClass: unknown) =>
                isTypeOf(type, resourceClass) ? props : undefined) as PolicyResource["asType"],
        };
        const provider = providerOf(r, byUrn);
        if (provider !== undefined) {
            resource.provider = provider;
        }
        built.set(r.urn, resource);
    }
    const lookup = (urns: readonly string[]): PolicyResource[] =>
        urns.map((u) => built.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const r of resources) {
        const resource = built.get(r.urn);
        if (resource === undefined) {
            continue;
        }
        const parent = r.parent !== undefined ? built.get(r.parent) : undefined;
        if (parent !== undefined) {
            resource.parent = parent;
        }
        resource.dependencies = lookup(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies)) {
            resource.propertyDependencies[key] = lookup(urns);
        }
    }
    return [...built.values()];
}

async function validateStack(
    resources: readonly PlannedResource[],
    policies: readonly KeyVaultDevOpsPolicy[],
    ctx: RunContext,
): Promise<void> {
    for (const [policyIndex, policy] of policies.entries()) {
        const level = reportedLevel(resolveEnforcementLevel(policy, ctx.config));
        if (level === undefined || !isStackPolicy(policy)) {
            continue;
        }
        const report = collector(ctx, policy, policyIndex, level);
        const options = policyOptions(policy, ctx.config);
        const args: StackValidationArgs = {
            resources: policyResources(resources),
            stackTags: EMPTY_TAGS,
            getConfig: <T extends object>() => structuredClone(options) as T,
            notApplicable: throwNotApplicable,
        };
        try {
            await policy.validateStack(args, report);
        } catch (err) {
            handleFailure(err, policy, "the stack", collector(ctx, policy, policyIndex, "advisory"));
        }
    }
}

/**
 * Runs `policies` (default: the whole pack) over the planned resources under `config`; returns the violations
 * ordered by resource (plan order; stack-level violations without a URN last), then policy, then report order.
 */
export async function runPolicyList(
    policies: readonly KeyVaultDevOpsPolicy[],
    resources: readonly PlannedResource[],
    config: PolicyPackConfig = {},
): Promise<PlanViolation[]> {
    validatePolicyConfig(config, "passed to runPolicies", policies);
    const ctx: RunContext = {
        config,
        out: [],
        urnIndex: new Map(resources.map((r, i) => [r.urn, i])),
        resourceCount: resources.length,
    };
    await validateResources(resources, policies, ctx);
    await validateStack(resources, policies, ctx);
    return [...ctx.out]
        .sort((a, b) => a.resourceIndex - b.resourceIndex || a.policyIndex - b.policyIndex || a.seq - b.seq)
        .map(({ policy, enforcementLevel, urn, message }) => ({
            policy,
            enforcementLevel,
            ...(urn !== undefined ? { urn } : {}),
            message,
        }));
}

export interface RunOptions {
    /**
     * The clock (ms since the epoch, like `Date.now`) for the policies that measure time from "now"
     * (keyvault-secret-max-validity, for a secret without notBefore). Default: the real clock.
     */
    readonly now?: () => number;
}

/** Runs the keyvault-devops pack over the planned resources; see `runPolicyList`. */
export async function runPolicies(
    resources: readonly PlannedResource[],
    config?: PolicyPackConfig,
    options: RunOptions = {},
): Promise<PlanViolation[]> {
    const now = options.now;
    const policies =
        now === undefined
            ? allPolicies
            : allPolicies.map((p) => {
                  const clocked = createSecretMaxValidityPolicy(now);
                  return p.name === clocked.name ? clocked : p;
              });
    return runPolicyList(policies, resources, config);
}

function errorMessage(err: unknown): string {
    return err instanceof Error ? err.message : String(err);
}
