import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { StackConfig } from "../../stack/config/schema";
import { environmentVariableName, pipelineVariables } from "../../stack/pipelineVariables";
import { REPO_ROOT } from "../helpers/pulumi";
import { shippedStacks } from "../preflight/helpers";
import { evaluate, expandTemplate } from "./templateExpand";

type Rec = Record<string, unknown>;

const PIPELINES = path.join(REPO_ROOT, "pipelines");
const TEMPLATE = "pipelines/templates/use-secrets.yml";

function yamlFiles(dir: string): string[] {
    return fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? yamlFiles(path.join(dir, e.name)) : /\.ya?ml$/.test(e.name) ? [path.join(dir, e.name)] : []))
        .sort();
}

function load(relative: string): Rec {
    return YAML.parse(fs.readFileSync(path.join(REPO_ROOT, relative), "utf8")) as Rec;
}

/** Every mapping anywhere in a YAML value, depth first. */
function mappings(node: unknown): Rec[] {
    if (Array.isArray(node)) {
        return node.flatMap(mappings);
    }
    if (node !== null && typeof node === "object") {
        return [node as Rec, ...Object.values(node).flatMap(mappings)];
    }
    return [];
}

/** The task steps (`task: <name>`) anywhere in a pipeline. */
function tasks(doc: unknown, name: string): Rec[] {
    return mappings(doc).filter((m) => m.task === name);
}

/** The `script:` texts anywhere in a pipeline. */
function scripts(doc: unknown): string[] {
    return mappings(doc)
        .map((m) => m.script)
        .filter((s): s is string => typeof s === "string");
}

const stacks = shippedStacks();
const withDevops = stacks.filter((s) => s.config.devops);

function stackOfEnvironment(environment: string): { stack: string; config: StackConfig } {
    const found = stacks.find((s) => s.config.environment === environment);
    assert.ok(found, `a stack with environment ${environment}`);
    return found;
}

/** The name of the stack's own service connection (devops.serviceConnection.name, default kv-<environment>). */
function connectionName(config: StackConfig): string {
    return config.devops?.serviceConnection.name ?? `kv-${config.environment}`;
}

describe("pipelines: YAML files", () => {
    const files = yamlFiles(PIPELINES);

    it("has the PR pipeline, the deploy pipeline and the consumers' template", () => {
        const relative = files.map((f) => path.relative(REPO_ROOT, f));
        for (const expected of ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml", TEMPLATE]) {
            assert.ok(relative.includes(expected), `${expected} in ${relative.join(", ")}`);
        }
    });

    for (const file of files) {
        it(`${path.relative(REPO_ROOT, file)} parses as one YAML map, with no error or warning`, () => {
            const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
            assert.strictEqual(docs.length, 1);
            const doc = docs[0] as YAML.Document;
            assert.deepStrictEqual(doc.errors, []);
            assert.deepStrictEqual(doc.warnings, []);
            assert.ok(YAML.isMap(doc.contents), "a map at the top");
        });
    }

    it("never lets AzureKeyVault@2 download every secret (no SecretsFilter '*'), in any file", () => {
        for (const file of files) {
            for (const task of tasks(YAML.parse(fs.readFileSync(file, "utf8")), "AzureKeyVault@2")) {
                const filter = (task.inputs as Rec | undefined)?.SecretsFilter;
                assert.strictEqual(typeof filter, "string", `${file}: an explicit SecretsFilter`);
                assert.ok(!String(filter).split(",").some((s) => s.trim() === "*"), `${file}: SecretsFilter ${String(filter)}`);
            }
        }
    });

    it("names only variable groups that the stacks create", () => {
        const known = new Set(withDevops.flatMap((s) => s.config.devops?.variableGroups.map((g) => g.name) ?? []));
        let named = 0;
        for (const file of files) {
            for (const m of mappings(YAML.parse(fs.readFileSync(file, "utf8")))) {
                if ("group" in m) {
                    named++;
                    assert.ok(known.has(String(m.group)), `${file}: group ${String(m.group)} is one of ${[...known].join(", ")}`);
                }
            }
        }
        assert.ok(named > 0, "the template names the groups");
    });
});

