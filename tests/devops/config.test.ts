import * as assert from "assert";
import { validateConfig } from "../../stack/config/load";
import { configWarnings, devopsFirewallIssues } from "../../stack/config/rules";
import { CONFIG_KEYS } from "../../stack/config/schema";
import { APPROVER, devopsOf, EXISTING_APPLICATION, EXISTING_CONNECTION_ID, EXISTING_PRINCIPAL, problems, stackRaw } from "./helpers";

type Patch = (raw: Record<string, unknown>) => void;
type Group = Record<string, unknown>;

const group = (raw: Record<string, unknown>, i: number): Group => (devopsOf(raw).variableGroups as Group[])[i] as Group;
const existing = (extra: Record<string, unknown> = {}): Patch => (raw) => {
    devopsOf(raw).serviceConnection = { mode: "existing", id: EXISTING_CONNECTION_ID, principalObjectId: EXISTING_PRINCIPAL, ...extra };
};

const GUID_FIX = (what: string, path: string): string =>
    `${what}: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path '${path}' <guid>`;
const FIREWALL_ALTERNATIVE =
    "or use a self-hosted agent in a subnet listed in vault.network.subnetIds and read the secrets with the AzureKeyVault@2 task instead of variable groups (then remove devops.variableGroups)";
const DENY_NO_RANGE = `\`devops.allowedIpRanges\`: found []; must be at least one Azure DevOps IP range of your organization's region, also listed in vault.network.ipRules, while devops.variableGroups link this vault (the firewall denies by default and Azure DevOps resolves variable groups from its own addresses, which are not trusted Microsoft services: bypass AzureServices does not let them in). Fix: add your region's Azure DevOps ranges to vault.network.ipRules and to devops.allowedIpRanges, ${FIREWALL_ALTERNATIVE}`;
const PUBLIC_DISABLED = `\`vault.publicNetworkAccess\`: found "Disabled"; must be Enabled while devops.variableGroups link this vault (Azure DevOps resolves Key Vault-linked variable groups from its own public addresses: with public network access disabled they never reach the vault, and Azure DevOps is not a trusted Microsoft service). Fix: pulumi config set --path 'vault.publicNetworkAccess' Enabled and list your region's Azure DevOps ranges in vault.network.ipRules and devops.allowedIpRanges, ${FIREWALL_ALTERNATIVE}`;

