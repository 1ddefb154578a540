import { z } from "zod";
import { DEFAULTS, DEVOPS_DEFAULTS } from "../defaults";
import { ipRuleProblem, SUBNET_ID_PATTERN } from "../network";
import { EXTRA_ROLE_NAMES } from "../roles";
import { AZURE_DEVOPS_GEOGRAPHIES } from "../data/azureDevOpsIpRanges";
import { boolean, ENVIRONMENT_PATTERN, guid, integer, list, object, oneOf, RESOURCE_GROUP_PATTERN, SECRET_NAME_PATTERN, WORKSPACE_ID_PATTERN } from "./primitives";

/*
 * The shape of each config section (one value at a time). Rules that span keys live in `rules.ts`; the primitives
 * and the name patterns in `primitives.ts`.
 */
const networkSchema = object(
    {
        defaultAction: oneOf(["Deny", "Allow"], "Deny").default(DEFAULTS.vault.network.defaultAction),
        bypass: oneOf(["AzureServices", "None"], "AzureServices").default(DEFAULTS.vault.network.bypass),
        ipRules: list(
            z.string({ error: "a public IPv4 address or CIDR range such as 20.37.158.0/23. Fix: correct the entry in Pulumi.<stack>.yaml" }).superRefine((rule, ctx) => {
                const problem = ipRuleProblem(rule);
                if (problem) {
                    ctx.addIssue({
                        code: "custom",
                        message: `a public IPv4 address or CIDR range; this one ${problem}. Fix: replace it with the public egress address or range to allow`,
                    });
                }
            }),
            "public IPv4 addresses or CIDR ranges",
        ).default([]),
        subnetIds: list(
            z.string().regex(SUBNET_ID_PATTERN, {
                error: "a subnet resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>). Fix: copy the subnet's ID from `az network vnet subnet show --query id`",
            }),
            "subnet resource IDs",
        ).default([]),
    },
    "defaultAction, bypass, ipRules, subnetIds",
);

const vaultSchema = object(
    {
        sku: oneOf(["standard", "premium"], "premium").default(DEFAULTS.vault.sku),
        softDeleteRetentionDays: integer(7, 90, "pulumi config set --path '{path}' 90").default(DEFAULTS.vault.softDeleteRetentionDays),
        purgeProtection: boolean("pulumi config set --path '{path}' true").default(DEFAULTS.vault.purgeProtection),
        publicNetworkAccess: oneOf(["Enabled", "Disabled"], "Disabled").default(DEFAULTS.vault.publicNetworkAccess),
        network: networkSchema.default(() => networkSchema.parse({})),
    },
    "sku, softDeleteRetentionDays, purgeProtection, publicNetworkAccess, network",
);

const diagnosticsSchema = object(
    {
        workspaceId: z
            .string()
            .regex(WORKSPACE_ID_PATTERN, {
                error: "a Log Analytics workspace resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>), or unset to create one. Fix: pulumi config set --path '{path}' <workspace resource ID>",
            })
            .optional(),
        retentionDays: integer(30, 730, "pulumi config set --path '{path}' 90").default(DEFAULTS.diagnostics.retentionDays),
    },
    "workspaceId, retentionDays",
);

export const SECRET_SOURCES = ["config", "generate", "external"] as const;
/** How the rotation function renews a secret: a new random value, a new database password, or not at all. */
export const ROTATION_STRATEGIES = ["none", "regenerate", "postgres"] as const;
export type SecretSource = (typeof SECRET_SOURCES)[number];

