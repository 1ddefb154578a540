/*
 * Offline plan: evaluates a stack under Pulumi's mocks with its real config, prints what it would create,
 * runs the policy pack in-process, and exits 0 (fine), 1 (mandatory policy violations) or 2 (bad config,
 * bad arguments or a program error). No cloud credentials, no Pulumi CLI.
 *
 * With `--diff OLD.json` or `--base REF` it prints what would change instead (like `pulumi preview --diff`),
 * against a saved plan or against the same stack planned at a git revision (in a temporary worktree).
 */
import * as fs from "fs";
import * as path from "path";
import { InputError, planAtRevision } from "./baseRevision";
import { deferClosureSerialization } from "./deferClosure";
import { Cli, CliIo, guarded, jsonErrorPosition, main, parseStackArgs, PROJECT_DIR, resolveIn, UsageError } from "./common";
import { diffPlans, PlanDiff } from "../diff/diff";
import { renderDiffMarkdown, renderDiffText } from "../diff/render";
import { renderComponentMermaid, renderMermaid } from "../diff/mermaid";
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
import { mockClock, parseRfc3339 } from "../plan/clock";
import type { DeployabilityFinding } from "../deployability/report";
import { AdoptedResource, adoptionDrift, renderDriftMarkdown, renderDriftText } from "../adopt/drift";

const USAGE = `Usage: npm run plan -- --stack <name> [--format text|json|markdown|mermaid] [--json] [--out FILE]
                     [--diff OLD.json | --base REF] [--program DIR] [--policy-config FILE] [--no-policies]
                     [--now RFC3339]

  --stack NAME          the stack to plan: reads Pulumi.yaml, then Pulumi.<NAME>.yaml
  --format FORMAT       text (default): the resource tree and a summary, or the diff with --diff/--base;
                        json: the plan document (with --diff/--base: the diff as JSON);
                        markdown: the changes (everything is a create without --diff/--base), for a PR comment;
                        mermaid: the resource graph (with --diff/--base: changed resources highlighted)
  --view VIEW           with --format mermaid: resources (default), or components: one box per top-level
                        component, an arrow where one's resources depend on another's (no diff highlighting)
  --json                same as --format json
  --out FILE            also write the JSON plan to FILE
  --diff OLD.json       show what would change from a saved plan (from --json or --out)
  --base REF            show what would change from the same stack at git revision REF (built in a temporary
                        worktree with this checkout's node_modules; removed afterwards)
  --program DIR         plan another Pulumi TypeScript/JavaScript program (default: this project)
  --policy-config FILE  policy pack config (default: policies/config.<environment>.json when it exists)
  --no-policies         skip the policy pack
  --now TIME            the plan's clock, RFC 3339 (e.g. 2026-11-29T12:00:00Z), for reproducible runs: mocked
                        \`time\` resources are created at it and policies measure validity from it; default: the
                        real current time, as under \`pulumi preview\` (\`time\` resources: the start of its UTC day)

Exit codes: 0 no mandatory violation and no deployability finding, 1 mandatory policy violations or
deployability findings (API rejections predicted; of the new plan when diffing, plus its deletes/replaces under a
locked scope), 2 bad config, arguments, plan file, base revision or program error, or the output's reader went away
(a closed pipe: the output is cut off).`;

/** The project this CLI belongs to (dist/tools/cli/plan.js → the repository checkout). */
const PROJECT_ROOT = PROJECT_DIR;

interface PlanOptions {
    readonly stack: string;
    readonly format: PlanFormat;
    readonly out?: string;
    readonly program: string;
    readonly policyConfig?: string;
    readonly policies: boolean;
    readonly diff?: string;
    readonly base?: string;
    readonly now?: number;
    readonly view: "resources" | "components";
}

