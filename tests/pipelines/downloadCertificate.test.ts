import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { REPO_ROOT } from "../helpers/pulumi";
import { shippedStacks } from "../preflight/helpers";
import { pipelineSchema, schemaErrors, taskDefinitions, taskInputProblems } from "./azurePipelines";
import { expandTemplate } from "./templateExpand";

type Rec = Record<string, unknown>;
const TEMPLATE = "pipelines/templates/download-certificate.yml";
const load = (): Rec => YAML.parse(fs.readFileSync(path.join(REPO_ROOT, TEMPLATE), "utf8")) as Rec;
const steps = (expanded: Rec): Rec[] => expanded.steps as Rec[];

describe("pipelines: templates/download-certificate.yml", function () {
    this.timeout(180_000);
    const template = load();
    const base = { azureSubscription: "kv-staging", vaultName: "keyvault-staging-0ww4", certificateName: "api-tls" };

    before(() => {
        pipelineSchema();
    });

    const certificates = shippedStacks().flatMap((s) => s.config.certificates.map((c) => ({ stack: s.stack, name: c.name })));
    it("has a certificate to download in every shipped stack", () => {
        assert.deepStrictEqual(
            shippedStacks().map((s) => [s.stack, s.config.certificates.length > 0]),
            shippedStacks().map((s) => [s.stack, true]),
        );
    });

    for (const { stack, name } of certificates) {
        for (const part of ["pfx", "pem", "public"]) {
            it(`${stack}/${name}, part ${part}: one AzureCLI@2 step that validates against the schema and AzureCLI's task.json`, () => {
                const expanded = expandTemplate(template, { ...base, certificateName: name, part });
                assert.deepStrictEqual(schemaErrors({ steps: steps(expanded) }), []);
                assert.strictEqual(steps(expanded).length, 1);
                const step = steps(expanded)[0]!;
                assert.strictEqual(step.task, "AzureCLI@2");
                assert.deepStrictEqual(taskInputProblems(step, taskDefinitions()), []);
                assert.deepStrictEqual(step.env, { VAULT_NAME: base.vaultName, CERTIFICATE_NAME: name, CERTIFICATE_FILE: "$(Agent.TempDirectory)/certificate" });
            });
        }
    }

    it("downloads the private key from the certificate's secret (pfx: base64, pem: utf-8), the public part with certificate download", () => {
        const script = (part: string): string => String(((steps(expandTemplate(template, { ...base, part }))[0]!.inputs as Rec).inlineScript));
        assert.match(script("pfx"), /^az keyvault secret download --vault-name "\$VAULT_NAME" --name "\$CERTIFICATE_NAME" --file "\$CERTIFICATE_FILE" --encoding base64$/m);
        assert.match(script("pem"), /^az keyvault secret download --vault-name "\$VAULT_NAME" --name "\$CERTIFICATE_NAME" --file "\$CERTIFICATE_FILE" --encoding utf-8$/m);
        assert.match(script("public"), /^az keyvault certificate download --vault-name "\$VAULT_NAME" --name "\$CERTIFICATE_NAME" --file "\$CERTIFICATE_FILE" --encoding PEM$/m);
        assert.doesNotMatch(script("public"), /secret download/);
        // A private key is written only by the owner's umask, and names never enter the script text.
        assert.match(script("pfx"), /^umask 077$/m);
        for (const part of ["pfx", "pem", "public"]) {
            assert.ok(!script(part).includes("api-tls") && !script(part).includes(base.vaultName), part);
            assert.match(script(part), /^set -euo pipefail$/m);
        }
    });

    it("runs through the given service connection with bash inline", () => {
        const inputs = steps(expandTemplate(template, base))[0]!.inputs as Rec;
        assert.deepStrictEqual({ azureSubscription: inputs.azureSubscription, scriptType: inputs.scriptType, scriptLocation: inputs.scriptLocation }, { azureSubscription: "kv-staging", scriptType: "bash", scriptLocation: "inlineScript" });
    });

    it("stops at queue time on an empty vault or certificate name, with its text", () => {
        for (const params of [{ ...base, vaultName: "" }, { ...base, certificateName: "" }]) {
            const expanded = expandTemplate(template, params);
            const errors = schemaErrors({ steps: steps(expanded) });
            assert.ok(errors.length > 0, JSON.stringify(params));
            assert.match(Object.keys(steps(expanded)[0] ?? {})[0] ?? "", /^download-certificate\.yml: parameters\.(vaultName|certificateName) is empty/);
        }
    });

    it("rejects a part outside pfx, pem, public", () => {
        assert.throws(() => expandTemplate(template, { ...base, part: "der" }));
    });
});
