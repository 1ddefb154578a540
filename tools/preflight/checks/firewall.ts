/*
 * Preflight checks: a vault firewall that blocks Azure DevOps or the agents.
 */
import { renderPath } from "../../../stack/config/errors";
import { fillPath } from "../../../stack/config/problems";
import { devopsFirewallIssues } from "../../../stack/config/rules";
import { ipRuleKey } from "../../../stack/network";
import type { Finding } from "../preflight";
import { View } from "../view";

// 4. A firewall that blocks Azure DevOps or the agents.
export function firewall(view: View, config: unknown): Finding[] {
    const groups = view.devops?.groups ?? [];
    if (groups.length === 0) {
        return [];
    }
    const findings: Finding[] = [];
    for (const issue of devopsFirewallIssues(config)) {
        const key = renderPath(issue.path);
        const fix = fillPath(issue.fix, key);
        const cause =
            key === "vault.publicNetworkAccess"
                ? "The vault's public network access is Disabled while variable groups link it"
                : "The vault's firewall denies by default and devops.allowedIpRanges names no Azure DevOps range";
        findings.push({
            check: "firewall",
            severity: view.production ? "error" : "warning",
            path: key,
            found: issue.found ?? (key === "vault.publicNetworkAccess" ? JSON.stringify(view.publicNetworkAccess) : JSON.stringify(view.devops?.allowedIpRanges ?? [])),
            expected: fillPath(issue.expected, key),
            why: `${cause}: Azure DevOps reads a Key Vault-linked group's secrets from its own public addresses, which are not "trusted Microsoft services" (bypass AzureServices does not admit them, private endpoints do not reach them), so creating or refreshing the groups fails with a firewall error (403 ForbiddenByFirewall).`,
            fix,
        });
    }
    if (view.publicNetworkAccess === "Disabled" || view.defaultAction !== "Deny") {
        return findings;
    }
    // The agent running a job downloads the group's secrets itself at job start, from its own address.
    const devopsRanges = new Set((view.devops?.allowedIpRanges ?? []).map(ipRuleKey));
    const agentRules = view.ipRules.filter((r) => !devopsRanges.has(ipRuleKey(r)));
    if (agentRules.length === 0 && view.subnetIds.length === 0) {
        findings.push({
            check: "firewall",
            severity: "warning",
            path: "vault.network",
            found: "a deny-by-default firewall with no subnet and no address besides Azure DevOps' ranges",
            expected: "the subnet (vault.network.subnetIds) or fixed egress address (vault.network.ipRules) of the agents that run the jobs using the groups",
            why: `The vault's firewall denies by default and admits no agent: besides Azure DevOps' own ranges it lists no subnet and no address. The agent that runs a job downloads the linked secrets itself, at job start, from its own address, so every job that uses ${groups.length === 1 ? "the group" : "a group"} fails there with 403 ForbiddenByFirewall ("Client address is not authorized"); Microsoft-hosted agents included, whose addresses are not Azure DevOps' ranges and change every week.`,
            fix: "Run those jobs on self-hosted agents in a subnet you add to the firewall: pulumi config set --path 'vault.network.subnetIds[0]' <subnet resource ID> (or add the agents' fixed egress address to vault.network.ipRules), and give the jobs that pool.",
        });
    } else {
        const admitted = [...view.subnetIds.map((s) => `subnet ${s.split("/").slice(-3, -2).concat(s.split("/").slice(-1)).join("/")}`), ...agentRules.map((r) => `address ${r}`)];
        findings.push({
            check: "firewall",
            severity: "info",
            path: "vault.network",
            found: `a deny-by-default firewall that admits agents only from ${admitted.join(", ")}`,
            expected: "the agents that run the jobs using the groups among those it admits (Microsoft-hosted agents are not: their addresses are not listed and change every week)",
            why: `Microsoft-hosted agents cannot read this vault: its firewall denies by default and admits agents only from ${admitted.join(", ")}. The agent that runs a job downloads the linked secrets itself at job start, from its own address, so a job on a Microsoft-hosted pool (vmImage) fails there with 403 ForbiddenByFirewall.`,
            fix: "Run the jobs that use the variable groups (or AzureKeyVault@2) on the self-hosted pool whose agents are in those subnets (pool: { name: <pool> }); pipelines/templates/use-secrets.yml takes it as its `pool` parameter.",
        });
    }
    return findings;
}
