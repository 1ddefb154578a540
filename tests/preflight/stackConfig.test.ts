import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../../stack/config/load";
import { loadProgramConfig } from "../../tools/plan/stackFiles";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
import { programWithStack, shippedConfig } from "../plan/planCli";

/** What the program itself validates (loadStackConfig under the Pulumi runtime, with this stack's config), in-process. */
async function programConfig(stack: string, program: string = REPO_ROOT): Promise<unknown> {
    const files = loadProgramConfig(program, stack);
    pulumi.runtime.setAllConfig(files.config, files.secretKeys);
    await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, files.project, stack, false);
    try {
        return JSON.parse(JSON.stringify(loadStackConfig().config)) as unknown;
    } catch (e) {
        return { error: (e as Error).message };
    }
}

describe("readStackConfig (tools/preflight/stackConfig.ts)", function () {
    this.timeout(60_000);

    for (const stack of ["staging", "production"]) {
        it(`validates the shipped ${stack} stack exactly as the program does`, async () => {
            assert.deepStrictEqual(JSON.parse(JSON.stringify(readStackConfig(REPO_ROOT, stack).config)), await programConfig(stack));
        });
    }

    it("reports the same problems as the program: unknown keys, secretValues, cross-key rules", async () => {
        const config = shippedConfig("staging");
        config["keyvault-devops:colour"] = "blue";
        (config["keyvault-devops:secrets"] as unknown[]).push({ name: "smtp-password", source: "config" });
        const dir = programWithStack("staging", config);
        const program = (await programConfig("staging", dir)) as { error: string };
        assert.throws(
            () => readStackConfig(dir, "staging"),
            (err: Error) => {
                assert.strictEqual(err.message, program.error);
                assert.match(err.message, /`colour`: unknown key/);
                assert.match(err.message, /secretValues\.smtp-password/);
                return true;
            },
        );
    });
});
