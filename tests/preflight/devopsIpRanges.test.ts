import * as assert from "assert";
import { AZURE_DEVOPS_INBOUND_RANGES, documentedRange, rangesOfGeography } from "../../stack/data/azureDevOpsIpRanges";
import { devopsIpRangeFindings } from "../../tools/preflight/devopsIpRanges";

const SOURCE = "Microsoft's published Azure DevOps inbound ranges (https://learn.microsoft.com/azure/devops/organizations/security/allow-list-ip-url#inbound-connections, read 2026-11-29)";

function config(environment: string, devops: Record<string, unknown>): Record<string, unknown> {
    return { environment, devops: { variableGroups: [{ name: "g", secrets: ["s"], pipelines: [1] }], ...devops } };
}

describe("preflight: Azure DevOps inbound ranges (devops-ip-ranges)", () => {
    it("ships Microsoft's table: Western Europe is 40.74.28.0/23, North Europe 20.166.41.0/24", () => {
        assert.deepStrictEqual(AZURE_DEVOPS_INBOUND_RANGES.Europe, { "Western Europe": ["40.74.28.0/23"], "North Europe": ["20.166.41.0/24"] });
        assert.deepStrictEqual(rangesOfGeography("Europe"), ["40.74.28.0/23", "20.166.41.0/24"]);
        assert.deepStrictEqual(documentedRange("20.37.158.0/23"), { geography: "United States", region: "Central United States" });
        assert.strictEqual(documentedRange("20.67.128.0/22"), undefined);
    });

    it("flags an allowedIpRanges entry that is not a documented Azure DevOps range (error in production)", () => {
        const findings = devopsIpRangeFindings(config("production", { allowedIpRanges: ["40.74.28.0/23", "20.67.128.0/22"] }));
        assert.deepStrictEqual(findings, [
            {
                check: "devops-ip-ranges",
                severity: "error",
                path: "devops.allowedIpRanges[1]",
                found: '"20.67.128.0/22"',
                expected: `one of ${SOURCE}`,
                why: `20.67.128.0/22 is not one of ${SOURCE}: Azure DevOps does not resolve variable groups from it, so the firewall entry admits someone else and Azure DevOps stays blocked.`,
                fix: "Replace it (here and in vault.network.ipRules) with your geography's ranges from stack/data/azureDevOpsIpRanges.ts, e.g. Europe: 40.74.28.0/23 and 20.166.41.0/24.",
            },
        ]);
        assert.strictEqual(devopsIpRangeFindings(config("staging", { allowedIpRanges: ["20.67.128.0/22"] }))[0]?.severity, "warning");
    });

    it("flags a range of the organization's geography that is missing", () => {
        const findings = devopsIpRangeFindings(config("staging", { geography: "Europe", allowedIpRanges: ["40.74.28.0/23"] }));
        assert.deepStrictEqual(findings, [
            {
                check: "devops-ip-ranges",
                severity: "warning",
                path: "devops.allowedIpRanges",
                found: '["40.74.28.0/23"], without 20.166.41.0/24',
                expected: "every range published for devops.geography Europe, 20.166.41.0/24 (North Europe) included",
                why: `20.166.41.0/24 (North Europe) is missing: it is one of ${SOURCE} for the organization's geography Europe (devops.geography), and Azure DevOps may resolve the variable groups from any of them.`,
                fix: "Add 20.166.41.0/24 to vault.network.ipRules and to devops.allowedIpRanges.",
            },
        ]);
        assert.deepStrictEqual(devopsIpRangeFindings(config("staging", { geography: "Europe", allowedIpRanges: ["40.74.28.0/23", "20.166.41.0/24"] })), []);
    });

    it("says nothing without variable groups", () => {
        assert.deepStrictEqual(devopsIpRangeFindings({ environment: "production", devops: { allowedIpRanges: ["1.2.3.4"] } }), []);
    });
});
