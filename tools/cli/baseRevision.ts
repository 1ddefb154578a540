/*
 * `plan --base REF`: the same stack planned at git revision REF, in a temporary worktree, by that revision's own
 * plan CLI in a child process.
 *
 * The worktree runs the base revision's own code everywhere (issue 15, item 4): this checkout's node_modules are
 * not linked wholesale (npm links workspaces and `file:` packages — policies, functions/rotation,
 * sdks/azuredevops — as symlinks into the checkout, so the base would load the current code); the worktree gets
 * its own node_modules whose entries link to this checkout's installed packages, except a package that is a link
 * into this checkout, which links to the same directory inside the worktree.
 *
 * The base is built transpile-only (tools/cli/transpile.ts): the revision was type-checked where it was committed,
 * and a type-check of the whole tree is four times the cost of the plan itself. Only what a plan runs is built (no
 * test sources: half the tree), through a cache of transpiled files in this checkout's node_modules/.cache, so the
 * files a revision shares with an earlier `--base` run are not compiled again (issue 9).
 *
 * The rotation function's staged package (hashed by the program: its deployment trigger) is staged only when the
 * base's function differs from this checkout's; otherwise the base gets this checkout's staged package (see
 * sharedFunctionPackage), which staging the same sources would reproduce file for file. Staging copied ≈ 7,600 files
 * (59 MB; 2,230 hard links now) and removing them again was the larger half of a `--base` run.
 *
 * The base's build and plan run in one child process (runBaseChain, in a process group of its own) beside this
 * process's evaluation of the current code: started one after the other from here, each next step waited for this
 * process's event loop, i.e. for its evaluation to end (measured: the build's 0.3 s took 2-3 s).
 *
 * Interrupted (SIGINT, SIGTERM, SIGHUP) or failing, the worktree's registration, its temporary directory and any
 * child process (the whole group) are removed before the process exits.
 */
