/*
 * What the CLIs (tools/cli/*.ts) share. Each exports `run(argv, io) => Promise<exit code>`: everything it prints goes
 * to `io.stdout`/`io.stderr`, nothing here exits the process, so tests run a CLI in-process. `main(run)` is the thin
 * wrapper `node dist/tools/cli/x.js` runs: it exits only after stdout and stderr are flushed (a pipe holds 64 KiB:
 * exiting with writes pending truncates piped output — issue 15, item 1).
 *
 * Conventions of the stack CLIs (plan, preflight, pipeline-vars): `util.parseArgs` with `--stack` required (a valid
 * Pulumi stack name) and `--program`, errors on stderr (a usage error with the usage text), exit 2 for bad
 * arguments, bad config or a program error.
 */
import * as path from "path";
import { parseArgs, ParseArgsConfig } from "util";

export class UsageError extends Error {}

/** A writable-like sink: `process.stdout`, or a test's collector. */
export interface Sink {
    write(chunk: string): unknown;
}

/** Where a CLI prints, and what it would otherwise take from the process. */
export interface CliIo {
    readonly stdout: Sink;
    readonly stderr: Sink;
    /** The directory relative paths in arguments resolve against (default: `process.cwd()`). */
    readonly cwd?: string;
    /** Environment variables the CLI reads (default: `process.env`). */
    readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A CLI: parses `argv` (without `node` and the script), prints to `io`, resolves to its exit code. */
export type Cli = (argv: readonly string[], io: CliIo) => Promise<number>;

type Options = NonNullable<ParseArgsConfig["options"]>;

/** This project's directory, from compiled scripts (dist/tools/cli/*.js). */
export const PROJECT_DIR = path.resolve(__dirname, "..", "..", "..");

/** `path.resolve` against the CLI's working directory. */
export function resolveIn(io: CliIo, file: string): string {
    return path.resolve(io.cwd ?? process.cwd(), file);
}

/**
 * Pulumi's stack-name rule: "stack names may only contain alphanumeric, hyphens, underscores, and periods", at most
 * 100 characters (pulumi/pulumi pkg/backend/httpstate/backend.go: `stackNameAndProjectRegexp =
 * ^[A-Za-z0-9_.-]{1,100}$` and `validateStackName`, "Name validation rules enforced by the Pulumi Service"). Here
 * also: not `.` or `..` (a stack name is part of the file name Pulumi.<stack>.yaml, and nothing path-like may reach
 * that file name — issue 15, item 7). A fully qualified `org/project/stack` is not accepted: the offline plan reads
 * the local stack file only.
 */
export const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** The usage error for an invalid `--stack`, or undefined when the name is valid. */
export function stackNameProblem(stack: string): string | undefined {
    if (STACK_NAME.test(stack) && stack !== "." && stack !== "..") {
        return undefined;
    }
    const shown = JSON.stringify(stack.length > 100 ? `${stack.slice(0, 100)}…` : stack);
    return `\`--stack\` must be a Pulumi stack name: 1 to 100 letters, digits, hyphens, underscores or periods (found: ${shown})`;
}

/**
 * Where JSON.parse stopped, as " (line L, column C)": never the message itself, which quotes the file's bytes
 * (V8: `Unexpected token 'x', "<the first bytes>"... is not valid JSON`), and the file may hold a secret.
 */
export function jsonErrorPosition(text: string, err: unknown): string {
    const position = /\bposition (\d+)/.exec(err instanceof Error ? err.message : "")?.[1];
    if (position === undefined) {
        return /Unexpected end of JSON input/.test(err instanceof Error ? err.message : "") ? " (it ends too early)" : "";
    }
    const before = text.slice(0, Number(position)).split("\n");
    return ` (line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1})`;
}

/** The result of parsing a CLI's arguments: the values, or `--help` asked for (print the usage, exit 0). */
export type StackArgs =
    | { readonly help: true }
    | { readonly help: false; readonly stack: string; readonly program: string; readonly values: Record<string, string | boolean | undefined> };

/**
 * Parses `argv` with the given options plus `--stack NAME` (required, a valid stack name), `--program DIR` and
 * `--help`. Throws `UsageError` for anything else.
 */
export function parseStackArgs<T extends Options>(argv: readonly string[], options: T, io?: CliIo): StackArgs {
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
        return { help: true };
    }
    if (typeof values.stack !== "string" || values.stack === "") {
        throw new UsageError("`--stack` is required, e.g. --stack staging");
    }
    const problem = stackNameProblem(values.stack);
    if (problem) {
        throw new UsageError(problem);
    }
    if (values.program === "") {
        throw new UsageError("`--program` needs a directory (found an empty value)");
    }
    const program = typeof values.program === "string" ? path.resolve(io?.cwd ?? process.cwd(), values.program) : PROJECT_DIR;
    return { help: false, stack: values.stack, program, values };
}

