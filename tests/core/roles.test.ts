import * as assert from "assert";
import { roleDisplayName } from "keyvault-devops-policies/bin/azureRoles";
import { EXTRA_ROLE_NAMES, ROLE_IDS } from "../../stack/roles";

// Azure's built-in role names, exactly as `az role definition list --name <guid>` shows them
// (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/security): "Key Vault Certificate User"
// is singular, "Key Vault Certificates Officer" plural.
describe("built-in role names", () => {
    it("uses Azure's exact name for every role the stack assigns", () => {
        assert.ok("Key Vault Certificate User" in ROLE_IDS);
        assert.ok(!("Key Vault Certificates User" in ROLE_IDS));
        assert.strictEqual(ROLE_IDS["Key Vault Certificate User"], "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba");
        for (const [name, guid] of Object.entries(ROLE_IDS)) {
            if (name.startsWith("Key Vault")) {
                assert.strictEqual(roleDisplayName(`/providers/Microsoft.Authorization/roleDefinitions/${guid}`), name);
            }
        }
    });

    it("offers the exact names in access.extraRoles", () => {
        assert.deepStrictEqual([...EXTRA_ROLE_NAMES], ["Key Vault Secrets User", "Key Vault Certificate User", "Key Vault Crypto User"]);
    });
});
