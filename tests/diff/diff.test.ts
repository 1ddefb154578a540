import * as assert from "assert";
import { diffPlans, formatValue, inputChanges, replacingRule, ResourceChange } from "../../tools/diff/diff";
import { code } from "../../tools/diff/render";
import { GROUP, password, plan, PROJECT, res, ROLE, secret, STACK, vault } from "./fixtures";

function only(changes: readonly ResourceChange[], name: string): ResourceChange {
    const found = changes.filter((c) => c.name === name);
    assert.strictEqual(found.length, 1, `one change for ${name}: ${JSON.stringify(changes.map((c) => c.name))}`);
    return found[0] as ResourceChange;
}

describe("diffPlans", () => {
    it("finds no change between identical plans and counts every resource unchanged", () => {
        const doc = plan([vault(), secret("db-password")]);
        const diff = diffPlans(doc, structuredClone(doc));
        assert.deepStrictEqual(diff.changes, []);
        assert.deepStrictEqual(diff.counts, { create: 0, update: 0, replace: 0, delete: 0, unchanged: 3 });
        assert.deepStrictEqual(diff.before, { project: PROJECT, stack: STACK });
    });

    it("reports an added resource as create, with every input", () => {
        const before = plan([vault()]);
        const after = plan([vault(), res(GROUP, "dev-group", { name: "payments", projectId: "p1" })]);
        const diff = diffPlans(before, after);
        const change = only(diff.changes, "dev-group");
        assert.strictEqual(change.op, "create");
        assert.deepStrictEqual(
            change.changes.map((c) => [c.path, c.before, c.after]),
            [
                ["name", "(none)", '"payments"'],
                ["projectId", "(none)", '"p1"'],
            ],
        );
        assert.deepStrictEqual(diff.counts, { create: 1, update: 0, replace: 0, delete: 0, unchanged: 2 });
    });

    it("reports a removed resource as delete, after the others", () => {
        const before = plan([res(GROUP, "dev-old", { name: "old", projectId: "p1" }), vault(30)]);
        const after = plan([vault(14)]);
        const diff = diffPlans(before, after);
        assert.deepStrictEqual(
            diff.changes.map((c) => [c.op, c.name]),
            [
                ["update", "dev-vault"],
                ["delete", "dev-old"],
            ],
        );
        assert.deepStrictEqual(only(diff.changes, "dev-old").changes, []);
        assert.deepStrictEqual(diff.counts, { create: 0, update: 1, replace: 0, delete: 1, unchanged: 1 });
    });

    it("reports an in-place change as update, with each changed path before → after", () => {
        const after = plan([vault(14)]);
        (after.resources[1]?.inputs.properties as Record<string, unknown>).enablePurgeProtection = true;
        const diff = diffPlans(plan([vault(30)]), after);
        const change = only(diff.changes, "dev-vault");
        assert.strictEqual(change.op, "update");
        assert.deepStrictEqual(change.replaceReasons, []);
        assert.deepStrictEqual(change.changes, [
            { path: "properties.softDeleteRetentionInDays", before: "30", after: "14", forcesReplace: false },
            { path: "properties.enablePurgeProtection", before: "(none)", after: "true", forcesReplace: false },
        ]);
    });

    it("reports a change of an identity input as replace, naming the input", () => {
        const diff = diffPlans(plan([vault(30, "kv-dev-abcd")]), plan([vault(30, "kv-dev-wxyz")]));
        const change = only(diff.changes, "dev-vault");
        assert.strictEqual(change.op, "replace");
        assert.deepStrictEqual(change.replaceReasons, ["vaultName"]);
        assert.deepStrictEqual(change.changes, [{ path: "vaultName", before: '"kv-dev-abcd"', after: '"kv-dev-wxyz"', forcesReplace: true }]);
    });

    for (const [type, path, value] of [
        [ROLE, "principalId", "p2"],
        [ROLE, "scope", "/other"],
        [ROLE, "roleDefinitionId", "/rd/2"],
        [ROLE, "roleAssignmentName", "guid-2"],
        [GROUP, "projectId", "p2"],
        ["azure-native:keyvault:Secret", "secretName", "other"],
        ["azure-native:operationalinsights:Workspace", "location", "northeurope"],
        ["azure-native:operationalinsights:Workspace", "resourceGroupName", "rg-other"],
    ] as const) {
        it(`replaces ${type} when ${path} changes`, () => {
            const base = { principalId: "p1", scope: "/vault", roleDefinitionId: "/rd/1", roleAssignmentName: "guid-1", projectId: "p1", secretName: "s", location: "westeurope", resourceGroupName: "rg" };
            const diff = diffPlans(plan([res(type, "r", base)]), plan([res(type, "r", { ...base, [path]: value })]));
            assert.strictEqual(only(diff.changes, "r").op, "replace");
            assert.deepStrictEqual(only(diff.changes, "r").replaceReasons, [path]);
        });
    }

    it("keeps the rule table small: other inputs of those types update in place", () => {
        assert.strictEqual(replacingRule(ROLE, "description"), undefined);
        assert.strictEqual(replacingRule(GROUP, "variables[0].name"), undefined);
        assert.strictEqual(replacingRule("azure-native:keyvault:Vault", "properties.sku.name"), undefined);
        assert.strictEqual(replacingRule("azure-native:keyvault:Vault", "location"), "location");
        assert.strictEqual(replacingRule("random:index/randomPassword:RandomPassword", "keepers.expires"), "keepers");
    });

    it("replaces a resource whose parent changed: same URN (parent renamed) or a moved URN (parent type changed)", () => {
        const compA = res("proj:index:Comp", "a");
        const compB = res("proj:index:Comp", "b");
        const child = (parent: { urn: string }): ReturnType<typeof res> =>
            res("azure-native:resources:ResourceGroup", "rg", { location: "westeurope" }, { parent: parent.urn, parentType: "proj:index:Comp" });
        const renamed = diffPlans(plan([compA, child(compA)]), plan([compB, child(compB)]));
        const rg = only(renamed.changes, "rg");
        assert.strictEqual(rg.op, "replace");
        assert.deepStrictEqual(rg.replaceReasons, ["(parent)"]);
        assert.deepStrictEqual(rg.changes[0], { path: "(parent)", before: "proj:index:Comp a", after: "proj:index:Comp b", forcesReplace: true });

        const moved = res("azure-native:resources:ResourceGroup", "rg", { location: "westeurope" });
        const diff = diffPlans(plan([compA, child(compA)]), plan([compA, moved]));
        const change = only(diff.changes, "rg");
        assert.strictEqual(change.op, "replace");
        assert.strictEqual(change.urn, moved.urn);
        assert.strictEqual(change.previousUrn, child(compA).urn);
        assert.deepStrictEqual(change.changes[0], { path: "(parent)", before: "proj:index:Comp a", after: `pulumi:pulumi:Stack ${PROJECT}-${STACK}`, forcesReplace: true });
        assert.deepStrictEqual(diff.counts, { create: 0, update: 0, replace: 1, delete: 0, unchanged: 2 });
    });

    it("updates a resource whose protect option changed", () => {
        const after = vault();
        after.protect = true;
        const change = only(diffPlans(plan([vault()]), plan([after])).changes, "dev-vault");
        assert.strictEqual(change.op, "update");
        assert.deepStrictEqual(change.changes, [{ path: "(protect)", before: "false", after: "true", forcesReplace: false }]);
    });

    it("never shows a secret value: a secret stays [secret] on both sides", () => {
        const before = plan([secret("db-password", { contentType: "text/plain" })]);
        const after = plan([secret("db-password", { contentType: "application/json" }), secret("new-one")]);
        const diff = diffPlans(before, after);
        const updated = only(diff.changes, "dev-secrets-db-password");
        assert.strictEqual(updated.op, "update");
        assert.deepStrictEqual(
            updated.changes.map((c) => c.path),
            ["properties.contentType"],
            "an unchanged [secret] is no change",
        );
        const created = only(diff.changes, "dev-secrets-new-one");
        assert.deepStrictEqual(
            created.changes.find((c) => c.path === "properties.value"),
            { path: "properties.value", before: "(none)", after: "[secret]", forcesReplace: false },
        );
        assert.deepStrictEqual(created.secretSource, { after: { kind: "config" } });
    });

    it("shows a changed secret source: config → generate (a RandomPassword appears, the source tag changes)", () => {
        const pw = password("db-password");
        const before = plan([secret("db-password", { source: "config" })]);
        const after = plan([pw, secret("db-password", { source: "generate", generator: pw })]);
        const diff = diffPlans(before, after);
        const change = only(diff.changes, "dev-secrets-db-password");
        assert.strictEqual(change.op, "update");
        assert.deepStrictEqual(change.secretSource, {
            before: { kind: "config" },
            after: { kind: "generate", generator: "dev-secrets-db-password-value" },
        });
        assert.deepStrictEqual(
            change.changes.map((c) => [c.path, c.before, c.after]),
            [["tags.source", '"config"', '"generate"']],
        );
        assert.strictEqual(only(diff.changes, "dev-secrets-db-password-value").op, "create");
    });

    it("shows a changed secret source from the dependency alone when there is no source tag (generate → config)", () => {
        const pw = password("db-password");
        const before = plan([pw, secret("db-password", { generator: pw })]);
        const after = plan([secret("db-password")]);
        const diff = diffPlans(before, after);
        const change = only(diff.changes, "dev-secrets-db-password");
        assert.strictEqual(change.op, "update", "no input changed but its value's source did");
        assert.deepStrictEqual(change.changes, []);
        assert.deepStrictEqual(change.secretSource, {
            before: { kind: "generate", generator: "dev-secrets-db-password-value" },
            after: { kind: "config" },
        });
        assert.strictEqual(only(diff.changes, "dev-secrets-db-password-value").op, "delete");
    });

    it("shows that a generated secret gets a new value when its RandomPassword is replaced", () => {
        const before = plan([password("db-password", 32), secret("db-password", { source: "generate", generator: password("db-password", 32) })]);
        const after = plan([password("db-password", 64), secret("db-password", { source: "generate", generator: password("db-password", 64) })]);
        const diff = diffPlans(before, after);
        const pw = only(diff.changes, "dev-secrets-db-password-value");
        assert.strictEqual(pw.op, "replace");
        assert.deepStrictEqual(pw.replaceReasons, ["length"]);
        const s = only(diff.changes, "dev-secrets-db-password");
        assert.strictEqual(s.op, "update");
        assert.strictEqual(s.secretSource?.note, "new value: RandomPassword dev-secrets-db-password-value is replaced");
        assert.deepStrictEqual(diff.counts, { create: 0, update: 1, replace: 1, delete: 0, unchanged: 1 });
    });

    it("matches by URN: the same names in another stack are other resources", () => {
        const before = plan([vault()]);
        const after = {
            ...before,
            stack: "prod",
            resources: before.resources.map((r) => ({ ...r, urn: r.urn.replace(`:${STACK}::`, ":prod::") })),
        };
        const diff = diffPlans(before, after);
        assert.deepStrictEqual(
            diff.changes.map((c) => [c.op, c.name]),
            [
                ["create", `${PROJECT}-${STACK}`],
                ["create", "dev-vault"],
                ["delete", `${PROJECT}-${STACK}`],
                ["delete", "dev-vault"],
            ],
        );
    });
});

