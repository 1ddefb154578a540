import * as pulumi from "@pulumi/pulumi";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";
import * as random from "@pulumi/random";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import { APP_SETTINGS, EVENT_TYPES, FUNCTION_NAME } from "keyvault-devops-rotation/dist/src/contract";
import { scopedRoleAssignment } from "./roleAssignment";
import { DEFAULTS } from "../stack/defaults";
import { bucketSubscriptionName, subjectBuckets } from "./subjectBuckets";

/** The two Key Vault events that start a rotation (the function's contract, functions/rotation/src/contract.ts). */
export const ROTATION_EVENT_TYPES = EVENT_TYPES;
/** Name under which the rotation function registers (the function's contract, functions/rotation/src/contract.ts). */
export const ROTATION_FUNCTION_NAME = FUNCTION_NAME;
/** Flex Consumption deploys the blob of this name from the deployment container (One Deploy's convention). */
export const PACKAGE_BLOB_NAME = "released-package.zip";
/** Event Grid retries: up to 30 attempts within a day, then the event is dead-lettered. */
export const ROTATION_RETRY_POLICY = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 } as const;

export interface SecretRotationArgs {
    /** Project name, used in globally unique names. */
    readonly projectName: string;
    /** Environment name, used in names. */
    readonly environment: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** The vault whose secrets are rotated: the function gets Key Vault Secrets Officer on it, and on nothing else. */
    readonly vaultId: pulumi.Input<string>;
    readonly vaultUri: pulumi.Input<string>;
    /** Secrets with a rotation strategy: the only subjects the subscription delivers. Empty: every secret of the vault. */
    readonly rotatedSecretNames: readonly string[];
    /** The subnet the function app integrates with (it reaches the vault through it). */
    readonly subnetId: pulumi.Input<string>;
    /** Log Analytics workspace that receives the function's logs. */
    readonly workspaceId: pulumi.Input<string>;
    /** Directory of the staged function package (host.json, package.json, dist/src, node_modules). */
    readonly packageDir: string;
    /** Subscription of the role definitions. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Days a secret may stay near expiry before the function rotates it. Default: 30 (when Key Vault starts warning). */
    readonly rotationWindowDays?: number;
    readonly tags?: Readonly<Record<string, string>>;
}

/** The Function App's settings: only names and URIs, never a key or connection string (identity everywhere). */
export function rotationAppSettings(vaultUri: pulumi.Input<string>, storageAccountName: pulumi.Input<string>, windowDays: number): web.WebAppArgs["siteConfig"] {
    return {
        appSettings: [
            { name: APP_SETTINGS.vaultUri, value: vaultUri },
            { name: APP_SETTINGS.windowDays, value: String(windowDays) },
            { name: APP_SETTINGS.storageAccountName, value: storageAccountName },
        ],
        minTlsVersion: "1.2",
        ftpsState: "Disabled",
        http20Enabled: true,
    };
}

/**
 * Rotation of one vault's secrets: an Event Grid system topic on the vault, a subscription for SecretNearExpiry
 * and SecretExpired with retries and a dead-letter container, and the rotation Function App (Linux, Node 20,
 * Flex Consumption, VNet-integrated) with a system-assigned identity that may write secrets of this vault only.
 */
export class SecretRotation extends pulumi.ComponentResource {
    public readonly functionApp: web.WebApp;
    public readonly systemTopic: eventgrid.SystemTopic;
    /** The first event subscription (the only one with up to 25 rotated secrets). */
    public readonly subscription: eventgrid.SystemTopicEventSubscription;
    /** Every event subscription: one per bucket of at most 25 rotated secrets (subjectBuckets.ts). */
    public readonly subscriptions: readonly eventgrid.SystemTopicEventSubscription[];
    public readonly storageAccount: storage.StorageAccount;
    public readonly functionPrincipalId: pulumi.Output<string>;

    constructor(name: string, args: SecretRotationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("keyvault-devops:index:SecretRotation", name, {}, opts);
        const parent = { parent: this };
        const env = args.environment;

        const suffix = new random.RandomString(`${name}-suffix`, { length: 4, lower: true, upper: false, numeric: true, special: false }, parent);

        this.storageAccount = new storage.StorageAccount(
            `${name}-storage`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: suffix.result.apply((s) => `st${env}rot${s}`),
                location: args.location,
                kind: "StorageV2",
                sku: { name: "Standard_LRS" },
                minimumTlsVersion: "TLS1_2",
                allowBlobPublicAccess: false,
                enableHttpsTrafficOnly: true,
                // Entra ID first: the function and Event Grid authenticate with their identities. Shared keys stay on
                // only because Pulumi uploads the package blob with the account key.
                defaultToOAuthAuthentication: true,
                tags: args.tags,
            },
            parent,
        );
        const container = (id: string, containerName: string): storage.BlobContainer =>
            new storage.BlobContainer(
                `${name}-${id}`,
                { resourceGroupName: args.resourceGroupName, accountName: this.storageAccount.name, containerName, publicAccess: "None" },
                parent,
            );
        const deadLetters = container("deadletter", "rotation-deadletter");
        const deployment = container("deployment", "rotation-package");

        const packageBlob = new storage.Blob(
            `${name}-package`,
            {
                resourceGroupName: args.resourceGroupName,
                accountName: this.storageAccount.name,
                containerName: deployment.name,
                blobName: PACKAGE_BLOB_NAME,
                type: "Block",
                contentType: "application/zip",
                source: new pulumi.asset.FileArchive(args.packageDir),
            },
            parent,
        );

