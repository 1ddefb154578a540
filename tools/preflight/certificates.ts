/*
 * Preflight for `certificates[]`: certificates are created on the vault's data plane (a call to
 * https://<vault>.vault.azure.net, https://learn.microsoft.com/rest/api/keyvault/certificates/create-certificate), made by
 * the provider on the agent that runs `pulumi up`, from that agent's address. So the vault's firewall must admit the
 * deploying agent itself: `bypass: AzureServices` admits only trusted Microsoft services
 * (https://learn.microsoft.com/azure/key-vault/general/overview-vnet-service-endpoints#trusted-services), not a build
 * agent, and ARM (which creates the secrets) is not in the path. Pure: raw or validated config, no I/O.
 */
import { DEFAULTS } from "../../stack/defaults";
import { ipRuleKey } from "../../stack/network";
import type { Finding } from "./preflight";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === "string") : []);

/** What the deploying agent needs to create the stack's certificates through the vault's firewall. */
export function certificateDeployerFindings(config: unknown): Finding[] {
    const raw = rec(config);
    const certificates = Array.isArray(raw.certificates) ? raw.certificates : [];
    if (certificates.length === 0) {
        return [];
    }
    const vault = rec(raw.vault);
    const network = rec(vault.network);
    const what = `${certificates.length === 1 ? "Its certificate is" : `Its ${certificates.length} certificates are`} created on the vault's data plane by the agent that runs \`pulumi up\`, from that agent's own address (the deploying identity gets Key Vault Certificates Officer for it)`;
    if ((vault.publicNetworkAccess ?? DEFAULTS.vault.publicNetworkAccess) === "Disabled") {
        return [
            {
                check: "certificate-deployer",
                severity: "warning",
                path: "vault.publicNetworkAccess",
                found: JSON.stringify("Disabled"),
                expected: "Enabled behind the deny-by-default firewall, unless the agent that runs `pulumi up` reaches the vault through a private endpoint",
                why: `${what}, and the vault's public endpoint is Disabled: creating a certificate fails unless that agent reaches the vault through a private endpoint.`,
                fix: "Run `pulumi up` on an agent in a network with a private endpoint to the vault (and its privatelink.vaultcore.azure.net DNS zone), or set vault.publicNetworkAccess Enabled behind the deny-by-default firewall.",
            },
        ];
    }
    if ((network.defaultAction ?? DEFAULTS.vault.network.defaultAction) !== "Deny") {
        return [];
    }
    const devopsRanges = new Set(strings(rec(raw.devops).allowedIpRanges).map(ipRuleKey));
    const agentRules = strings(network.ipRules).filter((r) => !devopsRanges.has(ipRuleKey(r)));
    const subnets = strings(network.subnetIds);
    const common = `${what}; the firewall denies by default, and \`bypass: AzureServices\` admits trusted Microsoft services only, not a build agent, so an agent it does not admit fails with 403 ForbiddenByFirewall ("Client address is not authorized") when it creates a certificate`;
    const fix =
        "Run `pulumi up` on agents the firewall admits: self-hosted agents whose subnet is in vault.network.subnetIds (pulumi config set --path 'vault.network.subnetIds[<n>]' <subnet resource ID>), or whose fixed egress address is in vault.network.ipRules (pulumi config set --path 'vault.network.ipRules[<n>]' <address>); pipelines/infra-deploy.yml then needs that pool instead of vmImage.";
    if (agentRules.length === 0 && subnets.length === 0) {
        return [
            {
                check: "certificate-deployer",
                severity: "warning",
                path: "vault.network",
                found: "a deny-by-default firewall with no subnet and no address besides Azure DevOps' ranges",
                expected: "the subnet (vault.network.subnetIds) or fixed egress address (vault.network.ipRules) of the agent that runs `pulumi up`",
                why: `${common}. It admits no agent: besides Azure DevOps' own ranges it lists no subnet and no address.`,
                fix,
            },
        ];
    }
    const admitted = [...subnets.map((s) => `subnet ${s.split("/").slice(-3, -2).concat(s.split("/").slice(-1)).join("/")}`), ...agentRules.map((r) => `address ${r}`)];
    return [
        {
            check: "certificate-deployer",
            severity: "info",
            path: "vault.network",
            found: `a deny-by-default firewall that admits agents only from ${admitted.join(", ")}`,
            expected: "the agent that runs `pulumi up` among those it admits (Microsoft-hosted agents are not: their addresses are not listed and change every week)",
            why: `${common}. It admits agents only from ${admitted.join(", ")}: the agent that runs \`pulumi up\` must be one of them (Microsoft-hosted agents are not: their addresses are not listed and change every week).`,
            fix,
        },
    ];
}
