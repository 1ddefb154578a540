/*
 * Preflight: the ways Key Vault-linked variable groups break in practice, checked before anything is deployed, from
 * the stack's config and (when given) its offline plan. Pure: no I/O, no Pulumi runtime. The config may be raw (the
 * shape `validateConfig` takes) or validated; values of the wrong type are ignored (config validation reports them),
 * so the checks also explain configs that validation would reject.
 */
import { devopsIpRangeFindings } from "./devopsIpRanges";
import { accessPolicyMigrationFindings } from "../adopt/migrationFindings";
import { certificateDeployerFindings } from "./certificates";
import { renderPath } from "../../stack/config/errors";
import { fillPath } from "../../stack/config/problems";
import { devopsFirewallIssues } from "../../stack/config/rules";
import { DEFAULTS, PRODUCTION } from "../../stack/defaults";
import type { EvaluatedProgram } from "../plan/evaluate";
import type { PlannedResource } from "../plan/types";
import { sameId } from "../../stack/ids";
import { caseOnlyMatch } from "../../stack/names";
import { ipRuleKey } from "../../stack/network";
import { ROLE_IDS } from "../../stack/roles";
import { shellArgs, shellOption, shellQuote } from "../../stack/shellQuote";

export type Severity = "error" | "warning" | "info";

/** The checks, in the order they run and are reported. */
export const PREFLIGHT_CHECKS = [
    "empty-variable-group",
    "secret-name-case",
    "external-secret",
    "firewall",
    "devops-ip-ranges",
    "pipeline-authorization",
    "principal-id",
    "rbac-propagation",
    "access-policy-migration",
    "certificate-deployer",
] as const;
export type PreflightCheck = (typeof PREFLIGHT_CHECKS)[number];

export interface Finding {
    readonly check: PreflightCheck;
    readonly severity: Severity;
    /** The config key at fault, in the `pulumi config set --path` form (e.g. `devops.variableGroups[0].secrets[1]`). */
    readonly key?: string;
    /** What is wrong and what it breaks; may span lines. */
    readonly message: string;
    /** How to fix it (a command where there is one). */
    readonly fix: string;
}

export interface PreflightInput {
    /** The stack's config: raw (as `validateConfig` takes it) or validated (`readStackConfig(...).config`). */
    readonly config: unknown;
    /** The offline plan (`evaluateProgram`). Without it the plan-only checks (pipeline authorizations) are skipped. */
    readonly plan?: Pick<EvaluatedProgram, "resources" | "outputs"> & { readonly stack?: string };
    /** The stack's name, for commands in fixes. Default: the plan's stack, else the config's environment. */
    readonly stack?: string;
}

/** How long Azure RBAC can take to propagate a new role assignment. */
export const RBAC_PROPAGATION_MAX = "10 minutes";

const TYPES = {
    variableGroup: "azuredevops:index/variableGroup:VariableGroup",
    authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    endpoint: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
    secret: "azure-native:keyvault:Secret",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    sleep: "time:index/sleep:Sleep",
} as const;

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const strings = (v: unknown): string[] => arr(v).filter((s): s is string => typeof s === "string");
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

interface GroupView {
    readonly index: number;
    readonly name: string;
    readonly secrets: readonly string[];
    readonly pipelines: readonly number[];
}

interface PrincipalView {
    /** The config key of the ID, or of the list entry holding it (`entry`). */
    readonly key: string;
    readonly entry?: boolean;
    readonly principalId: string;
    readonly role: string;
    readonly principalType: string;
}

/** The config as the checks read it, defaults applied, wrong-typed values dropped. */
interface View {
    readonly stack: string;
    readonly production: boolean;
    readonly secrets: readonly { index: number; name: string; source: string; contentType: string; expiresInDays: number }[];
    readonly publicNetworkAccess: string;
    readonly defaultAction: string;
    readonly ipRules: readonly string[];
    readonly subnetIds: readonly string[];
    readonly principals: readonly PrincipalView[];
    readonly devops?: {
        readonly mode: string;
        readonly principalObjectId?: string;
        readonly applicationId?: string;
        readonly allowedIpRanges: readonly string[];
        readonly groups: readonly GroupView[];
    };
}

