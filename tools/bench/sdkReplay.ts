/*
 * The SDK replay of `npm run bench`: from a plan document (`plan --stack <s> --json`), the source of a small CommonJS
 * program that registers the SAME resources through the REAL SDK classes under Pulumi's own mocks, with no program
 * logic: no config, no validation, no naming, no policies. Timed against the honest floor it measures what Pulumi's
 * SDK itself (Outputs, promises, the RegisterResource protobuf structs, GC) costs for these registrations, driven as
 * the plan drives it (stack traces off, tools/plan/stackTraces.ts; azure-native's class aliases past its Output
 * machinery, tools/plan/classAliases.ts): what this project's program, policies and checks cannot remove unless the
 * plan drives the SDK differently again. Pure: nothing here requires an SDK, spawns or times anything.
 *
 * Pulumi's mocks (pulumi/pulumi sdk/nodejs/runtime/mocks.ts, node_modules/@pulumi/pulumi/runtime/mocks.js):
 * `setMocks(mocks, project, stack, preview)` installs a `MockMonitor` as the resource monitor
 * (runtime/settings.ts `setMockOptions`); its `registerResource` deserializes the request's inputs, calls
 * `mocks.newResource({ type, name, inputs, provider, custom, id })`, serializes the returned state and answers with
 * URN `urn:pulumi:<stack>::<project>::<parent type$>type::name` (MockMonitor.newUrn: the root stack's type is kept in
 * its children's URNs, unlike the engine). `runInPulumiStack(init)` (runtime/stack.ts) registers the root
 * `pulumi:pulumi:Stack` named `<project>-<stack>` and runs `init` with it as the default parent;
 * `waitForRPCs()` (runtime/settings.ts) resolves once no RPC is in flight — what tools/plan/evaluate.ts waits on.
 */
import type { PlanResource } from "../plan/render";

const STACK_TYPE = "pulumi:pulumi:Stack";
const PROVIDER_PREFIX = "pulumi:providers:";

/**
 * Each provider package's Node SDK module (the packages of this project's program). A resource token
 * `<pkg>:<module>[/<member>]:<Type>` resolves to `<sdk>/<module>`'s export `<Type>`, or the package root's when the
 * module is `index`. `rootImport: false` marks a package whose root must never be imported (azure-native: its root
 * loads every submodule's index, see the README's load-time notes).
 */
const PACKAGES: Readonly<Record<string, { readonly sdk: string; readonly rootImport: boolean; readonly provider: string }>> = {
    "azure-native": { sdk: "@pulumi/azure-native", rootImport: false, provider: "@pulumi/azure-native/provider" },
    azure: { sdk: "@pulumi/azure", rootImport: true, provider: "@pulumi/azure/provider" },
    azuredevops: { sdk: "@pulumi/azuredevops", rootImport: true, provider: "@pulumi/azuredevops" },
    command: { sdk: "@pulumi/command", rootImport: true, provider: "@pulumi/command/provider" },
    random: { sdk: "@pulumi/random", rootImport: true, provider: "@pulumi/random" },
    time: { sdk: "@pulumiverse/time", rootImport: true, provider: "@pulumiverse/time" },
};

/** Where the SDK class of a custom resource's type token lives: the module to require and the export to take. */
export interface SdkClass {
    readonly module: string;
    readonly exportName: string;
}

/**
 * The SDK class for a custom resource type token: `azure-native:keyvault:Vault` → `@pulumi/azure-native/keyvault`
 * `Vault`; `azure:keyvault/certificate:Certificate` → `@pulumi/azure/keyvault` `Certificate`;
 * `azuredevops:index/variableGroup:VariableGroup` → `@pulumi/azuredevops` `VariableGroup`; an explicit provider
 * `pulumi:providers:<pkg>` → that package's `Provider`. Throws for a package not in the table, a malformed token, and
 * anything that would import azure-native's root.
 */
