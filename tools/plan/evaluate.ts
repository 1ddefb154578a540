import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { importedId, MOCK_NOW, mockCall, mockResource } from "./mocks";
import { SECRET_PLACEHOLDER, UNKNOWN_PLACEHOLDER } from "./document";
import { loadProgramConfig, ProgramConfig } from "./stackFiles";
import { PlannedInvoke, PlannedResource } from "./types";
import { attachRawValues } from "./rawValues";
import { maskPlaintextSecretValues } from "./redact";
import { registrationOptions, RegisterOptionsRequest } from "./registration";
import { withoutStackTraces } from "./stackTraces";
import { AliasRequest, appendClassAliases, deferClassAliases } from "./classAliases";

/** The result of evaluating a program under mocks. */
export interface EvaluatedProgram {
    readonly project: string;
    readonly stack: string;
    /** In registration order, the root stack first. */
    readonly resources: PlannedResource[];
    /** The stack's outputs, secrets as `[secret]`. */
    readonly outputs: Record<string, unknown>;
    /** The program's stack files as read for this evaluation (secure values as `[secret]`). */
    readonly files: ProgramConfig;
    /** Provider function calls in order (token, arguments, mocked result; secrets as `[secret]`). */
    readonly invokes: PlannedInvoke[];
}


export interface EvaluateOptions {
    /**
     * Evaluate as a first `pulumi preview` sees the program (nothing deployed yet): resources get no ID and no computed
     * outputs, so values derived from them are unknown. Default: the mocks' deterministic placeholders.
     */
    readonly firstPreview?: boolean;
    /** When mocked `time` resources are created (RFC 3339). Default: MOCK_NOW. The plan CLI passes its clock (./clock.ts). */
    readonly clock?: string;
}

// Wire-format signatures of @pulumi/pulumi's RPC layer (runtime/rpc.ts).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

type Json = Record<string, unknown>;

interface Struct {
    toJavaScript(): Json;
}
interface StructClass {
    fromJavaScript(obj: Json): Struct;
}
interface UrnList {
    getUrnsList(): string[];
}
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getObject(): Struct | undefined;
    getProtect(): boolean | undefined;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(cb: (value: UrnList, key: string) => void): void };
    getAdditionalsecretoutputsList(): string[];
    getVersion(): string;
    getProvider(): string;
    getIgnorechangesList(): string[];
}
interface RegisterResponse {
    getUrn(): string;
    getObject(): Struct | undefined;
    setObject(s: Struct): void;
}
interface OutputsRequest {
    getUrn(): string;
    getOutputs(): Struct | undefined;
}
type Callback<T> = (err: Error | null, resp: T | undefined) => void;
interface MonitorLike {
    registerResource(req: RegisterRequest, cb: Callback<RegisterResponse>): void;
    registerResourceOutputs(req: OutputsRequest, cb: Callback<unknown>): void;
}

/** Replaces secrets with `[secret]`, unknowns with `[unknown]`, resource references with their URN. */
export function sanitize(value: unknown): unknown {
    if (value === UNKNOWN) {
        return UNKNOWN_PLACEHOLDER;
    }
    if (Array.isArray(value)) {
        return value.map(sanitize);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Json;
        if (obj[SIG_KEY] === SECRET_SIG) {
            return SECRET_PLACEHOLDER;
        }
        if (obj[SIG_KEY] === RESOURCE_SIG) {
            return obj.urn;
        }
        if (obj[SIG_KEY] === ASSET_SIG || obj[SIG_KEY] === ARCHIVE_SIG) {
            // Paths as the program wrote them (relative to the project), so plans compare across machines.
            const kind = obj[SIG_KEY] === ASSET_SIG ? "asset" : "archive";
            const where = obj.path ?? obj.uri ?? (obj.assets ? Object.keys(obj.assets as Json).sort().join(",") : "text");
            return `[${kind} ${String(where)}]`;
        }
        const out: Json = {};
        for (const k of Object.keys(obj)) {
            out[k] = sanitize(obj[k]);
        }
        return out;
    }
    return value;
}

function wrapSecret(value: unknown): Json {
    return { [SIG_KEY]: SECRET_SIG, value };
}

/**
 * Marks as secret, in `state`, every path that was secret in the wire-format `inputs`. Returns `state` itself when
 * nothing is to be marked (the caller then keeps the response as the mock monitor built it); never changes `state`.
 */
