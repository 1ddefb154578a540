/*
 * Preflight findings are data (`{ check, severity, path, found, expected, fix, why }`) rendered by one formatter
 * (tools/preflight/render.ts), issue 9: every check fills every field, the text and Markdown reports show the same
 * headline, only the formatter composes it, and no secret value reaches a finding.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EvaluatedProgram } from "../../tools/plan/evaluate";
import { mdText } from "../../tools/plan/markdown";
import { renderPreflightMarkdown } from "../../tools/plan/render";
import { PlannedResource } from "../../tools/plan/types";
import { Finding, findingHeadline, preflight, PREFLIGHT_CHECKS, PreflightInput, renderFindings } from "../../tools/preflight/preflight";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
import { evaluatedPlan } from "./helpers";

type Rec = Record<string, unknown>;

const SECRET = "s3cr3t-Value-That-Must-Not-Show";

/** The shipped stack's raw config, a fresh copy, with secret values where the schema keeps them. */
function raw(stack: string): Rec {
    const config = structuredClone(readStackConfig(REPO_ROOT, stack).raw);
    config.secretValues = { "db-password": SECRET, "payments-api-key": SECRET };
    const rotation = (config.rotation ?? {}) as Rec;
    config.rotation = { ...rotation, alerts: { ...((rotation.alerts ?? {}) as Rec), webhookUrl: `https://hooks.example.com/services/${SECRET}` } };
    return config;
}
const devops = (config: Rec): Rec & { variableGroups: Rec[]; serviceConnection: Rec } => config.devops as Rec & { variableGroups: Rec[]; serviceConnection: Rec };
const network = (config: Rec): Rec => ((config.vault as Rec).network ?? {}) as Rec;

function withResources(plan: EvaluatedProgram, change: (resources: PlannedResource[]) => PlannedResource[]): EvaluatedProgram {
    return { ...plan, resources: change(structuredClone(plan.resources)) };
}

/** A config path as `pulumi config set --path` takes it: keys joined by dots, list indexes in brackets. */
const CONFIG_PATH = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*|\[\d+\])*$/;

