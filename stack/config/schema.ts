import { z } from "zod";
import { expectation } from "./problems";
import { APPROVAL_TIMEOUT_LIMITS, DEFAULTS, DEVOPS_DEFAULTS } from "../defaults";
import { ipRuleProblem, privateRangeProblem, SUBNET_ID_PATTERN } from "../network";
import { VARIABLE_GROUP_NAME_PATTERN } from "../names";
import { adoptSchema, vaultNameSchema } from "./adoption";
import { EXTRA_ROLE_NAMES } from "../roles";
import { AZURE_DEVOPS_GEOGRAPHIES } from "../data/azureDevOpsIpRanges";
import { EC_CURVES, KEY_OPERATIONS, KEY_ROTATION_LIMITS, KEY_TYPES, RSA_KEY_SIZES } from "../keys";
import { boolean, digitsAsNumber, ENVIRONMENT_PATTERN, guid, integer, list, MIME_TYPE_PATTERN, object, oneOf, RESOURCE_GROUP_PATTERN, VAULT_OBJECT_NAME_CHARACTERS, WORKSPACE_ID_PATTERN } from "./primitives";

/*
 * The shape of each config section (one value at a time). Rules that span keys live in `rules.ts`; the primitives
 * and the name patterns in `primitives.ts`.
 */