function carrySecrets(inputs: unknown, state: unknown): unknown {
    if (inputs !== null && typeof inputs === "object" && (inputs as Json)[SIG_KEY] === SECRET_SIG) {
        return wrapSecret(state);
    }
    if (inputs !== null && typeof inputs === "object" && !Array.isArray(inputs) && state !== null && typeof state === "object" && !Array.isArray(state)) {
        const inObj = inputs as Json;
        const stateObj = state as Json;
        let out: Json | undefined;
        for (const k of Object.keys(inObj)) {
            if (k in stateObj) {
                const carried = carrySecrets(inObj[k], stateObj[k]);
                if (carried !== stateObj[k]) {
                    out ??= { ...stateObj };
                    out[k] = carried;
                }
            }
        }
        return out ?? state;
    }
    if (Array.isArray(inputs) && Array.isArray(state)) {
        let out: unknown[] | undefined;
        state.forEach((s: unknown, i) => {
            const carried = carrySecrets(inputs[i], s);
            if (carried !== s) {
                out ??= [...state];
                out[i] = carried;
            }
        });
        return out ?? state;
    }
    return state;
}

/** A copy of a JSON value with every object's keys in sorted order (the order a decoded protobuf Struct has). */
function sortedKeys(value: unknown): unknown {
    if (Array.isArray(value)) {
        return value.map(sortedKeys);
    }
    if (value !== null && typeof value === "object") {
        const obj = value as Json;
        const out: Json = {};
        for (const k of Object.keys(obj).sort()) {
            out[k] = sortedKeys(obj[k]);
        }
        return out;
    }
    return value;
}

interface RuntimeInternals {
    getMonitor(): MonitorLike;
    waitForRPCs(): Promise<void>;
}

function runtimeInternals(): RuntimeInternals {
    // Internal to @pulumi/pulumi, but stable for years and the only way to see what the mock monitor receives.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/runtime/settings") as RuntimeInternals;
}

let resolverInstalled = false;
let tsRegistered = false;

/**
 * Makes every `require("@pulumi/pulumi")`, from any program or package, load this process's copy (the one
 * the mocks are set on), and lets programs without their own node_modules use ours.
 */
function installModuleResolver(): void {
    if (resolverInstalled) {
        return;
    }
    resolverInstalled = true;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string };
    const original = Module._resolveFilename;
    const ownPulumi = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    Module._resolveFilename = function (request: string, parent: unknown, ...rest: unknown[]): string {
        if (request === "@pulumi/pulumi" || request.startsWith("@pulumi/pulumi/")) {
            const sub = request.slice("@pulumi/pulumi".length);
            return original.call(this, sub ? path.join(ownPulumi, sub) : ownPulumi, parent, ...rest);
        }
        try {
            return original.call(this, request, parent, ...rest);
        } catch (err) {
            if (!request.startsWith(".") && !path.isAbsolute(request)) {
                return require.resolve(request);
            }
            throw err;
        }
    };
}

function registerTypeScript(): void {
    if (tsRegistered) {
        return;
    }
    tsRegistered = true;
    // Transpile only: a plan must not pay for type-checking (`npm test` does that).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require("ts-node") as { register(opts: object): void }).register({
        transpileOnly: true,
        compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true },
    });
}

/**
 * Forgets the program's modules, so a second evaluation in the same process (a CLI run in-process) runs the
 * program again: everything under its directory and under its entry's directory (a --program copy whose Pulumi.yaml
 * points at this project's dist/index.js), except node_modules and this tooling itself.
 */
function clearProgramModules(dir: string, entry: string): void {
    const roots = [path.resolve(dir), path.dirname(path.resolve(entry))].map((r) => r + path.sep);
    const tooling = path.resolve(__dirname, "..") + path.sep;
    for (const key of Object.keys(require.cache)) {
        if (roots.some((r) => key.startsWith(r)) && !key.startsWith(tooling) && !key.includes(`${path.sep}node_modules${path.sep}`)) {
            delete require.cache[key];
        }
    }
}

/** What the recording mocks have seen so far. */
export interface Recorder {
    /** Registrations in order (the root stack first when a program runs in a stack). */
    readonly resources: PlannedResource[];
    /** Outputs the root stack registered, secrets as `[secret]`. */
    readonly stackOutputs: Json;
    /** Provider function calls in order. */
    readonly invokes: PlannedInvoke[];
    /** Forgets what was recorded (between tests). */
    reset(): void;
    /** Waits until every registration in flight has been answered. */
    settle(): Promise<void>;
    /** Puts the mock monitor's own methods back. */
    restore(): void;
}

