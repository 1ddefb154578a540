import { strict as assert } from "assert";
import {
    noAuthorizeAllPipelines,
    serviceConnectionWorkloadIdentity,
    variableGroupKeyVaultVariables,
    variableGroupSecretsKeyVaultLinked,
} from "keyvault-devops-policies/bin/devops";
import { linkedVariableGroup, pipelineAuthorization, plainVariableGroup, serviceEndpoint } from "./fixtures";
import { checkResource, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, withProp } from "./helpers";

const PLAIN = "Variable group 'app-settings-staging'";
const LINKED = "Variable group 'app-secrets-staging'";
const SC = "Service connection 'sc-kv-staging'";

describe("policies: Azure DevOps", () => {
    describe("variable-group-secrets-keyvault-linked", () => {
        const policy = variableGroupSecretsKeyVaultLinked;
        const withVariables = (variables: unknown[]) => withProp(plainVariableGroup(), ["variables"], variables);

        it("accepts groups without secrets and Key Vault-linked groups", async () => {
            assert.deepEqual(await checkResource(policy, plainVariableGroup()), []);
            assert.deepEqual(await checkResource(policy, linkedVariableGroup()), []);
            assert.deepEqual(await checkResource(policy, withVariables([{ name: "A", value: "1", secretValue: "" }])), []);
        });

        it("rejects a secret variable (isSecret) in an unlinked group", async () => {
            const r = withVariables([{ name: "LOG_LEVEL", value: "info" }, { name: "DB_PASSWORD", isSecret: true, secretValue: "[secret]" }]);
            assert.deepEqual(await checkResource(policy, r), [
                `${PLAIN} must be linked to Key Vault (keyVault) to hold secret variables (found: secret variables DB_PASSWORD)`,
            ]);
        });

        it("rejects a secretValue without isSecret, naming every secret variable", async () => {
            const r = withVariables([{ name: "API_KEY", secretValue: "s3cr3t" }, { isSecret: true, secretValue: "x" }]);
            assert.deepEqual(await checkResource(policy, r), [
                `${PLAIN} must be linked to Key Vault (keyVault) to hold secret variables (found: secret variables API_KEY, #2)`,
            ]);
        });

        it("rejects secrets in a group whose keyVault is null", async () => {
            const r = withProp(withVariables([{ name: "TOKEN", isSecret: true }]), ["keyVault"], null);
            assert.deepEqual(await checkResource(policy, r), [
                `${PLAIN} must be linked to Key Vault (keyVault) to hold secret variables (found: secret variables TOKEN)`,
            ]);
        });

        it("says nothing when keyVault, the variables or their secrecy are unknown", async () => {
            const secretGroup = withVariables([{ name: "TOKEN", isSecret: true }]);
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(secretGroup, ["keyVault"], u)), []);
                assert.deepEqual(await checkResource(policy, withVariables([{ name: "TOKEN", isSecret: u, secretValue: u }])), []);
                assert.deepEqual(await checkResource(policy, withVariables([u])), []);
                assert.deepEqual(await checkResource(policy, withProp(secretGroup, ["variables"], u)), []);
            }
        });
    });

    describe("variable-group-keyvault-variables", () => {
        const policy = variableGroupKeyVaultVariables;

        it("accepts a linked group listing secret names, and ignores unlinked groups", async () => {
            assert.deepEqual(await checkResource(policy, linkedVariableGroup()), []);
            assert.deepEqual(await checkResource(policy, withProp(plainVariableGroup(), ["variables"], [])), []);
        });

        it("rejects a linked group without variables", async () => {
            assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["variables"], [])), [
                `${LINKED} must list at least one Key Vault secret name in variables (found: no variables)`,
            ]);
            assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["variables"], DELETE)), [
                `${LINKED} must list at least one Key Vault secret name in variables (found: no variables)`,
            ]);
        });

        it("rejects values in a linked group", async () => {
            const r = withProp(linkedVariableGroup(), ["variables"], [
                { name: "db-password" },
                { name: "db-host", value: "db.internal" },
                { name: "api-key", isSecret: true },
            ]);
            assert.deepEqual(await checkResource(policy, r), [
                `${LINKED} must list Key Vault secret names only, without value, isSecret or secretValue (found: values on db-host, api-key)`,
            ]);
        });

        it("says nothing when keyVault, the variables or their values are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(withProp(linkedVariableGroup(), ["variables"], []), ["keyVault"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["variables"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["variables"], [{ name: "a", value: u, isSecret: u }])), []);
            }
        });
    });

    describe("no-authorize-all-pipelines", () => {
        const policy = noAuthorizeAllPipelines;

        it("accepts groups without allowAccess and authorizations naming a pipeline", async () => {
            assert.deepEqual(await checkResource(policy, plainVariableGroup()), []);
            assert.deepEqual(await checkResource(policy, withProp(plainVariableGroup(), ["allowAccess"], DELETE)), []);
            assert.deepEqual(await checkResource(policy, pipelineAuthorization()), []);
        });

        it("rejects a variable group open to all pipelines", async () => {
            assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["allowAccess"], true)), [
                `${LINKED} must set allowAccess to false and authorize pipelines individually (found: true)`,
            ]);
        });

        it("rejects a pipeline authorization without pipelineId", async () => {
            assert.deepEqual(await checkResource(policy, withProp(pipelineAuthorization(), ["pipelineId"], DELETE)), [
                "Pipeline authorization 'app-secrets-pipeline' must set pipelineId instead of authorizing all pipelines for its variablegroup (found: not set)",
            ]);
        });

        it("rejects an all-pipelines authorization of a service connection", async () => {
            const r = withProp(withProp(pipelineAuthorization(), ["pipelineId"], null), ["type"], "endpoint");
            assert.deepEqual(await checkResource(policy, r), [
                "Pipeline authorization 'app-secrets-pipeline' must set pipelineId instead of authorizing all pipelines for its endpoint (found: null)",
            ]);
        });

        it("says nothing when allowAccess or pipelineId is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(linkedVariableGroup(), ["allowAccess"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(pipelineAuthorization(), ["pipelineId"], u)), []);
            }
        });
    });

    describe("service-connection-workload-identity", () => {
        const policy = serviceConnectionWorkloadIdentity;

        it("accepts workload identity federation and managed identity connections", async () => {
            assert.deepEqual(await checkResource(policy, serviceEndpoint()), []);
            const msi = withProp(withProp(serviceEndpoint(), ["serviceEndpointAuthenticationScheme"], "ManagedServiceIdentity"), ["credentials"], DELETE);
            assert.deepEqual(await checkResource(policy, msi), []);
        });

        it("rejects the ServicePrincipal scheme", async () => {
            const r = withProp(serviceEndpoint(), ["serviceEndpointAuthenticationScheme"], "ServicePrincipal");
            assert.deepEqual(await checkResource(policy, r), [
                `${SC} must use WorkloadIdentityFederation or ManagedServiceIdentity authentication (found: ServicePrincipal)`,
            ]);
        });

        it("rejects a connection without a scheme (the ServicePrincipal default)", async () => {
            const r = withProp(serviceEndpoint(), ["serviceEndpointAuthenticationScheme"], DELETE);
            assert.deepEqual(await checkResource(policy, r), [
                `${SC} must use WorkloadIdentityFederation or ManagedServiceIdentity authentication (found: not set (defaults to ServicePrincipal))`,
            ]);
        });

        it("rejects a client secret", async () => {
            const r = withProp(serviceEndpoint(), ["credentials", "serviceprincipalkey"], "[secret]");
            assert.deepEqual(await checkResource(policy, r), [
                `${SC} must not carry a client secret (credentials.serviceprincipalkey) (found: set)`,
            ]);
        });

        it("rejects a client certificate", async () => {
            const r = withProp(serviceEndpoint(), ["credentials", "serviceprincipalcertificate"], "MIIC...");
            assert.deepEqual(await checkResource(policy, r), [
                `${SC} must not carry a client certificate (credentials.serviceprincipalcertificate) (found: set)`,
            ]);
        });

        it("says nothing when the scheme or the credentials are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(serviceEndpoint(), ["serviceEndpointAuthenticationScheme"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(serviceEndpoint(), ["credentials", "serviceprincipalkey"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(serviceEndpoint(), ["credentials"], u)), []);
            }
        });
    });
});