describe("pipelines: infra-pr.yml (pull requests)", () => {
    const pr = load("pipelines/infra-pr.yml");

    it("runs on pull requests to main only, never on push", () => {
        assert.strictEqual(pr.trigger, "none");
        assert.deepStrictEqual((pr.pr as Rec).branches, { include: ["main"] });
        assert.deepStrictEqual(pr.pool, { vmImage: "ubuntu-latest" });
    });

    it("uses Node 20, then npm ci and npm test before the plans", () => {
        const node = tasks(pr, "UseNode@1");
        assert.ok(node.length > 0);
        for (const t of node) {
            assert.strictEqual((t.inputs as Rec).version, "20.x");
        }
        const all = scripts(pr);
        const ci = all.findIndex((s) => s.startsWith("npm ci"));
        const test = all.indexOf("npm test");
        const firstPlan = all.findIndex((s) => s.startsWith("npm run plan"));
        assert.ok(ci >= 0 && test > ci && firstPlan > test, all.join("\n"));
    });

    for (const { stack, config } of stacks) {
        it(`plans ${stack} offline with its policy config and keeps the plan (exit 1 fails the job)`, () => {
            const policyConfig = `policies/config.${config.environment}.json`;
            assert.ok(fs.existsSync(path.join(REPO_ROOT, policyConfig)), `${policyConfig} exists`);
            const steps = mappings(pr).filter((m) => typeof m.script === "string" && (m.script as string).startsWith("npm run plan"));
            const step = steps.find((s) => String(s.script).includes(`--stack ${stack} `));
            assert.ok(step, `a plan step for ${stack}`);
            assert.strictEqual(step.script, `npm run plan -- --stack ${stack} --policy-config ${policyConfig} --out plans/${stack}.json`);
            assert.notStrictEqual(step.continueOnError, true, "a mandatory violation must fail the job");
        });

        it(`previews ${stack} with Pulumi@1: --diff, the policy pack and its config, a PR comment, a workload-identity connection`, () => {
            const previews = tasks(pr, "Pulumi@1").filter((t) => String((t.inputs as Rec).stack).endsWith(`/${stack}`));
            assert.strictEqual(previews.length, 1);
            const inputs = (previews[0] as Rec).inputs as Rec;
            assert.strictEqual(inputs.command, "preview");
            assert.strictEqual(inputs.args, `--diff --policy-pack policies --policy-pack-config policies/config.${config.environment}.json`);
            assert.strictEqual(inputs.createPrComment, true);
            assert.strictEqual(inputs.cwd, "$(System.DefaultWorkingDirectory)");
            assert.match(String(inputs.azureSubscription), /^[\w-]+$/);
            const kvConnections = withDevops.map((s) => connectionName(s.config));
            assert.ok(!kvConnections.includes(String(inputs.azureSubscription)), "not a stack's read-only Key Vault connection");
            assert.deepStrictEqual((previews[0] as Rec).env, { PULUMI_ACCESS_TOKEN: "$(PULUMI_ACCESS_TOKEN)" });
        });
    }

    it("publishes the plans as a pipeline artifact, also when a plan failed", () => {
        const publish = tasks(pr, "PublishPipelineArtifact@1");
        assert.strictEqual(publish.length, 1);
        const step = publish[0] as Rec;
        assert.strictEqual(step.condition, "succeededOrFailed()");
        assert.strictEqual((step.inputs as Rec).targetPath, "$(System.DefaultWorkingDirectory)/plans");
        assert.strictEqual((step.inputs as Rec).artifact, "offline-plans");
    });

    it("previews only after the tests and plans passed", () => {
        const stages = pr.stages as Rec[];
        const preview = stages.find((s) => s.stage === "preview");
        assert.strictEqual(preview?.dependsOn, "verify");
        assert.strictEqual(preview?.condition, undefined, "the default condition: succeeded()");
        assert.strictEqual(tasks(stages.find((s) => s.stage === "verify"), "Pulumi@1").length, 0);
    });
});

