/*
 * Writes the staging plan's resource graph (Mermaid, from `npm run plan -- --stack staging --format mermaid`) into
 * docs/resource-graph.md between `<!-- diagram:start -->` and `<!-- diagram:end -->`, so the graph cannot drift from
 * the code. (The README keeps only the ten-box architecture picture: the full graph is too large to read there.)
 *
 *   npm run diagram -- [--check] [--stack NAME] [--file FILE]
 *
 * --check writes nothing: exit 1 when the file's block differs from a freshly generated one.
 * Exit codes: 0 written (or up to date), 1 out of date (--check), 2 no file/markers, bad arguments or a plan error.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { diagramBlock, findDiagramBlock, replaceDiagramBlock } from "../diff/mermaid";
import { Cli, CliIo, main, PROJECT_DIR, resolveIn } from "./common";

const ROOT = PROJECT_DIR;

/** Where the generated graph lives. */
export const DIAGRAM_FILE = path.join(ROOT, "docs", "resource-graph.md");

/** Collects what a CLI prints. */
function collector(): { text: string; write(chunk: string): boolean } {
    return {
        text: "",
        write(chunk: string): boolean {
            this.text += chunk;
            return true;
        },
    };
}

/** The Mermaid graph of a stack's offline plan, as the plan CLI prints it (no policies: the graph does not need them). */
export async function generateDiagram(stack: string): Promise<string> {
    const { run: plan } = await import("./plan");
    const stdout = collector();
    const stderr = collector();
    const code = await plan(["--stack", stack, "--format", "mermaid", "--no-policies"], { stdout, stderr, cwd: ROOT });
    if (code !== 0) {
        throw new Error(`planning ${stack} failed (exit ${code}): ${stderr.text.trim()}`);
    }
    return stdout.text.trimEnd();
}

async function diagram(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            check: { type: "boolean", default: false },
            stack: { type: "string", default: "staging" },
            file: { type: "string", default: DIAGRAM_FILE },
        },
        strict: true,
    });
    const readme = resolveIn(io, values.file ?? DIAGRAM_FILE);
    if (!fs.existsSync(readme)) {
        throw new Error(`no ${readme}`);
    }
    const text = fs.readFileSync(readme, "utf8");
    const found = findDiagramBlock(text);
    if (!found) {
        throw new Error(`${path.relative(io.cwd ?? process.cwd(), readme) || readme} has no <!-- diagram:start --> … <!-- diagram:end --> markers`);
    }
    const mermaid = await generateDiagram(values.stack ?? "staging");
    const upToDate = found.block === diagramBlock(mermaid);
    if (values.check) {
        if (!upToDate) {
            io.stderr.write(`${readme}: the diagram is out of date; run: npm run diagram\n`);
            return 1;
        }
        io.stdout.write(`${readme}: the diagram is up to date\n`);
        return 0;
    }
    if (!upToDate) {
        fs.writeFileSync(readme, replaceDiagramBlock(text, mermaid));
    }
    io.stdout.write(`${readme}: diagram ${upToDate ? "already up to date" : "updated"} (${mermaid.split("\n").length} lines)\n`);
    return 0;
}

/** `npm run diagram`: see the header. */
export const run: Cli = async (argv, io) => {
    try {
        return await diagram(argv, io);
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
};

if (require.main === module) {
    main(run);
}
