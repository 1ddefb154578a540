import * as pulumi from "@pulumi/pulumi";
import * as monitor from "@pulumi/azure-native/monitor";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import { DEFAULTS } from "../stack/defaults";
import { workspaceName } from "../stack/names";

export interface VaultDiagnosticsArgs {
    /** Project name, used in the workspace's name. */
    readonly projectName: string;
    /** Environment name, used in names. */
    readonly environment: string;
    readonly resourceGroupName: pulumi.Input<string>;
    readonly location: pulumi.Input<string>;
    /** The vault whose logs and metrics are sent. */
    readonly vaultId: pulumi.Input<string>;
    /** An existing Log Analytics workspace's resource ID. Default: a new workspace in the vault's resource group. */
    readonly workspaceId?: pulumi.Input<string>;
    /** Retention of a created workspace, 30–730 days. Default: 90. Ignored with `workspaceId`. */
    readonly retentionDays?: number;
    /** `protect` on a created workspace (production). Default: false. */
    readonly protectWorkspace?: boolean;
    readonly tags?: Readonly<Record<string, string>>;
}

/** The diagnostic setting's log and metric selection: every log category (audit included) and all metrics. */
export const VAULT_DIAGNOSTIC_LOGS = [{ categoryGroup: "allLogs", enabled: true }] as const;
export const VAULT_DIAGNOSTIC_METRICS = [{ category: "AllMetrics", enabled: true }] as const;

/** Audit logs for a vault: a Log Analytics workspace (unless one is given) and the vault's diagnostic setting. */
export class VaultDiagnostics extends pulumi.ComponentResource {
    public readonly workspaceId: pulumi.Output<string>;
    public readonly workspace?: operationalinsights.Workspace;
    public readonly diagnosticSetting: monitor.DiagnosticSetting;

    constructor(name: string, args: VaultDiagnosticsArgs, opts?: pulumi.ComponentResourceOptions) {
        super("keyvault-devops:index:VaultDiagnostics", name, {}, opts);
        const parent = { parent: this };

        if (args.workspaceId !== undefined) {
            this.workspaceId = pulumi.output(args.workspaceId);
        } else {
            this.workspace = new operationalinsights.Workspace(
                `${name}-workspace`,
                {
                    resourceGroupName: args.resourceGroupName,
                    workspaceName: workspaceName(args.projectName, args.environment),
                    location: args.location,
                    sku: { name: "PerGB2018" },
                    retentionInDays: args.retentionDays ?? DEFAULTS.diagnostics.retentionDays,
                    tags: args.tags,
                },
                { ...parent, protect: args.protectWorkspace },
            );
            this.workspaceId = this.workspace.id;
        }

        this.diagnosticSetting = new monitor.DiagnosticSetting(
            `${name}-setting`,
            {
                name: `${args.environment}-vault-to-log-analytics`,
                resourceUri: args.vaultId,
                workspaceId: this.workspaceId,
                logs: VAULT_DIAGNOSTIC_LOGS.map((l) => ({ ...l })),
                metrics: VAULT_DIAGNOSTIC_METRICS.map((m) => ({ ...m })),
            },
            parent,
        );

        this.registerOutputs({ workspaceId: this.workspaceId });
    }
}