export function sdkClassFor(token: string): SdkClass {
    if (token.startsWith(PROVIDER_PREFIX)) {
        const pkg = PACKAGES[token.slice(PROVIDER_PREFIX.length)];
        if (!pkg) {
            throw new Error(`no SDK package known for provider ${token}`);
        }
        return { module: pkg.provider, exportName: "Provider" };
    }
    const parts = token.split(":");
    if (parts.length !== 3 || parts.some((p) => p === "")) {
        throw new Error(`not a resource type token: ${token}`);
    }
    const [name, modulePart, exportName] = parts as [string, string, string];
    const pkg = PACKAGES[name];
    if (!pkg) {
        throw new Error(`no SDK package known for ${token} (package ${name})`);
    }
    const mod = modulePart.split("/")[0] as string;
    if (mod === "index" && !pkg.rootImport) {
        throw new Error(`${token} would import ${pkg.sdk}'s root, which the project never imports`);
    }
    return { module: mod === "index" ? pkg.sdk : `${pkg.sdk}/${mod}`, exportName };
}

/** The `__pulumiType` an SDK class carries for a token: a provider class carries only its package name. */
export function expectedPulumiType(token: string): string {
    return token.startsWith(PROVIDER_PREFIX) ? token.slice(PROVIDER_PREFIX.length) : token;
}

/** The provider resource's URN in a provider reference `<provider URN>::<ID>`. */
export function providerUrn(reference: string): string {
    const cut = reference.lastIndexOf("::");
    return cut < 0 ? reference : reference.slice(0, cut);
}

/** A resource is replayed when it is not the root stack (the runtime registers that one itself). */
function replayed(r: PlanResource): boolean {
    return r.type !== STACK_TYPE;
}

/** Whether a URN is a root stack's (`urn:pulumi:<stack>::<project>::pulumi:pulumi:Stack::<name>`). */
function isStackUrn(urn: string): boolean {
    return urn.split("::")[2] === STACK_TYPE;
}

/**
 * The plan's resources other than the root stack in an order they can be constructed in: every resource after its
 * parent, its dependencies and its explicit provider (the plan lists resources in the order their registrations
 * completed, not the order they were constructed). Ties keep the plan's order. Throws on a cycle, and on a parent or
 * provider the plan does not hold (a dependency the plan does not hold is dropped, as `npm run bench` drops it).
 */
export function replayOrder(resources: readonly PlanResource[]): PlanResource[] {
    const todo = resources.filter(replayed);
    const byUrn = new Map(todo.map((r) => [r.urn, r]));
    const before = new Map<string, Set<string>>();
    for (const r of todo) {
        const needs = new Set<string>();
        if (r.parent !== undefined && !isStackUrn(r.parent)) {
            if (!byUrn.has(r.parent)) {
                throw new Error(`${r.urn}: parent ${r.parent} is not in the plan`);
            }
            needs.add(r.parent);
        }
        const provider = r.options?.provider;
        if (provider !== undefined) {
            const p = providerUrn(provider);
            if (!byUrn.has(p)) {
                throw new Error(`${r.urn}: provider ${p} is not in the plan`);
            }
            needs.add(p);
        }
        for (const d of r.dependencies) {
            if (d !== r.urn && byUrn.has(d)) {
                needs.add(d);
            }
        }
        before.set(r.urn, needs);
    }
    const out: PlanResource[] = [];
    const placed = new Set<string>();
    while (out.length < todo.length) {
        const next = todo.find((r) => !placed.has(r.urn) && [...(before.get(r.urn) ?? [])].every((u) => placed.has(u)));
        if (next === undefined) {
            const stuck = todo.filter((r) => !placed.has(r.urn)).map((r) => r.name);
            throw new Error(`no construction order: a cycle among ${stuck.join(", ")}`);
        }
        out.push(next);
        placed.add(next.urn);
    }
    return out;
}

/** What the generated program needs besides the plan. */
export interface ReplayProgramOptions {
    /** The floor's preamble, verbatim (tools/bench/bench.ts `floorScript`): the deferral and the floor's modules. */
    readonly preamble: string;
    /** Resolves a module specifier (`@pulumi/pulumi`, `@pulumi/azure-native/keyvault`) to the file to require. */
    readonly resolve: (specifier: string) => string;
    /**
     * tools/plan/stackTraces.js, whose `withoutStackTraces` the plan runs its evaluation under (the unread stack
     * traces off): the replay does the same, so it measures the SDK as the plan runs it. Omitted: traces on.
     */
    readonly stackTracesModule?: string;
    /**
     * tools/plan/classAliases.js, whose `deferClassAliases` and `appendClassAliases` the plan evaluates under
     * (azure-native's class aliases past the SDK's Output machinery, the same requests): the replay does the same.
     * Omitted: the SDK handles them.
     */
    readonly classAliasesModule?: string;
}

