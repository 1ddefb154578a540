import { strict as assert } from "assert";
import { keyVaultEnvironmentTag } from "keyvault-devops-policies/bin/environments";
import { compliantStack, replaceIn, T, vaultInputs } from "./fixtures";
import { checkStack, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, stackMessages, TestResource, urnOf, withProp } from "./helpers";

const policy = keyVaultEnvironmentTag;

/** A second vault in the same stack. */
function secondVault(stack: string, environment: string): TestResource {
    return {
        type: T.Vault,
        name: "shared-vault",
        stack,
        props: { ...vaultInputs(environment), vaultName: "kv-shared", name: "kv-shared", tags: { environment } },
    };
}

function retag(stack: TestResource[], value: unknown): TestResource[] {
    return replaceIn(stack, "vault", (v) => withProp(v, ["tags", "environment"], value));
}

describe("policies: environments", () => {
    describe("keyvault-environment-tag", () => {
        it("accepts vaults tagged with the stack's environment", async () => {
            assert.deepEqual(await checkStack(policy, compliantStack("staging")), []);
            assert.deepEqual(await checkStack(policy, [...compliantStack("production"), secondVault("production", "production")]), []);
            assert.deepEqual(await checkStack(policy, []), []);
        });

        it("maps stack names through stackEnvironments", async () => {
            const stack = compliantStack("production").map((r) => ({ ...r, stack: "prod-eu" }));
            assert.deepEqual(await checkStack(policy, stack, { stackEnvironments: { "prod-eu": "production" } }), []);
            assert.deepEqual(await stackMessages(policy, stack), [
                "Key Vault 'kv-app-production' must carry environment tag 'prod-eu' to match stack 'prod-eu' (found: production)",
            ]);
        });

        it("rejects a vault without an environment tag", async () => {
            const stack = replaceIn(compliantStack("staging"), "vault", (v) => withProp(v, ["tags"], DELETE));
            assert.deepEqual(await checkStack(policy, stack), [
                {
                    message: "Key Vault 'kv-app-staging' must carry an environment tag (found: not set)",
                    urn: urnOf(T.Vault, "vault", "staging"),
                },
            ]);
        });

        it("rejects an empty environment tag", async () => {
            assert.deepEqual(await stackMessages(policy, retag(compliantStack("staging"), "")), [
                'Key Vault \'kv-app-staging\' must carry an environment tag (found: "")',
            ]);
        });

        it("rejects a vault tagged with another environment than the stack's", async () => {
            assert.deepEqual(await checkStack(policy, retag(compliantStack("staging"), "production")), [
                {
                    message: "Key Vault 'kv-app-staging' must carry environment tag 'staging' to match stack 'staging' (found: production)",
                    urn: urnOf(T.Vault, "vault", "staging"),
                },
            ]);
        });

        it("rejects vaults of one stack that disagree", async () => {
            const stack = [...compliantStack("staging"), secondVault("staging", "dev")];
            assert.deepEqual(await checkStack(policy, stack), [
                {
                    message: "Key Vault 'kv-shared' must carry environment tag 'staging' to match stack 'staging' (found: dev)",
                    urn: urnOf(T.Vault, "shared-vault", "staging"),
                },
                { message: "Key Vaults of stack 'staging' must share one environment tag value (found: dev, staging)" },
            ]);
        });

        it("compares environments case-insensitively", async () => {
            assert.deepEqual(await checkStack(policy, retag(compliantStack("staging"), "Staging")), []);
        });

        it("says nothing about a vault whose tags are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkStack(policy, retag(compliantStack("staging"), u)), []);
                const stack = replaceIn(compliantStack("staging"), "vault", (v) => withProp(v, ["tags"], u));
                assert.deepEqual(await checkStack(policy, [...stack, secondVault("staging", "staging")]), []);
            }
        });
    });
});