import { ChildProcess, spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { addCleanup, killChild } from "./cleanup";
import { PROJECT_DIR } from "./common";
import { transpileProject } from "./transpile";

/** A problem that is not the program's: unreadable plan file, unknown revision, base build failure (exit 2). */
export class InputError extends Error {}

// ---------------------------------------------------------------------------------------------------------------

function git(cwd: string, args: readonly string[]): { ok: boolean; stdout: string; stderr: string } {
    const r = spawnSync("git", ["-C", cwd, ...args], { encoding: "utf8" });
    return { ok: r.status === 0, stdout: (r.stdout ?? "").trim(), stderr: (r.stderr ?? "").trim() || (r.error?.message ?? "") };
}

function isInside(child: string, parent: string): boolean {
    const rel = path.relative(parent, child);
    return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Runs a command to completion; rejects with its output when it fails. Killed on interrupt or exit: with `group`, in a
 * process group of its own, killed as a group (its own children too). `what` names the failure; with `group`, it may
 * depend on the last step the child announced on its file descriptor 3 (see runBaseChain).
 */
function runChild(command: string, args: readonly string[], cwd: string, what: string | ((step: string) => string), group = false): Promise<string> {
    const describe = (step: string): string => (typeof what === "string" ? what : what(step));
    return new Promise((resolve, reject) => {
        let child: ChildProcess;
        try {
            child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe", ...(group ? (["pipe"] as const) : [])], detached: group });
        } catch (err) {
            reject(new InputError(`${describe("")}: ${(err as Error).message}`));
            return;
        }
        const done = addCleanup(() => killChild(child, { group }));
        const out: Buffer[] = [];
        const errOut: Buffer[] = [];
        let steps = "";
        child.stdout?.on("data", (b: Buffer) => out.push(b));
        child.stderr?.on("data", (b: Buffer) => errOut.push(b));
        (child.stdio[3] as NodeJS.ReadableStream | undefined)?.on("data", (b: Buffer) => (steps += b.toString("utf8")));
        child.on("error", (err) => {
            done();
            reject(new InputError(`${describe("")}: ${err.message}`));
        });
        child.on("close", (code) => {
            done();
            const stdout = Buffer.concat(out).toString("utf8");
            const step = steps.trim().split("\n").at(-1) ?? "";
            if (code === 0) {
                resolve(stdout);
            } else if (step.startsWith("error ")) {
                reject(new InputError(step.slice("error ".length)));
            } else {
                const detail = `${Buffer.concat(errOut).toString("utf8")}${stdout}`.trim().split("\n").slice(-20).join("\n");
                reject(new InputError(`${describe(step)} failed (exit ${code}):\n${detail}`));
            }
        });
    });
}

/** The repository and the directory in it that hold the program (a program outside any repository: this project). */
function locateInRepo(programDir: string): { repo: string; programRel: string; projectRel: string } {
    const own = git(programDir, ["rev-parse", "--show-toplevel"]);
    const repo = own.ok ? fs.realpathSync(own.stdout) : undefined;
    const programReal = fs.realpathSync(programDir);
    if (repo && isInside(programReal, repo)) {
        const projectReal = fs.realpathSync(PROJECT_DIR);
        return { repo, programRel: path.relative(repo, programReal), projectRel: isInside(projectReal, repo) ? path.relative(repo, projectReal) : "" };
    }
    const project = git(PROJECT_DIR, ["rev-parse", "--show-toplevel"]);
    if (!project.ok) {
        throw new InputError(`--base needs a git repository: neither ${programDir} nor ${PROJECT_DIR} is in one`);
    }
    const projectRepo = fs.realpathSync(project.stdout);
    const rel = path.relative(projectRepo, fs.realpathSync(PROJECT_DIR));
    return { repo: projectRepo, programRel: rel, projectRel: rel };
}

/**
 * Gives `target` (a project directory in a worktree of `source`'s repository) a node_modules of its own: one link per
 * installed package of `source/node_modules` (scoped packages one level down, `.bin` as is), each to the installed
 * package, except a package that resolves into `source` outside its node_modules (an npm workspace or a `file:`
 * dependency): that one links to the same relative path under `target`, so the worktree runs its own copy.
 * Returns the packages redirected into the worktree (by name).
 */
export function linkNodeModules(source: string, target: string): string[] {
    const from = path.join(source, "node_modules");
    const to = path.join(target, "node_modules");
    const sourceReal = fs.realpathSync(source);
    const modulesReal = fs.realpathSync(from);
    const redirected: string[] = [];
    const link = (name: string): void => {
        const entry = path.join(from, name);
        let real: string;
        try {
            real = fs.realpathSync(entry);
        } catch {
            return; // a dangling link: npm would not resolve it either
        }
        let dest = real;
        if (isInside(real, sourceReal) && !isInside(real, modulesReal)) {
            dest = path.join(target, path.relative(sourceReal, real));
            redirected.push(name);
        }
        fs.mkdirSync(path.dirname(path.join(to, name)), { recursive: true });
        fs.symlinkSync(dest, path.join(to, name), "dir");
    };
    fs.mkdirSync(to, { recursive: true });
    for (const name of fs.readdirSync(from)) {
        if (name.startsWith("@") && fs.statSync(path.join(from, name)).isDirectory() && !fs.lstatSync(path.join(from, name)).isSymbolicLink()) {
            for (const inner of fs.readdirSync(path.join(from, name))) {
                link(`${name}/${inner}`);
            }
        } else if (name !== ".package-lock.json" && name !== ".cache") {
            link(name);
        }
    }
    return redirected.sort();
}

/** Where the rotation function's package is staged, relative to a project directory (stack/program.ts ROTATION_PACKAGE_DIR). */
const FUNCTION_DIR = path.join("functions", "rotation");
const FUNCTION_PACKAGE = path.join(FUNCTION_DIR, "deploy");

/**
 * This checkout's staged function package, when the base revision would stage the same one; otherwise undefined.
 * The same when `git diff` finds no difference between the base commit and this working tree in the function's
 * directory (its sources, tsconfig, package.json, host.json and staging script) and in tsconfig.base.json (which its
 * tsconfig extends), and the function's directory has no untracked file: its build and staging then read the same
 * files, and the installed packages they copy are this checkout's in both (linkNodeModules). A package staged before
 * the last change to those files hashes as it would without `--base` — the same staged files on both sides, so the
 * deployment trigger shows no change, which is right when the function's sources are the same. `projectDir` is the
 * checkout whose node_modules the worktree links (this project), and must be the one at `projectRel` in `repo`.
 */
export function sharedFunctionPackage(repo: string, commit: string, projectRel: string, projectDir: string): string | undefined {
    const staged = path.join(projectDir, FUNCTION_PACKAGE);
    // Only for the checkout git compares (a --program in another repository plans that repository's revision).
    if (fs.realpathSync(path.join(repo, projectRel)) !== fs.realpathSync(projectDir) || !fs.existsSync(path.join(staged, "package.json"))) {
        return undefined;
    }
    const paths = [path.join(projectRel, FUNCTION_DIR), path.join(projectRel, "tsconfig.base.json")].map((p) => `:(top)${p.split(path.sep).join("/")}`);
    const diff = spawnSync("git", ["-C", repo, "diff", "--quiet", commit, "--", ...paths], { stdio: "ignore" });
    if (diff.status !== 0) {
        return undefined;
    }
    const untracked = git(repo, ["ls-files", "--others", "--exclude-standard", "--", paths[0] as string]);
    return untracked.ok && untracked.stdout === "" ? staged : undefined;
}

/**
 * Plans `stack` as it is at git revision `ref`: `git worktree add --detach` into a temporary directory, its own
 * node_modules (linkNodeModules), a transpile-only build, and that revision's own plan CLI (`--json --no-policies`)
 * in a child process. The worktree is removed afterwards, whatever happens.
 */
export async function planAtRevision(ref: string, stack: string, programDir: string, clock: string): Promise<{ plan: unknown; label: string }> {
    const { repo, programRel, projectRel } = locateInRepo(programDir);
    const commit = git(repo, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
    if (!commit.ok) {
        throw new InputError(`--base: unknown git revision ${ref}`);
    }
    const label = `${ref} (${commit.stdout.slice(0, 7)})`;
    // The cleanup (and with it the signal handlers) exists before the directory: a signal in between would otherwise
    // end the process by default and leave the directory behind.
    let holder = "";
    let worktree = "";
    let added = false;
    const remove = addCleanup(() => {
        if (added) {
            fs.rmSync(path.join(worktree, projectRel, "node_modules"), { recursive: true, force: true });
            // The link to this checkout's function package goes first: nothing below may reach through it.
            const packageLink = path.join(worktree, projectRel, FUNCTION_PACKAGE);
            if (fs.lstatSync(packageLink, { throwIfNoEntry: false })?.isSymbolicLink() === true) {
                fs.unlinkSync(packageLink);
            }
            if (!git(repo, ["worktree", "remove", "--force", worktree]).ok) {
                fs.rmSync(worktree, { recursive: true, force: true });
            }
            git(repo, ["worktree", "prune"]);
        }
        if (holder !== "") {
            fs.rmSync(holder, { recursive: true, force: true });
        }
    });
    try {
        holder = fs.mkdtempSync(path.join(os.tmpdir(), "kv-plan-base-"));
        worktree = path.join(holder, "tree");
        const add = git(repo, ["worktree", "add", "--detach", worktree, commit.stdout]);
        if (!add.ok) {
            throw new InputError(`--base: git worktree add failed: ${add.stderr}`);
        }
        added = true;
        const projectDir = path.join(worktree, projectRel);
        linkNodeModules(PROJECT_DIR, projectDir);
        // The build and the plan run in one child process (runBaseChain), beside this process's own evaluation: a step
        // that waited for this process's event loop to start the next one would wait for the evaluation to end.
        const chain: ChainSpec = {
            projectDir,
            cache: path.join(PROJECT_DIR, "node_modules", ".cache", "keyvault-devops", "transpile"),
            repo,
            commit: commit.stdout,
            projectRel,
            checkout: PROJECT_DIR,
            label,
            args: ["--json", "--stack", stack, "--no-policies", "--program", path.join(worktree, programRel)],
            clock,
        };
        const what = (step: string): string => (step === "plan" ? `planning ${stack} at ${label}` : `building ${label} (transpile-only)`);
        const stdout = await runChild(process.execPath, [__filename, JSON.stringify(chain)], projectDir, what, true);
        try {
            return { plan: JSON.parse(stdout) as unknown, label };
        } catch (err) {
            throw new InputError(`planning ${stack} at ${label} printed no JSON plan: ${(err as Error).message}`);
        }
    } finally {
        remove();
    }
}

/** What runBaseChain needs (JSON on its command line). */
interface ChainSpec {
    readonly projectDir: string;
    readonly cache: string;
    readonly repo: string;
    readonly commit: string;
    readonly projectRel: string;
    /** This checkout (its staged function package may be shared). */
    readonly checkout: string;
    readonly label: string;
    /** The plan CLI's arguments, but the CLI itself and --now. */
    readonly args: readonly string[];
    readonly clock: string;
}

/**
 * The base's build and plan, in the child process planAtRevision starts (`node baseRevision.js SPEC`): a
 * transpile-only build (runtime sources, through the cache), the function package (this checkout's, linked, or
 * staged), then the revision's own plan CLI, whose output and exit code are this process's. Each step is announced
 * on file descriptor 3 (`build`, `plan`), and a failure that is not a child's as `error MESSAGE`.
 */
export function runBaseChain(spec: ChainSpec): number {
    const announce = (line: string): void => {
        try {
            fs.writeSync(3, `${line}\n`);
        } catch {
            // no channel (run by hand)
        }
    };
    const { projectDir, label } = spec;
    announce("build");
    try {
        transpileProject(projectDir, { runtimeOnly: true, cacheDir: spec.cache });
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    // The program hashes the staged rotation function package (its deployment trigger): stage it as `npm run build`
    // does, unless it would be this checkout's (a link to it, removed with the worktree; nothing writes through it).
    const shared = sharedFunctionPackage(spec.repo, spec.commit, spec.projectRel, spec.checkout);
    const stage = path.join(projectDir, FUNCTION_DIR, "scripts", "stage-deploy.mjs");
    const packageLink = path.join(projectDir, FUNCTION_PACKAGE);
    if (shared !== undefined && fs.lstatSync(packageLink, { throwIfNoEntry: false }) === undefined) {
        fs.symlinkSync(shared, packageLink, "dir");
    } else if (fs.existsSync(stage)) {
        // Best effort: a revision whose staging cannot run in a linked worktree plans with its package "missing",
        // which shows as a change of the deployment's trigger only.
        spawnSync(process.execPath, [stage], { cwd: projectDir, stdio: "ignore" });
    }
    // Revisions before the tools/ layout kept the CLI in dist/scripts/.
    const cli = [path.join(projectDir, "dist", "tools", "cli", "plan.js"), path.join(projectDir, "dist", "scripts", "plan.js")].find((f) => fs.existsSync(f));
    if (cli === undefined) {
        announce(`error --base: ${label} has no offline plan CLI (dist/tools/cli/plan.js after building)`);
        return 2;
    }
    const args = [cli, ...spec.args];
    // The same clock for the base's mocked `time` resources (revisions that take --now), so they do not differ.
    if (fs.readFileSync(cli, "utf8").includes("--now")) {
        args.push("--now", spec.clock);
    }
    announce("plan");
    const plan = spawnSync(process.execPath, args, { cwd: projectDir, stdio: ["ignore", "inherit", "inherit"] });
    return plan.status ?? 1;
}

if (require.main === module) {
    process.exitCode = runBaseChain(JSON.parse(process.argv[2] ?? "{}") as ChainSpec);
}