function viewOf(input: PreflightInput): View {
    const raw = rec(input.config);
    const environment = str(raw.environment) ?? "";
    const vault = rec(raw.vault);
    const network = rec(vault.network);
    const access = rec(raw.access);
    const principals: PrincipalView[] = [];
    const pipelinePrincipalId = str(access.pipelinePrincipalId);
    if (pipelinePrincipalId) {
        principals.push({ key: "access.pipelinePrincipalId", principalId: pipelinePrincipalId, role: "Key Vault Secrets User", principalType: "ServicePrincipal" });
    }
    arr(access.secretsOfficers).forEach((officer, i) => {
        const id = typeof officer === "string" ? officer : str(rec(officer).principalId);
        const type = typeof officer === "string" ? "Group" : (str(rec(officer).principalType) ?? "Group");
        if (id) {
            // An officer is a GUID or { principalId, principalType } (validated config has the second form only).
            principals.push({ key: `access.secretsOfficers[${i}]`, principalId: id, role: "Key Vault Secrets Officer", principalType: type, entry: true });
        }
    });
    arr(access.extraRoles).forEach((grant, i) => {
        const id = str(rec(grant).principalId);
        if (id) {
            principals.push({
                key: `access.extraRoles[${i}].principalId`,
                principalId: id,
                role: str(rec(grant).role) ?? "?",
                principalType: str(rec(grant).principalType) ?? "ServicePrincipal",
            });
        }
    });

    const devopsRaw = rec(raw.devops);
    let devops: View["devops"];
    if (Object.keys(devopsRaw).length > 0) {
        const connection = rec(devopsRaw.serviceConnection);
        devops = {
            mode: str(connection.mode) ?? "create",
            principalObjectId: str(connection.principalObjectId),
            applicationId: str(connection.applicationId),
            allowedIpRanges: strings(devopsRaw.allowedIpRanges),
            groups: arr(devopsRaw.variableGroups).map((g, index) => ({
                index,
                name: str(rec(g).name) ?? `#${index + 1}`,
                secrets: strings(rec(g).secrets),
                pipelines: arr(rec(g).pipelines)
                    .map((p) => Number(p))
                    .filter((p) => Number.isInteger(p)),
            })),
        };
    }
    return {
        stack: input.stack ?? input.plan?.stack ?? environment,
        production: environment === PRODUCTION,
        secrets: arr(raw.secrets).flatMap((s, index) => {
            const name = str(rec(s).name);
            return name
                ? [
                      {
                          index,
                          name,
                          source: str(rec(s).source) ?? DEFAULTS.secret.source,
                          contentType: str(rec(s).contentType) ?? DEFAULTS.secret.contentType,
                          expiresInDays: Number(rec(s).expiresInDays ?? DEFAULTS.secret.expiresInDays),
                      },
                  ]
                : [];
        }),
        publicNetworkAccess: str(vault.publicNetworkAccess) ?? DEFAULTS.vault.publicNetworkAccess,
        defaultAction: str(network.defaultAction) ?? DEFAULTS.vault.network.defaultAction,
        ipRules: strings(network.ipRules),
        subnetIds: strings(network.subnetIds),
        principals,
        devops,
    };
}

function ofType(plan: PreflightInput["plan"], type: string): PlannedResource[] {
    return (plan?.resources ?? []).filter((r) => r.type === type);
}

/** The variables a planned VariableGroup lists (`variables[].name`). */
function plannedVariables(group: PlannedResource): string[] {
    return arr(group.inputs.variables)
        .map((v) => str(rec(v).name))
        .filter((n): n is string => n !== undefined);
}

// 1. A variable group with no variables.
function emptyGroups(view: View, plan: PreflightInput["plan"]): Finding[] {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const group of view.devops?.groups ?? []) {
        if (group.secrets.length === 0) {
            reported.add(group.name);
            findings.push({
                check: "empty-variable-group",
                severity: "error",
                key: `devops.variableGroups[${group.index}].secrets`,
                message: `Variable group "${group.name}" links no secret: a Key Vault-linked group without variables shows "0 variables" in Azure DevOps and gives the pipelines that use it nothing, so every $(secret-name) they read stays unset.`,
                fix: `List the secrets it should link, by their exact names from \`secrets\`: pulumi config set --path ${shellQuote(`devops.variableGroups[${group.index}].secrets[0]`)} ${view.secrets[0] ? shellArgs(view.secrets[0].name) : "<secret-name>"}`,
            });
        }
    }
    for (const resource of ofType(plan, TYPES.variableGroup)) {
        const name = str(resource.inputs.name) ?? resource.name;
        if (!reported.has(name) && plannedVariables(resource).length === 0) {
            findings.push({
                check: "empty-variable-group",
                severity: "error",
                message: `Variable group "${name}" (resource ${resource.name}) is planned with no variables: Azure DevOps would show "0 variables" and pipelines would read nothing from it.`,
                fix: "Give the group the secret names it links (KeyVaultVariableGroups takes them from devops.variableGroups[].secrets); a Key Vault-linked group needs at least one.",
            });
        }
    }
    return findings;
}