/** [rule, environment, patch, exact problems] */
const RULES: ReadonlyArray<readonly [string, string, Patch, readonly string[]]> = [
    [
        "organizationUrl must be https://dev.azure.com/<org>",
        "staging",
        (raw) => (devopsOf(raw).organizationUrl = "https://contoso.visualstudio.com"),
        [
            "`devops.organizationUrl`: found \"https://contoso.visualstudio.com\"; must be https://dev.azure.com/<organization> (letters, digits and hyphens). Fix: pulumi config set --path 'devops.organizationUrl' https://dev.azure.com/<organization>",
        ],
    ],
    [
        "organizationUrl is required",
        "staging",
        (raw) => delete devopsOf(raw).organizationUrl,
        [
            "`devops.organizationUrl`: not set; must be required: the organization URL, https://dev.azure.com/<organization>. Fix: pulumi config set --path 'devops.organizationUrl' https://dev.azure.com/<organization>",
        ],
    ],
    [
        "project is required",
        "staging",
        (raw) => delete devopsOf(raw).project,
        ["`devops.project`: not set; must be required: the name of an existing Azure DevOps project. Fix: pulumi config set --path 'devops.project' <project>"],
    ],
    [
        "project has no leading or trailing spaces",
        "staging",
        (raw) => (devopsOf(raw).project = " payments"),
        [
            "`devops.project`: found \" payments\"; must be the name of an existing Azure DevOps project (non-empty, no leading or trailing spaces). Fix: pulumi config set --path 'devops.project' <project>",
        ],
    ],
    [
        "devops must be a map",
        "staging",
        (raw) => (raw.devops = "yes"),
        [
            "`devops`: found \"yes\"; must be an object (organizationUrl, project, serviceConnection, allowedIpRanges, variableGroups, approvals, prGate, geography). Fix: write it as a YAML map in Pulumi.<stack>.yaml",
        ],
    ],
    [
        "devops takes no unknown key",
        "staging",
        (raw) => (devopsOf(raw).allPipelines = true),
        [
            "`devops.allPipelines`: unknown key; allowed keys here: organizationUrl, project, serviceConnection, allowedIpRanges, variableGroups, approvals, prGate, geography. Fix: correct its spelling or remove it",
        ],
    ],
    [
        "serviceConnection.mode is create or existing",
        "staging",
        (raw) => (devopsOf(raw).serviceConnection = { mode: "manual" }),
        ["`devops.serviceConnection.mode`: found \"manual\"; must be one of create | existing. Fix: pulumi config set --path 'devops.serviceConnection.mode' create"],
    ],
    [
        "create mode takes no id, principalObjectId or applicationId",
        "staging",
        (raw) => (devopsOf(raw).serviceConnection = { id: EXISTING_CONNECTION_ID, principalObjectId: EXISTING_PRINCIPAL, applicationId: EXISTING_APPLICATION }),
        ["id", "principalObjectId", "applicationId"].map(
            (key) =>
                `\`devops.serviceConnection.${key}\`: found "${{ id: EXISTING_CONNECTION_ID, principalObjectId: EXISTING_PRINCIPAL, applicationId: EXISTING_APPLICATION }[key]}"; must be unset in create mode (the stack creates the service connection and its managed identity; ${key} describes an existing one). Fix: pulumi config rm --path 'devops.serviceConnection.${key}', or set devops.serviceConnection.mode to existing`,
        ),
    ],
    [
        "existing mode needs id and principalObjectId",
        "staging",
        (raw) => (devopsOf(raw).serviceConnection = { mode: "existing" }),
        [
            "`devops.serviceConnection.id`: not set; must be the existing service connection's ID (a GUID) in existing mode. Fix: copy it from Project settings > Service connections (the resourceId in the URL) and pulumi config set --path 'devops.serviceConnection.id' <guid>",
            "`devops.serviceConnection.principalObjectId`: not set; must be the object ID of the existing service connection's service principal in existing mode (it gets Key Vault Secrets User on this vault). Fix: az ad sp show --id <application-id> --query id -o tsv, then pulumi config set --path 'devops.serviceConnection.principalObjectId' <guid>",
        ],
    ],
    [
        "existing mode: id is a GUID",
        "staging",
        existing({ id: "conn-1" }),
        [`\`devops.serviceConnection.id\`: found "conn-1"; must be ${GUID_FIX("the existing service connection's ID", "devops.serviceConnection.id")}`],
    ],
    [
        "existing mode: principalObjectId equal to the application ID is rejected (any case)",
        "staging",
        existing({ principalObjectId: EXISTING_APPLICATION, applicationId: EXISTING_APPLICATION.toUpperCase() }),
        [
            `\`devops.serviceConnection.principalObjectId\`: found "${EXISTING_APPLICATION}"; must be the service principal's object ID, not its application (client) ID (devops.serviceConnection.applicationId has the same value; a role assignment to an application ID fails or grants nothing). Fix: az ad sp show --id <application-id> --query id -o tsv, then pulumi config set --path 'devops.serviceConnection.principalObjectId' <object-id>`,
        ],
    ],
    [
        "existing mode takes no name or subscriptionName",
        "staging",
        existing({ name: "kv", subscriptionName: "sub" }),
        ["name", "subscriptionName"].map(
            (key) =>
                `\`devops.serviceConnection.${key}\`: found "${key === "name" ? "kv" : "sub"}"; must be unset in existing mode (the stack does not manage the existing connection; it is identified by devops.serviceConnection.id). Fix: pulumi config rm --path 'devops.serviceConnection.${key}'`,
        ),
    ],
    [
        "access.pipelinePrincipalId equal to the connection's application ID is rejected",
        "staging",
        (raw) => {
            existing({ applicationId: EXISTING_APPLICATION })(raw);
            raw.access = { pipelinePrincipalId: EXISTING_APPLICATION };
        },
        [
            `\`access.pipelinePrincipalId\`: found "${EXISTING_APPLICATION}"; must be a service principal's object ID, not the application (client) ID of the service connection (devops.serviceConnection.applicationId has the same value). Fix: pulumi config rm --path 'access.pipelinePrincipalId' (devops.serviceConnection.principalObjectId already gets read access), or set the object ID`,
        ],
    ],
    [
        "the connection's principal is not granted Key Vault Secrets User twice",
        "staging",
        (raw) => {
            existing()(raw);
            raw.access = { pipelinePrincipalId: EXISTING_PRINCIPAL, extraRoles: [{ principalId: EXISTING_PRINCIPAL, role: "Key Vault Secrets User" }] };
        },
        [
            `\`access.pipelinePrincipalId\`: found "${EXISTING_PRINCIPAL}"; must be unset when it is the devops service connection's principal (devops.serviceConnection.principalObjectId gets Key Vault Secrets User already; two assignments of one role to one principal collide). Fix: pulumi config rm --path 'access.pipelinePrincipalId'`,
            `\`access.extraRoles[0]\`: found {"principalId":"${EXISTING_PRINCIPAL}","role":"Key Vault Secre...; must be a grant for another principal or role: devops.serviceConnection.principalObjectId gets Key Vault Secrets User already (two assignments of one role to one principal collide). Fix: remove this entry`,
        ],
    ],
    [
        "a case-mismatched secret name names the group and suggests the exact name",
        "staging",
        (raw) => (group(raw, 0).secrets = ["DB-Password", "payments-api-key"]),
        [
            "`devops.variableGroups[0].secrets[0]`: found \"DB-Password\"; must be the exact name of a secret in `secrets` for variable group \"payments-app\" (names are case-sensitive here: a case-mismatched name links nothing). Fix: write it as db-password",
        ],
    ],
    [
        "an unknown secret name names the group and lists the known ones",
        "staging",
        (raw) => (group(raw, 1).secrets = ["signing-key"]),
        [
            "`devops.variableGroups[1].secrets[0]`: found \"signing-key\"; must be the name of a secret in `secrets` for variable group \"payments-signing\" (known: db-password, api-signing-key, payments-api-key). Fix: add { name: signing-key } to secrets, or remove it from this group",
        ],
    ],
    [
        "a group links at least one secret (empty)",
        "staging",
        (raw) => (group(raw, 0).secrets = []),
        [
            "`devops.variableGroups[0].secrets`: found []; must be at least one secret name for variable group \"payments-app\" (a Key Vault-linked group without secrets resolves to 0 variables). Fix: list names from `secrets`, e.g. secrets: [db-password]",
        ],
    ],
    [
        "a group links at least one secret (missing)",
        "staging",
        (raw) => delete group(raw, 0).secrets,
        [
            "`devops.variableGroups[0].secrets`: not set; must be at least one secret name for variable group \"payments-app\" (a Key Vault-linked group without secrets resolves to 0 variables). Fix: list names from `secrets`, e.g. secrets: [db-password]",
        ],
    ],
    [
        "a group lists a secret once",
        "staging",
        (raw) => (group(raw, 0).secrets = ["db-password", "db-password"]),
        ["`devops.variableGroups[0].secrets[1]`: found \"db-password\"; must be listed once in variable group \"payments-app\". Fix: remove the duplicate"],
    ],
    [
        "a group links an external secret only when it is declared pre-existing",
        "staging",
        (raw) => ((raw.secrets as Record<string, unknown>[])[2] = { name: "payments-api-key", source: "external" }),
        [
            "`devops.variableGroups[0].secrets[1]`: found \"payments-api-key\"; must be a secret the stack creates, or an external one declared to exist before the deployment: payments-api-key is external (nothing creates it) and Azure DevOps rejects a variable group linking a secret the vault does not hold. Fix: create it (az keyvault secret set --vault-name <vault> --name payments-api-key --value …) and pulumi config set --path 'secrets[2].preexisting' true, or remove it from this group until it exists",
        ],
    ],
    [
        "preexisting is only for external secrets",
        "staging",
        (raw) => ((raw.secrets as Record<string, unknown>[])[0] = { name: "db-password", source: "generate", preexisting: true }),
        ["`secrets[0].preexisting`: found true; must be unset unless source is external (this secret's source is generate: the stack creates it). Fix: pulumi config rm --path 'secrets[0].preexisting'"],
    ],
    [
        "devops.geography is one of Microsoft's Azure DevOps geographies",
        "staging",
        (raw) => (devopsOf(raw).geography = "West Europe"),
        [
            "`devops.geography`: found \"West Europe\"; must be one of Australia | Brazil | Canada | Asia Pacific | India | United States | Europe | United Kingdom. Fix: pulumi config set --path 'devops.geography' Europe",
        ],
    ],
    [
        "a group is authorized for at least one pipeline (empty)",
        "staging",
        (raw) => (group(raw, 0).pipelines = []),
        [
            "`devops.variableGroups[0].pipelines`: found []; must be at least one pipeline definition ID for variable group \"payments-app\" (the stack authorizes pipelines one by one, never all pipelines). Fix: list the IDs of the pipelines that use it, e.g. pipelines: [12]",
        ],
    ],
    [
        "a group is authorized for at least one pipeline (missing)",
        "staging",
        (raw) => delete group(raw, 0).pipelines,
        [
            "`devops.variableGroups[0].pipelines`: not set; must be at least one pipeline definition ID for variable group \"payments-app\" (the stack authorizes pipelines one by one, never all pipelines). Fix: list the IDs of the pipelines that use it, e.g. pipelines: [12]",
        ],
    ],
    [
        "pipeline IDs are positive whole numbers (no 'all')",
        "staging",
        (raw) => (group(raw, 0).pipelines = [0, 1.5, "all", 12]),
        ["0", "1.5", '"all"'].map(
            (found, i) =>
                `\`devops.variableGroups[0].pipelines[${i}]\`: found ${found}; must be a whole number from 1 to 2147483647. Fix: use the numeric ID of the pipeline definition (the definitionId in its URL)`,
        ),
    ],
    [
        "a group lists a pipeline once (12 and \"12\" are the same)",
        "staging",
        (raw) => (group(raw, 0).pipelines = [12, "12"]),
        ["`devops.variableGroups[0].pipelines[1]`: found \"12\"; must be listed once in variable group \"payments-app\". Fix: remove the duplicate"],
    ],
    [
        "group names are unique, ignoring case",
        "staging",
        (raw) => (group(raw, 1).name = "Payments-App"),
        [
            "`devops.variableGroups[1].name`: found \"Payments-App\"; must be a name not used by another variable group, ignoring case (devops.variableGroups[0] has it). Fix: rename one of them",
        ],
    ],
    [
        "group names are letters, digits, '.', '_' and '-'",
        "staging",
        (raw) => (group(raw, 0).name = "payments app"),
        [
            "`devops.variableGroups[0].name`: found \"payments app\"; must be letters, digits, '.', '_' and '-', starting and ending with a letter or digit (it is part of resource names). Fix: rename it, e.g. payments-staging",
        ],
    ],
    [
        "a group has no allowAccess switch",
        "staging",
        (raw) => (group(raw, 0).allowAccess = true),
        [
            "`devops.variableGroups[0].allowAccess`: unknown key; allowed keys here: name, description, secrets, pipelines. Fix: correct its spelling or remove it",
        ],
    ],
    [
        "allowedIpRanges entries are vault.network.ipRules entries",
        "staging",
        (raw) => (devopsOf(raw).allowedIpRanges = ["20.67.128.0/22", "13.107.6.0/24"]),
        [
            "`devops.allowedIpRanges[1]`: found \"13.107.6.0/24\"; must be listed in vault.network.ipRules too (allowedIpRanges only marks which firewall rules are Azure DevOps'; it opens nothing by itself). Fix: add 13.107.6.0/24 to vault.network.ipRules, or remove it from devops.allowedIpRanges",
        ],
    ],
    [
        "allowedIpRanges entries are public IPv4 ranges",
        "staging",
        (raw) => {
            devopsOf(raw).allowedIpRanges = ["20.67.128.0/22", "192.168.0.0/16"];
        },
        [
            "`devops.allowedIpRanges[1]`: found \"192.168.0.0/16\"; must be a public IPv4 address or CIDR range; this one overlaps 192.168.0.0/16, a private (RFC 1918) range that never reaches a vault's public endpoint. Fix: use a range published for Azure DevOps in your organization's region",
            "`devops.allowedIpRanges[1]`: found \"192.168.0.0/16\"; must be listed in vault.network.ipRules too (allowedIpRanges only marks which firewall rules are Azure DevOps'; it opens nothing by itself). Fix: add 192.168.0.0/16 to vault.network.ipRules, or remove it from devops.allowedIpRanges",
        ],
    ],
    [
        "approvals are required in production",
        "production",
        (raw) => delete devopsOf(raw).approvals,
        [
            "`devops.approvals`: not set; must be set in production: { approvers: ['[Project]\\Group name' or e-mails], timeoutMinutes } (production deployments wait for a manual approval). Fix: pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers'",
        ],
    ],
    [
        "approvals need at least one approver (empty)",
        "production",
        (raw) => (devopsOf(raw).approvals = { approvers: [] }),
        [
            "`devops.approvals.approvers`: found []; must be at least one approver: a group as '[Project]\\Group name' or a user's e-mail. Fix: pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers'",
        ],
    ],
    [
        "approvals need at least one approver (missing, any environment)",
        "staging",
        (raw) => (devopsOf(raw).approvals = { timeoutMinutes: 60 }),
        [
            "`devops.approvals.approvers`: not set; must be at least one approver: a group as '[Project]\\Group name' or a user's e-mail. Fix: pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers'",
        ],
    ],
    [
        "approvers are groups or e-mails and the timeout is 1-43200 minutes",
        "production",
        (raw) => (devopsOf(raw).approvals = { approvers: ["payments-approvers"], timeoutMinutes: 43201 }),
        [
            "`devops.approvals.approvers[0]`: found \"payments-approvers\"; must be a group as `[Project]\\Group name` or a user's e-mail, resolved to its Azure DevOps identity (checks reject Entra object IDs with \"The following identities are invalid\": https://github.com/microsoft/terraform-provider-azuredevops/issues/864). Fix: pulumi config set --path 'devops.approvals.approvers[0]' '[payments]\\Release Approvers'",
            "`devops.approvals.timeoutMinutes`: found 43201; must be a whole number from 1 to 43200. Fix: pulumi config set --path 'devops.approvals.timeoutMinutes' 1440",
        ],
    ],
    [
        "the approval timeout is at least 1 minute",
        "production",
        (raw) => (devopsOf(raw).approvals = { approvers: [APPROVER], timeoutMinutes: "0" }),
        ["`devops.approvals.timeoutMinutes`: found \"0\"; must be a whole number from 1 to 43200. Fix: pulumi config set --path 'devops.approvals.timeoutMinutes' 1440"],
    ],
    [
        "production: a deny-by-default firewall needs an Azure DevOps range",
        "production",
        (raw) => (devopsOf(raw).allowedIpRanges = []),
        [DENY_NO_RANGE],
    ],
    [
        "production: an Azure DevOps range is needed even when allowedIpRanges is unset",
        "production",
        (raw) => delete devopsOf(raw).allowedIpRanges,
        [DENY_NO_RANGE.replace("found []", "not set")],
    ],
    [
        "production: public network access must stay enabled for variable groups",
        "production",
        (raw) => ((raw.vault as Record<string, unknown>).publicNetworkAccess = "Disabled"),
        [PUBLIC_DISABLED],
    ],
];

