import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { readStackConfig } from "../../tools/preflight/stackConfig";
import { REPO_ROOT } from "../helpers/pulumi";
import { programWithStack, shippedConfig } from "../plan/planCli";

/** What the program itself validates (loadStackConfig under the Pulumi runtime), in a child process. */
function programConfig(stack: string, program: string = REPO_ROOT): unknown {
    const dist = (p: string): string => JSON.stringify(path.join(REPO_ROOT, "dist", ...p.split("/")));
    const code = `
        const pulumi = require("@pulumi/pulumi");
        const files = require(${dist("tools/plan/stackFiles.js")}).loadProgramConfig(${JSON.stringify(program)}, ${JSON.stringify(stack)});
        pulumi.runtime.setAllConfig(files.config, files.secretKeys);
        pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, files.project, ${JSON.stringify(stack)}, false).then(() => {
            try {
                process.stdout.write(JSON.stringify(require(${dist("stack/config/load.js")}).loadStackConfig().config));
            } catch (e) {
                process.stdout.write(JSON.stringify({ error: e.message }));
            }
            process.exit(0);
        });`;
    const result = spawnSync(process.execPath, ["-e", code], { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 });
    assert.strictEqual(result.status, 0, result.stderr);
    return JSON.parse(result.stdout);
}

describe("readStackConfig (tools/preflight/stackConfig.ts)", function () {
    this.timeout(60_000);

    for (const stack of ["staging", "production"]) {
        it(`validates the shipped ${stack} stack exactly as the program does`, () => {
            assert.deepStrictEqual(JSON.parse(JSON.stringify(readStackConfig(REPO_ROOT, stack).config)), programConfig(stack));
        });
    }

    it("reports the same problems as the program: unknown keys, secretValues, cross-key rules", () => {
        const config = shippedConfig("staging");
        config["keyvault-devops:colour"] = "blue";
        (config["keyvault-devops:secrets"] as unknown[]).push({ name: "smtp-password", source: "config" });
        const dir = programWithStack("staging", config);
        const program = programConfig("staging", dir) as { error: string };
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
