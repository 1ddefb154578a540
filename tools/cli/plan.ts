/*
 * Offline plan: evaluates a stack under Pulumi's mocks with its real config, prints what it would create,
 * runs the policy pack in-process, and exits 0 (fine), 1 (mandatory policy violations) or 2 (bad config,
 * bad arguments or a program error). No cloud credentials, no Pulumi CLI.
 *
 * With `--diff OLD.json` or `--base REF` it prints what would change instead (like `pulumi preview --diff`),
 * against a saved plan or against the same stack planned at a git revision (in a temporary worktree).
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseStackArgs, PROJECT_DIR, runCli, UsageError } from "./common";
import { diffPlans, PlanDiff, renderDiffMarkdown, renderDiffText } from "../diff/diff";
import { renderMermaid } from "../diff/mermaid";
import {
    assertPlanDocument,
    emptyPlan,
    PLAN_FORMATS,
    PlanDocument,
    planDocument,
    PlanFormat,
    PreflightFinding,
    renderPreflightMarkdown,
    renderSummary,
    renderTree,
    renderViolations,
    renderViolationsMarkdown,
} from "../plan/render";
import type { PlanViolation } from "../plan/types";
import type { DeployabilityFinding } from "../deployability/report";

const USAGE = `Usage: npm run plan -- --stack <name> [--format text|json|markdown|mermaid] [--json] [--out FILE]
                     [--diff OLD.json | --base REF] [--program DIR] [--policy-config FILE] [--no-policies]

  --stack NAME          the stack to plan: reads Pulumi.yaml, then Pulumi.<NAME>.yaml
  --format FORMAT       text (default): the resource tree and a summary, or the diff with --diff/--base;
                        json: the plan document (with --diff/--base: the diff as JSON);
                        markdown: the changes (everything is a create without --diff/--base), for a PR comment;
                        mermaid: the resource graph (with --diff/--base: changed resources highlighted)
  --json                same as --format json
  --out FILE            also write the JSON plan to FILE
  --diff OLD.json       show what would change from a saved plan (from --json or --out)
  --base REF            show what would change from the same stack at git revision REF (built in a temporary
                        worktree with this checkout's node_modules; removed afterwards)
  --program DIR         plan another Pulumi TypeScript/JavaScript program (default: this project)
  --policy-config FILE  policy pack config (default: policies/config.<environment>.json when it exists)
  --no-policies         skip the policy pack

Exit codes: 0 no mandatory violation and no deployability finding, 1 mandatory policy violations or
deployability findings (API rejections predicted; of the new plan when diffing, plus its deletes/replaces under a
locked scope), 2 bad config, arguments, plan file, base revision or program error.`;

/** The project this CLI belongs to (dist/tools/cli/plan.js → the repository checkout). */
const PROJECT_ROOT = PROJECT_DIR;

/** A problem that is not the program's: unreadable plan file, unknown revision, base build failure (exit 2). */
class InputError extends Error {}

interface PlanOptions {
    readonly stack: string;
    readonly format: PlanFormat;
    readonly out?: string;
    readonly program: string;
    readonly policyConfig?: string;
    readonly policies: boolean;
    readonly diff?: string;
    readonly base?: string;
}

