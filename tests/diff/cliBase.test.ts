/*
 * `npm run plan -- --base REF`: the same stack planned at a git revision by that revision's own code (in a temporary
 * worktree), diffed against this one. Its own file (split out of cli.test.ts, issue 9): the two whole `--base` runs
 * are the slowest tests of the diff CLI, and a file is the unit mocha's parallel jobs share out.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { sharedFunctionPackage } from "../../tools/cli/baseRevision";
import { programWithStack, runPlan } from "../plan/planCli";
import { prConfig } from "./prChange";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

function gitIn(dir: string, args: readonly string[]): string {
    const r = spawnSync("git", ["-C", dir, ...args], { encoding: "utf8" });
    assert.strictEqual(r.status, 0, r.stderr);
    return r.stdout;
}

function git(args: readonly string[]): string {
    return gitIn(REPO_ROOT, args);
}

/** `--base` runs get their own temporary directory (TMPDIR), so a concurrent run elsewhere cannot confuse the check. */
let BASE_TMP = "";

async function runBasePlan(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    const previous = process.env.TMPDIR;
    process.env.TMPDIR = BASE_TMP;
    try {
        return await runPlan(args);
    } finally {
        if (previous === undefined) {
            delete process.env.TMPDIR;
        } else {
            process.env.TMPDIR = previous;
        }
    }
}

/** Worktrees and temporary holders our `--base` runs created; none may outlive a run. */
function baseLeftovers(): string[] {
    const worktrees = git(["worktree", "list", "--porcelain"])
        .split("\n")
        .filter((l) => l.startsWith("worktree ") && l.includes(BASE_TMP));
    return [...worktrees, ...fs.readdirSync(BASE_TMP)];
}

describe("npm run plan -- --base REF", function () {
    this.timeout(240_000);
    before(async () => {
        BASE_TMP = fs.mkdtempSync(path.join(os.tmpdir(), "kv-diff-base-tests-"));
    });
    afterEach(async () => {
        assert.deepStrictEqual(baseLeftovers(), [], "no worktree or temporary directory is left behind");
    });
    after(async () => {
        fs.rmSync(BASE_TMP, { recursive: true, force: true });
    });

    it("shows no changes against HEAD when the program has not changed", async function () {
        const run = await runBasePlan(["--stack", "staging", "--base", "HEAD"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const head = git(["rev-parse", "--short=7", "HEAD"]).trim();
        assert.ok(run.stdout.startsWith(`Diff for keyvault-devops/staging against HEAD (${head}):\n`), run.stdout);
        if (!run.stdout.includes("\n  no changes\n")) {
            // Only uncommitted changes to the program may make the working tree differ from HEAD (nothing is committed here).
            const dirty = git(["status", "--porcelain", "--", "index.ts", "components", "stack", "tools", "sdks", "Pulumi.yaml", "Pulumi.staging.yaml", "package.json"]).trim();
            assert.notStrictEqual(dirty, "", `the working tree is clean, yet the plan differs from HEAD:\n${run.stdout}`);
            console.log(`      uncommitted program changes, so the working tree's plan differs from HEAD's:\n${dirty}`);
            this.skip();
        }
        assert.match(run.stdout, /\nResources: 0 to create, 0 to update, 0 to replace, 0 to delete, \d+ unchanged\n/);
    });

    it("shows a config change of a temporary copy against HEAD, and leaves nothing behind", async () => {
        const headConfig = (YAML.parse(git(["show", "HEAD:Pulumi.staging.yaml"])) as { config: Record<string, unknown> }).config;
        const retention = (headConfig["keyvault-devops:vault"] as Record<string, unknown>).softDeleteRetentionDays;
        const dir = programWithStack("staging", prConfig(headConfig));
        const run = await runBasePlan(["--stack", "staging", "--program", dir, "--base", "HEAD", "--format", "markdown"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.ok(run.stdout.includes(`| \`properties.softDeleteRetentionInDays\` | \`${String(retention)}\` | \`14\` |`), run.stdout);
        assert.ok(run.stdout.includes("| `+` | create | `azure-native:keyvault:Secret` | `staging-secrets-smtp-password` |"), run.stdout);
    });

    it("exits 2 on an unknown revision", async () => {
        const run = await runBasePlan(["--stack", "staging", "--base", "no-such-revision-xyz"]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^error: --base: unknown git revision no-such-revision-xyz\n$/);
    });
});

describe("plan --base: which function package the base gets (sharedFunctionPackage)", () => {
    // A repository whose project is in app/: the rotation function's sources, the tsconfig it extends, and a staged
    // package (ignored, as the real one is).
    let root = "";
    let repo = "";
    let project = "";
    let first = "";
    const write = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
        fs.writeFileSync(path.join(project, rel), text);
    };
    const commit = (message: string): string => {
        gitIn(repo, ["add", "-A"]);
        gitIn(repo, ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", message]);
        return gitIn(repo, ["rev-parse", "HEAD"]).trim();
    };
    const staged = (): string => path.join(project, "functions", "rotation", "deploy");

    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "kv-base-share-"));
        repo = path.join(root, "repo");
        project = path.join(repo, "app");
        fs.mkdirSync(project, { recursive: true });
        gitIn(repo, ["init", "-q"]);
        write(".gitignore", "functions/rotation/deploy/\nfunctions/rotation/dist/\n");
        write("tsconfig.base.json", '{ "compilerOptions": { "target": "ES2022" } }\n');
        write("functions/rotation/package.json", '{ "name": "fn", "main": "dist/src/index.js" }\n');
        write("functions/rotation/src/index.ts", "export const n = 1;\n");
        write("stack/program.ts", "export const x = 1;\n");
        first = commit("first");
        write("functions/rotation/deploy/package.json", '{ "name": "fn" }\n');
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));
    afterEach(() => {
        gitIn(repo, ["checkout", "-q", "--", "."]);
        gitIn(repo, ["clean", "-q", "-f", "--", "."]);
    });

    it("is this checkout's staged package when the base's function and tsconfig.base.json are the same", () => {
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), staged());
        // Changes elsewhere, and build output the repository ignores, do not matter.
        write("stack/program.ts", "export const x = 2;\n");
        write("functions/rotation/dist/src/index.js", "exports.n = 1;\n");
        fs.writeFileSync(path.join(repo, "README.md"), "outside the project\n");
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), staged());
    });

    it("is none (the base stages its own) when the function's files differ, committed or not, or one is untracked", () => {
        write("functions/rotation/src/index.ts", "export const n = 2;\n");
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), undefined, "an uncommitted change");
        gitIn(repo, ["checkout", "-q", "--", "."]);
        write("functions/rotation/src/extra.ts", "export const m = 1;\n");
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), undefined, "an untracked source");
        gitIn(repo, ["clean", "-q", "-f", "--", "."]);
        write("tsconfig.base.json", '{ "compilerOptions": { "target": "ES2020" } }\n');
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), undefined, "the tsconfig it extends");
        gitIn(repo, ["checkout", "-q", "--", "."]);
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), staged());

        write("functions/rotation/package.json", '{ "name": "fn", "main": "dist/src/index.js", "dependencies": { "pg": "8" } }\n');
        const second = commit("second");
        try {
            assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), undefined, "a base before the function's last change");
            assert.strictEqual(sharedFunctionPackage(repo, second, "app", project), staged());
        } finally {
            gitIn(repo, ["reset", "-q", "--hard", first]);
        }
    });

    it("is none when nothing is staged here, or for another checkout than the one git compares", () => {
        const other = fs.mkdtempSync(path.join(root, "other-"));
        fs.mkdirSync(path.join(other, "functions", "rotation", "deploy"), { recursive: true });
        fs.writeFileSync(path.join(other, "functions", "rotation", "deploy", "package.json"), "{}\n");
        assert.strictEqual(sharedFunctionPackage(repo, first, "app", other), undefined);
        fs.renameSync(staged(), `${staged()}.away`);
        try {
            assert.strictEqual(sharedFunctionPackage(repo, first, "app", project), undefined);
        } finally {
            fs.renameSync(`${staged()}.away`, staged());
        }
    });
});

