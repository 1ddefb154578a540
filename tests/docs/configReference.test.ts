import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run } from "../../tools/cli/docs";
import { configReferenceRows, renderConfigReference, replaceConfigReference } from "../../tools/docs/configReference";
import { CONFIG_DESCRIPTIONS } from "../../stack/config/descriptions";
import { DEFAULTS, DEVOPS_DEFAULTS } from "../../stack/defaults";
import { REPO_ROOT } from "../helpers/pulumi";

function sink(): { text: string; write(t: string): boolean } {
    return {
        text: "",
        write(t: string): boolean {
            this.text += t;
            return true;
        },
    };
}

describe("config reference (generated from the schema)", function () {
    it("the README's block is the generated one (regenerate: npm run docs)", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.strictEqual(replaceConfigReference(readme), readme, "README.md's config reference is out of date: run `npm run docs` and commit README.md");
    });

    it("shows the defaults from stack/defaults.ts, not copies", () => {
        const rows = new Map(configReferenceRows().map((r) => [r.key, r]));
        assert.strictEqual(rows.get("vault.softDeleteRetentionDays")?.default, `\`${DEFAULTS.vault.softDeleteRetentionDays}\``);
        assert.strictEqual(rows.get("vault.network.defaultAction")?.default, `\`"${DEFAULTS.vault.network.defaultAction}"\``);
        assert.strictEqual(rows.get("rotation.addressPrefix")?.default, `\`"${DEFAULTS.rotation.addressPrefix}"\``);
        assert.strictEqual(rows.get("devops.approvals.timeoutMinutes")?.default, `\`${DEVOPS_DEFAULTS.approvalTimeoutMinutes}\``);
        assert.strictEqual(rows.get("devops.approvals.timeoutMinutes")?.allowed, "1–43200");
        assert.strictEqual(rows.get("environment")?.default, "required");
        assert.strictEqual(rows.get("vault.sku")?.allowed, "`standard`, `premium`");
    });

    it("names the config keys as `pulumi config set --path` writes them, including the provider's location", () => {
        const keys = configReferenceRows().map((r) => r.key);
        assert.ok(keys.includes("azure-native:location"), keys.join(", "));
        assert.ok(keys.includes("secretValues.<name>"));
        assert.ok(keys.includes("devops.variableGroups[].pipelines[]"));
        assert.ok(!keys.includes("location") && !keys.some((k) => k.startsWith("secretValueNames")), "internal keys are not shown");
    });

    it("fails when a schema key has no description, naming it", () => {
        const { ["vault.sku"]: _dropped, ...partial } = CONFIG_DESCRIPTIONS;
        assert.throws(() => configReferenceRows(partial), /config keys without a description in stack\/config\/descriptions\.ts: vault\.sku$/);
    });

    it("fails when a description names a key the schema does not have", () => {
        assert.throws(() => configReferenceRows({ ...CONFIG_DESCRIPTIONS, "vault.colour": "x" }), /descriptions for keys the schema does not have: vault\.colour$/);
    });

    it("escapes pipes in cells so a regex alternation cannot split the table", () => {
        const block = renderConfigReference([{ key: "a", type: "string", default: "—", allowed: "`x|y`", description: "one | two" }]);
        assert.ok(block.includes("| `a` | string | — | `x\\|y` | one \\| two |"), block);
    });

    it("`docs --check` exits 1 on a stale README and writes nothing; without --check it rewrites it", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-docs-"));
        try {
            const readme = path.join(dir, "README.md");
            const stale = "# x\n<!-- config-reference:start -->\nold\n<!-- config-reference:end -->\n";
            fs.writeFileSync(readme, stale);
            const err = sink();
            assert.strictEqual(await run(["--check", "--readme", readme], { stdout: sink(), stderr: err }), 1);
            assert.match(err.text, /the config reference is out of date; run: npm run docs/);
            assert.strictEqual(fs.readFileSync(readme, "utf8"), stale);
            assert.strictEqual(await run(["--readme", readme], { stdout: sink(), stderr: sink() }), 0);
            assert.strictEqual(await run(["--check", "--readme", readme], { stdout: sink(), stderr: sink() }), 0);
            fs.writeFileSync(readme, "# no markers\n");
            const err2 = sink();
            assert.strictEqual(await run(["--readme", readme], { stdout: sink(), stderr: err2 }), 2);
            assert.match(err2.text, /no <!-- config-reference:start --> … <!-- config-reference:end --> markers/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
