/*
 * Deployability: API contracts the mocks cannot know, checked offline on the recorded plan. Each rule is a known way
 * a real `pulumi up` is rejected by Azure, Azure DevOps or a provider although every mocked registration succeeded;
 * each names its source. Separate from the policy pack (best practices): a finding here means the deployment fails.
 * Pure: no I/O, no Pulumi runtime.
 */
import { MAX_FILTER_VALUES } from "../../components/subjectBuckets";
import { UNKNOWN_PLACEHOLDER } from "../plan/document";
import { NOT_SET } from "../../stack/config/problems";

/** One resource as the rules need it: what a live plan records and a saved plan document keeps. */
export interface DeployabilityResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly inputs: Record<string, unknown>;
    readonly dependencies: readonly string[];
    /** For each input, the URNs its value came from (a live plan has them; a saved plan document does not). */
    readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

/** A provider function call the program made (token, arguments, result), as the plan recorded it. */
export interface DeployabilityInvoke {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
}

/** A resource the plan would delete or replace (from the plan diff). */
export interface DeployabilityChange {
    readonly op: "create" | "import" | "update" | "replace" | "delete";
    readonly urn: string;
}

export interface DeployabilityFinding {
    /** The rule's ID, e.g. `flex-site-config`. */
    readonly rule: string;
    /** The resource the API would reject. */
    readonly urn: string;
    /** The input at fault, as a dotted path (`siteConfig.netFrameworkVersion`, `approvers[0]`). */
    readonly path: string;
    /** What the plan has there: a value as JSON or a short phrase (never a secret's value; `not set` for none). */
    readonly found: string;
    /** What the API accepts. */
    readonly expected: string;
    /** What to change. */
    readonly fix: string;
    /** What the API does with it, in one sentence. */
    readonly why: string;
    /** Where the contract is documented (URL). */
    readonly source: string;
}

export interface DeployabilityInput {
    /** The new plan's resources. */
    readonly resources: readonly DeployabilityResource[];
    /** The provider calls the program made; without them the approver rule is skipped (a saved plan has none). */
    readonly invokes?: readonly DeployabilityInvoke[];
    /** Secrets declared to exist in their vault before the deployment (`preexisting: true`). */
    readonly preexistingSecrets?: readonly string[];
    /** With a diff: its changes, and the old plan's resources (for what is deleted). */
    readonly changes?: readonly DeployabilityChange[];
    readonly before?: readonly DeployabilityResource[];
}


function obj(v: unknown): Record<string, unknown> | undefined {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== UNKNOWN_PLACEHOLDER ? v : undefined;
}
const lower = (s: string): string => s.toLowerCase();

/** URN → every URN it depends on, directly or through others. */
function closure(resources: readonly DeployabilityResource[]): (urn: string) => ReadonlySet<string> {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const memo = new Map<string, Set<string>>();
    const visit = (urn: string, stack: Set<string>): Set<string> => {
        const known = memo.get(urn);
        if (known) {
            return known;
        }
        const out = new Set<string>();
        if (stack.has(urn)) {
            return out;
        }
        stack.add(urn);
        for (const dep of byUrn.get(urn)?.dependencies ?? []) {
            out.add(dep);
            for (const d of visit(dep, stack)) {
                out.add(d);
            }
        }
        stack.delete(urn);
        memo.set(urn, out);
        return out;
    };
    return (urn) => visit(urn, new Set());
}

// ---------------------------------------------------------------------------------------------------------------
// Flex Consumption function apps

/**
 * Site configuration properties a Flex Consumption app rejects ("The following site configuration property
 * (Site.SiteConfig.X) for Flex Consumption sites is invalid"). azure-native 3.28 adds `netFrameworkVersion: "v4.6"`
 * to any `siteConfig` it is given.
 */
