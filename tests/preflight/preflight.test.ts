import * as assert from "assert";
import { EvaluatedProgram } from "../../tools/plan/evaluate";
import { PlannedResource } from "../../tools/plan/types";
import { Finding, findingHeadline, preflight, preflightExitCode, PREFLIGHT_CHECKS, renderFindings } from "../../tools/preflight/preflight";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
import { evaluatedPlan, findingsOf, theFinding } from "./helpers";

type Rec = Record<string, unknown>;

const TYPES = {
    variableGroup: "azuredevops:index/variableGroup:VariableGroup",
    authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    sleep: "time:index/sleep:Sleep",
};

/** The shipped stack's raw config, a fresh copy to change. */
function raw(stack: string): Rec {
    return structuredClone(readStackConfig(REPO_ROOT, stack).raw);
}

function devopsOf(config: Rec): Rec & { variableGroups: Rec[]; serviceConnection: Rec } {
    return config.devops as Rec & { variableGroups: Rec[]; serviceConnection: Rec };
}

function withResources(plan: EvaluatedProgram, change: (resources: PlannedResource[]) => PlannedResource[]): EvaluatedProgram {
    return { ...plan, resources: change(structuredClone(plan.resources)) };
}

function ofType(plan: EvaluatedProgram, type: string): PlannedResource[] {
    return plan.resources.filter((r) => r.type === type);
}

