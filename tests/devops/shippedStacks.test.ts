import * as assert from "assert";
import { Recorder } from "../../tools/plan/evaluate";
import { recordingMocks } from "../helpers/pulumi";
import { dependencyNames, named, ofType, parentName, runShippedStack, StackRun, TYPES } from "./helpers";

/**
 * The shipped stacks, with Pulumi.yaml's defaults and their own Pulumi.<stack>.yaml, run from source under the
 * plan's mocks (the policy verdict and the CLI's exit code are tests/plan's).
 */
for (const stack of ["staging", "production"]) {
    describe(`devops: shipped stack ${stack}`, () => {
        let recorder: Recorder;
        let run: StackRun;
        before(async () => {
            recorder = await recordingMocks(stack);
            recorder.reset();
            run = await runShippedStack(recorder, stack);
        });

        it("plans without error or warning", () => {
            assert.strictEqual(run.error, undefined, String(run.error));
            assert.deepStrictEqual(run.warnings, []);
        });

        it("shows the identity, federated credential and keyless service connection", () => {
            assert.strictEqual(named(recorder, `${stack}-service-connection-identity`).type, TYPES.identity);
            const fic = named(recorder, `${stack}-service-connection-federated-credential`);
            assert.strictEqual(fic.type, TYPES.federatedCredential);
            assert.deepStrictEqual(fic.inputs.audiences, ["api://AzureADTokenExchange"]);
            const endpoint = named(recorder, `${stack}-service-connection-endpoint`);
            assert.strictEqual(endpoint.type, TYPES.endpoint);
            assert.strictEqual(endpoint.inputs.serviceEndpointName, `kv-${stack}`);
            assert.strictEqual(endpoint.inputs.serviceEndpointAuthenticationScheme, "WorkloadIdentityFederation");
            assert.deepStrictEqual(Object.keys(endpoint.inputs.credentials as object), ["serviceprincipalid"]);
            assert.strictEqual(named(recorder, `${stack}-azuredevops`).inputs.orgServiceUrl, "https://dev.azure.com/contoso");
        });

        it(`shows the payments-${stack} variable group, after the grant and the RBAC wait`, () => {
            const groups = ofType(recorder, TYPES.variableGroup);
            assert.deepStrictEqual(groups.map((g) => g.inputs.name), [`payments-${stack}`]);
            const group = groups[0];
            assert.ok(group);
            assert.strictEqual(group.inputs.allowAccess, false);
            // payments-api-key is external: no group links it until it exists and is declared preexisting.
            assert.deepStrictEqual(group.inputs.variables, [{ name: "db-password" }]);
            assert.strictEqual((group.inputs.keyVault as Record<string, unknown>).searchDepth, 3);
            const deps = dependencyNames(recorder, group);
            for (const needed of [`${stack}-access-secrets-user-devops-service-connection`, `${stack}-devops-rbac-propagation`, `${stack}-service-connection-federated-credential`, `${stack}-secrets-db-password`]) {
                assert.ok(deps.includes(needed), `${needed} missing from ${deps.join(", ")}`);
            }
        });

        it("authorizes pipelines 12 and 14 for the group and the service connection, one by one", () => {
            // Production also permits its deploy pipeline on the environment and the PR pipeline on its preview
            // connections (tests/pipelines): those are children of EnvironmentApproval and PrGate.
            const ofGroupsAndConnection = ofType(recorder, TYPES.authorization).filter((a) => !/-(approval|pr-gate)$/.test(parentName(recorder, a) ?? ""));
            assert.deepStrictEqual(
                ofGroupsAndConnection.map((a) => `${String(a.inputs.type)}:${String(a.inputs.pipelineId)}`).sort(),
                ["endpoint:12", "endpoint:14", "variablegroup:12", "variablegroup:14"],
            );
        });

        it(stack === "production" ? "guards the production environment with an approval check" : "has no approval check", () => {
            const checks = ofType(recorder, TYPES.checkApproval);
            if (stack !== "production") {
                assert.deepStrictEqual(checks, []);
                assert.deepStrictEqual(ofType(recorder, TYPES.environment), []);
                return;
            }
            const environment = named(recorder, "production-approval-environment");
            assert.strictEqual(environment.inputs.name, "production");
            assert.strictEqual(checks.length, 1);
            assert.strictEqual(checks[0]?.inputs.targetResourceType, "environment");
            assert.strictEqual(checks[0]?.inputs.targetResourceId, environment.outputs.id);
            assert.strictEqual(checks[0]?.inputs.requesterCanApprove, false);
            assert.strictEqual(checks[0]?.inputs.timeout, 1440);
            // "[payments]\Release Approvers", resolved to its Azure DevOps identity by getIdentityGroup.
            const lookup = recorder.invokes.find((i) => i.token === "azuredevops:index/getIdentityGroup:getIdentityGroup");
            assert.deepStrictEqual(lookup?.inputs.name, "[payments]\\Release Approvers");
            assert.deepStrictEqual(checks[0]?.inputs.approvers, [lookup?.outputs.id]);
        });

        it("exports the connection, the group and its pipeline variables", () => {
            const outputs = recorder.stackOutputs;
            assert.strictEqual(outputs.serviceConnectionId, named(recorder, `${stack}-service-connection-endpoint`).outputs.id);
            assert.deepStrictEqual(Object.keys(outputs.variableGroups as object), [`payments-${stack}`]);
            assert.deepStrictEqual(outputs.pipelineVariables, {
                [`payments-${stack}`]: [
                    { secret: "db-password", variable: "db-password", environmentVariable: "DB_PASSWORD" },
                ],
            });
        });
    });
}
