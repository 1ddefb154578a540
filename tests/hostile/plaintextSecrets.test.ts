import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { plaintextSecretValueNames } from "../../stack/config/secretValues";
import { run as plan } from "../../tools/cli/plan";
import { run as preflight } from "../../tools/cli/preflight";
import { Cli } from "../../tools/cli/common";
import { Recorder } from "../../tools/plan/evaluate";
import { recordingMocks } from "../helpers/pulumi";
import { PlanRun, runInProcess } from "../plan/planCli";
import { assertAbsent, printedProblems, programDir, programProblems } from "./helpers";

/**
 * Runs a CLI in-process (`run(argv, io)`) against a program directory, then removes the directory: what runCliIn of
 * ./helpers.ts does in a child process, without ≈ 1.5 s of CPU per spawn to load the SDK again (the spawned CLI,
 * its wrapper and exit code, is tested once per CLI in tests/cli/smoke.test.ts).
 */
async function runCliIn(cli: Cli, dir: string, args: readonly string[]): Promise<PlanRun> {
    try {
        return await runInProcess(cli, ["--program", dir, ...args]);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

const PLAINTEXT = "hunter2-plaintext-value";
const CIPHERTEXT = "v1:AAAAbm90LXJlYWxseS1lbmNyeXB0ZWQ=";
const DECRYPTED = "decrypted-secure-value";

/** A stack file with one `secure:` secret value and one in plaintext next to it. */
const MIXED_STACK_FILE = `config:
  azure-native:location: westeurope
  keyvault-devops:environment: dev
  keyvault-devops:secrets:
    - name: smtp-password
      source: config
    - name: api-key
      source: config
  keyvault-devops:secretValues:
    smtp-password:
      secure: ${CIPHERTEXT}
    api-key: ${PLAINTEXT}
`;

const MIXED_PROBLEM =
    "`secretValues`: found values stored in plaintext (`secretValues.api-key`); must be set as secrets, each one (a `secure:` sibling does not protect the others). Fix: pulumi config set --secret --path 'secretValues.api-key' <value> (for each value)";

/** issue 15 item 8: a plaintext secret value is refused even next to a `secure:` one, by the program and by preflight. */
describe("hostile input: plaintext secret values", () => {
    it("finds the plaintext entries of a stack file's secretValues, never returning a value", () => {
        const doc = { "keyvault-devops:secretValues": { a: { secure: CIPHERTEXT }, b: PLAINTEXT, c: { secure: 1 }, d: { secure: CIPHERTEXT, x: 1 } } };
        assert.deepStrictEqual(plaintextSecretValueNames(doc, "keyvault-devops"), ["b", "c", "d"]);
        assert.deepStrictEqual(plaintextSecretValueNames({ "keyvault-devops:secretValues": { a: { secure: CIPHERTEXT } } }, "keyvault-devops"), []);
    });

    describe("the program (pulumi up), reading its stack file", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("hostile");
        });

        it("refuses a plaintext value whose sibling is secure (the runtime marks the whole key secret), creating nothing", async () => {
            const dir = programDir("hostile", MIXED_STACK_FILE);
            const cwd = process.cwd();
            process.chdir(dir);
            try {
                // What the CLI gives the program: the decrypted map, and the whole key flagged secret.
                const { problems, message } = await programProblems(
                    recorder,
                    {
                        secrets: [
                            { name: "smtp-password", source: "config" },
                            { name: "api-key", source: "config" },
                        ],
                        secretValues: { "smtp-password": DECRYPTED, "api-key": PLAINTEXT },
                    },
                    ["secretValues"],
                );
                assert.deepStrictEqual(problems, [MIXED_PROBLEM]);
                assertAbsent([message], [PLAINTEXT, DECRYPTED, CIPHERTEXT]);
            } finally {
                process.chdir(cwd);
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("without a stack file, refuses values when the whole key is not secret", async () => {
            const { problems, message } = await programProblems(recorder, {
                secrets: [{ name: "smtp-password", source: "config" }],
                secretValues: { "smtp-password": PLAINTEXT },
            });
            assert.deepStrictEqual(problems, [
                "`secretValues`: found values stored in plaintext (`secretValues.smtp-password`); must be set as secrets, each one (a `secure:` sibling does not protect the others). Fix: pulumi config set --secret --path 'secretValues.smtp-password' <value> (for each value)",
            ]);
            assertAbsent([message], [PLAINTEXT]);
        });
    });

    describe("preflight --no-plan", () => {
        it("applies the same rule: exit 2, the exact problem, no value in any output", async () => {
            const run = await runCliIn(preflight, programDir("hostile", MIXED_STACK_FILE), ["--stack", "hostile", "--no-plan"]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.strictEqual(run.stdout, "");
            assert.deepStrictEqual(printedProblems(run.stderr), [MIXED_PROBLEM]);
            assert.ok(run.stderr.startsWith("error: Invalid config in Pulumi.hostile.yaml (1 problem):\n"), run.stderr);
            assertAbsent([run.stdout, run.stderr], [PLAINTEXT, CIPHERTEXT]);
        });

        it("accepts secretValues that are all secure", async () => {
            const stackFile = MIXED_STACK_FILE.replace(`api-key: ${PLAINTEXT}`, `api-key:\n      secure: ${CIPHERTEXT}`);
            const run = await runCliIn(preflight, programDir("hostile", stackFile), ["--stack", "hostile", "--no-plan"]);
            assert.strictEqual(run.status, 0, run.stderr);
            assert.strictEqual(run.stderr, "");
            assertAbsent([run.stdout], [CIPHERTEXT, "plaintext"]);
        });
    });

    describe("plan (the program under mocks, in the program's directory)", () => {
        it("fails on the plaintext sibling with exit 2, writing no plan", async () => {
            const dir = programDir("hostile", MIXED_STACK_FILE);
            const out = path.join(dir, "plan.json");
            const run = await runCliIn(plan, dir, ["--stack", "hostile", "--json", "--out", out]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.strictEqual(run.stdout, "");
            assert.ok(run.stderr.includes(MIXED_PROBLEM), run.stderr);
            assertAbsent([run.stdout, run.stderr], [PLAINTEXT, CIPHERTEXT]);
            assert.ok(!fs.existsSync(out));
        });
    });
});
