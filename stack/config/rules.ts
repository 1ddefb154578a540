import { sameId } from "../ids";
import { DEFAULTS, DEVOPS_DEFAULTS, PRODUCTION } from "../defaults";
import { caseOnlyMatch } from "../names";
import { ipRuleKey } from "../network";
import { shellQuote } from "../shellQuote";
import { environmentVariableName, environmentVariableProblem } from "../pipelineVariables";
import { formatIssues, renderPath } from "./errors";
import { limitIssues } from "./limits";
import { NOT_SET, renderProblem, RuleIssue } from "./problems";
import { configSchema, ROTATION_STRATEGIES, SECRET_SOURCES, StackConfig } from "./schema";
import { asArray, asRecord } from "./primitives";
import { keyIssues } from "./keyRules";
import { adoptionIssues } from "./adoption";
import { certificateIssues } from "./certificateRules";

/*
 * Rules that span keys (the schema in `schema.ts` checks each value on its own). They run on the raw config so that
 * one run reports every problem at once.
 */
type Issue = RuleIssue;


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
            expected: "true in production (a purged production secret cannot be recovered)",
            fix: "pulumi config set --path '{path}' true",
        });
    }
    if (production && network.defaultAction === "Allow") {
        issues.push({
            path: ["vault", "network", "defaultAction"],
            expected: "Deny in production (the firewall must deny by default; allow addresses with ipRules or subnetIds)",
            fix: "pulumi config set --path '{path}' Deny",
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
                    expected: `a name not used by another secret, ignoring case (Key Vault names are case-insensitive; secrets[${first}] is "${String(secrets[first]?.name)}")`,
                    fix: `rename one of them`,
                });
            } else {
                seen.set(name.toLowerCase(), i);
            }
        }
        if (secret.length !== undefined && source !== "generate" && (SECRET_SOURCES as readonly string[]).includes(source)) {
            issues.push({
                path: ["secrets", i, "length"],
                expected: `unset unless source is generate (this secret's source is ${source})`,
                fix: `remove length, or set source: generate`,
            });
        }
        if (name !== undefined && source === "config" && !secretValueNames.includes(name)) {
            issues.push({
                path: ["secretValues", name],
                found: NOT_SET,
                expected: `set, as a secret, for secrets[${i}] (source: config)`,
                fix: `pulumi config set --secret --path ${shellQuote(renderPath(["secretValues", name]))} <value>`,
            });
        }
    });
    for (const name of secretValueNames) {
        const secret = secrets.find((s) => s.name === name);
        if (!secret || (secret.source ?? DEFAULTS.secret.source) !== "config") {
            issues.push({
                path: ["secretValues", name],
                expected: "a value only for a secret listed in `secrets` with source config",
                fix: `add { name: ${name}, source: config } to secrets, or pulumi config rm --path ${shellQuote(renderPath(["secretValues", name]))}`,
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
                    expected: `granted once per principal (${String(grant.principalId)} already has it)`,
                    fix: `remove the duplicate entry`,
                });
            }
            grants.add(key);
        });
    const tags = asRecord(raw.tags);
    for (const reserved of ["environment", "managed-by"]) {
        if (reserved in tags) {
            issues.push({
                path: ["tags", reserved],
                expected: `not set here: the stack sets the \`${reserved}\` tag itself`,
                fix: `pulumi config rm --path 'tags.${reserved}'`,
            });
        }
    }
    issues.push(...devopsIssues(raw));
    issues.push(...rotationIssues(raw));
    issues.push(...limitIssues(raw));
    issues.push(...pipelineVariableIssues(raw));
    issues.push(...linkedSecretIssues(raw));
    issues.push(...keyIssues(raw));
    issues.push(...adoptionIssues(raw));
    issues.push(...certificateIssues(raw));
    return issues;
}

/**
 * Rotation rules: `regenerate` only makes sense for generated values, `postgres` for a connection string set
 * in config (an external secret is never tagged nor dated by the stack, so it would never rotate); a rotated secret must outlive the function's near-expiry window, or every new
 * version would be "near expiry" at once; and a strategy needs rotation enabled.
 */
