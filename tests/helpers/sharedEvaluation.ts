/*
 * One evaluation per shipped stack per test process. Most CLI tests plan a shipped stack (`--stack staging`, read
 * only) to check a format, an option or an exit code: each used to evaluate the whole program under the mocks again
 * (≈ 1 s of the 2-core machine each). Importing this module makes `evaluateProgram` of tools/plan/evaluate.ts return
 * the recorded result of an earlier identical evaluation instead, when — and only when — all of these match:
 *   - the program is this repository (REPO_ROOT, or a copy of it: see below),
 *   - the stack, the evaluate options (clock, firstPreview), PLAN_STACK_TRACES and PLAN_SDK_ALIASES,
 *   - the bytes of Pulumi.yaml and Pulumi.<stack>.yaml (a test that edits a stack file gets a fresh evaluation).
 * The same for a copy of this program in another directory (tests/plan/planCli.ts programWithStack, tests/adopt and
 * tests/hostile's programDir): a `--program` directory whose Pulumi.yaml `main` is this repository's compiled
 * dist/index.js (the same code) and which has no `stackConfigDir` (its stack file is the one beside it), keyed by
 * the directory too; a test that plans such a copy in several formats evaluates it once. Any other program
 * directory (a foreign program, another revision's worktree) is always evaluated afresh.
 * The shared result (and each resource's raw values) is deep-frozen: a consumer that mutated it (and so could leak into a later test) throws instead.
 * The plan CLI, the policies, preflight and rendering still run for every call; only the program's evaluation is
 * shared. `KV_TEST_SHARED_EVALUATION=0` turns it off (to compare).
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import * as evaluate from "../../tools/plan/evaluate";
import { rawValuesOf } from "../../tools/plan/rawValues";
import { deepFreeze, REPO_ROOT } from "./pulumi";

type Evaluate = typeof evaluate.evaluateProgram;

const shared = new Map<string, Promise<evaluate.EvaluatedProgram>>();
let fresh = 0;
let reused = 0;

function fileBytes(file: string): string {
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        return "(missing)";
    }
}

/** How many evaluations of this repository's stacks ran, and how many were answered from an earlier one. */
export function sharedEvaluationStats(): { fresh: number; reused: number } {
    return { fresh, reused };
}

/**
 * Whether `dir` holds a copy of this program: a Pulumi.yaml whose `main` is this repository's dist/index.js, and no
 * `stackConfigDir` (so Pulumi.<stack>.yaml beside it, in the key, is its whole config).
 */
function isCopyOfThisProgram(dir: string): boolean {
    try {
        const project = YAML.parse(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as Record<string, unknown> | null;
        return (
            project !== null &&
            typeof project === "object" &&
            typeof project.main === "string" &&
            path.resolve(dir, project.main) === path.join(REPO_ROOT, "dist", "index.js") &&
            !("stackConfigDir" in project)
        );
    } catch {
        return false;
    }
}

/** Keys of the copies' evaluations held, oldest first; at most KEPT_COPIES. */
const copies: string[] = [];
const KEPT_COPIES = 4;

const original: Evaluate = evaluate.evaluateProgram;
const mutable = evaluate as { evaluateProgram: Evaluate };
if (process.env.KV_TEST_SHARED_EVALUATION !== "0" && (mutable.evaluateProgram as Evaluate & { shared?: true }).shared !== true) {
    const memoized: Evaluate & { shared?: true } = (programDir, stack, options = {}) => {
        const dir = path.resolve(programDir);
        if (dir !== REPO_ROOT && !isCopyOfThisProgram(dir)) {
            return original(programDir, stack, options);
        }
        const key = JSON.stringify([
            dir,
            stack,
            options.clock ?? null,
            options.firstPreview === true,
            process.env.PLAN_STACK_TRACES === "1",
            process.env.PLAN_SDK_ALIASES === "1",
            fileBytes(path.join(dir, "Pulumi.yaml")),
            fileBytes(path.join(dir, `Pulumi.${stack}.yaml`)),
        ]);
        const known = shared.get(key);
        if (known) {
            reused++;
            return known;
        }
        fresh++;
        const result = original(programDir, stack, options).then((evaluated) => {
            // The policies read each resource's raw values (tools/plan/rawValues.ts): frozen with the records.
            evaluated.resources.forEach((r) => deepFreeze(rawValuesOf(r)));
            return deepFreeze(evaluated);
        });
        // A failed evaluation is not shared: the next caller evaluates again and sees the error itself.
        result.catch(() => shared.delete(key));
        shared.set(key, result);
        if (dir !== REPO_ROOT) {
            // Copies are planned again by the same test or the next ones, rarely later: the last few are kept, so
            // a worker that runs many such tests does not hold every evaluation it ever made.
            copies.push(key);
            const oldest = copies.length > KEPT_COPIES ? copies.shift() : undefined;
            if (oldest !== undefined) {
                shared.delete(oldest);
            }
        }
        return result;
    };
    memoized.shared = true;
    mutable.evaluateProgram = memoized;
}
