import * as assert from "assert";
import { validateVaultSecretsArgs } from "../../components/vaultSecrets";
import { ConfigError } from "../../stack/config/errors";
import { validateConfig } from "../../stack/config/load";

/** Config rules of the rotation strategies (issue 13, items 3 and 7). */
describe("rotation config rules", () => {
    const base = { environment: "dev", location: "westeurope" };
    const problems = (raw: Record<string, unknown>): string[] => {
        try {
            validateConfig(raw);
            return [];
        } catch (err) {
            assert.ok(err instanceof ConfigError);
            return [...err.problems];
        }
    };

    it("accepts postgres-dual on a config secret with two roles", () => {
        const cfg = validateConfig({
            ...base,
            secrets: [{ name: "db-url", source: "config", rotation: "postgres-dual", rotationRoles: ["app_blue", "app_green"] }],
            secretValueNames: ["db-url"],
        });
        assert.deepStrictEqual(cfg.secrets[0]?.rotationRoles, ["app_blue", "app_green"]);
    });

    it("postgres-dual needs rotationRoles, two different lowercase roles, and a config source; other strategies take none", () => {
        assert.deepStrictEqual(problems({ ...base, secrets: [{ name: "db-url", source: "config", rotation: "postgres-dual" }], secretValueNames: ["db-url"] }), [
            "`secrets[0].rotationRoles`: not set; must be set for rotation: postgres-dual (the two login roles that take turns; the secret's URI user must be one of them). Fix: pulumi config set --path 'secrets[0].rotationRoles[0]' app_blue && pulumi config set --path 'secrets[0].rotationRoles[1]' app_green",
        ]);
        for (const roles of [["app_blue"], ["app_blue", "app_blue"], ["App-Blue", "x"]]) {
            const found = problems({ ...base, secrets: [{ name: "db-url", source: "config", rotation: "postgres-dual", rotationRoles: roles }], secretValueNames: ["db-url"] });
            assert.ok(found.length >= 1 && found.every((p) => p.includes("two different PostgreSQL login roles")), JSON.stringify(found));
        }
        assert.deepStrictEqual(problems({ ...base, secrets: [{ name: "t", source: "generate", rotation: "regenerate", rotationRoles: ["a", "b"] }] }), [
            "`secrets[0].rotationRoles`: found [\"a\",\"b\"]; must be unset unless rotation is postgres-dual. Fix: pulumi config rm --path 'secrets[0].rotationRoles'",
        ]);
        const external = problems({ ...base, secrets: [{ name: "db-url", source: "external", rotation: "postgres-dual", rotationRoles: ["a", "b"] }] });
        assert.strictEqual(external.length, 1);
        assert.match(external[0] ?? "", /^`secrets\[0\]\.source`: found "external"; must be config for a postgres-rotated secret/);
    });

    it("the component refuses postgres-dual without two roles (a caller outside the stack config)", () => {
        assert.throws(
            () => validateVaultSecretsArgs({ resourceGroupName: "rg", vaultName: "kv", secrets: [{ name: "db-url", rotation: "postgres-dual", rotationRoles: ["a"] }] }),
            /uses postgres-dual but rotationRoles is not two different roles/,
        );
    });
});
