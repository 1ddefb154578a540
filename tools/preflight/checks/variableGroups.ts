/*
 * Preflight checks: what breaks a Key Vault-linked variable group (no variables, a name that differs only by case, an external secret nothing creates).
 */
import { caseOnlyMatch } from "../../../stack/names";
import { shellArgs, shellOption, shellQuote } from "../../../stack/shellQuote";
import type { Finding, PreflightInput } from "../preflight";
import { ofType, plannedVariables, str, TYPES, View } from "../view";

// 1. A variable group with no variables.
export function emptyGroups(view: View, plan: PreflightInput["plan"]): Finding[] {
    const findings: Finding[] = [];
    const reported = new Set<string>();
    for (const group of view.devops?.groups ?? []) {
        if (group.secrets.length === 0) {
            reported.add(group.name);
            findings.push({
                check: "empty-variable-group",
                severity: "error",
                path: `devops.variableGroups[${group.index}].secrets`,
                found: "[]",
                expected: "at least one secret name from `secrets`",
                why: `Variable group "${group.name}" links no secret: a Key Vault-linked group without variables shows "0 variables" in Azure DevOps and gives the pipelines that use it nothing, so every $(secret-name) they read stays unset.`,
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
                // Not a group of devops.variableGroups: the program plans it, the list is where the user names groups.
                path: "devops.variableGroups",
                found: `variable group ${JSON.stringify(name)} (resource ${resource.name}) planned with no variables`,
                expected: "at least one variable in every Key Vault-linked group",
                why: `Variable group "${name}" (resource ${resource.name}) is planned with no variables: Azure DevOps would show "0 variables" and pipelines would read nothing from it.`,
                fix: "Give the group the secret names it links (KeyVaultVariableGroups takes them from devops.variableGroups[].secrets); a Key Vault-linked group needs at least one.",
            });
        }
    }
    return findings;
}

// 2. A variable name that differs from a vault secret only by case.
export function caseMismatches(view: View, plan: PreflightInput["plan"]): Finding[] {
    const known = [...view.secrets.map((s) => s.name), ...ofType(plan, TYPES.secret).map((s) => str(s.inputs.secretName)).filter((n): n is string => n !== undefined)];
    const mismatch = (name: string): string | undefined => caseOnlyMatch(known, name);
    const why = (group: string, name: string, secret: string): string =>
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
                    path: key,
                    found: JSON.stringify(name),
                    expected: `the vault secret's exact name, ${JSON.stringify(secret)}`,
                    why: why(group.name, name, secret),
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
                    // A variable of a planned group that devops.variableGroups does not list under that name.
                    path: "devops.variableGroups",
                    found: `variable ${JSON.stringify(name)} of planned variable group ${JSON.stringify(groupName)}`,
                    expected: `the vault secret's exact name, ${JSON.stringify(secret)}`,
                    why: why(groupName, name, secret),
                    fix: `Name the variable exactly like the secret: ${secret}.`,
                });
            }
        }
    }
    return findings;
}

// 3. An external secret a group needs but that nothing creates.
export function externalSecrets(view: View, plan: PreflightInput["plan"]): Finding[] {
    const created = new Set(ofType(plan, TYPES.secret).map((s) => (str(s.inputs.secretName) ?? "").toLowerCase()));
    const findings: Finding[] = [];
    for (const secret of view.secrets) {
        const linking = (view.devops?.groups ?? []).filter((g) => g.secrets.includes(secret.name));
        const groups = linking.map((g) => `"${g.name}"`);
        if (secret.source !== "external" || groups.length === 0 || created.has(secret.name.toLowerCase())) {
            continue;
        }
        findings.push({
            check: "external-secret",
            severity: "warning",
            path: `secrets[${secret.index}]`,
            found: `${JSON.stringify(secret.name)}, source "external", which nothing in this stack creates`,
            expected: `a secret already in the vault when variable group${groups.length === 1 ? "" : "s"} ${linking.map((g) => JSON.stringify(g.name)).join(", ")} ${groups.length === 1 ? "is" : "are"} created`,
            why: `${secret.name} is an \`external\` secret that variable group${groups.length === 1 ? "" : "s"} ${groups.join(", ")} link${groups.length === 1 ? "s" : ""}, and nothing in this stack creates it. It must be in the vault before the group is created: otherwise Azure DevOps rejects the group (the secret is not in the vault) and \`pulumi up\` fails there.`,
            fix: [
                `Once the vault exists (a first \`pulumi up\` creates it; if the group then fails, set the secret and run \`pulumi up\` again), set the secret as a Key Vault Secrets Officer, from an address the vault's firewall admits:`,
                `az keyvault secret set --vault-name "$(pulumi stack output vaultName ${shellOption("--stack", view.stack)})" ${shellOption("--name", secret.name)} --file '<file holding the value>' --encoding utf-8 ${shellOption("--content-type", secret.contentType)} --expires "$(date -u -d '+${Math.trunc(Number(secret.expiresInDays))} days' +%Y-%m-%dT%H:%M:%SZ)"`,
            ].join("\n"),
        });
    }
    return findings;
}