function parseOptions(argv: readonly string[], io: CliIo): PlanOptions | undefined {
    const args = parseStackArgs(argv, {
        json: { type: "boolean", default: false },
        format: { type: "string" },
        out: { type: "string" },
        diff: { type: "string" },
        base: { type: "string" },
        "policy-config": { type: "string" },
        "no-policies": { type: "boolean", default: false },
        now: { type: "string" },
        view: { type: "string" },
    }, io);
    if (args.help) {
        return undefined;
    }
    const { stack, program, values } = args;
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
    const nowText = typeof values.now === "string" ? values.now : undefined;
    const now = nowText === undefined ? undefined : parseRfc3339(nowText);
    if (nowText !== undefined && now === undefined) {
        throw new UsageError(`\`--now\` must be an RFC 3339 date-time such as 2026-11-29T12:00:00Z (found: ${nowText})`);
    }
    const view = typeof values.view === "string" ? values.view : "resources";
    if (view !== "resources" && view !== "components") {
        throw new UsageError(`\`--view\` must be resources or components (found: ${view})`);
    }
    if (view === "components" && v.format !== "mermaid") {
        throw new UsageError("`--view components` goes with `--format mermaid`");
    }
    if (view === "components" && (v.diff !== undefined || v.base !== undefined)) {
        throw new UsageError("`--view components` draws no diff: leave out `--diff`/`--base`, or use the resource view");
    }
    if (v.diff !== undefined && v.base !== undefined) {
        throw new UsageError("give either `--diff OLD.json` or `--base REF`, not both");
    }
    for (const [option, value] of [["--out", v.out], ["--diff", v.diff], ["--base", v.base], ["--policy-config", v.policyConfig]] as const) {
        if (value === "") {
            throw new UsageError(`\`${option}\` needs a value (found an empty string)`);
        }
    }
    if (v.noPolicies && v.policyConfig !== undefined) {
        throw new UsageError("`--policy-config` has no effect with `--no-policies`: give one or the other");
    }
    return {
        stack,
        format: v.json ? "json" : ((v.format as PlanFormat | undefined) ?? "text"),
        out: v.out === undefined ? undefined : resolveIn(io, v.out),
        program,
        policyConfig: v.policyConfig === undefined ? undefined : resolveIn(io, v.policyConfig),
        policies: !v.noPolicies,
        diff: v.diff,
        base: v.base,
        ...(now !== undefined ? { now } : {}),
        view,
    };
}

/**
 * Writes `content` to `file` atomically: a temporary file in the same directory, renamed over `file`, so a reader
 * never sees a half-written plan. Errors name the option (`--out`) and the file.
 */
export function writeAtomically(file: string, content: string, option = "--out"): void {
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        if (fs.existsSync(file) && fs.statSync(file).isDirectory()) {
            throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
        }
        fs.writeFileSync(tmp, content);
        fs.renameSync(tmp, file);
    } catch (err) {
        try {
            fs.rmSync(tmp, { force: true });
        } catch {
            // nothing was created
        }
        const code = (err as NodeJS.ErrnoException).code;
        const why = code === "EISDIR" ? "it is a directory" : code === "EACCES" || code === "EPERM" ? "permission denied" : code === "ENOTDIR" ? "a parent is not a directory" : (code ?? (err as Error).message);
        throw new InputError(`\`${option}\` ${file}: cannot write the plan (${why})`);
    }
}

/**
 * Fails (exit 2) when `file` is readable but not JSON, naming the option and the position, never quoting the file
 * (the parser's own message does). An unreadable file is left to the code that reads it.
 */
function assertJsonSyntax(file: string, option: string): void {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        return;
    }
    try {
        JSON.parse(text);
    } catch (err) {
        throw new InputError(`\`${option}\` ${file} is not valid JSON${jsonErrorPosition(text, err)}`);
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
        throw new InputError(`${file} is not valid JSON${jsonErrorPosition(text, err)}`);
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
            return options.view === "components" ? `${renderComponentMermaid(evaluated.resources)}\n` : `${renderMermaid(evaluated.resources, diff ? { diff } : {})}\n`;
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
    io: CliIo,
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
        io.stderr.write(`warning: preflight skipped: ${(err as Error).message.split("\n")[0] ?? ""}\n`);
        return undefined;
    }
}

/** The stack's `adopt` config section (JSON text in the flat config map), or undefined. */
function adoptSection(config: Readonly<Record<string, string>>, project: string): unknown {
    const text = config[`${project}:adopt`];
    if (text === undefined) {
        return undefined;
    }
    try {
        return JSON.parse(text) as unknown;
    } catch {
        return undefined;
    }
}

/** Appends the adoption report to the text and Markdown outputs (JSON carries it as `adoption`; Mermaid draws imports). */
function withAdoption(format: PlanFormat, output: string, adoption: readonly AdoptedResource[]): string {
    if (adoption.length === 0 || (format !== "text" && format !== "markdown")) {
        return output;
    }
    return `${output}\n${format === "text" ? renderDriftText(adoption) : renderDriftMarkdown(adoption)}\n`;
}

