// The Pulumi CLI's side of the Analyzer protocol, for the conformance test: start a compiled Node.js policy pack the
// way the CLI's policy host does, and drive it over gRPC with the stubs that ship in @pulumi/pulumi/proto.
//
// - Start (pulumi/pulumi pkg/resource/plugin/analyzer_plugin.go `NewPolicyAnalyzer`, legacy path for a pack without a
//   language plugin): run `@pulumi/pulumi/cmd/run-policy-pack <engine address> .` with node in the pack's directory
//   (what the `pulumi-analyzer-policy` shim does), env PULUMI_CONFIG, PULUMI_NODEJS_PROJECT/STACK/DRY_RUN
//   (`constructEnv`); the pack prints its port on stdout (@pulumi/policy server.js `serve`).
// - Handshake (tolerating UNIMPLEMENTED, as `NewPolicyAnalyzer` does), ConfigureStack, GetAnalyzerInfo, then
//   ReconcilePolicyPackConfig + Configure (pkg/engine/update.go; tools/policy-runner/engineConfig.ts), Analyze per
//   resource on its inputs, AnalyzeStack on the outputs with the resource graph (analyzer_plugin.go `Analyze`,
//   `AnalyzeStack`; pkg/resource/deploy/step_generator.go `AnalyzeResources`).
// - A diagnostic without a URN from Analyze is about the analyzed resource (the engine reports it there).
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type { EnforcementLevel, PlannedResource } from "../../tools/plan/types";
import {
    AnalyzerPolicyInfo,
    ParsedPolicyConfig,
    parsePolicyPackConfig,
    reconcilePolicyPackConfig,
    ReconciledConfig,
} from "../../tools/policy-runner/engineConfig";
import { rawValuesOf } from "../../tools/plan/rawValues";
import { analyzerWire } from "../../tools/policy-runner/analyzerWire";
import { resourceOptions } from "../../tools/policy-runner/runPolicies";

/**
 * What the engine sends for a resource: its registered values (kept in memory by the evaluation) marshaled as the
 * engine does. Taken straight from the evaluation, not from the runner, so a runner that saw other values would differ.
 */
function analyzerWireOf(r: PlannedResource, which: "inputs" | "outputs"): Record<string, unknown> {
    const raw = rawValuesOf(r);
    if (raw === undefined) {
        throw new Error(`${r.urn} was not recorded by an evaluation: the conformance test needs the registered values`);
    }
    return analyzerWire(raw[which]);
}

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The gRPC runtime and protobuf runtime the generated stubs use (dependencies of @pulumi/pulumi).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] })) as typeof import("@grpc/grpc-js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const structPb = require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] })) as {
    Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};

type Struct = Parameters<analyzerPb.AnalyzeRequest["setProperties"]>[0];
const toStruct = (value: Record<string, unknown>): Struct => structPb.Struct.fromJavaScript(value) as Struct;

const LEVEL_TO_PROTO: Readonly<Record<EnforcementLevel, analyzerPb.EnforcementLevel>> = {
    advisory: analyzerPb.EnforcementLevel.ADVISORY,
    mandatory: analyzerPb.EnforcementLevel.MANDATORY,
    remediate: analyzerPb.EnforcementLevel.REMEDIATE,
    disabled: analyzerPb.EnforcementLevel.DISABLED,
};
function levelFromProto(level: analyzerPb.EnforcementLevel): EnforcementLevel {
    const found = (Object.entries(LEVEL_TO_PROTO) as Array<[EnforcementLevel, analyzerPb.EnforcementLevel]>).find(([, v]) => v === level);
    if (!found) {
        throw new Error(`unknown enforcement level ${level}`);
    }
    return found[0];
}

/** A diagnostic as the CLI reports it: policy, level, URN (and the pack's message: description + "\n" + message). */
export interface AnalyzerDiagnostic {
    readonly policy: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly urn?: string;
    readonly message: string;
}

function diagnostics(resp: analyzerPb.AnalyzeResponse, defaultUrn?: string): AnalyzerDiagnostic[] {
    return resp.getDiagnosticsList().map((d) => {
        const urn = d.getUrn() || defaultUrn;
        return {
            policy: d.getPolicyname(),
            enforcementLevel: levelFromProto(d.getEnforcementlevel()),
            ...(urn ? { urn } : {}),
            message: d.getMessage(),
        };
    });
}

function unary<Req, Res>(
    call: (req: Req, cb: (err: import("@grpc/grpc-js").ServiceError | null, res: Res) => void) => unknown,
    req: Req,
): Promise<Res> {
    return new Promise((resolve, reject) => {
        call(req, (err, res) => (err ? reject(err) : resolve(res)));
    });
}

