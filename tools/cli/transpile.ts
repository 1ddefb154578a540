/*
 * Transpile-only build of a TypeScript project and the projects it references (`tsconfig.json` "references"), for
 * `plan --base REF`: the base revision is one that was already type-checked (by `npm test` where it was committed),
 * so its worktree needs JavaScript, not a second type-check. Each file is compiled on its own
 * (`ts.transpileModule`, as ts-node's transpile-only mode does) into the path `tsc -b` would write
 * (`ts.getOutputFileNames`); a syntax error fails the build with the file and position.
 *
 * Two options make the `--base` build cheaper (issue 9; measured in the README, under `--base`):
 *   --runtime-only  leaves out the test sources (see isTestSource) that no other source imports: half the tree's
 *                   bytes, and nothing a plan runs;
 *   --cache DIR     reuses outputs from DIR, keyed by a SHA-256 of everything transpileModule's output depends on
 *                   (TypeScript's version, the compiler options with the project's own paths made relative, the
 *                   source's and output's paths relative to the project, the source's bytes): the same inputs give
 *                   the same JavaScript and source map, byte for byte, so a second build of a revision, or of another
 *                   revision sharing most files, compiles only the files that changed. The parsed tsconfigs are
 *                   remembered too, per listing of the directory's files and checked against the tsconfigs' bytes:
 *                   a build whose outputs are all cached does not load TypeScript (0.3 s instead of 0.9 s of CPU).
 *
 *   node dist/tools/cli/transpile.js [--runtime-only] [--cache DIR] DIR   (exit 0 built, 2 a config or syntax error)
 */
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import type * as TS from "typescript";
import { Cli, CliIo, main, resolveIn } from "./common";

export interface TranspileOptions {
    /** Leave out test sources no other source imports (isTestSource). Default: everything the tsconfigs include. */
    readonly runtimeOnly?: boolean;
    /** A directory of cached outputs (created if missing). Default: no cache. */
    readonly cacheDir?: string;
}

export interface TranspileReport {
    /** JavaScript files written (compiled or from the cache). */
    readonly files: number;
    /** Of those, taken from the cache. */
    readonly cached: number;
    /** Test sources left out (runtimeOnly). */
    readonly leftOut: number;
}

/**
 * A test source, relative to its project's directory: under a top-level `test/` or `tests/` directory, or named
 * `*.test.ts` / `*.spec.ts`. (No revision of this repository had a non-test source import one; the build keeps any
 * that is imported anyway.)
 */
export function isTestSource(relative: string): boolean {
    const parts = relative.split(/[\\/]/);
    return parts[0] === "test" || parts[0] === "tests" || /\.(test|spec)\.[cm]?tsx?$/.test(parts[parts.length - 1] ?? "");
}

/** Entries kept in a cache directory; the least recently used beyond this are removed after a build. */
const CACHE_ENTRIES = 2000;
const CACHE_FORMAT = 1;

interface Unit {
    readonly source: string;
    readonly out: string;
    /** The options as a cache key: paths inside the top directory made relative to it. */
    readonly optionsKey: string;
    /** A test source of its project (isTestSource). */
    readonly test: boolean;
    /** The compiler options: only from a parse in this build (never from the parse cache). */
    readonly options?: TS.CompilerOptions;
}

interface Parsed {
    readonly units: Unit[];
    /** Every tsconfig read: the projects' and those they extend. */
    readonly configs: string[];
    /** Whether the parse is a function of the config files' bytes and the listing of the top directory only. */
    readonly cacheable: boolean;
}

const sha256 = (...parts: string[]): string => {
    const hash = createHash("sha256");
    for (const p of parts) {
        hash.update(p).update("\0");
    }
    return hash.digest("hex");
};

const inside = (file: string, dir: string): boolean => file === dir || file.startsWith(`${dir}${path.sep}`);

