import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { diffPlans } from "../../tools/diff/diff";
import { renderDiffMarkdown } from "../../tools/diff/render";
import { mdCode, mdText } from "../../tools/plan/markdown";
import { renderPreflightMarkdown, renderViolationsMarkdown } from "../../tools/plan/render";
import { preflight } from "../../tools/preflight/preflight";
import { plan, res } from "../diff/fixtures";
import { REPO_ROOT } from "../helpers/pulumi";

const GROUP = "azuredevops:index/variableGroup:VariableGroup";

/** Table cells of a Markdown row: split at pipes that are not backslash-escaped. */
function cells(row: string): string[] {
    return row
        .replace(/^\||\|$/g, "")
        .split(/(?<!\\)\|/)
        .map((c) => c.trim());
}

/** issue 15 item 5: every string interpolated into the PR-comment Markdown is escaped by one helper. */
describe("hostile input: Markdown in PR comments", () => {
    describe("the helper (tools/plan/markdown.ts)", () => {
        it("writes HTML special characters as entities and escapes Markdown punctuation", () => {
            assert.strictEqual(mdText("<!-- a & b -->"), "&lt;\\!-- a &amp; b --&gt;");
            assert.strictEqual(mdText("![x](https://evil.example/p.png) [y](javascript:alert(1))"), "\\!\\[x\\](https://evil.example/p.png) \\[y\\](javascript:alert(1))");
            assert.strictEqual(mdText("a | b `c` *d* _e_ ~f~ #g \\h"), "a \\| b \\`c\\` \\*d\\* \\_e\\_ \\~f\\~ \\#g \\\\h");
        });

        it("puts every kind of line break and control character on one line", () => {
            assert.strictEqual(mdText("a\nb\r\nc\rd\u2028e\u2029f\u0085g\th\u0000i"), "a b c d e f g h i");
            assert.strictEqual(mdCode("a\nb\r\nc"), "`a b c`");
        });

        it("fences a code span longer than any backtick run inside, and escapes pipes in table cells only", () => {
            assert.strictEqual(mdCode("a``b"), "```a``b```");
            assert.strictEqual(mdCode("`x`"), "`` `x` ``");
            assert.strictEqual(mdCode("a|b", { table: true }), "`a\\|b`");
            assert.strictEqual(mdCode("a|b"), "`a|b`");
            assert.strictEqual(mdCode("<!--"), "`<!--`");
        });
    });

    describe("preflight findings", () => {
        it("an unclosed <!-- in a finding does not hide the findings after it", () => {
            const out = renderPreflightMarkdown([
                { check: "external-secret", severity: "error", path: "secrets[0]", found: '"a<!--"', expected: "first <!-- hides the rest", fix: "x", why: "w" },
                { check: "firewall", severity: "error", path: "vault.network", found: "second finding\n- injected: item", expected: "e", fix: "y\n- injected: fix", why: "w" },
                { check: "rbac-propagation", severity: "info", path: "access", found: "third finding", expected: "e", fix: "z", why: "w" },
            ]);
            assert.strictEqual(
                out,
                [
                    "**Preflight:** 2 errors, 0 warnings, 1 note",
                    "",
                    '- **error** external-secret \\`secrets\\[0\\]\\`: found "a&lt;\\!--"; must be first &lt;\\!-- hides the rest. Fix: x',
                    "- **error** firewall \\`vault.network\\`: found second finding - injected: item; must be e. Fix: y - injected: fix",
                    "- **info** rbac-propagation \\`access\\`: found third finding; must be e. Fix: z",
                ].join("\n"),
            );
            assert.ok(!out.includes("<"), "no HTML can open");
        });

        it("escapes a hostile variable group name end to end (raw config through preflight into Markdown)", () => {
            const name = "g<!--`|\n- **fake** finding";
            const findings = preflight({
                config: {
                    environment: "staging",
                    secrets: [{ name: "db-password", source: "generate" }],
                    devops: { organizationUrl: "https://dev.azure.com/contoso", project: "p", variableGroups: [{ name, secrets: ["DB-Password"], pipelines: [1] }] },
                },
                stack: "staging",
            });
            const out = renderPreflightMarkdown(findings);
            const lines = out.split("\n");
            // The name is in the why, not the bullet; the case-mismatched variable is in `found`, as JSON, escaped.
            assert.strictEqual(
                lines.find((l) => l.includes("secret-name-case")),
                "- **error** secret-name-case \\`devops.variableGroups\\[0\\].secrets\\[0\\]\\`: found \"DB-Password\"; must be the vault secret's exact name, \"db-password\". Fix: Write the secret's exact name: pulumi config set --path 'devops.variableGroups\\[0\\].secrets\\[0\\]' db-password",
            );
            assert.ok(!out.includes("<"));
            assert.ok(!lines.some((l) => l.startsWith("- **fake**")), "nothing injected");
            assert.strictEqual(lines.filter((l) => l.startsWith("- ")).length, findings.length, "one bullet per finding, none injected");
        });

        it("an injected name in `found` stays inside its bullet", () => {
            const name = "g<!--`|\n- **fake** finding";
            const findings = preflight({
                config: {
                    environment: "staging",
                    secrets: [{ name: "db-password", source: "external" }],
                    devops: { organizationUrl: "https://dev.azure.com/contoso", project: "p", variableGroups: [{ name, secrets: ["db-password"], pipelines: [1] }] },
                },
                stack: "staging",
            });
            const external = findings.find((f) => f.check === "external-secret");
            assert.ok(external?.expected.includes(JSON.stringify(name)), JSON.stringify(external));
            const out = renderPreflightMarkdown(findings);
            const lines = out.split("\n");
            assert.ok(!out.includes("<"));
            assert.ok(!lines.some((l) => l.startsWith("- **fake**")), "nothing injected");
            assert.strictEqual(lines.filter((l) => l.startsWith("- ")).length, findings.length, "one bullet per finding, none injected");
        });
    });

    describe("policy violations", () => {
        it("escapes messages, policy names and resource names", () => {
            const out = renderViolationsMarkdown([
                { policy: "p`x", enforcementLevel: "mandatory", urn: "urn:pulumi:dev::proj::t::name<b>|", message: "<img src=x onerror=alert(1)> and <!--" },
                { policy: "later", enforcementLevel: "advisory", message: "still shown" },
            ]);
            assert.strictEqual(
                out,
                [
                    "**Policy violations:** 1 mandatory, 1 advisory",
                    "",
                    "- **mandatory** ``p`x`` (`name<b>|`): &lt;img src=x onerror=alert(1)&gt; and &lt;\\!--",
                    "- **advisory** `later` (`stack`): still shown",
                ].join("\n"),
            );
        });
    });

    describe("the diff", () => {
        it("keeps a hostile resource name, type and stack inside their table cells and code spans", () => {
            const hostile = "n|a`m\ne<!--";
            const before = plan([]);
            const after = plan([res(GROUP, hostile, { name: "x|y\n| injected | row |" })]);
            const diff = diffPlans(before, after);
            const out = renderDiffMarkdown({ ...diff, after: { project: "proj", stack: "st`<!--" } }, { against: "main\n### injected" });
            const lines = out.split("\n");
            assert.strictEqual(lines[0], "### Plan diff for ``proj/dev → proj/st`<!--`` against `main ### injected`");
            const row = lines.find((l) => l.includes("azuredevops:index/variableGroup"));
            assert.strictEqual(row, "| `+` | create | `azuredevops:index/variableGroup:VariableGroup` | ``n\\|a`m e<!--`` |");
            assert.strictEqual(cells(row ?? "").length, 4);
            const input = lines.find((l) => l.startsWith("| `name`"));
            assert.strictEqual(input, '| `name` | `"x\\|y\\n\\| injected \\| row \\|"` |');
            assert.strictEqual(cells(input ?? "").length, 2);
            assert.ok(!lines.some((l) => l.startsWith("| injected")));
        });
    });

    describe("npm run diff -- --format markdown (saved plans a pull request could craft)", () => {
        it("prints every change after a resource named with an unclosed <!--, and no raw HTML", () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-md-"));
            try {
                const before = path.join(dir, "before.json");
                const after = path.join(dir, "after.json");
                fs.writeFileSync(before, JSON.stringify(plan([])));
                fs.writeFileSync(after, JSON.stringify(plan([res(GROUP, "first<!--", { name: "a" }), res(GROUP, "second-visible", { name: "b" })])));
                const run = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "tools", "cli", "diff.js"), before, after, "--format", "markdown"], {
                    encoding: "utf8",
                    timeout: 60_000,
                });
                assert.strictEqual(run.status, 0, run.stderr);
                const rows = run.stdout.split("\n").filter((l) => l.includes("azuredevops:index/variableGroup"));
                assert.deepStrictEqual(rows, [
                    "| `+` | create | `azuredevops:index/variableGroup:VariableGroup` | `first<!--` |",
                    "| `+` | create | `azuredevops:index/variableGroup:VariableGroup` | `second-visible` |",
                    "#### create `azuredevops:index/variableGroup:VariableGroup` `first<!--`",
                    "#### create `azuredevops:index/variableGroup:VariableGroup` `second-visible`",
                ]);
                // Outside code spans there is no `<` but the comment's own <details> markup.
                const outside = run.stdout.replace(/(`+)[^`]*?\1/g, "");
                assert.deepStrictEqual([...new Set(outside.match(/<[^>]*>?/g) ?? [])].sort(), ["</details>", "<details>", "<summary>", "</summary>"].sort());
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });
    });
});