/** The environment variable naming the file where the generated program writes what the mock monitor received. */
export const REPLAY_RECORD_ENV = "KV_REPLAY_RECORD_OUT";

/** One RegisterResource request as the generated program records it (only when REPLAY_RECORD_ENV is set). */
export interface ReplayRecord {
    /** The URN the mock monitor answered (the root stack's type kept in its children's URNs, as MockMonitor does). */
    readonly urn: string;
    readonly parent: string;
    readonly custom: boolean;
    readonly dependencies: readonly string[];
    /** The provider reference (`<URN>::<ID>`), empty when none. */
    readonly provider: string;
    readonly protect: boolean;
    /** How many aliases the request carried (azure-native's class aliases and the program's own). */
    readonly aliases: number;
}

const js = (value: unknown): string => JSON.stringify(value);

/**
 * The recorded aliases the program set itself: all but those its SDK class adds anyway, which replaying would double:
 * former types of the resource (azure-native's API versions, tools/plan/classAliases.ts; @pulumi/azure's renamed
 * types), the resource's own URN with only its type, the last of the type chain, swapped. (A program's own alias of
 * that shape is left out too: the replay is a benchmark.)
 */
function programAliases(r: PlanResource): string[] {
    const [ownHead = "", ownProject = "", ownChain = "", ownName = ""] = r.urn.split("::");
    const ownParents = ownChain.split("$").slice(0, -1).join("$");
    return (r.options?.aliases ?? []).filter((urn) => {
        const [head = "", project = "", chain = "", name = ""] = urn.split("::");
        const types = chain.split("$");
        const type = types.at(-1) ?? "";
        return !(head === ownHead && project === ownProject && name === ownName && types.slice(0, -1).join("$") === ownParents && type !== r.type);
    });
}

/** The recorded resource options replayed besides parent, dependsOn, protect and provider (only those set). */
function extraOptions(r: PlanResource): string[] {
    const o = r.options ?? {};
    // `version` is not passed: each SDK class sets its own (the plan recorded that one).
    return [
        ...(o.ignoreChanges?.length ? [`ignoreChanges: ${js(o.ignoreChanges)}`] : []),
        ...(o.replaceOnChanges?.length ? [`replaceOnChanges: ${js(o.replaceOnChanges)}`] : []),
        ...(o.retainOnDelete ? ["retainOnDelete: true"] : []),
        ...(o.deleteBeforeReplace !== undefined ? [`deleteBeforeReplace: ${js(o.deleteBeforeReplace)}`] : []),
        ...(o.import ? [`import: ${js(o.import)}`] : []),
        ...(programAliases(r).length ? [`aliases: ${js(programAliases(r))}`] : []),
        ...(o.additionalSecretOutputs?.length ? [`additionalSecretOutputs: ${js(o.additionalSecretOutputs)}`] : []),
        ...(o.customTimeouts ? [`customTimeouts: ${js(o.customTimeouts)}`] : []),
    ];
}

/**
 * The source of a CommonJS program that, after `options.preamble`, sets Pulumi's mocks with trivial answers
 * (newResource → `{ id: name + "_id", state: inputs }`, call → its inputs), registers `plan`'s resources (all but the
 * root stack) in `replayOrder` inside `runInPulumiStack` — custom resources through their SDK class (`sdkClassFor`)
 * with the recorded inputs (masked values as the plain strings the plan shows), parent, dependsOn (the recorded
 * dependencies), protect, explicit provider and other recorded options; components as
 * `new pulumi.ComponentResource(type, name, {}, { parent })` then `registerOutputs({})` — waits until every RPC
 * settled and exits 0 (1 with the error on stderr if anything failed). With REPLAY_RECORD_ENV set it also writes the
 * RegisterResource requests the mock monitor received (ReplayRecord[], JSON) to that file.
 */
