/*
 * Preflight check `devops-ip-ranges`: the firewall ranges marked as Azure DevOps' (`devops.allowedIpRanges`) must be
 * ranges Microsoft publishes for Azure DevOps inbound connections, and, when the organization's geography is known
 * (`devops.geography`), every published range of that geography must be there. Otherwise Azure DevOps cannot reach
 * the vault to resolve Key Vault-linked variable groups. Data and source: stack/data/azureDevOpsIpRanges.ts.
 */
import { PRODUCTION } from "../../stack/defaults";
import { ipRuleKey } from "../../stack/network";
import {
    AZURE_DEVOPS_GEOGRAPHIES,
    AZURE_DEVOPS_IP_RANGES_RETRIEVED,
    AZURE_DEVOPS_IP_RANGES_SOURCE,
    AzureDevOpsGeography,
    documentedRange,
    rangesOfGeography,
} from "../../stack/data/azureDevOpsIpRanges";
import type { PreflightFinding } from "./render";

/** A `devops-ip-ranges` finding (the `PreflightFinding` shape of ./render.ts). */
export interface IpRangeFinding extends PreflightFinding {
    readonly check: "devops-ip-ranges";
    readonly severity: "error" | "warning";
}

const rec = (v: unknown): Record<string, unknown> => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** Findings for raw or validated config; none without `devops` or without variable groups. */
export function devopsIpRangeFindings(config: unknown): IpRangeFinding[] {
    const raw = rec(config);
    const devops = rec(raw.devops);
    const groups = Array.isArray(devops.variableGroups) ? devops.variableGroups : [];
    if (groups.length === 0) {
        return [];
    }
    const severity = raw.environment === PRODUCTION ? "error" : "warning";
    const ranges = (Array.isArray(devops.allowedIpRanges) ? devops.allowedIpRanges : []).filter((r): r is string => typeof r === "string");
    const source = `Microsoft's published Azure DevOps inbound ranges (${AZURE_DEVOPS_IP_RANGES_SOURCE}, read ${AZURE_DEVOPS_IP_RANGES_RETRIEVED})`;
    const findings: IpRangeFinding[] = [];
    ranges.forEach((range, i) => {
        if (!documentedRange(range)) {
            findings.push({
                check: "devops-ip-ranges",
                severity,
                path: `devops.allowedIpRanges[${i}]`,
                found: JSON.stringify(range),
                expected: `one of ${source}`,
                why: `${range} is not one of ${source}: Azure DevOps does not resolve variable groups from it, so the firewall entry admits someone else and Azure DevOps stays blocked.`,
                fix: `Replace it (here and in vault.network.ipRules) with your geography's ranges from stack/data/azureDevOpsIpRanges.ts, e.g. Europe: 40.74.28.0/23 and 20.166.41.0/24.`,
            });
        }
    });
    const geography = typeof devops.geography === "string" ? devops.geography : undefined;
    if (geography && (AZURE_DEVOPS_GEOGRAPHIES as readonly string[]).includes(geography)) {
        const have = new Set(ranges.map(ipRuleKey));
        for (const range of rangesOfGeography(geography as AzureDevOpsGeography)) {
            if (!have.has(ipRuleKey(range))) {
                const region = documentedRange(range)?.region ?? geography;
                findings.push({
                    check: "devops-ip-ranges",
                    severity,
                    path: "devops.allowedIpRanges",
                    found: `${JSON.stringify(ranges)}, without ${range}`,
                    expected: `every range published for devops.geography ${geography}, ${range} (${region}) included`,
                    why: `${range} (${region}) is missing: it is one of ${source} for the organization's geography ${geography} (devops.geography), and Azure DevOps may resolve the variable groups from any of them.`,
                    fix: `Add ${range} to vault.network.ipRules and to devops.allowedIpRanges.`,
                });
            }
        }
    }
    return findings;
}