// 2. A variable name that differs from a vault secret only by case.
function caseMismatches(view: View, plan: PreflightInput["plan"]): Finding[] {
    const known = [...view.secrets.map((s) => s.name), ...ofType(plan, TYPES.secret).map((s) => str(s.inputs.secretName)).filter((n): n is string => n !== undefined)];
    const mismatch = (name: string): string | undefined => caseOnlyMatch(known, name);
    const message = (group: string, name: string, secret: string): string =>
        `Variable group "${group}" lists "${name}", which differs from the vault secret "${secret}" only by case. Key Vault names are case-insensitive, so the vault has one secret, but the group's variable is named as written: pipelines would have to read $(${name}), not the $(${secret}) that the secret's name, \`npm run pipeline-vars\` and the stack's outputs tell them, and the group does not match what the stack checks and reports.`;
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const group of view.devops?.groups ?? []) {
        group.secrets.forEach((name, j) => {
            const secret = mismatch(name);
            if (secret) {
                reported.add(`${group.name}|${name}`);
                const key = `devops.variableGroups[${group.index}].secrets[${j}]`;
                findings.push({
                    check: "secret-name-case",
                    severity: "error",
                    key,
                    message: message(group.name, name, secret),
                    fix: `Write the secret's exact name: pulumi config set --path ${shellQuote(key)} ${shellArgs(secret)}`,
                });
            }
        });
    }
    for (const resource of ofType(plan, TYPES.variableGroup)) {
        const groupName = str(resource.inputs.name) ?? resource.name;
        for (const name of plannedVariables(resource)) {
            const secret = mismatch(name);
            if (secret && !reported.has(`${groupName}|${name}`)) {
                findings.push({
                    check: "secret-name-case",
                    severity: "error",
                    message: message(groupName, name, secret),
                    fix: `Name the variable exactly like the secret: ${secret}.`,
                });
            }
        }
    }
    return findings;
}

// 3. An external secret a group needs but that nothing creates.
function externalSecrets(view: View, plan: PreflightInput["plan"]): Finding[] {
    const created = new Set(ofType(plan, TYPES.secret).map((s) => (str(s.inputs.secretName) ?? "").toLowerCase()));
    const findings: Finding[] = [];
    for (const secret of view.secrets) {
        const groups = (view.devops?.groups ?? []).filter((g) => g.secrets.includes(secret.name)).map((g) => `"${g.name}"`);
        if (secret.source !== "external" || groups.length === 0 || created.has(secret.name.toLowerCase())) {
            continue;
        }
        findings.push({
            check: "external-secret",
            severity: "warning",
            key: `secrets[${secret.index}]`,
            message: `${secret.name} is an \`external\` secret that variable group${groups.length === 1 ? "" : "s"} ${groups.join(", ")} link${groups.length === 1 ? "s" : ""}, and nothing in this stack creates it. It must be in the vault before the group is created: otherwise Azure DevOps rejects the group (the secret is not in the vault) and \`pulumi up\` fails there.`,
            fix: [
                `Once the vault exists (a first \`pulumi up\` creates it; if the group then fails, set the secret and run \`pulumi up\` again), set the secret as a Key Vault Secrets Officer, from an address the vault's firewall admits:`,
                `az keyvault secret set --vault-name "$(pulumi stack output vaultName ${shellOption("--stack", view.stack)})" ${shellOption("--name", secret.name)} --file '<file holding the value>' --encoding utf-8 ${shellOption("--content-type", secret.contentType)} --expires "$(date -u -d '+${Math.trunc(Number(secret.expiresInDays))} days' +%Y-%m-%dT%H:%M:%SZ)"`,
            ].join("\n"),
        });
    }
    return findings;
}