export function rotationIssues(rawInput: unknown): Issue[] {
    const issues: Issue[] = [];
    const raw = asRecord(rawInput);
    const rotation = asRecord(raw.rotation);
    const enabled = !(rotation.enabled === false || rotation.enabled === "false");
    const window = DEFAULTS.rotation.windowDays;
    asArray(raw.secrets)
        .map(asRecord)
        .forEach((secret, i) => {
            const strategy = secret.rotation;
            if (typeof strategy !== "string" || strategy === "none") {
                issues.push(...dualRolesIssues(i, "none", secret.rotationRoles));
            }
            if (typeof strategy !== "string" || strategy === "none" || !(ROTATION_STRATEGIES as readonly string[]).includes(strategy)) {
                return;
            }
            const source = typeof secret.source === "string" ? secret.source : DEFAULTS.secret.source;
            if (strategy === "regenerate" && source !== "generate") {
                issues.push({
                    path: ["secrets", i, "rotation"],
                    expected: `${source === "external" ? "none" : "none or postgres"} for a secret whose source is ${source} (regenerate writes a new random value, which only a generated secret can take)`,
                    fix: `pulumi config set --path '{path}' none, or set source: generate`,
                });
            }
            if ((strategy === "postgres" || strategy === "postgres-dual") && source === "external") {
                issues.push(postgresExternalIssue(i, typeof secret.name === "string" ? secret.name : undefined));
            }
            issues.push(...dualRolesIssues(i, strategy, secret.rotationRoles));
            if ((strategy === "postgres" || strategy === "postgres-dual") && source === "generate") {
                issues.push({
                    path: ["secrets", i, "rotation"],
                    expected: "regenerate or none for a generated secret (postgres and postgres-dual rotate a connection string set with source config)",
                    fix: "pulumi config set --path '{path}' regenerate",
                });
            }
            const days = Number(secret.expiresInDays ?? DEFAULTS.secret.expiresInDays);
            // The function rotates from `window` days + its margin before expiry: a validity within that would rotate again at once.
            const minDays = window + Math.ceil(DEFAULTS.rotation.marginHours / 24);
            if (Number.isFinite(days) && days <= minDays) {
                issues.push({
                    path: ["secrets", i, "expiresInDays"],
                    expected: `more than ${minDays} for a rotated secret (Key Vault warns ${window} days before expiry and the function rotates from ${DEFAULTS.rotation.marginHours} h earlier; a shorter validity would rotate again at once)`,
                    fix: `pulumi config set --path '{path}' 90`,
                });
            }
            if (!enabled) {
                issues.push({
                    path: ["secrets", i, "rotation"],
                    expected: "none while rotation.enabled is false (nothing would rotate it)",
                    fix: "pulumi config set --path 'rotation.enabled' true, or set rotation: none",
                });
            }
        });
    return issues;
}

/** The `devops` section of raw config, or undefined when it is absent or `{}` (Pulumi.yaml's default). */
function rawDevops(raw: Record<string, unknown>): Record<string, unknown> | undefined {
    const devops = raw.devops;
    // Not a map: the schema reports it; the cross-key rules have nothing to check.
    if (devops === null || typeof devops !== "object" || Array.isArray(devops) || Object.keys(devops).length === 0) {
        return undefined;
    }
    return devops as Record<string, unknown>;
}

const FIREWALL_ALTERNATIVE =
    "or use a self-hosted agent in a subnet listed in vault.network.subnetIds and read the secrets with the AzureKeyVault@2 task instead of variable groups (then remove devops.variableGroups)";

/**
 * The Key Vault firewall as Azure DevOps sees it. A Key Vault-linked variable group is resolved by the Azure DevOps
 * service from its own public addresses, which are not "trusted Microsoft services": `bypass: AzureServices` does
 * not let them in and private endpoints do not reach them. So with variable groups configured the vault must accept
 * public traffic and, when its firewall denies by default, list the Azure DevOps ranges of the organization's region
 * in `vault.network.ipRules`, marked as such in `devops.allowedIpRanges`. Errors in production (`crossFieldIssues`),
 * warnings elsewhere (`configWarnings`). Runs on raw or validated config.
 */
