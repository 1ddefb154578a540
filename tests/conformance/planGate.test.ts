// The offline gate through its CLI: violations hidden in secrets fail it (exit 1), a Key Vault secret value given as
// a plain string is a mandatory finding, no secret value reaches stdout, stderr, --json, --out, Markdown or a diff,
// `--now` makes a run reproducible, and a saved plan carries what replay needs.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanDocument } from "../../tools/plan/render";
import { runPlan } from "../plan/planCli";
import { CORPUS, CorpusProgram, writeProgram } from "./corpus";

function corpus(name: string): CorpusProgram {
    const found = CORPUS.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
}

function assertNoSecrets(texts: readonly string[], secrets: readonly string[]): void {
    for (const text of texts) {
        for (const s of secrets) {
            assert.ok(!text.includes(s), `a secret value was printed or written: …${text.slice(Math.max(0, text.indexOf(s) - 80), text.indexOf(s) + 40)}…`);
        }
    }
}

describe("offline gate: secrets and clock", function () {
    this.timeout(180_000);
    const dirs: string[] = [];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "kv-gate-"));
    after(() => {
        for (const d of [...dirs, tmp]) {
            fs.rmSync(d, { recursive: true, force: true });
        }
    });
    const program = (name: string): string => {
        const dir = writeProgram(corpus(name));
        dirs.push(dir);
        return dir;
    };

    it("fails a program that hides violations in secret values (exit 1), printing none of them", async () => {
        const dir = program("hidden-in-secrets");
        const out = path.join(tmp, "hidden.json");
        const json = await runPlan(["--stack", "dev", "--program", dir, "--json", "--out", out, "--now", "2026-11-29T12:00:00Z"]);
        assert.equal(json.status, 1, json.stderr);
        const doc = JSON.parse(json.stdout) as PlanDocument;
        const found = doc.policies.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policy} ${v.urn?.split("::").pop() ?? ""}`);
        for (const expected of ["keyvault-secret-expiry db-password", "variable-group-secrets-keyvault-linked pipeline-vars", "keyvault-rbac-authorization vault"]) {
            assert.ok(found.includes(expected), `${expected} in ${found.join(", ")}`);
        }
        const text = await runPlan(["--stack", "dev", "--program", dir]);
        const markdown = await runPlan(["--stack", "dev", "--program", dir, "--format", "markdown"]);
        assert.equal(text.status, 1);
        assertNoSecrets([json.stdout, json.stderr, fs.readFileSync(out, "utf8"), text.stdout, text.stderr, markdown.stdout, markdown.stderr], corpus("hidden-in-secrets").secrets ?? []);
    });

    it("reports a Key Vault secret value given as a plain string (mandatory) and masks it everywhere, also in a diff", async () => {
        const dir = program("plaintext-secret-value");
        const saved = path.join(tmp, "plain.json");
        const run = await runPlan(["--stack", "dev", "--program", dir, "--json", "--out", saved]);
        assert.equal(run.status, 1, run.stderr);
        const doc = JSON.parse(run.stdout) as PlanDocument;
        assert.deepEqual(
            doc.policies.violations.map((v) => [v.policy, v.enforcementLevel, v.urn]),
            [["keyvault-secret-value-not-secret", "mandatory", "urn:pulumi:dev::plaintext-secret-value::azure-native:keyvault:Secret::api-key"]],
        );
        const secretResource = doc.resources.find((r) => r.name === "api-key");
        assert.equal((secretResource?.inputs.properties as Record<string, unknown>).value, "[secret]");
        assert.equal((secretResource?.outputs?.properties as Record<string, unknown>).value, "[secret]");

        // A new plaintext value: the diff shows the change, never either value.
        fs.writeFileSync(path.join(dir, "index.ts"), fs.readFileSync(path.join(dir, "index.ts"), "utf8").replace("plain-text-password-42", "plain-text-password-43"));
        const diffText = await runPlan(["--stack", "dev", "--program", dir, "--diff", saved]);
        const diffJson = await runPlan(["--stack", "dev", "--program", dir, "--diff", saved, "--json"]);
        const diffMd = await runPlan(["--stack", "dev", "--program", dir, "--diff", saved, "--format", "markdown"]);
        assert.equal(diffText.status, 1, diffText.stderr);
        assertNoSecrets(
            [run.stdout, run.stderr, fs.readFileSync(saved, "utf8"), diffText.stdout, diffText.stderr, diffJson.stdout, diffMd.stdout],
            ["plain-text-password-42", "plain-text-password-43"],
        );
    });

    it("--now makes a run reproducible and moves the validity verdict; a bad --now is a usage error", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-now-"));
        dirs.push(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: now-test\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
        // Expires 2027-01-01, no notBefore: valid for "90 days from now" only from 2026-10-03 on.
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            `import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
new keyvault.Secret("token", {
    resourceGroupName: "rg", vaultName: "kv-app-dev", secretName: "token",
    properties: { value: pulumi.secret("now-test-value"), contentType: "text/plain", attributes: { expires: 1798761600 } },
});
`,
        );
        const at = async (now: string) => await runPlan(["--stack", "dev", "--program", dir, "--json", "--now", now]);
        const late = await at("2026-11-29T12:00:00Z");
        assert.equal(late.status, 0, late.stderr);
        assert.equal((await at("2026-11-29T12:00:00Z")).stdout, late.stdout, "byte-identical with the same --now");
        const early = await at("2026-06-01T00:00:00Z");
        assert.equal(early.status, 1, early.stderr);
        assert.deepEqual(
            (JSON.parse(early.stdout) as PlanDocument).policies.violations.map((v) => v.message),
            ["Key Vault secret 'token' must expire within 90 days of now (found: 214 days)"],
        );
        const bad = await runPlan(["--stack", "dev", "--program", dir, "--now", "2026-13-01T00:00:00Z"]);
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /`--now` must be an RFC 3339 date-time such as 2026-11-29T12:00:00Z \(found: 2026-13-01T00:00:00Z\)/);
    });

    it("warns on stderr about policy config the CLI would ignore, and still gates", async () => {
        const dir = program("plain-violations");
        const config = path.join(tmp, "ignored.json");
        fs.writeFileSync(config, JSON.stringify({ all: "advisory", "keyvault-purge-protections": "mandatory", "keyvault-secret-max-validity": { maxValidityDay: 30 } }));
        const run = await runPlan(["--stack", "dev", "--program", dir, "--policy-config", config]);
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /warning: policy pack config .*ignored\.json: keyvault-purge-protections: not a policy of the pack; the entry is ignored/);
        assert.match(run.stderr, /warning: policy pack config .*ignored\.json: keyvault-secret-max-validity\.maxValidityDay: not an option of the policy \(options: maxValidityDays\); it is ignored/);
    });
});