describe("preflight (tools/preflight/preflight.ts)", function () {
    this.timeout(120_000);
    const plans: Record<string, EvaluatedProgram> = {};
    before(async () => {
        plans.staging = await evaluatedPlan("staging");
        plans.production = await evaluatedPlan("production");
    });
    const staging = (): EvaluatedProgram => plans.staging as EvaluatedProgram;

    for (const stack of ["staging", "production"]) {
        it(`finds no error in the shipped ${stack} stack, with or without its plan`, async () => {
            const { config } = readStackConfig(REPO_ROOT, stack);
            for (const findings of [preflight({ config, plan: plans[stack], stack }), preflight({ config, stack })]) {
                assert.deepStrictEqual(
                    findings.filter((f) => f.severity === "error"),
                    [],
                );
                assert.strictEqual(preflightExitCode(findings), 0);
                for (const f of findings) {
                    assert.ok(PREFLIGHT_CHECKS.includes(f.check));
                    for (const field of ["path", "found", "expected", "fix", "why"] as const) {
                        assert.ok(f[field].length > 0, `${f.check} ${field}: ${JSON.stringify(f)}`);
                    }
                }
            }
        });
    }

    it("takes raw and validated config alike", async () => {
        const files = readStackConfig(REPO_ROOT, "staging");
        assert.deepStrictEqual(preflight({ config: files.raw, plan: staging(), stack: "staging" }), preflight({ config: files.config, plan: staging(), stack: "staging" }));
    });

    describe("1. empty-variable-group", () => {
        it("reports a group that links no secret (config), with the command to add one", async () => {
            const config = raw("staging");
            devopsOf(config).variableGroups[0] = { ...devopsOf(config).variableGroups[0], secrets: [] };
            const findings = preflight({ config, stack: "staging" });
            const f = theFinding(findings, "empty-variable-group", "devops.variableGroups[0].secrets");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.found, "[]");
            assert.strictEqual(f.expected, "at least one secret name from `secrets`");
            assert.strictEqual(findingHeadline(f), "empty-variable-group `devops.variableGroups[0].secrets`: found []; must be at least one secret name from `secrets`");
            assert.strictEqual(
                f.why,
                'Variable group "payments-staging" links no secret: a Key Vault-linked group without variables shows "0 variables" in Azure DevOps and gives the pipelines that use it nothing, so every $(secret-name) they read stays unset.',
            );
            assert.strictEqual(f.fix, "List the secrets it should link, by their exact names from `secrets`: pulumi config set --path 'devops.variableGroups[0].secrets[0]' db-password");
            assert.strictEqual(preflightExitCode(findings), 1);
        });

        it("reports a planned group with no variables", async () => {
            const plan = withResources(staging(), (rs) => rs.map((r) => (r.type === TYPES.variableGroup ? { ...r, inputs: { ...r.inputs, variables: [] } } : r)));
            const group = ofType(plan, TYPES.variableGroup)[0] as PlannedResource;
            const f = theFinding(preflight({ config: raw("staging"), plan }), "empty-variable-group");
            assert.strictEqual(f.path, "devops.variableGroups");
            assert.strictEqual(f.found, `variable group "payments-staging" (resource ${group.name}) planned with no variables`);
            assert.strictEqual(f.expected, "at least one variable in every Key Vault-linked group");
            assert.strictEqual(f.why, `Variable group "payments-staging" (resource ${group.name}) is planned with no variables: Azure DevOps would show "0 variables" and pipelines would read nothing from it.`);
            assert.match(f.fix, /needs at least one/);
        });
    });

    describe("2. secret-name-case", () => {
        it("reports a group secret that differs from a vault secret only by case, with the exact name to write", async () => {
            const config = raw("staging");
            const group = devopsOf(config).variableGroups[0] as Rec;
            group.secrets = ["DB-Password", "payments-api-key"];
            const f = theFinding(preflight({ config, stack: "staging" }), "secret-name-case", "devops.variableGroups[0].secrets[0]");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.found, '"DB-Password"');
            assert.strictEqual(f.expected, 'the vault secret\'s exact name, "db-password"');
            assert.strictEqual(findingHeadline(f), 'secret-name-case `devops.variableGroups[0].secrets[0]`: found "DB-Password"; must be the vault secret\'s exact name, "db-password"');
            assert.ok(f.why.startsWith('Variable group "payments-staging" lists "DB-Password", which differs from the vault secret "db-password" only by case. Key Vault names are case-insensitive'), f.why);
            assert.match(f.why, /pipelines would have to read \$\(DB-Password\), not the \$\(db-password\)/);
            assert.strictEqual(f.fix, "Write the secret's exact name: pulumi config set --path 'devops.variableGroups[0].secrets[0]' db-password");
        });

        it("reports it from the plan too (a group the program planned with a case-mismatched variable)", async () => {
            const plan = withResources(staging(), (rs) =>
                rs.map((r) => (r.type === TYPES.variableGroup ? { ...r, inputs: { ...r.inputs, variables: [{ name: "Payments-Api-Key" }] } } : r)),
            );
            const f = theFinding(preflight({ config: raw("staging"), plan }), "secret-name-case");
            assert.strictEqual(f.path, "devops.variableGroups");
            assert.strictEqual(f.found, 'variable "Payments-Api-Key" of planned variable group "payments-staging"');
            assert.strictEqual(f.expected, 'the vault secret\'s exact name, "payments-api-key"');
            assert.match(f.why, /lists "Payments-Api-Key", which differs from the vault secret "payments-api-key" only by case/);
            assert.strictEqual(f.fix, "Name the variable exactly like the secret: payments-api-key.");
        });
    });

    describe("3. external-secret", () => {
        it("warns about a pre-existing external secret a group links, with the az command to create it", () => {
            const config = raw("staging");
            (config.secrets as Rec[])[2] = { ...(config.secrets as Rec[])[2], preexisting: true };
            devopsOf(config).variableGroups[0] = { ...devopsOf(config).variableGroups[0], secrets: ["db-password", "payments-api-key"] };
            const f = theFinding(preflight({ config, stack: "staging" }), "external-secret", "secrets[2]");
            assert.strictEqual(f.severity, "warning");
            assert.strictEqual(f.found, '"payments-api-key", source "external", which nothing in this stack creates');
            assert.strictEqual(f.expected, 'a secret already in the vault when variable group "payments-staging" is created');
            assert.strictEqual(
                f.why,
                'payments-api-key is an `external` secret that variable group "payments-staging" links, and nothing in this stack creates it. It must be in the vault before the group is created: otherwise Azure DevOps rejects the group (the secret is not in the vault) and `pulumi up` fails there.',
            );
            const [first, command] = f.fix.split("\n");
            assert.match(first ?? "", /^Once the vault exists/);
            assert.strictEqual(
                command,
                `az keyvault secret set --vault-name "$(pulumi stack output vaultName --stack staging)" --name payments-api-key --file '<file holding the value>' --encoding utf-8 --content-type text/plain --expires "$(date -u -d '+90 days' +%Y-%m-%dT%H:%M:%SZ)"`,
            );
        });

        it("says nothing when no group links it", async () => {
            const config = raw("staging");
            devopsOf(config).variableGroups[0] = { ...devopsOf(config).variableGroups[0], secrets: ["db-password"] };
            assert.deepStrictEqual(findingsOf(preflight({ config, plan: staging() }), "external-secret"), []);
        });

        it("says nothing for a secret the stack creates", async () => {
            const config = raw("staging");
            (config.secrets as Rec[])[2] = { name: "payments-api-key", source: "generate" };
            assert.deepStrictEqual(findingsOf(preflight({ config }), "external-secret"), []);
        });
    });

    describe("4. firewall", () => {
        it("rejects a production vault with public network access disabled while groups link it", async () => {
            const config = raw("production");
            (config.vault as Rec).publicNetworkAccess = "Disabled";
            const f = theFinding(preflight({ config, stack: "production" }), "firewall", "vault.publicNetworkAccess");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.found, '"Disabled"');
            assert.match(f.expected, /^Enabled while devops\.variableGroups link this vault \(Azure DevOps resolves Key Vault-linked variable groups from its own public addresses/);
            assert.ok(f.why.startsWith("The vault's public network access is Disabled while variable groups link it: Azure DevOps reads a Key Vault-linked group's secrets from its own public addresses"), f.why);
            assert.match(f.fix, /^pulumi config set --path 'vault\.publicNetworkAccess' Enabled and list your region's Azure DevOps ranges/);
        });

        it("warns (staging) when the firewall denies by default and no Azure DevOps range is marked", async () => {
            const config = raw("staging");
            delete devopsOf(config).allowedIpRanges;
            const f = theFinding(preflight({ config, stack: "staging" }), "firewall", "devops.allowedIpRanges");
            assert.strictEqual(f.severity, "warning");
            assert.strictEqual(f.found, "[]");
            assert.match(f.expected, /^at least one Azure DevOps IP range of your organization's region, also listed in vault\.network\.ipRules/);
            assert.match(f.why, /^The vault's firewall denies by default and devops\.allowedIpRanges names no Azure DevOps range: /);
            assert.match(f.fix, /^add your region's Azure DevOps ranges to vault\.network\.ipRules and to devops\.allowedIpRanges/);
        });

        it("warns when only Azure DevOps' ranges get through: no agent can download the secrets", async () => {
            const config = raw("staging");
            const network = (config.vault as Rec).network as Rec;
            network.ipRules = ["40.74.28.0/23", "20.166.41.0/24"];
            network.subnetIds = [];
            const f = theFinding(preflight({ config }), "firewall", "vault.network");
            assert.strictEqual(f.severity, "warning");
            assert.strictEqual(f.found, "a deny-by-default firewall with no subnet and no address besides Azure DevOps' ranges");
            assert.strictEqual(f.expected, "the subnet (vault.network.subnetIds) or fixed egress address (vault.network.ipRules) of the agents that run the jobs using the groups");
            assert.match(f.why, /^The vault's firewall denies by default and admits no agent: .* 403 ForbiddenByFirewall .*Microsoft-hosted agents included/);
            assert.match(f.fix, /pulumi config set --path 'vault\.network\.subnetIds\[0\]' <subnet resource ID>/);
        });

        it("notes, for the shipped stack, that Microsoft-hosted agents are refused and which agents get through", async () => {
            const f = theFinding(preflight({ config: raw("staging") }), "firewall", "vault.network");
            assert.strictEqual(f.severity, "info");
            assert.strictEqual(f.found, "a deny-by-default firewall that admits agents only from subnet vnet-build-agents/snet-agents, address 52.174.96.16/28");
            assert.strictEqual(f.expected, "the agents that run the jobs using the groups among those it admits (Microsoft-hosted agents are not: their addresses are not listed and change every week)");
            assert.match(f.why, /^Microsoft-hosted agents cannot read this vault: its firewall denies by default and admits agents only from subnet vnet-build-agents\/snet-agents, address 52\.174\.96\.16\/28\./);
            assert.match(f.fix, /self-hosted pool .*pipelines\/templates\/use-secrets\.yml takes it as its `pool` parameter/);
        });

        it("says nothing when the vault allows public traffic (outside production) or without variable groups", async () => {
            const open = raw("staging");
            ((open.vault as Rec).network as Rec).defaultAction = "Allow";
            assert.deepStrictEqual(findingsOf(preflight({ config: open }), "firewall"), []);
            const noGroups = raw("staging");
            devopsOf(noGroups).variableGroups = [];
            assert.deepStrictEqual(findingsOf(preflight({ config: noGroups }), "firewall"), []);
        });
    });

    describe("5. pipeline-authorization", () => {
        it("finds every (group, pipeline) and the service connection authorized in the shipped plans", async () => {
            for (const stack of ["staging", "production"]) {
                assert.deepStrictEqual(findingsOf(preflight({ config: raw(stack), plan: plans[stack] }), "pipeline-authorization"), []);
            }
        });

        it("reports a pipeline that uses a group without the group's authorization", async () => {
            const plan = withResources(staging(), (rs) => rs.filter((r) => !(r.type === TYPES.authorization && r.inputs.type === "variablegroup" && r.inputs.pipelineId === 14)));
            const findings = preflight({ config: raw("staging"), plan, stack: "staging" });
            const f = theFinding(findings, "pipeline-authorization");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.path, "devops.variableGroups[0].pipelines[1]");
            assert.strictEqual(f.found, 'pipeline 14, with no PipelineAuthorization of variable group "payments-staging" for it in the plan');
            assert.strictEqual(f.expected, "a pipeline the plan authorizes for the group (a PipelineAuthorization of type variablegroup)");
            assert.strictEqual(
                f.why,
                'Pipeline 14 uses variable group "payments-staging", but the plan has no PipelineAuthorization of the group for it: its runs stop at "This pipeline needs permission to access a resource before this run can continue" until someone permits it by hand (and nobody should open the group to all pipelines).',
            );
            assert.match(f.fix, /^Authorize it in code: .* then plan again \(npm run plan -- --stack staging\)\.$/);
            assert.strictEqual(preflightExitCode(findings), 1);
        });

        it("reports a pipeline not authorized for the service connection", async () => {
            const plan = withResources(staging(), (rs) => rs.filter((r) => !(r.type === TYPES.authorization && r.inputs.type === "endpoint" && r.inputs.pipelineId === 12)));
            const f = theFinding(preflight({ config: raw("staging"), plan }), "pipeline-authorization");
            assert.strictEqual(f.path, "devops.variableGroups[0].pipelines[0]");
            assert.strictEqual(f.found, "pipeline 12, with no PipelineAuthorization of the service connection for it in the plan");
            assert.match(f.why, /^Pipeline 12 uses variable group "payments-staging", but the plan does not authorize it for the service connection/);
        });

        it("does not count an authorization of another resource for the same pipeline", async () => {
            const plan = withResources(staging(), (rs) =>
                rs.map((r) =>
                    r.type === TYPES.authorization && r.inputs.type === "variablegroup" && r.inputs.pipelineId === 12
                        ? { ...r, inputs: { ...r.inputs, resourceId: "999" }, propertyDependencies: {} }
                        : r,
                ),
            );
            assert.strictEqual(theFinding(preflight({ config: raw("staging"), plan }), "pipeline-authorization").path, "devops.variableGroups[0].pipelines[0]");
        });

        it("warns about a group open to every pipeline", async () => {
            const plan = withResources(staging(), (rs) => rs.map((r) => (r.type === TYPES.variableGroup ? { ...r, inputs: { ...r.inputs, allowAccess: true } } : r)));
            const f = theFinding(preflight({ config: raw("staging"), plan }), "pipeline-authorization");
            assert.strictEqual(f.severity, "warning");
            assert.strictEqual(f.path, "devops.variableGroups[0]");
            assert.strictEqual(f.found, 'variable group "payments-staging" planned with allowAccess true');
            assert.strictEqual(f.expected, "allowAccess false, with each pipeline authorized on its own (devops.variableGroups[].pipelines)");
            assert.match(f.why, /^Variable group "payments-staging" is open to every pipeline of the project \(allowAccess true\)/);
        });

        it("needs the plan: without it the check says nothing", async () => {
            assert.deepStrictEqual(findingsOf(preflight({ config: raw("staging") }), "pipeline-authorization"), []);
        });
    });

    describe("6. principal-id", () => {
        const appId = "0f1e2d3c-4b5a-4968-8776-655443322110";

        function existingConnection(principalObjectId: string): Rec {
            const config = raw("staging");
            devopsOf(config).serviceConnection = { mode: "existing", id: "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", principalObjectId, applicationId: appId };
            return config;
        }

        it("reports an existing connection whose principalObjectId is its application ID", async () => {
            const f = theFinding(preflight({ config: existingConnection(appId) }), "principal-id", "devops.serviceConnection.principalObjectId");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.found, `"${appId}", the same as devops.serviceConnection.applicationId`);
            assert.strictEqual(f.expected, "the object ID of the service connection's service principal, not its application (client) ID");
            assert.strictEqual(
                f.why,
                `devops.serviceConnection.principalObjectId (${appId}) is the service connection's application (client) ID (devops.serviceConnection.applicationId), not its service principal's object ID: a role assignment to it fails (PrincipalNotFound) or grants nothing, and the groups get 403 from the vault.`,
            );
            assert.strictEqual(f.fix, `Use the service principal's object ID: az ad sp show --id ${appId} --query id -o tsv, then pulumi config set --path 'devops.serviceConnection.principalObjectId' <object-id>`);
        });

        it("reports access.pipelinePrincipalId and an extra role given the connection's application ID", async () => {
            const config = existingConnection("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
            (config.access as Rec).pipelinePrincipalId = appId.toUpperCase();
            (config.access as Rec).extraRoles = [{ principalId: appId, role: "Key Vault Crypto User" }];
            const findings = preflight({ config });
            const pipeline = theFinding(findings, "principal-id", "access.pipelinePrincipalId");
            assert.strictEqual(pipeline.severity, "error");
            assert.strictEqual(pipeline.found, `"${appId.toUpperCase()}", the application (client) ID in devops.serviceConnection.applicationId`);
            assert.strictEqual(pipeline.expected, "the object ID of the principal to grant Key Vault Secrets User");
            assert.strictEqual(
                pipeline.why,
                `access.pipelinePrincipalId (${appId.toUpperCase()}) is an application (client) ID, the one in devops.serviceConnection.applicationId, not an object ID: the Key Vault Secrets User assignment to it fails (PrincipalNotFound) or grants nothing.`,
            );
            assert.match(pipeline.fix, /^Use the service principal's object ID: az ad sp show --id /);
            const extra = theFinding(findings, "principal-id", "access.extraRoles[0].principalId");
            assert.match(extra.why, /the Key Vault Crypto User assignment to it fails/);
            assert.deepStrictEqual(findingsOf(findings, "principal-id", "devops.serviceConnection.principalObjectId"), []);
        });

        it("reports a role assignment given a managed identity's client ID (from the plan)", async () => {
            const identity = ofType(staging(), TYPES.identity)[0] as PlannedResource;
            const plan = withResources(staging(), (rs) =>
                rs.map((r) => (r.type === TYPES.roleAssignment && r.name.endsWith("devops-service-connection") ? { ...r, inputs: { ...r.inputs, principalId: identity.outputs.clientId } } : r)),
            );
            const f = theFinding(preflight({ config: raw("staging"), plan }), "principal-id", "access");
            assert.strictEqual(f.severity, "error");
            assert.strictEqual(f.found, `role assignment staging-access-secrets-user-devops-service-connection with principalId ${JSON.stringify(identity.outputs.clientId)}, the clientId of managed identity ${identity.name}`);
            assert.strictEqual(f.expected, "the managed identity's principalId (object ID)");
            assert.strictEqual(f.why, `Role assignment staging-access-secrets-user-devops-service-connection is given the client (application) ID of managed identity ${identity.name}, not its principal (object) ID: the assignment fails or grants nothing.`);
            assert.strictEqual(f.fix, "Assign the identity's principalId output, not its clientId.");
        });

        it("notes what cannot be checked offline: an existing connection without applicationId, access.pipelinePrincipalId", async () => {
            const config = existingConnection("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
            delete devopsOf(config).serviceConnection.applicationId;
            const findings = preflight({ config });
            const connection = theFinding(findings, "principal-id", "devops.serviceConnection.applicationId");
            assert.strictEqual(connection.severity, "info");
            assert.strictEqual(connection.found, "not set");
            assert.strictEqual(
                findingHeadline(connection),
                'principal-id `devops.serviceConnection.applicationId`: not set; must be the service connection\'s application (client) ID, so that devops.serviceConnection.principalObjectId "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" can be told from it offline',
            );
            assert.strictEqual(
                connection.fix,
                `Set the connection's application ID so config validation and preflight compare them now: pulumi config set --path 'devops.serviceConnection.applicationId' "$(az ad sp show --id 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d --query appId -o tsv)"`,
            );
            const pipeline = theFinding(findings, "principal-id", "access.pipelinePrincipalId");
            assert.strictEqual(pipeline.severity, "info");
            assert.strictEqual(pipeline.found, '"3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90"');
            assert.strictEqual(
                pipeline.fix,
                "Check it: az ad sp show --id 3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90 --query id -o tsv must print 3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90; if it prints another GUID, that is the object ID to set.",
            );
        });
    });

    describe("7. rbac-propagation", () => {
        it("lists every planned role assignment, and which one the stack's time Sleep waits for", async () => {
            const plan = staging();
            const f = theFinding(preflight({ config: raw("staging"), plan }), "rbac-propagation");
            assert.strictEqual(f.severity, "info");
            const [head, ...lines] = f.why.split("\n");
            const assignments = ofType(plan, TYPES.roleAssignment);
            assert.strictEqual(f.path, "access");
            assert.strictEqual(f.found, `${assignments.length} role assignments, the stack waiting for some of them with a time Sleep`);
            assert.strictEqual(f.expected, "a wait of up to 10 minutes after `pulumi up` creates them, before the first pipeline run that reads secrets");
            assert.strictEqual(head, `${assignments.length} role assignments take effect only once Azure RBAC has propagated them, up to 10 minutes after \`pulumi up\` creates them:`);
            assert.strictEqual(lines.length, assignments.length);
            for (const a of assignments) {
                assert.ok(lines.some((l) => l.includes(`, ${a.name}: `)), a.name);
            }
            const sleep = ofType(plan, TYPES.sleep).find((s) => s.name === "staging-devops-rbac-propagation") as PlannedResource;
            assert.ok(
                lines.includes(
                    `  - Key Vault Secrets User for managed identity id-keyvault-devops-staging-ado (ServicePrincipal), staging-access-secrets-user-devops-service-connection: the stack waits ${String(sleep.inputs.createDuration)} (time Sleep ${sleep.name}) before creating what uses it`,
                ),
                lines.join("\n"),
            );
            assert.ok(lines.includes("  - Key Vault Secrets User for 3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90 (ServicePrincipal), staging-access-secrets-user-3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90: nothing in the stack waits for it"));
            assert.match(f.fix, /^After the first `pulumi up` of this stack .*wait up to 10 minutes before the first pipeline run that reads secrets: .*403 Forbidden/);
            assert.match(f.fix, /The stack's own wait only lets Azure DevOps create the variable groups/);
        });

        it("says when nothing waits (no Sleep in the plan)", async () => {
            const plan = withResources(staging(), (rs) => rs.filter((r) => r.type !== TYPES.sleep));
            const f = theFinding(preflight({ config: raw("staging"), plan }), "rbac-propagation");
            assert.match(f.found, /^\d+ role assignments, nothing in the stack waiting for them$/);
            for (const line of f.why.split("\n").slice(1)) {
                assert.ok(line.endsWith(": nothing in the stack waits for it"), line);
            }
            assert.ok(!f.fix.includes("The stack's own wait"));
        });

        it("lists the config's principals without a plan", async () => {
            const f = theFinding(preflight({ config: raw("staging") }), "rbac-propagation");
            assert.deepStrictEqual(f.why.split("\n").slice(1), [
                "  - Key Vault Secrets User for 3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90 (ServicePrincipal), access.pipelinePrincipalId: nothing in the stack waits for it",
                "  - Key Vault Secrets Officer for 9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35 (Group), access.secretsOfficers[0]: nothing in the stack waits for it",
                "  - Key Vault Secrets User for the service connection's principal (ServicePrincipal): the variable groups wait for it with a time Sleep",
            ]);
        });
    });

    it("renders errors first, each with its headline (path, found, expected), why and fix", async () => {
        const findings: Finding[] = [
            { check: "rbac-propagation", severity: "info", path: "access", found: "2 role assignments", expected: "a wait", fix: "wait", why: "two\nlines" },
            { check: "firewall", severity: "error", path: "vault.publicNetworkAccess", found: '"Disabled"', expected: "Enabled", fix: "open it\nthen plan", why: "blocked" },
        ];
        assert.strictEqual(
            renderFindings(findings, "Preflight for p/s"),
            [
                "Preflight for p/s: 1 error, 0 warnings, 1 note.",
                "",
                'error: firewall `vault.publicNetworkAccess`: found "Disabled"; must be Enabled',
                "  blocked",
                "  Fix: open it",
                "    then plan",
                "",
                "info: rbac-propagation `access`: found 2 role assignments; must be a wait",
                "  two",
                "  lines",
                "  Fix: wait",
            ].join("\n"),
        );
    });
});