describe("pipelines: infra-deploy.yml (main)", () => {
    const deploy = load("pipelines/infra-deploy.yml");
    const stages = deploy.stages as Rec[];

    it("runs on main, never on pull requests", () => {
        assert.deepStrictEqual((deploy.trigger as Rec).branches, { include: ["main"] });
        assert.strictEqual(deploy.pr, "none");
    });

    it("deploys staging first with pulumi up --yes and the policy pack", () => {
        assert.strictEqual(stages[0]?.stage, "staging");
        const up = tasks(stages[0], "Pulumi@1");
        assert.strictEqual(up.length, 1);
        const inputs = (up[0] as Rec).inputs as Rec;
        assert.strictEqual(inputs.command, "up");
        assert.strictEqual(inputs.args, `--yes --policy-pack policies --policy-pack-config policies/config.${stackOfEnvironment("staging").config.environment}.json`);
        assert.match(String(inputs.stack), /\/staging$/);
    });

    it("deploys production after staging, as a deployment job on the environment the production stack gates with its approval", () => {
        const production = stages.find((s) => s.stage === "production");
        assert.ok(production);
        assert.strictEqual(production.dependsOn, "staging");
        const jobs = production.jobs as Rec[];
        assert.strictEqual(jobs.length, 1);
        const job = jobs[0] as Rec;
        assert.ok("deployment" in job, "a deployment job");
        const { config } = stackOfEnvironment("production");
        // EnvironmentApproval names the Azure DevOps environment after the stack's environment.
        assert.strictEqual(job.environment, config.environment);
        assert.ok(config.devops?.approvals && config.devops.approvals.approvers.length > 0, "the production stack creates the approval check");
        const steps = ((((job.strategy as Rec).runOnce as Rec).deploy as Rec).steps ?? []) as Rec[];
        assert.deepStrictEqual(steps[0], { checkout: "self" });
        const up = tasks(steps, "Pulumi@1");
        assert.strictEqual(up.length, 1);
        const inputs = (up[0] as Rec).inputs as Rec;
        assert.strictEqual(inputs.command, "up");
        assert.strictEqual(inputs.args, "--yes --policy-pack policies --policy-pack-config policies/config.production.json");
        assert.match(String(inputs.stack), /\/production$/);
    });

    it("runs each stack's offline plan with its policy config before pulumi up", () => {
        for (const { stack, config } of stacks) {
            assert.ok(
                scripts(deploy).includes(`npm run plan -- --stack ${stack} --policy-config policies/config.${config.environment}.json --out plans/${stack}.json`),
                stack,
            );
        }
    });
});

