/*
 * The transpile-only build `plan --base` runs in the base revision's worktree (tools/cli/transpile.ts): with
 * --runtime-only it leaves out test sources nothing else imports, and with --cache it reuses outputs of files it
 * compiled before, byte for byte what a fresh compile writes (issue 9: the base's build was most of a `--base` run).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { isTestSource, run, transpileProject } from "../../tools/cli/transpile";
import { runInProcess } from "../plan/planCli";

/** Every file under `dir`, relative, sorted, with its content. */
function tree(dir: string): Record<string, string> {
    const out: Record<string, string> = {};
    const walk = (d: string): void => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
            const abs = path.join(d, e.name);
            if (e.isDirectory()) {
                walk(abs);
            } else {
                out[path.relative(dir, abs)] = fs.readFileSync(abs, "utf8");
            }
        }
    };
    if (fs.existsSync(dir)) {
        walk(dir);
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * A project like this one: a root project (outDir dist) referencing a function project (outDir dist), each with
 * test sources; one runtime source imports a test helper.
 */
function makeProject(root: string): string {
    const project = path.join(root, "project");
    const files: Record<string, string> = {
        "tsconfig.base.json": JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", sourceMap: true, declaration: true, composite: true, strict: true } }),
        "tsconfig.json": JSON.stringify({
            extends: "./tsconfig.base.json",
            compilerOptions: { rootDir: ".", outDir: "dist" },
            include: ["index.ts", "stack/**/*.ts", "tests/**/*.ts"],
            references: [{ path: "./fn" }],
        }),
        "index.ts": 'import { limit } from "./stack/limits";\nimport { fixture } from "./tests/helpers/fixture";\nexport const value: number = limit + fixture.length;\n',
        "stack/limits.ts": "export const limit = 41;\n",
        "stack/limits.test.ts": 'import { limit } from "./limits";\nif (limit !== 41) throw new Error("limit");\n',
        "tests/helpers/fixture.ts": 'import { shape } from "./shape";\nexport const fixture: string = shape;\n',
        "tests/helpers/shape.ts": 'export const shape = "x";\n',
        "tests/limits.test.ts": 'import { value } from "../index";\nexport const checked = value === 42;\n',
        "fn/tsconfig.json": JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { rootDir: ".", outDir: "dist" }, include: ["src/**/*.ts", "test/**/*.ts"] }),
        "fn/src/index.ts": "export const handler = (): string => \"ok\";\n",
        "fn/test/index.test.ts": 'import { handler } from "../src/index";\nexport const ok = handler() === "ok";\n',
    };
    for (const [rel, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(project, rel)), { recursive: true });
        fs.writeFileSync(path.join(project, rel), text);
    }
    return project;
}

const outputs = (project: string): Record<string, string> => ({
    ...Object.fromEntries(Object.entries(tree(path.join(project, "dist"))).map(([k, v]) => [`dist/${k}`, v])),
    ...Object.fromEntries(Object.entries(tree(path.join(project, "fn", "dist"))).map(([k, v]) => [`fn/dist/${k}`, v])),
});

