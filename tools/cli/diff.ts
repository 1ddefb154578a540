/*
 * Diffs two saved offline plans (`npm run plan -- --stack X --json` or `--out`), like `pulumi preview --diff` would
 * between them: `npm run diff -- OLD.json NEW.json [--format text|markdown|json]`. Credential-free and pure.
 * Exit codes: 0 (the diff was printed, whatever it says), 2 (bad arguments, unreadable or invalid plan file).
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { Cli, CliIo, jsonErrorPosition, main, resolveIn } from "./common";
import { diffPlans } from "../diff/diff";
import { renderDiffMarkdown, renderDiffText } from "../diff/render";
import { assertPlanDocument, PlanDocument } from "../plan/render";

const USAGE = `Usage: npm run diff -- OLD.json NEW.json [--format text|markdown|json]

  OLD.json, NEW.json  plan documents written by \`npm run plan -- --stack <name> --json\` (or --out FILE)
  --format FORMAT     text (default, like pulumi preview --diff), markdown (for a PR comment), json

Exit codes: 0 the diff was printed, 2 bad arguments or an unreadable or invalid plan file.`;

const FORMATS = ["text", "markdown", "json"] as const;

function readPlan(file: string, io: CliIo): PlanDocument {
    let text: string;
    try {
        text = fs.readFileSync(resolveIn(io, file), "utf8");
    } catch (err) {
        throw new Error(`cannot read plan file ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(text);
    } catch (err) {
        throw new Error(`${file} is not valid JSON${jsonErrorPosition(text, err)}`);
    }
    return assertPlanDocument(parsed, file);
}

/** `npm run diff`: see USAGE. */
export const run: Cli = async (argv, io) => {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: { format: { type: "string", default: "text" }, help: { type: "boolean", default: false } },
            strict: true,
            allowPositionals: true,
        });
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.values.help) {
        io.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const format = parsed.values.format ?? "text";
    if (!(FORMATS as readonly string[]).includes(format)) {
        io.stderr.write(`error: \`--format\` must be one of ${FORMATS.join(", ")} (found: ${format})\n\n${USAGE}\n`);
        return 2;
    }
    if (parsed.positionals.length !== 2) {
        io.stderr.write(`error: expected two plan files, OLD.json and NEW.json (found: ${parsed.positionals.length})\n\n${USAGE}\n`);
        return 2;
    }
    const [oldFile, newFile] = parsed.positionals as [string, string];
    let before: PlanDocument;
    let after: PlanDocument;
    try {
        before = readPlan(oldFile, io);
        after = readPlan(newFile, io);
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    let diff;
    try {
        diff = diffPlans(before, after);
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
    const out =
        format === "json"
            ? JSON.stringify(diff, null, 2)
            : format === "markdown"
              ? renderDiffMarkdown(diff, { against: oldFile })
              : renderDiffText(diff, { against: oldFile });
    io.stdout.write(`${out}\n`);
    return 0;
};

if (require.main === module) {
    main(run);
}
