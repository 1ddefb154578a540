import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import { EnvironmentApproval, validateEnvironmentApprovalArgs } from "../../components/environmentApproval";
import {
    checkExistingPrincipal,
    KeyVaultServiceConnection,
    serviceConnectionGrant,
    serviceConnectionIdentityName,
    serviceConnectionName,
    validateKeyVaultServiceConnectionArgs,
} from "../../components/serviceConnection";
import {
    connectionAuthorizationName,
    groupAuthorizationName,
    KeyVaultVariableGroups,
    pipelinesUsingGroups,
    searchDepth,
    validateKeyVaultVariableGroupsArgs,
    VariableGroupSpec,
} from "../../components/variableGroups";
import { deterministicGuid } from "../../stack/ids";
import { Recorder } from "../../tools/plan/evaluate";
import { recordingMocks } from "../helpers/pulumi";
import { APPROVER, dependencyNames, EXISTING_CONNECTION_ID, EXISTING_PRINCIPAL, named, ofType, TYPES } from "./helpers";

/** The value of an Output, or its error (the runtime's internal `promise()`). */
function settled<T>(output: pulumi.Output<T>): Promise<T> {
    return (output as unknown as { promise(): Promise<T> }).promise();
}

const KNOWN = ["db-password", "payments-api-key"];
const groupArgs = (groups: VariableGroupSpec[]) => ({
    projectId: "project",
    environment: "dev",
    vaultName: "kv-dev-abcd",
    serviceConnectionId: "endpoint",
    knownSecretNames: KNOWN,
    groups,
    roleAssignment: undefined as unknown as pulumi.CustomResource,
});

