import * as assert from "assert";
import { EnvironmentApproval, environmentAuthorizationName, validateEnvironmentApprovalArgs } from "../../components/environmentApproval";
import { Recorder } from "../../tools/plan/evaluate";
import { devopsOf, named, ofType, parentName, problems, runStack, setRawConfig, stackRaw } from "../devops/helpers";
import { recordingMocks } from "../helpers/pulumi";

const AUTHORIZATION = "azuredevops:index/pipelineAuthorization:PipelineAuthorization";
const ENVIRONMENT = "azuredevops:index/environment:Environment";

type Rec = Record<string, unknown>;

describe("pipelines: the production environment's pipeline permission (no Permit click on the first run)", () => {
    describe("pure helpers", () => {
        const base = { projectId: "p", environmentName: "production", approvers: ["ops@contoso.com"] };

        it("names each permission after the component and the pipeline", () => {
            assert.strictEqual(environmentAuthorizationName("production-approval", 21), "production-approval-pipeline-21");
        });

        it("rejects a pipeline ID that is not a definition ID, and a pipeline listed twice", () => {
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, pipelineIds: [0] }), /pipeline ID 0 is not a pipeline definition ID \(a whole number from 1 to 2147483647\)/);
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, pipelineIds: [1.5] }), /pipeline ID 1\.5 is not a pipeline definition ID/);
            assert.throws(() => validateEnvironmentApprovalArgs({ ...base, pipelineIds: [21, 21] }), /pipelineIds lists a pipeline twice \(21, 21\)/);
            validateEnvironmentApprovalArgs({ ...base, pipelineIds: [21, 22] });
            validateEnvironmentApprovalArgs(base);
        });
    });

    describe("under mocks", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("unit");
        });
        beforeEach(() => recorder.reset());

        it("permits exactly the listed pipelines on the environment, one PipelineAuthorization each, never all pipelines", async () => {
            const approval = new EnvironmentApproval("production-approval", {
                projectId: "project",
                environmentName: "production",
                approvers: ["ops@contoso.com"],
                pipelineIds: [21, 34],
            });
            await recorder.settle();
            const environment = named(recorder, "production-approval-environment");
            const environmentId = await new Promise<string>((resolve) => approval.environment.id.apply(resolve));
            const auths = ofType(recorder, AUTHORIZATION);
            assert.deepStrictEqual(auths.map((a) => a.name).sort(), ["production-approval-pipeline-21", "production-approval-pipeline-34"]);
            for (const [name, pipelineId] of [["production-approval-pipeline-21", 21], ["production-approval-pipeline-34", 34]] as const) {
                const auth = named(recorder, name);
                // pipelineId present: without it the provider opens the environment to every pipeline of the project.
                assert.deepStrictEqual(auth.inputs, { projectId: "project", resourceId: environmentId, type: "environment", pipelineId });
                assert.strictEqual(parentName(recorder, auth), "production-approval");
                assert.ok(auth.dependencies.includes(environment.urn), "created after the environment it permits");
            }
            assert.deepStrictEqual(Object.keys(approval.authorizations).sort(), ["21", "34"]);
        });

        it("creates no permission without pipelineIds", async () => {
            new EnvironmentApproval("e", { projectId: "p", environmentName: "production", approvers: ["ops@contoso.com"] });
            await recorder.settle();
            assert.strictEqual(ofType(recorder, ENVIRONMENT).length, 1);
            assert.deepStrictEqual(ofType(recorder, AUTHORIZATION), []);
        });

        it("the production stack permits the pipelines in devops.approvals.pipelines on its environment", async () => {
            setRawConfig(stackRaw("production", (raw) => ((devopsOf(raw).approvals as Rec).pipelines = [21, 40])));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            const auths = ofType(recorder, AUTHORIZATION).filter((a) => a.inputs.type === "environment");
            assert.deepStrictEqual(auths.map((a) => [a.name, a.inputs.pipelineId]).sort(), [
                ["production-approval-pipeline-21", 21],
                ["production-approval-pipeline-40", 40],
            ]);
        });
    });

    describe("config", () => {
        it("rejects a pipeline listed twice and an ID that is not a definition ID, naming the key and the fix", () => {
            const found = problems(stackRaw("production", (raw) => ((devopsOf(raw).approvals as Rec).pipelines = [21, "x", 21])));
            assert.ok(found.includes("`devops.approvals.pipelines[2]`: found 21; must be listed once in devops.approvals.pipelines. Fix: remove the duplicate"), found.join("\n"));
            assert.ok(found.some((p) => p.startsWith("`devops.approvals.pipelines[1]`: found \"x\"")), found.join("\n"));
        });
    });
});