export function devopsFirewallIssues(rawInput: unknown): Issue[] {
    const raw = asRecord(rawInput);
    const devops = rawDevops(raw);
    if (!devops || asArray(devops.variableGroups).length === 0) {
        return [];
    }
    const vault = asRecord(raw.vault);
    const publicNetworkAccess = vault.publicNetworkAccess ?? DEFAULTS.vault.publicNetworkAccess;
    const defaultAction = asRecord(vault.network).defaultAction ?? DEFAULTS.vault.network.defaultAction;
    if (publicNetworkAccess === "Disabled") {
        return [
            {
                path: ["vault", "publicNetworkAccess"],
                expected: `Enabled while devops.variableGroups link this vault (Azure DevOps resolves Key Vault-linked variable groups from its own public addresses: with public network access disabled they never reach the vault, and Azure DevOps is not a trusted Microsoft service)`,
                fix: `pulumi config set --path '{path}' Enabled and list your region's Azure DevOps ranges in vault.network.ipRules and devops.allowedIpRanges, ${FIREWALL_ALTERNATIVE}`,
            },
        ];
    }
    if (defaultAction === "Deny" && asArray(devops.allowedIpRanges).length === 0) {
        return [
            {
                path: ["devops", "allowedIpRanges"],
                expected: `at least one Azure DevOps IP range of your organization's region, also listed in vault.network.ipRules, while devops.variableGroups link this vault (the firewall denies by default and Azure DevOps resolves variable groups from its own addresses, which are not trusted Microsoft services: bypass AzureServices does not let them in)`,
                fix: `add your region's Azure DevOps ranges to vault.network.ipRules and to {path}, ${FIREWALL_ALTERNATIVE}`,
            },
        ];
    }
    return [];
}