export const FLEX_REJECTED_SITE_CONFIG = [
    "netFrameworkVersion",
    "ftpsState",
    "use32BitWorkerProcess",
    "functionsRuntimeScaleMonitoringEnabled",
    "linuxFxVersion",
    "alwaysOn",
    "javaVersion",
    "powerShellVersion",
    "preWarmedInstanceCount",
    "functionAppScaleLimit",
    "vnetRouteAllEnabled",
] as const;
const FLEX_SITE_CONFIG_SOURCE =
    "https://github.com/pulumi/pulumi-azure-native/issues/4168, https://github.com/microsoft/azure-pipelines-tasks/issues/21032, https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations";

/** App settings Flex Consumption deprecated in favour of `functionAppConfig` (or does not support). */
export const FLEX_DEPRECATED_APP_SETTINGS = [
    "FUNCTIONS_EXTENSION_VERSION",
    "FUNCTIONS_WORKER_RUNTIME",
    "FUNCTIONS_WORKER_RUNTIME_VERSION",
    "FUNCTIONS_MAX_HTTP_CONCURRENCY",
    "FUNCTIONS_WORKER_PROCESS_COUNT",
    "FUNCTIONS_WORKER_DYNAMIC_CONCURRENCY_ENABLED",
    "SCM_DO_BUILD_DURING_DEPLOYMENT",
    "ENABLE_ORYX_BUILD",
    "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
    "WEBSITE_CONTENTOVERVNET",
    "WEBSITE_CONTENTSHARE",
    "WEBSITE_DNS_SERVER",
    "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT",
    "WEBSITE_NODE_DEFAULT_VERSION",
    "WEBSITE_RUN_FROM_PACKAGE",
    "WEBSITE_SKIP_CONTENTSHARE_VALIDATION",
    "WEBSITE_VNET_ROUTE_ALL",
] as const;
const FLEX_APP_SETTINGS_SOURCE = "https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations";

/** Node versions past end of life (https://nodejs.org/en/about/previous-releases): Node 20 on 2026-04-30. */
export const EOL_NODE_VERSIONS = ["14", "16", "18", "20"] as const;

/** Whether a WebApp runs on a Flex Consumption plan: it has `functionAppConfig`, or its plan is FC1/FlexConsumption. */
function isFlexApp(app: DeployabilityResource, resources: readonly DeployabilityResource[]): boolean {
    if (app.type !== "azure-native:web:WebApp") {
        return false;
    }
    if (obj(app.inputs.functionAppConfig)) {
        return true;
    }
    const farm = str(app.inputs.serverFarmId);
    if (!farm) {
        return false;
    }
    return resources.some((p) => {
        if (p.type !== "azure-native:web:AppServicePlan") {
            return false;
        }
        const sku = obj(p.inputs.sku);
        const flex = str(sku?.tier) === "FlexConsumption" || str(sku?.name) === "FC1";
        const planName = str(p.inputs.name);
        return flex && planName !== undefined && lower(farm).endsWith(`/serverfarms/${lower(planName)}`);
    });
}

const FLEX_APP_SETTING_EXPECTED = "not set: Flex Consumption does not take this app setting (functionAppConfig replaces it, or it is unsupported)";