const secretSchema = object(
    {
        name: z
            .string({ error: "a kebab-case secret name such as db-password. Fix: set `name` on this entry" })
            .max(127, { error: "at most 127 characters (a Key Vault limit). Fix: shorten the name" })
            .regex(SECRET_NAME_PATTERN, {
                error: "kebab-case: lowercase letters and digits in groups joined by single hyphens (^[a-z0-9]+(-[a-z0-9]+)*$). Fix: rename it, e.g. db-password",
            }),
        source: oneOf(SECRET_SOURCES, "generate").default(DEFAULTS.secret.source),
        length: integer(32, 512, "pulumi config set --path '{path}' 64").optional(),
        contentType: z
            .string({ error: "a MIME type such as text/plain. Fix: pulumi config set --path '{path}' text/plain" })
            .min(1, { error: "a MIME type such as text/plain. Fix: pulumi config set --path '{path}' text/plain" })
            .max(255, { error: "at most 255 characters. Fix: shorten it" })
            .default(DEFAULTS.secret.contentType),
        expiresInDays: integer(1, 365, "pulumi config set --path '{path}' 90").default(DEFAULTS.secret.expiresInDays),
        rotation: oneOf(ROTATION_STRATEGIES, "regenerate").default("none"),
        /**
         * `external` only: the secret already exists in the vault when the deployment runs (set it first with
         * `az keyvault secret set`). Only then may a variable group link it: Azure DevOps lists the vault's secrets
         * when it creates the group. Default false.
         */
        preexisting: boolean("pulumi config set --path '{path}' true").default(false),
    },
    "name, source, length, contentType, expiresInDays, rotation, preexisting",
);

/** Private IPv4 ranges a rotation VNet may use (RFC 1918). */
const PRIVATE_CIDR = /^(10\.\d{1,3}|172\.(1[6-9]|2\d|3[01])|192\.168)\.\d{1,3}\.\d{1,3}\/(1[6-9]|2[0-6])$/;

const rotationSchema = object(
    {
        enabled: boolean("pulumi config set --path '{path}' true").default(DEFAULTS.rotation.enabled),
        addressPrefix: z
            .string()
            .regex(PRIVATE_CIDR, {
                error: "a private (RFC 1918) IPv4 range from /16 to /26 for the rotation function's subnet, e.g. 10.42.0.0/26. Fix: pulumi config set --path '{path}' 10.42.0.0/26",
            })
            .default(DEFAULTS.rotation.addressPrefix),
    },
    "enabled, addressPrefix",
);

const principalTypeSchema = oneOf(["User", "Group", "ServicePrincipal"], "Group");

const officerSchema = z.union(
    [
        guid("an object ID").transform((principalId) => ({ principalId, principalType: "Group" as const })),
        object({ principalId: guid("an object ID"), principalType: principalTypeSchema.default("Group") }, "principalId, principalType"),
    ],
    { error: "an object ID (GUID) or { principalId, principalType }. Fix: correct the entry in Pulumi.<stack>.yaml" },
);

const extraRoleSchema = object(
    {
        principalId: guid("an object ID"),
        principalType: principalTypeSchema.default("ServicePrincipal"),
        role: oneOf(EXTRA_ROLE_NAMES, "Key Vault Secrets User"),
    },
    "principalId, principalType, role",
);

const accessSchema = object(
    {
        pipelinePrincipalId: guid("the object ID of the service connection's service principal (not its application/client ID)").optional(),
        secretsOfficers: list(officerSchema, "object IDs").default([]),
        extraRoles: list(extraRoleSchema, "{ principalId, role } entries").default([]),
    },
    "pipelinePrincipalId, secretsOfficers, extraRoles",
);

const tagsSchema = z
    .record(
        z.string().min(1).max(512).regex(/^[^<>%&\\?/]+$/, { error: "a tag name of 1–512 characters without < > % & \\ ? /. Fix: rename the tag" }),
        z.string({ error: "a string of at most 256 characters. Fix: quote the value in Pulumi.<stack>.yaml" }).max(256, {
            error: "a string of at most 256 characters. Fix: shorten the value",
        }),
        { error: "a map of tag names to strings. Fix: write it as a YAML map in Pulumi.<stack>.yaml" },
    )
    .default({});


