/*
 * The saved `az` output `npm run adopt` reads, checked field by field: an error names the file and the field. Only the
 * fields adoption uses are read; everything else in the files is ignored. Shapes:
 *
 * - `az keyvault show --name <vault>`: the ARM Vault resource (https://learn.microsoft.com/cli/azure/keyvault#az-keyvault-show;
 *   REST shape https://learn.microsoft.com/rest/api/keyvault/keyvault/vaults/get: `id`, `name`, `location`,
 *   `resourceGroup` (added by az), `tags`, `properties.{tenantId, sku, accessPolicies[], enableRbacAuthorization,
 *   enableSoftDelete, softDeleteRetentionInDays, enablePurgeProtection, publicNetworkAccess, networkAcls}`);
 * - `az keyvault secret list --vault-name <vault>`: SecretItem[] (https://learn.microsoft.com/cli/azure/keyvault/secret#az-keyvault-secret-list;
 *   REST https://learn.microsoft.com/rest/api/keyvault/secrets/get-secrets/get-secrets: `id`, `name` (added by az),
 *   `contentType`, `managed`, `tags`, `attributes.{enabled, expires, notBefore, created, updated}`) — names and
 *   metadata only, never values;
 * - `az pipelines variable-group show --id <id>`: VariableGroup (https://learn.microsoft.com/cli/azure/pipelines/variable-group#az-pipelines-variable-group-show;
 *   REST https://learn.microsoft.com/rest/api/azure/devops/distributedtask/variablegroups/get: `id`, `name`,
 *   `description`, `type` (`AzureKeyVault` for a linked group), `providerData.{serviceEndpointId, vault}`, `variables`
 *   (name → AzureKeyVaultVariableValue), `variableGroupProjectReferences[].projectReference.{id, name}`).
 */
import { parseVaultId } from "../../stack/adoption";
import { GUID_PATTERN } from "../../stack/ids";

/** A problem with one of the input files: exit 2, message naming the file and the field. */
export class AzInputError extends Error {}

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => v !== null && typeof v === "object" && !Array.isArray(v);

function field(file: string, path: string, what: string, found: unknown): never {
    const shown = found === undefined ? "nothing" : typeof found === "string" ? JSON.stringify(found.length > 80 ? `${found.slice(0, 80)}...` : found) : Array.isArray(found) ? "a list" : found === null ? "null" : typeof found;
    throw new AzInputError(`${file}: \`${path}\` must be ${what} (found ${shown})`);
}

function str(file: string, obj: Rec, key: string, path: string, what = "a string"): string {
    const v = obj[key];
    if (typeof v !== "string" || v === "") {
        return field(file, path, what, v);
    }
    return v;
}

function optStr(file: string, obj: Rec, key: string, path: string): string | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    if (typeof v !== "string") {
        return field(file, path, "a string or null", v);
    }
    return v;
}

function optBool(file: string, obj: Rec, key: string, path: string): boolean | undefined {
    const v = obj[key];
    if (v === undefined || v === null) {
        return undefined;
    }
    if (typeof v !== "boolean") {
        return field(file, path, "true, false or null", v);
    }
    return v;
}

function stringList(file: string, v: unknown, path: string): string[] {
    if (v === undefined || v === null) {
        return [];
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === "string")) {
        return field(file, path, "a list of strings", v);
    }
    return v as string[];
}

/** One access policy (`properties.accessPolicies[]`). */
export interface AzAccessPolicy {
    readonly objectId: string;
    readonly tenantId?: string;
    readonly applicationId?: string;
    readonly permissions: { readonly keys: string[]; readonly secrets: string[]; readonly certificates: string[]; readonly storage: string[] };
}

/** What adoption reads from `az keyvault show`. */
export interface AzVault {
    readonly id: string;
    readonly name: string;
    readonly location: string;
    readonly resourceGroup: string;
    readonly sku: string;
    readonly tenantId?: string;
    readonly enableRbacAuthorization: boolean;
    readonly enableSoftDelete?: boolean;
    readonly softDeleteRetentionInDays?: number;
    readonly enablePurgeProtection: boolean;
    readonly publicNetworkAccess?: string;
    readonly defaultAction?: string;
    readonly bypass?: string;
    readonly ipRules: string[];
    readonly subnetIds: string[];
    readonly accessPolicies: AzAccessPolicy[];
    /** `properties.enabledFor{Deployment,DiskEncryption,TemplateDeployment}`, when az reported them (the stack turns them off). */
    readonly enabledFor: { readonly deployment?: boolean; readonly diskEncryption?: boolean; readonly templateDeployment?: boolean };
}