/** Every project's units, references first (as tsc -b builds them). */
function parseProjects(ts: typeof TS, top: string): Parsed {
    const format = formatter(ts);
    const relativeToTop = (_key: string, value: unknown): unknown =>
        typeof value === "string" && path.isAbsolute(value) && inside(value, top) ? `<top>/${path.relative(top, value)}` : value;
    const seen = new Set<string>();
    const units: Unit[] = [];
    const configs: string[] = [];
    let cacheable = true;
    const collect = (configFile: string): void => {
        const file = path.resolve(configFile);
        if (seen.has(file)) {
            return;
        }
        seen.add(file);
        const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(format(d));
            },
        });
        if (!parsed) {
            throw new Error(`cannot read ${file}`);
        }
        if (parsed.errors.length > 0) {
            throw new Error(parsed.errors.map(format).join("\n"));
        }
        configs.push(file, ...((parsed.options.configFile as TS.TsConfigSourceFile | undefined)?.extendedSourceFiles ?? []).map((f) => path.resolve(f)));
        const raw = parsed.raw as { include?: unknown; files?: unknown } | undefined;
        // Wildcards never reach into node_modules unless a spec names it; the listing below does not look there.
        if (JSON.stringify([raw?.include, raw?.files]).includes("node_modules")) {
            cacheable = false;
        }
        for (const ref of parsed.projectReferences ?? []) {
            collect(ts.resolveProjectReferencePath(ref));
        }
        // Source maps as tsc -b writes them: a staged function package (hashed to trigger its deployment) must not
        // differ between a full build and this one.
        const options: TS.CompilerOptions = { ...parsed.options, inlineSourceMap: false, declaration: false, declarationMap: false, composite: false };
        const optionsKey = JSON.stringify(options, relativeToTop);
        for (const source of parsed.fileNames) {
            if (source.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(source)) {
                continue;
            }
            const out = ts.getOutputFileNames(parsed, source, !ts.sys.useCaseSensitiveFileNames).find((f) => /\.(js|mjs|cjs)$/.test(f));
            if (out === undefined) {
                continue;
            }
            const unit = { source: path.resolve(source), out: path.resolve(out), options, optionsKey, test: isTestSource(path.relative(path.dirname(file), source)) };
            cacheable &&= inside(unit.source, top) && inside(unit.out, top);
            units.push(unit);
        }
    };
    collect(path.join(top, "tsconfig.json"));
    return { units, configs, cacheable };
}

function formatter(ts: typeof TS): (d: TS.Diagnostic) => string {
    return (d) => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (d.file && d.start !== undefined) {
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
            return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
        }
        return text;
    };
}

/**
 * What TypeScript's file matching can see of `top`: every path under it (node_modules only by name: wildcards skip
 * it), or undefined when there is a symbolic link outside node_modules (its target could change unseen).
 */