describe("devops: components", () => {
    describe("pure helpers", () => {
        it("names the identity id-<project>-<environment>-ado and the connection kv-<environment> by default", () => {
            assert.strictEqual(serviceConnectionIdentityName("keyvault-devops", "staging"), "id-keyvault-devops-staging-ado");
            assert.strictEqual(serviceConnectionName({ environment: "staging" }), "kv-staging");
            assert.strictEqual(serviceConnectionName({ environment: "staging", serviceConnectionName: "payments-kv" }), "payments-kv");
        });

        it("grants the connection's principal Key Vault Secrets User under a stable key", () => {
            assert.deepStrictEqual(serviceConnectionGrant("principal"), {
                key: "devops-service-connection",
                principalId: "principal",
                principalType: "ServicePrincipal",
                role: "Key Vault Secrets User",
                description: "Azure DevOps service connection of the variable groups: read secrets of this vault only.",
            });
        });

        it("sets the search depth to the number of known secrets, at least 1", () => {
            assert.strictEqual(searchDepth([]), 1);
            assert.strictEqual(searchDepth(["a"]), 1);
            assert.strictEqual(searchDepth(["a", "b", "c"]), 3);
        });

        it("names authorizations from group name and pipeline ID, never positions", () => {
            assert.strictEqual(groupAuthorizationName("dev-devops", "payments", 12), "dev-devops-variablegroup-payments-pipeline-12");
            assert.strictEqual(connectionAuthorizationName("dev-devops", 12), "dev-devops-endpoint-pipeline-12");
            assert.notStrictEqual(groupAuthorizationName("x", "endpoint", 1), connectionAuthorizationName("x", 1));
        });

        it("lists each pipeline using a group once, ascending", () => {
            assert.deepStrictEqual(pipelinesUsingGroups([{ pipelines: [14, 12] }, { pipelines: [21, 14] }]), [12, 14, 21]);
        });

        it("rejects an existing connection's principal that is its application ID, in any case", () => {
            assert.strictEqual(checkExistingPrincipal(EXISTING_PRINCIPAL, "11111111-2222-4333-8444-555555555555", "c"), EXISTING_PRINCIPAL);
            assert.strictEqual(checkExistingPrincipal(EXISTING_PRINCIPAL, undefined, "c"), EXISTING_PRINCIPAL);
            assert.throws(
                () => checkExistingPrincipal(EXISTING_PRINCIPAL, EXISTING_PRINCIPAL.toUpperCase(), "conn"),
                /devops\.serviceConnection\.principalObjectId \(a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d\) is the application \(client\) ID of service connection conn, not its service principal's object ID/,
            );
        });
    });

    describe("argument checks", () => {
        it("KeyVaultServiceConnection: create mode needs the identity's resource group and takes no existing IDs", () => {
            const base = { projectId: "p", environment: "dev", projectName: "kv" };
            assert.throws(() => validateKeyVaultServiceConnectionArgs(base), /mode create needs resourceGroupName and location/);
            assert.throws(
                () => validateKeyVaultServiceConnectionArgs({ ...base, resourceGroupName: "rg", location: "westeurope", existingServiceConnectionId: EXISTING_CONNECTION_ID }),
                /for mode existing only/,
            );
            validateKeyVaultServiceConnectionArgs({ ...base, resourceGroupName: "rg", location: "westeurope" });
        });

        it("KeyVaultServiceConnection: existing mode needs both GUIDs and no name", () => {
            const base = { projectId: "p", environment: "dev", projectName: "kv", mode: "existing" as const };
            assert.throws(() => validateKeyVaultServiceConnectionArgs({ ...base, existingServiceConnectionId: EXISTING_CONNECTION_ID }), /needs existingPrincipalObjectId as a GUID \(found: not set\)/);
            assert.throws(
                () => validateKeyVaultServiceConnectionArgs({ ...base, existingServiceConnectionId: "x", existingPrincipalObjectId: EXISTING_PRINCIPAL }),
                /needs existingServiceConnectionId as a GUID \(found: x\)/,
            );
            assert.throws(
                () =>
                    validateKeyVaultServiceConnectionArgs({
                        ...base,
                        existingServiceConnectionId: EXISTING_CONNECTION_ID,
                        existingPrincipalObjectId: EXISTING_PRINCIPAL,
                        serviceConnectionName: "kv",
                    }),
                /serviceConnectionName is for mode create only/,
            );
        });

        for (const [problem, groups, message] of [
            ["an unknown secret, with the case-insensitive match", [{ name: "g", secrets: ["DB-password"], pipelines: [1] }], /group "g": unknown secret "DB-password" \(names are case-sensitive: did you mean "db-password"\?\)/],
            ["no secret", [{ name: "g", secrets: [], pipelines: [1] }], /group "g" links no secret/],
            ["no pipeline", [{ name: "g", secrets: ["db-password"], pipelines: [] }], /group "g" is authorized for no pipeline/],
            ["a pipeline ID that is not a positive whole number", [{ name: "g", secrets: ["db-password"], pipelines: [0] }], /pipeline ID 0 is not a positive whole number/],
            [
                "a duplicate group name",
                [
                    { name: "g", secrets: ["db-password"], pipelines: [1] },
                    { name: "G", secrets: ["db-password"], pipelines: [1] },
                ],
                /group "G" is defined twice/,
            ],
            ["a name unfit for resource names", [{ name: "a b", secrets: ["db-password"], pipelines: [1] }], /the name must be letters, digits/],
        ] as const) {
            it(`KeyVaultVariableGroups rejects ${problem}`, () => {
                assert.throws(() => validateKeyVaultVariableGroupsArgs(groupArgs(groups.map((g) => ({ ...g, secrets: [...g.secrets], pipelines: [...g.pipelines] })))), message);
            });
        }

        it("KeyVaultVariableGroups rejects a linked secret neither created nor declared pre-existing (when told which are)", () => {
            const secret = {} as pulumi.Resource;
            const args = { ...groupArgs([{ name: "g", secrets: ["db-password", "payments-api-key"], pipelines: [1] }]), secretResources: { "db-password": secret } };
            assert.throws(() => validateKeyVaultVariableGroupsArgs({ ...args, preexistingSecretNames: [] }), {
                message: 'KeyVaultVariableGroups: group "g": secret "payments-api-key" is neither created by the stack nor declared pre-existing (Azure DevOps rejects a group linking a secret the vault does not hold)',
            });
            validateKeyVaultVariableGroupsArgs({ ...args, preexistingSecretNames: ["payments-api-key"] });
        });

        it("EnvironmentApproval takes approvers by name (group or e-mail), never a GUID, and a timeout of 1-43200 minutes", () => {
            const base = { projectId: "p", environmentName: "production" };
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, approvers: [] }), /at least one approver/);
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, approvers: ["team"] }), {
                message: 'EnvironmentApproval: approver "team" is neither a group ([Project]\\Group name) nor an e-mail',
            });
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, approvers: ["7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34"] }), {
                message:
                    'EnvironmentApproval: approver "7b1d4f9e-3c2a-4e8b-9f6d-1a5c8e2b7d34" is a GUID; Azure DevOps checks need Azure DevOps identities, not Entra object IDs (name the group as [Project]\\Group name, or the user by e-mail)',
            });
            validateEnvironmentApprovalArgs({ ...base, approvers: ["ana@contoso.com"] });
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, approvers: [APPROVER], timeoutMinutes: 0 }), /timeoutMinutes must be a whole number from 1 to 43200 \(found: 0\)/);
            validateEnvironmentApprovalArgs({ ...base, approvers: [APPROVER] });
        });
    });

    describe("under mocks", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("unit");
        });
        beforeEach(() => recorder.reset());

        it("KeyVaultServiceConnection (existing) looks the connection up and passes the principal through", async () => {
            const connection = new KeyVaultServiceConnection("dev-sc", {
                projectId: "project",
                environment: "dev",
                projectName: "kv",
                mode: "existing",
                existingServiceConnectionId: EXISTING_CONNECTION_ID,
                existingPrincipalObjectId: EXISTING_PRINCIPAL,
            });
            assert.strictEqual(await settled(connection.principalId), EXISTING_PRINCIPAL);
            assert.strictEqual(await settled(connection.serviceConnectionId), EXISTING_CONNECTION_ID);
            assert.deepStrictEqual(connection.ready, []);
            await recorder.settle();
            assert.deepStrictEqual(recorder.resources.map((r) => r.type), ["keyvault-devops:index:KeyVaultServiceConnection"]);
        });

        it("KeyVaultServiceConnection (existing) fails when the principal given is the connection's application ID", async () => {
            // The mock connection's application ID (tools/plan/mocks.ts): what a user copying the wrong ID would give.
            const applicationId = deterministicGuid("endpoint-client", EXISTING_CONNECTION_ID);
            const connection = new KeyVaultServiceConnection("dev-sc-wrong", {
                projectId: "project",
                environment: "dev",
                projectName: "kv",
                mode: "existing",
                existingServiceConnectionId: EXISTING_CONNECTION_ID,
                existingPrincipalObjectId: applicationId,
            });
            await assert.rejects(settled(connection.principalId), /is the application \(client\) ID of service connection/);
            await recorder.settle();
        });

        it("KeyVaultVariableGroups: custom wait, no endpoint authorizations when asked, groups after the grant and the Sleep", async () => {
            const grant = new authorization.RoleAssignment("grant", { scope: "/vault", principalId: "p", roleDefinitionId: "r" });
            new KeyVaultVariableGroups("dev-devops", {
                ...groupArgs([{ name: "app", secrets: ["payments-api-key"], pipelines: [7] }]),
                roleAssignment: grant,
                rbacPropagationWait: "5m",
                authorizeServiceConnection: false,
            });
            await recorder.settle();
            assert.strictEqual(named(recorder, "dev-devops-rbac-propagation").inputs.createDuration, "5m");
            const group = named(recorder, "dev-devops-app");
            assert.deepStrictEqual(group.inputs, {
                projectId: "project",
                name: "app",
                description: "Secrets of the dev Key Vault, linked by name. Managed by Pulumi (keyvault-devops).",
                allowAccess: false,
                keyVault: { name: "kv-dev-abcd", serviceEndpointId: "endpoint", searchDepth: 2 },
                variables: [{ name: "payments-api-key" }],
            });
            assert.deepStrictEqual(dependencyNames(recorder, group).sort(), ["dev-devops-rbac-propagation", "grant"]);
            assert.deepStrictEqual(ofType(recorder, TYPES.authorization).map((a) => a.name), ["dev-devops-variablegroup-app-pipeline-7"]);
        });

        it("EnvironmentApproval: environment and approval check with the given instructions", async () => {
            new EnvironmentApproval("prod-approval", { projectId: "project", environmentName: "production", approvers: [APPROVER], instructions: "Check the change ticket." });
            await recorder.settle();
            const check = named(recorder, "prod-approval-approval");
            assert.strictEqual(check.inputs.instructions, "Check the change ticket.");
            assert.strictEqual(check.inputs.timeout, 1440);
            assert.strictEqual(named(recorder, "prod-approval-environment").inputs.name, "production");
        });
    });
});
