/*
 * Diffs two saved offline plans (`npm run plan -- --stack X --json` or `--out`), like `pulumi preview --diff` would
 * between them: `npm run diff -- OLD.json NEW.json [--format text|markdown|json]`. Credential-free and pure.
 * Exit codes: 0 (the diff was printed, whatever it says), 2 (bad arguments, unreadable or invalid plan file).
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { diffPlans, renderDiffMarkdown, renderDiffText } from "../diff/diff";
import { assertPlanDocument, PlanDocument } from "../plan/render";

const USAGE = `Usage: npm run diff -- OLD.json NEW.json [--format text|markdown|json]

  OLD.json, NEW.json  plan documents written by \`npm run plan -- --stack <name> --json\` (or --out FILE)
  --format FORMAT     text (default, like pulumi preview --diff), markdown (for a PR comment), json

Exit codes: 0 the diff was printed, 2 bad arguments or an unreadable or invalid plan file.`;

const FORMATS = ["text", "markdown", "json"] as const;

function readPlan(file: string): PlanDocument {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new Error(`cannot read plan file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
    }
    return assertPlanDocument(parsed, file);
}

function main(argv: string[]): number {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: { format: { type: "string", default: "text" }, help: { type: "boolean", default: false } },
            strict: true,
            allowPositionals: true,
        });
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.values.help) {
        process.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const format = parsed.values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) {
        process.stderr.write(`error: \`--format\` must be one of ${FORMATS.join(", ")} (found: ${format})\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.positionals.length !== 2) {
        process.stderr.write(`error: expected two plan files, OLD.json and NEW.json (found: ${parsed.positionals.length})\n\n${USAGE}\n`);
        return 2;
    }
    const [oldFile, newFile] = parsed.positionals as [string, string];
    let before: PlanDocument;
    let after: PlanDocument;
    try {
        before = readPlan(oldFile);
        after = readPlan(newFile);
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    const diff = diffPlans(before, after);
    const out =
        format === "json"
            ? JSON.stringify(diff, null, 2)
            : format === "markdown"
              ? renderDiffMarkdown(diff, { against: oldFile })
              : renderDiffText(diff, { against: oldFile });
    process.stdout.write(`${out}\n`);
    return 0;
}

process.exitCode = main(process.argv.slice(2));
