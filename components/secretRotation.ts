import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";
import * as random from "@pulumi/random";
import * as storage from "@pulumi/azure-native/storage";
import * as web from "@pulumi/azure-native/web";
import * as command from "@pulumi/command";
import * as time from "@pulumiverse/time";
import { DEPLOY_ENV, packageContentHash } from "../stack/functionPackage";
import { APP_SETTINGS, EVENT_TYPES, FUNCTION_NAME } from "keyvault-devops-rotation/dist/src/contract";
import { DEFAULTS, RBAC_PROPAGATION_WAIT } from "../stack/defaults";
import { scopedRoleAssignment } from "./roleAssignment";
import { bucketSubscriptionName, subjectBuckets } from "./subjectBuckets";

/** The two Key Vault events that start a rotation (the function's contract, functions/rotation/src/contract.ts). */
export const ROTATION_EVENT_TYPES = EVENT_TYPES;
/** Name under which the rotation function registers (the function's contract, functions/rotation/src/contract.ts). */
export const ROTATION_FUNCTION_NAME = FUNCTION_NAME;
/**
 * The Flex Consumption runtime: Node 22. Node 20 reached end of life on 2026-04-30
 * (https://nodejs.org/en/about/previous-releases); Flex takes the runtime only in `functionAppConfig.runtime`
 * (https://learn.microsoft.com/azure/azure-functions/functions-infrastructure-as-code?pivots=flex-consumption-plan).
 */
export const FLEX_RUNTIME = { name: "node", version: "22" } as const;
/** The deployment script `npm run build` compiles (stack/functionPackage.ts), relative to the project directory. */
export const DEPLOY_SCRIPT = "dist/stack/functionPackage.js";
/** Wait after the function's role assignments before the deployment uses them (RBAC propagation). */
export const FUNCTION_RBAC_PROPAGATION_WAIT = RBAC_PROPAGATION_WAIT;
/** Event Grid retries: up to 30 attempts within a day, then the event is dead-lettered. */
export const ROTATION_RETRY_POLICY = { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 } as const;

