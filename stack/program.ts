import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as azuredevops from "@pulumi/azuredevops";
import { EnvironmentApproval } from "../components/environmentApproval";
import { PrGate } from "../components/prGate";
import * as authorization from "@pulumi/azure-native/authorization";
import * as resources from "@pulumi/azure-native/resources";
import { EnvironmentVault } from "../components/environmentVault";
import { RotationAlerts } from "../components/rotationAlerts";
import { RotationNetwork } from "../components/rotationNetwork";
import { SecretRotation } from "../components/secretRotation";
import { KeyVaultServiceConnection, SERVICE_CONNECTION_GRANT_KEY, serviceConnectionGrant } from "../components/serviceConnection";
import { accessGrantsFromConfig, VaultAccess } from "../components/vaultAccess";
import { VaultDiagnostics } from "../components/vaultDiagnostics";
import { VaultSecrets } from "../components/vaultSecrets";
import { VaultKeys } from "../components/vaultKeys";
import { ExpiryNotifications, expiryEventTypes } from "../components/expiryNotifications";
import { keyAlertWarnings } from "./config/keyRules";
import { defaultKeyType } from "./keys";
import { VaultCertificates } from "../components/vaultCertificates";
import { Provider as AzureClassicProvider } from "@pulumi/azure/provider";
import { azureClassicProviderArgs } from "./azureClassic";
import { certificateKeyType } from "./config/certificateRules";
import { KeyVaultVariableGroups } from "../components/variableGroups";
import { LoadedConfig } from "./config/load";
import { configWarnings, rotationAlertWarnings } from "./config/rules";
import { DEFAULTS, PRODUCTION } from "./defaults";
import { PipelineVariable, pipelineVariables } from "./pipelineVariables";
import { resourceGroupName } from "./names";
import { roleSlug } from "./roles";
import { devopsImportId, secretImportId } from "./adoption";
import { StackConfig } from "./config/schema";
import { AdoptedSecret } from "../components/vaultSecrets";

/** The adopted secrets (`adopt.secrets`), by name, with their import IDs. */
function adoptedSecrets(config: StackConfig): Record<string, AdoptedSecret> {
    const vaultId = config.adopt?.vaultId;
    if (vaultId === undefined) {
        return {};
    }
    return Object.fromEntries(
        (config.adopt?.secrets ?? []).map((s) => [s.name, { importId: secretImportId(vaultId, s.name), ...(s.expires !== undefined ? { expires: s.expires } : {}) }]),
    );
}

/** The project part of Azure DevOps import IDs: the project's ID when given (`adopt.projectId`), else its name. */
function adoptProject(config: StackConfig): string {
    return config.adopt?.projectId ?? config.devops?.project ?? "";
}

/** The staged rotation function package (`npm run build` stages it), relative to the project directory. */
export const ROTATION_PACKAGE_DIR = "functions/rotation/deploy";

/** This project's directory: the nearest directory above this file with a Pulumi.yaml (from dist/stack or stack/). */
export function projectRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            return process.cwd();
        }
    }
}

export interface StackOutputs {
    readonly vaultName: pulumi.Output<string>;
    readonly vaultUri: pulumi.Output<string>;
    readonly vaultId: pulumi.Output<string>;
    readonly resourceGroupName: pulumi.Output<string>;
    readonly workspaceId: pulumi.Output<string>;
    /** Names only, never values. */
    readonly secretNames: readonly string[];
    /** Each key's versionless URI and ARM ID, by name (never key material). */
    readonly keys: pulumi.Output<Record<string, { keyUri: string; id: string }>>;
    /** The AzureRM service connection the variable groups read the vault through (only with `devops`). */
    readonly serviceConnectionId?: pulumi.Output<string>;
    /** The Key Vault-linked variable groups by name (only with `devops`). */
    readonly variableGroups?: pulumi.Output<Record<string, { id: string; name: string }>>;
    /** The PR pipeline's definition ID (only with `devops.prGate`). */
    readonly prGatePipelineId?: pulumi.Output<number>;
    /** For each variable group, how pipelines read its secrets (only with `devops`). */
    readonly pipelineVariables?: Record<string, PipelineVariable[]>;
    /** Versionless secret IDs of the certificates (where the PFX/PEM is read), by name; never the certificate itself. */
    readonly certificateSecretIds: pulumi.Output<Record<string, string>>;
    /** Versionless certificate IDs, by name. */
    readonly certificateIds: pulumi.Output<Record<string, string>>;
}