export function sdkReplayProgram(plan: { readonly project: string; readonly stack: string; readonly resources: readonly PlanResource[] }, options: ReplayProgramOptions): string {
    const order = replayOrder(plan.resources);
    const variable = new Map(order.map((r, i) => [r.urn, `r${i}`]));
    // One `require` per SDK class, hoisted.
    const classes = new Map<string, string>();
    const requires: string[] = [];
    for (const r of order) {
        if (r.custom === false || classes.has(r.type)) {
            continue;
        }
        const c = sdkClassFor(r.type);
        const name = `C${classes.size}`;
        classes.set(r.type, name);
        requires.push(`const ${name} = require(${js(options.resolve(c.module))}).${c.exportName}; // ${r.type}`);
    }
    const body: string[] = [];
    for (const r of order) {
        const v = variable.get(r.urn) as string;
        const parent = r.parent !== undefined && !isStackUrn(r.parent) ? variable.get(r.parent) : undefined;
        if (r.custom === false) {
            body.push(`        const ${v} = new pulumi.ComponentResource(${js(r.type)}, ${js(r.name)}, {}, { ${parent ? `parent: ${parent}` : ""} });`);
            body.push(`        ${v}.registerOutputs({});`);
            continue;
        }
        const deps = [...new Set(r.dependencies)].filter((d) => d !== r.urn && variable.has(d)).map((d) => variable.get(d) as string);
        const provider = r.options?.provider !== undefined ? variable.get(providerUrn(r.options.provider)) : undefined;
        const opts = [
            ...(parent ? [`parent: ${parent}`] : []),
            ...(deps.length ? [`dependsOn: [${deps.join(", ")}]`] : []),
            ...(r.protect ? ["protect: true"] : []),
            ...(provider ? [`provider: ${provider}`] : []),
            ...extraOptions(r),
        ];
        body.push(`        const ${v} = new ${classes.get(r.type) as string}(${js(r.name)}, ${js(r.inputs)}, { ${opts.join(", ")} });`);
    }
    return [
        "// Generated by tools/bench/sdkReplay.ts for `npm run bench`: the plan's resources through the SDK, no program logic.",
        options.preamble.trimEnd(),
        `const pulumi = require(${js(options.resolve("@pulumi/pulumi"))});`,
        `const settings = require(${js(options.resolve("@pulumi/pulumi/runtime/settings"))});`,
        ...requires,
        `const recordTo = process.env[${js(REPLAY_RECORD_ENV)}];`,
        "(async () => {",
        "    await pulumi.runtime.setMocks(",
        '        { newResource: (args) => ({ id: args.name + "_id", state: args.inputs }), call: (args) => args.inputs },',
        `        ${js(plan.project)},`,
        `        ${js(plan.stack)},`,
        "        false,",
        "    );",
        ...(options.stackTracesModule ? [`    require(${js(options.stackTracesModule)}).withoutStackTraces(process.env);`] : []),
        ...(options.classAliasesModule
            ? [`    const classAliases = require(${js(options.classAliasesModule)});`, "    classAliases.deferClassAliases(process.env);"]
            : []),
        "    const seen = [];",
        "    const monitor = settings.getMonitor();",
        "    const register = monitor.registerResource.bind(monitor);",
        "    monitor.registerResource = (req, cb) => {",
        ...(options.classAliasesModule ? ["        classAliases.appendClassAliases(req);"] : []),
        "        register(req, !recordTo ? cb : (err, resp) => {",
        "            if (resp) {",
        "                seen.push({ urn: resp.getUrn(), parent: req.getParent(), custom: req.getCustom(), dependencies: req.getDependenciesList(), provider: req.getProvider(), protect: req.getProtect() === true, aliases: req.getAliasesList().length });",
        "            }",
        "            cb(err, resp);",
        "        });",
        "    };",
        "    await pulumi.runtime.runInPulumiStack(async () => {",
        ...body,
        "    });",
        "    await settings.waitForRPCs();",
        "    if (recordTo) {",
        '        require("fs").writeFileSync(recordTo, JSON.stringify(seen));',
        "    }",
        "    process.exit(0);",
        "})().catch((err) => {",
        "    process.stderr.write(`sdk replay: ${err && err.stack ? err.stack : err}\\n`);",
        "    process.exit(1);",
        "});",
        "",
    ].join("\n");
}