/** The first line of an error's message (`error: <message>` on stderr), with the usage after a usage error. */
export function reportError(io: CliIo, err: unknown, usage: string): number {
    const message = err instanceof Error ? err.message : String(err);
    io.stderr.write(err instanceof UsageError ? `error: ${message}\n\n${usage}\n` : `error: ${message}\n`);
    return 2;
}

/**
 * Runs `body` as a CLI: its exit code, or 2 with `error: <message>` when it throws (a usage error also prints the
 * usage). An error nobody awaited while it ran (a program's apply that throws surfaces as an unhandled rejection)
 * is the program's error too: exit 2 with its message, whatever `body` returned.
 */
export async function guarded(io: CliIo, usage: string, body: (strayError: () => Promise<void>) => Promise<number>): Promise<number> {
    const stray: unknown[] = [];
    const onRejection = (reason: unknown): void => void stray.push(reason);
    // Rejections are reported after the microtask queue drains: give stragglers one macrotask, then throw the first.
    const strayError = async (): Promise<void> => {
        await new Promise((resolve) => setImmediate(resolve));
        if (stray.length > 0) {
            throw stray[0];
        }
    };
    process.on("unhandledRejection", onRejection);
    try {
        const code = await body(strayError);
        await strayError();
        return code;
    } catch (err) {
        return reportError(io, err, usage);
    } finally {
        process.off("unhandledRejection", onRejection);
    }
}

/** Resolves once everything written to `stream` so far has been handed to the OS. */
function flushed(stream: NodeJS.WriteStream): Promise<void> {
    return new Promise((resolve) => {
        if (stream.destroyed || !stream.writable) {
            resolve();
            return;
        }
        stream.write("", () => resolve());
    });
}

/**
 * The entry point of `node dist/tools/cli/x.js`: runs `cli` with the process's arguments and streams, then exits with
 * its code once stdout and stderr are flushed. An exception outside `cli` prints `error: <message>` and exits 2.
 */
export function main(cli: Cli): void {
    const io: CliIo = { stdout: process.stdout, stderr: process.stderr };
    let exiting = false;
    const exit = (code: number): void => {
        if (exiting) {
            return;
        }
        exiting = true;
        process.exitCode = code;
        void Promise.all([flushed(process.stdout), flushed(process.stderr)]).then(() => process.exit(code));
    };
    // Nobody reads the output any more (the reader of a pipe went away: `| head`, a killed parent): stop at once,
    // exit 2 (the output is cut off), and write nothing more. Writing the error to a closed stderr would only raise
    // it again: unhandled, that looped at 100% CPU forever.
    const exitIfReaderGone = (err: unknown): void => {
        const code = (err as NodeJS.ErrnoException | null)?.code;
        if (code === "EPIPE" || code === "ERR_STREAM_DESTROYED") {
            process.exit(2);
        }
    };
    const onStreamError = (err: NodeJS.ErrnoException): void => {
        exitIfReaderGone(err);
        throw err;
    };
    process.stdout.on("error", onStreamError);
    process.stderr.on("error", onStreamError);
    process.on("uncaughtException", (err) => {
        exitIfReaderGone(err);
        io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        exit(2);
    });
    cli(process.argv.slice(2), io).then(exit, (err: unknown) => {
        io.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
        exit(2);
    });
}
