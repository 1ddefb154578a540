import * as pulumi from "@pulumi/pulumi";
import * as eventgrid from "@pulumi/azure-native/eventgrid";
import * as monitor from "@pulumi/azure-native/monitor";

/*
 * Key Vault renews certificates and rotates keys itself, so nothing in this stack handles their events; what is
 * left is telling people when that did not happen. Key Vault publishes these to Event Grid
 * (https://learn.microsoft.com/azure/event-grid/event-schema-key-vault): `KeyNearExpiry` (the rotation policy's
 * `notify` action, or 30 days before expiry), `KeyExpired`, `CertificateNearExpiry`, `CertificateExpired`.
 *
 * They are delivered to Azure Monitor as alerts (Event Grid's `MonitorAlert` destination, "currently available only
 * for Azure Key Vault system events", https://learn.microsoft.com/azure/event-grid/handler-azure-monitor-alerts),
 * which fire the rotation alerts' action group: e-mail / webhook, the same receivers as failed secret rotations. A
 * storage queue or a webhook subscription would be a delivery, not a notification anyone sees. The destination
 * takes only the CloudEvents v1.0 schema ("It's the only schema type that's supported for Azure Monitor alerts
 * destination", https://learn.microsoft.com/azure/event-grid/handle-key-vault-events-using-azure-monitor-alerts).
 */

export const KEY_EXPIRY_EVENT_TYPES = ["Microsoft.KeyVault.KeyNearExpiry", "Microsoft.KeyVault.KeyExpired"] as const;
export const CERTIFICATE_EXPIRY_EVENT_TYPES = ["Microsoft.KeyVault.CertificateNearExpiry", "Microsoft.KeyVault.CertificateExpired"] as const;
/** The only event schema the MonitorAlert destination accepts. */
export const MONITOR_ALERT_EVENT_SCHEMA = "CloudEventSchemaV1_0";
/** Severity of the alerts: Sev2 (warning): something expires in days unless someone acts. */
export const EXPIRY_ALERT_SEVERITY = "Sev2";

/** The event types to alert on: key events when the stack has keys, certificate events when it has certificates. */
export function expiryEventTypes(counts: { readonly keys: number; readonly certificates: number }): string[] {
    return [...(counts.keys > 0 ? KEY_EXPIRY_EVENT_TYPES : []), ...(counts.certificates > 0 ? CERTIFICATE_EXPIRY_EVENT_TYPES : [])];
}

export interface ExpiryNotificationsArgs {
    /** Environment name, used in names (2–12 characters: also the short name of an action group created here). */
    readonly environment: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** The vault whose events are alerted on. */
    readonly vaultId: pulumi.Input<string>;
    /**
     * The vault's existing Event Grid system topic (the rotation's): Event Grid allows one system topic per source
     * (https://learn.microsoft.com/azure/event-grid/system-topics). Unset: one is created here.
     */
    readonly systemTopicName?: pulumi.Input<string>;
    /**
     * URNs the vault's system topic had elsewhere in this stack (the other component that creates it), passed as the
     * topic's `aliases`: a vault has one system topic (https://learn.microsoft.com/azure/event-grid/system-topics), so
     * when rotation is turned on or off the topic moves between components instead of a second one being created
     * (which Azure refuses) and the first deleted. Default: none.
     */
    readonly systemTopicAliases?: readonly pulumi.Input<string>[];
    /** The action group to fire (the rotation alerts'). Unset: one is created here from `emails` / `webhookUrl`. */
    readonly actionGroupId?: pulumi.Input<string>;
    /** Receivers of an action group created here. */
    readonly emails?: readonly string[];
    /** Webhook receiver of an action group created here (common alert schema); kept secret. */
    readonly webhookUrl?: pulumi.Input<string>;
    /** Event types to alert on (`expiryEventTypes`); at least one. */
    readonly eventTypes: readonly string[];
    readonly tags?: Readonly<Record<string, string>>;
}

export function validateExpiryNotificationsArgs(args: ExpiryNotificationsArgs): void {
    if (args.eventTypes.length === 0) {
        throw new Error("ExpiryNotifications: no event types (create it only when the stack has keys or certificates)");
    }
    if (args.actionGroupId === undefined && (args.emails ?? []).length === 0 && args.webhookUrl === undefined) {
        throw new Error("ExpiryNotifications: no receiver: pass actionGroupId, or emails / webhookUrl (an alert without receivers notifies nobody)");
    }
    if (args.environment.length < 2 || args.environment.length > 12) {
        throw new Error(`ExpiryNotifications: environment "${args.environment}" must be 2–12 characters (action group short name)`);
    }
}

/** Near-expiry and expired keys and certificates as Azure Monitor alerts to the rotation receivers. */
export class ExpiryNotifications extends pulumi.ComponentResource {
    public readonly subscription: eventgrid.SystemTopicEventSubscription;
    public readonly actionGroupId: pulumi.Output<string>;
    public readonly systemTopicName: pulumi.Output<string>;

    constructor(name: string, args: ExpiryNotificationsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateExpiryNotificationsArgs(args);
        super("keyvault-devops:index:ExpiryNotifications", name, {}, opts);
        const parent = { parent: this };
        const env = args.environment;

        const topicName =
            args.systemTopicName !== undefined
                ? pulumi.output(args.systemTopicName)
                : new eventgrid.SystemTopic(
                      `${name}-topic`,
                      { resourceGroupName: args.resourceGroupName, systemTopicName: `evgt-${env}-vault`, location: args.location, source: args.vaultId, topicType: "Microsoft.KeyVault.vaults", tags: args.tags },
                      { ...parent, aliases: [...(args.systemTopicAliases ?? [])] },
                  ).name;
        const actionGroupId =
            args.actionGroupId !== undefined
                ? pulumi.output(args.actionGroupId)
                : new monitor.ActionGroup(
                      `${name}-action-group`,
                      {
                          resourceGroupName: args.resourceGroupName,
                          actionGroupName: `ag-${env}-expiry`,
                          groupShortName: env,
                          location: "Global",
                          enabled: true,
                          emailReceivers: (args.emails ?? []).map((emailAddress, i) => ({ name: `email-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
                          ...(args.webhookUrl !== undefined ? { webhookReceivers: [{ name: "webhook", serviceUri: pulumi.secret(args.webhookUrl), useCommonAlertSchema: true }] } : {}),
                          tags: args.tags,
                      },
                      parent,
                  ).id;

        this.subscription = new eventgrid.SystemTopicEventSubscription(
            `${name}-subscription`,
            {
                resourceGroupName: args.resourceGroupName,
                systemTopicName: topicName,
                eventSubscriptionName: "vault-object-expiry",
                eventDeliverySchema: MONITOR_ALERT_EVENT_SCHEMA,
                destination: {
                    endpointType: "MonitorAlert",
                    severity: EXPIRY_ALERT_SEVERITY,
                    description: `Key Vault (${env}): a key or certificate is near expiry or expired, so its automatic rotation or renewal did not happen. See README "Keys".`,
                    actionGroups: [actionGroupId],
                },
                filter: { includedEventTypes: [...args.eventTypes] },
            },
            parent,
        );
        this.actionGroupId = actionGroupId;
        this.systemTopicName = topicName;
        this.registerOutputs({ actionGroupId: this.actionGroupId, systemTopicName: this.systemTopicName });
    }
}
