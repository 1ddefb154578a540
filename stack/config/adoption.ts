import { z } from "zod";
import { parseVaultId, VAULT_RESOURCE_ID_PATTERN } from "../adoption";
import { VAULT_NAME_PATTERN } from "../names";
import { PRODUCTION } from "../defaults";
import { expectation, RuleIssue } from "./problems";
import { asArray, asRecord, guid, integer, list, object } from "./primitives";

/*
 * The `vault.name` key and the `adopt` section (stack/adoption.ts says what adoption does). Kept apart from schema.ts,
 * which only references these schemas.
 */

/**
 * A fixed vault name (`vault.name`): Key Vault's rule, 3–24 characters, letters, digits and hyphens, starting with a
 * letter, ending with a letter or digit, no consecutive hyphens
 * (https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftkeyvault).
 * Vault names are global: a fixed name is for a vault that exists (adoption) or one the team names by convention.
 */
export const vaultNameSchema = z
    .string({ error: expectation("a vault name such as kv-payments-prod", "pulumi config set --path '{path}' kv-<project>-<environment>") })
    .regex(VAULT_NAME_PATTERN, {
        error: expectation(
            "a Key Vault name: 3–24 letters, digits and hyphens, starting with a letter, ending with a letter or digit, no consecutive hyphens",
            "pulumi config set --path '{path}' kv-<project>-<environment>",
        ),
    });

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const adoptedSecretSchema = object(
    {
        name: z.string({ error: expectation("the name of a secret in `secrets` (source external)", "set `name` on this entry") }),
        expires: z
            .string({ error: expectation("the secret's expiry as `az keyvault secret list` shows it (attributes.expires), e.g. 2027-01-31T00:00:00+00:00", "copy attributes.expires, or leave it out when the secret has none") })
            .regex(RFC3339, { error: expectation("an RFC 3339 date-time such as 2027-01-31T00:00:00+00:00", "copy attributes.expires from `az keyvault secret list`") })
            .optional(),
    },
    "name, expires",
);

const PERMISSIONS = expectation("a list of access-policy permission names (get, list, set, ...)", "copy properties.accessPolicies[].permissions from `az keyvault show`");
const permissionList = z.array(z.string({ error: PERMISSIONS }), { error: PERMISSIONS }).default([]);

/** One access policy of the adopted vault, as `az keyvault show` lists it in properties.accessPolicies. */
const accessPolicySchema = object(
    {
        objectId: guid("the access policy's objectId"),
        tenantId: guid("the access policy's tenantId").optional(),
        applicationId: guid("the access policy's applicationId (compound identity)").optional(),
        permissions: object(
            { keys: permissionList, secrets: permissionList, certificates: permissionList, storage: permissionList },
            "keys, secrets, certificates, storage",
        ).default({ keys: [], secrets: [], certificates: [], storage: [] }),
    },
    "objectId, tenantId, applicationId, permissions",
);

/**
 * The vault as `az keyvault show` reported it when it was adopted: what the plan measures the drift on adoption day
 * against (tools/adopt/drift.ts). Written by `npm run adopt`; informative only, never an input.
 */
const observedVaultSchema = object(
    {
        sku: z.string().optional(),
        enableRbacAuthorization: z.boolean().optional(),
        enableSoftDelete: z.boolean().optional(),
        enablePurgeProtection: z.boolean().optional(),
        softDeleteRetentionInDays: z.number().optional(),
        publicNetworkAccess: z.string().optional(),
        defaultAction: z.string().optional(),
        bypass: z.string().optional(),
        ipRules: z.array(z.string()).optional(),
        subnetIds: z.array(z.string()).optional(),
        enabledForDeployment: z.boolean().optional(),
        enabledForDiskEncryption: z.boolean().optional(),
        enabledForTemplateDeployment: z.boolean().optional(),
    },
    "sku, enableRbacAuthorization, enableSoftDelete, enablePurgeProtection, softDeleteRetentionInDays, publicNetworkAccess, defaultAction, bypass, ipRules, subnetIds, enabledForDeployment, enabledForDiskEncryption, enabledForTemplateDeployment",
);

