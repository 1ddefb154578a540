import * as assert from "assert";
import { execFileSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { REPO_ROOT } from "../helpers/pulumi";
import { schemaErrors, taskDefinitions, taskInputProblems } from "./azurePipelines";
import { expandTemplate } from "./templateExpand";

type Rec = Record<string, unknown>;

/*
 * pipelines/templates/sign-artifact.yml: expanded as Azure DevOps would queue it, validated against Microsoft's YAML
 * schema and AzureCLI@2's task.json, and its inline script RUN with bash against a stub `az` that records its
 * arguments, so the digest it sends is checked to be base64 of the file's SHA-256 (what `az keyvault key sign
 * --digest` takes: https://learn.microsoft.com/cli/azure/keyvault/key#az-keyvault-key-sign).
 */

const TEMPLATE = "pipelines/templates/sign-artifact.yml";
const KEY_URI = "https://keyvault-staging-0ww4.vault.azure.net/keys/artifact-signing";
const template = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, TEMPLATE), "utf8")) as Rec;
const base = { azureSubscription: "payments-signing", keyId: KEY_URI, file: "$(Build.ArtifactStagingDirectory)/app.tar.gz" };

function steps(params: Rec): Rec[] {
    return expandTemplate(template, params).steps as Rec[];
}

function signStep(params: Rec = base): Rec {
    const found = steps(params).filter((s) => s.task === "AzureCLI@2");
    assert.strictEqual(found.length, 1);
    return found[0] as Rec;
}

