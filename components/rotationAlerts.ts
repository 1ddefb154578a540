import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";

/**
 * Event Grid metrics of a system topic that mean a rotation event was not handled
 * (https://learn.microsoft.com/azure/azure-monitor/reference/supported-metrics/microsoft-eventgrid-systemtopics-metrics,
 * https://learn.microsoft.com/azure/event-grid/monitor-push-reference):
 *
 * - `DeadLetteredCount` ("Dead Lettered Events", Total): every delivery attempt failed (30 within a day here), the
 *   event went to the dead-letter container and the secret will expire unrotated unless someone replays it;
 * - `DeliveryAttemptFailCount` ("Delivery Failed Events", Total): a delivery failed (the function threw or was
 *   unreachable); Event Grid retries, so this is the early warning.
 */
export const EVENTGRID_SYSTEM_TOPIC_NAMESPACE = "Microsoft.EventGrid/systemTopics";
export const ROTATION_ALERT_METRICS = [
    { id: "dead-lettered", metricName: "DeadLetteredCount", severity: 1, what: "a rotation event was dead-lettered: its secret will expire unrotated until the event is replayed" },
    { id: "delivery-failed", metricName: "DeliveryAttemptFailCount", severity: 2, what: "deliveries of rotation events to the function are failing (Event Grid retries)" },
] as const;

export interface RotationAlertsArgs {
    /** Environment name, used in names (≤ 12 characters: it is the action group's short name, shown in its e-mails and SMS). */
    readonly environment: string;
    readonly resourceGroupName: pulumi.Input<string>;
    /** The Event Grid system topic on the vault (the alerts' scope). */
    readonly systemTopicId: pulumi.Input<string>;
    /** E-mail receivers of the action group. Default: none. At least one receiver (e-mail or webhook) is required. */
    readonly emails?: readonly string[];
    /** Webhook receiver (common alert schema), e.g. a Teams / PagerDuty / Opsgenie URL. Treated as secret. Default: none. */
    readonly webhookUrl?: pulumi.Input<string>;
    readonly tags?: Readonly<Record<string, string>>;
}

/** Checks the args a caller could get wrong: at least one receiver, a short enough environment name. */
export function validateRotationAlertsArgs(args: RotationAlertsArgs): void {
    if ((args.emails ?? []).length === 0 && args.webhookUrl === undefined) {
        throw new Error("RotationAlerts: no receiver: set emails or webhookUrl (an action group without receivers alerts nobody)");
    }
    if (args.environment.length < 1 || args.environment.length > 12) {
        throw new Error(`RotationAlerts: environment "${args.environment}" is too long for the action group short name (12 characters)`);
    }
}

/**
 * Alerts on rotation events Event Grid could not deliver: an action group (the configured e-mail addresses and/or
 * webhook) and one Azure Monitor metric alert per metric of ROTATION_ALERT_METRICS on the vault's system topic,
 * firing on any occurrence (Total > 0 over 15 minutes, evaluated every 5).
 */
export class RotationAlerts extends pulumi.ComponentResource {
    public readonly actionGroupId: pulumi.Output<string>;
    public readonly alertIds: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: RotationAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
        validateRotationAlertsArgs(args);
        super("keyvault-devops:index:RotationAlerts", name, {}, opts);
        const parent = { parent: this };

        const group = new monitor.ActionGroup(
            `${name}-action-group`,
            {
                resourceGroupName: args.resourceGroupName,
                actionGroupName: `ag-${args.environment}-rotation`,
                // At most 12 characters (ActionGroup.groupShortName); environment names are 2-12 (stack config).
                groupShortName: args.environment,
                location: "Global",
                enabled: true,
                emailReceivers: (args.emails ?? []).map((emailAddress, i) => ({ name: `email-${i + 1}`, emailAddress, useCommonAlertSchema: true })),
                ...(args.webhookUrl !== undefined
                    ? { webhookReceivers: [{ name: "webhook", serviceUri: pulumi.secret(args.webhookUrl), useCommonAlertSchema: true }] }
                    : {}),
                tags: args.tags,
            },
            parent,
        );

        const alertIds: Record<string, pulumi.Output<string>> = {};
        for (const metric of ROTATION_ALERT_METRICS) {
            const alert = new monitor.MetricAlert(
                `${name}-${metric.id}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    ruleName: `${args.environment}-rotation-${metric.id}`,
                    location: "global",
                    description: `Key Vault rotation (${args.environment}): ${metric.what}. Replay procedure: functions/rotation/README.md.`,
                    severity: metric.severity,
                    enabled: true,
                    scopes: [args.systemTopicId],
                    evaluationFrequency: "PT5M",
                    windowSize: "PT15M",
                    autoMitigate: true,
                    criteria: {
                        odataType: "Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria",
                        allOf: [
                            {
                                criterionType: "StaticThresholdCriterion",
                                name: metric.metricName,
                                metricName: metric.metricName,
                                metricNamespace: EVENTGRID_SYSTEM_TOPIC_NAMESPACE,
                                operator: "GreaterThan",
                                threshold: 0,
                                timeAggregation: "Total",
                            },
                        ],
                    },
                    actions: [{ actionGroupId: group.id }],
                    tags: args.tags,
                },
                parent,
            );
            alertIds[metric.id] = alert.id;
        }

        this.actionGroupId = group.id;
        this.alertIds = alertIds;
        this.registerOutputs({ actionGroupId: this.actionGroupId });
    }
}