// 4. A firewall that blocks Azure DevOps or the agents.
function firewall(view: View, config: unknown): Finding[] {
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
            key,
            message: `${cause}: Azure DevOps reads a Key Vault-linked group's secrets from its own public addresses, which are not "trusted Microsoft services" (bypass AzureServices does not admit them, private endpoints do not reach them), so creating or refreshing the groups fails with a firewall error (403 ForbiddenByFirewall).`,
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
            key: "vault.network",
            message: `The vault's firewall denies by default and admits no agent: besides Azure DevOps' own ranges it lists no subnet and no address. The agent that runs a job downloads the linked secrets itself, at job start, from its own address, so every job that uses ${groups.length === 1 ? "the group" : "a group"} fails there with 403 ForbiddenByFirewall ("Client address is not authorized"); Microsoft-hosted agents included, whose addresses are not Azure DevOps' ranges and change every week.`,
            fix: "Run those jobs on self-hosted agents in a subnet you add to the firewall: pulumi config set --path 'vault.network.subnetIds[0]' <subnet resource ID> (or add the agents' fixed egress address to vault.network.ipRules), and give the jobs that pool.",
        });
    } else {
        const admitted = [...view.subnetIds.map((s) => `subnet ${s.split("/").slice(-3, -2).concat(s.split("/").slice(-1)).join("/")}`), ...agentRules.map((r) => `address ${r}`)];
        findings.push({
            check: "firewall",
            severity: "info",
            key: "vault.network",
            message: `Microsoft-hosted agents cannot read this vault: its firewall denies by default and admits agents only from ${admitted.join(", ")}. The agent that runs a job downloads the linked secrets itself at job start, from its own address, so a job on a Microsoft-hosted pool (vmImage) fails there with 403 ForbiddenByFirewall.`,
            fix: "Run the jobs that use the variable groups (or AzureKeyVault@2) on the self-hosted pool whose agents are in those subnets (pool: { name: <pool> }); pipelines/templates/use-secrets.yml takes it as its `pool` parameter.",
        });
    }
    return findings;
}

// 5. A pipeline that uses a group but is not authorized.
function authorizations(view: View, plan: PreflightInput["plan"]): Finding[] {
    const groups = view.devops?.groups ?? [];
    if (!plan || groups.length === 0) {
        return [];
    }
    const findings: Finding[] = [];
    const auths = ofType(plan, TYPES.authorization);
    const groupIds = rec(plan.outputs.variableGroups);
    const connectionId = str(plan.outputs.serviceConnectionId);
    const endpoints = ofType(plan, TYPES.endpoint).map((e) => e.urn);
    const from = (auth: PlannedResource, urns: readonly string[], id: string | undefined): boolean =>
        (id !== undefined && auth.inputs.resourceId === id) || (auth.propertyDependencies.resourceId ?? []).some((u) => urns.includes(u));
    const authorized = (type: string, pipeline: number, urns: readonly string[], id: string | undefined): boolean =>
        auths.some((a) => a.inputs.type === type && Number(a.inputs.pipelineId) === pipeline && from(a, urns, id));
    const planned = ofType(plan, TYPES.variableGroup);

    const pipelinesSeen = new Set<number>();
    for (const group of groups) {
        const resources = planned.filter((r) => r.inputs.name === group.name);
        const groupId = str(rec(groupIds[group.name]).id);
        group.pipelines.forEach((pipeline, j) => {
            if (!authorized("variablegroup", pipeline, resources.map((r) => r.urn), groupId)) {
                findings.push({
                    check: "pipeline-authorization",
                    severity: "error",
                    key: `devops.variableGroups[${group.index}].pipelines[${j}]`,
                    message: `Pipeline ${pipeline} uses variable group "${group.name}", but the plan has no PipelineAuthorization of the group for it: its runs stop at "This pipeline needs permission to access a resource before this run can continue" until someone permits it by hand (and nobody should open the group to all pipelines).`,
                    fix: `Authorize it in code: the stack's KeyVaultVariableGroups creates an authorization for each (group, pipeline) in devops.variableGroups; make sure the program passes this group to it, then plan again (npm run plan -- --stack ${view.stack}).`,
                });
            }
            if (!pipelinesSeen.has(pipeline)) {
                pipelinesSeen.add(pipeline);
                if (!authorized("endpoint", pipeline, endpoints, connectionId)) {
                    findings.push({
                        check: "pipeline-authorization",
                        severity: "error",
                        key: `devops.variableGroups[${group.index}].pipelines[${j}]`,
                        message: `Pipeline ${pipeline} uses variable group "${group.name}", but the plan does not authorize it for the service connection the group reads the vault through: the run stops at "needs permission" for the service connection.`,
                        fix: "Keep the connection's authorizations (KeyVaultVariableGroups' authorizeServiceConnection, on by default), then plan again.",
                    });
                }
            }
        });
    }
    for (const resource of planned) {
        if (resource.inputs.allowAccess === true) {
            findings.push({
                check: "pipeline-authorization",
                severity: "warning",
                message: `Variable group "${String(resource.inputs.name)}" is open to every pipeline of the project (allowAccess true): any pipeline, including one added in a pull request, can read its secrets.`,
                fix: "Set allowAccess to false and authorize the pipelines one by one (devops.variableGroups[].pipelines).",
            });
        }
    }
    return findings;
}