        const plan = new web.AppServicePlan(
            `${name}-plan`,
            {
                resourceGroupName: args.resourceGroupName,
                name: `asp-${env}-rotation`,
                location: args.location,
                kind: "functionapp",
                reserved: true,
                sku: { name: "FC1", tier: "FlexConsumption" },
                tags: args.tags,
            },
            parent,
        );

        this.functionApp = new web.WebApp(
            `${name}-function`,
            {
                resourceGroupName: args.resourceGroupName,
                name: suffix.result.apply((s) => `func-${args.projectName}-${env}-rot-${s}`),
                location: args.location,
                kind: "functionapp,linux",
                serverFarmId: plan.id,
                httpsOnly: true,
                identity: { type: "SystemAssigned" },
                virtualNetworkSubnetId: args.subnetId,
                functionAppConfig: {
                    deployment: {
                        storage: {
                            type: "blobContainer",
                            value: pulumi.interpolate`${this.storageAccount.primaryEndpoints.blob}${deployment.name}`,
                            authentication: { type: "SystemAssignedIdentity" },
                        },
                    },
                    runtime: { name: "node", version: "20" },
                    scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 },
                },
                siteConfig: rotationAppSettings(args.vaultUri, this.storageAccount.name, args.rotationWindowDays ?? DEFAULTS.rotation.windowDays),
                tags: args.tags,
            },
            { ...parent, dependsOn: [packageBlob] },
        );
        this.functionPrincipalId = this.functionApp.identity.apply((i) => i?.principalId ?? "");

        const officer = scopedRoleAssignment(
            `${name}-vault-secrets-officer`,
            {
                scope: args.vaultId,
                principalId: this.functionPrincipalId,
                principalType: "ServicePrincipal",
                role: "Key Vault Secrets Officer",
                subscriptionId: args.subscriptionId,
                description: "Rotation function: read and write secrets of this vault only.",
            },
            parent,
        );
        scopedRoleAssignment(
            `${name}-storage-blob-owner`,
            {
                scope: this.storageAccount.id,
                principalId: this.functionPrincipalId,
                principalType: "ServicePrincipal",
                role: "Storage Blob Data Owner",
                subscriptionId: args.subscriptionId,
                description: "Rotation function: its own runtime storage and deployment package.",
            },
            parent,
        );

        new monitor.DiagnosticSetting(
            `${name}-function-logs`,
            {
                name: `${env}-rotation-to-log-analytics`,
                resourceUri: this.functionApp.id,
                workspaceId: args.workspaceId,
                logs: [{ category: "FunctionAppLogs", enabled: true }],
                metrics: [{ category: "AllMetrics", enabled: true }],
            },
            parent,
        );

        this.systemTopic = new eventgrid.SystemTopic(
            `${name}-topic`,
            {
                resourceGroupName: args.resourceGroupName,
                systemTopicName: `evgt-${env}-vault`,
                location: args.location,
                source: args.vaultId,
                topicType: "Microsoft.KeyVault.vaults",
                identity: { type: "SystemAssigned" },
                tags: args.tags,
            },
            parent,
        );
        const topicPrincipalId = this.systemTopic.identity.apply((i) => i?.principalId ?? "");
        const deadLetterWriter = scopedRoleAssignment(
            `${name}-deadletter-writer`,
            {
                // The narrowest scope that works: the dead-letter container, not the account.
                scope: deadLetters.id,
                principalId: topicPrincipalId,
                principalType: "ServicePrincipal",
                role: "Storage Blob Data Contributor",
                subscriptionId: args.subscriptionId,
                description: "Event Grid system topic: write undeliverable rotation events.",
            },
            parent,
        );

        // One subscription per bucket of at most 25 secret names (Event Grid's filter-value limit, subjectBuckets.ts).
        const subscriptionOpts = { ...parent, dependsOn: [packageBlob, officer, deadLetterWriter] };
        this.subscriptions = subjectBuckets(args.rotatedSecretNames).map(
            (bucket) =>
                new eventgrid.SystemTopicEventSubscription(
                    bucket.id === "" ? `${name}-subscription` : `${name}-subscription-h${bucket.id}`,
                    {
                        resourceGroupName: args.resourceGroupName,
                        systemTopicName: this.systemTopic.name,
                        eventSubscriptionName: bucketSubscriptionName("secret-rotation", bucket),
                        eventDeliverySchema: "EventGridSchema",
                        destination: {
                            endpointType: "AzureFunction",
                            resourceId: pulumi.interpolate`${this.functionApp.id}/functions/${ROTATION_FUNCTION_NAME}`,
                            maxEventsPerBatch: 1,
                        },
                        filter: {
                            includedEventTypes: [...ROTATION_EVENT_TYPES],
                            ...(bucket.names.length > 0
                                ? { advancedFilters: [{ operatorType: "StringIn" as const, key: "subject", values: [...bucket.names] }] }
                                : {}),
                        },
                        retryPolicy: { ...ROTATION_RETRY_POLICY },
                        deadLetterWithResourceIdentity: {
                            identity: { type: "SystemAssigned" },
                            deadLetterDestination: { endpointType: "StorageBlob", resourceId: this.storageAccount.id, blobContainerName: deadLetters.name },
                        },
                    },
                    // The function must be deployed and able to write the vault before events flow; dead-lettering needs its role.
                    subscriptionOpts,
                ),
        );
        const first = this.subscriptions[0];
        if (first === undefined) {
            throw new Error("SecretRotation: no event subscription (subjectBuckets returns at least one bucket)");
        }
        this.subscription = first;

        this.registerOutputs({ functionAppName: this.functionApp.name, systemTopicName: this.systemTopic.name });
    }
}
