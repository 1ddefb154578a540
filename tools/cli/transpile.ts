/*
 * Transpile-only build of a TypeScript project and the projects it references (`tsconfig.json` "references"), for
 * `plan --base REF`: the base revision is one that was already type-checked (by `npm test` where it was committed),
 * so its worktree needs JavaScript, not a second type-check. Each file is compiled on its own
 * (`ts.transpileModule`, as ts-node's transpile-only mode does) into the path `tsc -b` would write
 * (`ts.getOutputFileNames`); a syntax error fails the build with the file and position.
 *
 *   node dist/tools/cli/transpile.js DIR   (exit 0 built, 2 a config or syntax error)
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { Cli, CliIo, main, resolveIn } from "./common";

/** Builds the project at `dir` (its tsconfig.json) and its references; returns the number of files written. */
export function transpileProject(dir: string): number {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof TS;
    const seen = new Set<string>();
    const format = (d: TS.Diagnostic): string => {
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        if (d.file && d.start !== undefined) {
            const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
            return `${d.file.fileName}:${line + 1}:${character + 1}: ${text}`;
        }
        return text;
    };
    let written = 0;
    const build = (configFile: string): void => {
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
            build(ts.resolveProjectReferencePath(ref));
        }
        // Source maps as tsc -b writes them: a staged function package (hashed to trigger its deployment) must not
        // differ between a full build and this one.
        const options: TS.CompilerOptions = { ...parsed.options, inlineSourceMap: false, declaration: false, declarationMap: false, composite: false };
        for (const source of parsed.fileNames) {
            if (source.endsWith(".d.ts") || !/\.(ts|tsx|mts|cts)$/.test(source)) {
                continue;
            }
            const out = ts.getOutputFileNames(parsed, source, !ts.sys.useCaseSensitiveFileNames).find((f) => /\.(js|mjs|cjs)$/.test(f));
            if (out === undefined) {
                continue;
            }
            const result = ts.transpileModule(fs.readFileSync(source, "utf8"), { compilerOptions: options, fileName: source, reportDiagnostics: true });
            const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
            if (errors.length > 0) {
                throw new Error(errors.map(format).join("\n"));
            }
            fs.mkdirSync(path.dirname(out), { recursive: true });
            fs.writeFileSync(out, result.outputText);
            if (result.sourceMapText !== undefined) {
                fs.writeFileSync(`${out}.map`, result.sourceMapText);
            }
            written++;
        }
    };
    build(path.join(dir, "tsconfig.json"));
    return written;
}

export const run: Cli = async (argv: readonly string[], io: CliIo) => {
    if (argv.length !== 1 || argv[0] === "" || (argv[0] ?? "").startsWith("-")) {
        io.stderr.write("error: expected one project directory\n\nUsage: node dist/tools/cli/transpile.js DIR\n");
        return 2;
    }
    try {
        const n = transpileProject(resolveIn(io, argv[0] as string));
        io.stdout.write(`${n} files\n`);
        return 0;
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
};

if (require.main === module) {
    main(run);
}
