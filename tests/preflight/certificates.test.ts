import * as assert from "assert";
import { certificateDeployerFindings } from "../../tools/preflight/certificates";
import { preflight } from "../../tools/preflight/preflight";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
import { theFinding } from "./helpers";

const SUBNET = "/subscriptions/6b4a3b7e-2c1d-4f5e-9a8b-1c2d3e4f5a6b/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-agents/subnets/snet-build";
const cert = { name: "api-tls", subject: "CN=api.contoso.com", dnsNames: ["api.contoso.com"] };
const COMMON =
    "Its certificate is created on the vault's data plane by the agent that runs `pulumi up`, from that agent's own address (the deploying identity gets Key Vault Certificates Officer for it); the firewall denies by default, and `bypass: AzureServices` admits trusted Microsoft services only, not a build agent, so an agent it does not admit fails with 403 ForbiddenByFirewall (\"Client address is not authorized\") when it creates a certificate";
const FIX =
    "Run `pulumi up` on agents the firewall admits: self-hosted agents whose subnet is in vault.network.subnetIds (pulumi config set --path 'vault.network.subnetIds[<n>]' <subnet resource ID>), or whose fixed egress address is in vault.network.ipRules (pulumi config set --path 'vault.network.ipRules[<n>]' <address>); pipelines/infra-deploy.yml then needs that pool instead of vmImage.";

function config(network: Record<string, unknown>, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { environment: "staging", location: "westeurope", vault: { network }, certificates: [cert], ...extra };
}

describe("preflight: certificate-deployer", () => {
    it("says nothing without certificates, or with a firewall that allows by default", () => {
        assert.deepStrictEqual(certificateDeployerFindings({ ...config({}), certificates: [] }), []);
        assert.deepStrictEqual(certificateDeployerFindings({ environment: "staging" }), []);
        assert.deepStrictEqual(certificateDeployerFindings(config({ defaultAction: "Allow" })), []);
    });

    it("warns that a deny-by-default firewall admitting no agent blocks certificate creation (Azure DevOps ranges do not count)", () => {
        const findings = preflight({ config: config({ ipRules: ["40.74.28.0/23"] }, { devops: { allowedIpRanges: ["40.74.28.0/23"] } }), stack: "staging" });
        assert.deepStrictEqual(theFinding(findings, "certificate-deployer"), {
            check: "certificate-deployer",
            severity: "warning",
            path: "vault.network",
            found: "a deny-by-default firewall with no subnet and no address besides Azure DevOps' ranges",
            expected: "the subnet (vault.network.subnetIds) or fixed egress address (vault.network.ipRules) of the agent that runs `pulumi up`",
            why: `${COMMON}. It admits no agent: besides Azure DevOps' own ranges it lists no subnet and no address.`,
            fix: FIX,
        });
        // The default network is deny-by-default with nothing listed.
        assert.strictEqual(theFinding(preflight({ config: { environment: "staging", certificates: [cert] } }), "certificate-deployer").severity, "warning");
    });

    it("names the subnets and addresses the deploying agent must be in", () => {
        assert.deepStrictEqual(certificateDeployerFindings(config({ subnetIds: [SUBNET], ipRules: ["52.174.96.16/28"] })), [
            {
                check: "certificate-deployer",
                severity: "info",
                path: "vault.network",
                found: "a deny-by-default firewall that admits agents only from subnet vnet-agents/snet-build, address 52.174.96.16/28",
                expected: "the agent that runs `pulumi up` among those it admits (Microsoft-hosted agents are not: their addresses are not listed and change every week)",
                why: `${COMMON}. It admits agents only from subnet vnet-agents/snet-build, address 52.174.96.16/28: the agent that runs \`pulumi up\` must be one of them (Microsoft-hosted agents are not: their addresses are not listed and change every week).`,
                fix: FIX,
            },
        ]);
    });

    it("asks for a private endpoint when the public endpoint is disabled", () => {
        assert.deepStrictEqual(certificateDeployerFindings({ ...config({}), vault: { publicNetworkAccess: "Disabled" }, certificates: [cert, { ...cert, name: "b" }] }), [
            {
                check: "certificate-deployer",
                severity: "warning",
                path: "vault.publicNetworkAccess",
                found: '"Disabled"',
                expected: "Enabled behind the deny-by-default firewall, unless the agent that runs `pulumi up` reaches the vault through a private endpoint",
                why:
                    "Its 2 certificates are created on the vault's data plane by the agent that runs `pulumi up`, from that agent's own address (the deploying identity gets Key Vault Certificates Officer for it), and the vault's public endpoint is Disabled: creating a certificate fails unless that agent reaches the vault through a private endpoint.",
                fix: "Run `pulumi up` on an agent in a network with a private endpoint to the vault (and its privatelink.vaultcore.azure.net DNS zone), or set vault.publicNetworkAccess Enabled behind the deny-by-default firewall.",
            },
        ]);
    });

    for (const stack of ["staging", "production"]) {
        it(`tells the shipped ${stack} stack where its deploying agent must run (a note, not an error)`, () => {
            const { config: c } = readStackConfig(REPO_ROOT, stack);
            const finding = theFinding(preflight({ config: c, stack }), "certificate-deployer");
            assert.strictEqual(finding.severity, "info");
            assert.match(finding.why, /admits agents only from subnet vnet-build-agents\/snet-agents/);
        });
    }
});