/** Rules of the `devops` section that span keys (the schema checks each value on its own). */
export function devopsIssues(rawInput: unknown): Issue[] {
    const raw = asRecord(rawInput);
    const devops = rawDevops(raw);
    if (!devops) {
        return [];
    }
    const issues: Issue[] = [];
    const production = raw.environment === PRODUCTION;

    // Service connection: create mode takes nothing that identifies an existing one; existing mode needs both IDs.
    const connection = asRecord(devops.serviceConnection);
    const mode = connection.mode ?? DEVOPS_DEFAULTS.serviceConnectionMode;
    const at = (key: string): (string | number)[] => ["devops", "serviceConnection", key];
    if (mode === "create") {
        for (const key of ["id", "principalObjectId", "applicationId"]) {
            if (connection[key] !== undefined) {
                issues.push({
                    path: at(key),
                    expected: `unset in create mode (the stack creates the service connection and its managed identity; ${key} describes an existing one)`,
                    fix: `pulumi config rm --path '{path}', or set devops.serviceConnection.mode to existing`,
                });
            }
        }
    } else if (mode === "existing") {
        if (connection.id === undefined) {
            issues.push({
                path: at("id"),
                expected: "the existing service connection's ID (a GUID) in existing mode",
                fix: "copy it from Project settings > Service connections (the resourceId in the URL) and pulumi config set --path '{path}' <guid>",
            });
        }
        if (connection.principalObjectId === undefined) {
            issues.push({
                path: at("principalObjectId"),
                expected: "the object ID of the existing service connection's service principal in existing mode (it gets Key Vault Secrets User on this vault)",
                fix: "az ad sp show --id <application-id> --query id -o tsv, then pulumi config set --path '{path}' <guid>",
            });
        } else if (sameId(connection.principalObjectId, connection.applicationId)) {
            issues.push({
                path: at("principalObjectId"),
                expected: "the service principal's object ID, not its application (client) ID (devops.serviceConnection.applicationId has the same value; a role assignment to an application ID fails or grants nothing)",
                fix: "az ad sp show --id <application-id> --query id -o tsv, then pulumi config set --path '{path}' <object-id>",
            });
        }
        for (const key of ["name", "subscriptionName"]) {
            if (connection[key] !== undefined) {
                issues.push({
                    path: at(key),
                    expected: `unset in existing mode (the stack does not manage the existing connection; it is identified by devops.serviceConnection.id)`,
                    fix: `pulumi config rm --path '{path}'`,
                });
            }
        }
        const access = asRecord(raw.access);
        if (sameId(access.pipelinePrincipalId, connection.applicationId)) {
            issues.push({
                path: ["access", "pipelinePrincipalId"],
                expected: "a service principal's object ID, not the application (client) ID of the service connection (devops.serviceConnection.applicationId has the same value)",
                fix: "pulumi config rm --path '{path}' (devops.serviceConnection.principalObjectId already gets read access), or set the object ID",
            });
        } else if (sameId(access.pipelinePrincipalId, connection.principalObjectId)) {
            issues.push({
                path: ["access", "pipelinePrincipalId"],
                expected: "unset when it is the devops service connection's principal (devops.serviceConnection.principalObjectId gets Key Vault Secrets User already; two assignments of one role to one principal collide)",
                fix: "pulumi config rm --path '{path}'",
            });
        }
        asArray(access.extraRoles)
            .map(asRecord)
            .forEach((grant, i) => {
                if (sameId(grant.principalId, connection.principalObjectId) && grant.role === "Key Vault Secrets User") {
                    issues.push({
                        path: ["access", "extraRoles", i],
                        expected: "a grant for another principal or role: devops.serviceConnection.principalObjectId gets Key Vault Secrets User already (two assignments of one role to one principal collide)",
                        fix: "remove this entry",
                    });
                }
            });
    }

    // Firewall rules marked as Azure DevOps' must be firewall rules.
    const ipRules = new Set(
        asArray(asRecord(asRecord(raw.vault).network).ipRules)
            .filter((r): r is string => typeof r === "string")
            .map(ipRuleKey),
    );
    asArray(devops.allowedIpRanges).forEach((range, i) => {
        if (typeof range === "string" && !ipRules.has(ipRuleKey(range))) {
            issues.push({
                path: ["devops", "allowedIpRanges", i],
                expected: `listed in vault.network.ipRules too (allowedIpRanges only marks which firewall rules are Azure DevOps'; it opens nothing by itself)`,
                fix: `add ${range} to vault.network.ipRules, or remove it from devops.allowedIpRanges`,
            });
        }
    });
    if (production) {
        issues.push(...devopsFirewallIssues(raw));
    }

    // Variable groups: unique names; exact, known secret names; at least one secret and one pipeline each.
    const secretNames = asArray(raw.secrets)
        .map((s) => asRecord(s).name)
        .filter((n): n is string => typeof n === "string");
    const groupNames = new Map<string, number>();
    asArray(devops.variableGroups)
        .map(asRecord)
        .forEach((group, g) => {
            const path = (...rest: (string | number)[]): (string | number)[] => ["devops", "variableGroups", g, ...rest];
            const label = typeof group.name === "string" ? `variable group "${group.name}"` : `variable group #${g + 1}`;
            if (typeof group.name === "string") {
                const first = groupNames.get(group.name.toLowerCase());
                if (first !== undefined) {
                    issues.push({
                        path: path("name"),
                        expected: `a name not used by another variable group, ignoring case (devops.variableGroups[${first}] has it)`,
                        fix: `rename one of them`,
                    });
                } else {
                    groupNames.set(group.name.toLowerCase(), g);
                }
            }
            const secrets = group.secrets;
            if (secrets === undefined || (Array.isArray(secrets) && secrets.length === 0)) {
                issues.push({
                    path: path("secrets"),
                    expected: `at least one secret name for ${label} (a Key Vault-linked group without secrets resolves to 0 variables)`,
                    fix: `list names from \`secrets\`, e.g. secrets: [${secretNames[0] ?? "db-password"}]`,
                });
            }
            const listed = new Set<string>();
            asArray(secrets).forEach((secret, s) => {
                if (typeof secret !== "string") {
                    return;
                }
                if (listed.has(secret)) {
                    issues.push({ path: path("secrets", s), expected: `listed once in ${label}`,
                        fix: `remove the duplicate` });
                }
                listed.add(secret);
                if (!secretNames.includes(secret)) {
                    const match = caseOnlyMatch(secretNames, secret);
                    issues.push({
                        path: path("secrets", s),
                        ...(match
                            ? {
                                  expected: `the exact name of a secret in \`secrets\` for ${label} (names are case-sensitive here: a case-mismatched name links nothing)`,
                                  fix: `write it as ${match}`,
                              }
                            : {
                                  expected: `the name of a secret in \`secrets\` for ${label} (known: ${secretNames.join(", ") || "none"})`,
                                  fix: `add { name: ${secret} } to secrets, or remove it from this group`,
                              }),
                    });
                }
            });
            const pipelines = group.pipelines;
            if (pipelines === undefined || (Array.isArray(pipelines) && pipelines.length === 0)) {
                issues.push({
                    path: path("pipelines"),
                    expected: `at least one pipeline definition ID for ${label} (the stack authorizes pipelines one by one, never all pipelines)`,
                    fix: `list the IDs of the pipelines that use it, e.g. pipelines: [12]`,
                });
            }
            const ids = new Set<string>();
            asArray(pipelines).forEach((id, p) => {
                const key = String(id).trim();
                if (ids.has(key)) {
                    issues.push({ path: path("pipelines", p), expected: `listed once in ${label}`,
                        fix: `remove the duplicate` });
                }
                ids.add(key);
            });
        });

    const approvals = devops.approvals;
    if (production && approvals === undefined) {
        issues.push({
            path: ["devops", "approvals"],
            expected: "set in production: { approvers: ['[Project]\\Group name' or e-mails], timeoutMinutes } (production deployments wait for a manual approval)",
            fix: "pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers'",
        });
    } else if (approvals !== undefined) {
        const approvers = asRecord(approvals).approvers;
        if (approvers === undefined || (Array.isArray(approvers) && approvers.length === 0)) {
            issues.push({
                path: ["devops", "approvals", "approvers"],
                expected: "at least one approver: a group as '[Project]\\Group name' or a user's e-mail",
                fix: "pulumi config set --path 'devops.approvals.approvers[0]' '[<project>]\\Release Approvers'",
            });
        }
        // One pipeline permission per ID on the environment (components/environmentApproval.ts): a duplicate would be
        // two resources for the same permission.
        const ids = new Set<string>();
        asArray(asRecord(approvals).pipelines).forEach((id, p) => {
            const key = String(id).trim();
            if (ids.has(key)) {
                issues.push({ path: ["devops", "approvals", "pipelines", p], expected: "listed once in devops.approvals.pipelines", fix: "remove the duplicate" });
            }
            ids.add(key);
        });
    }
    // One pipeline permission per connection for the PR pipeline (components/prGate.ts): a duplicate name would be two
    // resources for the same permission.
    const connections = new Set<string>();
    asArray(asRecord(devops.prGate).serviceConnections).forEach((name, c) => {
        if (typeof name !== "string") {
            return;
        }
        if (connections.has(name.toLowerCase())) {
            issues.push({ path: ["devops", "prGate", "serviceConnections", c], expected: "listed once in devops.prGate.serviceConnections (ignoring case)", fix: "remove the duplicate" });
        }
        connections.add(name.toLowerCase());
    });
    return issues;
}

