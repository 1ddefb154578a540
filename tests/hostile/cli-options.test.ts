/*
 * Issue 15, items 7 and 11: careless or hostile CLI options. Each case asserts the exit code, the exact message on
 * stderr, that nothing was printed on stdout and nothing written.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run as pipelineVarsCli } from "../../tools/cli/pipelineVars";
import { run as preflightCli } from "../../tools/cli/preflight";
import { foreignProgram, runInProcess, runPlan } from "../plan/planCli";

const STACK_RULE =
    "`--stack` must be a Pulumi stack name: 1 to 100 letters, digits, hyphens, underscores or periods (found: ";

function tmpDir(): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-cli-"));
}

/** A one-line program in a temporary directory, removed with `dirs` after the suite. */
function tiny(dirs: string[]): string {
    const dir = foreignProgram("tiny", "export const x = 1;\n");
    dirs.push(dir);
    return dir;
}

describe("hostile CLI options (issue 15)", function () {
    this.timeout(60_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    describe("item 7: --stack accepts only Pulumi stack names, nothing path-like", () => {
        // A stack file planted next to the project: a path-like --stack must not reach it.
        for (const stack of ["/../x/evil", "../staging", "a/b", "..", ".", "staging\nproduction", "x".repeat(101), "st ack"]) {
            it(`rejects ${JSON.stringify(stack.length > 20 ? `${stack.slice(0, 20)}…` : stack)} for plan, preflight and pipeline-vars (exit 2, usage)`, async () => {
                for (const [name, cli] of [["plan", undefined], ["preflight", preflightCli], ["pipeline-vars", pipelineVarsCli]] as const) {
                    const r = cli ? await runInProcess(cli, ["--stack", stack]) : await runPlan(["--stack", stack]);
                    assert.strictEqual(r.status, 2, `${name}: ${r.stderr}`);
                    assert.strictEqual(r.stdout, "", name);
                    const shown = JSON.stringify(stack.length > 100 ? `${stack.slice(0, 100)}…` : stack);
                    assert.ok(r.stderr.startsWith(`error: ${STACK_RULE}${shown})\n\nUsage: npm run `), `${name}: ${r.stderr}`);
                }
            });
        }

        it("accepts the names Pulumi accepts (letters, digits, - _ .)", async () => {
            // Valid names reach the stack-file lookup: the error is then the missing file, not the name.
            const r = await runPlan(["--stack", "Dev_2.eu-west"]);
            assert.strictEqual(r.status, 2);
            assert.match(r.stderr, /^error: no stack file Pulumi\.Dev_2\.eu-west\.yaml/);
        });
    });

    describe("item 11: options that were silently ignored or reported badly", () => {
        it("`--out \"\"` is a usage error, not ignored", async () => {
            const r = await runPlan(["--stack", "staging", "--out", ""]);
            assert.strictEqual(r.status, 2);
            assert.strictEqual(r.stdout, "");
            assert.ok(r.stderr.startsWith("error: `--out` needs a value (found an empty string)\n\nUsage: npm run plan"), r.stderr);
        });

        it("`--policy-config` with `--no-policies` is a usage error", async () => {
            const r = await runPlan(["--stack", "staging", "--no-policies", "--policy-config", "policies/config.staging.json"]);
            assert.strictEqual(r.status, 2);
            assert.strictEqual(r.stdout, "");
            assert.ok(r.stderr.startsWith("error: `--policy-config` has no effect with `--no-policies`: give one or the other\n\nUsage:"), r.stderr);
        });

        it("`--out` naming a directory fails before planning, naming the option (no bare EISDIR)", async () => {
            const dir = tmpDir();
            dirs.push(dir);
            const r = await runPlan(["--stack", "staging", "--out", dir]);
            assert.strictEqual(r.status, 2);
            assert.strictEqual(r.stdout, "");
            assert.strictEqual(r.stderr, `error: \`--out\` ${dir}: cannot write the plan (it is a directory)\n`);
            assert.deepStrictEqual(fs.readdirSync(dir), [], "nothing written into it");
        });

        it("`--out` under a regular file names the option and the reason", async () => {
            const dir = tmpDir();
            dirs.push(dir);
            fs.writeFileSync(path.join(dir, "file"), "x");
            const out = path.join(dir, "file", "plan.json");
            const r = await runPlan(["--stack", "dev", "--program", tiny(dirs), "--no-policies", "--out", out]);
            assert.strictEqual(r.status, 2);
            assert.strictEqual(r.stdout, "");
            assert.match(r.stderr, new RegExp(`^error: \`--out\` ${out.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: cannot write the plan \\((ENOTDIR|EEXIST|a parent is not a directory)\\)\\n$`));
        });

        it("a broken package.json in a --program directory is named, and its bytes are not echoed", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-pkg-"));
            dirs.push(dir);
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: pkg-app\nruntime: nodejs\n");
            fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
            fs.writeFileSync(path.join(dir, "package.json"), "SECRET-hunter2 { not json");
            const r = await runPlan(["--stack", "dev", "--program", dir, "--no-policies"]);
            assert.strictEqual(r.status, 2);
            assert.strictEqual(r.stdout, "");
            assert.strictEqual(r.stderr, `error: ${path.join(dir, "package.json")} is not valid JSON: fix it, or remove it (its \`main\` names the program's entry point)\n`);
            assert.ok(!r.stderr.includes("hunter2"));
        });

        it("a saved plan or policy config that is not JSON is reported by position, never by its bytes", async () => {
            const dir = tmpDir();
            dirs.push(dir);
            const secretFile = path.join(dir, "id_rsa");
            fs.writeFileSync(secretFile, "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
            const diff = await runPlan(["--stack", "staging", "--diff", secretFile]);
            assert.strictEqual(diff.status, 2);
            assert.strictEqual(diff.stdout, "");
            assert.match(diff.stderr, new RegExp(`^error: ${secretFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} is not valid JSON( \\(line \\d+, column \\d+\\))?\\n$`));
            const policy = await runPlan(["--stack", "staging", "--policy-config", secretFile]);
            assert.strictEqual(policy.status, 2);
            assert.match(policy.stderr, /^error: `--policy-config` \S+ is not valid JSON( \(line \d+, column \d+\))?\n$/);
            for (const out of [diff.stderr, policy.stderr]) {
                assert.ok(!out.includes("BEGIN") && !out.includes("OPENSSH") && !out.includes("b3Bl"), out);
            }
        });
    });
});
