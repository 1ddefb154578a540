import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanDiff } from "../../tools/diff/diff";
import { PlanDocument } from "../../tools/plan/render";
import { run as diffCli } from "../../tools/cli/diff";
import { programWithStack, runInProcess, runPlan, shippedConfig } from "../plan/planCli";
import { prConfig } from "./prChange";

function runDiff(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
    return runInProcess(diffCli, args);
}

function tmpFile(name: string, content: string): string {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kv-diff-")), name);
    fs.writeFileSync(file, content);
    return file;
}

describe("npm run diff (saved plans)", function () {
    this.timeout(120_000);
    let oldFile: string;
    let newFile: string;

    before(async () => {
        const run = await runPlan(["--stack", "staging", "--json"]);
        assert.ok(run.status === 0 || run.status === 1, run.stderr);
        const plan = JSON.parse(run.stdout) as PlanDocument;
        oldFile = tmpFile("old.json", run.stdout);
        const changed = structuredClone(plan) as unknown as { resources: Array<{ type: string; inputs: Record<string, unknown> }> };
        const vault = changed.resources.find((r) => r.type === "azure-native:keyvault:Vault");
        (vault?.inputs.properties as Record<string, unknown>).softDeleteRetentionInDays = 7;
        newFile = tmpFile("new.json", JSON.stringify(changed));
    });

    it("prints the text diff and exits 0", async () => {
        const run = await runDiff([oldFile, newFile]);
        assert.strictEqual(run.status, 0, run.stderr);
        const lines = run.stdout.split("\n");
        assert.strictEqual(lines[0], `Diff for keyvault-devops/staging against ${oldFile}:`);
        assert.deepStrictEqual(lines.slice(1, 3), [" ~ update   azure-native:keyvault:Vault  staging-vault", "        properties.softDeleteRetentionInDays: 30 → 7"]);
        assert.match(lines[3] ?? "", /^Resources: 0 to create, 1 to update, 0 to replace, 0 to delete, \d+ unchanged$/);
    });

    it("prints Markdown with --format markdown and JSON with --format json", async () => {
        const md = await runDiff([oldFile, newFile, "--format", "markdown"]);
        assert.strictEqual(md.status, 0, md.stderr);
        assert.ok(md.stdout.includes("| `~` | update | `azure-native:keyvault:Vault` | `staging-vault` |"), md.stdout);
        assert.ok(md.stdout.includes("| `properties.softDeleteRetentionInDays` | `30` | `7` |"), md.stdout);
        const json = await runDiff(["--format", "json", oldFile, newFile]);
        assert.strictEqual(json.status, 0, json.stderr);
        const diff = JSON.parse(json.stdout) as PlanDiff;
        assert.strictEqual(diff.counts.update, 1);
        assert.strictEqual(diff.changes[0]?.name, "staging-vault");
    });

    it("exits 0 with no changes for the same plan", async () => {
        const run = await runDiff([oldFile, oldFile]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /\n {2}no changes\nResources: 0 to create, 0 to update, 0 to replace, 0 to delete, \d+ unchanged\n$/);
    });

    it("exits 2 on an unreadable file, invalid JSON, or JSON that is not a plan, saying which", async () => {
        const missing = await runDiff([oldFile, "/nonexistent/plan.json"]);
        assert.strictEqual(missing.status, 2);
        assert.strictEqual(missing.stdout, "");
        assert.match(missing.stderr, /^error: cannot read plan file \/nonexistent\/plan\.json: ENOENT\n$/);

        const invalid = await runDiff([tmpFile("bad.json", "{ not json"), newFile]);
        assert.strictEqual(invalid.status, 2);
        assert.match(invalid.stderr, /bad\.json is not valid JSON/);

        const notPlan = await runDiff([oldFile, tmpFile("other.json", JSON.stringify({ project: "p", stack: "s", resources: [{ urn: 1 }] }))]);
        assert.strictEqual(notPlan.status, 2);
        assert.match(notPlan.stderr, /other\.json is not a plan document .*: resources\[0\]\.urn must be a string/);
    });

    it("exits 2 on bad arguments, with the usage", async () => {
        for (const args of [[oldFile], [oldFile, newFile, newFile], [oldFile, newFile, "--format", "html"], [oldFile, newFile, "--nope"]]) {
            const run = await runDiff(args);
            assert.strictEqual(run.status, 2, args.join(" "));
            assert.match(run.stderr, /Usage: npm run diff -- OLD\.json NEW\.json/);
        }
    });
});

