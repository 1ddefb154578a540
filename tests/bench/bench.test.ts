import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { floorModules, independentCount, interleave, longestChain, median, multiplyStack, ratio, requiredPackages } from "../../tools/bench/bench";
import { PlanResource } from "../../tools/plan/render";

const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");
const STACK = "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s";

function r(name: string, deps: string[] = [], parent = STACK, type = "x:y:Z"): PlanResource {
    return { urn: `u:${name}`, type, name, parent, inputs: {}, dependencies: deps.map((d) => (d.startsWith("urn:") ? d : `u:${d}`)), protect: false };
}
const stack: PlanResource = { urn: STACK, type: "pulumi:pulumi:Stack", name: "p-s", inputs: {}, dependencies: [], protect: false };

describe("bench: statistics", () => {
    it("takes the median of odd and even counts, unsorted", () => {
        assert.strictEqual(median([5, 1, 3]), 3);
        assert.strictEqual(median([4, 1, 3, 2]), 2.5);
        assert.strictEqual(median([7]), 7);
        assert.throws(() => median([]), /median of no values/);
    });

    it("interleaves: each round starts one later, every kind once per round", () => {
        assert.deepStrictEqual(interleave(["a", "b", "c"], 0), ["a", "b", "c"]);
        assert.deepStrictEqual(interleave(["a", "b", "c"], 1), ["b", "c", "a"]);
        assert.deepStrictEqual(interleave(["a", "b", "c"], 5), ["c", "a", "b"]);
        assert.deepStrictEqual(interleave([], 3), []);
    });

    it("rounds ratios to hundredths", () => {
        assert.strictEqual(ratio(650, 500), 1.3);
        assert.strictEqual(ratio(1000, 3000), 0.33);
    });
});

describe("bench: dependency graph", () => {
    // rg ← vault ← secret ← group; pw ← secret; comp is a component (parent of vault and pw).
    const comp = r("comp");
    const graph = [
        stack,
        comp,
        r("rg"),
        r("vault", ["rg", "comp"], "u:comp"),
        r("pw", ["comp"], "u:comp"),
        r("secret", ["vault", "pw", "rg"]),
        r("group", ["secret", "urn:elsewhere"]),
        r("provider"),
    ];

    it("finds the longest dependency chain, first to last, ignoring parents and unknown URNs", () => {
        assert.deepStrictEqual(longestChain(graph), { length: 4, chain: ["rg", "vault", "secret", "group"] });
    });

    it("counts a lone resource as a chain of one, and an empty plan as none", () => {
        assert.deepStrictEqual(longestChain([stack]), { length: 1, chain: ["p-s"] });
        assert.deepStrictEqual(longestChain([]), { length: 0, chain: [] });
    });

    it("throws on a dependency cycle", () => {
        assert.throws(() => longestChain([r("a", ["b"]), r("b", ["a"])]), /dependency cycle/);
    });

    it("counts the custom resources that wait on nothing (a dependency on the parent does not count)", () => {
        // rg, pw (depends only on its parent), provider; not the stack nor the component.
        assert.strictEqual(independentCount(graph), 3);
        const flagged = graph.map((g) => ({ ...g, custom: g.urn !== STACK && g.urn !== "u:comp" }));
        assert.strictEqual(independentCount(flagged), 3);
    });
});

describe("bench: the program's SDK modules", () => {
    it("collects bare specifiers, not builtins, and the relative requires to follow", () => {
        const source = [
            '"use strict";',
            'const pulumi = require("@pulumi/pulumi");',
            'const kv = __importStar(require("@pulumi/azure-native/keyvault"));',
            'const fs = require("fs"); const p = require("node:path"); const cp = require("child_process");',
            "const z = require('zod');",
            'const x = require("./lib/program"); const y = require("../components/vault");',
            'const again = require("@pulumi/pulumi");',
        ].join("\n");
        assert.deepStrictEqual(requiredPackages(source), {
            packages: ["@pulumi/pulumi", "@pulumi/azure-native/keyvault", "zod"],
            relative: ["./lib/program", "../components/vault"],
        });
    });
});

describe("bench: the honest floor's modules", () => {
    it("keeps the node_modules files of every recorded plan run, in first-seen order, and nothing of the project's own", () => {
        const staging = ["/p/dist/tools/cli/plan.js", "/p/node_modules/@pulumi/pulumi/index.js", "/p/node_modules/yaml/dist/index.js", "/p/sdks/azuredevops/bin/index.js"];
        const production = ["/p/dist/tools/cli/plan.js", "/p/node_modules/@pulumi/pulumi/index.js", "/p/node_modules/zod/index.js", "/p/policies/bin/index.js"];
        assert.deepStrictEqual(floorModules([staging, production]), [
            "/p/node_modules/@pulumi/pulumi/index.js",
            "/p/node_modules/yaml/dist/index.js",
            "/p/node_modules/zod/index.js",
        ]);
        assert.deepStrictEqual(floorModules([]), []);
    });
});

describe("bench: the synthetic 10× stack", () => {
    const staging = (YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.staging.yaml"), "utf8")) as { config: Record<string, unknown> }).config;
    const tenfold = multiplyStack(staging, "keyvault-devops", 10);

    it("has 10× the secrets and variable groups, each group copy reading its own secret copies", () => {
        const secrets = staging["keyvault-devops:secrets"] as Array<{ name: string }>;
        const groups = (staging["keyvault-devops:devops"] as { variableGroups: Array<{ name: string; secrets: string[] }> }).variableGroups;
        const tenSecrets = tenfold["keyvault-devops:secrets"] as Array<{ name: string }>;
        const tenGroups = (tenfold["keyvault-devops:devops"] as { variableGroups: Array<{ name: string; secrets: string[] }> }).variableGroups;
        assert.strictEqual(tenSecrets.length, 10 * secrets.length);
        assert.strictEqual(tenGroups.length, 10 * groups.length);
        assert.strictEqual(new Set(tenSecrets.map((s) => s.name)).size, tenSecrets.length, "unique secret names");
        assert.deepStrictEqual(tenSecrets.slice(0, secrets.length), secrets, "copy 0 is the original");
        const names = new Set(tenSecrets.map((s) => s.name));
        for (const g of tenGroups) {
            assert.ok(g.secrets.every((s) => names.has(s)), `${g.name} reads only secrets that exist`);
        }
        assert.deepStrictEqual(tenGroups[groups.length]?.secrets, groups[0]?.secrets.map((s) => `${s}-x1`));
        assert.deepStrictEqual(tenfold["keyvault-devops:vault"], staging["keyvault-devops:vault"], "everything else unchanged");
    });

    it("copies secretValues along with their secrets", () => {
        const config = { "p:secrets": [{ name: "a", source: "config" }], "p:secretValues": { a: { secure: "v1:x" } } };
        assert.deepStrictEqual(multiplyStack(config, "p", 3)["p:secretValues"], { a: { secure: "v1:x" }, "a-x1": { secure: "v1:x" }, "a-x2": { secure: "v1:x" } });
    });

    it("is a valid stack config (the program would accept it)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-bench-test-"));
        const project = YAML.parse(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), YAML.stringify({ ...project, main: path.join(REPO_ROOT, "dist", "index.js") }));
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), YAML.stringify({ config: tenfold }));
        try {
            const { readStackConfig } = await import("../../tools/preflight/stackConfig");
            const read = readStackConfig(dir, "staging");
            assert.strictEqual(read.config.secrets.length, 30);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