function parseOptions(argv: string[]): PlanOptions {
    const { stack, program, values } = parseStackArgs(argv, USAGE, {
        json: { type: "boolean", default: false },
        format: { type: "string" },
        out: { type: "string" },
        diff: { type: "string" },
        base: { type: "string" },
        "policy-config": { type: "string" },
        "no-policies": { type: "boolean", default: false },
    });
    const v = {
        json: values.json === true,
        format: typeof values.format === "string" ? values.format : undefined,
        out: typeof values.out === "string" ? values.out : undefined,
        diff: typeof values.diff === "string" ? values.diff : undefined,
        base: typeof values.base === "string" ? values.base : undefined,
        policyConfig: typeof values["policy-config"] === "string" ? values["policy-config"] : undefined,
        noPolicies: values["no-policies"] === true,
    };
    if (v.format !== undefined && !(PLAN_FORMATS as readonly string[]).includes(v.format)) {
        throw new UsageError(`\`--format\` must be one of ${PLAN_FORMATS.join(", ")} (found: ${v.format})`);
    }
    if (v.json && v.format !== undefined && v.format !== "json") {
        throw new UsageError(`\`--json\` and \`--format ${v.format}\` contradict each other`);
    }
    if (v.diff !== undefined && v.base !== undefined) {
        throw new UsageError("give either `--diff OLD.json` or `--base REF`, not both");
    }
    return {
        stack,
        format: v.json ? "json" : ((v.format as PlanFormat | undefined) ?? "text"),
        out: v.out,
        program,
        policyConfig: v.policyConfig,
        policies: !v.noPolicies,
        diff: v.diff,
        base: v.base,
    };
}

// ---------------------------------------------------------------------------------------------------------------
// Load time. The plan never serializes a function: closure serialization is for callback-style resources and
// dynamic providers. Yet `@pulumi/pulumi/runtime` requires the serializer and its code-path finder eagerly, and
// with them TypeScript's compiler and npm's arborist: about two thirds of the SDK's load time. The plan loads them
// on first use instead (`PLAN_EAGER_SDK=1` turns this off, to measure it). The stubs forward exactly the names
// `runtime/index.js` takes from each module; when its code does not have that shape, nothing is deferred.

const DEFERRABLE = ["./closure/serializeClosure", "./closure/codePaths"];

