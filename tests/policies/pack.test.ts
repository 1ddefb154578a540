// The pack's shape: what `new PolicyPack()` would reject (and `process.exit(1)` on), the conventions of this pack,
// and the files the Pulumi CLI needs — checked without constructing the pack.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { allPolicies } from "keyvault-devops-policies/bin/policyList";
import { isType, toPlain, UNKNOWN, urnName, urnStack } from "keyvault-devops-policies/bin/util";
import { resolveRole, roleDisplayName, roleGuid } from "keyvault-devops-policies/bin/azureRoles";
import { validateJsonSchema } from "../../tools/policy-runner/jsonSchema";
import { ENGINE_UNKNOWN, unknownCheckingProxy } from "./helpers";

const packDir = path.dirname(require.resolve("keyvault-devops-policies/package.json"));

describe("policies: the pack", () => {
    it("has uniquely, kebab-case named policies with a 'Checks whether' description and a default level", () => {
        const names = allPolicies.map((p) => p.name);
        assert.equal(new Set(names).size, names.length);
        for (const policy of allPolicies) {
            assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
            assert.notEqual(policy.name, "all");
            assert.match(policy.description, /^Checks whether /, policy.name);
            assert.ok(policy.enforcementLevel === "advisory" || policy.enforcementLevel === "mandatory", policy.name);
        }
        assert.ok(allPolicies.length >= 22);
    });

    it("has config schemas the analyzer accepts, whose defaults satisfy them", () => {
        for (const policy of allPolicies) {
            const schema = policy.configSchema;
            if (schema === undefined) {
                continue;
            }
            assert.ok(!("enforcementLevel" in schema.properties), policy.name);
            assert.ok(!(schema.required ?? []).includes("enforcementLevel"), policy.name);
            for (const [option, property] of Object.entries(schema.properties)) {
                assert.notEqual(property.default, undefined, `${policy.name}.${option} has a default`);
                assert.deepEqual(validateJsonSchema(property.default, property), [], `${policy.name}.${option}`);
                assert.ok(property.description, `${policy.name}.${option} is described`);
            }
        }
    });

    it("ships PulumiPolicy.yaml (nodejs runtime) and package.json pointing at the compiled entry point", () => {
        const yaml = fs.readFileSync(path.join(packDir, "PulumiPolicy.yaml"), "utf8");
        assert.match(yaml, /^runtime: nodejs$/m);
        assert.match(yaml, /^description: /m);
        const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as { main: string; version: string };
        assert.equal(pkg.main, "bin/index.js");
        assert.ok(pkg.version);
    });

    it("documents every policy in the README rule table", () => {
        const readme = fs.readFileSync(path.join(packDir, "README.md"), "utf8");
        for (const policy of allPolicies) {
            assert.match(readme, new RegExp(`^\\| \`${policy.name}\` \\|`, "m"), policy.name);
        }
    });

    it("importing the policy list does not construct the pack", () => {
        assert.ok(!Object.keys(require.cache).some((f) => /policies[\\/]bin[\\/]index\.js$/.test(f)));
    });
});

describe("policies: helpers", () => {
    it("toPlain escapes @pulumi/policy's proxy without triggering it, marking unknowns", () => {
        const props = unknownCheckingProxy({
            a: ENGINE_UNKNOWN,
            b: { c: [1, ENGINE_UNKNOWN, { d: "[unknown]" }], e: "[secret]" },
        });
        assert.deepEqual(toPlain(props), { a: UNKNOWN, b: { c: [1, UNKNOWN, { d: UNKNOWN }], e: "[secret]" } });
    });

    it("isType accepts versioned azure-native tokens and the v2 insights module", () => {
        assert.ok(isType("azure-native:keyvault:Vault", "azure-native:keyvault:Vault"));
        assert.ok(isType("azure-native:keyvault/v20230701:Vault", "azure-native:keyvault:Vault"));
        assert.ok(isType("azure-native:keyvault/v20240401preview:Vault", "azure-native:keyvault:Vault"));
        assert.ok(isType("azure-native:insights:DiagnosticSetting", "azure-native:monitor:DiagnosticSetting"));
        assert.ok(!isType("azure-native:keyvault:Secret", "azure-native:keyvault:Vault"));
        assert.ok(!isType("azure:keyvault/keyVault:KeyVault", "azure-native:keyvault:Vault"));
    });

    it("parses URNs", () => {
        const urn = "urn:pulumi:prod-eu::keyvault-devops::my:component$azure-native:keyvault:Vault::vault";
        assert.equal(urnStack(urn), "prod-eu");
        assert.equal(urnName(urn), "vault");
    });

    it("resolves roles by GUID, roleDefinitionId or display name", () => {
        const secretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
        assert.equal(roleGuid(`/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/${secretsUser.toUpperCase()}`), secretsUser);
        assert.equal(roleGuid("/subscriptions/x/providers/Microsoft.Authorization/roleDefinitions/custom"), undefined);
        assert.equal(resolveRole("key vault secrets user"), secretsUser);
        assert.equal(resolveRole("Key Vault Certificates User"), "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba");
        assert.equal(resolveRole("No Such Role"), undefined);
        assert.equal(roleDisplayName(secretsUser), "Key Vault Secrets User");
        assert.equal(roleDisplayName("0b5d1e5c-0000-0000-0000-000000000000"), "0b5d1e5c-0000-0000-0000-000000000000");
    });
});