/**
 * Problems that are errors in production and only warnings elsewhere, one line each in the same
 * "`key`: found …; must be … Fix: …" form as config errors. Empty in production, where they are errors.
 */
export function configWarnings(cfg: StackConfig): string[] {
    if (cfg.environment === PRODUCTION) {
        return [];
    }
    // The config errors' own formatter: the same path, value found and filled-in fix as in production, where they are errors.
    const issues = devopsFirewallIssues(cfg).map((issue) => ({ code: "custom" as const, ...issue }));
    return formatIssues(issues, cfg, configSchema).map(
        (problem) => `${renderProblem(problem)} (an error in production; in ${cfg.environment} the variable groups cannot read their secrets)`,
    );
}

/**
 * Each secret a variable group links becomes a pipeline variable named like the secret, mapped to an environment
 * variable in a step's `env:` (stack/pipelineVariables.ts). Rejects names whose variable never reaches scripts
 * (Azure Pipelines' reserved prefixes), whose environment variable is not a shell name, or would replace PATH,
 * LD_PRELOAD and the like, and two secrets of one group that map to the same environment variable.
 */
export function pipelineVariableIssues(rawInput: unknown): Issue[] {
    const devops = rawDevops(asRecord(rawInput));
    if (!devops) {
        return [];
    }
    const issues: Issue[] = [];
    // Names that are not exactly a secret of `secrets` are reported by devopsIssues already.
    const known = new Set(asArray(asRecord(rawInput).secrets).map((s) => asRecord(s).name));
    // A pipeline that uses several groups maps all their secrets into one step's `env:`: the check spans the groups
    // authorized for the same pipeline (pipeline ID → environment variable → the secret and group that map to it).
    const byPipeline = new Map<unknown, Map<string, { secret: string; group: string }>>();
    asArray(devops.variableGroups)
        .map(asRecord)
        .forEach((group, g) => {
            const byEnv = new Map<string, string>();
            const pipelines = asArray(group.pipelines).filter((p) => typeof p === "number" || typeof p === "string");
            asArray(group.secrets).forEach((secret, s) => {
                if (typeof secret !== "string" || !known.has(secret)) {
                    return;
                }
                const renamed = /^[a-z0-9]/.test(secret) || !/^[A-Za-z]/.test(secret) ? `app-${secret}` : `App${secret}`;
                const problem = environmentVariableProblem(secret);
                if (problem !== undefined) {
                    issues.push({
                        path: ["devops", "variableGroups", g, "secrets", s],
                        expected: `a secret name whose pipeline variable reaches scripts; this one ${problem}`,
                        fix: `rename the secret in \`secrets\` and in this group, e.g. ${renamed}`,
                    });
                    return;
                }
                const env = environmentVariableName(secret);
                const other = byEnv.get(env);
                if (other !== undefined && other !== secret) {
                    issues.push({
                        path: ["devops", "variableGroups", g, "secrets", s],
                        expected: `a secret whose environment variable differs from the others' in this group (${other} also maps to ${env})`,
                        fix: `rename one of them`,
                    });
                } else {
                    for (const pipeline of pipelines) {
                        const seen = byPipeline.get(pipeline) ?? new Map<string, { secret: string; group: string }>();
                        byPipeline.set(pipeline, seen);
                        const earlier = seen.get(env);
                        if (earlier !== undefined && earlier.secret !== secret && earlier.group !== String(group.name)) {
                            issues.push({
                                path: ["devops", "variableGroups", g, "secrets", s],
                                expected: `a secret whose environment variable differs from those of the other groups of pipeline ${String(pipeline)} (${earlier.secret} of group ${earlier.group} also maps to ${env})`,
                                fix: `rename one of them, or give the groups different pipelines`,
                            });
                            break;
                        }
                        seen.set(env, { secret, group: String(group.name) });
                    }
                }
                byEnv.set(env, secret);
            });
        });
    return issues;
}

