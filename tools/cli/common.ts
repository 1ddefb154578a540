/*
 * What the stack CLIs (tools/cli/pipelineVars.ts, tools/cli/preflight.ts) share with the plan's conventions: `util.parseArgs`
 * with `--stack` required and `--program`, errors on stderr (a usage error with the usage text), exit 2 for bad
 * arguments, bad config or a program error.
 */
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** This project's directory, from compiled scripts (dist/tools/cli/*.js). */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..", "..");

/**
 * Parses `argv` with the given options plus `--stack NAME` (required), `--program DIR` and `--help` (prints the
 * usage and exits 0). Throws `UsageError` for anything else.
 */
export function parseStackArgs<T extends Options>(
    argv: readonly string[],
    usage: string,
    options: T,
): { stack: string; program: string; values: Record<string, string | boolean | undefined> } {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: { ...options, stack: { type: "string" }, program: { type: "string" }, help: { type: "boolean", default: false } },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    if (values.help) {
        process.stdout.write(`${usage}\n`);
        process.exit(0);
    }
    if (typeof values.stack !== "string" || values.stack === "") {
        throw new UsageError("`--stack` is required, e.g. --stack staging");
    }
    return { stack: values.stack, program: path.resolve(typeof values.program === "string" ? values.program : PROJECT_DIR), values };
}

/**
 * Runs `main` and exits with its code; any error (also one thrown inside an apply, which surfaces as an unhandled
 * rejection) prints `error: <message>` on stderr, with the usage after a usage error, and exits 2.
 */
export function runCli(main: () => Promise<number>, usage: string): void {
    let failed = false;
    const fail = (err: unknown): void => {
        if (failed) {
            return;
        }
        failed = true;
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(err instanceof UsageError ? `error: ${message}\n\n${usage}\n` : `error: ${message}\n`);
        process.exit(2);
    };
    process.on("unhandledRejection", fail);
    process.on("uncaughtException", fail);
    main().then(
        (code) => process.exit(code),
        (err: unknown) => fail(err),
    );
}