const networkSchema = object(
    {
        defaultAction: oneOf(["Deny", "Allow"], "Deny").default(DEFAULTS.vault.network.defaultAction),
        bypass: oneOf(["AzureServices", "None"], "AzureServices").default(DEFAULTS.vault.network.bypass),
        ipRules: list(
            z.string({ error: expectation("a public IPv4 address or CIDR range such as 20.37.158.0/23", "correct the entry in Pulumi.<stack>.yaml") }).superRefine((rule, ctx) => {
                const problem = ipRuleProblem(rule);
                if (problem) {
                    ctx.addIssue({
                        code: "custom",
                        message: expectation(`a public IPv4 address or CIDR range; this one ${problem}`, `replace it with the public egress address or range to allow`),
                    });
                }
            }),
            "public IPv4 addresses or CIDR ranges",
        ).default([]),
        subnetIds: list(
            z.string().regex(SUBNET_ID_PATTERN, {
                error: expectation("a subnet resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>)", "copy the subnet's ID from `az network vnet subnet show --query id`"),
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
        name: vaultNameSchema.optional(),
    },
    "sku, softDeleteRetentionDays, purgeProtection, publicNetworkAccess, network, name",
);

const diagnosticsSchema = object(
    {
        workspaceId: z
            .string()
            .regex(WORKSPACE_ID_PATTERN, {
                error: expectation("a Log Analytics workspace resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>), or unset to create one", "pulumi config set --path '{path}' <workspace resource ID>"),
            })
            .optional(),
        retentionDays: integer(30, 730, "pulumi config set --path '{path}' 90").default(DEFAULTS.diagnostics.retentionDays),
    },
    "workspaceId, retentionDays",
);

export const SECRET_SOURCES = ["config", "generate", "external"] as const;
/** How the rotation function renews a secret: a new random value, a new database password, or not at all. */
export const ROTATION_STRATEGIES = ["none", "regenerate", "postgres", "postgres-dual"] as const;

/** PostgreSQL login role names the `postgres-dual` strategy alternates between (unquoted identifiers, ≤ 63 bytes). */
const PG_ROLE = /^[a-z_][a-z0-9_]{0,62}$/;
const ROTATION_ROLES_ERROR =
    "two different PostgreSQL login roles (lowercase identifiers) that take turns, e.g. [app_blue, app_green]. Fix: pulumi config set --path '{path}[0]' app_blue && pulumi config set --path '{path}[1]' app_green";
const rotationRolesSchema = z
    .array(z.string({ error: ROTATION_ROLES_ERROR }).regex(PG_ROLE, { error: ROTATION_ROLES_ERROR }), { error: ROTATION_ROLES_ERROR })
    .length(2, { error: ROTATION_ROLES_ERROR })
    .refine((roles) => roles[0] !== roles[1], { error: ROTATION_ROLES_ERROR });

/** Where rotation failures are sent (an Azure Monitor action group): e-mail addresses and/or one webhook. */
const alertsSchema = object(
    {
        emails: list(
            z.string().regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, { error: expectation("an e-mail address", "pulumi config set --path '{path}' ops@example.com") }),
            "e-mail addresses",
        )
            .max(10, { error: expectation("at most 10 addresses", "use a distribution list") })
            .optional(),
        webhookUrl: z
            .string()
            .regex(/^https:\/\/[^\s]+$/, { error: expectation("an https:// URL", "pulumi config set --secret --path '{path}' https://hooks.example.com/...") })
            .optional(),
    },
    "emails, webhookUrl",
);
export type SecretSource = (typeof SECRET_SOURCES)[number];

/**
 * The name of a vault object (secret, key or certificate): one rule for all three, Key Vault's own: 1–127 letters, digits
 * and hyphens, `^[0-9a-zA-Z-]{1,127}$`, so `db-password` and `DatabaseConnectionString` alike
 * (https://learn.microsoft.com/azure/key-vault/general/about-keys-secrets-certificates#objects-identifiers-and-versioning).
 * Names are case-insensitive in the vault: uniqueness ignoring case is a cross-key rule (rules.ts). A naming convention
 * (kebab-case, PascalCase, ...) is a team's choice, checked by the policy pack's `keyvault-secret-name-convention`
 * (advisory by default, its pattern configurable), not by the config.
 */
export function vaultObjectName(kind: "secret" | "key" | "certificate"): z.ZodString {
    const example = kind === "secret" ? "db-password" : kind === "key" ? "artifact-signing" : "api-tls";
    return z
        .string({ error: expectation(`a ${kind} name such as ${example}`, "set `name` on this entry") })
        .max(127, { error: expectation("at most 127 characters (a Key Vault limit)", "shorten the name") })
        .regex(VAULT_OBJECT_NAME_CHARACTERS, {
            error: expectation("a Key Vault object name: 1–127 letters, digits and hyphens (^[0-9a-zA-Z-]{1,127}$)", `rename it, e.g. ${example}`),
        });
}

const secretSchema = object(
    {
        name: vaultObjectName("secret"),
        source: oneOf(SECRET_SOURCES, "generate").default(DEFAULTS.secret.source),
        length: integer(32, 512, "pulumi config set --path '{path}' 64").optional(),
        contentType: z
            .string({ error: expectation("a MIME type such as text/plain", "pulumi config set --path '{path}' text/plain") })
            .min(1, { error: expectation("a MIME type such as text/plain", "pulumi config set --path '{path}' text/plain") })
            .max(255, { error: expectation("at most 255 characters", "shorten it") })
            .regex(MIME_TYPE_PATTERN, {
                error: expectation("a MIME type (RFC 6838: type/subtype of letters, digits and ! # $ & - ^ _ . +, optional ; name=value parameters) such as text/plain or application/json", "pulumi config set --path '{path}' text/plain"),
            })
            .default(DEFAULTS.secret.contentType),
        expiresInDays: integer(1, 365, "pulumi config set --path '{path}' 90").default(DEFAULTS.secret.expiresInDays),
        rotation: oneOf(ROTATION_STRATEGIES, "regenerate").default("none"),
        rotationRoles: rotationRolesSchema.optional(),
        /**
         * `external` only: the secret already exists in the vault when the deployment runs (set it first with
         * `az keyvault secret set`). Only then may a variable group link it: Azure DevOps lists the vault's secrets
         * when it creates the group. Default false.
         */
        preexisting: boolean("pulumi config set --path '{path}' true").default(false),
    },
    "name, source, length, contentType, expiresInDays, rotation, rotationRoles, preexisting",
);

/** The rotation VNet's address space: checked by `privateRangeProblem` (stack/network.ts). */
const ADDRESS_PREFIX = {
    expected: "a private (RFC 1918) IPv4 range from /16 to /26 for the rotation function's subnet, e.g. 10.42.0.0/26",
    fix: `pulumi config set --path '{path}' ${DEFAULTS.rotation.addressPrefix}`,
} as const;

const rotationSchema = object(
    {
        enabled: boolean("pulumi config set --path '{path}' true").default(DEFAULTS.rotation.enabled),
        addressPrefix: z
            .string({ error: expectation(ADDRESS_PREFIX.expected, ADDRESS_PREFIX.fix) })
            .superRefine((prefix, ctx) => {
                const problem = privateRangeProblem(prefix);
                if (problem) {
                    ctx.addIssue({ code: "custom", message: expectation(`${ADDRESS_PREFIX.expected}; this one ${problem}`, ADDRESS_PREFIX.fix) });
                }
            })
            .default(DEFAULTS.rotation.addressPrefix),
        alerts: alertsSchema.optional(),
    },
    "enabled, addressPrefix, alerts",
);

const principalTypeSchema = oneOf(["User", "Group", "ServicePrincipal"], "Group");

const officerSchema = z.union(
    [
        guid("an object ID").transform((principalId) => ({ principalId, principalType: "Group" as const })),
        object({ principalId: guid("an object ID"), principalType: principalTypeSchema.default("Group") }, "principalId, principalType"),
    ],
    { error: expectation("an object ID (GUID) or { principalId, principalType }", "correct the entry in Pulumi.<stack>.yaml") },
);

const extraRoleSchema = object(
    {
        principalId: guid("an object ID"),
        principalType: principalTypeSchema.default("ServicePrincipal"),
        role: oneOf(EXTRA_ROLE_NAMES, "Key Vault Secrets User"),
    },
    "principalId, principalType, role",
);

/**
 * A principal given a data-plane role on one key or certificate only (role assignment scoped to the object, e.g.
 * `…/vaults/<v>/keys/<k>`): `{ principalId, principalType }`, the type defaulting to ServicePrincipal (a pipeline's identity).
 */
export const objectUserSchema = object(
    {
        principalId: guid("an object ID"),
        principalType: principalTypeSchema.default("ServicePrincipal"),
    },
    "principalId, principalType",
);

/**
 * The identity that runs `pulumi up`: it creates certificates on the vault's data plane, so with `certificates` the
 * stack grants it Key Vault Certificates Officer on the vault. `principalId` defaults to the deploying credentials'
 * object ID (azure-native getClientConfig); `principalType` must match it (ARM rejects a mismatch).
 */
const deployerSchema = object(
    {
        principalId: guid("the object ID of the identity that runs pulumi up").optional(),
        principalType: principalTypeSchema.default("ServicePrincipal"),
    },
    "principalId, principalType",
);

const accessSchema = object(
    {
        pipelinePrincipalId: guid("the object ID of the service connection's service principal (not its application/client ID)").optional(),
        secretsOfficers: list(officerSchema, "object IDs").default([]),
        extraRoles: list(extraRoleSchema, "{ principalId, role } entries").default([]),
        deployer: deployerSchema.optional(),
    },
    "pipelinePrincipalId, secretsOfficers, extraRoles, deployer",
);

const tagsSchema = z
    .record(
        z.string().min(1).max(512).regex(/^[^<>%&\\?/]+$/, { error: expectation("a tag name of 1–512 characters without < > % & \\ ? /", "rename the tag") }),
        z.string({ error: expectation("a string of at most 256 characters", "quote the value in Pulumi.<stack>.yaml") }).max(256, {
            error: expectation("a string of at most 256 characters", "shorten the value"),
        }),
        { error: expectation("a map of tag names to strings", "write it as a YAML map in Pulumi.<stack>.yaml") },
    )
    .default({});


/** `https://dev.azure.com/<organization>`: letters, digits and hyphens, starting and ending with a letter or digit. */
export const ORGANIZATION_URL_PATTERN = /^https:\/\/dev\.azure\.com\/[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/?$/;

const serviceConnectionSchema = object(
    {
        mode: oneOf(["create", "existing"], "create").default(DEVOPS_DEFAULTS.serviceConnectionMode),
        name: z
            .string({ error: expectation("a service connection name such as kv-staging", "pulumi config set --path '{path}' kv-<environment>") })
            .regex(/^\S(?:.*\S)?$/, { error: expectation("a non-empty service connection name without leading or trailing spaces", "pulumi config set --path '{path}' kv-<environment>") })
            .optional(),
        subscriptionName: z
            .string({ error: expectation("the display name of the Azure subscription", "pulumi config set --path '{path}' <name>") })
            .regex(/^\S(?:.*\S)?$/, { error: expectation("a non-empty subscription display name", "pulumi config set --path '{path}' <name>") })
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
            .string({ error: expectation("a variable group name such as payments-staging", "set `name` on this entry") })
            .regex(VARIABLE_GROUP_NAME_PATTERN, {
                error: expectation("letters, digits, '.', '_' and '-', starting and ending with a letter or digit (it is part of resource names)", "rename it, e.g. payments-staging"),
            }),
        description: z.string({ error: expectation("a one-line description", "quote it in Pulumi.<stack>.yaml") }).optional(),
        secrets: list(
            z.string({ error: expectation("a secret name from `secrets`, e.g. db-password", "write the name as a string") }),
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
        timeoutMinutes: integer(APPROVAL_TIMEOUT_LIMITS.min, APPROVAL_TIMEOUT_LIMITS.max, `pulumi config set --path '{path}' ${DEVOPS_DEFAULTS.approvalTimeoutMinutes}`).default(
            DEVOPS_DEFAULTS.approvalTimeoutMinutes,
        ),
        pipelines: list(
            integer(1, 2147483647, "use the numeric ID of the pipeline definition that runs pipelines/infra-deploy.yml (the definitionId in its URL)"),
            "pipeline definition IDs",
        ).default([]),
    },
    "approvers, timeoutMinutes, pipelines",
);

/** devops.prGate: the PR pipeline's definition and blocking build-validation policy on an Azure Repos Git repository. */
const prGateSchema = object(
    {
        repository: z
            .string({ error: expectation("required: the name of the Azure Repos Git repository in devops.project that holds this code", "pulumi config set --path '{path}' <repository>") })
            .regex(/^[^\s/\\][^/\\\u0000-\u001f]*$/, { error: expectation("an Azure Repos Git repository name (no slashes, no leading space)", "pulumi config set --path '{path}' <repository>") }),
        branch: z
            .string({ error: expectation("a branch name such as main", "pulumi config set --path '{path}' main") })
            .regex(/^(?!refs\/|\/|-)(?!.*(?:\.\.|@\{|\/\/|\/$|\.lock$|\.$))[^\s~^:?*[\\\u0000-\u001f\u007f]+$/, { error: expectation("a branch name without refs/heads/, such as main", "pulumi config set --path '{path}' main") })
            .default(DEVOPS_DEFAULTS.prGate.branch),
        yamlPath: z
            .string({ error: expectation("the PR pipeline's YAML file, e.g. pipelines/infra-pr.yml", "pulumi config set --path '{path}' pipelines/infra-pr.yml") })
            .regex(/^[^/\\\u0000-\u001f][^\\\u0000-\u001f]*\.ya?ml$/, { error: expectation("a relative path to a .yml or .yaml file, e.g. pipelines/infra-pr.yml", "pulumi config set --path '{path}' pipelines/infra-pr.yml") })
            .default(DEVOPS_DEFAULTS.prGate.yamlPath),
        pipelineName: z
            .string({ error: expectation("a pipeline name such as keyvault-devops-pr", "pulumi config set --path '{path}' keyvault-devops-pr") })
            .regex(/^[^\s\\/:*?"<>|\u0000-\u001f][^\\/:*?"<>|\u0000-\u001f]{0,254}$/, { error: "a pipeline name of up to 255 characters without \\ / : * ? \" < > |. Fix: pulumi config set --path '{path}' keyvault-devops-pr" })
            .default(DEVOPS_DEFAULTS.prGate.pipelineName),
        validDurationMinutes: integer(0, 525600, "pulumi config set --path '{path}' 720 (0: a passing run never expires)").default(DEVOPS_DEFAULTS.prGate.validDurationMinutes),
        serviceConnections: list(
            z
                .string({ error: expectation("the name of a service connection the PR pipeline uses, e.g. pulumi-preview-staging", "pulumi config set --path '{path}' pulumi-preview-staging") })
                .regex(/^\S(?:.*\S)?$/, {
                    error: expectation("a non-empty service connection name without leading or trailing spaces", "pulumi config set --path '{path}' pulumi-preview-staging"),
                }),
            "names of the service connections the PR pipeline uses",
        ).default([]),
    },
    "repository, branch, yamlPath, pipelineName, validDurationMinutes, serviceConnections",
);

const devopsObjectSchema = object(
    {
        organizationUrl: z
            .string({ error: expectation("required: the organization URL, https://dev.azure.com/<organization>", "pulumi config set --path '{path}' https://dev.azure.com/<organization>") })
            .regex(ORGANIZATION_URL_PATTERN, {
                error: expectation("https://dev.azure.com/<organization> (letters, digits and hyphens)", "pulumi config set --path '{path}' https://dev.azure.com/<organization>"),
            }),
        project: z
            .string({ error: expectation("required: the name of an existing Azure DevOps project", "pulumi config set --path '{path}' <project>") })
            .regex(/^\S(?:.*\S)?$/, { error: expectation("the name of an existing Azure DevOps project (non-empty, no leading or trailing spaces)", "pulumi config set --path '{path}' <project>") }),
        serviceConnection: serviceConnectionSchema.default(() => serviceConnectionSchema.parse({})),
        allowedIpRanges: list(
            z.string({ error: expectation("an Azure DevOps IPv4 range such as 20.37.158.0/23", "correct the entry in Pulumi.<stack>.yaml") }).superRefine((rule, ctx) => {
                const problem = ipRuleProblem(rule);
                if (problem) {
                    ctx.addIssue({
                        code: "custom",
                        message: expectation(`a public IPv4 address or CIDR range; this one ${problem}`, `use a range published for Azure DevOps in your organization's region`),
                    });
                }
            }),
            "Azure DevOps IPv4 ranges that are also in vault.network.ipRules",
        ).default([]),
        variableGroups: list(variableGroupSchema, "{ name, description, secrets, pipelines } entries").default([]),
        approvals: approvalsSchema.optional(),
        prGate: prGateSchema.optional(),
        /** The organization's Azure DevOps geography (Organization settings > Overview > Region): its published inbound ranges must be in allowedIpRanges. */
        geography: oneOf(AZURE_DEVOPS_GEOGRAPHIES, "Europe").optional(),
    },
    "organizationUrl, project, serviceConnection, allowedIpRanges, variableGroups, approvals, prGate, geography",
);

/** `devops` is optional as a whole; an empty map (Pulumi.yaml's default) means "not configured". */
const devopsSchema = z.preprocess(
    (v) => (v !== null && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0 ? undefined : v),
    devopsObjectSchema.optional(),
);

/*
 * Keys (`keys[]`): the shape of each entry; the rules between its fields (type vs size/curve, HSM vs SKU and
 * environment, rotation vs expiry) live in `keyRules.ts`, so every problem is reported at once.
 */
const keyRotationSchema = object(
    {
        rotateAfterDays: integer(KEY_ROTATION_LIMITS.minRotateDays, KEY_ROTATION_LIMITS.maxExpiresInDays, `pulumi config set --path '{path}' ${DEFAULTS.key.rotateAfterDays}`).optional(),
        rotateBeforeExpiryDays: integer(KEY_ROTATION_LIMITS.minRotateDays, KEY_ROTATION_LIMITS.maxExpiresInDays, "pulumi config set --path '{path}' 30").optional(),
        notifyBeforeExpiryDays: integer(KEY_ROTATION_LIMITS.minNotifyDays, KEY_ROTATION_LIMITS.maxExpiresInDays, `pulumi config set --path '{path}' ${DEFAULTS.key.notifyBeforeExpiryDays}`).default(
            DEFAULTS.key.notifyBeforeExpiryDays,
        ),
    },
    "rotateAfterDays, rotateBeforeExpiryDays, notifyBeforeExpiryDays",
);

const RSA_SIZE_MESSAGE = expectation(`one of ${RSA_KEY_SIZES.join(" | ")} (RSA key sizes Key Vault creates)`, "pulumi config set --path '{path}' 3072");
const keySchema = object(
    {
        name: vaultObjectName("key"),
        type: oneOf(KEY_TYPES, "RSA-HSM").optional(),
        size: z.preprocess(
            digitsAsNumber,
            z.union(RSA_KEY_SIZES.map((n) => z.literal(n)) as unknown as [z.ZodLiteral<2048>, z.ZodLiteral<3072>, z.ZodLiteral<4096>], { error: RSA_SIZE_MESSAGE }),
        ).optional(),
        curve: oneOf(EC_CURVES, "P-256").optional(),
        operations: list(oneOf(KEY_OPERATIONS, "sign"), "key operations")
            .min(1, { error: expectation("at least one operation", "pulumi config set --path '{path}[0]' sign") })
            .default([...DEFAULTS.key.operations]),
        expiresInDays: integer(KEY_ROTATION_LIMITS.minExpiresInDays, KEY_ROTATION_LIMITS.maxExpiresInDays, `pulumi config set --path '{path}' ${DEFAULTS.key.expiresInDays}`).default(DEFAULTS.key.expiresInDays),
        rotation: keyRotationSchema.default(() => keyRotationSchema.parse({ rotateAfterDays: DEFAULTS.key.rotateAfterDays })),
        users: list(objectUserSchema, "{ principalId, principalType } entries").default([]),
    },
    "name, type, size, curve, operations, expiresInDays, rotation, users",
);
export const keysSchema = list(keySchema, "{ name, type, size, curve, operations, expiresInDays, rotation, users } entries").default([]);
export type KeyConfig = z.output<typeof keySchema>;

/**
 * certificates[]: TLS certificates Key Vault issues and renews itself (components/vaultCertificates.ts). Limits are
 * Key Vault's certificate policy (https://learn.microsoft.com/rest/api/keyvault/certificates/create-certificate/create-certificate,
 * LifetimeAction: lifetimePercentage 1–99, daysBeforeExpiry 1 to validityInMonths × 27); the cross-key rules
 * (key type vs size/curve, one lifetime action, HSM in production) are in `certificateRules.ts`.
 */
// A certificate's key is a Key Vault key: the same types, RSA sizes and curves as `keys[]` (stack/keys.ts).
export const CERTIFICATE_KEY_TYPES = KEY_TYPES;
export const CERTIFICATE_RSA_KEY_SIZES = RSA_KEY_SIZES;
export const CERTIFICATE_CURVES = EC_CURVES;
export const CERTIFICATE_CONTENT_TYPES = ["pfx", "pem"] as const;
/** Issuer names: Key Vault's object-name characters; `Self` is Key Vault's self-signed issuer. */
export const CERTIFICATE_ISSUER_PATTERN = /^[0-9A-Za-z](?:[0-9A-Za-z-]{0,126})$/;
/** This project's bound on validity (months): 10 years; the policies hold it to 12 by default. */
export const CERTIFICATE_MAX_VALIDITY_MONTHS = 120;

const KEY_SIZE_ERROR = expectation(`one of ${CERTIFICATE_RSA_KEY_SIZES.join(" | ")} (the RSA key sizes Key Vault supports; RSA keys only)`, "pulumi config set --path '{path}' 2048");

const certificateLifetimeActionSchema = object(
    {
        autoRenewAtPercent: integer(1, 99, "pulumi config set --path '{path}' 80").optional(),
        autoRenewDaysBeforeExpiry: integer(1, CERTIFICATE_MAX_VALIDITY_MONTHS * 27, "pulumi config set --path '{path}' 30").optional(),
        emailDaysBeforeExpiry: integer(1, CERTIFICATE_MAX_VALIDITY_MONTHS * 27, "pulumi config set --path '{path}' 30").optional(),
    },
    "exactly one of autoRenewAtPercent, autoRenewDaysBeforeExpiry, emailDaysBeforeExpiry",
);

const certificateSchema = object(
    {
        name: vaultObjectName("certificate"),
        subject: z
            .string({ error: expectation("an X.500 subject such as CN=api.contoso.com", "pulumi config set --path '{path}' CN=<host name>") })
            .regex(/^CN=[^,=\s][^=]*(?:,\s*[A-Za-z]+=[^,=]+)*$/, { error: expectation("an X.500 subject starting with CN=, such as CN=api.contoso.com or CN=api.contoso.com, O=Contoso", "pulumi config set --path '{path}' CN=<host name>") }),
        dnsNames: list(
            z.string({ error: expectation("a DNS name such as api.contoso.com", "correct the entry in Pulumi.<stack>.yaml") }).regex(/^(?:\*\.)?(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, {
                error: expectation("a lowercase DNS name (optionally *. for a wildcard), such as api.contoso.com", "correct the entry in Pulumi.<stack>.yaml"),
            }),
            "DNS names (subject alternative names)",
        ).default([]),
        issuer: z
            .string({ error: expectation("Self, or the name of an issuer registered in the vault", "pulumi config set --path '{path}' Self") })
            .regex(CERTIFICATE_ISSUER_PATTERN, { error: expectation("Self, or the name of an issuer registered in the vault (letters, digits and hyphens)", "pulumi config set --path '{path}' Self") })
            .default(DEFAULTS.certificate.issuer),
        /** An integrated CA's issuer (`issuer` other than Self) exists in the vault: `az keyvault certificate issuer create` first. */
        issuerRegistered: boolean("pulumi config set --path '{path}' true").default(false),
        validityInMonths: integer(1, CERTIFICATE_MAX_VALIDITY_MONTHS, `pulumi config set --path '{path}' ${DEFAULTS.certificate.validityInMonths}`).default(DEFAULTS.certificate.validityInMonths),
        /** Default: RSA-HSM in production, RSA elsewhere (the component resolves it). */
        keyType: oneOf(CERTIFICATE_KEY_TYPES, "RSA-HSM").optional(),
        keySize: z
            .preprocess(
                digitsAsNumber,
                z.number({ error: KEY_SIZE_ERROR }).refine((n) => (CERTIFICATE_RSA_KEY_SIZES as readonly number[]).includes(n), { error: KEY_SIZE_ERROR }),
            )
            .optional(),
        curve: oneOf(CERTIFICATE_CURVES, "P-256").optional(),
        contentType: oneOf(CERTIFICATE_CONTENT_TYPES, "pfx").default(DEFAULTS.certificate.contentType),
        lifetimeAction: certificateLifetimeActionSchema.default(() => ({ ...DEFAULTS.certificate.lifetimeAction })),
        users: list(objectUserSchema, "{ principalId, principalType } entries").default([]),
    },
    "name, subject, dnsNames, issuer, issuerRegistered, validityInMonths, keyType, keySize, curve, contentType, lifetimeAction, users",
);

/** The keys this project reads from its config namespace (plus `azure-native:location`). */
export const CONFIG_KEYS = ["environment", "resourceGroupName", "vault", "diagnostics", "secrets", "access", "devops", "rotation", "tags", "secretValues", "keys", "certificates", "adopt"] as const;

export const configSchema = z
    .strictObject({
        environment: z
            .string({ error: expectation("required: 2–12 lowercase letters and digits, e.g. staging", "pulumi config set environment staging") })
            .regex(ENVIRONMENT_PATTERN, { error: expectation("2–12 lowercase letters and digits, e.g. staging", "pulumi config set environment <name>") }),
        location: z
            .string({ error: expectation("required: an Azure region such as westeurope", "pulumi config set azure-native:location westeurope") })
            .regex(/^[a-z][a-z0-9]+$/, { error: expectation("an Azure region name such as westeurope (lowercase, no spaces)", "pulumi config set azure-native:location westeurope") }),
        resourceGroupName: z
            .string()
            .regex(RESOURCE_GROUP_PATTERN, {
                error: expectation("an existing resource group's name (1–90 letters, digits, _ - . ( ), not ending in a period), or unset to create one", "pulumi config set resourceGroupName <name>"),
            })
            .optional(),
        vault: vaultSchema.default(() => vaultSchema.parse({})),
        diagnostics: diagnosticsSchema.default(() => diagnosticsSchema.parse({})),
        secrets: list(secretSchema, "{ name, source, length, contentType, expiresInDays } entries").default([]),
        certificates: list(certificateSchema, "{ name, subject, dnsNames, issuer, ... } entries").default([]),
        access: accessSchema.default(() => accessSchema.parse({})),
        devops: devopsSchema,
        rotation: rotationSchema.default(() => rotationSchema.parse({})),
        tags: tagsSchema,
        keys: keysSchema,
        /** Existing resources the stack takes over with Pulumi's `import` option (stack/config/adoption.ts). */
        adopt: adoptSchema.optional(),
        /** Names of the `secretValues.<name>` keys that are set (values are never read here). */
        secretValueNames: z.array(z.string()).default([]),
    });

/** The raw config as read from Pulumi (before validation). */
export type RawConfig = z.input<typeof configSchema>;
/** The validated config, with every default applied. */
export type StackConfig = z.output<typeof configSchema>;
export type SecretConfig = StackConfig["secrets"][number];
export type NetworkConfig = StackConfig["vault"]["network"];
export type CertificateConfig = StackConfig["certificates"][number];

