/*
 * `npm run test:time`: runs the phases of `npm test` exactly as tools/test/run.mjs does (its runTestPhases: lint from
 * the start, beside the type-check and then beside mocha) and prints how long each took (wall clock) and the total — a measurement, not a timed
 * test: it fails only when a phase fails. `--cold-lint` drops ESLint's cache first (what a fresh clone or CI pays);
 * `--touch FILE` changes FILE's modification time first (what the edit-and-test loop pays: ESLint's cache is
 * keyed on it, and one changed file makes type-aware lint rebuild the whole project's type information).
 *
 *   lint        eslint --cache .            (type-aware; only files changed since the cached run)   from the start
 *   type-check  tsc -b                      (incremental: only what changed since the last build)  beside lint
 *   mocha       mocha                       (.mocharc.json: --parallel --jobs 2)                    after the type-check
 */
// Plain JavaScript: it must time the build itself, so it cannot need one.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LINT, MOCHA, ROOT, runTestPhases, TYPE_CHECK } from "../test/run.mjs";

const ESLINT_CACHE = path.join(ROOT, "node_modules", ".cache", "eslint", "cache.json");

function row(name, seconds, note = "") {
    return `  ${name.padEnd(28)} ${seconds.toFixed(1).padStart(6)} s${note}`;
}

async function main() {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: { "cold-lint": { type: "boolean", default: false }, touch: { type: "string" } },
        strict: true,
    });
    if (values["cold-lint"]) {
        fs.rmSync(ESLINT_CACHE, { force: true });
    }
    if (values.touch !== undefined) {
        const now = new Date();
        fs.utimesSync(path.resolve(values.touch), now, now);
    }
    const { typeCheck, lint, mocha, seconds: total } = await runTestPhases({ capture: true });
    if (lint === undefined || mocha === undefined) {
        process.stdout.write(`${row(TYPE_CHECK.name, typeCheck.seconds)}\n\n${TYPE_CHECK.name} failed (exit ${typeCheck.code}):\n${typeCheck.output.slice(-8000)}\n`);
        return 1;
    }
    const tests = / (\d+) passing/.exec(mocha.output)?.[1];
    for (const [phase, r] of [[LINT, lint], [MOCHA, mocha]]) {
        if (r.code !== 0) {
            process.stdout.write(`${phase.name} failed (exit ${r.code}):\n${r.output.slice(-8000)}\n`);
            return 1;
        }
    }
    const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
    const state = [values["cold-lint"] ? "cold lint cache" : "", values.touch !== undefined ? `${values.touch} touched` : ""].filter(Boolean).join(", ");
    process.stdout.write(
        [
            `npm test, phase by phase (${os.cpus().length} CPUs, Node ${process.version}, load average ${load}${state ? `, ${state}` : ""}):`,
            row(LINT.name, lint.seconds, "  (from the start, beside the others)"),
            row(TYPE_CHECK.name, typeCheck.seconds),
            row(MOCHA.name, mocha.seconds, tests ? `  (${tests} passing; after the type-check)` : ""),
            `${row("total", total)}  (target ≤ 60 s)`,
            "",
        ].join("\n"),
    );
    return 0;
}

process.exitCode = await main();