export function parseVault(file: string, json: unknown): AzVault {
    if (!isRec(json)) {
        return field(file, "(top level)", "an object (the output of `az keyvault show --name <vault>`)", json);
    }
    const id = str(file, json, "id", "id", "the vault's resource ID");
    const parsed = parseVaultId(id);
    if (!parsed) {
        return field(file, "id", "a Key Vault resource ID (/subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<name>)", id);
    }
    const name = str(file, json, "name", "name");
    if (name.toLowerCase() !== parsed.vaultName.toLowerCase()) {
        return field(file, "name", `the vault name in \`id\` (${parsed.vaultName})`, name);
    }
    const location = str(file, json, "location", "location", "an Azure region such as westeurope");
    const props = json.properties;
    if (!isRec(props)) {
        return field(file, "properties", "an object", props);
    }
    const sku = props.sku;
    if (!isRec(sku) || typeof sku.name !== "string") {
        return field(file, "properties.sku.name", "standard or premium", isRec(sku) ? sku.name : sku);
    }
    const rawPolicies = props.accessPolicies ?? [];
    if (!Array.isArray(rawPolicies)) {
        return field(file, "properties.accessPolicies", "a list", rawPolicies);
    }
    const accessPolicies = rawPolicies.map((p, i): AzAccessPolicy => {
        const at = `properties.accessPolicies[${i}]`;
        if (!isRec(p)) {
            return field(file, at, "an object", p);
        }
        const objectId = str(file, p, "objectId", `${at}.objectId`, "an object ID (GUID)");
        if (!GUID_PATTERN.test(objectId)) {
            return field(file, `${at}.objectId`, "an object ID (GUID)", objectId);
        }
        const applicationId = optStr(file, p, "applicationId", `${at}.applicationId`);
        const tenantId = optStr(file, p, "tenantId", `${at}.tenantId`);
        const perms = p.permissions;
        if (!isRec(perms)) {
            return field(file, `${at}.permissions`, "an object ({ keys, secrets, certificates, storage })", perms);
        }
        return {
            objectId,
            ...(tenantId !== undefined ? { tenantId } : {}),
            ...(applicationId !== undefined ? { applicationId } : {}),
            permissions: {
                keys: stringList(file, perms.keys, `${at}.permissions.keys`),
                secrets: stringList(file, perms.secrets, `${at}.permissions.secrets`),
                certificates: stringList(file, perms.certificates, `${at}.permissions.certificates`),
                storage: stringList(file, perms.storage, `${at}.permissions.storage`),
            },
        };
    });
    const acls = props.networkAcls;
    if (acls !== undefined && acls !== null && !isRec(acls)) {
        return field(file, "properties.networkAcls", "an object or null", acls);
    }
    const retention = props.softDeleteRetentionInDays;
    if (retention !== undefined && retention !== null && (typeof retention !== "number" || !Number.isInteger(retention))) {
        return field(file, "properties.softDeleteRetentionInDays", "a whole number of days", retention);
    }
    const list = (key: string, inner: string): string[] =>
        isRec(acls) && Array.isArray(acls[key]) ? (acls[key] as unknown[]).map((r, i) => (isRec(r) && typeof r[inner] === "string" ? (r[inner] as string) : field(file, `properties.networkAcls.${key}[${i}].${inner}`, "a string", isRec(r) ? r[inner] : r))) : [];
    const defaultAction = isRec(acls) ? optStr(file, acls, "defaultAction", "properties.networkAcls.defaultAction") : undefined;
    const bypass = isRec(acls) ? optStr(file, acls, "bypass", "properties.networkAcls.bypass") : undefined;
    const tenantId = optStr(file, props, "tenantId", "properties.tenantId");
    const enableSoftDelete = optBool(file, props, "enableSoftDelete", "properties.enableSoftDelete");
    const publicNetworkAccess = optStr(file, props, "publicNetworkAccess", "properties.publicNetworkAccess");
    const deployment = optBool(file, props, "enabledForDeployment", "properties.enabledForDeployment");
    const diskEncryption = optBool(file, props, "enabledForDiskEncryption", "properties.enabledForDiskEncryption");
    const templateDeployment = optBool(file, props, "enabledForTemplateDeployment", "properties.enabledForTemplateDeployment");
    return {
        id,
        name,
        location,
        resourceGroup: typeof json.resourceGroup === "string" ? json.resourceGroup : parsed.resourceGroupName,
        sku: sku.name,
        ...(tenantId !== undefined ? { tenantId } : {}),
        enableRbacAuthorization: optBool(file, props, "enableRbacAuthorization", "properties.enableRbacAuthorization") ?? false,
        ...(enableSoftDelete !== undefined ? { enableSoftDelete } : {}),
        ...(typeof retention === "number" ? { softDeleteRetentionInDays: retention } : {}),
        // null (never enabled) reads as false: purge protection, once on, cannot be turned off.
        enablePurgeProtection: optBool(file, props, "enablePurgeProtection", "properties.enablePurgeProtection") ?? false,
        ...(publicNetworkAccess !== undefined ? { publicNetworkAccess } : {}),
        ...(defaultAction !== undefined ? { defaultAction } : {}),
        ...(bypass !== undefined ? { bypass } : {}),
        ipRules: list("ipRules", "value"),
        subnetIds: list("virtualNetworkRules", "id"),
        accessPolicies,
        enabledFor: {
            ...(deployment !== undefined ? { deployment } : {}),
            ...(diskEncryption !== undefined ? { diskEncryption } : {}),
            ...(templateDeployment !== undefined ? { templateDeployment } : {}),
        },
    };
}

