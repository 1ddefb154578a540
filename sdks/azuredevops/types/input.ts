// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";

export interface ServiceEndpointAzureRMCredentials {
    /**
     * The service principal certificate. This not required if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`.
     */
    serviceprincipalcertificate?: pulumi.Input<string>;
    /**
     * The service principal application ID
     */
    serviceprincipalid: pulumi.Input<string>;
    /**
     * The service principal secret. This not required if `serviceEndpointAuthenticationScheme` is set to `WorkloadIdentityFederation`.
     */
    serviceprincipalkey?: pulumi.Input<string>;
}

export interface ServiceEndpointAzureRMFeatures {
    /**
     * Whether or not to validate connection with Azure after create or update operations. Defaults to `false`
     */
    validate?: pulumi.Input<boolean>;
}

export interface VariableGroupKeyVault {
    /**
     * The name of the Azure key vault to link secrets from as variables.
     */
    name: pulumi.Input<string>;
    /**
     * Set the Azure Key Vault Secret search depth. Defaults to `20`.
     */
    searchDepth?: pulumi.Input<number>;
    /**
     * The id of the Azure subscription endpoint to access the key vault.
     */
    serviceEndpointId: pulumi.Input<string>;
}

export interface VariableGroupVariable {
    /**
     * Output only: the content type of the linked Key Vault secret.
     */
    contentType?: pulumi.Input<string>;
    /**
     * Output only: whether the linked Key Vault secret is enabled.
     */
    enabled?: pulumi.Input<boolean>;
    /**
     * Output only: the expiry date of the linked Key Vault secret.
     */
    expires?: pulumi.Input<string>;
    /**
     * A boolean flag describing if the variable value is sensitive. Defaults to `false`.
     */
    isSecret?: pulumi.Input<boolean>;
    /**
     * The key value used for the variable. Must be unique within the Variable Group.
     */
    name: pulumi.Input<string>;
    /**
     * The secret value of the variable. If omitted, it will default to empty string. Used when `isSecret` set to `true`.
     */
    secretValue?: pulumi.Input<string>;
    /**
     * The value of the variable. If omitted, it will default to empty string.
     */
    value?: pulumi.Input<string>;
}
