/*
 * Adoption: existing resources (a vault made by hand, its secrets, Key Vault-linked variable groups, a service
 * connection, an environment) that the stack takes over with Pulumi's `import` resource option instead of creating new
 * ones (https://www.pulumi.com/docs/iac/concepts/options/import/). Pure: the import IDs each provider expects, from the
 * `adopt` config section (stack/config/adoption.ts).
 *
 * How `import` behaves (same page): Pulumi reads the resource with the given ID; "if the resource's arguments differ
 * from the imported state, the import will succeed, and the resource will then be modified to reflect the inputs in
 * your Pulumi program" — so the first `pulumi up` of an adopted stack imports AND applies the stack's inputs (RBAC on,
 * purge protection, the firewall): the offline plan lists those inputs per adopted resource ("drift on adoption day",
 * tools/adopt/drift.ts). "Once a resource is successfully imported, remove the `import` option": remove the `adopt`
 * section after that first `up` (the vault keeps `vault.name` and `resourceGroupName`).
 */

/** `/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>`, as `az keyvault show --query id` prints it. */
export const VAULT_RESOURCE_ID_PATTERN =
    /^\/subscriptions\/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\/resourceGroups\/([-\w.()]{0,89}[-\w()])\/providers\/Microsoft\.KeyVault\/vaults\/([A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9])$/i;

/** The parts of a vault's ARM resource ID, or undefined when it is not one. */
export function parseVaultId(id: string): { subscriptionId: string; resourceGroupName: string; vaultName: string } | undefined {
    const m = VAULT_RESOURCE_ID_PATTERN.exec(id);
    if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined) {
        return undefined;
    }
    return { subscriptionId: m[1], resourceGroupName: m[2], vaultName: m[3] };
}

/**
 * Import ID of an `azure-native:keyvault:Secret`: its ARM resource ID, the vault's ID + `/secrets/<name>` (azure-native
 * imports every resource by its ARM ID: https://www.pulumi.com/registry/packages/azure-native/api-docs/keyvault/secret/#import).
 */
export function secretImportId(vaultId: string, secretName: string): string {
    return `${vaultId}/secrets/${secretName}`;
}

/**
 * Import ID of an Azure DevOps project-scoped resource: `<projectId>/<id>` — VariableGroup takes `<projectNameOrId>/<groupId>`,
 * ServiceEndpointAzureRM `<projectIdOrName>/<endpointId>`, Environment `<projectId>/<environmentId>` (pulumi-azuredevops
 * v3.15.0 docs, docs/resources/{variable_group,serviceendpoint_azurerm,environment}.md "Import" sections; summarized in
 * /work/shared/reference/azuredevops-provider.md). The project's GUID works for all three.
 */
export function devopsImportId(project: string, id: string | number): string {
    return `${project}/${String(id)}`;
}

/**
 * What an adopted secret's Pulumi resource never changes: `properties` (value, content type, attributes) and `tags`.
 * An update of an `azure-native:keyvault:Secret` is a PUT of the whole secret, which creates a new version
 * (components/vaultSecrets.ts, ROTATED_SECRET_IGNORE_CHANGES): with these ignored the import compares only the identity
 * (`resourceGroupName`, `vaultName`, `secretName`), so adopting writes no value and no new version.
 */
export const ADOPTED_SECRET_IGNORE_CHANGES: readonly string[] = ["properties", "tags"];

/*
 * Why no `value` input at all: azure-native's `SecretPropertiesArgs.value` is optional, and "'value' will never be
 * returned from the service" (its JSDoc in @pulumi/azure-native types/input.d.ts, from the ARM spec), so an import could
 * never match a value the program sends; the stack sends none, and `properties` is ignored after the import.
 *
 * For the reviewer: older Pulumi documentation (and CLIs) said an import whose inputs differ from the resource fails
 * ("inputs to import do not match the existing resource"; the page's text before https://github.com/pulumi/docs/pull/16580).
 * With such a CLI the first `up` stops at the vault, variable group or environment whose settings the stack changes:
 * either use a current CLI, or make the inputs match for that first `up` (e.g. the vault's current firewall and
 * RBAC setting) and apply the stack's settings in a second one. The plan's adoption report lists exactly those inputs.
 */