describe("devops: config contract", () => {
    for (const [rule, environment, patch, expected] of RULES) {
        it(`${rule} (${environment})`, () => {
            assert.deepStrictEqual(problems(stackRaw(environment, patch)), expected);
        });
    }

    it("declares devops as a key of the namespace", () => {
        assert.ok((CONFIG_KEYS as readonly string[]).includes("devops"));
    });

    it("reads no devops section when it is absent or {} (Pulumi.yaml's default)", () => {
        for (const devops of [undefined, {}]) {
            const cfg = validateConfig(stackRaw("production", (raw) => (raw.devops = devops)));
            assert.strictEqual(cfg.devops, undefined);
        }
    });

    it("applies the devops defaults: create mode, no ranges, no groups, timeout 1440", () => {
        const cfg = validateConfig({
            environment: "dev",
            location: "westeurope",
            devops: { organizationUrl: "https://dev.azure.com/contoso/", project: "payments", approvals: { approvers: [APPROVER] } },
        });
        assert.deepStrictEqual(cfg.devops, {
            organizationUrl: "https://dev.azure.com/contoso/",
            project: "payments",
            serviceConnection: { mode: "create" },
            allowedIpRanges: [],
            variableGroups: [],
            approvals: { approvers: [APPROVER], timeoutMinutes: 1440, pipelines: [] },
        });
    });

    it("reads pipeline IDs and the timeout written as strings by `pulumi config set --path`", () => {
        const cfg = validateConfig(
            stackRaw("production", (raw) => {
                group(raw, 0).pipelines = ["12", "14"];
                devopsOf(raw).approvals = { approvers: [APPROVER], timeoutMinutes: "60" };
            }),
        );
        assert.deepStrictEqual(cfg.devops?.variableGroups[0]?.pipelines, [12, 14]);
        assert.strictEqual(cfg.devops?.approvals?.timeoutMinutes, 60);
    });

    it("accepts a valid existing-mode connection with its application ID", () => {
        const cfg = validateConfig(stackRaw("staging", existing({ applicationId: EXISTING_APPLICATION })));
        assert.deepStrictEqual(cfg.devops?.serviceConnection, {
            mode: "existing",
            id: EXISTING_CONNECTION_ID,
            principalObjectId: EXISTING_PRINCIPAL,
            applicationId: EXISTING_APPLICATION,
        });
    });

    it("matches allowedIpRanges to ipRules with /32 optional", () => {
        validateConfig(
            stackRaw("production", (raw) => {
                (raw.vault as { network: { ipRules: string[] } }).network.ipRules = ["20.67.128.0/22", "52.174.96.16"];
                devopsOf(raw).allowedIpRanges = ["20.67.128.0/22", "52.174.96.16/32"];
            }),
        );
    });

    describe("firewall check", () => {
        it("needs no Azure DevOps range when the firewall allows by default (outside production)", () => {
            const cfg = validateConfig(
                stackRaw("dev", (raw) => {
                    raw.vault = { network: { defaultAction: "Allow" } };
                    devopsOf(raw).allowedIpRanges = [];
                }),
            );
            assert.deepStrictEqual(configWarnings(cfg), []);
        });

        it("does not apply without variable groups (a service connection for AzureKeyVault@2 on self-hosted agents)", () => {
            const cfg = validateConfig(
                stackRaw("production", (raw) => {
                    (raw.vault as Record<string, unknown>).publicNetworkAccess = "Disabled";
                    devopsOf(raw).allowedIpRanges = [];
                    devopsOf(raw).variableGroups = [];
                }),
            );
            assert.deepStrictEqual(devopsFirewallIssues(cfg), []);
        });

        it("is a warning, not an error, outside production", () => {
            const cfg = validateConfig(stackRaw("staging", (raw) => (devopsOf(raw).allowedIpRanges = [])));
            assert.deepStrictEqual(configWarnings(cfg), [
                `${DENY_NO_RANGE} (an error in production; in staging the variable groups cannot read their secrets)`,
            ]);
            const disabled = validateConfig(stackRaw("staging", (raw) => ((raw.vault as Record<string, unknown>).publicNetworkAccess = "Disabled")));
            assert.deepStrictEqual(configWarnings(disabled), [
                `${PUBLIC_DISABLED} (an error in production; in staging the variable groups cannot read their secrets)`,
            ]);
        });

        it("gives no warning in production (there it is an error) nor when a range is marked", () => {
            assert.deepStrictEqual(configWarnings(validateConfig(stackRaw("production"))), []);
            assert.deepStrictEqual(configWarnings(validateConfig(stackRaw("staging"))), []);
        });
    });
});
