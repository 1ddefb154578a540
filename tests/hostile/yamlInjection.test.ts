/*
 * Issue 15 item 3: YAML injection through `npm run pipeline-vars`. A group description with a newline must not end
 * the comment and add keys (e.g. a `pool:` that runs the secret-reading job on an attacker's agents): config refuses
 * control characters before anything runs, and the emitter (tools/pipeline-vars/emit.ts, the `yaml` library) keeps
 * every value a quoted scalar and every comment on one line even if that check were bypassed.
 */
import * as assert from "assert";
import * as YAML from "yaml";
import { emitPipelineVars } from "../../tools/pipeline-vars/emit";
import { programWithStack, shippedConfig } from "../plan/planCli";
import { runScript } from "../preflight/helpers";

const INJECTED = "Payments\npool: { name: attacker-pool }";

describe("hostile input: YAML injection through pipeline-vars", function () {
    this.timeout(120_000);

    it("refuses a group description with a newline (exit 2, the key named), printing no YAML at all", async () => {
        const config = shippedConfig("staging");
        const group = (config["keyvault-devops:devops"] as { variableGroups: Record<string, unknown>[] }).variableGroups[0] as Record<string, unknown>;
        group.description = INJECTED;
        const run = await runScript("pipelineVars", ["--stack", "staging", "--program", programWithStack("staging", config)]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /`devops\.variableGroups\[0\]\.description`: .*without control characters \(found U\+000A:/);
        assert.doesNotMatch(run.stderr, /^pool:/m);
    });

    it("emits no key from hostile text even if the config check were bypassed: one document, the same keys, the text kept as text", () => {
        const out = emitPipelineVars("keyvault-devops", "staging", [
            { name: "payments", description: INJECTED, pipelines: [12], variables: [{ secret: "db-password", variable: "db-password", environmentVariable: "DB_PASSWORD" }] },
        ]);
        const docs = YAML.parseAllDocuments(out);
        assert.strictEqual(docs.length, 1);
        assert.deepStrictEqual(docs[0]?.errors, []);
        assert.deepStrictEqual(Object.keys(docs[0]?.toJS() as Record<string, unknown>), ["variables", "steps"]);
        assert.doesNotMatch(out, /^pool:/m);
        assert.ok(out.includes("Payments\\u000apool: { name: attacker-pool }"), out);
    });

    it("keeps group and secret names that plain YAML reads as other types as strings", () => {
        const out = emitPipelineVars("p", "s", [
            { name: "null", pipelines: [1], variables: [{ secret: "true", variable: "true", environmentVariable: "TRUE" }, { secret: "1e3", variable: "1e3", environmentVariable: "1E3" }] },
        ]);
        const doc = YAML.parseAllDocuments(out)[0]?.toJS() as { variables: { group: unknown }[]; steps: { env: Record<string, unknown> }[] };
        assert.strictEqual(doc.variables[0]?.group, "null");
        assert.deepStrictEqual(doc.steps[0]?.env, { TRUE: "$(true)", "1E3": "$(1e3)" });
    });
});
