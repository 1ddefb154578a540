import * as assert from "assert";
import { validateConfig } from "../../stack/config/load";
import { environmentVariableName, environmentVariableProblem } from "../../stack/pipelineVariables";
import { devopsOf, problems, stackRaw } from "../devops/helpers";

/** A staging config whose first variable group links one more secret, `name` (added to `secrets` too). */
function withGroupSecret(name: string): Record<string, unknown> {
    return stackRaw("staging", (raw) => {
        (raw.secrets as Record<string, unknown>[]).push({ name, source: "generate" });
        ((devopsOf(raw).variableGroups as Record<string, unknown>[])[0]?.secrets as string[]).push(name);
    });
}

describe("pipelines: environment variable names of secrets", () => {
    for (const [name, env] of [
        ["DatabaseConnectionString", "DATABASE_CONNECTION_STRING"],
        ["JwtSigningKey", "JWT_SIGNING_KEY"],
        ["JWTSigningKey", "JWT_SIGNING_KEY"],
        ["apiV2Key", "API_V2_KEY"],
        ["Db2Password", "DB2_PASSWORD"],
        ["MyAPI", "MY_API"],
        ["HTTPServer", "HTTP_SERVER"],
        ["ABC", "ABC"],
        ["db-password", "DB_PASSWORD"],
        ["a1-b2-c3", "A1_B2_C3"],
        ["app.db password", "APP_DB_PASSWORD"],
        ["-lead", "LEAD"],
    ] as const) {
        it(`maps ${name} to ${env}`, () => {
            assert.strictEqual(environmentVariableName(name), env);
        });
    }

    it("accepts the names the stacks and the README use", () => {
        for (const name of ["db-password", "payments-api-key", "api-signing-key", "DatabaseConnectionString", "JwtSigningKey", "token"]) {
            assert.strictEqual(environmentVariableProblem(name), undefined, name);
        }
    });

    for (const [name, reason] of [
        ["path", /prefix Azure Pipelines reserves/],
        ["PathToFile", /starts with "path"/],
        ["secret-key", /starts with "secret"/],
        ["Input1", /starts with "input"/],
        ["endpoint-url", /starts with "endpoint"/],
        ["securefile-x", /starts with "securefile"/],
        ["123", /"123", which is not a shell variable name/],
        ["1e3", /"1E3", which is not a shell variable name/],
        ["ld-preload", /LD_PRELOAD, which would replace/],
        ["LdLibraryPath", /LD_LIBRARY_PATH, which would replace/],
        ["node-options", /NODE_OPTIONS, which would replace/],
        ["bash-env", /BASH_ENV, which would replace/],
        ["system-accesstoken", /SYSTEM_ACCESSTOKEN, which would replace/],
        ["home", /HOME, which would replace/],
    ] as const) {
        it(`rejects ${name}`, () => {
            assert.match(environmentVariableProblem(name) ?? "", reason);
        });
    }
});

describe("pipelines: config rule for variable-group secret names", () => {
    it("accepts the shipped-style config", () => {
        assert.doesNotThrow(() => validateConfig(withGroupSecret("smtp-password"), "staging"));
    });

    it("rejects a reserved prefix, naming the key, the value and the fix", () => {
        assert.deepStrictEqual(problems(withGroupSecret("path")), [
            '`devops.variableGroups[0].secrets[2]`: found "path"; must be a secret name whose pipeline variable reaches scripts; this one starts with "path", a prefix Azure Pipelines reserves (such a variable never reaches tasks and scripts). Fix: rename the secret in `secrets` and in this group, e.g. app-path',
        ]);
    });

    it("rejects a name that would replace LD_PRELOAD", () => {
        assert.deepStrictEqual(problems(withGroupSecret("ld-preload")), [
            '`devops.variableGroups[0].secrets[2]`: found "ld-preload"; must be a secret name whose pipeline variable reaches scripts; this one maps to the environment variable LD_PRELOAD, which would replace a variable the shell, the runtime or the agent relies on. Fix: rename the secret in `secrets` and in this group, e.g. app-ld-preload',
        ]);
    });

    it("rejects a name that is not a shell variable name", () => {
        assert.deepStrictEqual(problems(withGroupSecret("123")), [
            '`devops.variableGroups[0].secrets[2]`: found "123"; must be a secret name whose pipeline variable reaches scripts; this one maps to the environment variable "123", which is not a shell variable name (it must start with a letter and hold only letters, digits and _). Fix: rename the secret in `secrets` and in this group, e.g. app-123',
        ]);
    });

    it("reports every problem at once, across groups", () => {
        const raw = withGroupSecret("path");
        (raw.secrets as Record<string, unknown>[]).push({ name: "secret-key", source: "generate" });
        ((devopsOf(raw).variableGroups as Record<string, unknown>[])[1]?.secrets as string[]).push("secret-key");
        assert.deepStrictEqual(
            problems(raw).map((p) => p.slice(0, p.indexOf(";"))),
            ['`devops.variableGroups[0].secrets[2]`: found "path"', '`devops.variableGroups[1].secrets[1]`: found "secret-key"'],
        );
    });
});

