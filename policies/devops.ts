// Azure DevOps: variable groups take their secrets from Key Vault, pipelines are authorized one by one, and Azure
// service connections carry no long-lived credential.
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    arr,
    bool,
    displayName,
    equalsIgnoreCase,
    field,
    isObj,
    isUnknown,
    mustMessage,
    Obj,
    str,
    Types,
    UNKNOWN,
    validateResourceTypes,
} from "./util";

function variableGroupLabel(props: Obj, logicalName: string): string {
    return `Variable group '${displayName(props["name"], logicalName)}'`;
}

/** True when a value is set: present, not null and not the empty string ("[secret]" counts as set). */
function isSet(value: unknown): boolean {
    return value !== undefined && value !== null && value !== "";
}

function variableName(variable: unknown, index: number): string {
    const name = str(field(variable, "name"));
    return typeof name === "string" && name !== "" ? name : `#${index + 1}`;
}

export const variableGroupSecretsKeyVaultLinked: ResourceValidationPolicy = {
    name: "variable-group-secrets-keyvault-linked",
    description:
        "Checks whether Azure DevOps variable groups that hold secret variables (isSecret or secretValue) are linked to Key Vault (keyVault) instead of storing the secrets in Azure DevOps.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.VariableGroup, ({ props, name }, report) => {
        const keyVault = field(props, "keyVault");
        const variables = arr(props["variables"]);
        if (isUnknown(keyVault) || isSet(keyVault) || variables === UNKNOWN) {
            return;
        }
        const secrets: string[] = [];
        (variables ?? []).forEach((variable, i) => {
            const isSecret = bool(field(variable, "isSecret"));
            const secretValue = field(variable, "secretValue");
            if (isSecret === true || (!isUnknown(secretValue) && isSet(secretValue))) {
                secrets.push(variableName(variable, i));
            }
        });
        if (secrets.length > 0) {
            report(
                mustMessage(
                    variableGroupLabel(props, name),
                    "be linked to Key Vault (keyVault) to hold secret variables",
                    `secret variables ${secrets.join(", ")}`,
                ),
            );
        }
    }),
};

export const variableGroupKeyVaultVariables: ResourceValidationPolicy = {
    name: "variable-group-keyvault-variables",
    description:
        "Checks whether Key Vault-linked Azure DevOps variable groups list at least one secret name in variables, and only names (no value, isSecret or secretValue).",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.VariableGroup, ({ props, name }, report) => {
        const keyVault = field(props, "keyVault");
        const variables = arr(props["variables"]);
        if (isUnknown(keyVault) || !isObj(keyVault) || variables === UNKNOWN) {
            return;
        }
        const label = variableGroupLabel(props, name);
        if (variables === undefined || variables.length === 0) {
            report(mustMessage(label, "list at least one Key Vault secret name in variables", "no variables"));
            return;
        }
        const withValues: string[] = [];
        variables.forEach((variable, i) => {
            const values = ["value", "secretValue"].map((k) => field(variable, k));
            const isSecret = bool(field(variable, "isSecret"));
            if (isSecret === true || values.some((v) => !isUnknown(v) && isSet(v))) {
                withValues.push(variableName(variable, i));
            }
        });
        if (withValues.length > 0) {
            report(
                mustMessage(
                    label,
                    "list Key Vault secret names only, without value, isSecret or secretValue",
                    `values on ${withValues.join(", ")}`,
                ),
            );
        }
    }),
};

export const noAuthorizeAllPipelines: ResourceValidationPolicy = {
    name: "no-authorize-all-pipelines",
    description:
        "Checks whether Azure DevOps resources are authorized for individual pipelines rather than all pipelines (VariableGroup allowAccess, PipelineAuthorization without pipelineId).",
    enforcementLevel: "mandatory",
    validateResource: [
        validateResourceTypes(Types.VariableGroup, ({ props, name }, report) => {
            const allowAccess = bool(props["allowAccess"]);
            if (allowAccess === true) {
                report(
                    mustMessage(
                        variableGroupLabel(props, name),
                        "set allowAccess to false and authorize pipelines individually",
                        true,
                    ),
                );
            }
        }),
        validateResourceTypes(Types.PipelineAuthorization, ({ props, name }, report) => {
            const pipelineId = field(props, "pipelineId");
            if (isUnknown(pipelineId) || isSet(pipelineId)) {
                return;
            }
            const type = str(props["type"]);
            const what = typeof type === "string" ? ` for its ${type}` : "";
            report(
                mustMessage(
                    `Pipeline authorization '${name}'`,
                    `set pipelineId instead of authorizing all pipelines${what}`,
                    pipelineId,
                ),
            );
        }),
    ],
};

const KEYLESS_SCHEMES = ["WorkloadIdentityFederation", "ManagedServiceIdentity"];

export const serviceConnectionWorkloadIdentity: ResourceValidationPolicy = {
    name: "service-connection-workload-identity",
    description:
        "Checks whether Azure Resource Manager service connections authenticate with WorkloadIdentityFederation or ManagedServiceIdentity and carry no service principal key or certificate.",
    enforcementLevel: "mandatory",
    validateResource: validateResourceTypes(Types.ServiceEndpointAzureRM, ({ props, name }, report) => {
        const label = `Service connection '${displayName(props["serviceEndpointName"], name)}'`;
        const scheme = str(props["serviceEndpointAuthenticationScheme"]);
        if (scheme !== UNKNOWN && !KEYLESS_SCHEMES.some((s) => equalsIgnoreCase(scheme, s))) {
            report(
                mustMessage(
                    label,
                    "use WorkloadIdentityFederation or ManagedServiceIdentity authentication",
                    scheme ?? "not set (defaults to ServicePrincipal)",
                ),
            );
        }
        for (const [key, what] of [
            ["serviceprincipalkey", "a client secret"],
            ["serviceprincipalcertificate", "a client certificate"],
        ] as const) {
            const value = field(props, "credentials", key);
            if (!isUnknown(value) && isSet(value)) {
                report(mustMessage(label, `not carry ${what} (credentials.${key})`, "set"));
            }
        }
    }),
};
