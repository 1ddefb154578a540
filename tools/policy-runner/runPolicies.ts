// Runs the keyvault-devops policy pack in-process over the resources the offline plan recorded, the way the Pulumi
// engine and @pulumi/policy's analyzer server would during `pulumi preview --policy-pack policies`:
//   1. resource validation, per resource in registration order, on its inputs;
//   2. stack validation on the outputs, with parents, dependencies and property dependencies.
// It never constructs the PolicyPack (that starts a gRPC server that never exits); it imports the policy list.
//
// What the engine/CLI does and this runner reproduces:
// - enforcement level: the policy's configured level, else `all`, else the policy's own, else the pack's, else
//   advisory; `disabled` skips the policy; `remediate` reports as mandatory (the pack has no remediations);
// - config is parsed, reconciled (defaults, `all`, per-policy entries) and validated as the CLI does
//   (./engineConfig.ts): `getConfig()` returns the reconciled options; what the CLI ignores is only warned about;
// - props are what the engine would send for the values the program really produced (./analyzerWire.ts, from the
//   evaluation's in-memory raw values), deserialized by @pulumi/policy's own code (secrets in plaintext) behind its
//   unknown-checking proxy, so a policy reading an unknown value fails exactly as it would in preview (reported, like
//   the analyzer does, as an advisory "can't run policy ... during preview" violation). Records without raw values
//   (a saved plan, test fixtures) use the plan's values, "[unknown]" as the engine's unknown sentinel;
// - every message and error that leaves the runner has secret values replaced by "[secret]" (../plan/redact.ts).
// tests/conformance/ checks all of this against the real analyzer server over gRPC.
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
import { UNKNOWN_PLACEHOLDER } from "../plan/document";
import { rawValuesOf } from "../plan/rawValues";
import { redactorFor } from "../plan/redact";
import { analyzerProps, analyzerWire } from "./analyzerWire";
import { checkPolicyConfig, PolicyPackConfig } from "./packConfig";
// Through the workspace package (node_modules/keyvault-devops-policies → policies/), so that the require resolves
// both from the TypeScript sources (ts-node) and from the compiled dist/tools/policy-runner/ (a relative
// "../../policies/policyList" would point at dist/policies/, which does not exist).
import { allPolicies, KeyVaultDevOpsPolicy, packEnforcementLevel } from "keyvault-devops-policies/bin/policyList";
import { createSecretMaxValidityPolicy } from "keyvault-devops-policies/bin/secrets";
import { EnforcementLevel, PlannedResource, PlanViolation } from "../plan/types";
import { ReconciledConfig } from "./engineConfig";

/** The offline plan's placeholder for an unknown value, and the engine's wire sentinel for one. */
const ENGINE_UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

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

const sdk = policySdk as unknown as {
    UnknownValueError?: abstract new (...args: never[]) => Error;
};

function isUnknownValueError(err: unknown): boolean {
    return sdk.UnknownValueError !== undefined && err instanceof sdk.UnknownValueError;
}

