import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { buildDefinitionNumber, PR_GATE_DEFAULTS, PrGate, validatePrGateArgs } from "../../components/prGate";
import { DEVOPS_DEFAULTS } from "../../stack/defaults";
import { Recorder } from "../../tools/plan/evaluate";
import { devopsOf, named, ofType, parentName, problems, runStack, setRawConfig, stackRaw } from "../devops/helpers";
import { recordingMocks } from "../helpers/pulumi";

const BUILD_DEFINITION = "azuredevops:index/buildDefinition:BuildDefinition";
const POLICY = "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation";
const AUTHORIZATION = "azuredevops:index/pipelineAuthorization:PipelineAuthorization";

describe("pipelines: PR gate (Azure Repos Git build validation)", () => {
    describe("pure helpers", () => {
        it("uses the stack's defaults", () => {
            assert.deepStrictEqual({ ...PR_GATE_DEFAULTS }, { ...DEVOPS_DEFAULTS.prGate });
        });

        it("rejects a ref instead of a branch, a non-YAML path and an out-of-range validity", () => {
            const base = { projectId: "p", repositoryId: "r" };
            assert.throws(() => validatePrGateArgs({ ...base, branch: "refs/heads/main" }), /branch "refs\/heads\/main" is not a branch name \(give it without refs\/heads\/, e\.g\. main\)/);
            assert.throws(() => validatePrGateArgs({ ...base, branch: "a..b" }), /is not a branch name/);
            assert.throws(() => validatePrGateArgs({ ...base, branch: "ma in" }), /is not a branch name/);
            assert.throws(() => validatePrGateArgs({ ...base, yamlPath: "/abs/pr.yml" }), /yamlPath "\/abs\/pr\.yml" must be a relative path to a \.yml or \.yaml file/);
            assert.throws(() => validatePrGateArgs({ ...base, yamlPath: "pipelines/pr.json" }), /must be a relative path/);
            assert.throws(() => validatePrGateArgs({ ...base, validDurationMinutes: -1 }), /validDurationMinutes must be a whole number from 0 to 525600 \(found: -1\)/);
            validatePrGateArgs({ ...base, branch: "release/2026", yamlPath: "ci/pr.yaml", validDurationMinutes: 0 });
        });

        it("reads the definition's numeric ID from the provider's id", () => {
            assert.strictEqual(buildDefinitionNumber("42"), 42);
            assert.throws(() => buildDefinitionNumber("abc"), /build definition id "abc" is not a positive integer/);
        });
    });

    describe("under mocks", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("unit");
        });
        beforeEach(() => recorder.reset());

        it("creates the YAML pipeline on the Azure Repos repository and a blocking, enabled build-validation policy on the branch", async () => {
            const gate = new PrGate("dev-pr-gate", { projectId: "project", repositoryId: "repo-guid", branch: "trunk", yamlPath: "ci/pr.yml", pipelineName: "infra-pr", validDurationMinutes: 60 });
            await recorder.settle();
            assert.deepStrictEqual(
                recorder.resources.map((r) => [r.type, r.name]),
                [
                    ["keyvault-devops:index:PrGate", "dev-pr-gate"],
                    [BUILD_DEFINITION, "dev-pr-gate-pipeline"],
                    [POLICY, "dev-pr-gate-build-validation"],
                ],
            );
            const pipeline = named(recorder, "dev-pr-gate-pipeline");
            assert.deepStrictEqual(pipeline.inputs, {
                projectId: "project",
                name: "infra-pr",
                repository: { repoType: "TfsGit", repoId: "repo-guid", branchName: "refs/heads/trunk", ymlPath: "ci/pr.yml" },
                ciTrigger: { useYaml: true },
            });
            for (const absent of ["pullRequestTrigger", "variables", "variableGroups", "agentPoolName", "jobs"]) {
                assert.ok(!(absent in pipeline.inputs), `${absent} is not set`);
            }
            const id = Number(await new Promise<string>((resolve) => gate.pipeline.id.apply(resolve)));
            const policy = named(recorder, "dev-pr-gate-build-validation");
            assert.deepStrictEqual(policy.inputs, {
                projectId: "project",
                enabled: true,
                blocking: true,
                settings: {
                    displayName: "infra-pr: tests, offline plans, policies and previews",
                    buildDefinitionId: id,
                    queueOnSourceUpdateOnly: true,
                    manualQueueOnly: false,
                    validDuration: 60,
                    scopes: [{ repositoryId: "repo-guid", repositoryRef: "refs/heads/trunk", matchType: "Exact" }],
                },
            });
            assert.ok(Number.isInteger(id) && id > 0);
            assert.strictEqual(parentName(recorder, policy), "dev-pr-gate");
            assert.strictEqual(parentName(recorder, pipeline), "dev-pr-gate");
            assert.ok(policy.dependencies.includes(pipeline.urn), "the policy waits for the definition");
            assert.strictEqual(await new Promise<number>((resolve) => gate.pipelineId.apply(resolve)), id);
        });

        it("permits the PR pipeline, and only it, on each service connection it uses", async () => {
            const gate = new PrGate("g", { projectId: "p", repositoryId: "r", serviceConnections: { "pulumi-preview-staging": "sc-1", "pulumi-preview-production": pulumi.output("sc-2") } });
            await recorder.settle();
            const id = Number(await new Promise<string>((resolve) => gate.pipeline.id.apply(resolve)));
            assert.deepStrictEqual(ofType(recorder, AUTHORIZATION).map((a) => a.name).sort(), ["g-endpoint-pulumi-preview-production", "g-endpoint-pulumi-preview-staging"]);
            for (const [name, resourceId] of [["g-endpoint-pulumi-preview-staging", "sc-1"], ["g-endpoint-pulumi-preview-production", "sc-2"]] as const) {
                const auth = named(recorder, name);
                // pipelineId present: without it every pipeline of the project could use the connection.
                assert.deepStrictEqual(auth.inputs, { projectId: "p", resourceId, type: "endpoint", pipelineId: id });
                assert.strictEqual(parentName(recorder, auth), "g");
                assert.ok(auth.dependencies.includes(named(recorder, "g-pipeline").urn), "after the pipeline it permits");
            }
            assert.deepStrictEqual(Object.keys(gate.authorizations).sort(), ["pulumi-preview-production", "pulumi-preview-staging"]);
            assert.throws(() => validatePrGateArgs({ projectId: "p", repositoryId: "r", serviceConnections: { " x": "1" } }), /service connection name " x" is empty or has leading or trailing spaces/);
        });

        it("the stack looks the PR pipeline's connections up by name (devops.prGate.serviceConnections) and permits the pipeline on them", async () => {
            setRawConfig(
                stackRaw("production", (raw) => (devopsOf(raw).prGate = { repository: "keyvault-devops", serviceConnections: ["pulumi-preview-staging", "pulumi-preview-production"] })),
            );
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            const auths = ofType(recorder, AUTHORIZATION).filter((a) => a.inputs.type === "endpoint" && parentName(recorder, a) === "production-pr-gate");
            assert.deepStrictEqual(auths.map((a) => a.name).sort(), ["production-pr-gate-endpoint-pulumi-preview-production", "production-pr-gate-endpoint-pulumi-preview-staging"]);
            for (const auth of auths) {
                assert.match(String(auth.inputs.resourceId), /^[0-9a-f-]{36}$/, "the connection's ID from getServiceEndpointAzureRM");
            }
            assert.notStrictEqual(auths[0]?.inputs.resourceId, auths[1]?.inputs.resourceId);
        });

        it("defaults to main, pipelines/infra-pr.yml, keyvault-devops-pr and 720 minutes", async () => {
            new PrGate("d", { projectId: "p", repositoryId: pulumi.output("r") });
            await recorder.settle();
            const pipeline = named(recorder, "d-pipeline");
            assert.deepStrictEqual(pipeline.inputs.repository, { repoType: "TfsGit", repoId: "r", branchName: "refs/heads/main", ymlPath: "pipelines/infra-pr.yml" });
            assert.strictEqual(pipeline.inputs.name, "keyvault-devops-pr");
            assert.strictEqual((named(recorder, "d-build-validation").inputs.settings as Record<string, unknown>).validDuration, 720);
        });

        it("the stack creates the gate only with devops.prGate, looking the repository up by name in the project", async () => {
            setRawConfig(stackRaw("staging"));
            assert.strictEqual((await runStack(recorder)).error, undefined);
            assert.deepStrictEqual(ofType(recorder, BUILD_DEFINITION), []);
            recorder.reset();
            setRawConfig(stackRaw("staging", (raw) => (devopsOf(raw).prGate = { repository: "keyvault-devops" })));
            const run = await runStack(recorder);
            assert.strictEqual(run.error, undefined, String(run.error));
            const pipeline = named(recorder, "staging-pr-gate-pipeline");
            const repoId = (pipeline.inputs.repository as Record<string, unknown>).repoId;
            assert.match(String(repoId), /^[0-9a-f-]{36}$/, "the repository's ID from getGitRepository");
            assert.strictEqual(parentName(recorder, pipeline), "staging-pr-gate");
            assert.deepStrictEqual(((named(recorder, "staging-pr-gate-build-validation").inputs.settings as Record<string, unknown>).scopes as unknown[])[0], {
                repositoryId: repoId,
                repositoryRef: "refs/heads/main",
                matchType: "Exact",
            });
        });
    });

    describe("config", () => {
        it("requires the repository and names the key and the fix", () => {
            assert.deepStrictEqual(
                problems(stackRaw("staging", (raw) => (devopsOf(raw).prGate = {}))),
                ["`devops.prGate.repository`: not set; must be required: the name of the Azure Repos Git repository in devops.project that holds this code. Fix: pulumi config set --path 'devops.prGate.repository' <repository>"],
            );
        });

        it("rejects a service connection listed twice (ignoring case) and a blank name", () => {
            const found = problems(stackRaw("staging", (raw) => (devopsOf(raw).prGate = { repository: "infra", serviceConnections: ["pulumi-preview-staging", "Pulumi-Preview-Staging", " "] })));
            assert.ok(found.includes("`devops.prGate.serviceConnections[1]`: found \"Pulumi-Preview-Staging\"; must be listed once in devops.prGate.serviceConnections (ignoring case). Fix: remove the duplicate"), found.join("\n"));
            assert.ok(found.some((p) => p.startsWith("`devops.prGate.serviceConnections[2]`: found \" \"; must be a non-empty service connection name")), found.join("\n"));
        });

        it("rejects a ref as branch, a non-YAML path, a negative validity and unknown keys, all at once", () => {
            const found = problems(
                stackRaw("staging", (raw) => (devopsOf(raw).prGate = { repository: "infra", branch: "refs/heads/main", yamlPath: "pr.json", validDurationMinutes: -5, blocking: false })),
            );
            assert.deepStrictEqual(found.map((p) => p.slice(0, p.indexOf("`:") + 1)).sort(), [
                "`devops.prGate.blocking`",
                "`devops.prGate.branch`",
                "`devops.prGate.validDurationMinutes`",
                "`devops.prGate.yamlPath`",
            ]);
            assert.ok(found.includes("`devops.prGate.branch`: found \"refs/heads/main\"; must be a branch name without refs/heads/, such as main. Fix: pulumi config set --path 'devops.prGate.branch' main"), found.join("\n"));
        });
    });
});