/**
 * Secrets a variable group may link. Azure DevOps lists the vault's secrets when it creates or updates a Key
 * Vault-linked group and rejects a name the vault does not hold (the provider filters the listed secrets by the
 * group's names: pulumi/pulumi-azuredevops schema, VariableGroup `keyVault`), so a group may link a secret the stack
 * creates (it waits for it), or an `external` one only when the config states it exists before the deployment
 * (`preexisting: true`). `preexisting` says nothing about other sources, whose secrets the stack creates.
 */
export function linkedSecretIssues(rawInput: unknown): Issue[] {
    const raw = asRecord(rawInput);
    const issues: Issue[] = [];
    const secrets = asArray(raw.secrets).map(asRecord);
    const preexisting = (v: unknown): boolean => v === true || v === "true";
    secrets.forEach((secret, i) => {
        const source = typeof secret.source === "string" ? secret.source : DEFAULTS.secret.source;
        if (preexisting(secret.preexisting) && source !== "external") {
            issues.push({
                path: ["secrets", i, "preexisting"],
                expected: `unset unless source is external (this secret's source is ${source}: the stack creates it)`,
                fix: `pulumi config rm --path '{path}'`,
            });
        }
    });
    const devops = rawDevops(raw);
    asArray(devops?.variableGroups)
        .map(asRecord)
        .forEach((group, g) => {
            asArray(group.secrets).forEach((name, s) => {
                const index = secrets.findIndex((x) => x.name === name);
                const secret = secrets[index];
                if (secret && secret.source === "external" && !preexisting(secret.preexisting)) {
                    issues.push({
                        path: ["devops", "variableGroups", g, "secrets", s],
                        expected: `a secret the stack creates, or an external one declared to exist before the deployment: ${String(name)} is external (nothing creates it) and Azure DevOps rejects a variable group linking a secret the vault does not hold`,
                        fix: `create it (az keyvault secret set --vault-name <vault> --name ${String(name)} --value …) and pulumi config set --path 'secrets[${index}].preexisting' true, or remove it from this group until it exists`,
                    });
                }
            });
        });
    return issues;
}

