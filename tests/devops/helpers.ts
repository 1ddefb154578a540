import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "../../stack/config/load";
import { Recorder } from "../../tools/plan/evaluate";
import { loadProgramConfig } from "../../tools/plan/stackFiles";
import { PlannedResource } from "../../tools/plan/types";
import { buildStack } from "../../stack/program";
import { REPO_ROOT, setConfig, withoutStackTraces } from "../helpers/pulumi";

export const TYPES = {
    identity: "azure-native:managedidentity:UserAssignedIdentity",
    federatedCredential: "azure-native:managedidentity:FederatedIdentityCredential",
    roleAssignment: "azure-native:authorization:RoleAssignment",
    endpoint: "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM",
    variableGroup: "azuredevops:index/variableGroup:VariableGroup",
    authorization: "azuredevops:index/pipelineAuthorization:PipelineAuthorization",
    environment: "azuredevops:index/environment:Environment",
    checkApproval: "azuredevops:index/checkApproval:CheckApproval",
    sleep: "time:index/sleep:Sleep",
    provider: "pulumi:providers:azuredevops",
} as const;

/** Every type the Azure DevOps side adds (none of them may appear without `devops`). */
export const DEVOPS_TYPES: readonly string[] = Object.values(TYPES).filter((t) => t !== TYPES.roleAssignment);

export const APPROVER = "[payments]\\Release Approvers";
export const EXISTING_CONNECTION_ID = "0f1e2d3c-4b5a-4968-8776-655443322110";
export const EXISTING_PRINCIPAL = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";
export const EXISTING_APPLICATION = "d4c3b2a1-6f5e-4b7a-9d8c-5c4b3a2f1e0d";

/** A valid `devops` section in the raw shape the program reads. */
export function devopsRaw(): Record<string, unknown> {
    return {
        organizationUrl: "https://dev.azure.com/contoso",
        project: "payments",
        allowedIpRanges: ["20.67.128.0/22"],
        variableGroups: [
            { name: "payments-app", secrets: ["db-password", "payments-api-key"], pipelines: [12, 14] },
            { name: "payments-signing", description: "Signing key only", secrets: ["api-signing-key"], pipelines: [14, 21] },
        ],
    };
}

/** A valid raw config with `devops` for the environment (production gets approvals). */
export function stackRaw(environment = "staging", patch?: (raw: Record<string, unknown>) => void): Record<string, unknown> {
    const raw: Record<string, unknown> = {
        environment,
        location: "westeurope",
        vault: { network: { defaultAction: "Deny", ipRules: ["20.67.128.0/22", "52.174.96.16/28"] } },
        secrets: [
            { name: "db-password", source: "generate" },
            { name: "api-signing-key", source: "generate" },
            { name: "payments-api-key", source: "external", preexisting: true },
        ],
        devops: devopsRaw(),
    };
    if (environment === "production") {
        (raw.devops as Record<string, unknown>).approvals = { approvers: [APPROVER] };
    }
    patch?.(raw);
    return raw;
}

export function devopsOf(raw: Record<string, unknown>): Record<string, unknown> {
    return raw.devops as Record<string, unknown>;
}

export { problems } from "../helpers/config";

/** The result of running the program's source (config load + buildStack) under the recording mocks. */
export interface StackRun {
    readonly error?: unknown;
    /** What `pulumi.log.warn` printed (without an engine it goes to console.warn). */
    readonly warnings: string[];
}

/** Sets the raw config as Pulumi config of the `keyvault-devops` namespace. */
export function setRawConfig(raw: Record<string, unknown>): void {
    const { location, ...rest } = raw;
    setConfig({ ...rest, ...(location !== undefined ? { "azure-native:location": location } : {}) });
}

/** Runs index.ts's steps from source: read and validate config, build the stack, register the outputs. */
export async function runStack(recorder: Recorder): Promise<StackRun> {
    const warnings: string[] = [];
    const originalWarn = console.warn;
    console.warn = (...args: unknown[]) => {
        warnings.push(args.map(String).join(" "));
    };
    const restoreTraces = withoutStackTraces();
    try {
        await pulumi.runtime.runInPulumiStack(async () => {
            const outputs = buildStack(loadStackConfig());
            return { ...outputs } as Record<string, unknown>;
        });
        await recorder.settle();
        return { warnings };
    } catch (error) {
        await recorder.settle();
        return { error, warnings };
    } finally {
        restoreTraces();
        console.warn = originalWarn;
    }
}

/** Runs a shipped stack (Pulumi.yaml defaults, then Pulumi.<stack>.yaml) from source under the recording mocks. */
export async function runShippedStack(recorder: Recorder, stack: string): Promise<StackRun> {
    const program = loadProgramConfig(REPO_ROOT, stack);
    pulumi.runtime.setAllConfig(program.config, program.secretKeys);
    return runStack(recorder);
}

export { named, ofType } from "../helpers/pulumi";

/** The logical names of the resources `r` depends on (explicitly or through its inputs). */
export function dependencyNames(recorder: Recorder, r: PlannedResource): string[] {
    return r.dependencies.map((urn) => recorder.resources.find((x) => x.urn === urn)?.name ?? urn);
}

/** The logical name of `r`'s parent. */
export function parentName(recorder: Recorder, r: PlannedResource): string | undefined {
    return recorder.resources.find((x) => x.urn === r.parent)?.name;
}
