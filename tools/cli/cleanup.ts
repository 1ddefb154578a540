/*
 * Cleanups a CLI must run however it ends: temporary worktrees and directories, child processes. Registered while
 * something needs undoing; the signal handlers (SIGINT, SIGTERM, SIGHUP) and the exit hook exist only while there
 * are some, so a CLI run in-process (tests) leaves the host's signal handling alone otherwise. On a signal the
 * cleanups run, then the process dies of the same signal (exit 128 + n, as a shell expects).
 */
import type { ChildProcess } from "child_process";

const cleanups = new Set<() => void>();
const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** Runs every registered cleanup, newest first; each runs at most once. */
export function runCleanups(): void {
    for (const c of [...cleanups].reverse()) {
        cleanups.delete(c);
        try {
            c();
        } catch {
            // best effort: the next cleanup still runs
        }
    }
    syncHandlers();
}

function onSignal(signal: NodeJS.Signals): void {
    runCleanups();
    // Die of the same signal, as the shell expects (exit 128 + n).
    process.kill(process.pid, signal);
}
const handlers = new Map<string, () => void>(SIGNALS.map((s) => [s, () => onSignal(s)]));
let installed = false;

function syncHandlers(): void {
    const want = cleanups.size > 0;
    if (want === installed) {
        return;
    }
    installed = want;
    for (const s of SIGNALS) {
        const h = handlers.get(s) as () => void;
        if (want) {
            process.on(s, h);
        } else {
            process.off(s, h);
        }
    }
    if (want) {
        process.on("exit", runCleanups);
    } else {
        process.off("exit", runCleanups);
    }
}

/** Registers a cleanup (run on failure, exit or a signal); returns the function that runs and unregisters it. */
export function addCleanup(cleanup: () => void): () => void {
    cleanups.add(cleanup);
    syncHandlers();
    return () => {
        if (cleanups.delete(cleanup)) {
            syncHandlers();
            cleanup();
        }
    };
}

/**
 * SIGKILLs a child that is still running: with `group`, its whole process group (it must have been spawned
 * `detached`, as its group's leader), so what it started dies with it; the child alone when the group cannot be
 * signalled.
 */
export function killChild(child: ChildProcess, { group }: { readonly group: boolean }): void {
    if (child.exitCode !== null || child.signalCode !== null) {
        return;
    }
    if (group && child.pid !== undefined) {
        try {
            process.kill(-child.pid, "SIGKILL");
            return;
        } catch {
            // the group is gone or cannot be signalled: the child alone, below
        }
    }
    child.kill("SIGKILL");
}
