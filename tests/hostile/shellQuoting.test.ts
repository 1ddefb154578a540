import * as assert from "assert";
import { rawConfigFrom } from "../../stack/config/load";
import { renderProblem } from "../../stack/config/problems";
import { MIME_TYPE_PATTERN } from "../../stack/config/primitives";
import { shellArg, shellArgs, shellOption, shellQuote } from "../../stack/shellQuote";
import { preflight } from "../../tools/preflight/preflight";
import { problems } from "../helpers/config";
import { fixCommand, shellRun } from "./helpers";

/** Values a pull request could put where a printed command interpolates them. */
const HOSTILE = [
    "it's",
    "'; touch pwned; '",
    "$(touch pwned)",
    "`touch pwned`",
    "a\nb; touch pwned",
    "-rf",
    "--help",
    "*",
    "~",
    "a b",
    '"$HOME"',
    "\\'",
    "",
    "ünïcödé",
] as const;

/** issue 15 item 2: every value interpolated into a printed command is one shell word, and only that. */
describe("hostile input: shell quoting of printed fixes", () => {
    describe("the helper (stack/shellQuote.ts), run through sh", () => {
        for (const value of HOSTILE) {
            it(`shellQuote, shellArg and shellArgs keep ${JSON.stringify(value)} one argument, executing nothing`, () => {
                for (const word of [shellQuote(value), shellArg(value)]) {
                    const run = shellRun(`pulumi ${word}`);
                    assert.deepStrictEqual(run.created, []);
                    assert.deepStrictEqual(run.lines, [`pulumi:${value}`]);
                }
                const run = shellRun(`pulumi config set --path ${shellArgs("key", value)}`);
                assert.deepStrictEqual(run.created, []);
                const expected = ["config", "set", "--path", ...(value.startsWith("-") ? ["--"] : []), "key", value].map((a) => `pulumi:${a}`);
                assert.deepStrictEqual(run.lines, expected);
            });
        }

        it("leaves safe words bare and quotes everything else", () => {
            assert.strictEqual(shellArg("text/plain"), "text/plain");
            assert.strictEqual(shellArg("db-password"), "db-password");
            assert.strictEqual(shellArg("Key Vault Secrets User"), "'Key Vault Secrets User'");
            assert.strictEqual(shellQuote("it's"), "'it'\\''s'");
            assert.strictEqual(shellArg("-rf"), "'-rf'");
            assert.strictEqual(shellArg(""), "''");
        });

        it("puts -- before positional arguments that start with a dash, and --name=value for options", () => {
            assert.strictEqual(shellArgs("secrets[0]", "-x"), "-- 'secrets[0]' '-x'");
            assert.strictEqual(shellArgs("key", "value"), "key value");
            assert.strictEqual(shellOption("--name", "-x"), "--name='-x'");
            assert.strictEqual(shellOption("--name", "db"), "--name db");
            assert.deepStrictEqual(shellRun(`az x ${shellOption("--name", "-rf")}`).lines, ["az:x", "az:--name=-rf"]);
        });
    });

    describe("config errors", () => {
        it("rejects a contentType that is not an RFC 6838 MIME type, printing a fix that runs as written", () => {
            const found = problems({
                location: "westeurope",
                environment: "staging",
                secrets: [
                    { name: "a", source: "generate", contentType: "text/plain; $(touch pwned)" },
                    { name: "b", source: "generate", contentType: "text/plain\npool: evil" },
                    { name: "c", source: "generate", contentType: "application/json; charset=utf-8" },
                ],
            });
            const mime =
                "a MIME type (RFC 6838: type/subtype of letters, digits and ! # $ & - ^ _ . +, optional ; name=value parameters) such as text/plain or application/json. Fix: pulumi config set --path 'secrets[{i}].contentType' text/plain";
            assert.deepStrictEqual(found, [
                `\`secrets[0].contentType\`: found "text/plain; $(touch pwned)"; must be ${mime.replace("{i}", "0")}`,
                `\`secrets[1].contentType\`: found "text/plain\\npool: evil"; must be ${mime.replace("{i}", "1")}`,
                "`secrets[1].contentType`: found \"text/plain\\npool: evil\"; must be a string without control characters (found U+000A: line breaks, tabs, other controls and bidirectional overrides end or disguise what it lands in: YAML, Markdown, Mermaid, printed commands). Fix: write it on one line, without them, in Pulumi.<stack>.yaml",
            ]);
            assert.deepStrictEqual(shellRun(fixCommand(found[0] ?? "", "pulumi")).lines, [
                "pulumi:config",
                "pulumi:set",
                "pulumi:--path",
                "pulumi:secrets[0].contentType",
                "pulumi:text/plain",
            ]);
        });

        it("accepts the MIME types Key Vault users write", () => {
            for (const ok of ["text/plain", "application/json", "application/x-pkcs12", "application/vnd.api+json", "text/plain; charset=utf-8"]) {
                assert.ok(MIME_TYPE_PATTERN.test(ok), ok);
            }
            for (const bad of ["text", "text/", "/plain", "text/plain; charset=\"utf-8\"", "text/plain;", "te xt/plain", "-text/plain"]) {
                assert.ok(!MIME_TYPE_PATTERN.test(bad), bad);
            }
        });

        it("quotes a hostile secretValues key in the printed fix, and never shows a value", () => {
            const name = "x'; touch pwned; echo '";
            const found = problems({ location: "westeurope", environment: "staging", secretValueNames: [name] });
            const line = found.find((p) => p.startsWith("`secretValues["));
            assert.strictEqual(
                line,
                "`secretValues[\"x'; touch pwned; echo '\"]`: found [secret]; must be a value only for a secret listed in `secrets` with source config. Fix: add { name: x'; touch pwned; echo ', source: config } to secrets, or pulumi config rm --path 'secretValues[\"x'\\''; touch pwned; echo '\\''\"]'",
            );
            const run = shellRun(fixCommand(line ?? "", "pulumi"));
            assert.deepStrictEqual(run.created, []);
            assert.deepStrictEqual(run.lines, ["pulumi:config", "pulumi:rm", "pulumi:--path", `pulumi:secretValues["${name}"]`]);
        });

        it("quotes an invalid secret name in the secretValues fix", () => {
            const found = problems({ location: "westeurope", environment: "staging", secrets: [{ name: "$(touch pwned)", source: "config" }] });
            const line = found.find((p) => p.startsWith("`secretValues"));
            assert.strictEqual(
                line,
                "`secretValues[\"$(touch pwned)\"]`: not set; must be set, as a secret, for secrets[0] (source: config). Fix: pulumi config set --secret --path 'secretValues[\"$(touch pwned)\"]' <value>",
            );
            const run = shellRun(fixCommand(line ?? "", "pulumi").replace(" <value>", " VALUE"));
            assert.deepStrictEqual(run.created, []);
            assert.deepStrictEqual(run.lines.slice(0, 5), ["pulumi:config", "pulumi:set", "pulumi:--secret", "pulumi:--path", 'pulumi:secretValues["$(touch pwned)"]']);
        });

        it("quotes an unknown top-level key in `pulumi config rm`", () => {
            // rawConfigFrom reports unknown keys of the namespace; one starting with a dash gets `--`.
            const found = rawConfigFrom({ "keyvault-devops:-rf $(touch pwned)": "x", "keyvault-devops:environment": "staging" }, "keyvault-devops").problems.map(renderProblem);
            assert.deepStrictEqual(found, [
                '`["-rf $(touch pwned)"]`: unknown key; allowed keys: environment, resourceGroupName, vault, diagnostics, secrets, access, devops, rotation, tags, secretValues, keys, certificates, adopt. Fix: correct its spelling or pulumi config rm -- \'-rf $(touch pwned)\'',
            ]);
            const run = shellRun(fixCommand(found[0] ?? "", "pulumi"));
            assert.deepStrictEqual(run.created, []);
            assert.deepStrictEqual(run.lines, ["pulumi:config", "pulumi:rm", "pulumi:--", "pulumi:-rf $(touch pwned)"]);
        });

        it("quotes a multi-word example value (a role name) as one argument", () => {
            const found = problems({ location: "westeurope", environment: "staging", access: { extraRoles: [{ principalId: "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35", role: "Owner" }] } });
            assert.deepStrictEqual(found, [
                "`access.extraRoles[0].role`: found \"Owner\"; must be one of Key Vault Secrets User | Key Vault Certificate User | Key Vault Crypto User. Fix: pulumi config set --path 'access.extraRoles[0].role' 'Key Vault Secrets User'",
            ]);
            assert.deepStrictEqual(shellRun(fixCommand(found[0] ?? "", "pulumi")).lines.slice(-1), ["pulumi:Key Vault Secrets User"]);
        });
    });

    describe("preflight fixes (raw config, as preflight also takes it)", () => {
        const groupLinking = (secret: Record<string, unknown>): Record<string, unknown> => ({
            environment: "staging",
            secrets: [secret],
            devops: {
                organizationUrl: "https://dev.azure.com/contoso",
                project: "p",
                variableGroups: [{ name: "g", secrets: [secret.name], pipelines: [1] }],
            },
        });

        it("quotes the stack name, secret name and content type in the az command for an external secret", () => {
            const stack = "st'; touch pwned; '";
            const findings = preflight({
                config: groupLinking({ name: "-api$(touch pwned)", source: "external", contentType: "text/plain`touch pwned`", expiresInDays: 30 }),
                stack,
            });
            const f = findings.find((x) => x.check === "external-secret");
            const command = f?.fix.split("\n")[1] ?? "";
            assert.strictEqual(
                command,
                `az keyvault secret set --vault-name "$(pulumi stack output vaultName --stack 'st'\\''; touch pwned; '\\''')" --name='-api$(touch pwned)' --file '<file holding the value>' --encoding utf-8 --content-type 'text/plain\`touch pwned\`' --expires "$(date -u -d '+30 days' +%Y-%m-%dT%H:%M:%SZ)"`,
            );
            const run = shellRun(command);
            assert.deepStrictEqual(run.created, []);
            // `$(pulumi stack output ...)` runs the stub: its records become the --vault-name argument.
            assert.deepStrictEqual(run.lines, [
                "az:keyvault",
                "az:secret",
                "az:set",
                "az:--vault-name",
                "az:pulumi:stack",
                "pulumi:output",
                "pulumi:vaultName",
                "pulumi:--stack",
                `pulumi:${stack}`,
                "", // the end of the substituted output, which is the end of az's --vault-name argument
                "az:--name=-api$(touch pwned)",
                "az:--file",
                "az:<file holding the value>",
                "az:--encoding",
                "az:utf-8",
                "az:--content-type",
                "az:text/plain`touch pwned`",
                "az:--expires",
                "az:DATE",
            ]);
        });

        it("quotes a case-mismatched secret name in the config set fix", () => {
            const config = groupLinking({ name: "db-password", source: "generate" });
            const devops = config.devops as { variableGroups: { secrets: string[] }[] };
            (devops.variableGroups[0] as { secrets: string[] }).secrets = ["DB-Password"];
            const f = preflight({ config, stack: "staging" }).find((x) => x.check === "secret-name-case");
            assert.strictEqual(f?.fix, "Write the secret's exact name: pulumi config set --path 'devops.variableGroups[0].secrets[0]' db-password");
        });
    });
});
