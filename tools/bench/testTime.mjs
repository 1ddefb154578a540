/*
 * `npm run test:time`: runs the phases of `npm test` exactly as tools/test/run.mjs does — the type-check, then lint
 * and mocha side by side — and prints how long each took (wall clock) and the total — a measurement, not a timed
 * test: it fails only when a phase fails. `--cold-lint` drops ESLint's cache first (what a fresh clone or CI pays);
 * `--touch FILE` changes FILE's modification time first (what the edit-and-test loop pays: ESLint's cache is
 * keyed on it, and one changed file makes type-aware lint rebuild the whole project's type information).
 *
 *   type-check  tsc -b                      (incremental: only what changed since the last build)
 *   lint        eslint --cache .            (type-aware; only files changed since the cached run)   } side by side
 *   mocha       mocha                       (.mocharc.json: --parallel --jobs 2)                     }
 */
// Plain JavaScript: it must time the build itself, so it cannot need one.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { LINT, MOCHA, ROOT, runPhase, TYPE_CHECK } from "../test/run.mjs";

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
    const start = process.hrtime.bigint();
    const tsc = spawnSync(TYPE_CHECK.command, TYPE_CHECK.args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const tscSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (tsc.status !== 0) {
        process.stdout.write(`${row(TYPE_CHECK.name, tscSeconds)}\n\n${TYPE_CHECK.name} failed (exit ${tsc.status ?? tsc.signal}):\n${(tsc.stdout ?? "").slice(-4000)}${(tsc.stderr ?? "").slice(-4000)}\n`);
        return 1;
    }
    const sideStart = process.hrtime.bigint();
    const [lint, mocha] = await Promise.all([runPhase(LINT, { capture: true }), runPhase(MOCHA, { capture: true })]);
    const sideSeconds = Number(process.hrtime.bigint() - sideStart) / 1e9;
    const total = Number(process.hrtime.bigint() - start) / 1e9;
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
            row(TYPE_CHECK.name, tscSeconds),
            row(LINT.name, lint.seconds, "  (beside mocha)"),
            row(MOCHA.name, mocha.seconds, tests ? `  (${tests} passing)` : ""),
            row("lint and mocha, side by side", sideSeconds),
            `${row("total", total)}  (target ≤ 60 s)`,
            "",
        ].join("\n"),
    );
    return 0;
}

process.exitCode = await main();
