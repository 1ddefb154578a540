import { z } from "zod";
import { DEFAULTS, PRODUCTION } from "../defaults";
import { GUID_PATTERN } from "../ids";
import { ipRuleProblem, SUBNET_ID_PATTERN } from "../network";
import { EXTRA_ROLE_NAMES } from "../roles";

/*
 * The stack's config contract. Every error message is "what is allowed. Fix: how"; the formatter in
 * `errors.ts` puts the key path in front and the value found after it. `{path}` in a message is replaced
 * by the key path in the `pulumi config set --path` form.
 */

/** Accepts numbers, and whole numbers written as strings (`pulumi config set --path` stores strings). */
function integer(min: number, max: number, fix: string) {
    const message = `a whole number from ${min} to ${max}. Fix: ${fix}`;
    return z.preprocess(
        (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
        z.number({ error: message }).int({ error: message }).min(min, { error: message }).max(max, { error: message }),
    );
}

/** Accepts booleans, and "true"/"false" strings. */
function boolean(fix: string) {
    return z.preprocess(
        (v) => (v === "true" ? true : v === "false" ? false : v),
        z.boolean({ error: `true or false. Fix: ${fix}` }),
    );
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, example: T[number]) {
    return z.enum(values, { error: `one of ${values.join(" | ")}. Fix: pulumi config set --path '{path}' ${example}` });
}

function list<T extends z.ZodType>(item: T, what: string) {
    return z.array(item, { error: `a list of ${what}. Fix: write it as a YAML list in Pulumi.<stack>.yaml` });
}

function object<T extends z.ZodRawShape>(shape: T, what: string) {
    return z.strictObject(shape, { error: `an object (${what}). Fix: write it as a YAML map in Pulumi.<stack>.yaml` });
}

const guid = (what: string) =>
    z
        .string({ error: `${what}: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path '{path}' <guid>` })
        .regex(GUID_PATTERN, {
            error: `${what}: a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path '{path}' <guid>`,
        });

export const SECRET_NAME_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const ENVIRONMENT_PATTERN = /^[a-z0-9]{2,12}$/;
/** Azure resource group names: 1–90 letters, digits, underscores, hyphens, periods and parentheses, not ending in a period. */
export const RESOURCE_GROUP_PATTERN = /^[-\w.()]{0,89}[-\w()]$/;
export const WORKSPACE_ID_PATTERN =
    /^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[^/]+$/i;

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
    },
    "name, source, length, contentType, expiresInDays",
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

/** The keys this project reads from its config namespace (plus `azure-native:location`). */
export const CONFIG_KEYS = ["environment", "resourceGroupName", "vault", "diagnostics", "secrets", "access", "tags", "secretValues"] as const;

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
        tags: tagsSchema,
        /** Names of the `secretValues.<name>` keys that are set (values are never read here). */
        secretValueNames: z.array(z.string()).default([]),
    });

type Issue = { readonly path: (string | number)[]; readonly message: string };

function asRecord(v: unknown): Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function asArray(v: unknown): unknown[] {
    return Array.isArray(v) ? v : [];
}

/**
 * Rules that span keys. They run on the raw config, tolerating values of the wrong type (the schema reports
 * those), so that one run reports every problem, not the cross-key ones only after the others are fixed.
 */
export function crossFieldIssues(rawInput: unknown): Issue[] {
    const issues: Issue[] = [];
    const raw = asRecord(rawInput);
    const vault = asRecord(raw.vault);
    const network = asRecord(vault.network);
    const production = raw.environment === PRODUCTION;
    if (production && (vault.purgeProtection === false || vault.purgeProtection === "false")) {
        issues.push({
            path: ["vault", "purgeProtection"],
            message: "true in production (a purged production secret cannot be recovered). Fix: pulumi config set --path '{path}' true",
        });
    }
    if (production && network.defaultAction === "Allow") {
        issues.push({
            path: ["vault", "network", "defaultAction"],
            message: "Deny in production (the firewall must deny by default; allow addresses with ipRules or subnetIds). Fix: pulumi config set --path '{path}' Deny",
        });
    }
    const secrets = asArray(raw.secrets).map(asRecord);
    const secretValueNames = asArray(raw.secretValueNames).filter((n): n is string => typeof n === "string");
    const seen = new Map<string, number>();
    secrets.forEach((secret, i) => {
        const name = typeof secret.name === "string" ? secret.name : undefined;
        const source = typeof secret.source === "string" ? secret.source : DEFAULTS.secret.source;
        if (name !== undefined) {
            const first = seen.get(name.toLowerCase());
            if (first !== undefined) {
                issues.push({
                    path: ["secrets", i, "name"],
                    message: `a name not used by another secret, ignoring case (Key Vault names are case-insensitive; secrets[${first}] is "${String(secrets[first]?.name)}"). Fix: rename one of them`,
                });
            } else {
                seen.set(name.toLowerCase(), i);
            }
        }
        if (secret.length !== undefined && source !== "generate" && (SECRET_SOURCES as readonly string[]).includes(source)) {
            issues.push({
                path: ["secrets", i, "length"],
                message: `unset unless source is generate (this secret's source is ${source}). Fix: remove length, or set source: generate`,
            });
        }
        if (name !== undefined && source === "config" && !secretValueNames.includes(name)) {
            issues.push({
                path: ["secretValues", name],
                message: `set, as a secret, for secrets[${i}] (source: config). Fix: pulumi config set --secret --path 'secretValues.${name}' <value>`,
            });
        }
    });
    for (const name of secretValueNames) {
        const secret = secrets.find((s) => s.name === name);
        if (!secret || (secret.source ?? DEFAULTS.secret.source) !== "config") {
            issues.push({
                path: ["secretValues", name],
                message: `a value only for a secret listed in \`secrets\` with source config. Fix: add { name: ${name}, source: config } to secrets, or pulumi config rm --path 'secretValues.${name}'`,
            });
        }
    }
    const grants = new Set<string>();
    asArray(asRecord(raw.access).extraRoles)
        .map(asRecord)
        .forEach((grant, i) => {
            const key = `${String(grant.principalId).toLowerCase()}|${String(grant.role)}`;
            if (grants.has(key)) {
                issues.push({
                    path: ["access", "extraRoles", i, "role"],
                    message: `granted once per principal (${String(grant.principalId)} already has it). Fix: remove the duplicate entry`,
                });
            }
            grants.add(key);
        });
    const tags = asRecord(raw.tags);
    for (const reserved of ["environment", "managed-by"]) {
        if (reserved in tags) {
            issues.push({
                path: ["tags", reserved],
                message: `not set here: the stack sets the \`${reserved}\` tag itself. Fix: pulumi config rm --path 'tags.${reserved}'`,
            });
        }
    }
    return issues;
}

/** The raw config as read from Pulumi (before validation). */
export type RawConfig = z.input<typeof configSchema>;
/** The validated config, with every default applied. */
export type StackConfig = z.output<typeof configSchema>;
export type SecretConfig = StackConfig["secrets"][number];
export type NetworkConfig = StackConfig["vault"]["network"];