describe("transpile (the --base build): --runtime-only and --cache", () => {
    let root = "";
    beforeEach(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "kv-transpile-"));
    });
    afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

    it("names test sources by a top-level test/ or tests/ directory or a .test/.spec name", () => {
        for (const rel of ["tests/diff/cli.test.ts", "tests/helpers/pulumi.ts", "test/entry.test.ts", "stack/limits.test.ts", "tools/x.spec.ts", "test\\win.ts"]) {
            assert.strictEqual(isTestSource(rel), true, rel);
        }
        for (const rel of ["index.ts", "stack/tests.ts", "tools/cli/testTime.ts", "src/contest/a.ts", "policies/test-data.ts", "stack/test/a.ts"]) {
            assert.strictEqual(isTestSource(rel), false, rel);
        }
    });

    it("--runtime-only builds every runtime source and the test sources they import, as a full build writes them", () => {
        const project = makeProject(root);
        const full = transpileProject(project);
        assert.deepStrictEqual(full, { files: 8, cached: 0, leftOut: 0 });
        const everything = outputs(project);
        fs.rmSync(path.join(project, "dist"), { recursive: true });
        fs.rmSync(path.join(project, "fn", "dist"), { recursive: true });

        const report = transpileProject(project, { runtimeOnly: true });
        assert.deepStrictEqual(report, { files: 5, cached: 0, leftOut: 3 });
        const built = outputs(project);
        // index, stack/limits, the helper index.ts imports and the one that helper imports, fn/src/index: js + map each.
        assert.deepStrictEqual(Object.keys(built), [
            "dist/index.js",
            "dist/index.js.map",
            "dist/stack/limits.js",
            "dist/stack/limits.js.map",
            "dist/tests/helpers/fixture.js",
            "dist/tests/helpers/fixture.js.map",
            "dist/tests/helpers/shape.js",
            "dist/tests/helpers/shape.js.map",
            "fn/dist/src/index.js",
            "fn/dist/src/index.js.map",
        ]);
        for (const [file, text] of Object.entries(built)) {
            assert.strictEqual(text, everything[file], file);
        }
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        assert.strictEqual((require(path.join(project, "dist", "index.js")) as { value: number }).value, 42);
    });

    it("--cache gives byte-identical outputs, also for a copy of the project elsewhere, and compiles only changed files", () => {
        const project = makeProject(root);
        const cache = path.join(root, "cache");
        assert.deepStrictEqual(transpileProject(project, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 0, leftOut: 3 });
        const fresh = outputs(project);

        // Another worktree of the same revision: everything from the cache, the same bytes as the fresh compile.
        const copy = makeProject(path.join(root, "elsewhere"));
        assert.deepStrictEqual(transpileProject(copy, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 5, leftOut: 3 });
        assert.deepStrictEqual(outputs(copy), fresh);

        // A changed source is compiled again; the others come from the cache.
        fs.writeFileSync(path.join(copy, "stack", "limits.ts"), "export const limit = 40;\n");
        assert.deepStrictEqual(transpileProject(copy, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 4, leftOut: 3 });
        assert.match(outputs(copy)["dist/stack/limits.js"] ?? "", /exports\.limit = 40;/);
        // Other compiler options are other outputs: no source map, nothing from the cache reused for it.
        fs.writeFileSync(path.join(copy, "tsconfig.base.json"), JSON.stringify({ compilerOptions: { target: "ES2022", module: "commonjs", composite: true, strict: true } }));
        fs.rmSync(path.join(copy, "dist"), { recursive: true });
        assert.deepStrictEqual(transpileProject(copy, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 0, leftOut: 3 });
        assert.ok(!fs.existsSync(path.join(copy, "dist", "index.js.map")));

        // An unreadable entry is compiled again, not trusted.
        for (const entry of fs.readdirSync(cache)) {
            fs.writeFileSync(path.join(cache, entry), "{ torn");
        }
        fs.rmSync(path.join(project, "dist"), { recursive: true });
        fs.rmSync(path.join(project, "fn", "dist"), { recursive: true });
        assert.deepStrictEqual(transpileProject(project, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 0, leftOut: 3 });
        assert.deepStrictEqual(outputs(project), fresh);

        // A temporary entry a killed build left behind is removed once it is old; one being written now stays.
        const stale = path.join(cache, "left-by-a-killed-build.json.4242.tmp");
        const writing = path.join(cache, "being-written.json.4243.tmp");
        fs.writeFileSync(stale, "{ half");
        fs.writeFileSync(writing, "{ half");
        const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
        fs.utimesSync(stale, anHourAgo, anHourAgo);
        transpileProject(project, { runtimeOnly: true, cacheDir: cache });
        assert.strictEqual(fs.existsSync(stale), false, "the stale temporary entry is removed");
        assert.strictEqual(fs.existsSync(writing), true, "a fresh temporary entry is left to its writer");
    });

    it("--cache remembers the parsed tsconfigs per file listing: a full hit loads no TypeScript, a new file is built", () => {
        const cache = path.join(root, "cache");
        const project = makeProject(path.join(root, "a"));
        transpileProject(project, { runtimeOnly: true, cacheDir: cache });
        const parses = (): string[] => fs.readdirSync(cache).filter((f) => f.startsWith("parse-"));
        assert.strictEqual(parses().length, 1);

        // Another copy, everything cached: TypeScript is not loaded (a child process, to see its module cache).
        const copy = makeProject(path.join(root, "b"));
        const probe = `const t = require(${JSON.stringify(path.join(__dirname, "..", "..", "tools", "cli", "transpile.js"))});
const r = t.transpileProject(${JSON.stringify(copy)}, { runtimeOnly: true, cacheDir: ${JSON.stringify(cache)} });
console.log(JSON.stringify({ r, ts: Object.keys(require.cache).some((f) => /[\\/]typescript[\\/]lib[\\/]typescript\.js$/.test(f)) }));`;
        const child = spawnSync(process.execPath, ["-e", probe], { encoding: "utf8" });
        assert.strictEqual(child.status, 0, child.stderr);
        assert.deepStrictEqual(JSON.parse(child.stdout), { r: { files: 5, cached: 5, leftOut: 3 }, ts: false });

        // A new source in an included directory changes the listing: parsed again, and built.
        fs.writeFileSync(path.join(copy, "stack", "extra.ts"), "export const extra = 1;\n");
        assert.deepStrictEqual(transpileProject(copy, { runtimeOnly: true, cacheDir: cache }), { files: 6, cached: 5, leftOut: 3 });
        assert.ok(fs.existsSync(path.join(copy, "dist", "stack", "extra.js")));
        // A changed tsconfig with the same listing: its sha no longer matches, parsed again (outDir out, not dist).
        fs.rmSync(path.join(copy, "dist"), { recursive: true });
        fs.writeFileSync(path.join(copy, "fn", "tsconfig.json"), JSON.stringify({ extends: "../tsconfig.base.json", compilerOptions: { rootDir: ".", outDir: "out" }, include: ["src/**/*.ts", "test/**/*.ts"] }));
        fs.rmSync(path.join(copy, "fn", "dist"), { recursive: true });
        transpileProject(copy, { runtimeOnly: true, cacheDir: cache });
        assert.ok(fs.existsSync(path.join(copy, "fn", "out", "src", "index.js")));
        assert.ok(!fs.existsSync(path.join(copy, "fn", "dist")));

        // A symbolic link in the tree (its target could change unseen): no parse is remembered, the build is right.
        const linked = makeProject(path.join(root, "c"));
        fs.symlinkSync(path.join(linked, "stack"), path.join(linked, "stack-link"), "dir");
        const before = parses().length;
        assert.deepStrictEqual(transpileProject(linked, { runtimeOnly: true, cacheDir: cache }), { files: 5, cached: 5, leftOut: 3 });
        assert.strictEqual(parses().length, before);
    });

    it("the CLI says what it took from the cache and left out; exit 2 on a bad option", async () => {
        const project = makeProject(root);
        const cache = path.join(root, "cache");
        const first = await runInProcess(run, ["--runtime-only", "--cache", cache, project]);
        assert.deepStrictEqual(first, { status: 0, stdout: "5 files (0 from the cache, 3 test sources left out)\n", stderr: "" });
        const second = await runInProcess(run, ["--runtime-only", "--cache", cache, project]);
        assert.strictEqual(second.stdout, "5 files (5 from the cache, 3 test sources left out)\n");
        const plain = await runInProcess(run, [project]);
        assert.strictEqual(plain.stdout, "8 files\n");
        const bad = await runInProcess(run, ["--fast", project]);
        assert.strictEqual(bad.status, 2);
        assert.match(bad.stderr, /^error: Unknown option '--fast'[^\n]*\n\nUsage: node dist\/tools\/cli\/transpile\.js \[--runtime-only\] \[--cache DIR\] DIR\n$/);
    });
});
