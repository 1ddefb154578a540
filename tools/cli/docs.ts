/*
 * Regenerates the README's config reference from the config schema (`npm run docs`), or checks it (`--check`, exit 1
 * when out of date) — the drift test in tests/docs runs the same check.
 *
 *   node dist/tools/cli/docs.js [--check] [--readme FILE]
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { renderConfigReference, replaceConfigReference } from "../docs/configReference";
import { CliIo, main } from "./common";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** Exit codes: 0 written or up to date, 1 out of date (`--check`), 2 bad arguments, no README or no markers. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
    let values: { check?: boolean; readme?: string };
    try {
        ({ values } = parseArgs({ args: [...argv], options: { check: { type: "boolean", default: false }, readme: { type: "string" } }, strict: true }));
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\nUsage: npm run docs -- [--check] [--readme FILE]\n`);
        return 2;
    }
    const readme = path.resolve(io.cwd ?? process.cwd(), values.readme ?? path.join(ROOT, "README.md"));
    let text: string;
    let updated: string;
    try {
        text = fs.readFileSync(readme, "utf8");
        updated = replaceConfigReference(text, renderConfigReference());
    } catch (err) {
        io.stderr.write(`error: ${readme}: ${(err as Error).message}\n`);
        return 2;
    }
    if (updated === text) {
        io.stdout.write(`${readme}: config reference up to date\n`);
        return 0;
    }
    if (values.check) {
        io.stderr.write(`${readme}: the config reference is out of date; run: npm run docs\n`);
        return 1;
    }
    fs.writeFileSync(readme, updated);
    io.stdout.write(`${readme}: config reference updated\n`);
    return 0;
}

if (require.main === module) {
    main(run);
}