/** The property names `source` reads from the module it `require`s as `request`, if it only reads named properties. */
function namedImports(source: string, request: string): string[] | undefined {
    const escaped = request.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const binding = new RegExp(`(?:var|const|let)\\s+(\\w+)\\s*=\\s*require\\(["']${escaped}["']\\)`).exec(source)?.[1];
    if (!binding) {
        return undefined;
    }
    const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.(\\w+))?`, "g"))].slice(1);
    if (uses.length === 0 || uses.some((m) => m[2] === undefined)) {
        return undefined;
    }
    return [...new Set(uses.map((m) => m[2] as string))];
}

function deferClosureSerialization(): void {
    if (process.env.PLAN_EAGER_SDK) {
        return;
    }
    type Load = (this: unknown, request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _load: Load };
    const original = Module._load;
    const runtimeIndex = path.join("@pulumi", "pulumi", "runtime", "index.js");
    const names = new Map<string, string[] | undefined>();
    Module._load = function (this: unknown, request, parent, isMain) {
        const file = parent?.filename;
        if (file !== undefined && DEFERRABLE.includes(request) && file.endsWith(runtimeIndex)) {
            if (!names.has(`${file}\n${request}`)) {
                names.set(`${file}\n${request}`, namedImports(fs.readFileSync(file, "utf8"), request));
            }
            const exported = names.get(`${file}\n${request}`);
            if (exported) {
                let real: Record<string, (...args: unknown[]) => unknown> | undefined;
                const load = (): Record<string, (...args: unknown[]) => unknown> =>
                    (real ??= original.call(this, request, parent, isMain) as Record<string, (...args: unknown[]) => unknown>);
                return Object.fromEntries(exported.map((n) => [n, (...args: unknown[]) => (load()[n] as (...a: unknown[]) => unknown)(...args)]));
            }
        }
        // eslint-disable-next-line prefer-rest-params
        return original.apply(this, arguments as unknown as Parameters<Load>);
    };
}

// ---------------------------------------------------------------------------------------------------------------
// The base revision: a temporary worktree, built with this checkout's dependencies, planned by its own CLI.

/** Cleanups still to run (worktrees, child processes); run on any exit, even `process.exit` from an error, newest first. */
const cleanups = new Set<() => void>();
function runCleanups(): void {
    for (const c of [...cleanups].reverse()) {
        cleanups.delete(c);
        try {
            c();
        } catch {
            // best effort: the next cleanup still runs
        }
    }
}
process.on("exit", runCleanups);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
        runCleanups();
        process.exit(signal === "SIGINT" ? 130 : 143);
    });
}

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
    const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" });
    return { ok: r.status === 0, stdout: (r.stdout ?? "").trim(), stderr: (r.stderr ?? "").trim() || (r.error?.message ?? "") };
}

function isInside(child: string, parent: string): boolean {
    const rel = path.relative(parent, child);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Runs a command to completion; rejects with its output when it fails. Killed if the CLI exits first. */
function run(command: string, args: readonly string[], cwd: string, what: string): Promise<string> {
    return new Promise((resolve, reject) => {
        let child: ChildProcess;
        try {
            child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
        } catch (err) {
            reject(new InputError(`${what}: ${(err as Error).message}`));
            return;
        }
        const kill = (): void => {
            child.kill("SIGKILL");
        };
        cleanups.add(kill);
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        child.stdout?.on("data", (b: Buffer) => out.push(b));
        child.stderr?.on("data", (b: Buffer) => errOut.push(b));
        child.on("error", (err) => {
            cleanups.delete(kill);
            reject(new InputError(`${what}: ${err.message}`));
        });
        child.on("close", (code) => {
            cleanups.delete(kill);
            const stdout = Buffer.concat(out).toString("utf8");
            if (code === 0) {
                resolve(stdout);
            } else {
                const detail = `${Buffer.concat(errOut).toString("utf8")}${stdout}`.trim().split("\n").slice(-20).join("\n");
                reject(new InputError(`${what} failed (exit ${code}):\n${detail}`));
            }
        });
    });
}

/** The repository and the directory in it that hold the program (a program outside any repository: this project). */
function locateInRepo(programDir: string): { repo: string; programRel: string; projectRel: string } {
    const own = git(programDir, ["rev-parse", "--show-toplevel"]);
    const repo = own.ok ? fs.realpathSync(own.stdout) : undefined;
    const programReal = fs.realpathSync(programDir);
    if (repo && isInside(programReal, repo)) {
        const projectReal = fs.realpathSync(PROJECT_ROOT);
        return { repo, programRel: path.relative(repo, programReal), projectRel: isInside(projectReal, repo) ? path.relative(repo, projectReal) : "" };
    }
    const project = git(PROJECT_ROOT, ["rev-parse", "--show-toplevel"]);
    if (!project.ok) {
        throw new InputError(`--base needs a git repository: neither ${programDir} nor ${PROJECT_ROOT} is in one`);
    }
    const projectRepo = fs.realpathSync(project.stdout);
    const rel = path.relative(projectRepo, fs.realpathSync(PROJECT_ROOT));
    return { repo: projectRepo, programRel: rel, projectRel: rel };
}

/**
 * Plans `stack` as it is at git revision `ref`: `git worktree add --detach` into a temporary directory, symlink this
 * checkout's node_modules, build with this checkout's tsc, and run that revision's own plan CLI (`--json
 * --no-policies`) in a child process. The worktree is removed afterwards, whatever happens.
 */
async function planAtRevision(ref: string, stack: string, programDir: string): Promise<{ plan: PlanDocument; label: string }> {
    const { repo, programRel, projectRel } = locateInRepo(programDir);
    const commit = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (!commit.ok) {
        throw new InputError(`--base: unknown git revision ${ref}`);
    }
    const label = `${ref} (${commit.stdout.slice(0, 7)})`;
    const holder = fs.mkdtempSync(path.join(os.tmpdir(), "kv-plan-base-"));
    const worktree = path.join(holder, "tree");
    let added = false;
    const remove = (): void => {
        if (added) {
            try {
                fs.unlinkSync(path.join(worktree, projectRel, "node_modules"));
            } catch {
                // not linked yet
            }
            if (!git(repo, ["worktree", "remove", "--force", worktree]).ok) {
                fs.rmSync(worktree, { recursive: true, force: true });
                git(repo, ["worktree", "prune"]);
            }
        }
        fs.rmSync(holder, { recursive: true, force: true });
    };
    cleanups.add(remove);
    try {
        const add = git(repo, ["worktree", "add", "--detach", worktree, commit.stdout]);
        if (!add.ok) {
            throw new InputError(`--base: git worktree add failed: ${add.stderr}`);
        }
        added = true;
        const projectDir = path.join(worktree, projectRel);
        fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(projectDir, "node_modules"), "dir");
        const tsc = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsc");
        await run(tsc, ["-b"], projectDir, `building ${label} (tsc -b)`);
        // The program hashes the staged rotation function package (its deployment trigger): stage it as `npm run build` does.
        const stage = path.join(projectDir, "functions", "rotation", "scripts", "stage-deploy.mjs");
        if (fs.existsSync(stage)) {
            await run(process.execPath, [stage], projectDir, `staging the function package of ${label}`);
        }
        // Revisions before the tools/ layout kept the CLI in dist/scripts/.
        const cli = [path.join(projectDir, "dist", "tools", "cli", "plan.js"), path.join(projectDir, "dist", "scripts", "plan.js")].find((f) => fs.existsSync(f));
        if (cli === undefined) {
            throw new InputError(`--base: ${label} has no offline plan CLI (dist/tools/cli/plan.js after building)`);
        }
        const args = [cli, "--json", "--stack", stack, "--no-policies", "--program", path.join(worktree, programRel)];
        const stdout = await run(process.execPath, args, projectDir, `planning ${stack} at ${label}`);
        let parsed: unknown;
        try {
            parsed = JSON.parse(stdout);
        } catch (err) {
            throw new InputError(`planning ${stack} at ${label} printed no JSON plan: ${(err as Error).message}`);
        }
        return { plan: assertPlanDocument(parsed, `the plan of ${label}`), label };
    } finally {
        cleanups.delete(remove);
        remove();
    }
}

/** A saved plan document (`--diff`): exit 2 when it cannot be read or is not a plan. */
function readPlanFile(file: string): PlanDocument {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`cannot read plan file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new InputError(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    try {
        return assertPlanDocument(parsed, file);
    } catch (err) {
        throw new InputError((err as Error).message);
    }
}

