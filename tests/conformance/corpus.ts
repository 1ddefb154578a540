// Rule-breaking Pulumi programs for the conformance test: each breaks policies in a way the offline gate once
// missed or could miss (values hidden in secrets, unknowns of a first preview), or in plain sight.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface CorpusProgram {
    readonly name: string;
    readonly source: string;
    /** Evaluate as a first preview sees it (no IDs, computed outputs unknown). */
    readonly firstPreview?: boolean;
    /** Plaintext that must never be printed or written by the plan. */
    readonly secrets?: readonly string[];
}

const HEADER = `import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import * as monitor from "@pulumi/azure-native/monitor";
import * as azuredevops from "@pulumi/azuredevops";
const TENANT = "72f988bf-0000-0000-0000-000000000000";
const SUB = "/subscriptions/00000000-0000-0000-0000-000000000000";
`;

export const CORPUS: readonly CorpusProgram[] = [
    {
        // Issue 11: wrapping a variable group's variables, or a Key Vault secret's properties, in pulumi.secret hid
        // every violation in them from the offline gate; the analyzer sees the plaintext.
        name: "hidden-in-secrets",
        secrets: ["hunter2-hidden-value", "group-hidden-value"],
        source: `${HEADER}
const vault = new keyvault.Vault("vault", {
    resourceGroupName: "rg-kv-dev",
    vaultName: "kv-app-dev",
    tags: { environment: "dev" },
    properties: pulumi.secret({
        tenantId: TENANT,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: false,
        enablePurgeProtection: false,
        softDeleteRetentionInDays: 7,
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow", bypass: "AzureServices" },
    }) as never,
});
new keyvault.Secret("db-password", {
    resourceGroupName: "rg-kv-dev",
    vaultName: vault.name,
    secretName: "DB_Password",
    properties: pulumi.secret({ value: "hunter2-hidden-value" }),
});
new azuredevops.VariableGroup("pipeline-vars", {
    projectId: "00000000-0000-0000-0000-0000000000aa",
    name: "pipeline-vars",
    allowAccess: true,
    variables: pulumi.secret([{ name: "DB_PASSWORD", secretValue: "group-hidden-value", isSecret: true }]) as never,
});
`,
    },
    {
        // A Key Vault secret's value as a plain string: the pack sees nothing wrong, the gate reports it (state).
        name: "plaintext-secret-value",
        secrets: ["plain-text-password-42"],
        source: `${HEADER}
new keyvault.Secret("api-key", {
    resourceGroupName: "rg-kv-dev",
    vaultName: "kv-app-dev",
    secretName: "api-key",
    properties: {
        value: "plain-text-password-42",
        contentType: "text/plain",
        attributes: { enabled: true, notBefore: 1767225600, expires: 1767225600 + 30 * 86400 },
    },
});
`,
    },
    {
        // As a first preview sees it: names and IDs computed by Azure are unknown, so are the inputs derived from them.
        name: "first-preview",
        firstPreview: true,
        source: `${HEADER}
const rg = new resources.ResourceGroup("rg", { location: "westeurope" });
const vault = new keyvault.Vault("vault", {
    resourceGroupName: rg.name,
    tags: { environment: "dev" },
    properties: {
        tenantId: TENANT,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enablePurgeProtection: false,
        publicNetworkAccess: "Disabled",
        networkAcls: { defaultAction: "Deny", bypass: "None" },
    },
});
new monitor.DiagnosticSetting("vault-diagnostics", {
    resourceUri: vault.id,
    workspaceId: rg.id.apply((id) => \`\${id}/providers/Microsoft.OperationalInsights/workspaces/law\`),
    logs: [{ categoryGroup: "audit", enabled: true }],
});
new authorization.RoleAssignment("owner", {
    scope: vault.id,
    principalId: rg.id.apply(() => "22222222-2222-2222-2222-222222222222"),
    principalType: "ServicePrincipal",
    roleDefinitionId: \`\${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635\`,
});
new keyvault.Secret("token", {
    resourceGroupName: rg.name,
    vaultName: vault.name,
    secretName: "token",
    properties: { value: pulumi.secret("first-preview-token"), attributes: { expires: rg.id.apply(() => 1767225600) } },
});
`,
    },
    {
        // Plain violations across the pack: access, devops, vault settings.
        name: "plain-violations",
        source: `${HEADER}
const vault = new keyvault.Vault("vault", {
    resourceGroupName: "rg-kv-dev",
    vaultName: "KV_bad_name",
    properties: {
        tenantId: TENANT,
        sku: { family: "A", name: "standard" },
        enableRbacAuthorization: true,
        enablePurgeProtection: true,
        softDeleteRetentionInDays: 3,
        publicNetworkAccess: "Enabled",
        networkAcls: { defaultAction: "Allow" },
    },
});
new authorization.RoleAssignment("sub-owner", {
    scope: SUB,
    principalId: "22222222-2222-2222-2222-222222222222",
    principalType: "ServicePrincipal",
    roleDefinitionId: \`\${SUB}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635\`,
});
new keyvault.Secret("weird", {
    resourceGroupName: "rg-kv-dev",
    vaultName: vault.name,
    secretName: "Weird_Name",
    properties: { value: pulumi.secret("x-weird-value"), attributes: { notBefore: 1767225600, expires: 1767225600 + 400 * 86400 } },
});
new azuredevops.PipelineAuthorization("all-pipelines", {
    projectId: "00000000-0000-0000-0000-0000000000aa",
    resourceId: "1",
    type: "variablegroup",
});
`,
    },
    {
        // Resource options and an explicit provider: what the analyzer receives in `opts` and `provider`.
        name: "resource-options",
        source: `${HEADER}
import { Provider } from "@pulumi/azure-native/provider";
const provider = new Provider("westeurope", { location: "westeurope" });
new keyvault.Vault("vault", {
    resourceGroupName: "rg-kv-dev",
    vaultName: "kv-app-dev",
    tags: { environment: "dev" },
    properties: { tenantId: TENANT, sku: { family: "A", name: "standard" }, enableRbacAuthorization: true, enablePurgeProtection: false },
}, {
    provider,
    protect: true,
    ignoreChanges: ["tags"],
    deleteBeforeReplace: true,
    aliases: [{ name: "old-vault" }],
    customTimeouts: { create: "30m", delete: "1h" },
    additionalSecretOutputs: ["properties"],
});
`,
    },
];

/** Writes a corpus program as a Pulumi project (stack `dev`) in a temporary directory; returns the directory. */
export function writeProgram(program: CorpusProgram): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kv-conformance-${program.name}-`));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${program.name}\nruntime: nodejs\n`);
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
    fs.writeFileSync(path.join(dir, "index.ts"), program.source);
    return dir;
}
