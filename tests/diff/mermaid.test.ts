import * as assert from "assert";
import { runPlan } from "../plan/planCli";
import * as fs from "fs";
import * as path from "path";
import { diffPlans } from "../../tools/diff/diff";
import { diagramBlock, findDiagramBlock, renderComponentMermaid, renderMermaid, replaceDiagramBlock } from "../../tools/diff/mermaid";
import { PlanResource } from "../../tools/plan/render";
import { plan, res, STACK_URN, stackResource } from "./fixtures";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

/** A stack with a component holding a nested component, custom resources inside and outside, and a provider. */
function graph(): PlanResource[] {
    const comp = res("proj:index:Env", "env");
    const inner = res("proj:index:Secrets", "env-secrets", {}, { parent: comp.urn, parentType: "proj:index:Env" });
    const rg = res("azure-native:resources:ResourceGroup", "env-rg", {}, { parent: comp.urn, parentType: "proj:index:Env" });
    const vault = res("azure-native:keyvault:Vault", "env-vault", {}, { parent: comp.urn, parentType: "proj:index:Env", deps: [comp.urn, rg.urn] });
    const secret = res("azure-native:keyvault:Secret", "env-secrets-db", {}, { parent: inner.urn, parentType: "proj:index:Secrets", deps: [inner.urn, vault.urn, rg.urn, "urn:not:in:plan"] });
    const provider = res("pulumi:providers:azuredevops", "env-ado", {}, { parent: STACK_URN });
    const group = res("azuredevops:index/variableGroup:VariableGroup", "env \"group\"", {}, { deps: [vault.urn, provider.urn] });
    return [stackResource(), comp, inner, rg, vault, secret, provider, group];
}

const EXPECTED = [
    "graph LR",
    '  subgraph c_env["proj:index:Env env"]',
    '    subgraph c_env_secrets["proj:index:Secrets env-secrets"]',
    '      r_env_secrets_db["azure-native:keyvault:Secret env-secrets-db"]',
    "    end",
    '    r_env_rg["azure-native:resources:ResourceGroup env-rg"]',
    '    r_env_vault["azure-native:keyvault:Vault env-vault"]',
    "  end",
    '  r_env_ado["pulumi:providers:azuredevops env-ado"]',
    '  r_env_group["azuredevops:index/variableGroup:VariableGroup env #quot;group#quot;"]',
    "  r_env_rg --> r_env_vault",
    "  r_env_vault --> r_env_secrets_db",
    "  r_env_rg --> r_env_secrets_db",
    "  r_env_vault --> r_env_group",
    "  r_env_ado --> r_env_group",
];

describe("mermaid graph", () => {
    it("draws components as nested subgraphs, custom resources as `type name` nodes, dependencies as edges (not to the parent)", () => {
        assert.strictEqual(renderMermaid(graph()), EXPECTED.join("\n"));
    });

    it("tells components from the live plan's `custom` flag when it has one", () => {
        const withFlags = graph().map((r) => ({ ...r, custom: !["pulumi:pulumi:Stack", "proj:index:Env", "proj:index:Secrets"].includes(r.type) }));
        assert.strictEqual(renderMermaid(withFlags), EXPECTED.join("\n"));
    });

    it("is deterministic: the same plan gives the same text, and colliding names get distinct IDs", () => {
        assert.strictEqual(renderMermaid(graph()), renderMermaid(structuredClone(graph())));
        const twins = [stackResource(), res("a:b:C", "x-y"), res("a:b:D", "x_y", {}, { deps: [res("a:b:C", "x-y").urn] })];
        assert.strictEqual(
            renderMermaid(twins, { direction: "TD" }),
            ["graph TD", '  r_x_y["a:b:C x-y"]', '  r_x_y_2["a:b:D x_y"]', "  r_x_y --> r_x_y_2"].join("\n"),
        );
    });

    it("highlights what a diff creates, updates and replaces, and lists deletions as comments", () => {
        const before = plan(graph().slice(1, 5).concat([res("a:b:Old", "gone")]));
        const after = graph();
        (after[4] as { inputs: Record<string, unknown> }).inputs = { sku: "premium" };
        const lines = renderMermaid(after, { diff: diffPlans(before, { ...before, resources: after }) }).split("\n");
        assert.deepStrictEqual(lines.slice(EXPECTED.length), [
            "  classDef create fill:#e6ffed,stroke:#2da44e",
            "  class r_env_secrets_db,r_env_ado,r_env_group create",
            "  classDef update fill:#fff8c5,stroke:#bf8700",
            "  class r_env_vault update",
            "  %% deleted: a:b:Old gone",
        ]);
    });

    it("replaces only the block between the README markers", () => {
        const doc = "# T\n\n<!-- diagram:start -->\nold\n<!-- diagram:end -->\n\nmore\n";
        const updated = replaceDiagramBlock(doc, "graph LR\n  a");
        assert.strictEqual(updated, "# T\n\n<!-- diagram:start -->\n```mermaid\ngraph LR\n  a\n```\n<!-- diagram:end -->\n\nmore\n");
        assert.strictEqual(findDiagramBlock(updated)?.block, diagramBlock("graph LR\n  a"));
        assert.strictEqual(findDiagramBlock("no markers"), undefined);
        assert.throws(() => replaceDiagramBlock("no markers", "graph LR"), /no <!-- diagram:start -->/);
    });
});