function flexRules(resources: readonly DeployabilityResource[]): DeployabilityFinding[] {
    const findings: DeployabilityFinding[] = [];
    const flexApps = resources.filter((r) => isFlexApp(r, resources));
    for (const app of flexApps) {
        const siteConfig = obj(app.inputs.siteConfig);
        for (const key of FLEX_REJECTED_SITE_CONFIG) {
            if (siteConfig && key in siteConfig && siteConfig[key] !== undefined && siteConfig[key] !== null) {
                findings.push({
                    rule: "flex-site-config",
                    urn: app.urn,
                    path: `siteConfig.${key}`,
                    found: JSON.stringify(siteConfig[key]),
                    expected: "not set: Flex Consumption takes no siteConfig (app settings and the runtime go elsewhere)",
                    why: `Flex Consumption rejects Site.SiteConfig.${key[0]?.toUpperCase()}${key.slice(1)} ("for Flex Consumption sites is invalid")${key === "netFrameworkVersion" ? "; azure-native adds netFrameworkVersion \"v4.6\" to any siteConfig" : ""}`,
                    fix: "give the app no siteConfig: app settings in a web.WebAppApplicationSettings resource, the runtime in functionAppConfig.runtime",
                    source: FLEX_SITE_CONFIG_SOURCE,
                });
            }
        }
        const settings = Array.isArray(siteConfig?.appSettings) ? (siteConfig.appSettings as unknown[]) : [];
        settings.forEach((s, i) => {
            const name = str(obj(s)?.name);
            if (name && (FLEX_DEPRECATED_APP_SETTINGS as readonly string[]).includes(name)) {
                findings.push({
                    rule: "flex-app-setting",
                    urn: app.urn,
                    path: `siteConfig.appSettings[${i}].name`,
                    found: JSON.stringify(name),
                    expected: FLEX_APP_SETTING_EXPECTED,
                    why: `Flex Consumption does not take the app setting ${name} (replaced by functionAppConfig or unsupported)`,
                    fix: `remove ${name}; set the runtime, scale and deployment in functionAppConfig`,
                    source: FLEX_APP_SETTINGS_SOURCE,
                });
            }
        });
        const runtime = obj(obj(app.inputs.functionAppConfig)?.runtime);
        const version = str(runtime?.version);
        if (str(runtime?.name) === "node" && version && (EOL_NODE_VERSIONS as readonly string[]).includes(version)) {
            findings.push({
                rule: "flex-runtime-eol",
                urn: app.urn,
                path: "functionAppConfig.runtime.version",
                found: JSON.stringify(version),
                expected: 'a Node version not past end of life ("22")',
                why: `Node ${version} is past end of life; Flex Consumption stops offering end-of-life runtimes`,
                fix: 'run on Node 22: functionAppConfig.runtime { name: "node", version: "22" }',
                source: "https://nodejs.org/en/about/previous-releases, https://learn.microsoft.com/azure/azure-functions/supported-languages",
            });
        }
    }
    // Separate app settings resources of a Flex app.
    const flexNames = new Set(flexApps.map((a) => str(a.inputs.name)).filter((n): n is string => n !== undefined).map(lower));
    for (const r of resources) {
        if (r.type !== "azure-native:web:WebAppApplicationSettings" || !flexNames.has(lower(str(r.inputs.name) ?? ""))) {
            continue;
        }
        for (const key of Object.keys(obj(r.inputs.properties) ?? {})) {
            if ((FLEX_DEPRECATED_APP_SETTINGS as readonly string[]).includes(key)) {
                findings.push({
                    rule: "flex-app-setting",
                    urn: r.urn,
                    path: `properties.${key}`,
                    // The setting's name only: an app setting's value may be a secret.
                    found: `app setting ${key}`,
                    expected: FLEX_APP_SETTING_EXPECTED,
                    why: `Flex Consumption does not take the app setting ${key} (replaced by functionAppConfig or unsupported)`,
                    fix: `remove ${key}; set the runtime, scale and deployment in functionAppConfig`,
                    source: FLEX_APP_SETTINGS_SOURCE,
                });
            }
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Event Grid

const EVENT_SUBSCRIPTION_TYPES = [
    "azure-native:eventgrid:SystemTopicEventSubscription",
    "azure-native:eventgrid:EventSubscription",
    "azure-native:eventgrid:TopicEventSubscription",
    "azure-native:eventgrid:DomainTopicEventSubscription",
];
/** Event Grid: "25 advanced filters and 25 filter values across all the filters per Event Grid subscription". */
export const EVENT_GRID_MAX_FILTER_VALUES = MAX_FILTER_VALUES;
export const EVENT_GRID_MAX_ADVANCED_FILTERS = 25;
const EVENT_GRID_LIMITS_SOURCE = "https://learn.microsoft.com/azure/event-grid/event-filtering#limitations";

/**
 * Resources that deploy code to a function app and sync its triggers: a command (One Deploy, `func publish`), or
 * the App Service deployment resources.
 */
export const CODE_DEPLOYMENT_TYPES = ["command:local:Command", "command:remote:Command", "azure-native:web:WebAppSourceControl"] as const;

function eventGridRules(resources: readonly DeployabilityResource[]): DeployabilityFinding[] {
    const findings: DeployabilityFinding[] = [];
    const depsOf = closure(resources);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const sub of resources.filter((r) => EVENT_SUBSCRIPTION_TYPES.includes(r.type))) {
        const filters = obj(sub.inputs.filter)?.advancedFilters;
        if (Array.isArray(filters)) {
            if (filters.length > EVENT_GRID_MAX_ADVANCED_FILTERS) {
                findings.push({
                    rule: "eventgrid-advanced-filters",
                    urn: sub.urn,
                    path: "filter.advancedFilters",
                    found: `${filters.length} advanced filters`,
                    expected: `at most ${EVENT_GRID_MAX_ADVANCED_FILTERS} advanced filters per subscription`,
                    why: `${filters.length} advanced filters; Event Grid accepts at most ${EVENT_GRID_MAX_ADVANCED_FILTERS} per subscription`,
                    fix: "split the filters over several subscriptions",
                    source: EVENT_GRID_LIMITS_SOURCE,
                });
            }
            const values = filters.reduce<number>((n, f) => {
                const o = obj(f);
                return n + (Array.isArray(o?.values) ? o.values.length : o && "value" in o ? 1 : 0);
            }, 0);
            if (values > EVENT_GRID_MAX_FILTER_VALUES) {
                findings.push({
                    rule: "eventgrid-filter-values",
                    urn: sub.urn,
                    path: "filter.advancedFilters",
                    found: `${values} filter values across the advanced filters`,
                    expected: `at most ${EVENT_GRID_MAX_FILTER_VALUES} filter values per subscription`,
                    why: `${values} filter values across the advanced filters; Event Grid accepts at most ${EVENT_GRID_MAX_FILTER_VALUES} per subscription`,
                    fix: `split the values over several subscriptions of at most ${EVENT_GRID_MAX_FILTER_VALUES} values each, or filter by a prefix (subjectBeginsWith)`,
                    source: EVENT_GRID_LIMITS_SOURCE,
                });
            }
        }
        // An Azure Function destination must exist (function registered, triggers synced) when the subscription is
        // created: Event Grid validates it and answers "Destination endpoint not found".
        const destination = obj(sub.inputs.destination) ?? obj(obj(sub.inputs.deliveryWithResourceIdentity)?.destination);
        const functionId = str(destination?.resourceId);
        if (str(destination?.endpointType) !== "AzureFunction" || !functionId) {
            continue;
        }
        const m = /\/providers\/Microsoft\.Web\/sites\/([^/]+)\/functions\//i.exec(functionId);
        const appName = m?.[1];
        const deps = depsOf(sub.urn);
        const app = resources.find((r) => r.type === "azure-native:web:WebApp" && appName !== undefined && lower(str(r.inputs.name) ?? "") === lower(appName));
        if (!app) {
            continue; // a function app this program does not manage: it is deployed elsewhere
        }
        const deployed = [...deps].some((u) => {
            const d = byUrn.get(u);
            return d !== undefined && (CODE_DEPLOYMENT_TYPES as readonly string[]).includes(d.type) && depsOf(u).has(app.urn);
        });
        if (!deployed) {
            findings.push({
                rule: "eventgrid-function-not-deployed",
                urn: sub.urn,
                path: "destination.resourceId",
                found: `a function of ${app.name}, whose code nothing the subscription depends on deploys`,
                expected: "a function whose code a resource the subscription depends on deploys (triggers synced) before the subscription is created",
                why: `Event Grid validates an Azure Function destination when the subscription is created ("Destination endpoint not found"), but nothing the subscription depends on deploys code to ${app.name} and syncs its triggers`,
                fix: "deploy the package with One Deploy (a command running `az functionapp deployment source config-zip` after the app's settings and roles) and make the subscription depend on it",
                source: "https://learn.microsoft.com/azure/event-grid/handler-functions, https://github.com/Azure/Azure-Functions/issues/2496",
            });
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Azure RBAC

/** Resources whose outputs are a service principal's object ID (managed identities: user-assigned or system-assigned). */
const SERVICE_PRINCIPAL_SOURCES = ["azure-native:managedidentity:UserAssignedIdentity"];
const hasIdentity = (r: DeployabilityResource): boolean => obj(r.inputs.identity) !== undefined;

function roleAssignmentRules(resources: readonly DeployabilityResource[]): DeployabilityFinding[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const findings: DeployabilityFinding[] = [];
    for (const r of resources.filter((x) => x.type === "azure-native:authorization:RoleAssignment")) {
        if (r.inputs.principalType === undefined || r.inputs.principalType === null) {
            findings.push({
                rule: "role-assignment-principal-type",
                urn: r.urn,
                path: "principalType",
                found: NOT_SET,
                expected: 'the principal\'s type: "ServicePrincipal" (managed identities), "User" or "Group"',
                why: "a role assignment without principalType: for a principal created in the same deployment, Entra ID replication delay makes ARM answer PrincipalNotFound",
                fix: 'set principalType ("ServicePrincipal" for managed identities, "User" or "Group")',
                source: "https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal",
            });
            continue;
        }
        // azure-native fills in principalType "User" when it is omitted (authorization/roleAssignment.js), so an
        // omitted type shows up as "User": for a managed identity's principal ARM rejects it as a mismatch.
        const from = (r.propertyDependencies?.principalId ?? []).map((u) => byUrn.get(u)).filter((d): d is DeployabilityResource => d !== undefined);
        const identity = from.find((d) => SERVICE_PRINCIPAL_SOURCES.includes(d.type) || hasIdentity(d));
        if (r.inputs.principalType === "User" && identity) {
            findings.push({
                rule: "role-assignment-principal-type",
                urn: r.urn,
                path: "principalType",
                found: JSON.stringify("User"),
                expected: `"ServicePrincipal", the type of the principal of ${identity.name} (a managed identity)`,
                why: `principalType "User" (azure-native's default when it is omitted) for the principal of ${identity.name}, a managed identity: ARM rejects a principalType that does not match the principal (UnmatchedPrincipalType)`,
                fix: 'set principalType: "ServicePrincipal"',
                source: "https://learn.microsoft.com/azure/role-based-access-control/role-assignments-template#new-service-principal, @pulumi/azure-native authorization/roleAssignment.js (principalType ?? \"User\")",
            });
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Azure DevOps

function variableGroupRules(resources: readonly DeployabilityResource[], preexisting: readonly string[]): DeployabilityFinding[] {
    const findings: DeployabilityFinding[] = [];
    const depsOf = closure(resources);
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    for (const group of resources.filter((r) => r.type === "azuredevops:index/variableGroup:VariableGroup")) {
        const keyVault = obj(group.inputs.keyVault);
        if (!keyVault) {
            continue;
        }
        const vault = str(keyVault.name);
        const created = new Set(
            [...depsOf(group.urn)]
                .map((u) => byUrn.get(u))
                .filter((d): d is DeployabilityResource => d?.type === "azure-native:keyvault:Secret")
                .filter((d) => vault === undefined || str(d.inputs.vaultName) === undefined || lower(str(d.inputs.vaultName) ?? "") === lower(vault))
                .map((d) => str(d.inputs.secretName))
                .filter((n): n is string => n !== undefined),
        );
        const variables = Array.isArray(group.inputs.variables) ? group.inputs.variables : [];
        variables.forEach((v, i) => {
            const name = str(obj(v)?.name);
            if (name && !created.has(name) && !preexisting.includes(name)) {
                findings.push({
                    rule: "variable-group-secret-missing",
                    urn: group.urn,
                    path: `variables[${i}].name`,
                    found: JSON.stringify(name),
                    expected: "a secret the group depends on (created before it) or one declared pre-existing (secrets[].preexisting: true)",
                    why: `links the Key Vault secret ${name}, which is not created before the group (the group does not depend on a Secret of that name) and not declared pre-existing; Azure DevOps lists the vault's secrets when it creates the group and rejects one the vault does not hold`,
                    fix: `create the secret in the stack and make the group depend on it, or create it first (az keyvault secret set) and declare it pre-existing (secrets[].preexisting: true), or remove it from the group`,
                    source: "https://learn.microsoft.com/azure/devops/pipelines/library/link-variable-groups-to-key-vaults, https://github.com/pulumi/pulumi-azuredevops (VariableGroup keyVault)",
                });
            }
        });
    }
    return findings;
}

/** Invokes whose `id` is an Azure DevOps identity ID (what checks take), and where the ID is. */
const IDENTITY_INVOKES: Readonly<Record<string, (outputs: Record<string, unknown>) => string[]>> = {
    "azuredevops:index/getIdentityGroup:getIdentityGroup": (o) => [str(o.id)].filter((x): x is string => x !== undefined),
    "azuredevops:index/getIdentityUsers:getIdentityUsers": (o) => [str(o.id)].filter((x): x is string => x !== undefined),
    "azuredevops:index/getUsers:getUsers": (o) =>
        (Array.isArray(o.users) ? o.users : []).map((u) => str(obj(u)?.id)).filter((x): x is string => x !== undefined),
};

function approverRules(resources: readonly DeployabilityResource[], invokes: readonly DeployabilityInvoke[]): DeployabilityFinding[] {
    const identities = new Set(invokes.flatMap((i) => IDENTITY_INVOKES[i.token]?.(i.outputs) ?? []).map(lower));
    const findings: DeployabilityFinding[] = [];
    for (const check of resources.filter((r) => r.type === "azuredevops:index/checkApproval:CheckApproval")) {
        const approvers = Array.isArray(check.inputs.approvers) ? check.inputs.approvers : [];
        approvers.forEach((a, i) => {
            const id = str(a);
            if (id !== undefined && !identities.has(lower(id))) {
                findings.push({
                    rule: "approver-not-devops-identity",
                    urn: check.urn,
                    path: `approvers[${i}]`,
                    found: JSON.stringify(id),
                    expected: "an Azure DevOps identity ID resolved by the provider (getIdentityGroup, getIdentityUsers, getUsers)",
                    why: `${id} is not an Azure DevOps identity resolved by the provider (getIdentityGroup, getIdentityUsers, getUsers); an Entra object ID or graph origin ID fails with "The following identities are invalid"`,
                    fix: "name the approver as [Project]\\Group name or by e-mail and resolve it with azuredevops.getIdentityGroup / getIdentityUsers",
                    source: "https://github.com/microsoft/terraform-provider-azuredevops/issues/864, https://github.com/microsoft/terraform-provider-azuredevops/issues/302",
                });
            }
        });
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------
// Management locks

const LOCK_SOURCE = "https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources";

/** Whether a resource lives under an ARM scope (`/subscriptions/…/resourceGroups/rg[/providers/…]`). */
export function isUnderScope(resource: DeployabilityResource, scope: string): boolean {
    const s = lower(scope.replace(/\/$/, ""));
    const within = (id: string | undefined): boolean => id !== undefined && (lower(id) === s || lower(id).startsWith(`${s}/`));
    if (within(str(resource.inputs.scope)) || within(str(resource.inputs.resourceUri)) || within(str(resource.inputs.source))) {
        return true;
    }
    const rg = /^\/subscriptions\/[^/]+\/resourcegroups\/([^/]+)(?:\/providers\/([^/]+\/[^/]+)\/([^/]+))?$/.exec(s);
    if (!rg) {
        return false;
    }
    const [, rgName, type, name] = rg;
    const inRg = lower(str(resource.inputs.resourceGroupName) ?? "") === rgName;
    if (type === undefined) {
        return inRg && resource.type.startsWith("azure-native:") && resource.type !== "azure-native:resources:ResourceGroup";
    }
    // A child of the locked resource, named by its parent (secrets of a vault).
    return inRg && type === "microsoft.keyvault/vaults" && resource.type === "azure-native:keyvault:Secret" && lower(str(resource.inputs.vaultName) ?? "") === name;
}

function lockRules(input: DeployabilityInput): DeployabilityFinding[] {
    const changes = input.changes ?? [];
    if (changes.length === 0) {
        return [];
    }
    const locks = [...input.resources, ...(input.before ?? [])].filter(
        (r) => r.type === "azure-native:authorization:ManagementLockByScope" && ["CanNotDelete", "ReadOnly"].includes(str(r.inputs.level) ?? ""),
    );
    const findings: DeployabilityFinding[] = [];
    const seen = new Set<string>();
    for (const change of changes.filter((c) => c.op === "delete" || c.op === "replace")) {
        const resource =
            change.op === "delete"
                ? input.before?.find((r) => r.urn === change.urn)
                : (input.resources.find((r) => r.urn === change.urn) ?? input.before?.find((r) => r.urn === change.urn));
        if (!resource || resource.type === "azure-native:authorization:ManagementLockByScope") {
            continue;
        }
        for (const lock of locks) {
            const scope = str(lock.inputs.scope);
            if (!scope || !isUnderScope(resource, scope) || seen.has(`${change.urn}|${scope}`)) {
                continue;
            }
            seen.add(`${change.urn}|${scope}`);
            findings.push({
                rule: "locked-scope-delete",
                urn: change.urn,
                path: "(resource)",
                found: `a ${change.op} under a ${str(lock.inputs.level)} lock (${lock.name}) on ${scope}`,
                expected: "no delete or replace under a CanNotDelete or ReadOnly lock while the lock is there",
                why: `would be ${change.op === "delete" ? "deleted" : "replaced (deleted, then created)"} under ${scope}, which a ${str(lock.inputs.level)} lock (${lock.name}) covers: ARM refuses the delete with 409 ScopeLocked and the update stops half-way`,
                fix: `remove the lock first, then let the stack put it back: az lock delete --ids ${scope}/providers/Microsoft.Authorization/locks/${str(lock.inputs.lockName) ?? "<lock>"}; pulumi refresh --yes; pulumi up (it deletes/replaces, then re-creates the lock). See README "Changing a locked production stack"`,
                source: LOCK_SOURCE,
            });
        }
    }
    return findings;
}

// ---------------------------------------------------------------------------------------------------------------

/** Every deployability finding of a plan (and, with a diff, of its changes), rule by rule, in plan order. */
export function deployabilityFindings(input: DeployabilityInput): DeployabilityFinding[] {
    return [
        ...flexRules(input.resources),
        ...eventGridRules(input.resources),
        ...roleAssignmentRules(input.resources),
        ...variableGroupRules(input.resources, input.preexistingSecrets ?? []),
        ...(input.invokes ? approverRules(input.resources, input.invokes) : []),
        ...lockRules(input),
    ];
}

/**
 * Secrets this project's config declares pre-existing: `<project>:secrets` entries with `source: external` and
 * `preexisting: true` (config values are JSON strings, as Pulumi passes them). Another program: none.
 */
export function preexistingSecretsFromConfig(config: Readonly<Record<string, string>>, project: string): string[] {
    const raw = config[`${project}:secrets`];
    if (raw === undefined) {
        return [];
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        return [];
    }
    return (Array.isArray(parsed) ? parsed : [])
        .map(obj)
        .filter((s) => s?.source === "external" && (s.preexisting === true || s.preexisting === "true"))
        .map((s) => str(s?.name))
        .filter((n): n is string => n !== undefined);
}
