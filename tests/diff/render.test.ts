import * as assert from "assert";
import { diffPlans, PlanDiff } from "../../tools/diff/diff";
import { renderDiffMarkdown, renderDiffText } from "../../tools/diff/render";
import { GROUP, password, plan, res, ROLE, secret, vault } from "./fixtures";

/** A PR-sized diff with one of each kind of change, a secret source change, and one unchanged resource. */
function sampleDiff(): PlanDiff {
    const role = (principalId: string): ReturnType<typeof res> => res(ROLE, "dev-role", { principalId, scope: "/vault" });
    const pw = password("db-password");
    const before = plan([vault(30), role("p1"), secret("db-password", { source: "config" }), res(GROUP, "dev-old", { name: "old", projectId: "p1" })]);
    const after = plan([
        vault(14),
        role("p2"),
        res(GROUP, "dev-group", { name: "pay|ments", projectId: "p1", tags: { a: "b" } }),
        pw,
        secret("db-password", { source: "generate", generator: pw }),
    ]);
    return diffPlans(before, after);
}

describe("diff rendering", () => {
    it("renders text like pulumi preview --diff", () => {
        assert.strictEqual(
            renderDiffText(sampleDiff(), { against: "plans/old.json" }),
            [
                "Diff for proj/dev against plans/old.json:",
                " ~ update   azure-native:keyvault:Vault  dev-vault",
                "        properties.softDeleteRetentionInDays: 30 → 14",
                "+- replace  azure-native:authorization:RoleAssignment  dev-role  (replace: principalId changed)",
                '        principalId: "p1" → "p2"  [forces replace]',
                " + create   azuredevops:index/variableGroup:VariableGroup  dev-group",
                '        name: "pay|ments"',
                '        projectId: "p1"',
                " + create   random:index/randomPassword:RandomPassword  dev-secrets-db-password-value",
                "        length: 32",
                "        special: true",
                " ~ update   azure-native:keyvault:Secret  dev-secrets-db-password",
                '        tags.source: "config" → "generate"',
                "        secret source: config → generate (RandomPassword dev-secrets-db-password-value)",
                " - delete   azuredevops:index/variableGroup:VariableGroup  dev-old",
                "Resources: 2 to create, 2 to update, 1 to replace, 1 to delete, 1 unchanged",
            ].join("\n"),
        );
    });

    it("says so when nothing changes", () => {
        const doc = plan([vault()]);
        assert.strictEqual(
            renderDiffText(diffPlans(doc, doc)),
            ["Diff for proj/dev:", "  no changes", "Resources: 0 to create, 0 to update, 0 to replace, 0 to delete, 2 unchanged"].join("\n"),
        );
    });

    it("renders Markdown for a PR comment: summary table, changed resources, inputs as code spans", () => {
        assert.strictEqual(
            renderDiffMarkdown(sampleDiff(), { against: "main (abc1234)" }),
            [
                "### Plan diff for `proj/dev` against `main (abc1234)`",
                "",
                "| Create | Update | Replace | Delete | Unchanged |",
                "|---:|---:|---:|---:|---:|",
                "| 2 | 2 | 1 | 1 | 1 |",
                "",
                "| | Action | Type | Name |",
                "|---|---|---|---|",
                "| `~` | update | `azure-native:keyvault:Vault` | `dev-vault` |",
                "| `+-` | replace | `azure-native:authorization:RoleAssignment` | `dev-role` |",
                "| `+` | create | `azuredevops:index/variableGroup:VariableGroup` | `dev-group` |",
                "| `+` | create | `random:index/randomPassword:RandomPassword` | `dev-secrets-db-password-value` |",
                "| `~` | update | `azure-native:keyvault:Secret` | `dev-secrets-db-password` |",
                "| `-` | delete | `azuredevops:index/variableGroup:VariableGroup` | `dev-old` |",
                "",
                "<details><summary>Changed inputs</summary>",
                "",
                "#### update `azure-native:keyvault:Vault` `dev-vault`",
                "",
                "| Input | Before | After |",
                "|---|---|---|",
                "| `properties.softDeleteRetentionInDays` | `30` | `14` |",
                "",
                "#### replace `azure-native:authorization:RoleAssignment` `dev-role` — replaced because `principalId` changed",
                "",
                "| Input | Before | After |",
                "|---|---|---|",
                '| `principalId` (forces replace) | `"p1"` | `"p2"` |',
                "",
                "#### create `azuredevops:index/variableGroup:VariableGroup` `dev-group`",
                "",
                "| Input | Value |",
                "|---|---|",
                '| `name` | `"pay\\|ments"` |',
                '| `projectId` | `"p1"` |',
                "",
                "#### create `random:index/randomPassword:RandomPassword` `dev-secrets-db-password-value`",
                "",
                "| Input | Value |",
                "|---|---|",
                "| `length` | `32` |",
                "| `special` | `true` |",
                "",
                "#### update `azure-native:keyvault:Secret` `dev-secrets-db-password`",
                "",
                "| Input | Before | After |",
                "|---|---|---|",
                '| `tags.source` | `"config"` | `"generate"` |',
                "| secret source | `config` | `generate (RandomPassword dev-secrets-db-password-value)` |",
                "",
                "</details>",
            ].join("\n"),
        );
    });

    it("renders a Markdown diff without changes as the table and a sentence", () => {
        const doc = plan([vault()]);
        assert.strictEqual(
            renderDiffMarkdown(diffPlans(doc, doc)),
            ["### Plan diff for `proj/dev`", "", "| Create | Update | Replace | Delete | Unchanged |", "|---:|---:|---:|---:|---:|", "| 0 | 0 | 0 | 0 | 2 |", "", "No changes."].join("\n"),
        );
    });

    it("shows a regenerated secret value without showing the value", () => {
        const before = plan([password("k", 32), secret("k", { generator: password("k", 32) })]);
        const after = plan([password("k", 48), secret("k", { generator: password("k", 48) })]);
        const text = renderDiffText(diffPlans(before, after));
        assert.ok(text.includes(" ~ update   azure-native:keyvault:Secret  dev-secrets-k\n        secret value: [secret] (new value: RandomPassword dev-secrets-k-value is replaced)"), text);
        assert.ok(text.includes("+- replace  random:index/randomPassword:RandomPassword  dev-secrets-k-value  (replace: length changed)\n        length: 32 → 48  [forces replace]"), text);
    });
});