/** Runs the step's inline script with bash, a stub `az` first on PATH; returns the stub's arguments and the result file. */
function runScript(step: Rec, env: Record<string, string>): { status: number; args: string[]; out: string; stdout: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sign-artifact-"));
    try {
        const argsFile = path.join(dir, "az-args");
        fs.writeFileSync(path.join(dir, "az"), `#!/bin/bash\nprintf '%s\\n' "$@" > '${argsFile}'\necho '{"kid":"${KEY_URI}/0123456789abcdef0123456789abcdef","result":"c2lnbmF0dXJl"}'\n`, { mode: 0o755 });
        const script = String((step.inputs as Rec).inlineScript);
        let stdout = "";
        let status = 0;
        try {
            stdout = execFileSync("bash", ["--noprofile", "--norc", "-c", script], { env: { PATH: `${dir}:${process.env.PATH ?? ""}`, HOME: dir, BASH_ENV: "", ...env }, encoding: "utf8", cwd: dir });
        } catch (e) {
            const err = e as { status?: number; stdout?: string };
            status = err.status ?? 1;
            stdout = err.stdout ?? "";
        }
        const args = fs.existsSync(argsFile) ? fs.readFileSync(argsFile, "utf8").trimEnd().split("\n") : [];
        const outPath = env.SIGN_OUTPUT || `${env.SIGN_FILE ?? ""}.sig.json`;
        const out = fs.existsSync(outPath) ? fs.readFileSync(outPath, "utf8") : "";
        return { status, args, out, stdout };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe("pipelines: templates/sign-artifact.yml", function () {
    this.timeout(180_000);

    it("expands, for every algorithm and with or without a signature file, to steps Microsoft's schema and AzureCLI@2's task.json accept", () => {
        const definitions = taskDefinitions();
        for (const algorithm of ["PS256", "RS256", "ES256"]) {
            for (const signatureFile of ["", "$(Build.ArtifactStagingDirectory)/app.sig.json"]) {
                const doc = expandTemplate(template, { ...base, algorithm, signatureFile });
                assert.deepStrictEqual(schemaErrors(doc), [], `${algorithm} ${signatureFile}`);
                for (const step of (doc.steps as Rec[]).filter((s) => typeof s.task === "string")) {
                    assert.deepStrictEqual(taskInputProblems(step, definitions), [], JSON.stringify(step));
                }
            }
        }
    });

    it("runs az through the given service connection, a bash inline script, and passes every value through env (never pasted into the script)", () => {
        const step = signStep({ ...base, algorithm: "ES256", signatureFile: "out.json" });
        const inputs = step.inputs as Rec;
        assert.strictEqual(inputs.azureSubscription, "payments-signing");
        assert.strictEqual(inputs.scriptType, "bash");
        assert.strictEqual(inputs.scriptLocation, "inlineScript");
        assert.deepStrictEqual(step.env, { SIGN_KEY_ID: KEY_URI, SIGN_FILE: base.file, SIGN_OUTPUT: "out.json", SIGN_ALGORITHM: "ES256" });
        const script = String(inputs.inlineScript);
        assert.ok(!script.includes(KEY_URI) && !script.includes("payments-signing") && !script.includes("app.tar.gz"), script);
        assert.match(script, /az keyvault key sign --id "\$SIGN_KEY_ID" --algorithm "\$SIGN_ALGORITHM" --digest "\$digest"/);
    });

    it("takes only SHA-256 signature algorithms (the digest is SHA-256), PS256 by default", () => {
        assert.strictEqual((signStep().env as Rec).SIGN_ALGORITHM, "PS256");
        assert.throws(() => steps({ ...base, algorithm: "RS512" }), /not a valid value/);
        assert.throws(() => steps({ ...base, algorithm: "ES384" }), /not a valid value/);
        assert.throws(() => steps({ file: "a" , keyId: KEY_URI }), /'azureSubscription' parameter must be provided/);
    });

    it("stops at queue time on an empty keyId or file, with steps the schema rejects", () => {
        for (const [params, text] of [
            [{ ...base, keyId: "" }, "sign-artifact.yml: keyId is empty"],
            [{ ...base, file: "" }, "sign-artifact.yml: file is empty"],
        ] as const) {
            const doc = expandTemplate(template, params);
            const first = (doc.steps as Rec[])[0] as Rec;
            assert.ok(Object.keys(first)[0]?.startsWith(text), JSON.stringify(first));
            assert.ok(schemaErrors(doc).length > 0);
        }
    });

    it("signs base64(SHA-256(file)) with the key, writing az's JSON result (signature and key version) next to the file", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "artifact-"));
        try {
            const file = path.join(dir, "app.tar.gz");
            fs.writeFileSync(file, "the artifact\n");
            const env = signStep().env as Record<string, string>;
            const run = runScript(signStep(), { ...env, SIGN_FILE: file, SIGN_OUTPUT: "" });
            assert.strictEqual(run.status, 0, run.stdout);
            const digest = createHash("sha256").update("the artifact\n").digest("base64");
            assert.deepStrictEqual(run.args, ["keyvault", "key", "sign", "--id", KEY_URI, "--algorithm", "PS256", "--digest", digest, "--output", "json", "--only-show-errors"]);
            assert.match(run.out, /"kid":"https:\/\/keyvault-staging-0ww4\.vault\.azure\.net\/keys\/artifact-signing\/0123456789abcdef0123456789abcdef"/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("fails before calling az on a missing file or a key ID that is not a Key Vault key URI", () => {
        const env = signStep().env as Record<string, string>;
        const missing = runScript(signStep(), { ...env, SIGN_FILE: "/nonexistent/app.tar.gz", SIGN_OUTPUT: "/tmp/never.json" });
        assert.strictEqual(missing.status, 1);
        assert.deepStrictEqual(missing.args, []);
        assert.match(missing.stdout, /sign-artifact\.yml: \/nonexistent\/app\.tar\.gz is not a file/);
        const badKey = runScript(signStep(), { ...env, SIGN_KEY_ID: "artifact-signing", SIGN_FILE: "/etc/hostname", SIGN_OUTPUT: "/tmp/never.json" });
        assert.strictEqual(badKey.status, 1);
        assert.deepStrictEqual(badKey.args, []);
        assert.match(badKey.stdout, /keyId must be a key URI/);
    });
});