describe("preflight findings as data (tools/preflight/render.ts)", function () {
    this.timeout(180_000);
    let scenarios: { readonly name: string; readonly input: PreflightInput }[] = [];

    before(async () => {
        const staging = await evaluatedPlan("staging");
        const appId = "0f1e2d3c-4b5a-4968-8776-655443322110";
        const emptyGroup = raw("staging");
        devops(emptyGroup).variableGroups[0] = { ...devops(emptyGroup).variableGroups[0], secrets: [] };
        const caseMismatch = raw("staging");
        (devops(caseMismatch).variableGroups[0] as Rec).secrets = ["DB-Password", "payments-api-key"];
        const external = raw("staging");
        (external.secrets as Rec[])[2] = { ...(external.secrets as Rec[])[2], preexisting: true };
        devops(external).variableGroups[0] = { ...devops(external).variableGroups[0], secrets: ["db-password", "payments-api-key"] };
        const disabled = raw("production");
        (disabled.vault as Rec).publicNetworkAccess = "Disabled";
        const noDevopsRange = raw("staging");
        delete devops(noDevopsRange).allowedIpRanges;
        const noAgent = raw("staging");
        network(noAgent).ipRules = ["40.74.28.0/23", "20.166.41.0/24"];
        network(noAgent).subnetIds = [];
        const ranges = raw("production");
        devops(ranges).allowedIpRanges = ["40.74.28.0/23", "20.67.128.0/22"];
        devops(ranges).geography = "Europe";
        const existing = raw("staging");
        devops(existing).serviceConnection = { mode: "existing", id: "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", principalObjectId: appId, applicationId: appId };
        (existing.access as Rec).extraRoles = [{ principalId: appId, role: "Key Vault Crypto User" }];
        const noAppId = raw("staging");
        devops(noAppId).serviceConnection = { mode: "existing", id: "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d", principalObjectId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d" };
        const adopted = raw("staging");
        adopted.adopt = {
            vaultId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv",
            accessPolicies: [{ objectId: "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f", permissions: { secrets: ["get", "list"], keys: ["create"], certificates: [], storage: ["get"] } }],
        };
        const certificatesDisabled = raw("staging");
        (certificatesDisabled.vault as Rec).publicNetworkAccess = "Disabled";
        const identity = staging.resources.find((r) => r.type === "azure-native:managedidentity:UserAssignedIdentity") as PlannedResource;
        const group = "azuredevops:index/variableGroup:VariableGroup";
        scenarios = [
            { name: "shipped staging with its plan", input: { config: raw("staging"), plan: staging, stack: "staging" } },
            { name: "a group with no secret", input: { config: emptyGroup, stack: "staging" } },
            { name: "a planned group with no variables", input: { config: raw("staging"), plan: withResources(staging, (rs) => rs.map((r) => (r.type === group ? { ...r, inputs: { ...r.inputs, variables: [] } } : r))) } },
            { name: "a case-mismatched group secret", input: { config: caseMismatch, stack: "staging" } },
            {
                name: "a case-mismatched planned variable",
                input: { config: raw("staging"), plan: withResources(staging, (rs) => rs.map((r) => (r.type === group ? { ...r, inputs: { ...r.inputs, variables: [{ name: "Payments-Api-Key" }] } } : r))) },
            },
            { name: "a linked external secret", input: { config: external, stack: "staging" } },
            { name: "public access disabled", input: { config: disabled, stack: "production" } },
            { name: "no Azure DevOps range", input: { config: noDevopsRange, stack: "staging" } },
            { name: "no agent admitted", input: { config: noAgent, stack: "staging" } },
            { name: "undocumented and missing Azure DevOps ranges", input: { config: ranges, stack: "production" } },
            {
                name: "missing pipeline authorizations and a group open to all",
                input: {
                    config: raw("staging"),
                    plan: withResources(staging, (rs) =>
                        rs.filter((r) => r.type !== "azuredevops:index/pipelineAuthorization:PipelineAuthorization").map((r) => (r.type === group ? { ...r, inputs: { ...r.inputs, allowAccess: true } } : r)),
                    ),
                },
            },
            { name: "application IDs for object IDs", input: { config: existing, stack: "staging" } },
            { name: "an existing connection without applicationId", input: { config: noAppId, stack: "staging" } },
            {
                name: "a role assignment given a managed identity's client ID",
                input: {
                    config: raw("staging"),
                    plan: withResources(staging, (rs) =>
                        rs.map((r) => (r.type === "azure-native:authorization:RoleAssignment" && r.name.endsWith("devops-service-connection") ? { ...r, inputs: { ...r.inputs, principalId: identity.outputs.clientId } } : r)),
                    ),
                },
            },
            { name: "an adopted vault with access policies", input: { config: adopted, stack: "staging" } },
            { name: "certificates on a vault with public access disabled", input: { config: certificatesDisabled, stack: "staging" } },
        ];
    });

    const all = (): { scenario: string; finding: Finding }[] => scenarios.flatMap((s) => preflight(s.input).map((finding) => ({ scenario: s.name, finding })));

    it("every check's findings carry a config path and non-empty found, expected, fix and why", () => {
        const findings = all();
        for (const check of PREFLIGHT_CHECKS) {
            assert.ok(
                findings.some((f) => f.finding.check === check),
                `no scenario makes ${check} report anything`,
            );
        }
        for (const { scenario, finding } of findings) {
            const at = `${scenario}: ${JSON.stringify(finding)}`;
            assert.match(finding.path, CONFIG_PATH, at);
            for (const field of ["found", "expected", "fix", "why"] as const) {
                assert.ok(finding[field].trim().length > 0, `${field} is empty: ${at}`);
            }
            // The headline is one line: found and expected hold no line break (names in them are JSON-quoted).
            assert.ok(!/\n/.test(findingHeadline(finding)), at);
            assert.deepStrictEqual(Object.keys(finding), ["check", "severity", "path", "found", "expected", "fix", "why"], at);
        }
    });

    it("shows the same headline in the text and the Markdown report, and composes it from the fields", () => {
        for (const { scenario, finding } of all()) {
            const headline = findingHeadline(finding);
            const expected = finding.found === "not set" ? "not set" : `found ${finding.found}`;
            assert.strictEqual(headline, `${finding.check} \`${finding.path}\`: ${expected}; must be ${finding.expected}`, scenario);
            const text = renderFindings([finding], "t").split("\n");
            assert.strictEqual(text[2], `${finding.severity}: ${headline}`, scenario);
            const markdown = renderPreflightMarkdown([finding]).split("\n");
            assert.strictEqual(markdown[2], `- **${finding.severity}** ${mdText(headline)}. Fix: ${mdText(finding.fix)}`, scenario);
        }
    });

    it("is composed by the formatters only: nothing else in tools/ reads a finding's why or renders a problem line", () => {
        const formatter = path.join(REPO_ROOT, "tools", "preflight", "render.ts");
        // The deployability findings (tools/deployability/rules.ts) have their own formatter, of the same shape.
        const deployability = path.join(REPO_ROOT, "tools", "deployability", "report.ts");
        const files = (fs.readdirSync(path.join(REPO_ROOT, "tools"), { recursive: true }) as string[])
            .filter((f) => f.endsWith(".ts"))
            .map((f) => path.join(REPO_ROOT, "tools", f))
            .filter((f) => f !== formatter && f !== deployability);
        assert.ok(files.length > 20, "the tools' sources");
        for (const file of files) {
            const source = fs.readFileSync(file, "utf8");
            assert.ok(!/\.why\b/.test(source), `${file} reads a finding's why`);
            assert.ok(!/renderProblem\(/.test(source), `${file} renders a problem line itself`);
        }
        assert.match(fs.readFileSync(formatter, "utf8"), /renderProblem\(/);
        assert.match(fs.readFileSync(deployability, "utf8"), /renderProblem\(/);
    });

    it("never puts a secret value in a finding (secretValues, the alert webhook URL)", () => {
        const findings = all();
        assert.ok(findings.length > 20);
        for (const { scenario, finding } of findings) {
            assert.ok(!finding.found.includes(SECRET), `${scenario}: ${finding.found}`);
            assert.ok(!JSON.stringify(finding).includes(SECRET), `${scenario}: ${JSON.stringify(finding)}`);
        }
    });
});