/** The explicit provider's resource, as the engine attaches it (its inputs), when the plan recorded it. */
function providerOf(r: PlannedResource, byUrn: ReadonlyMap<string, PlannedResource>): analyzerPb.AnalyzerProviderResource | undefined {
    if (r.provider === undefined) {
        return undefined;
    }
    const i = r.provider.lastIndexOf("::");
    const p = byUrn.get(i > 0 ? r.provider.slice(0, i) : r.provider);
    if (p === undefined) {
        return undefined;
    }
    const res = new analyzerPb.AnalyzerProviderResource();
    res.setUrn(p.urn);
    res.setType(p.type);
    res.setName(p.name);
    res.setProperties(toStruct(analyzerWireOf(p, "inputs")));
    return res;
}

function options(r: PlannedResource): analyzerPb.AnalyzerResourceOptions {
    const o = resourceOptions(r);
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(o.protect);
    opts.setIgnorechangesList([...o.ignoreChanges]);
    opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
    opts.setDeletebeforereplace(o.deleteBeforeReplace === true);
    opts.setAdditionalsecretoutputsList([...o.additionalSecretOutputs]);
    opts.setAliasesList([...o.aliases]);
    const t = new analyzerPb.AnalyzerResourceOptions.CustomTimeouts();
    t.setCreate(o.customTimeouts.createSeconds);
    t.setUpdate(o.customTimeouts.updateSeconds);
    t.setDelete(o.customTimeouts.deleteSeconds);
    opts.setCustomtimeouts(t);
    opts.setParent(o.parent ?? "");
    return opts;
}

/** A running policy pack, as the CLI's policy host runs it. `stop()` kills the process. */
export class PolicyPackServer {
    private constructor(
        private readonly child: ChildProcess,
        readonly port: number,
        private readonly client: analyzerGrpc.AnalyzerClient,
        readonly stderr: () => string,
    ) {}

    /** Starts the compiled pack in `packDir` (its package.json `main`); resolves when it printed its port. */
    static start(packDir: string, env: { project: string; stack: string }): Promise<PolicyPackServer> {
        const script = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
        // The engine address is the CLI's own gRPC server; the pack does not call it for analysis.
        const child = spawn(process.execPath, [script, "127.0.0.1:0", "."], {
            cwd: packDir,
            env: {
                ...process.env,
                PULUMI_CONFIG: "{}",
                PULUMI_NODEJS_PROJECT: env.project,
                PULUMI_NODEJS_STACK: env.stack,
                PULUMI_NODEJS_DRY_RUN: "true",
            },
            stdio: ["ignore", "pipe", "pipe"],
        });
        let err = "";
        child.stderr?.on("data", (b: Buffer) => (err += b.toString("utf8")));
        return new Promise((resolve, reject) => {
            let out = "";
            const fail = (why: string): void => {
                child.kill("SIGKILL");
                reject(new Error(`policy pack did not start: ${why}\n${err}`));
            };
            const timer = setTimeout(() => fail("no port on stdout within 30 s"), 30_000);
            child.on("exit", (code) => {
                clearTimeout(timer);
                fail(`exited with ${code}`);
            });
            child.stdout?.on("data", (b: Buffer) => {
                out += b.toString("utf8");
                const line = /^(\d+)\s*$/m.exec(out);
                if (line) {
                    clearTimeout(timer);
                    child.removeAllListeners("exit");
                    const port = Number(line[1]);
                    const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
                    resolve(new PolicyPackServer(child, port, client, () => err));
                }
            });
        });
    }

    /** Handshake: "ok", or "unimplemented" (the CLI then falls back to the older protocol). */
    async handshake(dir: string): Promise<"ok" | "unimplemented"> {
        const req = new analyzerPb.AnalyzerHandshakeRequest();
        req.setEngineAddress("127.0.0.1:0");
        req.setRootDirectory(dir);
        req.setProgramDirectory(dir);
        try {
            await unary(this.client.handshake.bind(this.client), req);
            return "ok";
        } catch (e) {
            if ((e as { code?: number }).code === grpc.status.UNIMPLEMENTED) {
                return "unimplemented";
            }
            throw e;
        }
    }