// 6. A principal ID that is really an application ID.
function principalIds(view: View, plan: PreflightInput["plan"]): Finding[] {
    const findings: Finding[] = [];
    const devops = view.devops;
    const applicationId = devops?.applicationId;
    const objectIdFix = (appId: string, key: string): string =>
        `Use the service principal's object ID: az ad sp show ${shellOption("--id", appId)} --query id -o tsv, then pulumi config set --path ${shellQuote(key)} <object-id>`;
    if (devops?.mode === "existing" && sameId(devops.principalObjectId, applicationId)) {
        findings.push({
            check: "principal-id",
            severity: "error",
            key: "devops.serviceConnection.principalObjectId",
            message: `devops.serviceConnection.principalObjectId (${devops.principalObjectId}) is the service connection's application (client) ID (devops.serviceConnection.applicationId), not its service principal's object ID: a role assignment to it fails (PrincipalNotFound) or grants nothing, and the groups get 403 from the vault.`,
            fix: objectIdFix(applicationId as string, "devops.serviceConnection.principalObjectId"),
        });
    }
    const flagged = new Set<string>();
    for (const p of view.principals) {
        if (sameId(p.principalId, applicationId)) {
            flagged.add(p.key);
            findings.push({
                check: "principal-id",
                severity: "error",
                key: p.key,
                message: `${p.key} (${p.principalId}) is an application (client) ID, the one in devops.serviceConnection.applicationId, not an object ID: the ${p.role} assignment to it fails (PrincipalNotFound) or grants nothing.`,
                fix: p.entry
                    ? `Use the principal's object ID: az ad sp show ${shellOption("--id", p.principalId)} --query id -o tsv, and write it in ${p.key} of Pulumi.${view.stack}.yaml`
                    : objectIdFix(p.principalId, p.key),
            });
        }
    }
    const identities = ofType(plan, TYPES.identity);
    for (const assignment of ofType(plan, TYPES.roleAssignment)) {
        const principalId = str(assignment.inputs.principalId);
        const identity = identities.find((i) => sameId(str(i.outputs.clientId), principalId));
        if (identity) {
            findings.push({
                check: "principal-id",
                severity: "error",
                message: `Role assignment ${assignment.name} is given the client (application) ID of managed identity ${identity.name}, not its principal (object) ID: the assignment fails or grants nothing.`,
                fix: "Assign the identity's principalId output, not its clientId.",
            });
        }
    }
    if (devops?.mode === "existing" && !applicationId && devops.principalObjectId) {
        findings.push({
            check: "principal-id",
            severity: "info",
            key: "devops.serviceConnection.applicationId",
            message: `devops.serviceConnection.principalObjectId (${devops.principalObjectId}) cannot be told from an application ID offline without devops.serviceConnection.applicationId; the stack checks it against Azure DevOps only at preview/up.`,
            fix: `Set the connection's application ID so config validation and preflight compare them now: pulumi config set --path 'devops.serviceConnection.applicationId' "$(az ad sp show ${shellOption("--id", devops.principalObjectId)} --query appId -o tsv)"`,
        });
    }
    const pipelinePrincipal = view.principals.find((p) => p.key === "access.pipelinePrincipalId");
    if (pipelinePrincipal && !flagged.has(pipelinePrincipal.key)) {
        findings.push({
            check: "principal-id",
            severity: "info",
            key: "access.pipelinePrincipalId",
            message: `access.pipelinePrincipalId (${pipelinePrincipal.principalId}) must be the object ID of the pipeline service connection's service principal, which offline checks cannot tell from its application ID (both are GUIDs). Given an application ID, the role assignment fails with PrincipalNotFound or grants nothing.`,
            fix: `Check it: az ad sp show ${shellOption("--id", pipelinePrincipal.principalId)} --query id -o tsv must print ${pipelinePrincipal.principalId}; if it prints another GUID, that is the object ID to set.`,
        });
    }
    return findings;
}

const ROLE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ROLE_IDS).map(([name, id]) => [id, name]));