/** `npm run plan`: see USAGE. */
export const run: Cli = (argv, io) =>
    guarded(io, USAGE, async (strayError) => {
        const options = parseOptions(argv, io);
        if (!options) {
            io.stdout.write(`${USAGE}\n`);
            return 0;
        }
        if (options.out !== undefined && fs.existsSync(options.out) && fs.statSync(options.out).isDirectory()) {
            throw new InputError(`\`--out\` ${options.out}: cannot write the plan (it is a directory)`);
        }
        if (options.policies && options.policyConfig !== undefined) {
            assertJsonSyntax(options.policyConfig, "--policy-config");
        }
        // A bad saved plan fails before any evaluation; the base revision builds while this one evaluates.
        const saved = options.diff !== undefined ? readPlanFile(resolveIn(io, options.diff)) : undefined;
        const base = options.base !== undefined ? planAtRevision(options.base, options.stack, options.program, mockClock(options.now)) : undefined;
        base?.catch(() => undefined); // awaited below; do not let it count as unhandled meanwhile

        deferClosureSerialization(io.env ?? process.env);
        const { evaluateProgram } = await import("../plan/evaluate");
        let evaluated: Awaited<ReturnType<typeof evaluateProgram>>;
        try {
            // The plan's clock: mocked `time` resources are created at it, policies measure validity from it (../plan/clock.ts).
            evaluated = await evaluateProgram(options.program, options.stack, { clock: mockClock(options.now) });
        } catch (err) {
            // The base revision's worktree is removed when its plan settles: wait for it, so a failed run leaves nothing behind.
            await base?.catch(() => undefined);
            throw err;
        }
        let violations: PlanViolation[] = [];
        if (options.policies) {
            const { checkPolicies } = await import("../policy-runner/planPolicies");
            violations = await checkPolicies(evaluated, {
                ...(options.policyConfig !== undefined ? { policyConfig: options.policyConfig } : {}),
                ...(options.now !== undefined ? { now: options.now } : {}),
                warn: (message) => io.stderr.write(`${message}\n`),
            });
        }
        const preflight = await preflightFindings(evaluated, options.program, io);
        // Deployability (tools/deployability): predicted API rejections; with a diff, also its deletes under a lock.
        const deployabilityReport = await import("../deployability/report");
        const planFindings = deployabilityReport.planDeployability(evaluated);
        // Adopted resources (the `import` option) and what the first `up` enforces on them (tools/adopt/drift.ts).
        const adoption = adoptionDrift(evaluated.resources, adoptSection(evaluated.files.config, evaluated.project));
        const doc = {
            ...planDocument(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, violations, preflight?.findings),
            deployability: planFindings,
            ...(adoption.length > 0 ? { adoption } : {}),
        };
        // A program error nobody awaited (an apply that threw) means the plan is incomplete: nothing is written.
        await strayError();

        let diff: PlanDiff | undefined;
        let against: string | undefined;
        let before: PlanDocument | undefined = saved;
        if (saved) {
            diff = diffPlans(saved, doc);
            against = options.diff;
        } else if (base) {
            const b = await base;
            let basePlan: PlanDocument;
            try {
                basePlan = assertPlanDocument(b.plan, `the plan of ${b.label}`);
            } catch (err) {
                throw new InputError((err as Error).message);
            }
            diff = diffPlans(basePlan, doc);
            against = b.label;
            before = basePlan;
        }
        const deployability = diff ? deployabilityReport.planDeployability(evaluated, diff, before?.resources) : planFindings;
        const deployabilityOut = {
            findings: deployability,
            text: deployabilityReport.renderDeployabilityText(deployability),
            markdown: deployabilityReport.renderDeployabilityMarkdown(deployability),
        };
        const output = withAdoption(options.format, render(options, doc, evaluated, violations, diff, against, preflight, deployabilityOut), adoption);
        if (options.out) {
            writeAtomically(options.out, `${JSON.stringify(doc, null, 2)}\n`);
        }
        io.stdout.write(output);
        return violations.some((v) => v.enforcementLevel === "mandatory") || deployability.length > 0 ? 1 : 0;
    });

if (require.main === module) {
    main(run);
}