/** A variable group as `az pipelines variable-group show` reported it at adoption (drift report only, never applied). */
const observedGroupSchema = object(
    {
        description: z.string().optional(),
        vault: z.string().optional(),
        serviceEndpointId: z.string().optional(),
        variables: z.array(z.string()).optional(),
    },
    "description, vault, serviceEndpointId, variables",
);

export const adoptSchema = object(
    {
        vaultId: z
            .string({ error: expectation("the vault's resource ID", "pulumi config set --path '{path}' \"$(az keyvault show --name <vault> --query id -o tsv)\"") })
            .regex(VAULT_RESOURCE_ID_PATTERN, {
                error: expectation(
                    "a Key Vault resource ID: /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>",
                    "pulumi config set --path '{path}' \"$(az keyvault show --name <vault> --query id -o tsv)\"",
                ),
            })
            .optional(),
        observedVault: observedVaultSchema.optional(),
        accessPolicies: list(accessPolicySchema, "access policies ({ objectId, permissions })").default([]),
        secrets: list(adoptedSecretSchema, "{ name, expires } entries").default([]),
        projectId: guid("the Azure DevOps project's ID").optional(),
        variableGroups: z
            .record(
                z.string(),
                integer(1, 2147483647, "use the group's numeric ID (`az pipelines variable-group list --query \"[].{id:id,name:name}\"`)"),
                { error: expectation("a map of variable group names (from devops.variableGroups) to their numeric IDs", "write it as a YAML map in Pulumi.<stack>.yaml") },
            )
            .default({}),
        observedVariableGroups: z
            .record(z.string(), observedGroupSchema, { error: expectation("a map of variable group names to what az showed", "write it as a YAML map in Pulumi.<stack>.yaml") })
            .optional(),
        serviceConnectionId: guid("the service connection's ID").optional(),
        environmentId: integer(1, 2147483647, "use the environment's numeric ID (the environmentId in its URL)").optional(),
    },
    "vaultId, observedVault, accessPolicies, secrets, projectId, variableGroups, observedVariableGroups, serviceConnectionId, environmentId",
);

export type AdoptConfig = z.output<typeof adoptSchema>;
export type AdoptedAccessPolicy = AdoptConfig["accessPolicies"][number];

/**
 * Rules of the `adopt` section that span keys: what is adopted must be what the stack declares, under the same name
 * (an import of a resource whose identity differs from the program's would be a replacement, not an adoption).
 */
