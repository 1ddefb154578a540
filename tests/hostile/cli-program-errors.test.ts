/*
 * Issue 15, item 6: any program error — an apply that throws inside a resource input, an apply error nobody
 * consumes — exits 2 with its message, and nothing incomplete is written to --out.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { foreignProgram, runPlan } from "../plan/planCli";

const RESOURCE = [
    'import * as pulumi from "@pulumi/pulumi";',
    "class Thing extends pulumi.CustomResource {",
    '    constructor(name: string, args: Record<string, pulumi.Input<unknown>>) { super("test:index:Thing", name, args); }',
    "}",
].join("\n");

const PROGRAMS: Record<string, string> = {
    "an apply that throws inside a resource input": [
        RESOURCE,
        'const base = pulumi.output("x");',
        'new Thing("t", { value: base.apply((): string => { throw new Error("boom in apply input"); }) });',
        'export const ok = "yes";',
        "",
    ].join("\n"),
    "an apply error nobody consumes": [
        'import * as pulumi from "@pulumi/pulumi";',
        'pulumi.output(1).apply((): number => { throw new Error("boom in unconsumed apply"); });',
        'export const ok = "yes";',
        "",
    ].join("\n"),
    "a rejected promise nobody awaits": ['void Promise.reject(new Error("boom in stray promise"));', 'export const ok = "yes";', ""].join("\n"),
};
const MESSAGES: Record<string, string> = {
    "an apply that throws inside a resource input": "boom in apply input",
    "an apply error nobody consumes": "boom in unconsumed apply",
    "a rejected promise nobody awaits": "boom in stray promise",
};

describe("hostile programs: a program error is never a policy result (issue 15, item 6)", function () {
    this.timeout(60_000);

    for (const [what, source] of Object.entries(PROGRAMS)) {
        it(`${what}: exit 2 with the message, nothing on stdout, nothing written to --out`, async () => {
            const dir = foreignProgram("broken-app", source);
            const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-out-"));
            const out = path.join(outDir, "plan.json");
            try {
                for (const extra of [[], ["--no-policies"]]) {
                    const r = await runPlan(["--stack", "dev", "--program", dir, "--json", "--out", out, ...extra]);
                    assert.strictEqual(r.status, 2, `${extra.join(" ")}: exit ${r.status}\n${r.stderr}`);
                    assert.strictEqual(r.stdout, "");
                    assert.ok(r.stderr.startsWith("error: "), r.stderr);
                    assert.ok(r.stderr.includes(MESSAGES[what] as string), r.stderr);
                    assert.deepStrictEqual(fs.readdirSync(outDir), [], "nothing written next to --out");
                }
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
                fs.rmSync(outDir, { recursive: true, force: true });
            }
        });
    }
});