function listingHash(top: string): string | undefined {
    const hash = createHash("sha256");
    const walk = (abs: string, rel: string): boolean => {
        const entries = fs.readdirSync(abs, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        for (const e of entries) {
            const r = rel === "" ? e.name : `${rel}/${e.name}`;
            if (e.isSymbolicLink()) {
                return false;
            }
            hash.update(`${e.isDirectory() ? "d" : "f"} ${r}\n`);
            if (e.isDirectory() && e.name !== "node_modules" && !walk(path.join(abs, e.name), r)) {
                return false;
            }
        }
        return true;
    };
    try {
        return walk(top, "") ? hash.digest("hex") : undefined;
    } catch {
        return undefined;
    }
}

interface SavedParse {
    readonly units: { source: string; out: string; optionsKey: string; test: boolean }[];
    readonly configs: { file: string; sha: string }[];
}

const fromTop = (top: string, p: string): string => (path.isAbsolute(p) ? p : path.join(top, p));
const toTop = (top: string, p: string): string => (inside(p, top) ? path.relative(top, p) : p);

/** The units of an earlier parse of the same listing, if every config file it read has the same bytes. */
function readParse(file: string, top: string): Unit[] | undefined {
    try {
        const saved = JSON.parse(fs.readFileSync(file, "utf8")) as SavedParse;
        for (const { file: config, sha } of saved.configs) {
            if (sha256(fs.readFileSync(fromTop(top, config), "utf8")) !== sha) {
                return undefined;
            }
        }
        if (!Array.isArray(saved.units) || !saved.units.every((u) => typeof u.source === "string" && typeof u.out === "string" && typeof u.optionsKey === "string" && typeof u.test === "boolean")) {
            return undefined;
        }
        return saved.units.map((u) => ({ source: fromTop(top, u.source), out: fromTop(top, u.out), optionsKey: u.optionsKey, test: u.test }));
    } catch {
        return undefined;
    }
}

function writeParse(file: string, top: string, parsed: Parsed): void {
    try {
        const saved: SavedParse = {
            units: parsed.units.map((u) => ({ source: toTop(top, u.source), out: toTop(top, u.out), optionsKey: u.optionsKey, test: u.test })),
            configs: [...new Set(parsed.configs)].map((c) => ({ file: toTop(top, c), sha: sha256(fs.readFileSync(c, "utf8")) })),
        };
        writeEntry(file, saved);
    } catch {
        // a cache only
    }
}

/**
 * Builds the project at `dir` (its tsconfig.json) and its references. With a cache where every output is cached
 * and the tsconfigs and the file listing are as in an earlier build, TypeScript is not even loaded.
 */
export function transpileProject(dir: string, opts: TranspileOptions = {}): TranspileReport {
    const top = path.resolve(dir);
    let ts: typeof TS | undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const typescript = (): typeof TS => (ts ??= require("typescript") as typeof TS);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsVersion = (require("typescript/package.json") as { version: string }).version;
    let cacheDir = opts.cacheDir === undefined ? undefined : path.resolve(opts.cacheDir);
    if (cacheDir !== undefined) {
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
        } catch {
            cacheDir = undefined; // a cache only: build without it
        }
    }
    const listing = cacheDir === undefined ? undefined : listingHash(top);
    const parseFile = cacheDir === undefined || listing === undefined ? undefined : path.join(cacheDir, `parse-${sha256(String(CACHE_FORMAT), tsVersion, listing)}.json`);
    const parse = (): Unit[] => {
        const parsed = parseProjects(typescript(), top);
        if (parseFile !== undefined && parsed.cacheable) {
            writeParse(parseFile, top, parsed);
        }
        return parsed.units;
    };

    const texts = new Map<string, string>();
    const text = (source: string): string => {
        let t = texts.get(source);
        if (t === undefined) {
            t = fs.readFileSync(source, "utf8");
            texts.set(source, t);
        }
        return t;
    };

    /** The build of `units`, or "parse" when an output is not cached and the units come from the parse cache. */
    const build = (units: readonly Unit[]): TranspileReport | "parse" => {
        // The sources to build: without runtimeOnly all; with it, all but the test sources, plus any test source a
        // built source imports (transitively). An import's specifier is a string literal: every quoted string that
        // starts like a relative path (./x, ../x, . or ..) is taken for one and resolved as TypeScript resolves a
        // relative import to a source of these projects. A superset of the imports (a string that only looks like a
        // path keeps a test source for nothing), found without loading TypeScript.
        const tests = new Set(opts.runtimeOnly === true ? units.filter((u) => u.test).map((u) => u.source) : []);
        const keep = new Set(units.filter((u) => !tests.has(u.source)).map((u) => u.source));
        if (tests.size > 0) {
            const pending = [...keep];
            for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
                for (const match of text(source).matchAll(/["'`](\.\.?(?:\/[^"'`\n]*)?)(?=["'`])/g)) {
                    const base = path.resolve(path.dirname(source), match[1] as string);
                    const stem = base.replace(/\.[cm]?js$/, "");
                    const target = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, path.join(base, "index.ts")].find((c) => tests.has(c) && !keep.has(c));
                    if (target !== undefined) {
                        keep.add(target);
                        pending.push(target);
                    }
                }
            }
        }

        const outputs: { out: string; js: string; map?: string }[] = [];
        let cached = 0;
        for (const unit of units) {
            if (!keep.has(unit.source)) {
                continue;
            }
            const source = text(unit.source);
            let output: { js: string; map?: string } | undefined;
            let entry: string | undefined;
            if (cacheDir !== undefined) {
                entry = path.join(cacheDir, `${sha256(JSON.stringify([CACHE_FORMAT, tsVersion, unit.optionsKey, path.relative(top, unit.source), path.relative(top, unit.out)]), source)}.json`);
                output = readEntry(entry);
            }
            if (output !== undefined) {
                cached++;
            } else if (unit.options === undefined) {
                return "parse";
            } else {
                const result = typescript().transpileModule(source, { compilerOptions: unit.options, fileName: unit.source, reportDiagnostics: true });
                const errors = (result.diagnostics ?? []).filter((d) => d.category === typescript().DiagnosticCategory.Error);
                if (errors.length > 0) {
                    throw new Error(errors.map(formatter(typescript())).join("\n"));
                }
                output = result.sourceMapText === undefined ? { js: result.outputText } : { js: result.outputText, map: result.sourceMapText };
                if (entry !== undefined) {
                    writeEntry(entry, output);
                }
            }
            outputs.push({ out: unit.out, ...output });
        }
        const made = new Set<string>();
        for (const { out, js, map } of outputs) {
            const outDir = path.dirname(out);
            if (!made.has(outDir)) {
                fs.mkdirSync(outDir, { recursive: true });
                made.add(outDir);
            }
            fs.writeFileSync(out, js);
            if (map !== undefined) {
                fs.writeFileSync(`${out}.map`, map);
            }
        }
        return { files: outputs.length, cached, leftOut: units.length - keep.size };
    };

    const saved = parseFile === undefined ? undefined : readParse(parseFile, top);
    let report = build(saved ?? parse());
    if (report === "parse") {
        report = build(parse());
    }
    if (report === "parse") {
        throw new Error("internal: a fresh parse has the compiler options"); // unreachable: parse() gives options
    }
    if (cacheDir !== undefined) {
        pruneCache(cacheDir, CACHE_ENTRIES);
    }
    return report;
}

/** A cached output, or undefined (missing or unreadable: compiled again). A hit is marked used (its mtime). */
function readEntry(file: string): { js: string; map?: string } | undefined {
    try {
        const saved = JSON.parse(fs.readFileSync(file, "utf8")) as { js?: unknown; map?: unknown };
        if (typeof saved.js !== "string" || (saved.map !== undefined && typeof saved.map !== "string")) {
            return undefined;
        }
        try {
            const now = new Date();
            fs.utimesSync(file, now, now);
        } catch {
            // not marked: pruned sooner, nothing worse
        }
        return saved.map === undefined ? { js: saved.js } : { js: saved.js, map: saved.map as string };
    } catch {
        return undefined;
    }
}

/** Written whole or not at all (a rename), so a build killed midway leaves no torn entry. */
function writeEntry(file: string, output: object): void {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(tmp, JSON.stringify(output));
        fs.renameSync(tmp, file);
    } catch {
        fs.rmSync(tmp, { force: true }); // a cache only
    }
}

/** Keeps the `max` most recently used entries. */
/** A temporary entry older than this was left by a build that was killed while writing it (see writeEntry). */
const STALE_TMP_MS = 10 * 60 * 1000;

function pruneCache(dir: string, max: number): void {
    try {
        const all = fs.readdirSync(dir);
        for (const n of all.filter((f) => f.endsWith(".tmp"))) {
            try {
                if (Date.now() - fs.statSync(path.join(dir, n)).mtimeMs > STALE_TMP_MS) {
                    fs.rmSync(path.join(dir, n), { force: true });
                }
            } catch {
                // gone already, or another build's: a cache only
            }
        }
        const names = all.filter((n) => n.endsWith(".json"));
        if (names.length <= max) {
            return;
        }
        const byUse = names
            .map((n) => {
                try {
                    return { n, t: fs.statSync(path.join(dir, n)).mtimeMs };
                } catch {
                    return { n, t: 0 };
                }
            })
            .sort((a, b) => b.t - a.t);
        for (const { n } of byUse.slice(max)) {
            fs.rmSync(path.join(dir, n), { force: true });
        }
    } catch {
        // a cache only
    }
}

const USAGE = "Usage: node dist/tools/cli/transpile.js [--runtime-only] [--cache DIR] DIR";

export const run: Cli = async (argv: readonly string[], io: CliIo) => {
    let parsed;
    try {
        parsed = parseArgs({ args: [...argv], options: { "runtime-only": { type: "boolean" }, cache: { type: "string" } }, allowPositionals: true, strict: true });
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    const { values, positionals } = parsed;
    if (positionals.length !== 1 || positionals[0] === "" || values.cache === "") {
        io.stderr.write(`error: expected one project directory\n\n${USAGE}\n`);
        return 2;
    }
    try {
        const report = transpileProject(resolveIn(io, positionals[0] as string), {
            runtimeOnly: values["runtime-only"] === true,
            cacheDir: values.cache === undefined ? undefined : resolveIn(io, values.cache),
        });
        const detail = [values.cache !== undefined ? `${report.cached} from the cache` : "", values["runtime-only"] === true ? `${report.leftOut} test sources left out` : ""].filter(Boolean);
        io.stdout.write(`${report.files} files${detail.length > 0 ? ` (${detail.join(", ")})` : ""}\n`);
        return 0;
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
};

if (require.main === module) {
    main(run);
}