/** Builds one environment from validated config. Everything is named from the environment. */
export function buildStack({ config, secretValues }: LoadedConfig): StackOutputs {
    const project = pulumi.getProject();
    const env = config.environment;
    const production = env === PRODUCTION;
    const tags = { ...config.tags, environment: env, "managed-by": DEFAULTS.tags.managedBy };
    // Errors in production (the config was rejected before this point), warnings elsewhere.
    for (const warning of [...configWarnings(config), ...rotationAlertWarnings(config), ...keyAlertWarnings(config)]) {
        void pulumi.log.warn(warning);
    }

    // The subscription of the role definitions and the classic provider: one getClientConfig invoke for the program.
    const subscriptionId = authorization.getClientConfigOutput().subscriptionId;

    // The rotation function reaches the deny-by-default vault through this subnet (Functions are not a trusted
    // service for the Key Vault firewall), so the subnet exists before the vault lists it.
    // The resource group comes first: the rotation network and the vault both live in it.
    const resourceGroup = config.resourceGroupName
        ? undefined
        : new resources.ResourceGroup(
              `${env}-rg`,
              { resourceGroupName: resourceGroupName(project, env), location: config.location, tags },
              { protect: production },
          );
    const rgName = resourceGroup?.name ?? pulumi.output(config.resourceGroupName ?? "");

    const rotationNetwork = config.rotation.enabled
        ? new RotationNetwork(`${env}-rotation-network`, {
              environment: env,
              resourceGroupName: rgName,
              location: config.location,
              addressPrefix: config.rotation.addressPrefix,
              tags,
          })
        : undefined;

    const vault = new EnvironmentVault(env, {
        projectName: project,
        environment: env,
        location: config.location,
        resourceGroupName: rgName,
        sku: config.vault.sku,
        softDeleteRetentionDays: config.vault.softDeleteRetentionDays,
        purgeProtection: config.vault.purgeProtection,
        publicNetworkAccess: config.vault.publicNetworkAccess,
        defaultAction: config.vault.network.defaultAction,
        bypass: config.vault.network.bypass,
        ipRules: config.vault.network.ipRules,
        subnetIds: rotationNetwork ? [...config.vault.network.subnetIds, rotationNetwork.subnetId] : config.vault.network.subnetIds,
        deletionGuards: production,
        tags,
        ...(config.vault.name !== undefined ? { vaultName: config.vault.name } : {}),
        ...(config.adopt?.vaultId !== undefined ? { importId: config.adopt.vaultId } : {}),
    });

    const diagnostics = new VaultDiagnostics(`${env}-diagnostics`, {
        projectName: project,
        environment: env,
        resourceGroupName: vault.resourceGroupName,
        location: config.location,
        vaultId: vault.vaultId,
        workspaceId: config.diagnostics.workspaceId,
        retentionDays: config.diagnostics.retentionDays,
        protectWorkspace: production,
        tags,
    });

    const secrets = new VaultSecrets(`${env}-secrets`, {
        resourceGroupName: vault.resourceGroupName,
        vaultName: vault.vaultName,
        secrets: config.secrets,
        secretValues,
        tags,
        adopted: adoptedSecrets(config),
    });

    // The vault's Event Grid system topic and the alert receivers, when rotation creates them (expiry alerts reuse both).
    // Without rotation the expiry alerts create the topic; each names the other's URN as an alias (one topic per vault).
    const topicType = "azure-native:eventgrid:SystemTopic";
    const rotationTopicUrn = pulumi.createUrn(`${env}-rotation-topic`, topicType, pulumi.createUrn(`${env}-rotation`, "keyvault-devops:index:SecretRotation"));
    const expiryTopicUrn = pulumi.createUrn(`${env}-expiry-alerts-topic`, topicType, pulumi.createUrn(`${env}-expiry-alerts`, "keyvault-devops:index:ExpiryNotifications"));
    let rotationTopicName: pulumi.Output<string> | undefined;
    let rotationActionGroupId: pulumi.Output<string> | undefined;
    if (rotationNetwork) {
        const rotation = new SecretRotation(`${env}-rotation`, {
            projectName: project,
            environment: env,
            resourceGroupName: vault.resourceGroupName,
            location: config.location,
            vaultId: vault.vaultId,
            vaultUri: vault.vaultUri,
            rotatedSecretNames: config.secrets.filter((s) => s.rotation !== "none").map((s) => s.name),
            subnetId: rotationNetwork.subnetId,
            workspaceId: diagnostics.workspaceId,
            packageDir: ROTATION_PACKAGE_DIR,
            packageRoot: projectRoot(),
            subscriptionId,
            rotationWindowDays: DEFAULTS.rotation.windowDays,
            systemTopicAliases: [expiryTopicUrn],
            tags,
        });
        // Dead-lettered / failed deliveries alert the configured receivers (rotation.alerts).
        const alerts = config.rotation.alerts ?? DEFAULTS.rotation.alerts;
        if ((alerts.emails ?? []).length > 0 || alerts.webhookUrl !== undefined) {
            rotationActionGroupId = new RotationAlerts(`${env}-rotation-alerts`, {
                environment: env,
                resourceGroupName: vault.resourceGroupName,
                systemTopicId: rotation.systemTopic.id,
                emails: alerts.emails,
                webhookUrl: alerts.webhookUrl,
                tags,
            }).actionGroupId;
        }
        rotationTopicName = rotation.systemTopic.name;
    }

    const vaultKeys = new VaultKeys(`${env}-keys`, {
        resourceGroupName: vault.resourceGroupName,
        vaultName: vault.vaultName,
        vaultId: vault.vaultId,
        subscriptionId,
        keys: config.keys.map((k) => ({ ...k, type: k.type ?? defaultKeyType(config.vault.sku, k.curve) })),
        tags,
        protect: production,
    });
    // Near-expiry / expired keys and certificates alert the rotation receivers (components/expiryNotifications.ts).
    const expiryEvents = expiryEventTypes({ keys: config.keys.length, certificates: certificateCount(config) });
    const expiryReceivers = config.rotation.alerts ?? DEFAULTS.rotation.alerts;
    if (expiryEvents.length > 0 && (rotationActionGroupId !== undefined || (expiryReceivers.emails ?? []).length > 0 || expiryReceivers.webhookUrl !== undefined)) {
        new ExpiryNotifications(`${env}-expiry-alerts`, {
            environment: env,
            resourceGroupName: vault.resourceGroupName,
            location: config.location,
            vaultId: vault.vaultId,
            systemTopicName: rotationTopicName,
            systemTopicAliases: [rotationTopicUrn],
            ...(rotationActionGroupId !== undefined ? { actionGroupId: rotationActionGroupId } : { emails: expiryReceivers.emails, webhookUrl: expiryReceivers.webhookUrl }),
            eventTypes: expiryEvents,
            tags,
        });
    }

    const grants = accessGrantsFromConfig(config.access);
    const devops = config.devops;
    let devopsSide: { provider: azuredevops.Provider; projectId: pulumi.Output<string>; connection: KeyVaultServiceConnection } | undefined;
    if (devops) {
        // An explicit provider: the organization comes from this stack's config, never from whatever
        // AZDO_ORG_SERVICE_URL the deploying shell has. No credential here: a PAT in AZDO_PERSONAL_ACCESS_TOKEN wins if
        // set; otherwise Entra ID, by default through the Azure CLI (`useCli` defaults to true; pulumi/pulumi-azuredevops
        // v3.15.0 docs/_index.md; upstream azuredevops/provider.go GetAuthProvider). pipelines/infra-deploy.yml relies on
        // that: `pulumi up` runs inside AzureCLI@2, signed in as the pulumi-deploy-<environment> connection's identity,
        // which must be a user of the Azure DevOps organization (README, "Pipelines").
        const provider = new azuredevops.Provider(`${env}-azuredevops`, { orgServiceUrl: devops.organizationUrl.replace(/\/$/, "") });
        const projectId = azuredevops.getProjectOutput({ name: devops.project }, { provider }).id;
        const sc = devops.serviceConnection;
        const connection = new KeyVaultServiceConnection(
            `${env}-service-connection`,
            {
                projectId,
                environment: env,
                projectName: project,
                mode: sc.mode,
                ...(sc.mode === "create"
                    ? {
                          ...(config.adopt?.serviceConnectionId !== undefined ? { importId: devopsImportId(adoptProject(config), config.adopt.serviceConnectionId) } : {}),
                          serviceConnectionName: sc.name,
                          subscriptionName: sc.subscriptionName,
                          resourceGroupName: vault.resourceGroupName,
                          location: config.location,
                          tags,
                      }
                    : { existingServiceConnectionId: sc.id, existingPrincipalObjectId: sc.principalObjectId }),
            },
            { providers: [provider] },
        );
        grants.push(serviceConnectionGrant(connection.principalId));
        devopsSide = { provider, projectId, connection };
    }

    const access = new VaultAccess(`${env}-access`, { vaultId: vault.vaultId, grants });

    const certificates = vaultCertificates(config, vault.vaultId, subscriptionId, production);

    const outputs: StackOutputs = {
        vaultName: vault.vaultName,
        vaultUri: vault.vaultUri,
        vaultId: vault.vaultId,
        resourceGroupName: vault.resourceGroupName,
        workspaceId: diagnostics.workspaceId,
        secretNames: secrets.secretNames,
        keys: vaultKeys.outputs,
        // Empty maps without certificates, like `keys`: an undefined export makes every `pulumi up` warn about it.
        certificateSecretIds: certificates?.versionlessSecretIds ?? pulumi.output<Record<string, string>>({}),
        certificateIds: certificates?.versionlessIds ?? pulumi.output<Record<string, string>>({}),
    };
    if (!devops || !devopsSide) {
        return outputs;
    }

    const { provider, projectId, connection } = devopsSide;
    const roleAssignment = access.assignments[`${roleSlug("Key Vault Secrets User")}-${SERVICE_CONNECTION_GRANT_KEY}`];
    if (!roleAssignment) {
        throw new Error("the service connection's role assignment is missing");
    }
    const groups = new KeyVaultVariableGroups(
        `${env}-devops`,
        {
            projectId,
            environment: env,
            vaultName: vault.vaultName,
            serviceConnectionId: connection.serviceConnectionId,
            knownSecretNames: secrets.secretNames,
            groups: devops.variableGroups,
            roleAssignment,
            connectionReady: connection.ready,
            // Each group waits for the secrets it links; external ones must exist before (`preexisting: true`).
            secretResources: secrets.secrets,
            preexistingSecretNames: config.secrets.filter((s) => s.source === "external" && s.preexisting).map((s) => s.name),
            importIds: Object.fromEntries(Object.entries(config.adopt?.variableGroups ?? {}).map(([group, id]) => [group, devopsImportId(adoptProject(config), id)])),
        },
        { providers: [provider] },
    );

    if (devops.approvals) {
        new EnvironmentApproval(
            `${env}-approval`,
            {
                projectId,
                environmentName: env,
                approvers: devops.approvals.approvers,
                timeoutMinutes: devops.approvals.timeoutMinutes,
                pipelineIds: devops.approvals.pipelines,
                ...(config.adopt?.environmentId !== undefined ? { environmentImportId: devopsImportId(adoptProject(config), config.adopt.environmentId) } : {}),
            },
            { providers: [provider] },
        );
    }

    let prGatePipelineId: pulumi.Output<number> | undefined;
    if (devops.prGate) {
        const gate = devops.prGate;
        // Azure Repos Git only: its PRs start pipelines through a build-validation policy (components/prGate.ts).
        const repositoryId = azuredevops.getGitRepositoryOutput({ projectId, name: gate.repository }, { provider }).id;
        // Its preview connections, looked up by name in the project, so the gate can permit the PR pipeline on them.
        const serviceConnections = Object.fromEntries(
            gate.serviceConnections.map((serviceEndpointName) => [
                serviceEndpointName,
                azuredevops.getServiceEndpointAzureRMOutput({ projectId, serviceEndpointName }, { provider }).id,
            ]),
        );
        prGatePipelineId = new PrGate(
            `${env}-pr-gate`,
            {
                projectId,
                repositoryId,
                branch: gate.branch,
                yamlPath: gate.yamlPath,
                pipelineName: gate.pipelineName,
                validDurationMinutes: gate.validDurationMinutes,
                serviceConnections,
            },
            { providers: [provider] },
        ).pipelineId;
    }

    return {
        ...outputs,
        ...(prGatePipelineId ? { prGatePipelineId } : {}),
        serviceConnectionId: connection.serviceConnectionId,
        variableGroups: pulumi.output(
            Object.fromEntries(Object.entries(groups.groups).map(([groupName, g]) => [groupName, { id: g.id, name: g.name }])),
        ) as pulumi.Output<Record<string, { id: string; name: string }>>,
        pipelineVariables: pipelineVariables(devops.variableGroups),
    };
}

