import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { DEPLOY_SCRIPT } from "../../components/secretRotation";
import { StackConfig } from "../../stack/config/schema";
import { oneDeployArgs } from "../../stack/functionPackage";
import { gateTargets } from "../../tools/cli/gateTargets";
import { environmentVariableName, pipelineVariables } from "../../stack/pipelineVariables";
import { REPO_ROOT } from "../helpers/pulumi";
import { planJson } from "../plan/planCli";
import { evaluatedPlan, shippedStacks } from "../preflight/helpers";
import { pipelineSchema, schemaErrors, taskDefinitions, taskInputProblems } from "./azurePipelines";
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

/** A step's inline script as the commands bash runs: `\\`-continued lines joined, comments and blank lines dropped. */
function shellCommands(script: string): string[] {
    return script
        .replace(/\\\n\s*/g, "")
        .split("\n")
        .map((l) => l.trim())
        .filter((l) => l !== "" && !l.startsWith("#"));
}

interface PulumiUpStep {
    readonly step: Rec;
    readonly commands: string[];
}

/** The steps whose inline script runs `pulumi up`, with that script's commands. */
function pulumiUpSteps(doc: unknown): PulumiUpStep[] {
    return mappings(doc)
        .filter((m) => typeof m.task === "string" || typeof m.script === "string")
        .map((step) => ({ step, commands: shellCommands(String((step.inputs as Rec | undefined)?.inlineScript ?? step.script ?? "")) }))
        .filter(({ commands }) => commands.some((c) => c.startsWith("pulumi up")));
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

    it("uses Node 22 through NodeTool@0, then npm ci and npm test before the plans", () => {
        const node = tasks(pr, "NodeTool@0");
        assert.ok(node.length > 0);
        for (const t of node) {
            assert.deepStrictEqual(t.inputs, { versionSource: "spec", versionSpec: "22.x" });
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

        it(`previews ${stack} with Pulumi@1: --diff, the policy pack and its config, a workload-identity connection; a PR comment on PR builds only`, () => {
            const previews = tasks(pr, "Pulumi@1").filter((t) => String((t.inputs as Rec).stack).endsWith(`/${stack}`));
            assert.strictEqual(previews.length, 2);
            for (const preview of previews) {
                const inputs = preview.inputs as Rec;
                assert.strictEqual(inputs.command, "preview");
                assert.strictEqual(inputs.args, `--diff --policy-pack policies --policy-pack-config policies/config.${config.environment}.json`);
                assert.strictEqual(inputs.cwd, "$(System.DefaultWorkingDirectory)");
                assert.match(String(inputs.azureSubscription), /^[\w-]+$/);
                const kvConnections = withDevops.map((s) => connectionName(s.config));
                assert.ok(!kvConnections.includes(String(inputs.azureSubscription)), "not a stack's read-only Key Vault connection");
            }
            const [commenting, plain] = previews as [Rec, Rec];
            // Build.Reason is PullRequest for a branch policy's build validation and for a GitHub/Bitbucket pr: trigger.
            assert.strictEqual(commenting.condition, "and(succeeded(), eq(variables['Build.Reason'], 'PullRequest'))");
            assert.strictEqual((commenting.inputs as Rec).createPrComment, true);
            // The Pulumi task posts with System.AccessToken, which reaches a task only when mapped (task.json, createPrComment).
            assert.deepStrictEqual(commenting.env, { PULUMI_ACCESS_TOKEN: "$(PULUMI_ACCESS_TOKEN)", SYSTEM_ACCESSTOKEN: "$(System.AccessToken)" });
            assert.strictEqual(plain.condition, "and(succeeded(), ne(variables['Build.Reason'], 'PullRequest'))");
            assert.strictEqual((plain.inputs as Rec).createPrComment, undefined, "no comment without a pull request");
            assert.deepStrictEqual(plain.env, { PULUMI_ACCESS_TOKEN: "$(PULUMI_ACCESS_TOKEN)" }, "no job token where nothing comments");
        });
    }

    it("the stack with devops.prGate permits the PR pipeline on exactly the connections infra-pr.yml previews through", () => {
        const gates = withDevops.filter((s) => s.config.devops?.prGate);
        assert.strictEqual(gates.length, 1, "one stack creates the PR gate");
        const used = new Set(tasks(pr, "Pulumi@1").map((t) => String((t.inputs as Rec).azureSubscription)));
        assert.deepStrictEqual([...(gates[0]?.config.devops?.prGate?.serviceConnections ?? [])].sort(), [...used].sort());
    });

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

    it("deploys staging first with pulumi up --yes and the policy pack, as the staging deploy connection", () => {
        assert.strictEqual(stages[0]?.stage, "staging");
        const up = pulumiUpSteps(stages[0]);
        assert.strictEqual(up.length, 1);
        const { step, commands } = up[0] as PulumiUpStep;
        assert.strictEqual((step.inputs as Rec).azureSubscription, "pulumi-deploy-staging");
        assert.deepStrictEqual(commands.slice(-2), [
            'pulumi stack select --create "$(pulumiOrganization)/staging"',
            `pulumi up --yes --non-interactive --policy-pack policies --policy-pack-config policies/config.${stackOfEnvironment("staging").config.environment}.json`,
        ]);
    });

    it("deploys production after its gate stage, as a deployment job on the environment the production stack gates with its approval", () => {
        const production = stages.find((s) => s.stage === "production");
        assert.ok(production);
        assert.strictEqual(production.dependsOn, "production_gate");
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
        const up = pulumiUpSteps(steps);
        assert.strictEqual(up.length, 1);
        const { step, commands } = up[0] as PulumiUpStep;
        assert.strictEqual((step.inputs as Rec).azureSubscription, "pulumi-deploy-production");
        assert.deepStrictEqual(commands.slice(-2), [
            'pulumi stack select --create "$(pulumiOrganization)/production"',
            "pulumi up --yes --non-interactive --policy-pack policies --policy-pack-config policies/config.production.json",
        ]);
    });

    it("creates the production environment, its approval and its pipeline permission before any job targets it: an ordinary job, after staging, targeting exactly those resources", async () => {
        const names = stages.map((s) => s.stage);
        assert.deepStrictEqual(names, ["staging", "production_gate", "production"]);
        const gate = stages[1] as Rec;
        assert.strictEqual(gate.dependsOn, "staging");
        const jobs = gate.jobs as Rec[];
        assert.strictEqual(jobs.length, 1);
        assert.ok(!("deployment" in (jobs[0] as Rec)) && !("environment" in (jobs[0] as Rec)), "the gate job targets no environment");
        const up = pulumiUpSteps(gate);
        assert.strictEqual(up.length, 1);
        const { step, commands } = up[0] as PulumiUpStep;
        assert.strictEqual((step.inputs as Rec).azureSubscription, "pulumi-deploy-production");
        // The targets come from this commit's offline plan, written by the gate job's plan step, through gateTargets.
        const planStep = ((jobs[0] as Rec).steps as Rec[]).find((st) => typeof st.script === "string" && st.script.startsWith("npm run plan -- --stack production"));
        assert.ok(planStep && String(planStep.script).includes("--out plans/production.json"), "the gate job writes the production plan");
        assert.deepStrictEqual(commands.slice(-5), [
            // Works on a stack that does not exist yet.
            'pulumi stack select --create "$(pulumiOrganization)/production"',
            "node dist/tools/cli/gateTargets.js --plan plans/production.json > gate-targets.txt",
            "targets=()",
            'while IFS= read -r urn; do targets+=(--target "$urn"); done < gate-targets.txt',
            'pulumi up --yes --non-interactive --policy-pack policies --policy-pack-config policies/config.production.json "${targets[@]}"',
        ]);
        const targets = gateTargets((await planJson(["--stack", "production", "--no-policies"])).resources);
        // The URNs of the production plan: the azuredevops provider, the EnvironmentApproval component and its children.
        const plan = await evaluatedPlan("production");
        const approval = plan.resources.filter((r) => r.type === "keyvault-devops:index:EnvironmentApproval");
        assert.strictEqual(approval.length, 1);
        const component = approval[0] as { urn: string };
        const children = plan.resources.filter((r) => r.parent === component.urn);
        const { config } = stackOfEnvironment("production");
        const pipelineIds = config.devops?.approvals?.pipelines ?? [];
        assert.ok(pipelineIds.length > 0, "the production stack permits the deploy pipeline on its environment");
        assert.deepStrictEqual(children.map((r) => r.type).sort(), [
            "azuredevops:index/checkApproval:CheckApproval",
            "azuredevops:index/environment:Environment",
            ...pipelineIds.map(() => "azuredevops:index/pipelineAuthorization:PipelineAuthorization"),
        ]);
        for (const auth of children.filter((r) => r.type === "azuredevops:index/pipelineAuthorization:PipelineAuthorization")) {
            assert.strictEqual(auth.inputs.type, "environment");
            assert.ok(pipelineIds.includes(auth.inputs.pipelineId as number), `${auth.urn}: pipeline ${String(auth.inputs.pipelineId)}`);
        }
        const provider = plan.resources.filter((r) => r.type === "pulumi:providers:azuredevops").map((r) => r.urn);
        assert.strictEqual(provider.length, 1);
        assert.deepStrictEqual([...targets].sort(), [...provider, component.urn, ...children.map((r) => r.urn)].sort());
        // Nothing targeted depends on anything outside the targets (pulumi/pulumi#5869).
        for (const r of plan.resources.filter((x) => targets.includes(x.urn))) {
            for (const dep of r.dependencies) {
                assert.ok(targets.includes(dep), `${r.urn} depends on ${dep}`);
            }
        }
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
        // `${{ each secret in ... }}: { ${{ if not(containsValue(environmentVariables, secret)) }}: { <expression>: ... } }`
        const [ifKey] = Object.keys(env[eachKey as string] as Rec);
        const [mappingKey] = Object.keys((env[eachKey as string] as Rec)[ifKey as string] as Rec);
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

/** A consumer pipeline with each `- template: pipelines/templates/use-secrets.yml@infra` job replaced by its expansion. */
function withTemplatesExpanded(doc: unknown, template: Rec): unknown {
    if (Array.isArray(doc)) {
        return doc.flatMap((item) => {
            if (item !== null && typeof item === "object" && String((item as Rec).template ?? "").replace(/@infra$/, "") === TEMPLATE) {
                return expandTemplate(template, (item as Rec).parameters as Rec).jobs as unknown[];
            }
            return [withTemplatesExpanded(item, template)];
        });
    }
    if (doc !== null && typeof doc === "object") {
        return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, withTemplatesExpanded(v, template)]));
    }
    return doc;
}

/** Every parameter combination of use-secrets.yml the tests expand: environments × modes × secrets × setup steps × dependsOn. */
function templateParameterSpace(): { label: string; params: Rec }[] {
    const secretLists: { label: string; secrets: string[]; environmentVariables?: Rec }[] = [
        { label: "one secret", secrets: ["db-password"] },
        ...withDevops.flatMap((s) => (s.config.devops?.variableGroups ?? []).map((g) => ({ label: `group ${g.name}`, secrets: [...g.secrets] }))),
        { label: "PascalCase mapped by environmentVariables", secrets: ["DatabaseConnectionString", "db-password"], environmentVariables: { DATABASE_CONNECTION_STRING: "DatabaseConnectionString" } },
    ];
    const out: { label: string; params: Rec }[] = [];
    for (const environment of ["staging", "production"]) {
        for (const mode of ["group", "task"]) {
            for (const list of secretLists) {
                for (const steps of [[], [{ script: "echo setup", displayName: "Setup" }, { task: "NodeTool@0", inputs: { versionSource: "spec", versionSpec: "22.x" } }]]) {
                    for (const dependsOn of [[], ["build"]]) {
                        const params: Rec = { environment, mode, secrets: list.secrets, pool: { name: "build-agents" }, script: "./run.sh", steps, dependsOn };
                        if (mode === "task") {
                            params.vaultName = "kv-example";
                        }
                        if (list.environmentVariables) {
                            params.environmentVariables = list.environmentVariables;
                        }
                        out.push({ label: `${environment}, ${mode} mode, ${list.label}, ${steps.length} setup steps, dependsOn ${JSON.stringify(dependsOn)}`, params });
                    }
                }
            }
        }
    }
    return out;
}

describe("pipelines: against Microsoft's YAML schema (service-schema.json) and the tasks' task.json", function () {
    // Compiling the 1.6 MB schema takes a while on a shared 2-core machine; it happens once per process.
    this.timeout(180_000);
    const template = load(TEMPLATE);
    const definitions = taskDefinitions();

    before(() => {
        pipelineSchema();
    });

    for (const file of ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml"]) {
        it(`${file} validates against the schema`, () => {
            assert.deepStrictEqual(schemaErrors(load(file)), []);
        });
    }

    it("pipelines/examples/payments-api.yml validates, as written and with the template expanded", () => {
        const consumer = load("pipelines/examples/payments-api.yml");
        assert.deepStrictEqual(schemaErrors(consumer), []);
        assert.deepStrictEqual(schemaErrors(withTemplatesExpanded(consumer, template)), []);
    });

    it("every pipeline file outside templates/ is checked here (a new one must be added)", () => {
        const checked = ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml", "pipelines/examples/payments-api.yml"];
        const all = yamlFiles(PIPELINES).map((f) => path.relative(REPO_ROOT, f)).filter((f) => !f.startsWith("pipelines/templates/"));
        assert.deepStrictEqual(all.sort(), checked.sort());
    });

    const space = templateParameterSpace();
    it(`every expansion of use-secrets.yml over its parameter space validates (${space.length} combinations)`, () => {
        for (const { label, params } of space) {
            const expanded = expandTemplate(template, params);
            assert.deepStrictEqual(schemaErrors(expanded), [], label);
            for (const step of mappings(expanded).filter((m) => typeof m.task === "string")) {
                assert.deepStrictEqual(taskInputProblems(step, definitions), [], `${label}: ${String(step.task)}`);
            }
        }
    });

    it("the template's queue-time errors are steps the schema rejects, so Azure DevOps stops the run with their text", () => {
        const base = { environment: "staging", pool: { name: "a" }, script: "./run.sh" };
        for (const params of [
            { ...base, secrets: [] },
            { ...base, secrets: ["*"] },
            { ...base, secrets: ["db-password"], mode: "task" },
            { ...base, secrets: ["db-password"], environmentVariables: { DB: "other-secret" } },
        ]) {
            const expanded = expandTemplate(template, params);
            const errors = schemaErrors(expanded);
            assert.ok(errors.length > 0, JSON.stringify(params));
            assert.ok(errors.every((e) => e.startsWith("/jobs/0/steps/0")), errors.join("\n"));
            assert.match(Object.keys(((expanded.jobs as Rec[])[0]?.steps as Rec[])[0] ?? {})[0] ?? "", /^use-secrets\.yml: /);
        }
    });

    it("rejects what Azure DevOps rejects (the validator is not vacuous)", () => {
        const pr = load("pipelines/infra-pr.yml");
        assert.ok(schemaErrors({ ...pr, trigger: { branches: "main", bogus: 1 } }).length > 0, "unknown trigger key");
        assert.ok(schemaErrors({ steps: [{ task: "Pulumi@1", inputs: { command: "up" } }] }).length > 0, "Pulumi@1 without its required stack");
        assert.ok(schemaErrors({ steps: [{ task: "Pulumi@1", inputs: { stack: "o/s", createPrComment: "yes" } }] }).length > 0, "a boolean input");
        assert.ok(schemaErrors({ steps: [{ task: "Cache@2", inputs: { key: "k" } }] }).length > 0, "Cache@2 without path");
        assert.ok(schemaErrors({ steps: [{ task: "NodeTool@0", inputs: { versionSource: "latest" } }] }).length > 0, "versionSource outside its options");
        assert.ok(schemaErrors({ steps: [{ task: "UseNode@1" }] }).length > 0, "UseNode@1 is not in the schema (preview)");
        assert.deepStrictEqual(schemaErrors({ steps: [{ script: "echo ok", env: { A: "$(b)" } }] }), []);
    });

    it("every task step's inputs match its task.json: names or aliases (any case), required inputs, pick-list values", () => {
        let checked = 0;
        const docs = [load("pipelines/infra-pr.yml"), load("pipelines/infra-deploy.yml"), withTemplatesExpanded(load("pipelines/examples/payments-api.yml"), template)];
        for (const doc of docs) {
            for (const step of mappings(doc).filter((m) => typeof m.task === "string")) {
                checked++;
                assert.deepStrictEqual(taskInputProblems(step, definitions), [], JSON.stringify(step));
            }
        }
        assert.ok(checked >= 15, `${checked} task steps`);
    });

    it("checks task inputs as the agent reads them (the checker is not vacuous)", () => {
        const check = (step: Rec): string[] => taskInputProblems(step, definitions);
        assert.deepStrictEqual(check({ task: "AzureKeyVault@2", inputs: { connectedservicename: "c", keyvaultname: "kv", secretsfilter: "a" } }), [], "names and aliases in any case");
        assert.deepStrictEqual(check({ task: "AzureKeyVault@2", inputs: { azureSubscription: "c" } }), ["AzureKeyVault@2: required input KeyVaultName is missing"]);
        assert.deepStrictEqual(check({ task: "AzureKeyVault@2", inputs: { azureSubscription: "c", KeyVaultName: "kv", secretFilter: "a" } }), ["AzureKeyVault@2: unknown input secretFilter"]);
        assert.deepStrictEqual(check({ task: "PublishPipelineArtifact@1", inputs: { targetPath: "p", publishLocation: "filepath" } }), [
            "PublishPipelineArtifact@1: required input fileSharePath is missing",
        ]);
        assert.deepStrictEqual(check({ task: "PublishPipelineArtifact@1", inputs: { publishLocation: "s3" } }), ["PublishPipelineArtifact@1: publishLocation is s3, not one of pipeline, filepath"]);
        assert.deepStrictEqual(check({ task: "Pulumi@1", inputs: { command: "whatever", stack: "o/s" } }), [], "Pulumi's command list is editable");
        assert.deepStrictEqual(check({ task: "Pulumi@1", inputs: { command: "up" } }), ["Pulumi@1: required input stack is missing"]);
        assert.deepStrictEqual(check({ task: "Pulumi@1", inputs: { stack: "o/s", createPrComment: "sometimes" } }), ["Pulumi@1: createPrComment is sometimes, not a boolean"]);
        assert.deepStrictEqual(check({ task: "NodeTool@1" }), ["NodeTool@1: the definition is version 0"]);
        // AzureCLI@2, which runs pulumi up: the inline script is required only when the script location says so.
        assert.deepStrictEqual(check({ task: "AzureCLI@2", inputs: { azureSubscription: "c", scriptType: "bash", scriptLocation: "inlineScript" } }), ["AzureCLI@2: required input inlineScript is missing"]);
        assert.deepStrictEqual(check({ task: "AzureCLI@2", inputs: { azureSubscription: "c", scriptType: "bash", scriptLocation: "scriptPath", scriptPath: "a.sh" } }), []);
        assert.deepStrictEqual(check({ task: "AzureCLI@2", inputs: { azureSubscription: "c", scriptType: "sh", inlineScript: "x", scriptLocation: "inlineScript", keepAzSessionActive: "always" } }), [
            "AzureCLI@2: scriptType is sh, not one of ps, pscore, batch, bash",
            "AzureCLI@2: keepAzSessionActive is always, not a boolean",
        ]);
        assert.ok(schemaErrors({ steps: [{ task: "AzureCLI@2", inputs: { scriptType: "bash", scriptLocation: "inlineScript", inlineScript: "x" } }] }).length > 0, "AzureCLI@2 without its connection");
    });

    it("selects Node with NodeTool@0 on 22.x everywhere, never the preview UseNode@1", () => {
        assert.strictEqual(definitions.get("usenode")?.preview, true, "UseNode@1's task.json marks it preview");
        assert.strictEqual(definitions.get("nodetool")?.preview, undefined);
        for (const file of ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml"]) {
            const doc = load(file);
            assert.strictEqual(tasks(doc, "UseNode@1").length, 0, file);
            const jobs = mappings(doc).filter((m) => Array.isArray(m.steps) && (m.steps as Rec[]).some((s) => s.checkout === "self"));
            assert.ok(jobs.length > 0);
            for (const job of jobs) {
                const steps = job.steps as Rec[];
                const node = steps.findIndex((s) => s.task === "NodeTool@0");
                const ci = steps.findIndex((s) => String(s.script ?? "").startsWith("npm ci"));
                assert.ok(node >= 0 && node < ci, `${file}: Node before npm ci`);
                assert.deepStrictEqual((steps[node] as Rec).inputs, { versionSource: "spec", versionSpec: "22.x" });
            }
        }
    });

    it("caches npm for real: every job that runs npm ci restores and saves npm_config_cache with Cache@2 keyed on the lockfile", () => {
        for (const file of ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml"]) {
            const doc = load(file);
            const variables = doc.variables as Rec[];
            assert.ok(variables.some((v) => v.name === "npm_config_cache" && v.value === "$(Pipeline.Workspace)/.npm"), file);
            const jobs = mappings(doc).filter((m) => Array.isArray(m.steps) && (m.steps as Rec[]).some((s) => String(s.script ?? "").startsWith("npm ci")));
            for (const job of jobs) {
                const steps = job.steps as Rec[];
                const cache = steps.findIndex((s) => s.task === "Cache@2");
                const ci = steps.findIndex((s) => String(s.script ?? "").startsWith("npm ci"));
                assert.ok(cache >= 0 && cache < ci, `${file}: Cache@2 before npm ci`);
                const inputs = (steps[cache] as Rec).inputs as Rec;
                assert.strictEqual(inputs.path, "$(npm_config_cache)");
                assert.strictEqual(inputs.key, 'npm | "$(Agent.OS)" | package-lock.json');
                assert.ok(fs.existsSync(path.join(REPO_ROOT, "package-lock.json")));
            }
        }
    });

    it("the example defines every $(variable) it uses that is not predefined or a secret of its group", () => {
        const text = fs.readFileSync(path.join(REPO_ROOT, "pipelines/examples/payments-api.yml"), "utf8");
        const consumer = load("pipelines/examples/payments-api.yml");
        const defined = new Set(mappings(consumer).filter((m) => typeof m.name === "string" && "value" in m).map((m) => String(m.name)));
        const used = [...YAML.parse(text) ? text.matchAll(/\$\(([A-Za-z][\w.-]*)\)/g) : []].map((m) => m[1] as string);
        assert.ok(used.includes("productionVaultName"));
        for (const name of used) {
            assert.ok(defined.has(name), `$(${name}) is defined in the example`);
        }
    });
});

describe("pipelines: PascalCase secrets through use-secrets.yml", () => {
    const template = load(TEMPLATE);

    it("maps a PascalCase secret listed in environmentVariables to the name environmentVariableName gives, once, and kebab-case ones as before", () => {
        const expanded = expandTemplate(template, {
            environment: "staging",
            secrets: ["DatabaseConnectionString", "JwtSigningKey", "db-password"],
            environmentVariables: { DATABASE_CONNECTION_STRING: "DatabaseConnectionString", JWT_SIGNING_KEY: "JwtSigningKey" },
            pool: { name: "a" },
            script: "./run.sh",
        });
        const script = (((expanded.jobs as Rec[])[0] as Rec).steps as Rec[]).find((s) => "script" in s) as Rec;
        assert.deepStrictEqual(script.env, {
            DB_PASSWORD: "$(db-password)",
            DATABASE_CONNECTION_STRING: "$(DatabaseConnectionString)",
            JWT_SIGNING_KEY: "$(JwtSigningKey)",
        });
        for (const name of ["DatabaseConnectionString", "JwtSigningKey", "db-password"]) {
            assert.ok(Object.keys(script.env as Rec).includes(environmentVariableName(name)), name);
        }
    });
});

describe("pipelines: az signed in wherever pulumi up can run One Deploy's local.Command", function () {
    // Evaluating both shipped stacks under mocks takes a few seconds each on a shared machine.
    this.timeout(180_000);
    const files = ["pipelines/infra-pr.yml", "pipelines/infra-deploy.yml"];
    const INSTALL = "bash pipelines/scripts/install-pulumi.sh";
    const COMMAND = "command:local:Command";

    /** The stack a pulumi-up step deploys, from its `pulumi stack select --create "<org>/<stack>"`. */
    function stackOf(commands: readonly string[]): string | undefined {
        return commands.map((c) => /^pulumi stack select --create "\$\(pulumiOrganization\)\/([\w.-]+)"$/.exec(c)?.[1]).find((s) => s !== undefined);
    }

    /** The jobs (any mapping with steps) of a pipeline, with their steps. */
    function jobsOf(doc: unknown): Rec[][] {
        return mappings(doc)
            .filter((m) => Array.isArray(m.steps))
            .map((m) => m.steps as Rec[]);
    }

    it("a shipped stack deploys a local.Command (One Deploy of the rotation function), so the test below is not vacuous", async () => {
        const withCommand: string[] = [];
        for (const { stack } of stacks) {
            const plan = await evaluatedPlan(stack);
            const commands = plan.resources.filter((r) => r.type === COMMAND);
            if (commands.length > 0) {
                withCommand.push(stack);
                // `node dist/stack/functionPackage.js`, which runs `az functionapp deployment source config-zip`.
                assert.ok(commands.some((c) => c.inputs.create === `node ${DEPLOY_SCRIPT}`), `${stack}: the One Deploy command`);
                assert.deepStrictEqual(oneDeployArgs("rg", "app", "p.zip").slice(0, 4), ["functionapp", "deployment", "source", "config-zip"]);
            }
        }
        assert.deepStrictEqual(withCommand.sort(), stacks.map((s) => s.stack).sort(), "both shipped stacks enable rotation");
    });

    for (const { stack, config } of stacks) {
        it(`every pulumi up of ${stack} runs inside AzureCLI@2 as pulumi-deploy-${config.environment}, az checked first, the session kept fresh, after the pinned CLI install`, async () => {
            const plan = await evaluatedPlan(stack);
            const needsAz = plan.resources.some((r) => r.type === COMMAND);
            let found = 0;
            for (const file of files) {
                for (const steps of jobsOf(load(file))) {
                    for (const { step, commands } of pulumiUpSteps(steps)) {
                        if (stackOf(commands) !== stack) {
                            continue;
                        }
                        found++;
                        if (!needsAz) {
                            continue;
                        }
                        assert.strictEqual(step.task, "AzureCLI@2", `${file}: pulumi up of ${stack} must run where az is signed in`);
                        const inputs = step.inputs as Rec;
                        assert.strictEqual(inputs.azureSubscription, `pulumi-deploy-${config.environment}`);
                        assert.strictEqual(inputs.scriptType, "bash");
                        assert.strictEqual(inputs.scriptLocation, "inlineScript");
                        assert.strictEqual(inputs.keepAzSessionActive, true, "signed in again every 8 minutes: the federated ID token lasts 10");
                        // Its idToken is never refreshed: azure-native would keep an expired client assertion.
                        assert.strictEqual(inputs.addSpnToEnvironment, undefined);
                        assert.strictEqual(commands[0], "set -euo pipefail");
                        const az = commands.findIndex((c) => c.startsWith("az account show"));
                        const up = commands.findIndex((c) => c.startsWith("pulumi up"));
                        assert.ok(az > 0 && az < up, `${file}: az account show before pulumi up`);
                        assert.deepStrictEqual(step.env, { PULUMI_ACCESS_TOKEN: "$(PULUMI_ACCESS_TOKEN)", ARM_USE_OIDC: "false", ARM_USE_MSI: "false" }, "no other credential can take over");
                        const install = steps.findIndex((s) => s.script === INSTALL);
                        assert.ok(install >= 0 && install < steps.indexOf(step), `${file}: the Pulumi CLI is installed before pulumi up`);
                    }
                }
            }
            assert.ok(found > 0, `infra-deploy.yml deploys ${stack}`);
        });
    }

    it("every full pulumi up of a stack with certificates runs on a self-hosted pool (certificates are created on the vault's data plane, behind its firewall)", async () => {
        const CERTIFICATE = "azure:keyvault/certificate:Certificate";
        let checked = 0;
        for (const { stack, config } of stacks) {
            const plan = await evaluatedPlan(stack);
            if (!plan.resources.some((r) => r.type === CERTIFICATE)) {
                continue;
            }
            assert.ok(config.vault.network.subnetIds.length > 0, `${stack}: a subnet for the deploy agents in vault.network.subnetIds`);
            for (const job of mappings(load("pipelines/infra-deploy.yml")).filter((m) => typeof m.job === "string" || typeof m.deployment === "string")) {
                const ups = pulumiUpSteps(job).filter(({ commands }) => stackOf(commands) === stack && commands.some((c) => c.startsWith("pulumi up") && !/--target|\$\{targets\[@\]\}/.test(c)));
                if (ups.length === 0) {
                    continue;
                }
                checked++;
                assert.deepStrictEqual(job.pool, { name: `build-agents-${config.environment}` }, `${String(job.job ?? job.deployment)}: a self-hosted pool, not Microsoft-hosted agents`);
            }
        }
        assert.ok(checked >= 2, "both shipped stacks create certificates and are deployed by infra-deploy.yml");
    });

    it("no Pulumi@1 step runs up (the task never signs az in); the PR pipeline only previews, which runs no command", () => {
        for (const file of files) {
            for (const t of tasks(load(file), "Pulumi@1")) {
                assert.strictEqual((t.inputs as Rec).command, "preview", file);
            }
        }
        assert.deepStrictEqual(pulumiUpSteps(load("pipelines/infra-pr.yml")), []);
        assert.deepStrictEqual(tasks(load("pipelines/infra-deploy.yml"), "Pulumi@1"), []);
    });

    it("installs a pinned Pulumi CLI, never older than the SDK the program is locked at, checked against the release's SHA-256 before unpacking", () => {
        const script = fs.readFileSync(path.join(REPO_ROOT, "pipelines/scripts/install-pulumi.sh"), "utf8");
        const version = /^PULUMI_VERSION="(\d+)\.(\d+)\.(\d+)"$/m.exec(script);
        assert.ok(version, "one pinned version");
        const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
        const sdk = (lock.packages["node_modules/@pulumi/pulumi"]?.version ?? "").split(".").map(Number);
        const cli = version.slice(1, 4).map(Number);
        const cmp = cli.map((v, i) => v - (sdk[i] ?? 0)).find((d) => d !== 0) ?? 0;
        assert.ok(cmp >= 0, `CLI ${cli.join(".")} is not older than @pulumi/pulumi ${sdk.join(".")}`);
        const lines = shellCommands(script);
        assert.strictEqual(lines[0], "set -euo pipefail");
        const archive = lines.findIndex((l) => l.includes('"https://get.pulumi.com/releases/sdk/${ARCHIVE}"'));
        const sums = lines.findIndex((l) => l.includes('"https://github.com/pulumi/pulumi/releases/download/v${PULUMI_VERSION}/${CHECKSUMS}"'));
        const check = lines.indexOf("sha256sum --check --strict archive.sha256");
        const unpack = lines.findIndex((l) => l.startsWith("tar -xzf"));
        assert.ok(archive > 0 && sums > 0 && check > Math.max(archive, sums) && unpack > check, lines.join("\n"));
        assert.ok(lines.includes('ARCHIVE="pulumi-v${PULUMI_VERSION}-linux-x64.tar.gz"') && lines.includes('CHECKSUMS="pulumi-${PULUMI_VERSION}-checksums.txt"'));
        assert.ok(lines.includes('echo "##vso[task.prependpath]${DEST}"'), "later steps find it on PATH");
    });

    it("the stack's Azure DevOps provider carries no credential, so in the pipeline it uses the az session (useCli, default true)", async () => {
        for (const { stack } of withDevops) {
            const plan = await evaluatedPlan(stack);
            const providers = plan.resources.filter((r) => r.type === "pulumi:providers:azuredevops");
            assert.strictEqual(providers.length, 1);
            const inputs = (providers[0] as { inputs: Rec }).inputs;
            for (const credential of ["personalAccessToken", "clientSecret", "clientCertificate", "oidcToken", "useOidc", "useMsi", "useCli"]) {
                const value = inputs[credential];
                assert.ok(value === undefined || value === "" || value === "null", `${stack}: ${credential} is not set (${String(value)})`);
            }
        }
    });
});