describe("diff values and paths", () => {
    it("formats JSON values, keeps the placeholders bare, and says (none) for absent", () => {
        assert.strictEqual(formatValue("x"), '"x"');
        assert.strictEqual(formatValue(3), "3");
        assert.strictEqual(formatValue(["a", 1]), '["a",1]');
        assert.strictEqual(formatValue("[secret]"), "[secret]");
        assert.strictEqual(formatValue("[unknown]"), "[unknown]");
        assert.strictEqual(formatValue(undefined), "(none)");
    });

    it("diffs arrays of objects by index and arrays of scalars as one value", () => {
        const changes = inputChanges(
            "x:y:Z",
            { rules: [{ value: "1.1.1.1" }], list: ["a"] },
            { rules: [{ value: "1.1.1.1" }, { value: "2.2.2.2" }], list: ["a", "b"] },
        );
        assert.deepStrictEqual(
            changes.map((c) => [c.path, c.before, c.after]),
            [
                ["rules[1].value", "(none)", '"2.2.2.2"'],
                ["list", '["a"]', '["a","b"]'],
            ],
        );
    });

    it("makes code spans that survive backticks and table pipes", () => {
        assert.strictEqual(code("a"), "`a`");
        assert.strictEqual(code("a|b"), "`a\\|b`");
        assert.strictEqual(code("a`b"), "``a`b``");
        assert.strictEqual(code("`a"), "`` `a ``");
    });
});
