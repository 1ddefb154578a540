/*
 * Transpile-only build of a TypeScript project and the projects it references (`tsconfig.json` "references"), for
 * `plan --base REF`: the base revision is one that was already type-checked (by `npm test` where it was committed),
 * so its worktree needs JavaScript, not a second type-check. Each file is compiled on its own
 * (`ts.transpileModule`, as ts-node's transpile-only mode does) into the path `tsc -b` would write
 * (`ts.getOutputFileNames`); a syntax error fails the build with the file and position.
 *
 * Two options make the `--base` build cheaper (issue 9; measured in the README's test-speed section):
 *   --runtime-only  leaves out the test sources (see isTestSource) that no other source imports: half the tree's
 *                   bytes, and nothing a plan runs;
 *   --cache DIR     reuses outputs from DIR, keyed by a SHA-256 of everything transpileModule's output depends on
 *                   (TypeScript's version, the compiler options with the project's own paths made relative, the
 *                   source's and output's paths relative to the project, the source's bytes): the same inputs give
 *                   the same JavaScript and source map, byte for byte, so a second build of a revision, or of another
 *                   revision sharing most files, compiles only the files that changed.
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
    readonly options: TS.CompilerOptions;
    /** The options as a cache key: paths inside the top directory made relative to it. */
    readonly optionsKey: string;
}

/** Builds the project at `dir` (its tsconfig.json) and its references. */
export function transpileProject(dir: string, opts: TranspileOptions = {}): TranspileReport {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof TS;
    const top = path.resolve(dir);
    const format = (d: TS.Diagnostic): string => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (d.file && d.start !== undefined) {
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
            return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
        }
        return text;
    };
    const relativeToTop = (_key: string, value: unknown): unknown =>
        typeof value === "string" && path.isAbsolute(value) && (value === top || value.startsWith(`${top}${path.sep}`)) ? `<top>/${path.relative(top, value)}` : value;

    // 1. Every project's units, references first (as tsc -b builds them).
    const seen = new Set<string>();
    const units: Unit[] = [];
    const tests = new Set<string>();
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
            const unit = { source: path.resolve(source), out, options, optionsKey };
            units.push(unit);
            if (opts.runtimeOnly === true && isTestSource(path.relative(path.dirname(file), unit.source))) {
                tests.add(unit.source);
            }
        }
    };
    collect(path.join(top, "tsconfig.json"));

    // 2. The sources to build: without runtimeOnly all; with it, all but the test sources, plus any test source a
    // built source imports (transitively), found by TypeScript's own import scanner (imports, exports, require(),
    // import()) and resolved as relative paths to sources of these projects.
    const texts = new Map<string, string>();
    const text = (source: string): string => {
        let t = texts.get(source);
        if (t === undefined) {
            t = fs.readFileSync(source, "utf8");
            texts.set(source, t);
        }
        return t;
    };
    const keep = new Set(units.filter((u) => !tests.has(u.source)).map((u) => u.source));
    if (tests.size > 0) {
        // A relative specifier that reaches a test source from outside it names its directory or file (../tests/x,
        // ./a.test): a file that has no such string is not scanned (the scan was a fifth of a cached build).
        const mayImportTests = /["'`]\.\.?\/[^"'`\n]*(?:\btests?\b|\.test\b|\.spec\b)/;
        const pending = [...keep].filter((source) => mayImportTests.test(text(source)));
        for (let source = pending.pop(); source !== undefined; source = pending.pop()) {
            for (const { fileName } of ts.preProcessFile(text(source), true, true).importedFiles) {
                if (!fileName.startsWith(".")) {
                    continue;
                }
                const base = path.resolve(path.dirname(source), fileName);
                const stem = base.replace(/\.[cm]?js$/, "");
                const target = [base, `${stem}.ts`, `${stem}.tsx`, `${stem}.mts`, `${stem}.cts`, path.join(base, "index.ts")].find((c) => tests.has(c) && !keep.has(c));
                if (target !== undefined) {
                    keep.add(target);
                    pending.push(target);
                }
            }
        }
    }

    // 3. Emit, through the cache when there is one.
    let cacheDir = opts.cacheDir === undefined ? undefined : path.resolve(opts.cacheDir);
    if (cacheDir !== undefined) {
        try {
            fs.mkdirSync(cacheDir, { recursive: true });
        } catch {
            cacheDir = undefined; // a cache only: build without it
        }
    }
    const made = new Set<string>();
    let files = 0;
    let cached = 0;
    for (const unit of units) {
        if (!keep.has(unit.source)) {
            continue;
        }
        const source = text(unit.source);
        let output: { js: string; map?: string } | undefined;
        let entry: string | undefined;
        if (cacheDir !== undefined) {
            const key = createHash("sha256")
                .update(JSON.stringify([CACHE_FORMAT, ts.version, unit.optionsKey, path.relative(top, unit.source), path.relative(top, unit.out)]))
                .update("\0")
                .update(source)
                .digest("hex");
            entry = path.join(cacheDir, `${key}.json`);
            output = readEntry(entry);
        }
        if (output !== undefined) {
            cached++;
        } else {
            const result = ts.transpileModule(source, { compilerOptions: unit.options, fileName: unit.source, reportDiagnostics: true });
            const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
            if (errors.length > 0) {
                throw new Error(errors.map(format).join("\n"));
            }
            output = result.sourceMapText === undefined ? { js: result.outputText } : { js: result.outputText, map: result.sourceMapText };
            if (entry !== undefined) {
                writeEntry(entry, output);
            }
        }
        const outDir = path.dirname(unit.out);
        if (!made.has(outDir)) {
            fs.mkdirSync(outDir, { recursive: true });
            made.add(outDir);
        }
        fs.writeFileSync(unit.out, output.js);
        if (output.map !== undefined) {
            fs.writeFileSync(`${unit.out}.map`, output.map);
        }
        files++;
    }
    if (cacheDir !== undefined) {
        pruneCache(cacheDir, CACHE_ENTRIES);
    }
    return { files, cached, leftOut: units.length - keep.size };
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
function writeEntry(file: string, output: { js: string; map?: string }): void {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
        fs.writeFileSync(tmp, JSON.stringify(output));
        fs.renameSync(tmp, file);
    } catch {
        fs.rmSync(tmp, { force: true }); // a cache only
    }
}

/** Keeps the `max` most recently used entries. */
function pruneCache(dir: string, max: number): void {
    try {
        const names = fs.readdirSync(dir).filter((n) => n.endsWith(".json"));
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