describe("pipelines: config text without control characters (YAML, Markdown and Mermaid injection)", () => {
    it("rejects a newline in a group description, a tab in a tag and U+2028 in the project name, all at once, without echoing past the key", () => {
        const raw = stackRaw("staging", (r) => {
            ((devopsOf(r).variableGroups as Record<string, unknown>[])[1] as Record<string, unknown>).description = "Signing\npool: { name: attacker-pool }";
            r.tags = { owner: "team\tx" };
            devopsOf(r).project = "pay\u2028ments";
        });
        const found = problems(raw).filter((p) => p.includes("control characters"));
        assert.deepStrictEqual(
            found.map((p) => p.slice(0, p.indexOf("`:") + 1)),
            ["`devops.project`", "`devops.variableGroups[1].description`", "`tags.owner`"].sort(),
        );
        assert.ok(found.some((p) => p.includes("without control characters (found U+000A:")), found.join("\n"));
        assert.ok(found.every((p) => p.endsWith("Fix: write it on one line, without them, in Pulumi.<stack>.yaml")));
    });
});

describe("pipelines: two secrets of one group with the same environment variable", () => {
    it("rejects the second, naming the first", () => {
        // PascalCase secret names are not accepted by `secrets` yet (that problem is reported too); the rule already holds.
        const raw = withGroupSecret("DbPassword");
        assert.ok(
            problems(raw).includes(
                '`devops.variableGroups[0].secrets[2]`: found "DbPassword"; must be a secret whose environment variable differs from the others\' in this group (db-password also maps to DB_PASSWORD). Fix: rename one of them',
            ),
            problems(raw).join("\n"),
        );
    });
});

describe("pipelines: two groups of one pipeline with the same environment variable", () => {
    const CONNECTION = { mode: "existing", id: "e8b4a1c2-3d4e-4f5a-9b6c-7d8e9f0a1b2c", principalObjectId: "5d3c2b1a-9f8e-4d7c-8b6a-0f1e2d3c4b5a" };
    const config = (pipelines: [number, number]): Record<string, unknown> => ({
        environment: "staging",
        location: "westeurope",
        secretValueNames: ["DbPassword", "db-password"],
        secrets: [{ name: "DbPassword" }, { name: "db-password" }],
        devops: {
            organizationUrl: "https://dev.azure.com/contoso",
            project: "payments",
            serviceConnection: CONNECTION,
            geography: "Europe",
            variableGroups: [
                { name: "g1", secrets: ["DbPassword"], pipelines: [pipelines[0]] },
                { name: "g2", secrets: ["db-password"], pipelines: [pipelines[1]] },
            ],
        },
    });
    const message = (raw: Record<string, unknown>): string => {
        try {
            validateConfig(raw, "staging");
            return "";
        } catch (err) {
            return (err as Error).message;
        }
    };

    it("rejects DbPassword and db-password in two groups the same pipeline uses (one step's env: would map both to DB_PASSWORD), naming both", () => {
        const text = message(config([7, 7]));
        assert.ok(
            text.includes("`devops.variableGroups[1].secrets[0]`: found \"db-password\"; must be a secret whose environment variable differs from those of the other groups of pipeline 7 (DbPassword of group g1 also maps to DB_PASSWORD)"),
            text,
        );
    });

    it("accepts them in groups of different pipelines", () => {
        assert.strictEqual(message(config([7, 8])), "");
    });
});
