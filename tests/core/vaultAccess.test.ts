import * as assert from "assert";
import { accessGrantsFromConfig, grantResourceName, validateVaultAccessArgs, VaultAccess, VaultRoleGrant } from "../../components/vaultAccess";
import { deterministicGuid } from "../../stack/ids";
import { Recorder } from "../../tools/plan/evaluate";
import { MOCK_SUBSCRIPTION_ID } from "../../tools/plan/mocks";
import { ROLE_IDS } from "../../stack/roles";
import { ofType, promiseOf, recordingMocks } from "../helpers/pulumi";

const VAULT_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-staging-ab12";
const PIPELINE = "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90";
const ADMINS = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
const READER = "5c8e2a47-1f3d-4b9e-a6c2-7e4d1b8f2a60";

describe("VaultAccess", () => {
    let recorder: Recorder;
    before(async () => {
        recorder = await recordingMocks();
    });
    beforeEach(() => recorder.reset());

    async function build(grants: readonly VaultRoleGrant[]): Promise<VaultAccess> {
        const component = new VaultAccess("staging-access", { vaultId: VAULT_ID, grants });
        await Promise.all(Object.values(component.assignments).map((a) => promiseOf(a.id)));
        await recorder.settle();
        return component;
    }

    const configGrants = accessGrantsFromConfig({
        pipelinePrincipalId: PIPELINE,
        secretsOfficers: [{ principalId: ADMINS, principalType: "Group" }],
        extraRoles: [{ principalId: READER, principalType: "ServicePrincipal", role: "Key Vault Certificate User" }],
    });

    it("grants Key Vault Secrets User to the pipeline principal, at the vault's scope only", async () => {
        await build(configGrants);
        const assignment = ofType(recorder, "azure-native:authorization:RoleAssignment").find((a) => a.inputs.principalId === PIPELINE);
        assert.ok(assignment);
        assert.strictEqual(assignment.name, `staging-access-secrets-user-${PIPELINE}`);
        assert.strictEqual(assignment.inputs.scope, VAULT_ID);
        assert.strictEqual(assignment.inputs.principalType, "ServicePrincipal");
        assert.strictEqual(
            assignment.inputs.roleDefinitionId,
            `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/4633458b-17de-408a-b874-0445c86b69e6`,
        );
    });

    it("grants Key Vault Secrets Officer to admin groups and extra roles by name", async () => {
        await build(configGrants);
        const byPrincipal = new Map(ofType(recorder, "azure-native:authorization:RoleAssignment").map((a) => [a.inputs.principalId, a]));
        assert.strictEqual(byPrincipal.get(ADMINS)?.inputs.roleDefinitionId, `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS["Key Vault Secrets Officer"]}`);
        assert.strictEqual(byPrincipal.get(ADMINS)?.inputs.principalType, "Group");
        assert.strictEqual(byPrincipal.get(READER)?.inputs.roleDefinitionId, `/subscriptions/${MOCK_SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS["Key Vault Certificate User"]}`);
        for (const a of byPrincipal.values()) {
            assert.strictEqual(a.inputs.scope, VAULT_ID, "every grant is scoped to the vault, never the resource group or subscription");
        }
    });

    it("names each assignment with a deterministic GUID of (scope, principal, role)", async () => {
        await build(configGrants);
        const assignment = ofType(recorder, "azure-native:authorization:RoleAssignment").find((a) => a.inputs.principalId === PIPELINE);
        assert.strictEqual(assignment?.inputs.roleAssignmentName, deterministicGuid(VAULT_ID, PIPELINE, ROLE_IDS["Key Vault Secrets User"]));
        assert.match(String(assignment?.inputs.roleAssignmentName), /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it("does not key anything on array position: reordering grants changes no name", async () => {
        await build(configGrants);
        const first = ofType(recorder, "azure-native:authorization:RoleAssignment").map((a) => `${a.name}=${String(a.inputs.roleAssignmentName)}`).sort();
        recorder.reset();
        await build([...configGrants].reverse());
        const second = ofType(recorder, "azure-native:authorization:RoleAssignment").map((a) => `${a.name}=${String(a.inputs.roleAssignmentName)}`).sort();
        assert.deepStrictEqual(second, first);
    });

    it("creates no assignment when access is empty", async () => {
        await build(accessGrantsFromConfig({ secretsOfficers: [], extraRoles: [] }));
        assert.strictEqual(ofType(recorder, "azure-native:authorization:RoleAssignment").length, 0);
    });

    it("rejects the same role twice for one principal", () => {
        const grant: VaultRoleGrant = { key: PIPELINE, principalId: PIPELINE, principalType: "ServicePrincipal", role: "Key Vault Secrets User" };
        assert.throws(() => validateVaultAccessArgs({ vaultId: VAULT_ID, grants: [grant, grant] }), /role "Key Vault Secrets User" is granted twice/);
        assert.strictEqual(grantResourceName("x", grant), `x-secrets-user-${PIPELINE}`);
    });

    it("gives the same GUID for the same parts, whatever their case, and a different one otherwise", () => {
        assert.strictEqual(deterministicGuid("A", "b"), deterministicGuid("a", "B"));
        assert.notStrictEqual(deterministicGuid("a", "b"), deterministicGuid("a", "c"));
        assert.notStrictEqual(deterministicGuid("ab", "c"), deterministicGuid("a", "bc"));
    });
});
