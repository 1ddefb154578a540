/*
 * `npm run test:time`: runs the phases of `npm test` one after another, exactly as the `test` script does, and
 * prints how long each took (wall clock) and the total — a measurement, not a timed test: it fails only when a
 * phase fails. `--cold-lint` drops ESLint's cache first (what a fresh clone or CI pays).
 *
 *   type-check  tsc -b                      (incremental: only what changed since the last build)
 *   lint        eslint --cache .            (type-aware; only files changed since the cached run)
 *   mocha       mocha                       (.mocharc.json: --parallel --jobs 2)
 */
// Plain JavaScript: it must time the build itself, so it cannot need one.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const BIN = path.join(ROOT, "node_modules", ".bin");
const ESLINT_CACHE = path.join("node_modules", ".cache", "eslint", "cache.json");

const PHASES = [
    { name: "type-check (tsc -b)", command: path.join(BIN, "tsc"), args: ["-b"] },
    { name: "lint (eslint --cache)", command: path.join(BIN, "eslint"), args: ["--cache", "--cache-location", ESLINT_CACHE, "."] },
    { name: "mocha (parallel, 2 jobs)", command: path.join(BIN, "mocha"), args: [] },
];

function main() {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { "cold-lint": { type: "boolean", default: false } }, strict: true });
    if (values["cold-lint"]) {
        fs.rmSync(path.join(ROOT, ESLINT_CACHE), { force: true });
    }
    const rows = [];
    let total = 0;
    for (const phase of PHASES) {
        const start = process.hrtime.bigint();
        const r = spawnSync(phase.command, phase.args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
        const s = Number(process.hrtime.bigint() - start) / 1e9;
        total += s;
        const tests = phase.name.startsWith("mocha") ? / (\d+) passing/.exec(r.stdout ?? "")?.[1] : undefined;
        rows.push(`  ${phase.name.padEnd(28)} ${s.toFixed(1).padStart(6)} s${tests ? `  (${tests} passing)` : ""}`);
        if (r.status !== 0) {
            process.stdout.write(`${rows.join("\n")}\n\n${phase.name} failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? "").slice(-4000)}${(r.stderr ?? "").slice(-4000)}\n`);
            return 1;
        }
    }
    const load = os.loadavg().map((l) => l.toFixed(2)).join(" ");
    process.stdout.write(
        [
            `npm test, phase by phase (${os.cpus().length} CPUs, Node ${process.version}, load average ${load}${values["cold-lint"] ? ", cold lint cache" : ""}):`,
            ...rows,
            `  ${"total".padEnd(28)} ${total.toFixed(1).padStart(6)} s  (target ≤ 60 s)`,
            "",
        ].join("\n"),
    );
    return 0;
}

process.exitCode = main();
