import * as assert from "assert";
import { Recorder } from "../../tools/plan/evaluate";
import { MOCK_SUBSCRIPTION_ID, MOCK_TENANT_ID } from "../../tools/plan/mocks";
import { recordingMocks, snapshot } from "../helpers/pulumi";
import {
    APPROVER,
    DEVOPS_TYPES,
    dependencyNames,
    devopsOf,
    EXISTING_CONNECTION_ID,
    EXISTING_PRINCIPAL,
    named,
    ofType,
    parentName,
    runStack,
    setRawConfig,
    stackRaw,
    StackRun,
    TYPES,
} from "./helpers";

const ROLE_SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6";

describe("devops: what the stack creates", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks("staging");
    });
    beforeEach(() => recorder.reset());

    describe("create mode (staging)", () => {
        // One evaluation shared by these read-only tests (a frozen snapshot: see tests/helpers/pulumi.ts).
        let run: StackRun;
        let shipped: Recorder;
        before(async () => {
            recorder.reset();
            setRawConfig(stackRaw("staging"));
            run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            shipped = snapshot(recorder);
        });

        it("configures an explicit azuredevops provider for the organization", () => {
            const provider = named(shipped, "staging-azuredevops");
            assert.strictEqual(provider.type, TYPES.provider);
            assert.strictEqual(provider.inputs.orgServiceUrl, "https://dev.azure.com/contoso");
            for (const r of shipped.resources.filter((x) => x.type.startsWith("azuredevops:"))) {
                assert.ok(r.provider?.startsWith(provider.urn), `${r.name} does not use the explicit provider (${String(r.provider)})`);
            }
        });

        it("creates a user-assigned managed identity in the vault's resource group", () => {
            const identity = named(shipped, "staging-service-connection-identity");
            assert.strictEqual(identity.type, TYPES.identity);
            assert.strictEqual(parentName(shipped, identity), "staging-service-connection");
            assert.deepStrictEqual(identity.inputs, {
                resourceGroupName: "rg-keyvault-devops-staging",
                resourceName: "id-keyvault-devops-staging-ado",
                location: "westeurope",
                tags: { environment: "staging", "managed-by": "pulumi/keyvault-devops" },
            });
        });

        it("creates a WorkloadIdentityFederation service connection with no stored secret", () => {
            const identity = named(shipped, "staging-service-connection-identity");
            const endpoint = named(shipped, "staging-service-connection-endpoint");
            assert.strictEqual(endpoint.type, TYPES.endpoint);
            assert.deepStrictEqual(endpoint.inputs, {
                projectId: endpoint.inputs.projectId,
                serviceEndpointName: "kv-staging",
                description:
                    "Reads the staging Key Vault's secrets for variable groups. Workload identity federation: no stored secret. Managed by Pulumi (keyvault-devops).",
                serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
                credentials: { serviceprincipalid: identity.outputs.clientId },
                azurermSpnTenantid: MOCK_TENANT_ID,
                azurermSubscriptionId: MOCK_SUBSCRIPTION_ID,
                azurermSubscriptionName: MOCK_SUBSCRIPTION_ID,
            });
            assert.match(String(endpoint.inputs.projectId), /^[0-9a-f-]{36}$/);
            const credentials = endpoint.inputs.credentials as Record<string, unknown>;
            assert.ok(!("serviceprincipalkey" in credentials) && !("serviceprincipalcertificate" in credentials));
            assert.ok(!("features" in endpoint.inputs), "validation would run before the federated credential exists");
            assert.deepStrictEqual(endpoint.propertyDependencies.credentials, [identity.urn]);
        });

        it("trusts the connection's issuer and subject with a federated identity credential on the identity", () => {
            const identity = named(shipped, "staging-service-connection-identity");
            const endpoint = named(shipped, "staging-service-connection-endpoint");
            const fic = named(shipped, "staging-service-connection-federated-credential");
            assert.strictEqual(fic.type, TYPES.federatedCredential);
            assert.deepStrictEqual(fic.inputs, {
                resourceGroupName: "rg-keyvault-devops-staging",
                resourceName: "id-keyvault-devops-staging-ado",
                federatedIdentityCredentialResourceName: "azure-devops",
                issuer: endpoint.outputs.workloadIdentityFederationIssuer,
                subject: endpoint.outputs.workloadIdentityFederationSubject,
                audiences: ["api://AzureADTokenExchange"],
            });
            assert.deepStrictEqual(fic.propertyDependencies.issuer, [endpoint.urn]);
            assert.deepStrictEqual(fic.propertyDependencies.subject, [endpoint.urn]);
            assert.deepStrictEqual(fic.propertyDependencies.resourceName, [identity.urn]);
        });

        it("grants the identity Key Vault Secrets User on its environment's vault only, through VaultAccess", () => {
            const identity = named(shipped, "staging-service-connection-identity");
            const vault = named(shipped, "staging-vault");
            const grant = named(shipped, "staging-access-secrets-user-devops-service-connection");
            assert.strictEqual(grant.type, TYPES.roleAssignment);
            assert.strictEqual(parentName(shipped, grant), "staging-access");
            assert.strictEqual(grant.inputs.principalId, identity.outputs.principalId);
            assert.strictEqual(grant.inputs.principalType, "ServicePrincipal");
            assert.strictEqual(grant.inputs.scope, vault.outputs.id);
            assert.strictEqual(grant.inputs.roleDefinitionId, `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_SECRETS_USER}`);
            assert.deepStrictEqual(grant.propertyDependencies.principalId, [identity.urn]);
        });

        it("waits for RBAC propagation with a time Sleep after the role assignment", () => {
            const sleep = named(shipped, "staging-devops-rbac-propagation");
            const grant = named(shipped, "staging-access-secrets-user-devops-service-connection");
            assert.strictEqual(sleep.type, TYPES.sleep);
            assert.deepStrictEqual(sleep.inputs, { createDuration: "2m", triggers: { roleAssignmentId: grant.outputs.id } });
            const deps = dependencyNames(shipped, sleep);
            assert.ok(deps.includes("staging-access-secrets-user-devops-service-connection"), deps.join(", "));
            assert.ok(deps.includes("staging-service-connection-federated-credential"), deps.join(", "));
        });

        it("creates one Key Vault-linked group per configured group, listing exactly its secret names", () => {
            const endpoint = named(shipped, "staging-service-connection-endpoint");
            const vault = named(shipped, "staging-vault");
            const groups = ofType(shipped, TYPES.variableGroup).sort((a, b) => a.name.localeCompare(b.name));
            assert.deepStrictEqual(groups.map((g) => g.name), ["staging-devops-payments-app", "staging-devops-payments-signing"]);
            const [app, signing] = groups;
            assert.deepStrictEqual(app?.inputs, {
                projectId: endpoint.inputs.projectId,
                name: "payments-app",
                description: "Secrets of the staging Key Vault, linked by name. Managed by Pulumi (keyvault-devops).",
                allowAccess: false,
                keyVault: { name: vault.outputs.name, serviceEndpointId: endpoint.outputs.id, searchDepth: 3 },
                variables: [{ name: "db-password" }, { name: "payments-api-key" }],
            });
            assert.strictEqual(signing?.inputs.description, "Signing key only");
            assert.deepStrictEqual(signing?.inputs.variables, [{ name: "api-signing-key" }]);
            for (const group of groups) {
                assert.strictEqual(parentName(shipped, group), "staging-devops");
                for (const variable of group.inputs.variables as Record<string, unknown>[]) {
                    assert.deepStrictEqual(Object.keys(variable), ["name"], "no value, isSecret or secretValue");
                }
            }
        });

        it("makes each group depend on the role assignment, the Sleep and the federated credential", () => {
            for (const group of ofType(shipped, TYPES.variableGroup)) {
                const deps = dependencyNames(shipped, group);
                for (const needed of [
                    "staging-access-secrets-user-devops-service-connection",
                    "staging-devops-rbac-propagation",
                    "staging-service-connection-federated-credential",
                ]) {
                    assert.ok(deps.includes(needed), `${group.name} does not depend on ${needed}: ${deps.join(", ")}`);
                }
            }
        });

        it("authorizes each group for its pipelines only, and the service connection for every pipeline using a group", () => {
            const endpoint = named(shipped, "staging-service-connection-endpoint");
            const auths = ofType(shipped, TYPES.authorization);
            const byName = Object.fromEntries(auths.map((a) => [a.name, a]));
            assert.deepStrictEqual(auths.map((a) => a.name).sort(), [
                "staging-devops-endpoint-pipeline-12",
                "staging-devops-endpoint-pipeline-14",
                "staging-devops-endpoint-pipeline-21",
                "staging-devops-variablegroup-payments-app-pipeline-12",
                "staging-devops-variablegroup-payments-app-pipeline-14",
                "staging-devops-variablegroup-payments-signing-pipeline-14",
                "staging-devops-variablegroup-payments-signing-pipeline-21",
            ]);
            const app = named(shipped, "staging-devops-payments-app");
            assert.deepStrictEqual(byName["staging-devops-variablegroup-payments-app-pipeline-12"]?.inputs, {
                projectId: app.inputs.projectId,
                resourceId: app.outputs.id,
                type: "variablegroup",
                pipelineId: 12,
            });
            assert.deepStrictEqual(byName["staging-devops-endpoint-pipeline-21"]?.inputs, {
                projectId: app.inputs.projectId,
                resourceId: endpoint.outputs.id,
                type: "endpoint",
                pipelineId: 21,
            });
            for (const auth of auths) {
                assert.strictEqual(typeof auth.inputs.pipelineId, "number", `${auth.name}: never all pipelines`);
            }
        });

        it("creates no environment or approval check outside production unless approvals are configured", () => {
            assert.deepStrictEqual(ofType(shipped, TYPES.environment), []);
            assert.deepStrictEqual(ofType(shipped, TYPES.checkApproval), []);
        });

        it("exports the service connection, the groups and how pipelines read each secret", () => {
            const endpoint = named(shipped, "staging-service-connection-endpoint");
            const outputs = shipped.stackOutputs;
            assert.strictEqual(outputs.serviceConnectionId, endpoint.outputs.id);
            assert.deepStrictEqual(outputs.variableGroups, {
                "payments-app": { id: named(shipped, "staging-devops-payments-app").outputs.id, name: "payments-app" },
                "payments-signing": { id: named(shipped, "staging-devops-payments-signing").outputs.id, name: "payments-signing" },
            });
            assert.deepStrictEqual(outputs.pipelineVariables, {
                "payments-app": [
                    { secret: "db-password", variable: "db-password", environmentVariable: "DB_PASSWORD" },
                    { secret: "payments-api-key", variable: "payments-api-key", environmentVariable: "PAYMENTS_API_KEY" },
                ],
                "payments-signing": [{ secret: "api-signing-key", variable: "api-signing-key", environmentVariable: "API_SIGNING_KEY" }],
            });
        });

        it("logs no firewall warning when an Azure DevOps range is let through", () => {
            assert.deepStrictEqual(run.warnings, []);
        });
    });

    describe("existing mode", () => {
        // One evaluation shared by these read-only tests (a frozen snapshot: see tests/helpers/pulumi.ts).
        let shipped: Recorder;
        before(async () => {
            recorder.reset();
            setRawConfig(
                stackRaw("staging", (raw) => {
                    devopsOf(raw).serviceConnection = { mode: "existing", id: EXISTING_CONNECTION_ID, principalObjectId: EXISTING_PRINCIPAL };
                }),
            );
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            shipped = snapshot(recorder);
        });

        it("creates no identity, connection or federated credential", () => {
            for (const type of [TYPES.identity, TYPES.endpoint, TYPES.federatedCredential]) {
                assert.deepStrictEqual(ofType(shipped, type), [], type);
            }
        });

        it("grants the given principal object ID read access to the vault", () => {
            const grant = named(shipped, "staging-access-secrets-user-devops-service-connection");
            assert.strictEqual(grant.inputs.principalId, EXISTING_PRINCIPAL);
            assert.strictEqual(grant.inputs.principalType, "ServicePrincipal");
            assert.match(String(grant.inputs.roleDefinitionId), new RegExp(`${ROLE_SECRETS_USER}$`));
        });

        it("links the groups through the given connection ID, after the role assignment and the Sleep", () => {
            for (const group of ofType(shipped, TYPES.variableGroup)) {
                assert.strictEqual((group.inputs.keyVault as Record<string, unknown>).serviceEndpointId, EXISTING_CONNECTION_ID);
                const deps = dependencyNames(shipped, group);
                assert.ok(deps.includes("staging-access-secrets-user-devops-service-connection"), deps.join(", "));
                assert.ok(deps.includes("staging-devops-rbac-propagation"), deps.join(", "));
            }
            const sleep = named(shipped, "staging-devops-rbac-propagation");
            assert.deepStrictEqual(dependencyNames(shipped, sleep).filter((d) => d !== "staging-devops"), [
                "staging-access-secrets-user-devops-service-connection",
            ]);
            for (const auth of ofType(shipped, TYPES.authorization).filter((a) => a.inputs.type === "endpoint")) {
                assert.strictEqual(auth.inputs.resourceId, EXISTING_CONNECTION_ID);
            }
            assert.strictEqual(shipped.stackOutputs.serviceConnectionId, EXISTING_CONNECTION_ID);
        });
    });

    describe("production", () => {
        it("creates the environment named after the stack's environment and an approval check on it", async () => {
            setRawConfig(
                stackRaw("production", (raw) => {
                    devopsOf(raw).approvals = { approvers: [APPROVER, "ana@contoso.com"], timeoutMinutes: 720 };
                }),
            );
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            // Approvers are resolved to Azure DevOps identities with the provider's data sources (checks reject
            // Entra object IDs: terraform-provider-azuredevops #864, #302).
            const lookups = recorder.invokes.filter((i) => i.token.startsWith("azuredevops:index/getIdentity")).sort((a, b) => a.token.localeCompare(b.token));
            assert.deepStrictEqual(
                lookups.map((i) => [i.token, i.inputs]),
                [
                    ["azuredevops:index/getIdentityGroup:getIdentityGroup", { projectId: named(recorder, "production-devops-payments-app").inputs.projectId, name: APPROVER }],
                    ["azuredevops:index/getIdentityUsers:getIdentityUsers", { name: "ana@contoso.com", searchFilter: "MailAddress" }],
                ],
            );
            const identityIds = lookups.map((i) => i.outputs.id);
            const environment = named(recorder, "production-approval-environment");
            const projectId = named(recorder, "production-devops-payments-app").inputs.projectId;
            assert.strictEqual(environment.type, TYPES.environment);
            assert.strictEqual(parentName(recorder, environment), "production-approval");
            assert.deepStrictEqual(environment.inputs, {
                projectId,
                name: "production",
                description: "Deployments to production: each run waits for a manual approval. Managed by Pulumi (keyvault-devops).",
            });
            const check = named(recorder, "production-approval-approval");
            assert.strictEqual(check.type, TYPES.checkApproval);
            assert.deepStrictEqual(check.inputs, {
                projectId,
                targetResourceType: "environment",
                targetResourceId: environment.outputs.id,
                approvers: identityIds,
                minimumRequiredApprovers: 1,
                requesterCanApprove: false,
                timeout: 720,
                instructions:
                    "Approve this deployment to production after reviewing the run's changes. The person who queued the run cannot approve it.",
            });
            assert.deepStrictEqual(check.propertyDependencies.targetResourceId, [environment.urn]);
        });

        it("defaults the approval timeout to 1440 minutes", async () => {
            setRawConfig(stackRaw("production"));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            assert.strictEqual(named(recorder, "production-approval-approval").inputs.timeout, 1440);
        });

        it("also creates the approval in another environment when approvals are configured", async () => {
            setRawConfig(stackRaw("staging", (raw) => (devopsOf(raw).approvals = { approvers: [APPROVER] })));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            assert.strictEqual(named(recorder, "staging-approval-environment").inputs.name, "staging");
            assert.strictEqual(ofType(recorder, TYPES.checkApproval).length, 1);
        });
    });

    describe("without devops", () => {
        for (const [label, devops] of [
            ["no devops key", undefined],
            ["devops: {} (Pulumi.yaml's default)", {}],
        ] as const) {
            it(`creates no Azure DevOps resource with ${label}`, async () => {
                setRawConfig(
                    stackRaw("staging", (raw) => {
                        if (devops === undefined) {
                            delete raw.devops;
                        } else {
                            raw.devops = devops;
                        }
                    }),
                );
                const run = await runStack(recorder);
                assert.strictEqual(run.error, undefined, String(run.error));
                assert.ok(ofType(recorder, "azure-native:keyvault:Vault").length === 1);
                for (const type of DEVOPS_TYPES) {
                    // The rotation function has its own RBAC wait (a time Sleep); no Azure DevOps one.
                    assert.deepStrictEqual(ofType(recorder, type).filter((r) => !r.name.endsWith("-rotation-rbac-propagation")), [], type);
                }
                assert.ok(!recorder.resources.some((r) => r.name.endsWith("devops-service-connection")));
                for (const key of ["serviceConnectionId", "variableGroups", "pipelineVariables"]) {
                    assert.ok(!(key in recorder.stackOutputs), key);
                }
                assert.deepStrictEqual(run.warnings, []);
            });
        }
    });

    describe("firewall check: Azure DevOps is not a trusted Microsoft service", () => {
        it("warns in staging when the firewall denies by default and no Azure DevOps range is marked", async () => {
            setRawConfig(stackRaw("staging", (raw) => (devopsOf(raw).allowedIpRanges = [])));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            assert.deepStrictEqual(run.warnings, [
                "warning: [runtime] `devops.allowedIpRanges`: found []; must be at least one Azure DevOps IP range of your organization's region, also listed in vault.network.ipRules, while devops.variableGroups link this vault (the firewall denies by default and Azure DevOps resolves variable groups from its own addresses, which are not trusted Microsoft services: bypass AzureServices does not let them in). Fix: add your region's Azure DevOps ranges to vault.network.ipRules and to devops.allowedIpRanges, or use a self-hosted agent in a subnet listed in vault.network.subnetIds and read the secrets with the AzureKeyVault@2 task instead of variable groups (then remove devops.variableGroups) (an error in production; in staging the variable groups cannot read their secrets)",
            ]);
            assert.strictEqual(ofType(recorder, TYPES.variableGroup).length, 2, "a warning creates everything anyway");
        });

        it("warns in staging when public network access is disabled", async () => {
            setRawConfig(stackRaw("staging", (raw) => ((raw.vault as Record<string, unknown>).publicNetworkAccess = "Disabled")));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            assert.strictEqual(run.warnings.length, 1);
            assert.ok(run.warnings[0]?.startsWith('warning: [runtime] `vault.publicNetworkAccess`: found "Disabled"; must be Enabled while devops.variableGroups link this vault'), run.warnings[0]);
        });

        it("is an error in production: nothing but the stack is registered", async () => {
            setRawConfig(stackRaw("production", (raw) => (devopsOf(raw).allowedIpRanges = [])));
            const run = await runStack(recorder);
            assert.ok(run.error instanceof Error && run.error.name === "ConfigError", String(run.error));
            assert.match(run.error.message, /`devops\.allowedIpRanges`: found \[\]; must be at least one Azure DevOps IP range/);
            assert.deepStrictEqual(run.warnings, []);
            assert.deepStrictEqual(recorder.resources.map((r) => r.type), ["pulumi:pulumi:Stack"]);
        });
    });
});
