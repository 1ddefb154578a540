import * as assert from "assert";
import { gateTargets, run } from "../../tools/cli/gateTargets";
import { collector, planJson, programWithStack, shippedConfig } from "../plan/planCli";

/*
 * The production_gate stage's `--target` list is computed from the offline plan of the commit it deploys: the
 * permissions' names carry each project's own deploy pipeline ID (devops.approvals.pipelines), so a list written into
 * the pipeline would name a resource the stack does not have ("Target ... could not be found").
 */
describe("gateTargets: the production_gate's --target list, from the plan", function () {
    this.timeout(180_000);

    it("follows devops.approvals.pipelines: a project's own definition ID, never the shipped example's", async () => {
        const config = shippedConfig("production");
        const devops = config["keyvault-devops:devops"] as { approvals: { pipelines: number[] } };
        devops.approvals.pipelines = [57];
        const plan = await planJson(["--stack", "production", "--program", programWithStack("production", config), "--no-policies"]);
        const targets = gateTargets(plan.resources);
        assert.ok(targets.some((u) => u.endsWith("::production-approval-pipeline-57")), targets.join("\n"));
        assert.ok(!targets.some((u) => u.endsWith("-pipeline-21")), targets.join("\n"));
        assert.strictEqual(targets.length, 5);
    });

    it("refuses a plan without the approval component, or a target depending on something left out", () => {
        assert.throws(() => gateTargets([{ urn: "u:a", type: "x" }]), /the plan has 0 keyvault-devops:index:EnvironmentApproval resources, not one/);
        assert.throws(
            () => gateTargets([{ urn: "u:c", type: "keyvault-devops:index:EnvironmentApproval" }, { urn: "u:e", type: "t", parent: "u:c", dependencies: ["u:vault"] }, { urn: "u:vault", type: "v" }]),
            /u:e depends on u:vault, which --target would leave out/,
        );
    });

    it("the CLI prints one URN per line (exit 0), and exits 2 naming a missing plan", async () => {
        const stdout = collector();
        const stderr = collector();
        assert.strictEqual(await run(["--plan", "/nonexistent/plan.json"], { stdout, stderr }), 2);
        assert.match(stderr.text, /^error: cannot read the plan \/nonexistent\/plan\.json: /);
        assert.strictEqual(stdout.text, "");
    });
});