/**
 * `rotation: postgres` on an `external` secret would never rotate, silently: the stack does not create that secret,
 * so it never gets the `rotation-strategy` / `validity-days` tags nor an expiry, and Key Vault sends no
 * SecretNearExpiry for a secret without an expiry (the function skips an untagged one anyway).
 */
function postgresExternalIssue(index: number, name: string | undefined): Issue {
    const valueKey = `secretValues.${name ?? "<name>"}`;
    return {
        path: ["secrets", index, "source"],
        expected:
            "config for a postgres-rotated secret (the stack creates, tags and dates only the secrets it holds; an external secret gets no " +
            "rotation-strategy tag and no expiry, so Key Vault never sends the event and it would never rotate)",
        fix:
            `pulumi config set --path '{path}' config && pulumi config set --secret --path ${shellQuote(valueKey)} 'postgresql://<user>:<password>@<host>/<db>?sslmode=verify-full', ` +
            `or set rotation: none and rotate it outside the stack`,
    };
}

/** `rotationRoles` is required by `postgres-dual` (the two roles that take turns) and meaningless otherwise. */
function dualRolesIssues(index: number, strategy: string, roles: unknown): Issue[] {
    if (strategy === "postgres-dual" && roles === undefined) {
        return [
            {
                path: ["secrets", index, "rotationRoles"],
                expected: "set for rotation: postgres-dual (the two login roles that take turns; the secret's URI user must be one of them)",
                fix: "pulumi config set --path '{path}[0]' app_blue && pulumi config set --path '{path}[1]' app_green",
            },
        ];
    }
    if (strategy !== "postgres-dual" && roles !== undefined) {
        return [{ path: ["secrets", index, "rotationRoles"], expected: "unset unless rotation is postgres-dual",
            fix: "pulumi config rm --path '{path}'" }];
    }
    return [];
}

/**
 * A stack that rotates secrets without anyone to alert: a rotation event Event Grid gives up on (dead-lettered after
 * its retries) would go unseen and the secret would simply expire. Warned in every environment (the alert is
 * optional so that a stack can be planned before its on-call receivers are known).
 */
export function rotationAlertWarnings(cfg: StackConfig): string[] {
    const rotated = cfg.secrets.filter((s) => s.rotation !== "none");
    const alerts = cfg.rotation.alerts ?? {};
    if (!cfg.rotation.enabled || rotated.length === 0 || (alerts.emails ?? []).length > 0 || alerts.webhookUrl !== undefined) {
        return [];
    }
    return [
        `\`rotation.alerts\`: not set; ${rotated.length} secret(s) are rotated but dead-lettered or failed rotation events alert nobody (the secret just expires). ` +
            "Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com, or pulumi config set --secret --path 'rotation.alerts.webhookUrl' https://<webhook>",
    ];
}
