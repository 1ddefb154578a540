// `npm test`: type-check, then lint and mocha side by side, one exit code for all three.
//
// Lint is type-aware (the Pulumi rules need type information): once any file has changed since its cached run,
// ESLint first builds the whole project's type information, ≈ 8–10 s of one core, whatever the number of changed
// files. Mocha (`--parallel --jobs 2`) leaves cores idle while it waits on the processes its CLI tests spawn, so
// lint runs in those gaps instead of before every test (issue 9: "keep type-aware lint off the critical path").
// Mocha's output streams as it comes; ESLint's is printed after it, whole. The type-check stays first: mocha runs
// the compiled output, and a type error is the one failure that makes every other result meaningless.
//
// Plain JavaScript: it runs the build, so it cannot need one. `npm run test:time` runs the same phases and prints
// their times.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");

/** The phases of `npm test`, as `npm run test:time` also runs them. */
export const TYPE_CHECK = { name: "type-check (tsc -b)", command: join(BIN, "tsc"), args: ["-b"] };
export const LINT = { name: "lint (eslint --cache)", command: join(BIN, "eslint"), args: ["--cache", "--cache-location", join("node_modules", ".cache", "eslint", "cache.json"), "."] };
export const MOCHA = { name: "mocha (parallel, 2 jobs)", command: join(BIN, "mocha"), args: [] };

/** Runs `phase` to completion; resolves to its exit code (a signal counts as 1), stdout and stderr per `stdio`. */
export function runPhase(phase, { capture }) {
    return new Promise((resolve) => {
        const start = process.hrtime.bigint();
        const child = spawn(phase.command, phase.args, { cwd: ROOT, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
        const out = [];
        child.stdout?.on("data", (b) => out.push(b));
        child.stderr?.on("data", (b) => out.push(b));
        child.on("error", (err) => {
            out.push(Buffer.from(`${phase.name}: ${err.message}\n`));
        });
        child.on("close", (code, signal) => {
            resolve({ code: code ?? (signal ? 1 : 0), output: Buffer.concat(out).toString("utf8"), seconds: Number(process.hrtime.bigint() - start) / 1e9 });
        });
    });
}

async function main() {
    const tsc = spawnSync(TYPE_CHECK.command, TYPE_CHECK.args, { cwd: ROOT, stdio: "inherit" });
    if (tsc.status !== 0) {
        return tsc.status ?? 1;
    }
    // `npm test -- --grep x` (and any other mocha option) reaches mocha, as when the script was `… && mocha`.
    const mochaPhase = { ...MOCHA, args: [...MOCHA.args, ...process.argv.slice(2)] };
    const [lint, mocha] = await Promise.all([runPhase(LINT, { capture: true }), runPhase(mochaPhase, { capture: false })]);
    if (lint.output.trim() !== "") {
        process.stdout.write(`\n${LINT.name}:\n${lint.output}`);
    }
    if (lint.code !== 0) {
        process.stderr.write(`npm test: lint failed (exit ${lint.code})\n`);
    }
    if (mocha.code !== 0) {
        process.stderr.write(`npm test: mocha failed (exit ${mocha.code})\n`);
    }
    return lint.code !== 0 ? lint.code : mocha.code;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
    process.exitCode = await main();
}