export function adoptionIssues(rawInput: unknown): RuleIssue[] {
    const raw = asRecord(rawInput);
    if (raw.adopt === undefined) {
        return [];
    }
    const adopt = asRecord(raw.adopt);
    const issues: RuleIssue[] = [];
    const vault = asRecord(raw.vault);
    const vaultId = typeof adopt.vaultId === "string" ? parseVaultId(adopt.vaultId) : undefined;
    if (vaultId) {
        if (typeof vault.name !== "string" || vault.name.toLowerCase() !== vaultId.vaultName.toLowerCase()) {
            issues.push({
                path: ["vault", "name"],
                expected: `the adopted vault's name, ${vaultId.vaultName} (adopt.vaultId names it; a generated or different name would create a new vault instead)`,
                fix: `pulumi config set --path '{path}' ${vaultId.vaultName}`,
            });
        }
        if (typeof raw.resourceGroupName !== "string" || raw.resourceGroupName.toLowerCase() !== vaultId.resourceGroupName.toLowerCase()) {
            issues.push({
                path: ["resourceGroupName"],
                expected: `the adopted vault's resource group, ${vaultId.resourceGroupName} (adopt.vaultId is in it; the stack would otherwise look for the vault in another group)`,
                fix: `pulumi config set resourceGroupName ${vaultId.resourceGroupName}`,
            });
        }
    }
    const secrets = asArray(raw.secrets).map(asRecord);
    const seen = new Set<string>();
    asArray(adopt.secrets)
        .map(asRecord)
        .forEach((entry, i) => {
            const name = entry.name;
            if (typeof name !== "string") {
                return;
            }
            if (adopt.vaultId === undefined) {
                issues.push({
                    path: ["adopt", "secrets", i],
                    expected: "adopted only with the vault that holds it: adopt.vaultId set (a secret's import ID is <vaultId>/secrets/<name>)",
                    fix: "pulumi config set --path 'adopt.vaultId' \"$(az keyvault show --name <vault> --query id -o tsv)\"",
                });
            }
            if (seen.has(name.toLowerCase())) {
                issues.push({ path: ["adopt", "secrets", i, "name"], expected: "listed once (Key Vault names are case-insensitive)", fix: "remove the duplicate" });
            }
            seen.add(name.toLowerCase());
            const index = secrets.findIndex((s) => s.name === name);
            const secret = secrets[index];
            if (!secret) {
                issues.push({
                    path: ["adopt", "secrets", i, "name"],
                    expected: `the exact name of a secret in \`secrets\` (known: ${secrets.map((s) => String(s.name)).join(", ") || "none"})`,
                    fix: `add { name: ${name}, source: external, preexisting: true } to secrets`,
                });
            } else if (secret.source !== "external") {
                issues.push({
                    path: ["secrets", index, "source"],
                    expected: `external for an adopted secret (${name} is in adopt.secrets: the stack takes it over without writing its value; a config or generated source would write a new version on the first \`pulumi up\`)`,
                    fix: `pulumi config set --path '{path}' external (after the adoption, switch it to config or generate to let the stack write its value)`,
                });
            }
        });
    const devops = asRecord(raw.devops);
    const groupNames = asArray(devops.variableGroups).map((g) => asRecord(g).name);
    for (const name of Object.keys(asRecord(adopt.variableGroups))) {
        if (!groupNames.includes(name)) {
            issues.push({
                path: ["adopt", "variableGroups", name],
                expected: `the name of a group in devops.variableGroups, exactly (known: ${groupNames.map(String).join(", ") || "none"})`,
                fix: `add { name: ${name}, secrets: [...], pipelines: [...] } to devops.variableGroups, or remove it here`,
            });
        }
    }
    const mode = asRecord(devops.serviceConnection).mode ?? "create";
    if (adopt.serviceConnectionId !== undefined && mode !== "create") {
        issues.push({
            path: ["adopt", "serviceConnectionId"],
            expected: "unset with devops.serviceConnection.mode existing (the stack only reads an existing connection; nothing to import)",
            fix: "pulumi config rm --path '{path}'",
        });
    }
    if (adopt.environmentId !== undefined) {
        if (devops.approvals === undefined) {
            issues.push({
                path: ["adopt", "environmentId"],
                expected: "set only with devops.approvals (the stack manages the Azure DevOps environment only to put the approval check on it)",
                fix: "pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers', or pulumi config rm --path '{path}'",
            });
        }
        if (adopt.projectId === undefined) {
            issues.push({
                path: ["adopt", "projectId"],
                expected: "the project's ID (a GUID) when adopting an environment (its import ID is <projectId>/<environmentId>)",
                fix: "pulumi config set --path '{path}' \"$(az devops project show --project <project> --query id -o tsv)\"",
            });
        }
    }
    if (raw.environment === PRODUCTION && asArray(adopt.accessPolicies).length > 0 && asArray(asRecord(raw.access).extraRoles).length === 0 && asArray(asRecord(raw.access).secretsOfficers).length === 0) {
        issues.push({
            path: ["access"],
            expected: "role assignments for the adopted vault's access-policy principals in production (the stack turns RBAC on, which cuts every access-policy principal off): see `npm run preflight` (access-policy-migration)",
            fix: "add the access.extraRoles / access.secretsOfficers entries preflight prints",
        });
    }
    return issues;
}
