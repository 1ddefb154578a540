import * as assert from "assert";
import { Finding, findingHeadline } from "../../tools/preflight/preflight";
import { programWithStack, shippedConfig } from "../plan/planCli";
import { runScript, theFinding } from "./helpers";

type Rec = Record<string, unknown>;

async function findingsJson(args: readonly string[]): Promise<{ status: number | null; findings: Finding[]; stderr: string }> {
    const run = await runScript("preflight", [...args, "--json"]);
    return { status: run.status, findings: run.stdout ? (JSON.parse(run.stdout) as Finding[]) : [], stderr: run.stderr };
}

describe("npm run preflight", function () {
    this.timeout(120_000);

    for (const stack of ["staging", "production"]) {
        it(`exits 0 for the shipped ${stack} stack: no error, no warning (no group links the external secret), notes`, async () => {
            const { status, findings, stderr } = await findingsJson(["--stack", stack]);
            assert.strictEqual(status, 0, stderr);
            assert.deepStrictEqual(
                findings.filter((f) => f.severity === "error"),
                [],
            );
            assert.deepStrictEqual(findings.filter((f) => f.severity === "warning"), []);
            assert.strictEqual(theFinding(findings, "rbac-propagation").severity, "info");
        });
    }

    it("prints a text report: the summary, then each finding with its headline (path, found, expected), why and fix", async () => {
        const run = await runScript("preflight", ["--stack", "staging"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Preflight for keyvault-devops\/staging \(config and offline plan\): 0 errors, 0 warnings, 4 notes\.\n/);
        assert.ok(
            run.stdout.includes(
                "\ninfo: principal-id `access.pipelinePrincipalId`: found \"3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90\"; must be the object ID of the pipeline service connection's service principal (offline checks cannot tell it from its application ID)\n  access.pipelinePrincipalId (3f2b8c1e",
            ),
            run.stdout,
        );
        assert.match(run.stdout, /\n {2}Fix: Check it: az ad sp show --id 3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90 --query id -o tsv/);
    });

    it("checks the config only with --no-plan", async () => {
        const run = await runScript("preflight", ["--stack", "staging", "--no-plan"]);
        assert.strictEqual(run.status, 0, run.stderr);
        assert.match(run.stdout, /^Preflight for keyvault-devops\/staging \(config only\): /);
    });

    it("warns (exit 0) when a staging firewall marks no Azure DevOps range", async () => {
        const config = shippedConfig("staging");
        delete (config["keyvault-devops:devops"] as Rec).allowedIpRanges;
        const { status, findings, stderr } = await findingsJson(["--stack", "staging", "--program", programWithStack("staging", config)]);
        assert.strictEqual(status, 0, stderr);
        const f = theFinding(findings, "firewall", "devops.allowedIpRanges");
        assert.strictEqual(f.severity, "warning");
        // Preflight reads the config with defaults applied (raw and validated alike): an unset list is an empty one.
        assert.strictEqual(f.found, "[]");
        assert.match(f.fix, /^add your region's Azure DevOps ranges to vault\.network\.ipRules and to devops\.allowedIpRanges/);
    });

    it("exits 1 on an error finding: a secrets officer given the connection's application ID", async () => {
        const appId = "0f1e2d3c-4b5a-4968-8776-655443322110";
        const config = shippedConfig("staging");
        (config["keyvault-devops:devops"] as Rec).serviceConnection = {
            mode: "existing",
            id: "6a5b4c3d-2e1f-4a0b-9c8d-7e6f5a4b3c2d",
            principalObjectId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
            applicationId: appId,
        };
        (config["keyvault-devops:access"] as Rec).secretsOfficers = [appId];
        const dir = programWithStack("staging", config);
        const { status, findings, stderr } = await findingsJson(["--stack", "staging", "--program", dir]);
        assert.strictEqual(status, 1, stderr);
        const f = theFinding(findings, "principal-id", "access.secretsOfficers[0]");
        assert.strictEqual(f.severity, "error");
        assert.strictEqual(f.found, `"${appId}", the application (client) ID in devops.serviceConnection.applicationId`);
        assert.strictEqual(f.expected, "the object ID of the principal to grant Key Vault Secrets Officer");
        assert.deepStrictEqual(Object.keys(f), ["check", "severity", "path", "found", "expected", "fix", "why"], "the documented JSON shape, in its order");
        assert.match(f.why, /is an application \(client\) ID, the one in devops\.serviceConnection\.applicationId, not an object ID: the Key Vault Secrets Officer assignment/);
        assert.strictEqual(f.fix, `Use the principal's object ID: az ad sp show --id ${appId} --query id -o tsv, and write it in access.secretsOfficers[0] of Pulumi.staging.yaml`);
        const text = await runScript("preflight", ["--stack", "staging", "--program", dir]);
        assert.strictEqual(text.status, 1);
        assert.match(text.stdout, /: 1 error, /);
        assert.ok(text.stdout.includes(`\nerror: ${findingHeadline(f)}\n`), text.stdout);
    });

    it("exits 2 on bad config, naming every problem, and prints no report", async () => {
        const config = shippedConfig("staging");
        (config["keyvault-devops:devops"] as { variableGroups: Rec[] }).variableGroups[0] = { name: "payments-staging", secrets: [], pipelines: [12] };
        const run = await runScript("preflight", ["--stack", "staging", "--program", programWithStack("staging", config)]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^error: Invalid config in Pulumi\.staging\.yaml \(1 problem\):\n {2}- `devops\.variableGroups\[0\]\.secrets`/);
    });

    it("exits 2 for an unknown stack, a missing --stack or an unknown option", async () => {
        const unknown = await runScript("preflight", ["--stack", "nope"]);
        assert.strictEqual(unknown.status, 2);
        assert.match(unknown.stderr, /^error: no stack file Pulumi\.nope\.yaml .*stacks here: production, staging/);
        for (const args of [[], ["--stack", "staging", "--fix"]]) {
            const run = await runScript("preflight", args);
            assert.strictEqual(run.status, 2);
            assert.match(run.stderr, /\n\nUsage: npm run preflight -- --stack <name>/);
        }
    });
});