/** What adoption reads from one `az keyvault secret list` entry. */
export interface AzSecret {
    readonly name: string;
    readonly contentType?: string;
    readonly enabled?: boolean;
    readonly expires?: string;
    /** A certificate's backing secret (`managed: true`): Key Vault manages it, it is not adopted. */
    readonly managed: boolean;
}

export function parseSecretList(file: string, json: unknown, vaultName: string): AzSecret[] {
    if (!Array.isArray(json)) {
        return field(file, "(top level)", "a list (the output of `az keyvault secret list --vault-name <vault>`)", json);
    }
    return json.map((s, i): AzSecret => {
        const at = `[${i}]`;
        if (!isRec(s)) {
            return field(file, at, "an object", s);
        }
        const id = str(file, s, "id", `${at}.id`, "the secret's identifier, https://<vault>.vault.azure.net/secrets/<name>");
        const m = /^https:\/\/([^./]+)\.vault\.azure\.net\/secrets\/([^/]+)$/.exec(id);
        if (!m || m[1] === undefined || m[2] === undefined) {
            return field(file, `${at}.id`, "https://<vault>.vault.azure.net/secrets/<name>", id);
        }
        if (m[1].toLowerCase() !== vaultName.toLowerCase()) {
            return field(file, `${at}.id`, `a secret of vault ${vaultName} (the vault file's)`, id);
        }
        const name = typeof s.name === "string" ? s.name : m[2];
        if (name !== m[2]) {
            return field(file, `${at}.name`, `the name in \`id\` (${m[2]})`, name);
        }
        const attributes = s.attributes ?? {};
        if (!isRec(attributes)) {
            return field(file, `${at}.attributes`, "an object", attributes);
        }
        const expires = optStr(file, attributes, "expires", `${at}.attributes.expires`);
        if (expires !== undefined && Number.isNaN(Date.parse(expires))) {
            return field(file, `${at}.attributes.expires`, "a date-time such as 2027-01-31T00:00:00+00:00", expires);
        }
        const contentType = optStr(file, s, "contentType", `${at}.contentType`);
        const enabled = optBool(file, attributes, "enabled", `${at}.attributes.enabled`);
        return {
            name,
            ...(contentType !== undefined ? { contentType } : {}),
            ...(enabled !== undefined ? { enabled } : {}),
            ...(expires !== undefined ? { expires } : {}),
            managed: s.managed === true,
        };
    });
}

/** What adoption reads from `az pipelines variable-group show`. */
export interface AzVariableGroup {
    readonly id: number;
    readonly name: string;
    readonly description?: string;
    readonly vault: string;
    readonly serviceEndpointId: string;
    readonly variables: string[];
    readonly projectId?: string;
    readonly projectName?: string;
}

export function parseVariableGroup(file: string, json: unknown): AzVariableGroup {
    if (!isRec(json)) {
        return field(file, "(top level)", "an object (the output of `az pipelines variable-group show --id <id>`)", json);
    }
    const id = json.id;
    if (typeof id !== "number" || !Number.isInteger(id) || id < 1) {
        return field(file, "id", "the group's numeric ID", id);
    }
    const name = str(file, json, "name", "name");
    if (json.type !== "AzureKeyVault") {
        return field(file, "type", "AzureKeyVault (a group linked to a Key Vault; the stack manages only those)", json.type);
    }
    const provider = json.providerData;
    if (!isRec(provider)) {
        return field(file, "providerData", "an object ({ serviceEndpointId, vault })", provider);
    }
    const serviceEndpointId = str(file, provider, "serviceEndpointId", "providerData.serviceEndpointId", "the service connection's ID (GUID)");
    if (!GUID_PATTERN.test(serviceEndpointId)) {
        return field(file, "providerData.serviceEndpointId", "the service connection's ID (GUID)", serviceEndpointId);
    }
    const vault = str(file, provider, "vault", "providerData.vault", "the linked vault's name");
    const variables = json.variables;
    if (!isRec(variables) || Object.keys(variables).length === 0) {
        return field(file, "variables", "a map of the linked secrets' names (at least one)", variables);
    }
    const refs = Array.isArray(json.variableGroupProjectReferences) ? json.variableGroupProjectReferences : [];
    const project = isRec(refs[0]) && isRec(refs[0].projectReference) ? refs[0].projectReference : {};
    const projectId = typeof project.id === "string" && GUID_PATTERN.test(project.id) ? project.id : undefined;
    const projectName = typeof project.name === "string" ? project.name : undefined;
    const description = optStr(file, json, "description", "description");
    return {
        id,
        name,
        ...(description !== undefined ? { description } : {}),
        vault,
        serviceEndpointId,
        variables: Object.keys(variables),
        ...(projectId !== undefined ? { projectId } : {}),
        ...(projectName !== undefined ? { projectName } : {}),
    };
}