// ---------------------------------------------------------------------------------------------------------------

function render(
    options: PlanOptions,
    doc: PlanDocument,
    evaluated: { resources: Parameters<typeof renderTree>[0]; project: string; stack: string; outputs: Record<string, unknown> },
    violations: readonly PlanViolation[],
    diff: PlanDiff | undefined,
    against: string | undefined,
    preflight: Preflight | undefined,
    deployability: { readonly findings: readonly DeployabilityFinding[]; readonly text: string; readonly markdown: string },
): string {
    const findings = preflight?.findings;
    const opts = against ? { against } : {};
    switch (options.format) {
        case "json":
            return `${JSON.stringify(diff ? { ...diff, policies: { violations }, ...(findings ? { preflight: findings } : {}), deployability: deployability.findings } : doc, null, 2)}\n`;
        case "mermaid":
            return `${renderMermaid(evaluated.resources, diff ? { diff } : {})}\n`;
        case "markdown": {
            const d = diff ?? diffPlans(emptyPlan(doc.project, doc.stack), doc);
            const more = findings ? `\n\n${renderPreflightMarkdown(findings)}` : "";
            return `${renderDiffMarkdown(d, opts)}\n\n${renderViolationsMarkdown(violations)}\n\n${deployability.markdown}${more}\n`;
        }
        case "text": {
            const more = preflight ? `\n\n${preflight.text}` : "";
            if (diff) {
                return `${renderDiffText(diff, opts)}\n\n${renderViolations(violations)}\n${deployability.text}${more}\n`;
            }
            const summary = renderSummary(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, violations);
            return `${renderTree(evaluated.resources)}\n\n${summary}\n${deployability.text}${more}\n`;
        }
    }
}

