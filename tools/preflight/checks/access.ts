/*
 * Preflight checks: who may use what (pipeline authorizations, principal IDs that are application IDs, role propagation).
 */
import { sameId } from "../../../stack/ids";
import { ROLE_IDS } from "../../../stack/roles";
import { shellOption, shellQuote } from "../../../stack/shellQuote";
import type { PlannedResource } from "../../plan/types";
import type { Finding, PreflightInput } from "../preflight";
import { NOT_SET } from "../../../stack/config/problems";
import { ofType, plural, rec, str, TYPES, View } from "../view";

/** How long Azure RBAC can take to propagate a new role assignment. */
export const RBAC_PROPAGATION_MAX = "10 minutes";

// 5. A pipeline that uses a group but is not authorized.
export function authorizations(view: View, plan: PreflightInput["plan"]): Finding[] {
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
    // A planned group's config entry, found by its name; the list itself for a group the config does not name.
    const groupPath = (name: unknown): string => {
        const group = groups.find((g) => g.name === name);
        return group ? `devops.variableGroups[${group.index}]` : "devops.variableGroups";
    };

    const pipelinesSeen = new Set<number>();
    for (const group of groups) {
        const resources = planned.filter((r) => r.inputs.name === group.name);
        const groupId = str(rec(groupIds[group.name]).id);
        group.pipelines.forEach((pipeline, j) => {
            if (!authorized("variablegroup", pipeline, resources.map((r) => r.urn), groupId)) {
                findings.push({
                    check: "pipeline-authorization",
                    severity: "error",
                    path: `devops.variableGroups[${group.index}].pipelines[${j}]`,
                    found: `pipeline ${pipeline}, with no PipelineAuthorization of variable group ${JSON.stringify(group.name)} for it in the plan`,
                    expected: "a pipeline the plan authorizes for the group (a PipelineAuthorization of type variablegroup)",
                    why: `Pipeline ${pipeline} uses variable group "${group.name}", but the plan has no PipelineAuthorization of the group for it: its runs stop at "This pipeline needs permission to access a resource before this run can continue" until someone permits it by hand (and nobody should open the group to all pipelines).`,
                    fix: `Authorize it in code: the stack's KeyVaultVariableGroups creates an authorization for each (group, pipeline) in devops.variableGroups; make sure the program passes this group to it, then plan again (npm run plan -- --stack ${view.stack}).`,
                });
            }
            if (!pipelinesSeen.has(pipeline)) {
                pipelinesSeen.add(pipeline);
                if (!authorized("endpoint", pipeline, endpoints, connectionId)) {
                    findings.push({
                        check: "pipeline-authorization",
                        severity: "error",
                        path: `devops.variableGroups[${group.index}].pipelines[${j}]`,
                        found: `pipeline ${pipeline}, with no PipelineAuthorization of the service connection for it in the plan`,
                        expected: "a pipeline the plan authorizes for the service connection the groups read the vault through (a PipelineAuthorization of type endpoint)",
                        why: `Pipeline ${pipeline} uses variable group "${group.name}", but the plan does not authorize it for the service connection the group reads the vault through: the run stops at "needs permission" for the service connection.`,
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
                path: groupPath(resource.inputs.name),
                found: `variable group ${JSON.stringify(String(resource.inputs.name))} planned with allowAccess true`,
                expected: "allowAccess false, with each pipeline authorized on its own (devops.variableGroups[].pipelines)",
                why: `Variable group "${String(resource.inputs.name)}" is open to every pipeline of the project (allowAccess true): any pipeline, including one added in a pull request, can read its secrets.`,
                fix: "Set allowAccess to false and authorize the pipelines one by one (devops.variableGroups[].pipelines).",
            });
        }
    }
    return findings;
}

// 6. A principal ID that is really an application ID.
export function principalIds(view: View, plan: PreflightInput["plan"]): Finding[] {
    const findings: Finding[] = [];
    const devops = view.devops;
    const applicationId = devops?.applicationId;
    const objectIdFix = (appId: string, key: string): string =>
        `Use the service principal's object ID: az ad sp show ${shellOption("--id", appId)} --query id -o tsv, then pulumi config set --path ${shellQuote(key)} <object-id>`;
    if (devops?.mode === "existing" && sameId(devops.principalObjectId, applicationId)) {
        findings.push({
            check: "principal-id",
            severity: "error",
            path: "devops.serviceConnection.principalObjectId",
            found: `${JSON.stringify(devops.principalObjectId)}, the same as devops.serviceConnection.applicationId`,
            expected: "the object ID of the service connection's service principal, not its application (client) ID",
            why: `devops.serviceConnection.principalObjectId (${devops.principalObjectId}) is the service connection's application (client) ID (devops.serviceConnection.applicationId), not its service principal's object ID: a role assignment to it fails (PrincipalNotFound) or grants nothing, and the groups get 403 from the vault.`,
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
                path: p.key,
                found: `${JSON.stringify(p.principalId)}, the application (client) ID in devops.serviceConnection.applicationId`,
                expected: `the object ID of the principal to grant ${p.role}`,
                why: `${p.key} (${p.principalId}) is an application (client) ID, the one in devops.serviceConnection.applicationId, not an object ID: the ${p.role} assignment to it fails (PrincipalNotFound) or grants nothing.`,
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
                // The program, not a config key, passes the identity's ID; the assignments are what access.* configures.
                path: "access",
                found: `role assignment ${assignment.name} with principalId ${JSON.stringify(principalId)}, the clientId of managed identity ${identity.name}`,
                expected: "the managed identity's principalId (object ID)",
                why: `Role assignment ${assignment.name} is given the client (application) ID of managed identity ${identity.name}, not its principal (object) ID: the assignment fails or grants nothing.`,
                fix: "Assign the identity's principalId output, not its clientId.",
            });
        }
    }
    if (devops?.mode === "existing" && !applicationId && devops.principalObjectId) {
        findings.push({
            check: "principal-id",
            severity: "info",
            path: "devops.serviceConnection.applicationId",
            found: NOT_SET,
            expected: `the service connection's application (client) ID, so that devops.serviceConnection.principalObjectId ${JSON.stringify(devops.principalObjectId)} can be told from it offline`,
            why: `devops.serviceConnection.principalObjectId (${devops.principalObjectId}) cannot be told from an application ID offline without devops.serviceConnection.applicationId; the stack checks it against Azure DevOps only at preview/up.`,
            fix: `Set the connection's application ID so config validation and preflight compare them now: pulumi config set --path 'devops.serviceConnection.applicationId' "$(az ad sp show ${shellOption("--id", devops.principalObjectId)} --query appId -o tsv)"`,
        });
    }
    const pipelinePrincipal = view.principals.find((p) => p.key === "access.pipelinePrincipalId");
    if (pipelinePrincipal && !flagged.has(pipelinePrincipal.key)) {
        findings.push({
            check: "principal-id",
            severity: "info",
            path: "access.pipelinePrincipalId",
            found: JSON.stringify(pipelinePrincipal.principalId),
            expected: "the object ID of the pipeline service connection's service principal (offline checks cannot tell it from its application ID)",
            why: `access.pipelinePrincipalId (${pipelinePrincipal.principalId}) must be the object ID of the pipeline service connection's service principal, which offline checks cannot tell from its application ID (both are GUIDs). Given an application ID, the role assignment fails with PrincipalNotFound or grants nothing.`,
            fix: `Check it: az ad sp show ${shellOption("--id", pipelinePrincipal.principalId)} --query id -o tsv must print ${pipelinePrincipal.principalId}; if it prints another GUID, that is the object ID to set.`,
        });
    }
    return findings;
}

const ROLE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ROLE_IDS).map(([name, id]) => [id, name]));