/**
 * Sets Pulumi's mocks (deterministic placeholders from `mocks.ts`) and records each RegisterResource request
 * as the engine would receive it: type, name, parent, inputs (secrets as `[secret]`), dependencies and
 * `protect`. Also makes `additionalSecretOutputs` and secret inputs secret in the outputs, which the SDK's
 * MockMonitor does not.
 */
export async function installRecordingMocks(project: string, stack: string, options: EvaluateOptions = {}): Promise<Recorder> {
    // The URN of the registration in flight: MockMonitor calls newResource synchronously from registerResource.
    let currentUrn = "";
    const preview = options.firstPreview === true;
    const invokes: PlannedInvoke[] = [];
    await pulumi.runtime.setMocks(
        {
            // A first preview: no ID, and only the inputs known (a provider's preview of a create returns its
            // inputs; everything it would compute is unknown, and so is every input derived from it).
            newResource: (args) => {
                const mocked = preview
                    ? { id: "", state: { ...(args.inputs as Json) } }
                    : mockResource(args.type, args.name, currentUrn, args.inputs as Json, options.clock ?? MOCK_NOW);
                // An adopted resource (the `import` option, which the mock monitor passes as `id`) keeps the ID it has.
                const id = args.id ? importedId(args.type, args.id) : undefined;
                return id ? { id, state: "id" in mocked.state ? { ...mocked.state, id } : mocked.state } : mocked;
            },
            call: (args) => {
                const result = mockCall(args.token, args.inputs as Json);
                invokes.push({ token: args.token, inputs: sanitize(args.inputs) as Json, outputs: sanitize(result) as Json });
                return result;
            },
        },
        project,
        stack,
        preview,
    );

    const recorded = new Map<string, PlannedResource>();
    let order: string[] = [];
    const internals = runtimeInternals();
    const monitor = internals.getMonitor() as MonitorLike & {
        newUrn(parent: string, type: string, name: string): string;
        /** The SDK's MockMonitor keeps each registration's serialized state (its `resources` map). */
        readonly resources?: ReadonlyMap<string, { readonly state?: unknown }>;
    };
    // The engine leaves the root stack's type out of its children's URNs; the SDK's MockMonitor does not. Match the
    // engine, so plan URNs are the ones `pulumi preview` shows and policies see.
    const mockNewUrn = monitor.newUrn.bind(monitor);
    monitor.newUrn = (parent, type, name) => (parent && parent.split("::")[2] === "pulumi:pulumi:Stack" ? mockNewUrn("", type, name) : mockNewUrn(parent, type, name));
    const originalRegister = monitor.registerResource.bind(monitor);
    const originalOutputs = monitor.registerResourceOutputs.bind(monitor);
    const recorder = {
        stackOutputs: {} as Json,
        invokes,
        get resources(): PlannedResource[] {
            return order.map((u) => recorded.get(u)).filter((r): r is PlannedResource => r !== undefined);
        },
        reset(): void {
            recorded.clear();
            order = [];
            invokes.length = 0;
            recorder.stackOutputs = {};
        },
        settle: () => internals.waitForRPCs(),
        restore(): void {
            monitor.registerResource = originalRegister;
            monitor.registerResourceOutputs = originalOutputs;
            monitor.newUrn = mockNewUrn;
        },
    };
    monitor.registerResource = (req, cb) => {
        // azure-native's class aliases this resource's registration left to this monitor (./classAliases.ts).
        appendClassAliases(req as unknown as AliasRequest);
        const wireInputs = req.getObject()?.toJavaScript() ?? {};
        const additionalSecrets = req.getAdditionalsecretoutputsList();
        const parent = req.getParent();
        currentUrn = monitor.newUrn(parent, req.getType(), req.getName());
        originalRegister(req, (err, resp) => {
            if (err || !resp) {
                cb(err, resp);
                return;
            }
            const urn = resp.getUrn();
            const stateObj = resp.getObject();
            // The state the mock monitor just serialized into the response, as JavaScript: its own copy when it
            // keeps one (MockMonitor.resources, sdk/nodejs/runtime/mocks.ts), else decoded from the response. The
            // response is re-encoded only when a secret had to be marked: decoding and re-encoding every
            // registration's state was a third of the plan's protobuf work (`node --cpu-prof`, issue 9). Keys sorted as
            // a decoded Struct has them (google-protobuf's Map sorts its keys), so plan documents stay byte-identical.
            const kept = monitor.resources?.get(urn)?.state;
            const serialized: Json = kept !== undefined ? (sortedKeys(kept) as Json) : (stateObj?.toJavaScript() ?? {});
            let state = carrySecrets(wireInputs, serialized) as Json;
            for (const key of additionalSecrets) {
                if (key in state && !((state[key] as Json | null)?.[SIG_KEY] === SECRET_SIG)) {
                    if (state === serialized) {
                        state = { ...serialized };
                    }
                    state[key] = wrapSecret(state[key]);
                }
            }
            if (stateObj && state !== serialized) {
                resp.setObject((stateObj.constructor as unknown as StructClass).fromJavaScript(state));
            }
            const propertyDependencies: Record<string, string[]> = {};
            req.getPropertydependenciesMap().forEach((value, key) => {
                propertyDependencies[key] = value.getUrnsList();
            });
            if (!recorded.has(urn)) {
                order.push(urn);
            }
            const version = req.getVersion();
            const ignoreChanges = req.getIgnorechangesList();
            const provider = req.getProvider();
            const record: PlannedResource = {
                urn,
                type: req.getType(),
                name: req.getName(),
                custom: req.getCustom(),
                ...(parent ? { parent } : {}),
                // Printed and written: secrets (and a Key Vault secret's value, secret or not) as "[secret]".
                inputs: maskPlaintextSecretValues(req.getType(), sanitize(wireInputs) as Json),
                outputs: maskPlaintextSecretValues(req.getType(), sanitize(state) as Json),
                dependencies: [...new Set(req.getDependenciesList())],
                propertyDependencies,
                protect: req.getProtect() === true,
                ...(ignoreChanges.length ? { ignoreChanges } : {}),
                ...(version ? { version } : {}),
                ...(provider ? { provider } : {}),
                ...registrationOptions(req as unknown as RegisterOptionsRequest, urn),
            };
            recorded.set(urn, record);
            // The real values, for the policies only: in memory, never printed or written (./rawValues.ts).
            attachRawValues(record, { inputs: wireInputs, outputs: state });
            cb(null, resp);
        });
    };
    monitor.registerResourceOutputs = (req, cb) => {
        const rec = recorded.get(req.getUrn());
        if (rec && rec.type === "pulumi:pulumi:Stack") {
            recorder.stackOutputs = sanitize(req.getOutputs()?.toJavaScript() ?? {}) as Json;
        }
        originalOutputs(req, cb);
    };

    return recorder;
}