/** Preflight findings and their text report. */
interface Preflight {
    readonly findings: readonly PreflightFinding[];
    readonly text: string;
}

/**
 * Preflight findings (tools/preflight/preflight.ts: how Key Vault-linked variable groups break) for this project's stacks; none
 * for another program. A preflight that cannot run is reported on stderr and does not fail the plan.
 */
async function preflightFindings(
    evaluated: Awaited<ReturnType<typeof import("../plan/evaluate").evaluateProgram>>,
    programDir: string,
): Promise<Preflight | undefined> {
    const projectFile = path.join(PROJECT_ROOT, "Pulumi.yaml");
    const ownName = /^name:\s*(\S+)\s*$/m.exec(fs.existsSync(projectFile) ? fs.readFileSync(projectFile, "utf8") : "")?.[1];
    if (evaluated.project !== ownName) {
        return undefined;
    }
    try {
        const [{ preflight, renderFindings }, { readStackConfig }] = await Promise.all([import("../preflight/preflight"), import("../preflight/stackConfig")]);
        const { config } = readStackConfig(programDir, evaluated.stack, evaluated.files);
        const findings = preflight({ config, plan: evaluated, stack: evaluated.stack });
        return { findings, text: renderFindings(findings, `Preflight for ${evaluated.project}/${evaluated.stack}`) };
    } catch (err) {
        process.stderr.write(`warning: preflight skipped: ${(err as Error).message.split("\n")[0] ?? ""}\n`);
        return undefined;
    }
}

async function main(): Promise<number> {
    const options = parseOptions(process.argv.slice(2));
    // A bad saved plan fails before any evaluation; the base revision builds while this one evaluates.
    const saved = options.diff !== undefined ? readPlanFile(options.diff) : undefined;
    const base = options.base !== undefined ? planAtRevision(options.base, options.stack, options.program) : undefined;
    base?.catch(() => undefined); // awaited below; do not let it count as unhandled meanwhile

    deferClosureSerialization();
    const { evaluateProgram } = await import("../plan/evaluate");
    const evaluated = await evaluateProgram(options.program, options.stack);
    let violations: PlanViolation[] = [];
    if (options.policies) {
        const { checkPolicies } = await import("../policy-runner/planPolicies");
        violations = await checkPolicies(evaluated, options.policyConfig);
    }
    const preflight = await preflightFindings(evaluated, options.program);
    // Deployability (tools/deployability): predicted API rejections; with a diff, also its deletes under a lock.
    const deployabilityReport = await import("../deployability/report");
    const planFindings = deployabilityReport.planDeployability(evaluated);
    const doc = {
        ...planDocument(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, violations, preflight?.findings),
        deployability: planFindings,
    };
    if (options.out) {
        fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        fs.writeFileSync(options.out, `${JSON.stringify(doc, null, 2)}\n`);
    }

    let diff: PlanDiff | undefined;
    let against: string | undefined;
    if (saved) {
        diff = diffPlans(saved, doc);
        against = options.diff;
    } else if (base) {
        const b = await base;
        diff = diffPlans(b.plan, doc);
        against = b.label;
    }
    const before = saved ?? (base ? (await base).plan : undefined);
    const deployability = diff ? deployabilityReport.planDeployability(evaluated, diff, before?.resources) : planFindings;
    const deployabilityOut = {
        findings: deployability,
        text: deployabilityReport.renderDeployabilityText(deployability),
        markdown: deployabilityReport.renderDeployabilityMarkdown(deployability),
    };
    process.stdout.write(render(options, doc, evaluated, violations, diff, against, preflight, deployabilityOut));
    return violations.some((v) => v.enforcementLevel === "mandatory") || deployability.length > 0 ? 1 : 0;
}

// A program error inside an apply surfaces as an unhandled rejection: it is still the program's error (exit 2).
runCli(main, USAGE);