/** `https://dev.azure.com/<organization>`: letters, digits and hyphens, starting and ending with a letter or digit. */
export const ORGANIZATION_URL_PATTERN = /^https:\/\/dev\.azure\.com\/[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/?$/;
/** Variable group names: they are part of resource names, so letters, digits, `.`, `_` and `-` only. */
export const VARIABLE_GROUP_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

const serviceConnectionSchema = object(
    {
        mode: oneOf(["create", "existing"], "create").default(DEVOPS_DEFAULTS.serviceConnectionMode),
        name: z
            .string({ error: "a service connection name such as kv-staging. Fix: pulumi config set --path '{path}' kv-<environment>" })
            .regex(/^\S(?:.*\S)?$/, { error: "a non-empty service connection name without leading or trailing spaces. Fix: pulumi config set --path '{path}' kv-<environment>" })
            .optional(),
        subscriptionName: z
            .string({ error: "the display name of the Azure subscription. Fix: pulumi config set --path '{path}' <name>" })
            .regex(/^\S(?:.*\S)?$/, { error: "a non-empty subscription display name. Fix: pulumi config set --path '{path}' <name>" })
            .optional(),
        id: guid("the existing service connection's ID").optional(),
        principalObjectId: guid("the object ID of the existing service connection's service principal (Entra ID > Enterprise applications > Object ID)").optional(),
        applicationId: guid("the application (client) ID of the existing service connection's service principal").optional(),
    },
    "mode, name, subscriptionName, id, principalObjectId, applicationId",
);

const variableGroupSchema = object(
    {
        name: z
            .string({ error: "a variable group name such as payments-staging. Fix: set `name` on this entry" })
            .regex(VARIABLE_GROUP_NAME_PATTERN, {
                error: "letters, digits, '.', '_' and '-', starting and ending with a letter or digit (it is part of resource names). Fix: rename it, e.g. payments-staging",
            }),
        description: z.string({ error: "a one-line description. Fix: quote it in Pulumi.<stack>.yaml" }).optional(),
        secrets: list(
            z.string({ error: "a secret name from `secrets`, e.g. db-password. Fix: write the name as a string" }),
            "secret names from `secrets`",
        ).default([]),
        pipelines: list(
            integer(1, 2147483647, "use the numeric ID of the pipeline definition (the definitionId in its URL)"),
            "pipeline definition IDs",
        ).default([]),
    },
    "name, description, secrets, pipelines",
);

/** An approver as people know them: an Azure DevOps group `[Project]\\Group name` (or `[Organization]\\...`), or a user's e-mail. */
export const APPROVER_GROUP_PATTERN = /^\[[^\]\\]+\]\\\S(?:.*\S)?$/;
export const APPROVER_EMAIL_PATTERN = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const approverSchema = z
    .string({ error: "a group as `[Project]\\Group name` or a user's e-mail. Fix: pulumi config set --path '{path}' '[payments]\\Release Approvers'" })
    .refine((v) => APPROVER_GROUP_PATTERN.test(v) || APPROVER_EMAIL_PATTERN.test(v), {
        error: "a group as `[Project]\\Group name` or a user's e-mail, resolved to its Azure DevOps identity (checks reject Entra object IDs with \"The following identities are invalid\": https://github.com/microsoft/terraform-provider-azuredevops/issues/864). Fix: pulumi config set --path '{path}' '[payments]\\Release Approvers'",
    });

const approvalsSchema = object(
    {
        approvers: list(approverSchema, "groups ([Project]\\Group name) or users' e-mails").default([]),
        timeoutMinutes: integer(1, 43200, "pulumi config set --path '{path}' 1440").default(DEVOPS_DEFAULTS.approvalTimeoutMinutes),
    },
    "approvers, timeoutMinutes",
);

