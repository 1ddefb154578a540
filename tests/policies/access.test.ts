import { strict as assert } from "assert";
import {
    keyVaultRoleAssignmentVaultScope,
    noPrivilegedRoleForServicePrincipal,
    serviceConnectionReadOnlyRoles,
} from "keyvault-devops-policies/bin/access";
import {
    CLIENT_ID,
    compliantStack,
    OTHER_PRINCIPAL_ID,
    PRINCIPAL_ID,
    replaceIn,
    ROLE,
    roleAssignment,
    roleDefinitionId,
    SUB,
    T,
} from "./fixtures";
import { checkResource, checkStack, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, stackMessages, TestResource, urnOf, withProp } from "./helpers";

const RA = "Role assignment 'pipeline-secrets-user'";

function assignment(role: string, scope?: string, principalType = "ServicePrincipal"): TestResource {
    let r = withProp(roleAssignment(), ["roleDefinitionId"], roleDefinitionId(role));
    r = withProp(r, ["principalType"], principalType);
    return scope === undefined ? r : withProp(r, ["scope"], scope);
}

describe("policies: access", () => {
    describe("keyvault-role-assignment-vault-scope", () => {
        const policy = keyVaultRoleAssignmentVaultScope;
        const rgScope = `${SUB}/resourceGroups/rg-kv-staging`;

        it("accepts Key Vault data roles on one vault (or below it) and other roles anywhere", async () => {
            assert.deepEqual(await checkResource(policy, roleAssignment()), []);
            const secretScope = `${SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv/secrets/db-password`;
            assert.deepEqual(await checkResource(policy, assignment(ROLE.KeyVaultSecretsUser, secretScope)), []);
            assert.deepEqual(await checkResource(policy, assignment(ROLE.Reader, SUB)), []);
            const bareGuid = withProp(roleAssignment(), ["roleDefinitionId"], ROLE.KeyVaultReader);
            assert.deepEqual(await checkResource(policy, bareGuid), []);
        });

        it("rejects a Key Vault data role at resource-group scope", async () => {
            assert.deepEqual(await checkResource(policy, assignment(ROLE.KeyVaultSecretsUser, rgScope)), [
                `${RA} must scope Key Vault Secrets User to a single Key Vault (found: ${rgScope})`,
            ]);
        });

        it("rejects a Key Vault data role at subscription scope", async () => {
            assert.deepEqual(await checkResource(policy, assignment(ROLE.KeyVaultAdministrator, SUB)), [
                `${RA} must scope Key Vault Administrator to a single Key Vault (found: ${SUB})`,
            ]);
        });

        it("rejects a Key Vault data role at management-group scope, given as a bare GUID", async () => {
            const mg = "/providers/Microsoft.Management/managementGroups/platform";
            const r = withProp(withProp(roleAssignment(), ["roleDefinitionId"], ROLE.KeyVaultCertificateUser), ["scope"], mg);
            assert.deepEqual(await checkResource(policy, r), [
                `${RA} must scope Key Vault Certificate User to a single Key Vault (found: ${mg})`,
            ]);
        });

        it("says nothing when the scope or the role is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, assignment(ROLE.KeyVaultSecretsUser, u)), []);
                const unknownRole = withProp(assignment(ROLE.KeyVaultSecretsUser, SUB), ["roleDefinitionId"], u);
                assert.deepEqual(await checkResource(policy, unknownRole), []);
            }
        });
    });

    describe("no-privileged-role-for-service-principal", () => {
        const policy = noPrivilegedRoleForServicePrincipal;

        it("accepts non-privileged roles, and privileged roles for users and groups", async () => {
            assert.deepEqual(await checkResource(policy, roleAssignment()), []);
            assert.deepEqual(await checkResource(policy, assignment(ROLE.Owner, SUB, "User")), []);
            assert.deepEqual(await checkResource(policy, assignment(ROLE.Contributor, SUB, "Group")), []);
        });

        for (const [role, name] of [
            [ROLE.Owner, "Owner"],
            [ROLE.Contributor, "Contributor"],
            [ROLE.UserAccessAdministrator, "User Access Administrator"],
            [ROLE.KeyVaultAdministrator, "Key Vault Administrator"],
        ] as const) {
            it(`rejects ${name} for a ServicePrincipal`, async () => {
                assert.deepEqual(await checkResource(policy, assignment(role, SUB)), [
                    `${RA} must not grant ${name} to a ServicePrincipal (found: principalId ${PRINCIPAL_ID})`,
                ]);
            });
        }

        it("accepts principals on the allow-list", async () => {
            const config = { allowedPrincipalIds: [PRINCIPAL_ID.toUpperCase()] };
            assert.deepEqual(await checkResource(policy, assignment(ROLE.Owner, SUB), config), []);
            const other = withProp(assignment(ROLE.Owner, SUB), ["principalId"], OTHER_PRINCIPAL_ID);
            assert.deepEqual(await checkResource(policy, other, config), [
                `${RA} must not grant Owner to a ServicePrincipal (found: principalId ${OTHER_PRINCIPAL_ID})`,
            ]);
        });

        it("says nothing when the principal type, role or principal is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(assignment(ROLE.Owner, SUB), ["principalType"], u)), []);
                assert.deepEqual(await checkResource(policy, withProp(assignment(ROLE.Owner, SUB), ["roleDefinitionId"], u)), []);
                assert.deepEqual(
                    await checkResource(policy, withProp(assignment(ROLE.Owner, SUB), ["principalId"], u), {
                        allowedPrincipalIds: [PRINCIPAL_ID],
                    }),
                    [],
                );
            }
        });
    });

    describe("service-connection-read-only-roles", () => {
        const policy = serviceConnectionReadOnlyRoles;
        const RA_URN = urnOf(T.RoleAssignment, "pipeline-secrets-user", "staging");
        const IDENTITY = "the identity of service connection 'sc-kv-staging'";
        const ALLOWED = "Key Vault Secrets User, Key Vault Reader, Key Vault Certificate User";
        const withRole = (stack: TestResource[], role: string): TestResource[] =>
            replaceIn(stack, "pipeline-secrets-user", (r) => withProp(r, ["roleDefinitionId"], roleDefinitionId(role)));

        it("accepts read-only Key Vault roles for the service connection identity", async () => {
            for (const role of [ROLE.KeyVaultSecretsUser, ROLE.KeyVaultReader, ROLE.KeyVaultCertificateUser]) {
                assert.deepEqual(await checkStack(policy, withRole(compliantStack(), role)), []);
            }
        });

        it("accepts any role for other principals", async () => {
            const stack = replaceIn(withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer), "pipeline-secrets-user", (r) =>
                withProp(r, ["principalId"], OTHER_PRINCIPAL_ID),
            );
            assert.deepEqual(await checkStack(policy, stack), []);
        });

        it("rejects a write role for the identity whose clientId the service connection uses", async () => {
            assert.deepEqual(await checkStack(policy, withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer)), [
                {
                    message: `${RA} must grant ${IDENTITY} only read-only roles (${ALLOWED}) (found: Key Vault Secrets Officer)`,
                    urn: RA_URN,
                },
            ]);
        });

        it("finds the identity through property dependencies when its IDs are unknown", async () => {
            let stack = withRole(compliantStack("staging", { propertyDependencies: true }), ROLE.Contributor);
            stack = replaceIn(stack, "pipeline-identity", (r) => withProp(withProp(r, ["clientId"], ENGINE_UNKNOWN), ["principalId"], ENGINE_UNKNOWN));
            stack = replaceIn(stack, "azure-connection", (r) => withProp(r, ["credentials", "serviceprincipalid"], ENGINE_UNKNOWN));
            stack = replaceIn(stack, "pipeline-secrets-user", (r) => withProp(r, ["principalId"], ENGINE_UNKNOWN));
            assert.deepEqual(await stackMessages(policy, stack), [
                `${RA} must grant ${IDENTITY} only read-only roles (${ALLOWED}) (found: Contributor)`,
            ]);
        });

        it("rejects a write role for a configured service connection principal", async () => {
            const stack = replaceIn(withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer), "pipeline-secrets-user", (r) =>
                withProp(r, ["principalId"], OTHER_PRINCIPAL_ID),
            );
            assert.deepEqual(await stackMessages(policy, stack, { serviceConnectionPrincipalIds: [OTHER_PRINCIPAL_ID] }), [
                `${RA} must grant service connection principal '${OTHER_PRINCIPAL_ID}' only read-only roles (${ALLOWED}) (found: Key Vault Secrets Officer)`,
            ]);
        });

        it("applies the configured allowed roles (names or GUIDs)", async () => {
            const stack = withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer);
            assert.deepEqual(await checkStack(policy, stack, { allowedRoles: ["key vault secrets officer"] }), []);
            assert.deepEqual(await checkStack(policy, stack, { allowedRoles: [ROLE.KeyVaultSecretsOfficer] }), []);
            assert.deepEqual(await stackMessages(policy, withRole(compliantStack(), ROLE.KeyVaultReader), { allowedRoles: ["Key Vault Secrets User"] }), [
                `${RA} must grant ${IDENTITY} only read-only roles (Key Vault Secrets User) (found: Key Vault Reader)`,
            ]);
        });

        it("ignores identities no service connection uses", async () => {
            const stack = replaceIn(withRole(compliantStack(), ROLE.Owner), "azure-connection", (r) =>
                withProp(r, ["credentials", "serviceprincipalid"], "99999999-9999-9999-9999-999999999999"),
            );
            assert.deepEqual(await checkStack(policy, stack), []);
            assert.deepEqual(await checkStack(policy, replaceIn(stack, "azure-connection", (r) => withProp(r, ["credentials"], DELETE))), []);
        });

        it("says nothing when the identity, the connection's client ID, the principal or the role is unknown", async () => {
            const base = withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer);
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                for (const [name, path] of [
                    ["pipeline-identity", ["clientId"]],
                    ["pipeline-identity", ["principalId"]],
                    ["azure-connection", ["credentials", "serviceprincipalid"]],
                    ["azure-connection", ["credentials"]],
                    ["pipeline-secrets-user", ["principalId"]],
                    ["pipeline-secrets-user", ["roleDefinitionId"]],
                ] as const) {
                    const stack = replaceIn(base, name, (r) => withProp(r, path, u));
                    assert.deepEqual(await checkStack(policy, stack), [], `${name}.${path.join(".")}`);
                }
            }
        });

        it("matches the client ID case-insensitively", async () => {
            const stack = replaceIn(withRole(compliantStack(), ROLE.KeyVaultSecretsOfficer), "azure-connection", (r) =>
                withProp(r, ["credentials", "serviceprincipalid"], CLIENT_ID.toUpperCase()),
            );
            assert.equal((await checkStack(policy, stack)).length, 1);
        });
    });
});
