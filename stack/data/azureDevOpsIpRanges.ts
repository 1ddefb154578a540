/*
 * Azure DevOps Services' published INBOUND ranges (connections that originate from Azure DevOps, such as the service
 * resolving a Key Vault-linked variable group), by geography and region, exactly as Microsoft publishes them.
 *
 * Source: "Allowed IP addresses and domain URLs", section "Inbound connections",
 * https://learn.microsoft.com/azure/devops/organizations/security/allow-list-ip-url#inbound-connections
 * (MicrosoftDocs/azure-devops-docs, docs/organizations/security/allow-list-ip-url.md at commit 0132351c, page
 * ms.date 01/02/2024), read on 2026-11-29. Microsoft changes these ranges rarely but does change them: re-check the
 * page and update this file (and the date) when it moves. The AzureDevOps service tag is the alternative for NSGs and
 * Azure Firewall, not for the Key Vault firewall, which takes IP rules only.
 */
export const AZURE_DEVOPS_IP_RANGES_SOURCE = "https://learn.microsoft.com/azure/devops/organizations/security/allow-list-ip-url#inbound-connections";
export const AZURE_DEVOPS_IP_RANGES_RETRIEVED = "2026-11-29";

/** Geography → region → IPv4 ranges, as the page's table lists them. */
export const AZURE_DEVOPS_INBOUND_RANGES = {
    Australia: { "Australia East": ["20.37.194.0/24"], "Australia South East": ["20.42.226.0/24"] },
    Brazil: { "Brazil South": ["191.235.226.0/24"] },
    Canada: { "Central Canada": ["52.228.82.0/24"] },
    "Asia Pacific": { "Southeast Asia (Singapore)": ["20.195.68.0/24"] },
    India: { "South India": ["20.41.194.0/24"], "Central India": ["20.204.197.192/26"] },
    "United States": {
        "Central United States": ["20.37.158.0/23"],
        "West Central United States": ["52.150.138.0/24"],
        "East United States": ["20.42.5.0/24"],
        "East 2 United States": ["20.41.6.0/23"],
        "North United States": ["40.80.187.0/24"],
        "South United States": ["40.119.10.0/24"],
        "West United States": ["40.82.252.0/24"],
        "West 2 United States": ["20.42.134.0/23"],
        "West 3 United States": ["20.125.155.0/24"],
    },
    Europe: { "Western Europe": ["40.74.28.0/23"], "North Europe": ["20.166.41.0/24"] },
    "United Kingdom": { "United Kingdom South": ["51.104.26.0/24"] },
} as const satisfies Record<string, Record<string, readonly string[]>>;

export type AzureDevOpsGeography = keyof typeof AZURE_DEVOPS_INBOUND_RANGES;

/** The geographies, for `devops.geography`. */
export const AZURE_DEVOPS_GEOGRAPHIES = Object.keys(AZURE_DEVOPS_INBOUND_RANGES) as [AzureDevOpsGeography, ...AzureDevOpsGeography[]];

/** Every range of one geography (all its regions: an organization's traffic may come from any of them). */
export function rangesOfGeography(geography: AzureDevOpsGeography): string[] {
    return Object.values(AZURE_DEVOPS_INBOUND_RANGES[geography] as Record<string, readonly string[]>).flat();
}

/** The geography and region that publish `range` (compared without a `/32` suffix), or undefined. */
export function documentedRange(range: string): { geography: AzureDevOpsGeography; region: string } | undefined {
    const norm = (r: string): string => r.trim().replace(/\/32$/, "");
    for (const geography of AZURE_DEVOPS_GEOGRAPHIES) {
        for (const [region, ranges] of Object.entries(AZURE_DEVOPS_INBOUND_RANGES[geography] as Record<string, readonly string[]>)) {
            if (ranges.some((r) => norm(r) === norm(range))) {
                return { geography, region };
            }
        }
    }
    return undefined;
}