describe("docs/resource-graph.md", function () {
    this.timeout(120_000);

    it("is the staging plan's current graph (regenerate: npm run diagram)", async function () {
        const file = path.join(REPO_ROOT, "docs", "resource-graph.md");
        const found = findDiagramBlock(fs.readFileSync(file, "utf8"));
        assert.ok(found, "docs/resource-graph.md has no <!-- diagram:start --> / <!-- diagram:end --> markers");
        const run = await runPlan(["--stack", "staging", "--format", "mermaid", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const expected = diagramBlock(run.stdout.trimEnd());
        if (found.block !== expected) {
            const lines = (t: string): number => t.split("\n").length;
            assert.fail(
                `docs/resource-graph.md is stale (${lines(found.block)} lines between the markers, ${lines(expected)} generated): ` +
                    "run `npm run diagram` and commit docs/resource-graph.md",
            );
        }
    });

    it("is not in the README, which links to it", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
        assert.strictEqual(findDiagramBlock(readme), undefined);
        assert.match(readme, /\(docs\/resource-graph\.md\)/);
    });
});

describe("mermaid: component-level view", function () {
    it("draws one box per top-level component or resource, with edges between boxes whose contents depend on each other; provider instances are left out", () => {
        assert.strictEqual(
            renderComponentMermaid(graph()),
            ["graph LR", '  c_env["Env env"]', '  r_env_group["VariableGroup env #quot;group#quot;"]', "  c_env --> r_env_group"].join("\n"),
        );
    });

    it("leaves out dependencies inside one box and on resources outside the plan", () => {
        const text = renderComponentMermaid(graph());
        assert.ok(!text.includes("c_env --> c_env"), text);
        assert.ok(!text.includes("urn:not:in:plan"), text);
    });
});

describe("plan --format mermaid --view components", function () {
    this.timeout(120_000);

    it("prints the staging stack as about ten boxes: the components and the resource group, no provider instances", async () => {
        const run = await runPlan(["--stack", "staging", "--format", "mermaid", "--view", "components", "--no-policies"]);
        assert.strictEqual(run.status, 0, run.stderr);
        const boxes = run.stdout.split("\n").filter((l) => /^ {2}\w+\[/.test(l));
        assert.ok(boxes.length >= 8 && boxes.length <= 14, run.stdout);
        assert.ok(boxes.some((l) => l.includes('["EnvironmentVault staging"]')), run.stdout);
        assert.ok(!boxes.some((l) => /\["(azure|azuredevops) /.test(l)), run.stdout);
        assert.ok(run.stdout.includes("  c_staging --> c_staging_secrets\n"), run.stdout);
        assert.ok(!run.stdout.includes("subgraph"), "no resource-level subgraphs");
    });

    it("is a usage error with another format, with a diff, or with an unknown view", async () => {
        for (const [args, message] of [
            [["--view", "components"], /`--view components` goes with `--format mermaid`/],
            [["--format", "mermaid", "--view", "components", "--base", "HEAD"], /`--view components` draws no diff/],
            [["--format", "mermaid", "--view", "boxes"], /`--view` must be resources or components \(found: boxes\)/],
        ] as const) {
            const run = await runPlan(["--stack", "staging", "--no-policies", ...args]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.match(run.stderr, message);
            assert.strictEqual(run.stdout, "");
        }
    });
});
