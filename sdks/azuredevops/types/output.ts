// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

export interface ServiceEndpointAzureRMCredentials {
    /**
     * The service principal certificate. This not required if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`.
     */
    serviceprincipalcertificate?: string;
    /**
     * The service principal application ID
     */
    serviceprincipalid: string;
    /**
     * The service principal secret. This not required if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`.
     */
    serviceprincipalkey?: string;
}

export interface ServiceEndpointAzureRMFeatures {
    /**
     * Whether or not to validate connection with Azure after create or update operations. Defaults to `false`
     */
    validate?: boolean;
}

export interface VariableGroupKeyVault {
    /**
     * The name of the Azure key vault to link secrets from as variables.
     */
    name: string;
    /**
     * Set the Azure Key Vault Secret search depth. Defaults to `20`.
     */
    searchDepth?: number;
    /**
     * The id of the Azure subscription endpoint to access the key vault.
     */
    serviceEndpointId: string;
}

export interface VariableGroupVariable {
    /**
     * Output only: the content type of the linked Key Vault secret.
     */
    contentType: string;
    /**
     * Output only: whether the linked Key Vault secret is enabled.
     */
    enabled: boolean;
    /**
     * Output only: the expiry date of the linked Key Vault secret.
     */
    expires: string;
    /**
     * A boolean flag describing if the variable value is sensitive. Defaults to `false`.
     */
    isSecret?: boolean;
    /**
     * The key value used for the variable. Must be unique within the Variable Group.
     */
    name: string;
    /**
     * The secret value of the variable. If omitted, it will default to empty string. Used when `isSecret` set to `true`.
     */
    secretValue?: string;
    /**
     * The value of the variable. If omitted, it will default to empty string.
     */
    value?: string;
}
