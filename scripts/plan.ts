/*
 * Offline plan: evaluates a stack under Pulumi's mocks with its real config, prints what it would create,
 * runs the policy pack in-process, and exits 0 (fine), 1 (mandatory policy violations) or 2 (bad config,
 * bad arguments or a program error). No cloud credentials, no Pulumi CLI.
 */
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { evaluateProgram } from "../lib/plan/evaluate";
import { planDocument, renderSummary, renderTree } from "../lib/plan/render";
import { checkPolicies } from "../lib/plan/policies";

const USAGE = `Usage: npm run plan -- --stack <name> [--json] [--out FILE] [--program DIR] [--policy-config FILE] [--no-policies]

  --stack NAME          the stack to plan: reads Pulumi.yaml, then Pulumi.<NAME>.yaml
  --json                print the plan as JSON instead of text
  --out FILE            also write the JSON plan to FILE
  --program DIR         plan another Pulumi TypeScript/JavaScript program (default: this project)
  --policy-config FILE  policy pack config (default: policies/config.<environment>.json when it exists)
  --no-policies         skip the policy pack

Exit codes: 0 no mandatory violation, 1 mandatory policy violations, 2 bad config, arguments or program error.`;

class UsageError extends Error {}

interface PlanOptions {
    readonly stack: string;
    readonly json: boolean;
    readonly out?: string;
    readonly program: string;
    readonly policyConfig?: string;
    readonly policies: boolean;
}

function parseOptions(argv: string[]): PlanOptions {
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            options: {
                stack: { type: "string" },
                json: { type: "boolean", default: false },
                out: { type: "string" },
                program: { type: "string" },
                "policy-config": { type: "string" },
                "no-policies": { type: "boolean", default: false },
                help: { type: "boolean", default: false },
            },
            strict: true,
            allowPositionals: false,
        });
    } catch (err) {
        throw new UsageError((err as Error).message);
    }
    const v = parsed.values;
    if (v.help) {
        process.stdout.write(`${USAGE}\n`);
        process.exit(0);
    }
    if (!v.stack) {
        throw new UsageError("`--stack` is required, e.g. --stack staging");
    }
    return {
        stack: v.stack,
        json: v.json ?? false,
        out: v.out,
        program: path.resolve(v.program ?? path.resolve(__dirname, "..", "..")),
        policyConfig: v["policy-config"],
        policies: !(v["no-policies"] ?? false),
    };
}

async function main(): Promise<number> {
    const options = parseOptions(process.argv.slice(2));
    const evaluated = await evaluateProgram(options.program, options.stack);
    const violations = options.policies ? await checkPolicies(evaluated, options.program, options.policyConfig) : [];
    const doc = planDocument(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, violations);
    const json = `${JSON.stringify(doc, null, 2)}\n`;
    if (options.out) {
        fs.mkdirSync(path.dirname(path.resolve(options.out)), { recursive: true });
        fs.writeFileSync(options.out, json);
    }
    if (options.json) {
        process.stdout.write(json);
    } else {
        process.stdout.write(`${renderTree(evaluated.resources)}\n\n${renderSummary(evaluated.project, evaluated.stack, evaluated.resources, evaluated.outputs, violations)}\n`);
    }
    return violations.some((v) => v.enforcementLevel === "mandatory") ? 1 : 0;
}

let firstError: unknown;
function fail(err: unknown): void {
    if (firstError !== undefined) {
        return;
    }
    firstError = err;
    const message = err instanceof Error ? err.message : String(err);
    const prefix = err instanceof UsageError ? `error: ${message}\n\n${USAGE}` : `error: ${message}`;
    process.stderr.write(`${prefix}\n`);
    process.exit(2);
}

// A program error inside an apply surfaces as an unhandled rejection: it is still the program's error (exit 2).
process.on("unhandledRejection", fail);
process.on("uncaughtException", fail);

main().then(
    (code) => process.exit(code),
    (err: unknown) => fail(err),
);