// 7. Role assignments that need up to 10 minutes to propagate.
function rbacPropagation(view: View, plan: PreflightInput["plan"]): Finding[] {
    const lines: string[] = [];
    let waited = false;
    if (plan) {
        const sleeps = ofType(plan, TYPES.sleep);
        const identities = ofType(plan, TYPES.identity);
        for (const assignment of ofType(plan, TYPES.roleAssignment)) {
            const roleId = (str(assignment.inputs.roleDefinitionId) ?? "").split("/").pop() ?? "";
            const role = ROLE_NAMES[roleId] ?? `role ${roleId}`;
            const principalId = str(assignment.inputs.principalId) ?? "?";
            const identity = identities.find((i) => sameId(str(i.outputs.principalId), principalId));
            const who = identity ? `managed identity ${str(identity.inputs.resourceName) ?? identity.name}` : principalId;
            const waiters = sleeps.filter((s) => s.dependencies.includes(assignment.urn));
            waited ||= waiters.length > 0;
            const wait =
                waiters.length > 0
                    ? `the stack waits ${waiters.map((s) => `${String(s.inputs.createDuration)} (time Sleep ${s.name})`).join(", ")} before creating what uses it`
                    : "nothing in the stack waits for it";
            lines.push(`  - ${role} for ${who} (${String(assignment.inputs.principalType ?? "?")}), ${assignment.name}: ${wait}`);
        }
    } else {
        for (const p of view.principals) {
            lines.push(`  - ${p.role} for ${p.principalId} (${p.principalType}), ${p.key}: nothing in the stack waits for it`);
        }
        if (view.devops) {
            waited = true;
            lines.push("  - Key Vault Secrets User for the service connection's principal (ServicePrincipal): the variable groups wait for it with a time Sleep");
        }
    }
    if (lines.length === 0) {
        return [];
    }
    return [
        {
            check: "rbac-propagation",
            severity: "info",
            message: [
                `${plural(lines.length, "role assignment")} take${lines.length === 1 ? "s" : ""} effect only once Azure RBAC has propagated ${lines.length === 1 ? "it" : "them"}, up to ${RBAC_PROPAGATION_MAX} after \`pulumi up\` creates ${lines.length === 1 ? "it" : "them"}:`,
                ...lines,
            ].join("\n"),
            fix: `After the first \`pulumi up\` of this stack (and after any new principal or vault), wait up to ${RBAC_PROPAGATION_MAX} before the first pipeline run that reads secrets: a job that fails in that window with 403 Forbidden ("Caller is not authorized to perform action on resource", ForbiddenByRbac) needs a re-run, not a fix.${
                waited ? " The stack's own wait only lets Azure DevOps create the variable groups; it does not cover the full propagation time for pipeline runs." : ""
            }`,
        },
    ];
}

/** Runs every check. Findings are in check order (PREFLIGHT_CHECKS), then in config order. */
export function preflight(input: PreflightInput): Finding[] {
    const view = viewOf(input);
    return [
        ...emptyGroups(view, input.plan),
        ...caseMismatches(view, input.plan),
        ...externalSecrets(view, input.plan),
        ...firewall(view, input.config),
        ...devopsIpRangeFindings(input.config),
        ...authorizations(view, input.plan),
        ...principalIds(view, input.plan),
        ...rbacPropagation(view, input.plan),
        ...accessPolicyMigrationFindings(input.config),
        ...certificateDeployerFindings(input.config),
    ];
}

/** 1 when any finding is an error, else 0. */
export function preflightExitCode(findings: readonly Finding[]): 0 | 1 {
    return findings.some((f) => f.severity === "error") ? 1 : 0;
}

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/** Text report: a summary line, then each finding (errors first) with its key, message and fix. */
export function renderFindings(findings: readonly Finding[], title: string): string {
    const count = (s: Severity): number => findings.filter((f) => f.severity === s).length;
    const lines = [`${title}: ${plural(count("error"), "error")}, ${plural(count("warning"), "warning")}, ${plural(count("info"), "note")}.`];
    const sorted = [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
    for (const f of sorted) {
        lines.push("", `${f.severity}: ${f.check}${f.key ? ` (${f.key})` : ""}`);
        lines.push(...f.message.split("\n").map((l) => `  ${l}`));
        const [first, ...rest] = f.fix.split("\n");
        lines.push(`  Fix: ${first ?? ""}`, ...rest.map((l) => `    ${l}`));
    }
    return lines.join("\n");
}
