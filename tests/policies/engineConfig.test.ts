// Pack config reconciliation as the Pulumi CLI does it (pulumi/pulumi pkg/resource/analyzer/config.go
// `ReconcilePolicyPackConfig`): defaults, the pack's initial config, then the file; `all` first, then each entry.
import { strict as assert } from "assert";
import { AnalyzerPolicyInfo, parsePolicyPackConfig, reconcilePolicyPackConfig } from "../../tools/policy-runner/engineConfig";

const POLICIES: AnalyzerPolicyInfo[] = [
    {
        name: "limits",
        enforcementLevel: "advisory",
        configSchema: { properties: { max: { type: "integer", default: 90 }, label: { type: "string" } }, required: ["label"] },
    },
    { name: "plain", enforcementLevel: "mandatory" },
];

describe("policies: pack config reconciled as the CLI does", () => {
    it("applies defaults, then the initial config, then the file; `all` before each entry", () => {
        const initial = new Map([["limits", { enforcementLevel: "disabled" as const, properties: { label: "from-pack", max: 30 } }]]);
        const { entries, problems } = parsePolicyPackConfig({ all: "mandatory", limits: { max: 10 } });
        assert.deepEqual(problems, []);
        const result = reconcilePolicyPackConfig(POLICIES, entries, initial);
        assert.deepEqual(result.problems, []);
        assert.deepEqual(result.config, {
            limits: { enforcementLevel: "mandatory", properties: { max: 10, label: "from-pack" } },
            plain: { enforcementLevel: "mandatory", properties: {} },
            all: { enforcementLevel: "mandatory", properties: {} },
        });
    });

    it("validates the reconciled options against the schema: required, types; defaults count", () => {
        const none = reconcilePolicyPackConfig(POLICIES, parsePolicyPackConfig({}).entries);
        assert.deepEqual(none.problems, ["limits: must set label"]);
        const wrong = reconcilePolicyPackConfig(POLICIES, parsePolicyPackConfig({ limits: { label: "x", max: 1.5 } }).entries);
        assert.deepEqual(wrong.problems, ["limits.max: must be of type integer (found: 1.5)"]);
    });

    it("refuses what the CLI refuses when parsing: bad levels, values that are neither a level nor an object", () => {
        assert.deepEqual(parsePolicyPackConfig({ plain: "warn", limits: 3, x: { enforcementLevel: 1 } }).problems, [
            'plain: invalid enforcement level "warn" (expected advisory, mandatory, remediate, disabled)',
            "limits: must be an enforcement level or an object of options (found: 3)",
            "x.enforcementLevel: invalid enforcement level 1 (expected advisory, mandatory, remediate, disabled)",
        ]);
        assert.deepEqual(parsePolicyPackConfig([]).problems, ['must be a JSON object mapping policy names (or "all") to a level or options']);
    });
});
