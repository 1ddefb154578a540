/*
 * Writes the staging plan's resource graph (Mermaid, from `npm run plan -- --stack staging --format mermaid`) into
 * README.md between `<!-- diagram:start -->` and `<!-- diagram:end -->`, so the diagram cannot drift from the code.
 *
 *   node dist/tools/cli/readmeDiagram.js [--check] [--stack NAME] [--readme FILE]
 *
 * --check writes nothing: exit 1 when the README's block differs from a freshly generated one.
 * Exit codes: 0 written (or up to date), 1 out of date (--check), 2 no README/markers, bad arguments or a plan error.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { diagramBlock, findDiagramBlock, replaceDiagramBlock } from "../diff/mermaid";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The Mermaid graph of a stack's offline plan, as the plan CLI prints it (no policies: the graph does not need them). */
export function generateDiagram(stack: string): string {
    const r = spawnSync(process.execPath, [path.join(ROOT, "dist", "tools", "cli", "plan.js"), "--stack", stack, "--format", "mermaid", "--no-policies"], {
        cwd: ROOT,
        encoding: "utf8",
    });
    if (r.status !== 0) {
        throw new Error(`planning ${stack} failed (exit ${r.status ?? r.signal}): ${(r.stderr ?? "").trim()}`);
    }
    return r.stdout.trimEnd();
}

function main(): number {
    const { values } = parseArgs({
        args: process.argv.slice(2),
        options: {
            check: { type: "boolean", default: false },
            stack: { type: "string", default: "staging" },
            readme: { type: "string", default: path.join(ROOT, "README.md") },
        },
        strict: true,
    });
    const readme = path.resolve(values.readme ?? "README.md");
    if (!fs.existsSync(readme)) {
        throw new Error(`no ${readme}`);
    }
    const text = fs.readFileSync(readme, "utf8");
    const found = findDiagramBlock(text);
    if (!found) {
        throw new Error(`${path.relative(process.cwd(), readme) || readme} has no <!-- diagram:start --> … <!-- diagram:end --> markers`);
    }
    const mermaid = generateDiagram(values.stack ?? "staging");
    const upToDate = found.block === diagramBlock(mermaid);
    if (values.check) {
        if (!upToDate) {
            process.stderr.write(`${readme}: the diagram is out of date; run: npm run build && node dist/tools/cli/readmeDiagram.js\n`);
            return 1;
        }
        process.stdout.write(`${readme}: the diagram is up to date\n`);
        return 0;
    }
    if (!upToDate) {
        fs.writeFileSync(readme, replaceDiagramBlock(text, mermaid));
    }
    process.stdout.write(`${readme}: diagram ${upToDate ? "already up to date" : "updated"} (${mermaid.split("\n").length} lines)\n`);
    return 0;
}

if (require.main === module) {
    try {
        process.exitCode = main();
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exitCode = 2;
    }
}