describe("plan --base: the base's build and plan in one child process (runBaseChain)", () => {
    const CHAIN = path.join(REPO_ROOT, "dist", "tools", "cli", "baseRevision.js");
    let root = "";
    before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "kv-base-chain-"));
    });
    after(() => fs.rmSync(root, { recursive: true, force: true }));

    /** A revision's project: a tsconfig over tools/, and the given sources. */
    function revision(name: string, sources: Record<string, string>): string {
        const dir = path.join(root, name);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { rootDir: ".", outDir: "dist", module: "commonjs", target: "ES2022" }, include: ["tools/**/*.ts"] }));
        for (const [rel, text] of Object.entries(sources)) {
            fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
            fs.writeFileSync(path.join(dir, rel), text);
        }
        return dir;
    }

    /** Runs the chain as planAtRevision does, with its step channel (fd 3). */
    function chain(projectDir: string): { status: number | null; stdout: string; stderr: string; steps: string[] } {
        const spec = {
            projectDir,
            cache: path.join(root, "cache"),
            repo: root,
            commit: "0000000",
            projectRel: "",
            checkout: REPO_ROOT,
            label: "REF (0000000)",
            args: ["--json", "--stack", "staging"],
            clock: "2026-01-02T03:04:05Z",
        };
        const r = spawnSync(process.execPath, [CHAIN, JSON.stringify(spec)], { cwd: projectDir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe", "pipe"] });
        return { status: r.status, stdout: r.stdout, stderr: r.stderr, steps: String(r.output[3] ?? "").trim().split("\n") };
    }

    it("builds the revision, runs its plan CLI with the arguments (and --now where the CLI takes it), and exits as it does", () => {
        const dir = revision("ok", {
            "tools/cli/plan.ts": 'process.stdout.write(JSON.stringify(process.argv.slice(2)) + "\\n");\nprocess.stderr.write("the base\'s own stderr\\n");\nprocess.exitCode = 3;\n// takes --now\n',
        });
        const r = chain(dir);
        assert.strictEqual(r.status, 3);
        assert.deepStrictEqual(JSON.parse(r.stdout), ["--json", "--stack", "staging", "--now", "2026-01-02T03:04:05Z"]);
        assert.strictEqual(r.stderr, "the base's own stderr\n");
        assert.deepStrictEqual(r.steps, ["build", "plan"]);
    });

    it("exits 2 with the compile error when the revision does not build, and names a revision without a plan CLI", () => {
        const broken = chain(revision("broken", { "tools/cli/plan.ts": "export const = ;\n" }));
        assert.strictEqual(broken.status, 2);
        assert.strictEqual(broken.stdout, "");
        assert.match(broken.stderr, /^error: .*tools\/cli\/plan\.ts:1:\d+: /);
        assert.deepStrictEqual(broken.steps, ["build"]);

        const none = chain(revision("none", { "tools/other.ts": "export const x = 1;\n" }));
        assert.strictEqual(none.status, 2);
        assert.deepStrictEqual(none.steps, ["build", "error --base: REF (0000000) has no offline plan CLI (dist/tools/cli/plan.js after building)"]);
    });
});