describe("pipelines: templates/use-secrets.yml", () => {
    const template = load(TEMPLATE);
    const declarations = template.parameters as { name: string; values?: string[] }[];

    /** The template expanded for one environment's group, as Azure DevOps would queue it. */
    function job(params: Rec): Rec {
        const expanded = expandTemplate(template, { pool: { name: "build-agents" }, script: "./run.sh", ...params });
        const jobs = expanded.jobs as Rec[];
        assert.strictEqual(jobs.length, 1);
        return jobs[0] as Rec;
    }
    const steps = (j: Rec): Rec[] => j.steps as Rec[];
    const scriptStep = (j: Rec): Rec => steps(j).find((s) => "script" in s) as Rec;

    it("takes the environments the stacks deploy, and nothing else", () => {
        const environment = declarations.find((d) => d.name === "environment");
        assert.deepStrictEqual([...(environment?.values ?? [])].sort(), withDevops.map((s) => s.config.environment).sort());
        assert.throws(() => job({ environment: "dev", secrets: ["db-password"] }), /not a valid value/);
        assert.throws(() => job({ environment: "staging" }), /'secrets' parameter must be provided/);
    });

    for (const { stack, config } of withDevops) {
        for (const group of config.devops?.variableGroups ?? []) {
            const expectedEnv = Object.fromEntries((pipelineVariables([group])[group.name] ?? []).map((v) => [v.environmentVariable, `$(${v.variable})`]));

            it(`group mode (${stack}): references "${group.name}" and maps its secrets like stack/pipelineVariables.ts`, () => {
                const j = job({ environment: config.environment, secrets: group.secrets });
                assert.deepStrictEqual(j.variables, [{ group: group.name }]);
                assert.deepStrictEqual(scriptStep(j).env, expectedEnv);
                assert.strictEqual(steps(j).filter((s) => s.task === "AzureKeyVault@2").length, 0);
                assert.deepStrictEqual(j.pool, { name: "build-agents" });
            });

            it(`task mode (${stack}): AzureKeyVault@2 through ${connectionName(config)} with exactly the listed secrets, then the same env`, () => {
                const j = job({ environment: config.environment, secrets: group.secrets, mode: "task", vaultName: "kv-name" });
                assert.deepStrictEqual(j.variables, []);
                const kv = steps(j).filter((s) => s.task === "AzureKeyVault@2");
                assert.strictEqual(kv.length, 1);
                assert.deepStrictEqual((kv[0] as Rec).inputs, {
                    azureSubscription: connectionName(config),
                    KeyVaultName: "kv-name",
                    SecretsFilter: group.secrets.join(","),
                    RunAsPreJob: false,
                });
                assert.ok(steps(j).indexOf(kv[0] as Rec) < steps(j).indexOf(scriptStep(j)), "secrets are read before the script");
                assert.deepStrictEqual(scriptStep(j).env, expectedEnv);
            });
        }
    }

    it("maps every secret of every stack as environmentVariableName does (the template's own expression)", () => {
        const env = ((((template.jobs as Rec[])[0] as Rec).steps as Rec[]).find((s) => "script" in s) as Rec).env as Rec;
        const [eachKey] = Object.keys(env);
        const [mappingKey] = Object.keys(env[eachKey as string] as Rec);
        const loopVar = /each\s+(\w+)\s+in/.exec(eachKey as string)?.[1] as string;
        const expression = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/.exec(mappingKey as string)?.[1] as string;
        const names = new Set(stacks.flatMap((s) => [...s.config.secrets.map((x) => x.name), ...(s.config.devops?.variableGroups.flatMap((g) => g.secrets) ?? [])]));
        assert.ok(names.size > 0);
        for (const name of [...names, "a1-b2-c3", "token"]) {
            assert.strictEqual(evaluate(expression, { [loopVar]: name }), environmentVariableName(name), name);
        }
    });

    it("stops at queue time on no secret, on '*', and on task mode without a vault name", () => {
        const errorStep = (j: Rec): string | undefined => Object.keys(steps(j)[0] ?? {}).find((k) => k.startsWith("use-secrets.yml:"));
        assert.match(errorStep(job({ environment: "staging", secrets: [] })) ?? "", /parameters\.secrets is empty/);
        assert.match(errorStep(job({ environment: "staging", secrets: ["*"] })) ?? "", /'\*' is not a secret name/);
        assert.match(errorStep(job({ environment: "staging", secrets: ["db-password"], mode: "task" })) ?? "", /mode task needs vaultName/);
        assert.strictEqual(errorStep(job({ environment: "staging", secrets: ["db-password"] })), undefined);
    });

    it("runs the caller's setup steps before the secrets are read, without the secrets", () => {
        const j = job({ environment: "staging", secrets: ["db-password"], mode: "task", vaultName: "kv", steps: [{ script: "echo setup" }] });
        assert.deepStrictEqual(steps(j)[0], { script: "echo setup" });
        assert.strictEqual(steps(j)[1]?.task, "AzureKeyVault@2");
    });
});

describe("pipelines: examples/payments-api.yml (a consumer)", () => {
    const consumer = load("pipelines/examples/payments-api.yml");
    const template = load(TEMPLATE);
    const uses = mappings(consumer).filter((m) => typeof m.template === "string");

    it("includes the template from this repository", () => {
        assert.ok(uses.length > 0);
        for (const use of uses) {
            assert.strictEqual(String(use.template).replace(/@infra$/, ""), TEMPLATE);
        }
    });

    it("asks only for secrets its environment's stack has, in the group it references (group mode)", () => {
        for (const use of uses) {
            const params = use.parameters as Rec;
            const { config } = stackOfEnvironment(String(params.environment));
            const j = (expandTemplate(template, params).jobs as Rec[])[0] as Rec;
            const groups = (j.variables as Rec[]).map((v) => String(v.group));
            const available =
                groups.length > 0
                    ? (config.devops?.variableGroups.filter((g) => groups.includes(g.name)).flatMap((g) => g.secrets) ?? [])
                    : config.secrets.map((s) => s.name);
            for (const secret of params.secrets as string[]) {
                assert.ok(available.includes(secret), `${String(params.environment)}: ${secret} in ${available.join(", ")}`);
            }
        }
    });
});
