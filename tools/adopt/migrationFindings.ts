/*
 * Preflight's `access-policy-migration` check (tools/preflight/preflight.ts): for an adopted vault that has access
 * policies (`adopt.accessPolicies`, recorded from `az keyvault show` by `npm run adopt`), the role assignments equivalent
 * to each policy, the config entries that create them, and the warning that switching the vault to RBAC cuts off every
 * access-policy principal (tools/adopt/accessPolicies.ts has the mapping and its sources).
 */
import type { Finding } from "../preflight/preflight";
import type { AdoptedAccessPolicy } from "../../stack/config/adoption";
import { configEntry, migrationsFor, roleAssignmentCommand } from "./accessPolicies";

type Rec = Record<string, unknown>;
const rec = (v: unknown): Rec => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const strings = (v: unknown): string[] => arr(v).filter((s): s is string => typeof s === "string");

/** The access policies of raw or validated config, wrong-typed entries dropped. */
export function adoptedAccessPolicies(config: unknown): AdoptedAccessPolicy[] {
    return arr(rec(rec(config).adopt).accessPolicies).flatMap((p) => {
        const policy = rec(p);
        if (typeof policy.objectId !== "string") {
            return [];
        }
        const perms = rec(policy.permissions);
        return [
            {
                objectId: policy.objectId,
                ...(typeof policy.tenantId === "string" ? { tenantId: policy.tenantId } : {}),
                ...(typeof policy.applicationId === "string" ? { applicationId: policy.applicationId } : {}),
                permissions: { keys: strings(perms.keys), secrets: strings(perms.secrets), certificates: strings(perms.certificates), storage: strings(perms.storage) },
            },
        ];
    });
}

export function accessPolicyMigrationFindings(config: unknown): Finding[] {
    const policies = adoptedAccessPolicies(config);
    if (policies.length === 0) {
        return [];
    }
    const vaultId = typeof rec(rec(config).adopt).vaultId === "string" ? (rec(rec(config).adopt).vaultId as string) : "<vault resource ID>";
    const findings: Finding[] = [];
    const migrations = migrationsFor(policies, config);
    migrations.forEach((m, i) => {
        const key = `adopt.accessPolicies[${i}]`;
        const lines = m.roles.map((r) => `  ${r.role} (replaces ${r.replaces})${m.missing.includes(r) ? "" : ": granted by the stack's config"}`);
        if (m.roles.length === 0) {
            lines.push("  no data-plane role (the policy grants no secret, key or certificate permission)");
        }
        if (m.storage.length > 0) {
            lines.push(`  storage: ${m.storage.join(", ")}: managed storage account keys have no RBAC equivalent (they work with access policies only)`);
        }
        const fixes = m.missing.map((r) => configEntry(m.objectId, r, "<User|Group|ServicePrincipal>") ?? roleAssignmentCommand(m.objectId, r.role, vaultId));
        findings.push({
            check: "access-policy-migration",
            // An error while the config lacks a role it can grant; a warning for the officer roles only `az` grants
            // (preflight cannot see those assignments offline), and for storage permissions nothing replaces.
            severity: m.missing.some((r) => r.home !== "manual") ? "error" : m.missing.length > 0 || m.storage.length > 0 ? "warning" : "info",
            path: key,
            found: `access policy of ${m.objectId}${m.applicationId ? ` (application ${m.applicationId})` : ""}, ${
                m.missing.length > 0 ? `the config not granting ${m.missing.map((r) => r.role).join(", ")}` : "every equivalent role granted by the config"
            }${m.storage.length > 0 ? `, storage permissions ${m.storage.join(", ")}` : ""}`,
            expected: m.roles.length > 0 ? `a role assignment on the vault for each role it maps to: ${m.roles.map((r) => r.role).join(", ")}` : "nothing (it maps to no data-plane role)",
            why: [`Access policy of ${m.objectId}${m.applicationId ? ` (application ${m.applicationId})` : ""} maps to these role assignments on the vault:`, ...lines].join("\n"),
            fix:
                fixes.length > 0
                    ? ["Add to Pulumi.<stack>.yaml (the stack creates these), or run (roles the stack does not grant):", ...fixes].join("\n")
                    : "Nothing to add: the stack's config grants every role this policy maps to.",
        });
    });
    findings.push({
        check: "access-policy-migration",
        severity: "warning",
        path: "adopt.accessPolicies",
        found: `${policies.length} access polic${policies.length === 1 ? "y" : "ies"} on a vault the stack switches to RBAC authorization (enableRbacAuthorization: true)`,
        expected: "a role assignment for every principal they list before the first `pulumi up`, which cuts the policies off",
        why: `The adopted vault authorizes with ${policies.length} access polic${policies.length === 1 ? "y" : "ies"}; the stack sets enableRbacAuthorization: true, and from that update on access policies no longer apply: every principal they list is cut off until a role assignment grants it access, and a new role assignment takes up to 10 minutes to propagate (https://learn.microsoft.com/azure/key-vault/general/rbac-migration).`,
        fix: "Grant every principal above its roles through the config (access.extraRoles, access.secretsOfficers) or az role assignment create, run the first `pulumi up` in a window where pipelines and apps can wait ~10 minutes, then check access with `az keyvault secret list --vault-name <vault>` as each principal.",
    });
    return findings;
}