/** The plan's "[unknown]" → the engine's sentinel, deeply; copies everything. */
function toEngineValue(value: unknown): unknown {
    if (value === UNKNOWN_PLACEHOLDER) {
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

/**
 * The properties the engine would send the analyzer for a resource's inputs (resource validation) or outputs (stack
 * validation): the values the program really produced (./analyzerWire.ts), when the evaluation kept them; else (a
 * record rebuilt from a saved plan, a test fixture) the plan's values, "[unknown]" as the engine's unknown sentinel.
 */
export function analyzerWireOf(r: PlannedResource, which: "inputs" | "outputs"): Record<string, unknown> {
    const raw = rawValuesOf(r);
    return raw !== undefined ? analyzerWire(raw[which]) : (toEngineValue(r[which]) as Record<string, unknown>);
}

/** Props as the analyzer presents them: deserialized by @pulumi/policy (secrets in plaintext), behind its proxy. */
function propsOf(r: PlannedResource, which: "inputs" | "outputs"): Record<string, unknown> {
    return analyzerProps(analyzerWireOf(r, which));
}

/** Go duration strings ("5m", "1h30m", "90s") in seconds, as the engine parses `customTimeouts`; 0 when absent or invalid. */
function durationSeconds(text: string | undefined): number {
    if (text === undefined || text === "") {
        return 0;
    }
    const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
    let total = 0;
    const re = /([0-9]*\.?[0-9]+)(ns|us|µs|ms|s|m|h)/gy;
    let m: RegExpExecArray | null;
    let consumed = 0;
    while ((m = re.exec(text)) !== null) {
        total += Number(m[1]) * (units[m[2] ?? "s"] ?? 1);
        consumed = re.lastIndex;
    }
    return consumed === text.length ? total : 0;
}

/** The resource options the engine sends the analyzer (analyzer_plugin.go `marshalResourceOptions`). */
export function resourceOptions(r: PlannedResource): PolicyResourceOptions {
    const opts: PolicyResourceOptions = {
        protect: r.protect,
        ignoreChanges: [...(r.ignoreChanges ?? [])],
        aliases: [...(r.aliases ?? [])],
        customTimeouts: {
            createSeconds: durationSeconds(r.customTimeouts?.create),
            updateSeconds: durationSeconds(r.customTimeouts?.update),
            deleteSeconds: durationSeconds(r.customTimeouts?.delete),
        },
        additionalSecretOutputs: [...(r.additionalSecretOutputs ?? [])],
    };
    if (r.deleteBeforeReplace !== undefined) {
        opts.deleteBeforeReplace = r.deleteBeforeReplace;
    }
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
    return { type: provider.type, props: propsOf(provider, "inputs"), urn: provider.urn, name: provider.name };
}

const EMPTY_TAGS: ReadonlyMap<string, string> = new Map<string, string>();

interface Collected extends PlanViolation {
    readonly resourceIndex: number;
    readonly policyIndex: number;
    readonly seq: number;
}

interface RunContext {
    readonly config: ReconciledConfig;
    /** Replaces every secret value in a text that will be printed (violation messages, errors). */
    readonly redact: (text: string) => string;
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
        const text = ctx.redact(typeof message === "string" && message !== "" ? message : policy.description);
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
function handleFailure(
    err: unknown,
    policy: KeyVaultDevOpsPolicy,
    where: string,
    reportAdvisory: ReportViolation,
    redact: (text: string) => string,
): void {
    if (err instanceof NotApplicableError) {
        return;
    }
    if (isUnknownValueError(err)) {
        reportAdvisory(`can't run policy '${policy.name}' during preview: ${errorMessage(err)}`);
        return;
    }
    // No `cause`: the original error may quote a secret value; only the redacted message leaves the runner.
    throw new Error(redact(`Policy '${policy.name}' failed validating ${where}: ${errorMessage(err)}`));
}

/**
 * The level the analyzer runs a policy at: its configured level (the reconciled config gives every policy one), else
 * its own, else the pack's (@pulumi/policy server.js: `policyPackConfig[p.name]?.enforcementLevel || p.enforcementLevel
 * || policyPackEnforcementLevel`).
 */
function levelIn(config: ReconciledConfig, policy: KeyVaultDevOpsPolicy): EnforcementLevel {
    const configured = config[policy.name]?.enforcementLevel;
    return configured !== undefined && configured !== "" ? configured : (policy.enforcementLevel ?? packEnforcementLevel ?? "advisory");
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
            const level = reportedLevel(levelIn(ctx.config, policy));
            if (level === undefined || !isResourcePolicy(policy) || policy.validateResource === undefined) {
                continue;
            }
            const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            const report = collector(ctx, policy, policyIndex, level, resource.urn);
            for (const validation of validations) {
                const props = propsOf(resource, "inputs");
                const type = resource.type;
                const options = ctx.config[policy.name]?.properties ?? {};
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
                    handleFailure(err, policy, resource.urn, collector(ctx, policy, policyIndex, "advisory", resource.urn), ctx.redact);
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
        const props = propsOf(r, "outputs");
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
    linkResourceGraph(built, resources);
    return [...built.values()];
}

/** Where a resource stands in the graph: its URN, parent, dependencies and per-property dependencies (URNs). */
export interface GraphLinks {
    readonly urn: string;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Links the policy resources in `built` (by URN) to their parent, dependencies and property dependencies, as the
 * analyzer hands them to stack policies; URNs `built` does not hold are left out. (Also builds the policy tests'
 * stacks, tests/policies/helpers.ts, so tests see the graph the plan's pack sees.)
 */
export function linkResourceGraph(built: ReadonlyMap<string, PolicyResource>, links: Iterable<GraphLinks>): void {
    const lookup = (urns: readonly string[] | undefined): PolicyResource[] =>
        (urns ?? []).map((u) => built.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const r of links) {
        const resource = built.get(r.urn);
        if (resource === undefined) {
            continue;
        }
        const parent = r.parent !== undefined ? built.get(r.parent) : undefined;
        if (parent !== undefined) {
            resource.parent = parent;
        }
        resource.dependencies = lookup(r.dependencies);
        for (const [key, urns] of Object.entries(r.propertyDependencies ?? {})) {
            resource.propertyDependencies[key] = lookup(urns);
        }
    }
}

async function validateStack(
    resources: readonly PlannedResource[],
    policies: readonly KeyVaultDevOpsPolicy[],
    ctx: RunContext,
): Promise<void> {
    for (const [policyIndex, policy] of policies.entries()) {
        const level = reportedLevel(levelIn(ctx.config, policy));
        if (level === undefined || !isStackPolicy(policy)) {
            continue;
        }
        const report = collector(ctx, policy, policyIndex, level);
        const options = ctx.config[policy.name]?.properties ?? {};
        const args: StackValidationArgs = {
            resources: policyResources(resources),
            stackTags: EMPTY_TAGS,
            getConfig: <T extends object>() => structuredClone(options) as T,
            notApplicable: throwNotApplicable,
        };
        try {
            await policy.validateStack(args, report);
        } catch (err) {
            handleFailure(err, policy, "the stack", collector(ctx, policy, policyIndex, "advisory"), ctx.redact);
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
    const checked = checkPolicyConfig(config, policies);
    if (checked.problems.length > 0) {
        throw new Error(`Invalid policy pack config passed to runPolicies:\n${checked.problems.map((p) => `  - ${p}`).join("\n")}`);
    }
    const ctx: RunContext = {
        config: checked.reconciled,
        redact: redactorFor(resources),
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
