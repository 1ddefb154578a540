import * as assert from "assert";
import { environmentVariableName, pipelineVariable, pipelineVariableName, pipelineVariables } from "../../stack/pipelineVariables";

describe("devops: pipeline variable names", () => {
    it("keeps the secret's name as the pipeline variable, for $(name)", () => {
        assert.strictEqual(pipelineVariableName("db-password"), "db-password");
    });

    for (const [name, env] of [
        ["db-password", "DB_PASSWORD"],
        ["payments-api-key", "PAYMENTS_API_KEY"],
        ["token", "TOKEN"],
        ["a1-b2-c3", "A1_B2_C3"],
        ["app.db password", "APP_DB_PASSWORD"],
    ] as const) {
        it(`maps ${name} to the environment variable ${env}`, () => {
            assert.strictEqual(environmentVariableName(name), env);
        });
    }

    it("describes one secret as { secret, variable, environmentVariable }", () => {
        assert.deepStrictEqual(pipelineVariable("payments-api-key"), {
            secret: "payments-api-key",
            variable: "payments-api-key",
            environmentVariable: "PAYMENTS_API_KEY",
        });
    });

    it("lists each group's secrets in the group's order, by group name", () => {
        assert.deepStrictEqual(
            pipelineVariables([
                { name: "b-group", secrets: ["z-key", "a-key"] },
                { name: "a-group", secrets: [] },
            ]),
            {
                "b-group": [
                    { secret: "z-key", variable: "z-key", environmentVariable: "Z_KEY" },
                    { secret: "a-key", variable: "a-key", environmentVariable: "A_KEY" },
                ],
                "a-group": [],
            },
        );
    });
});