/**
 * Evaluates a Pulumi program under the SDK's mocks with its real stack config, recording every resource
 * registration (type, name, parent, inputs, dependencies, protect) as the engine would receive it.
 */
export async function evaluateProgram(programDir: string, stack: string, options: EvaluateOptions = {}): Promise<EvaluatedProgram> {
    const dir = path.resolve(programDir);
    const programConfig = loadProgramConfig(dir, stack);
    const { project } = programConfig;
    pulumi.runtime.setAllConfig(programConfig.config, programConfig.secretKeys);
    const recorder = await installRecordingMocks(project, stack, options);

    installModuleResolver();
    if (/\.tsx?$/.test(programConfig.entry)) {
        registerTypeScript();
    }
    clearProgramModules(dir, programConfig.entry);

    const previousCwd = process.cwd();
    process.chdir(dir);
    // Unread stack traces off during evaluation (stackTraces.ts).
    const restoreStackTraces = withoutStackTraces();
    // azure-native's class aliases past the SDK's Output machinery (classAliases.ts).
    const restoreClassAliases = deferClassAliases();
    try {
        const outputs = await pulumi.runtime.runInPulumiStack(async () => {
            // eslint-disable-next-line @typescript-eslint/no-require-imports
            const mod = require(programConfig.entry) as Json | (() => unknown);
            return typeof mod === "function" ? await mod() : mod;
        });
        await recorder.settle();
        const outputsSeen = Object.keys(recorder.stackOutputs).length > 0;
        const stackOutputs = outputsSeen || !outputs ? recorder.stackOutputs : (sanitize(await serializeOutputs(outputs as Json)) as Json);
        return { project, stack, resources: recorder.resources, outputs: stackOutputs, files: programConfig, invokes: [...recorder.invokes] };
    } finally {
        restoreClassAliases();
        restoreStackTraces();
        process.chdir(previousCwd);
        recorder.restore();
    }
}

async function serializeOutputs(outputs: Json): Promise<unknown> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const rpc = require("@pulumi/pulumi/runtime/rpc") as { serializeProperties(label: string, props: Json): Promise<Json> };
    return rpc.serializeProperties("outputs", outputs);
}