/** How many `certificates[]` the config has (their expiry events are alerted on like the keys'). */
export function certificateCount(config: { readonly certificates: readonly unknown[] }): number {
    return config.certificates.length;
}

/**
 * `certificates[]`: created on the vault's data plane by the classic provider (explicit, stack/azureClassic.ts), after
 * the deploying identity holds Key Vault Certificates Officer on the vault. Nothing (not even the provider) without
 * certificates.
 */
function vaultCertificates(config: LoadedConfig["config"], vaultId: pulumi.Output<string>, subscriptionId: pulumi.Output<string>, production: boolean): VaultCertificates | undefined {
    if (config.certificates.length === 0) {
        return undefined;
    }
    const env = config.environment;
    const provider = new AzureClassicProvider(`${env}-azure-classic`, azureClassicProviderArgs(subscriptionId));
    // Required with certificates (stack/config/certificateRules.ts): never "whoever runs the program".
    const deployerPrincipalId = config.access.deployer?.principalId;
    if (deployerPrincipalId === undefined) {
        throw new Error("access.deployer.principalId is required with certificates (validateConfig enforces it)");
    }
    const deployer = { principalId: deployerPrincipalId, principalType: config.access.deployer?.principalType ?? "ServicePrincipal" };
    return new VaultCertificates(
        `${env}-certificates`,
        {
            vaultId,
            deployerPrincipalId: deployer.principalId,
            deployerPrincipalType: deployer.principalType,
            subscriptionId,
            certificates: config.certificates.map((c) => {
                const keyType = certificateKeyType(c.keyType, production) as "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
                const action = c.lifetimeAction;
                return {
                    name: c.name,
                    subject: c.subject,
                    dnsNames: c.dnsNames,
                    issuer: c.issuer,
                    validityInMonths: c.validityInMonths,
                    keyType,
                    ...(c.keySize !== undefined ? { keySize: c.keySize } : {}),
                    ...(c.curve !== undefined ? { curve: c.curve } : {}),
                    contentType: c.contentType,
                    lifetimeAction:
                        action.autoRenewAtPercent !== undefined
                            ? { autoRenewAtPercent: action.autoRenewAtPercent }
                            : action.autoRenewDaysBeforeExpiry !== undefined
                              ? { autoRenewDaysBeforeExpiry: action.autoRenewDaysBeforeExpiry }
                              : { emailDaysBeforeExpiry: action.emailDaysBeforeExpiry ?? 30 },
                    users: c.users,
                };
            }),
            protect: production,
            // The e-mail lifetime action writes to the same receivers as the expiry alerts (rotation.alerts.emails).
            contactEmails: config.rotation.alerts?.emails ?? [],
            tags: { environment: env, "managed-by": DEFAULTS.tags.managedBy },
        },
        { providers: [provider] },
    );
}