    async configureStack(project: string, stack: string): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setProject(project);
        req.setStack(stack);
        req.setOrganization("organization");
        req.setDryRun(true);
        await unary(this.client.configureStack.bind(this.client), req);
    }

    /** GetAnalyzerInfo: the policies (name, level, config schema) and the pack's initial config. */
    async info(): Promise<{ name: string; supportsConfig: boolean; policies: AnalyzerPolicyInfo[]; initialConfig: Map<string, ParsedPolicyConfig> }> {
        type EmptyT = Parameters<analyzerGrpc.AnalyzerClient["getAnalyzerInfo"]>[0];
        // The Empty class the stub checks with `instanceof`: google-protobuf as @pulumi/pulumi resolves it.
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [pulumiDir] })) as { Empty: new () => EmptyT };
        const info = await unary<EmptyT, analyzerPb.AnalyzerInfo>(this.client.getAnalyzerInfo.bind(this.client), new Empty());
        const policies = info.getPoliciesList().map((p): AnalyzerPolicyInfo => {
            const schema = p.getConfigschema();
            return {
                name: p.getName(),
                enforcementLevel: levelFromProto(p.getEnforcementlevel()),
                ...(schema
                    ? {
                          configSchema: {
                              properties: (schema.getProperties()?.toJavaScript() ?? {}) as NonNullable<AnalyzerPolicyInfo["configSchema"]>["properties"],
                              required: schema.getRequiredList(),
                          },
                      }
                    : {}),
            };
        });
        const initialConfig = new Map<string, ParsedPolicyConfig>();
        info.getInitialconfigMap().forEach((c, name) => {
            initialConfig.set(name, { enforcementLevel: levelFromProto(c.getEnforcementlevel()), properties: (c.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown> });
        });
        return { name: info.getName(), supportsConfig: info.getSupportsconfig(), policies, initialConfig };
    }

    async configure(config: ReconciledConfig): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        for (const [name, c] of Object.entries(config)) {
            if (c.enforcementLevel === "") {
                throw new Error(`invalid enforcement level "" for ${name}`); // analyzer_plugin.go `Configure`
            }
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_TO_PROTO[c.enforcementLevel]);
            pc.setProperties(toStruct(c.properties));
            req.getPolicyconfigMap().set(name, pc);
        }
        await unary(this.client.configure.bind(this.client), req);
    }

    /** Analyze: one resource's inputs, as the engine sends them. */
    async analyze(r: PlannedResource, byUrn: ReadonlyMap<string, PlannedResource> = new Map()): Promise<AnalyzerDiagnostic[]> {
        const req = new analyzerPb.AnalyzeRequest();
        const provider = providerOf(r, byUrn);
        if (provider !== undefined) {
            req.setProvider(provider);
        }
        req.setUrn(r.urn);
        req.setType(r.type);
        req.setName(r.name);
        req.setProperties(toStruct(analyzerWireOf(r, "inputs")));
        req.setOptions(options(r));
        return diagnostics(await unary(this.client.analyze.bind(this.client), req), r.urn);
    }

    /** AnalyzeStack: every resource's outputs, parent, dependencies and (non-empty) property dependencies. */
    async analyzeStack(resources: readonly PlannedResource[]): Promise<AnalyzerDiagnostic[]> {
        const req = new analyzerPb.AnalyzeStackRequest();
        const byUrn = new Map(resources.map((r) => [r.urn, r]));
        req.setResourcesList(
            resources.map((r) => {
                const res = new analyzerPb.AnalyzerResource();
                const provider = providerOf(r, byUrn);
                if (provider !== undefined) {
                    res.setProvider(provider);
                }
                res.setUrn(r.urn);
                res.setType(r.type);
                res.setName(r.name);
                res.setProperties(toStruct(analyzerWireOf(r, "outputs")));
                res.setOptions(options(r));
                res.setParent(r.parent ?? "");
                res.setDependenciesList([...r.dependencies]);
                for (const [key, urns] of Object.entries(r.propertyDependencies)) {
                    if (urns.length > 0) {
                        const deps = new analyzerPb.AnalyzerPropertyDependencies();
                        deps.setUrnsList([...urns]);
                        res.getPropertydependenciesMap().set(key, deps);
                    }
                }
                return res;
            }),
        );
        return diagnostics(await unary(this.client.analyzeStack.bind(this.client), req));
    }

    /** Closes the channel and kills the pack's process; resolves when it has exited. */
    async stop(): Promise<void> {
        this.client.close();
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
            return;
        }
        await new Promise<void>((resolve) => {
            this.child.once("exit", () => resolve());
            this.child.kill("SIGKILL");
        });
    }

    /** Whether the process is still running. */
    get running(): boolean {
        return this.child.exitCode === null && this.child.signalCode === null;
    }
}

/**
 * What `pulumi preview --policy-pack <pack> --policy-pack-config <file>` does with the pack for `resources`, after the
 * pack was started and handshaken: GetAnalyzerInfo, reconcile and Configure, Analyze each resource in registration
 * order, AnalyzeStack. Returns every diagnostic. `configFile` is the parsed config file (undefined: none).
 */
export async function analyzeLikeTheCli(server: PolicyPackServer, resources: readonly PlannedResource[], configFile: unknown): Promise<AnalyzerDiagnostic[]> {
    const info = await server.info();
    if (!info.supportsConfig) {
        throw new Error("the pack does not support config");
    }
    const { entries, problems: parseProblems } = configFile === undefined ? { entries: new Map<string, ParsedPolicyConfig>(), problems: [] } : parsePolicyPackConfig(configFile);
    const { config, problems } = reconcilePolicyPackConfig(info.policies, entries, info.initialConfig);
    if (parseProblems.length > 0 || problems.length > 0) {
        throw new Error(`the CLI would refuse this config:\n${[...parseProblems, ...problems].join("\n")}`);
    }
    await server.configure(config);
    const found: AnalyzerDiagnostic[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const r of resources) {
        found.push(...(await server.analyze(r, byUrn)));
    }
    found.push(...(await server.analyzeStack(resources)));
    return found;
}