export interface SecretRotationArgs {
    /**
     * URNs the vault's system topic had elsewhere in this stack (the other component that creates it), passed as the
     * topic's `aliases`: a vault has one system topic (https://learn.microsoft.com/azure/event-grid/system-topics), so
     * when rotation is turned on or off the topic moves between components instead of a second one being created
     * (which Azure refuses) and the first deleted. Default: none.
     */
    readonly systemTopicAliases?: readonly pulumi.Input<string>[];
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
    /** Directory of the staged function package (host.json, package.json, dist/src, node_modules), relative to the project directory (where `pulumi up` runs the deployment command). */
    readonly packageDir: string;
    /** The project directory `packageDir` is relative to, for hashing the package. Default: the current directory. */
    readonly packageRoot?: string;
    /** Subscription of the role definitions. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Days a secret may stay near expiry before the function rotates it. Default: 30 (when Key Vault starts warning). */
    readonly rotationWindowDays?: number;
    readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The Function App's settings, by name: only names and URIs, never a key or connection string (identity
 * everywhere). One function, so the names can come from a shared contract module. Flex Consumption rejects the
 * settings it replaced with `functionAppConfig` (FUNCTIONS_WORKER_RUNTIME, WEBSITE_RUN_FROM_PACKAGE, ...:
 * https://learn.microsoft.com/azure/azure-functions/functions-app-settings#flex-consumption-plan-deprecations);
 * none of them is here.
 */
export function rotationAppSettings(vaultUri: pulumi.Input<string>, storageAccountName: pulumi.Input<string>, windowDays: number): Record<string, pulumi.Input<string>> {
    return {
        [APP_SETTINGS.vaultUri]: vaultUri,
        [APP_SETTINGS.windowDays]: String(windowDays),
        // Identity-based host storage: the account name alone, with the app's system-assigned identity
        // (https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity).
        [APP_SETTINGS.storageAccountName]: storageAccountName,
    };
}

/**
 * Rotation of one vault's secrets: an Event Grid system topic on the vault, a subscription for SecretNearExpiry
 * and SecretExpired with retries and a dead-letter container, and the rotation Function App (Linux, Node 22,
 * Flex Consumption, VNet-integrated) with a system-assigned identity that may write secrets of this vault only.
 *
 * Order of a first deployment (each arrow a dependency the plan shows): app → app settings, and app → role
 * assignments (its storage, its vault) → RBAC propagation wait → package deployment (One Deploy: registers the
 * function, syncs triggers) → event subscription (Event Grid validates an Azure Function destination when the
 * subscription is created: https://learn.microsoft.com/azure/event-grid/handler-functions).
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
    /** The app settings (a separate resource: a Flex app carries no `siteConfig`). */
    public readonly appSettings: web.WebAppApplicationSettings;
    /** The One Deploy of the package; reruns when the package's content hash changes. */
    public readonly packageDeployment: command.local.Command;

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
                // Entra ID first: the function, its deployment and Event Grid authenticate with their identities.
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
                    runtime: { ...FLEX_RUNTIME },
                    scaleAndConcurrency: { maximumInstanceCount: 40, instanceMemoryMB: 2048 },
                },
                // No `siteConfig`: with one, azure-native 3.28 adds `netFrameworkVersion: "v4.6"`, which Flex rejects
                // ("Site.SiteConfig.NetFrameworkVersion for Flex Consumption sites is invalid":
                // https://github.com/pulumi/pulumi-azure-native/issues/4168); some regions reject ftpsState and
                // use32BitWorkerProcess too (https://github.com/microsoft/azure-pipelines-tasks/issues/21032).
                // New apps default to TLS 1.2 minimum; app settings are their own resource below.
                tags: args.tags,
            },
            parent,
        );
        this.appSettings = new web.WebAppApplicationSettings(
            `${name}-app-settings`,
            {
                resourceGroupName: args.resourceGroupName,
                name: this.functionApp.name,
                properties: rotationAppSettings(args.vaultUri, this.storageAccount.name, args.rotationWindowDays ?? DEFAULTS.rotation.windowDays),
            },
            parent,
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
        const storageOwner = scopedRoleAssignment(
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

        // The app reads its deployment container and host storage with its identity: wait until the role
        // assignments have propagated (Azure RBAC takes minutes: https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected).
        const rbacPropagation = new time.Sleep(
            `${name}-rbac-propagation`,
            { createDuration: FUNCTION_RBAC_PROPAGATION_WAIT, triggers: { storageOwner: storageOwner.id, officer: officer.id } },
            { ...parent, dependsOn: [storageOwner, officer] },
        );
        // One Deploy of the staged package (stack/functionPackage.ts): registers the function and syncs its
        // trigger; reruns whenever the package's content hash changes (no manual restart).
        // A checkout that was never built has no staged package: plan it (the offline plan of an old revision does),
        // but say so; the deployment script then fails with the same instruction.
        const packagePath = path.resolve(args.packageRoot ?? ".", args.packageDir);
        let contentHash = `missing:${args.packageDir}`;
        if (fs.existsSync(packagePath)) {
            contentHash = packageContentHash(packagePath);
        } else {
            void pulumi.log.warn(`the function package ${args.packageDir} is missing: run \`npm run build\` before \`pulumi up\` (it stages the package)`, this);
        }
        this.packageDeployment = new command.local.Command(
            `${name}-package-deployment`,
            {
                create: `node ${DEPLOY_SCRIPT}`,
                update: `node ${DEPLOY_SCRIPT}`,
                environment: {
                    [DEPLOY_ENV.dir]: args.packageDir,
                    [DEPLOY_ENV.app]: this.functionApp.name,
                    [DEPLOY_ENV.resourceGroup]: pulumi.output(args.resourceGroupName),
                },
                triggers: [contentHash],
            },
            { ...parent, dependsOn: [this.appSettings, rbacPropagation] },
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
            { ...parent, aliases: [...(args.systemTopicAliases ?? [])] },
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
        // Event Grid checks the function exists when a subscription is created: after the package deployment (which
        // waited for the app's roles); dead-lettering needs its own role.
        const subscriptionOpts = { ...parent, dependsOn: [this.packageDeployment, officer, deadLetterWriter] };
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
