/*
 * The config as preflight's checks read it (defaults applied, wrong-typed values dropped), and the helpers they share.
 */
import { DEFAULTS, PRODUCTION } from "../../stack/defaults";
import type { PlannedResource } from "../plan/types";
import type { PreflightInput } from "./preflight";

export const TYPES = {
    variableGroup: "azuredevops:index/variableGroup:VariableGroup",
    authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    endpoint: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
    secret: "azure-native:keyvault:Secret",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    sleep: "time:index/sleep:Sleep",
} as const;

export type Rec = Record<string, unknown>;
export const rec = (v: unknown): Rec => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
export const strings = (v: unknown): string[] => arr(v).filter((s): s is string => typeof s === "string");
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

export interface GroupView {
    readonly index: number;
    readonly name: string;
    readonly secrets: readonly string[];
    readonly pipelines: readonly number[];
}

export interface PrincipalView {
    /** The config key of the ID, or of the list entry holding it (`entry`). */
    readonly key: string;
    readonly entry?: boolean;
    readonly principalId: string;
    readonly role: string;
    readonly principalType: string;
}

/** The config as the checks read it, defaults applied, wrong-typed values dropped. */
export interface View {
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

export function viewOf(input: PreflightInput): View {
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

export function ofType(plan: PreflightInput["plan"], type: string): PlannedResource[] {
    return (plan?.resources ?? []).filter((r) => r.type === type);
}

/** The variables a planned VariableGroup lists (`variables[].name`). */
export function plannedVariables(group: PlannedResource): string[] {
    return arr(group.inputs.variables)
        .map((v) => str(rec(v).name))
        .filter((n): n is string => n !== undefined);
}