// 7. Role assignments that need up to 10 minutes to propagate.
export function rbacPropagation(view: View, plan: PreflightInput["plan"]): Finding[] {
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
            // The role assignments are what access.* (and devops, for the connection's principal) configures.
            path: "access",
            found: `${plural(lines.length, "role assignment")}, ${waited ? "the stack waiting for some of them with a time Sleep" : "nothing in the stack waiting for them"}`,
            expected: `a wait of up to ${RBAC_PROPAGATION_MAX} after \`pulumi up\` creates them, before the first pipeline run that reads secrets`,
            why: [
                `${plural(lines.length, "role assignment")} take${lines.length === 1 ? "s" : ""} effect only once Azure RBAC has propagated ${lines.length === 1 ? "it" : "them"}, up to ${RBAC_PROPAGATION_MAX} after \`pulumi up\` creates ${lines.length === 1 ? "it" : "them"}:`,
                ...lines,
            ].join("\n"),
            fix: `After the first \`pulumi up\` of this stack (and after any new principal or vault), wait up to ${RBAC_PROPAGATION_MAX} before the first pipeline run that reads secrets: a job that fails in that window with 403 Forbidden ("Caller is not authorized to perform action on resource", ForbiddenByRbac) needs a re-run, not a fix.${
                waited ? " The stack's own wait only lets Azure DevOps create the variable groups; it does not cover the full propagation time for pipeline runs." : ""
            }`,
        },
    ];
}