describe("npm run plan -- --diff / --format", function () {
    this.timeout(120_000);
    let shippedFile: string;
    let shipped: PlanDocument;
    let prDir: string;

    before(async () => {
        shippedFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kv-diff-")), "staging.json");
        const saved = await runPlan(["--stack", "staging", "--out", shippedFile]);
        assert.ok(saved.status === 0 || saved.status === 1, saved.stderr);
        shipped = JSON.parse(fs.readFileSync(shippedFile, "utf8")) as PlanDocument;
        prDir = programWithStack("staging", prConfig(shippedConfig("staging")));
    });

    it("diffs a PR-sized config change against the shipped staging plan (text)", async () => {
        const run = await runPlan(["--stack", "staging", "--program", prDir, "--diff", shippedFile]);
        assert.strictEqual(run.status, 0, run.stderr);
        const out = run.stdout;
        assert.ok(out.startsWith(`Diff for keyvault-devops/staging against ${shippedFile}:\n`), out);
        assert.ok(out.includes(" ~ update   azure-native:keyvault:Vault  staging-vault\n        properties.softDeleteRetentionInDays: 30 → 14\n"), out);
        assert.ok(out.includes(" + create   random:index/randomPassword:RandomPassword  staging-secrets-smtp-password-value\n        length: 40\n"), out);
        assert.ok(out.includes(" + create   azure-native:keyvault:Secret  staging-secrets-smtp-password\n"), out);
        assert.ok(out.includes("        properties.value: [secret]\n"), out);
        assert.ok(out.includes('        secretName: "smtp-password"\n'), out);
        assert.ok(out.includes("        secret source: generate (RandomPassword staging-secrets-smtp-password-value)\n"), out);
        const summary = /Resources: (\d+) to create, (\d+) to update, (\d+) to replace, (\d+) to delete, (\d+) unchanged/.exec(out);
        assert.ok(summary, out);
        const [create, update, replace, del, unchanged] = summary.slice(1).map(Number) as [number, number, number, number, number];
        assert.deepStrictEqual([create, replace, del], [3, 0, 0], "the secret, its RandomPassword and its expiry are created; nothing replaced or deleted");
        assert.ok(update >= 1);
        assert.strictEqual(unchanged + update, shipped.resources.length, "every shipped resource is matched");
        assert.match(out, /\n\nPolicies: no violations\n/);
    });

    it("diffs the same change as Markdown and as JSON", async () => {
        const md = await runPlan(["--stack", "staging", "--program", prDir, "--diff", shippedFile, "--format", "markdown"]);
        assert.strictEqual(md.status, 0, md.stderr);
        assert.ok(md.stdout.startsWith(`### Plan diff for \`keyvault-devops/staging\` against \`${shippedFile}\`\n`), md.stdout);
        assert.ok(md.stdout.includes("| `properties.softDeleteRetentionInDays` | `30` | `14` |"), md.stdout);
        assert.ok(md.stdout.includes("| secret source | `generate (RandomPassword staging-secrets-smtp-password-value)` |"), md.stdout);
        assert.ok(md.stdout.includes("**Policies:** no violations"), md.stdout);

        const json = await runPlan(["--stack", "staging", "--program", prDir, "--diff", shippedFile, "--json"]);
        assert.strictEqual(json.status, 0, json.stderr);
        const diff = JSON.parse(json.stdout) as PlanDiff & { policies: { violations: unknown[] } };
        assert.strictEqual(diff.counts.create, 3);
        assert.deepStrictEqual(diff.policies.violations, []);
        const vault = diff.changes.find((c) => c.type === "azure-native:keyvault:Vault");
        assert.deepStrictEqual(vault?.changes, [{ path: "properties.softDeleteRetentionInDays", before: "30", after: "14", forcesReplace: false }]);
        assert.ok(!json.stdout.includes("Zm9v"), "no ciphertext anywhere");
    });

    it("exits 1 in diff mode when the NEW plan has a mandatory violation", async () => {
        // The shipped plan (30 days) passes a 20-day minimum; the change to 14 days does not.
        const policyConfig = tmpFile("policy.json", JSON.stringify({ "keyvault-soft-delete-retention": { enforcementLevel: "mandatory", minRetentionDays: 20 } }));
        const run = await runPlan(["--stack", "staging", "--program", prDir, "--diff", shippedFile, "--policy-config", policyConfig]);
        assert.strictEqual(run.status, 1, run.stderr);
        assert.ok(run.stdout.includes(" ~ update   azure-native:keyvault:Vault  staging-vault\n"), run.stdout);
        assert.match(run.stdout, /\n\nPolicy violations: 1 mandatory, 0 advisory\n {4}\[mandatory\] {2}keyvault-soft-delete-retention {2}\(staging-vault\)\n/);
        const unchanged = await runPlan(["--stack", "staging", "--diff", shippedFile, "--policy-config", policyConfig]);
        assert.strictEqual(unchanged.status, 0, "the shipped config passes the same policy config");
    });

    it("exits 2 on an unreadable or invalid saved plan, before planning", async () => {
        const missing = await runPlan(["--stack", "staging", "--diff", "/nonexistent/old.json"]);
        assert.strictEqual(missing.status, 2);
        assert.strictEqual(missing.stdout, "");
        assert.match(missing.stderr, /^error: cannot read plan file \/nonexistent\/old\.json: ENOENT\n$/);
        const invalid = await runPlan(["--stack", "staging", "--diff", tmpFile("x.json", "[]")]);
        assert.strictEqual(invalid.status, 2);
        assert.match(invalid.stderr, /x\.json is not a plan document/);
    });

    it("prints the same plan for --json and --format json, and a deterministic Mermaid graph", async () => {
        const a = await runPlan(["--stack", "staging", "--json"]);
        const b = await runPlan(["--stack", "staging", "--format", "json"]);
        assert.strictEqual(a.stdout, b.stdout);
        assert.strictEqual(a.stdout, fs.readFileSync(shippedFile, "utf8"));
        const m1 = await runPlan(["--stack", "staging", "--format", "mermaid"]);
        const m2 = await runPlan(["--stack", "staging", "--format", "mermaid", "--no-policies"]);
        assert.strictEqual(m1.status, 0, m1.stderr);
        assert.strictEqual(m1.stdout, m2.stdout);
        const lines = m1.stdout.trimEnd().split("\n");
        assert.strictEqual(lines[0], "graph LR");
        assert.ok(lines.includes('  subgraph c_staging["keyvault-devops:index:EnvironmentVault staging"]'), m1.stdout);
        assert.ok(lines.includes('    r_staging_vault["azure-native:keyvault:Vault staging-vault"]'), m1.stdout);
        assert.ok(lines.includes("  r_staging_vault --> r_staging_diagnostics_setting"), m1.stdout);
        assert.ok(!lines.some((l) => l.includes("pulumi:pulumi:Stack")), "the root stack is not drawn");
        const edges = lines.filter((l) => l.includes(" --> "));
        const custom = shipped.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && !shipped.resources.some((c) => c.parent === r.urn));
        const expectedEdges = custom.reduce((n, r) => n + r.dependencies.filter((d) => d !== r.parent).length, 0);
        assert.strictEqual(edges.length, expectedEdges, "one edge per dependency, none to a parent");
    });

    it("prints a plan as Markdown (everything a create) without --diff", async () => {
        const run = await runPlan(["--stack", "staging", "--format", "markdown"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const custom = shipped.resources.length;
        assert.ok(run.stdout.startsWith("### Plan diff for `keyvault-devops/staging`\n"), run.stdout);
        assert.ok(run.stdout.includes(`| ${custom} | 0 | 0 | 0 | 0 |`), run.stdout);
    });

    it("exits 2 on contradictory or unknown format options", async () => {
        for (const [args, message] of [
            [["--format", "html"], /`--format` must be one of text, json, markdown, mermaid \(found: html\)/],
            [["--json", "--format", "text"], /`--json` and `--format text` contradict each other/],
            [["--diff", "a.json", "--base", "HEAD"], /either `--diff OLD\.json` or `--base REF`, not both/],
        ] as const) {
            const run = await runPlan(["--stack", "staging", ...args]);
            assert.strictEqual(run.status, 2, args.join(" "));
            assert.match(run.stderr, message);
        }
    });
});