const devopsObjectSchema = object(
    {
        organizationUrl: z
            .string({ error: "required: the organization URL, https://dev.azure.com/<organization>. Fix: pulumi config set --path '{path}' https://dev.azure.com/<organization>" })
            .regex(ORGANIZATION_URL_PATTERN, {
                error: "https://dev.azure.com/<organization> (letters, digits and hyphens). Fix: pulumi config set --path '{path}' https://dev.azure.com/<organization>",
            }),
        project: z
            .string({ error: "required: the name of an existing Azure DevOps project. Fix: pulumi config set --path '{path}' <project>" })
            .regex(/^\S(?:.*\S)?$/, { error: "the name of an existing Azure DevOps project (non-empty, no leading or trailing spaces). Fix: pulumi config set --path '{path}' <project>" }),
        serviceConnection: serviceConnectionSchema.default(() => serviceConnectionSchema.parse({})),
        allowedIpRanges: list(
            z.string({ error: "an Azure DevOps IPv4 range such as 20.37.158.0/23. Fix: correct the entry in Pulumi.<stack>.yaml" }).superRefine((rule, ctx) => {
                const problem = ipRuleProblem(rule);
                if (problem) {
                    ctx.addIssue({
                        code: "custom",
                        message: `a public IPv4 address or CIDR range; this one ${problem}. Fix: use a range published for Azure DevOps in your organization's region`,
                    });
                }
            }),
            "Azure DevOps IPv4 ranges that are also in vault.network.ipRules",
        ).default([]),
        variableGroups: list(variableGroupSchema, "{ name, description, secrets, pipelines } entries").default([]),
        approvals: approvalsSchema.optional(),
        /** The organization's Azure DevOps geography (Organization settings > Overview > Region): its published inbound ranges must be in allowedIpRanges. */
        geography: oneOf(AZURE_DEVOPS_GEOGRAPHIES, "Europe").optional(),
    },
    "organizationUrl, project, serviceConnection, allowedIpRanges, variableGroups, approvals, geography",
);

/** `devops` is optional as a whole; an empty map (Pulumi.yaml's default) means "not configured". */
const devopsSchema = z.preprocess(
    (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0 ? undefined : v),
    devopsObjectSchema.optional(),
);

/** The keys this project reads from its config namespace (plus `azure-native:location`). */
export const CONFIG_KEYS = ["environment", "resourceGroupName", "vault", "diagnostics", "secrets", "access", "devops", "rotation", "tags", "secretValues"] as const;

export const configSchema = z
    .strictObject({
        environment: z
            .string({ error: "required: 2–12 lowercase letters and digits, e.g. staging. Fix: pulumi config set environment staging" })
            .regex(ENVIRONMENT_PATTERN, { error: "2–12 lowercase letters and digits, e.g. staging. Fix: pulumi config set environment <name>" }),
        location: z
            .string({ error: "required: an Azure region such as westeurope. Fix: pulumi config set azure-native:location westeurope" })
            .regex(/^[a-z][a-z0-9]+$/, { error: "an Azure region name such as westeurope (lowercase, no spaces). Fix: pulumi config set azure-native:location westeurope" }),
        resourceGroupName: z
            .string()
            .regex(RESOURCE_GROUP_PATTERN, {
                error: "an existing resource group's name (1–90 letters, digits, _ - . ( ), not ending in a period), or unset to create one. Fix: pulumi config set resourceGroupName <name>",
            })
            .optional(),
        vault: vaultSchema.default(() => vaultSchema.parse({})),
        diagnostics: diagnosticsSchema.default(() => diagnosticsSchema.parse({})),
        secrets: list(secretSchema, "{ name, source, length, contentType, expiresInDays } entries").default([]),
        access: accessSchema.default(() => accessSchema.parse({})),
        devops: devopsSchema,
        rotation: rotationSchema.default(() => rotationSchema.parse({})),
        tags: tagsSchema,
        /** Names of the `secretValues.<name>` keys that are set (values are never read here). */
        secretValueNames: z.array(z.string()).default([]),
    });

/** The raw config as read from Pulumi (before validation). */
export type RawConfig = z.input<typeof configSchema>;
/** The validated config, with every default applied. */
export type StackConfig = z.output<typeof configSchema>;
export type SecretConfig = StackConfig["secrets"][number];
export type NetworkConfig = StackConfig["vault"]["network"];
