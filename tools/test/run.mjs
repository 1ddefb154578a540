// `npm test`: type-check, lint and mocha, one exit code for all three.
//
// Lint is type-aware (the Pulumi rules need type information): once any file has changed since its cached run,
// ESLint first builds the whole project's type information, ≈ 8–10 s of one core, whatever the number of changed
// files. It reads the sources, not the build, so it starts at once, beside the type-check (which after an edit
// keeps one core busy for seconds, leaving the other idle), and goes on beside mocha (`--parallel --jobs 2`
// leaves cores idle while it waits on the processes its CLI tests spawn): issue 9, "keep type-aware lint off the
// critical path". Mocha waits for the type-check: it runs the compiled output, and a type error is the one failure
// that makes every other result meaningless (lint is then stopped, not waited for).
// Mocha's output streams as it comes; ESLint's is printed after it, whole.
//
// Plain JavaScript: it runs the build, so it cannot need one. `npm run test:time` runs the same phases
// (runTestPhases) and prints their times.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const BIN = join(ROOT, "node_modules", ".bin");

/** The phases of `npm test`, as `npm run test:time` also runs them. */
export const TYPE_CHECK = { name: "type-check (tsc -b)", command: join(BIN, "tsc"), args: ["-b"] };
export const LINT = { name: "lint (eslint --cache)", command: join(BIN, "eslint"), args: ["--cache", "--cache-location", join("node_modules", ".cache", "eslint", "cache.json"), "."] };
export const MOCHA = { name: "mocha (parallel, 2 jobs)", command: join(BIN, "mocha"), args: [] };

/**
 * Starts `phase`: its child process, and a promise of its exit code (a signal counts as 1), output (stdout and
 * stderr, when `capture`) and wall-clock seconds.
 */
export function startPhase(phase, { capture }) {
    const start = process.hrtime.bigint();
    const child = spawn(phase.command, phase.args, { cwd: ROOT, stdio: capture ? ["ignore", "pipe", "pipe"] : "inherit" });
    const done = new Promise((resolve) => {
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
    return { child, done };
}

/** Runs `phase` to completion (see startPhase). */
export function runPhase(phase, options) {
    return startPhase(phase, options).done;
}

/**
 * The phases of `npm test`: lint from the start; the type-check beside it; mocha (with `mochaArgs`) once the
 * type-check passed. A failed type-check stops lint and skips mocha (`mocha` and `lint` are then undefined).
 * Lint's output is always captured; the type-check's and mocha's when `capture`.
 */
export async function runTestPhases({ capture, mochaArgs = [] }) {
    const start = process.hrtime.bigint();
    const lint = startPhase(LINT, { capture: true });
    const typeCheck = await runPhase(TYPE_CHECK, { capture });
    if (typeCheck.code !== 0) {
        lint.child.kill("SIGTERM");
        await lint.done;
        return { typeCheck, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
    }
    const mocha = await runPhase({ ...MOCHA, args: [...MOCHA.args, ...mochaArgs] }, { capture });
    return { typeCheck, lint: await lint.done, mocha, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main() {
    // `npm test -- --grep x` (and any other mocha option) reaches mocha, as when the script was `… && mocha`.
    const { typeCheck, lint, mocha } = await runTestPhases({ capture: false, mochaArgs: process.argv.slice(2) });
    if (lint === undefined || mocha === undefined) {
        return typeCheck.code;
    }
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
