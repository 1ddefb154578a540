// Tests for the hand-written @pulumi/azuredevops SDK in sdks/azuredevops.
//
// The truth is sdks/azuredevops/schema.json (the provider v3.15.0 schema subset). The SDK's declared TypeScript
// shapes are pinned below with mapped types (a declaration that drifts from the SDK does not compile), and
// every test compares those declarations, or what the SDK sends to the mock resource monitor, with the schema
// read at test time.

import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as azdo from "@pulumi/azuredevops";

type Sdk = typeof import("@pulumi/azuredevops");

const PACKAGE = "azuredevops";
const VERSION = "3.15.0";

// ---------------------------------------------------------------------------------------------------------
// The schema, read from the package itself (users' clones only have the copy in sdks/azuredevops).

interface SchemaProp {
    type?: string;
    $ref?: string;
    items?: SchemaProp;
    additionalProperties?: SchemaProp;
    secret?: boolean;
    defaultInfo?: { environment?: string[] };
}
type SchemaProps = Record<string, SchemaProp>;
interface SchemaResource {
    properties: SchemaProps;
    required?: string[];
    inputProperties: SchemaProps;
    requiredInputs?: string[];
    stateInputs: { properties: SchemaProps };
}
interface SchemaFunction {
    inputs: { properties: SchemaProps; required?: string[] };
    outputs: { properties: SchemaProps; required?: string[] };
}
interface SchemaType {
    properties: SchemaProps;
    required?: string[];
    language?: { nodejs?: { requiredOutputs?: string[] } };
}
interface Schema {
    name: string;
    version: string;
    provider: { properties: SchemaProps; inputProperties: SchemaProps };
    resources: Record<string, SchemaResource>;
    functions: Record<string, SchemaFunction>;
    types: Record<string, SchemaType>;
}

const sdkDir = path.dirname(require.resolve("@pulumi/azuredevops/package.json"));
const schema = JSON.parse(fs.readFileSync(path.join(sdkDir, "schema.json"), "utf8")) as Schema;

const RESOURCES = ["VariableGroup", "ServiceEndpointAzureRM", "PipelineAuthorization", "Project", "Environment",
    "CheckApproval", "CheckBusinessHours", "BuildDefinition", "BranchPolicyBuildValidation"] as const;
type ResourceName = typeof RESOURCES[number];
const FUNCTIONS = ["getProject", "getServiceEndpointAzureRM", "getGitRepository", "getIdentityGroup", "getIdentityUsers"] as const;
type FunctionName = typeof FUNCTIONS[number];

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
const resourceToken = (name: string): string => `${PACKAGE}:index/${lowerFirst(name)}:${name}`;
const functionToken = (name: string): string => `${PACKAGE}:index/${name}:${name}`;
const typeToken = (name: string): string => `${PACKAGE}:index/${name}:${name}`;

function must<T>(value: T | undefined, what: string): T {
    if (value === undefined) {
        throw new Error(`schema.json has no ${what}`);
    }
    return value;
}
const schemaResource = (name: ResourceName): SchemaResource => must(schema.resources[resourceToken(name)], resourceToken(name));
const schemaFunction = (name: FunctionName): SchemaFunction => must(schema.functions[functionToken(name)], functionToken(name));
const schemaType = (name: string): SchemaType => must(schema.types[typeToken(name)], typeToken(name));
const refName = (ref: string): string => ref.split(":").pop() ?? ref;

/** The nested object type a property refers to (directly or as array items), if any. */
function nestedTypeOf(p: SchemaProp): string | undefined {
    if (p.$ref !== undefined) {
        return refName(p.$ref);
    }
    if (p.type === "array" && p.items?.$ref !== undefined) {
        return refName(p.items.$ref);
    }
    return undefined;
}

function schemaKind(p: SchemaProp): string {
    if (p.$ref !== undefined) {
        return "object";
    }
    switch (p.type) {
        case "string": return "string";
        case "integer":
        case "number": return "number";
        case "boolean": return "boolean";
        case "array": return "array";
        case "object": return "object";
        default: throw new Error(`unsupported schema property ${JSON.stringify(p)}`);
    }
}

/** `{ prop: "<kind>" | "<kind>?" }` as the schema defines it. */
function schemaShape(props: SchemaProps, required: readonly string[] | undefined): Record<string, string> {
    const req = new Set(required ?? []);
    return Object.fromEntries(Object.entries(props).map(([k, p]) => [k, schemaKind(p) + (req.has(k) ? "" : "?")]));
}

const sorted = (keys: Iterable<string>): string[] => [...keys].sort();

// ---------------------------------------------------------------------------------------------------------
// What the SDK declares, pinned at compile time. `InputShape<XArgs>` requires one entry per property of the
// interface (missing or extra entries fail `tsc`), with its kind and whether it is optional.

type Kind<T> = [T] extends [string] ? "string"
    : [T] extends [number] ? "number"
    : [T] extends [boolean] ? "boolean"
    : [T] extends [readonly unknown[]] ? "array"
    : "object";
type Optional<T, K extends keyof T> = Partial<Pick<T, K>> extends Pick<T, K> ? "?" : "";
type PlainOf<T> = T extends pulumi.OutputInstance<unknown> ? never : T extends Promise<unknown> ? never : T;
/** Args/State interfaces and nested input types (`pulumi.Input<T>` properties). */
type InputShape<T> = { [K in keyof T]-?: `${Kind<PlainOf<Exclude<T[K], undefined>>>}${Optional<T, K>}` };
/** Plain interfaces: function args/results and nested output types. */
type PlainShape<T> = { [K in keyof T]-?: `${Kind<Exclude<T[K], undefined>>}${Optional<T, K>}` };
type OutputKeys<R> = Exclude<{ [K in keyof R]-?: R[K] extends pulumi.OutputInstance<unknown> ? K : never }[keyof R], "urn" | "id">;
/** The `pulumi.Output<T>` properties a resource class declares (besides urn and id). */
type OutputShape<R> = {
    [K in OutputKeys<R>]-?: R[K] extends pulumi.OutputInstance<infer U> ? `${Kind<Exclude<U, undefined>>}${undefined extends U ? "?" : ""}` : never
};

interface ResourceDeclarations {
    args: Record<string, string>;
    state: Record<string, string>;
    outputs: Record<string, string>;
}

const variableGroupArgs: InputShape<azdo.VariableGroupArgs> = {
    allowAccess: "boolean?", description: "string?", keyVault: "object?", name: "string?", projectId: "string", variables: "array",
};
const variableGroupState: InputShape<azdo.VariableGroupState> = {
    allowAccess: "boolean?", description: "string?", keyVault: "object?", name: "string?", projectId: "string?", variables: "array?",
};
const variableGroupOutputs: OutputShape<azdo.VariableGroup> = {
    allowAccess: "boolean?", description: "string?", keyVault: "object?", name: "string", projectId: "string", variables: "array",
};

const serviceEndpointArgs: InputShape<azdo.ServiceEndpointAzureRMArgs> = {
    azurermManagementGroupId: "string?", azurermManagementGroupName: "string?", azurermSpnTenantid: "string?",
    azurermSubscriptionId: "string?", azurermSubscriptionName: "string?", credentials: "object?", description: "string?",
    environment: "string?", features: "object?", projectId: "string", resourceGroup: "string?", serverUrl: "string?",
    serviceEndpointAuthenticationScheme: "string?", serviceEndpointName: "string",
};
const serviceEndpointState: InputShape<azdo.ServiceEndpointAzureRMState> = {
    authorization: "object?", azurermManagementGroupId: "string?", azurermManagementGroupName: "string?",
    azurermSpnTenantid: "string?", azurermSubscriptionId: "string?", azurermSubscriptionName: "string?",
    credentials: "object?", description: "string?", environment: "string?", features: "object?", projectId: "string?",
    resourceGroup: "string?", serverUrl: "string?", serviceEndpointAuthenticationScheme: "string?",
    serviceEndpointName: "string?", servicePrincipalId: "string?", workloadIdentityFederationIssuer: "string?",
    workloadIdentityFederationSubject: "string?",
};
const serviceEndpointOutputs: OutputShape<azdo.ServiceEndpointAzureRM> = {
    authorization: "object", azurermManagementGroupId: "string?", azurermManagementGroupName: "string?",
    azurermSpnTenantid: "string", azurermSubscriptionId: "string?", azurermSubscriptionName: "string?",
    credentials: "object?", description: "string?", environment: "string?", features: "object?", projectId: "string",
    resourceGroup: "string?", serverUrl: "string", serviceEndpointAuthenticationScheme: "string?",
    serviceEndpointName: "string", servicePrincipalId: "string", workloadIdentityFederationIssuer: "string",
    workloadIdentityFederationSubject: "string",
};

const pipelineAuthorizationArgs: InputShape<azdo.PipelineAuthorizationArgs> = {
    pipelineId: "number?", pipelineProjectId: "string?", projectId: "string", resourceId: "string", type: "string",
};
const pipelineAuthorizationState: InputShape<azdo.PipelineAuthorizationState> = {
    pipelineId: "number?", pipelineProjectId: "string?", projectId: "string?", resourceId: "string?", type: "string?",
};
const pipelineAuthorizationOutputs: OutputShape<azdo.PipelineAuthorization> = {
    pipelineId: "number?", pipelineProjectId: "string?", projectId: "string", resourceId: "string", type: "string",
};

const projectArgs: InputShape<azdo.ProjectArgs> = {
    description: "string?", features: "object?", name: "string?", versionControl: "string?", visibility: "string?",
    workItemTemplate: "string?",
};
const projectState: InputShape<azdo.ProjectState> = {
    description: "string?", features: "object?", name: "string?", processTemplateId: "string?", versionControl: "string?",
    visibility: "string?", workItemTemplate: "string?",
};
const projectOutputs: OutputShape<azdo.Project> = {
    description: "string?", features: "object?", name: "string", processTemplateId: "string", versionControl: "string?",
    visibility: "string?", workItemTemplate: "string?",
};

const environmentArgs: InputShape<azdo.EnvironmentArgs> = { description: "string?", name: "string?", projectId: "string" };
const environmentState: InputShape<azdo.EnvironmentState> = { description: "string?", name: "string?", projectId: "string?" };
const environmentOutputs: OutputShape<azdo.Environment> = { description: "string?", name: "string", projectId: "string" };

const checkApprovalArgs: InputShape<azdo.CheckApprovalArgs> = {
    approvers: "array", instructions: "string?", minimumRequiredApprovers: "number?", projectId: "string",
    requesterCanApprove: "boolean?", targetResourceId: "string", targetResourceType: "string", timeout: "number?",
};
const checkApprovalState: InputShape<azdo.CheckApprovalState> = {
    approvers: "array?", instructions: "string?", minimumRequiredApprovers: "number?", projectId: "string?",
    requesterCanApprove: "boolean?", targetResourceId: "string?", targetResourceType: "string?", timeout: "number?",
    version: "number?",
};
const checkApprovalOutputs: OutputShape<azdo.CheckApproval> = {
    approvers: "array", instructions: "string?", minimumRequiredApprovers: "number?", projectId: "string",
    requesterCanApprove: "boolean?", targetResourceId: "string", targetResourceType: "string", timeout: "number?",
    version: "number",
};

const checkBusinessHoursArgs: InputShape<azdo.CheckBusinessHoursArgs> = {
    displayName: "string?", endTime: "string", friday: "boolean?", monday: "boolean?", projectId: "string",
    saturday: "boolean?", startTime: "string", sunday: "boolean?", targetResourceId: "string", targetResourceType: "string",
    thursday: "boolean?", timeZone: "string", timeout: "number?", tuesday: "boolean?", wednesday: "boolean?",
};
const checkBusinessHoursState: InputShape<azdo.CheckBusinessHoursState> = {
    displayName: "string?", endTime: "string?", friday: "boolean?", monday: "boolean?", projectId: "string?",
    saturday: "boolean?", startTime: "string?", sunday: "boolean?", targetResourceId: "string?",
    targetResourceType: "string?", thursday: "boolean?", timeZone: "string?", timeout: "number?", tuesday: "boolean?",
    version: "number?", wednesday: "boolean?",
};
const checkBusinessHoursOutputs: OutputShape<azdo.CheckBusinessHours> = {
    displayName: "string?", endTime: "string", friday: "boolean?", monday: "boolean?", projectId: "string",
    saturday: "boolean?", startTime: "string", sunday: "boolean?", targetResourceId: "string", targetResourceType: "string",
    thursday: "boolean?", timeZone: "string", timeout: "number?", tuesday: "boolean?", version: "number",
    wednesday: "boolean?",
};

const buildDefinitionArgs: InputShape<azdo.BuildDefinitionArgs> = { agentPoolName: "string?", agentSpecification: "string?", buildCompletionTriggers: "array?", ciTrigger: "object?", features: "array?", jobAuthorizationScope: "string?", jobs: "array?", name: "string?", path: "string?", projectId: "string", pullRequestTrigger: "object?", queueStatus: "string?", repository: "object", schedules: "array?", variableGroups: "array?", variables: "array?" };
const buildDefinitionState: InputShape<azdo.BuildDefinitionState> = { agentPoolName: "string?", agentSpecification: "string?", buildCompletionTriggers: "array?", ciTrigger: "object?", features: "array?", jobAuthorizationScope: "string?", jobs: "array?", name: "string?", path: "string?", projectId: "string?", pullRequestTrigger: "object?", queueStatus: "string?", repository: "object?", revision: "number?", schedules: "array?", variableGroups: "array?", variables: "array?" };
const buildDefinitionOutputs: OutputShape<azdo.BuildDefinition> = { agentPoolName: "string?", agentSpecification: "string?", buildCompletionTriggers: "array?", ciTrigger: "object?", features: "array?", jobAuthorizationScope: "string?", jobs: "array?", name: "string", path: "string?", projectId: "string", pullRequestTrigger: "object?", queueStatus: "string?", repository: "object", revision: "number", schedules: "array?", variableGroups: "array?", variables: "array?" };

const branchPolicyBuildValidationArgs: InputShape<azdo.BranchPolicyBuildValidationArgs> = { blocking: "boolean?", enabled: "boolean?", projectId: "string", settings: "object" };
const branchPolicyBuildValidationState: InputShape<azdo.BranchPolicyBuildValidationState> = { blocking: "boolean?", enabled: "boolean?", projectId: "string?", settings: "object?" };
const branchPolicyBuildValidationOutputs: OutputShape<azdo.BranchPolicyBuildValidation> = { blocking: "boolean?", enabled: "boolean?", projectId: "string", settings: "object" };

const DECLARED: Record<ResourceName, ResourceDeclarations> = {
    VariableGroup: { args: variableGroupArgs, state: variableGroupState, outputs: variableGroupOutputs },
    ServiceEndpointAzureRM: { args: serviceEndpointArgs, state: serviceEndpointState, outputs: serviceEndpointOutputs },
    PipelineAuthorization: { args: pipelineAuthorizationArgs, state: pipelineAuthorizationState, outputs: pipelineAuthorizationOutputs },
    Project: { args: projectArgs, state: projectState, outputs: projectOutputs },
    Environment: { args: environmentArgs, state: environmentState, outputs: environmentOutputs },
    CheckApproval: { args: checkApprovalArgs, state: checkApprovalState, outputs: checkApprovalOutputs },
    CheckBusinessHours: { args: checkBusinessHoursArgs, state: checkBusinessHoursState, outputs: checkBusinessHoursOutputs },
    BuildDefinition: { args: buildDefinitionArgs, state: buildDefinitionState, outputs: buildDefinitionOutputs },
    BranchPolicyBuildValidation: { args: branchPolicyBuildValidationArgs, state: branchPolicyBuildValidationState, outputs: branchPolicyBuildValidationOutputs },
};

// Nested object types: `types.input.X` and `types.output.X`.
const DECLARED_TYPES: Record<string, { input: Record<string, string>; output: Record<string, string> }> = {
    BranchPolicyBuildValidationSettings: {
        input: { buildDefinitionId: "number", displayName: "string", filenamePatterns: "array?", manualQueueOnly: "boolean?", queueOnSourceUpdateOnly: "boolean?", scopes: "array", validDuration: "number?" } satisfies InputShape<azdo.types.input.BranchPolicyBuildValidationSettings>,
        output: { buildDefinitionId: "number", displayName: "string", filenamePatterns: "array?", manualQueueOnly: "boolean?", queueOnSourceUpdateOnly: "boolean?", scopes: "array", validDuration: "number?" } satisfies PlainShape<azdo.types.output.BranchPolicyBuildValidationSettings>,
    },
    BranchPolicyBuildValidationSettingsScope: {
        input: { matchType: "string?", repositoryId: "string?", repositoryRef: "string?" } satisfies InputShape<azdo.types.input.BranchPolicyBuildValidationSettingsScope>,
        output: { matchType: "string?", repositoryId: "string?", repositoryRef: "string?" } satisfies PlainShape<azdo.types.output.BranchPolicyBuildValidationSettingsScope>,
    },
    BuildDefinitionBuildCompletionTrigger: {
        input: { branchFilters: "array", buildDefinitionId: "number" } satisfies InputShape<azdo.types.input.BuildDefinitionBuildCompletionTrigger>,
        output: { branchFilters: "array", buildDefinitionId: "number" } satisfies PlainShape<azdo.types.output.BuildDefinitionBuildCompletionTrigger>,
    },
    BuildDefinitionBuildCompletionTriggerBranchFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionBuildCompletionTriggerBranchFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionBuildCompletionTriggerBranchFilter>,
    },
    BuildDefinitionCiTrigger: {
        input: { override: "object?", useYaml: "boolean?" } satisfies InputShape<azdo.types.input.BuildDefinitionCiTrigger>,
        output: { override: "object?", useYaml: "boolean?" } satisfies PlainShape<azdo.types.output.BuildDefinitionCiTrigger>,
    },
    BuildDefinitionCiTriggerOverride: {
        input: { batch: "boolean?", branchFilters: "array", maxConcurrentBuildsPerBranch: "number?", pathFilters: "array?", pollingInterval: "number?", pollingJobId: "string?" } satisfies InputShape<azdo.types.input.BuildDefinitionCiTriggerOverride>,
        output: { batch: "boolean?", branchFilters: "array", maxConcurrentBuildsPerBranch: "number?", pathFilters: "array?", pollingInterval: "number?", pollingJobId: "string" } satisfies PlainShape<azdo.types.output.BuildDefinitionCiTriggerOverride>,
    },
    BuildDefinitionCiTriggerOverrideBranchFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionCiTriggerOverrideBranchFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionCiTriggerOverrideBranchFilter>,
    },
    BuildDefinitionCiTriggerOverridePathFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionCiTriggerOverridePathFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionCiTriggerOverridePathFilter>,
    },
    BuildDefinitionFeature: {
        input: { skipFirstRun: "boolean?" } satisfies InputShape<azdo.types.input.BuildDefinitionFeature>,
        output: { skipFirstRun: "boolean?" } satisfies PlainShape<azdo.types.output.BuildDefinitionFeature>,
    },
    BuildDefinitionJob: {
        input: { allowScriptsAuthAccessOption: "boolean?", condition: "string", dependencies: "array?", jobAuthorizationScope: "string?", jobCancelTimeoutInMinutes: "number?", jobTimeoutInMinutes: "number?", name: "string", refName: "string", target: "object" } satisfies InputShape<azdo.types.input.BuildDefinitionJob>,
        output: { allowScriptsAuthAccessOption: "boolean?", condition: "string", dependencies: "array?", jobAuthorizationScope: "string?", jobCancelTimeoutInMinutes: "number?", jobTimeoutInMinutes: "number?", name: "string", refName: "string", target: "object" } satisfies PlainShape<azdo.types.output.BuildDefinitionJob>,
    },
    BuildDefinitionJobDependency: {
        input: { scope: "string" } satisfies InputShape<azdo.types.input.BuildDefinitionJobDependency>,
        output: { scope: "string" } satisfies PlainShape<azdo.types.output.BuildDefinitionJobDependency>,
    },
    BuildDefinitionJobTarget: {
        input: { demands: "array?", executionOptions: "object", type: "string" } satisfies InputShape<azdo.types.input.BuildDefinitionJobTarget>,
        output: { demands: "array?", executionOptions: "object", type: "string" } satisfies PlainShape<azdo.types.output.BuildDefinitionJobTarget>,
    },
    BuildDefinitionJobTargetExecutionOptions: {
        input: { continueOnError: "boolean?", maxConcurrency: "number?", multipliers: "string?", type: "string" } satisfies InputShape<azdo.types.input.BuildDefinitionJobTargetExecutionOptions>,
        output: { continueOnError: "boolean?", maxConcurrency: "number", multipliers: "string?", type: "string" } satisfies PlainShape<azdo.types.output.BuildDefinitionJobTargetExecutionOptions>,
    },
    BuildDefinitionPullRequestTrigger: {
        input: { commentRequired: "string?", forks: "object", initialBranch: "string?", override: "object?", useYaml: "boolean?" } satisfies InputShape<azdo.types.input.BuildDefinitionPullRequestTrigger>,
        output: { commentRequired: "string?", forks: "object", initialBranch: "string?", override: "object?", useYaml: "boolean?" } satisfies PlainShape<azdo.types.output.BuildDefinitionPullRequestTrigger>,
    },
    BuildDefinitionPullRequestTriggerForks: {
        input: { enabled: "boolean", shareSecrets: "boolean" } satisfies InputShape<azdo.types.input.BuildDefinitionPullRequestTriggerForks>,
        output: { enabled: "boolean", shareSecrets: "boolean" } satisfies PlainShape<azdo.types.output.BuildDefinitionPullRequestTriggerForks>,
    },
    BuildDefinitionPullRequestTriggerOverride: {
        input: { autoCancel: "boolean?", branchFilters: "array", pathFilters: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionPullRequestTriggerOverride>,
        output: { autoCancel: "boolean?", branchFilters: "array", pathFilters: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionPullRequestTriggerOverride>,
    },
    BuildDefinitionPullRequestTriggerOverrideBranchFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionPullRequestTriggerOverrideBranchFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionPullRequestTriggerOverrideBranchFilter>,
    },
    BuildDefinitionPullRequestTriggerOverridePathFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionPullRequestTriggerOverridePathFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionPullRequestTriggerOverridePathFilter>,
    },
    BuildDefinitionRepository: {
        input: { branchName: "string?", githubEnterpriseUrl: "string?", repoId: "string", repoType: "string", reportBuildStatus: "boolean?", serviceConnectionId: "string?", url: "string?", ymlPath: "string?" } satisfies InputShape<azdo.types.input.BuildDefinitionRepository>,
        output: { branchName: "string?", githubEnterpriseUrl: "string?", repoId: "string", repoType: "string", reportBuildStatus: "boolean?", serviceConnectionId: "string?", url: "string", ymlPath: "string?" } satisfies PlainShape<azdo.types.output.BuildDefinitionRepository>,
    },
    BuildDefinitionSchedule: {
        input: { branchFilters: "array", daysToBuilds: "array", scheduleJobId: "string?", scheduleOnlyWithChanges: "boolean?", startHours: "number?", startMinutes: "number?", timeZone: "string?" } satisfies InputShape<azdo.types.input.BuildDefinitionSchedule>,
        output: { branchFilters: "array", daysToBuilds: "array", scheduleJobId: "string", scheduleOnlyWithChanges: "boolean?", startHours: "number?", startMinutes: "number?", timeZone: "string?" } satisfies PlainShape<azdo.types.output.BuildDefinitionSchedule>,
    },
    BuildDefinitionScheduleBranchFilter: {
        input: { excludes: "array?", includes: "array?" } satisfies InputShape<azdo.types.input.BuildDefinitionScheduleBranchFilter>,
        output: { excludes: "array?", includes: "array?" } satisfies PlainShape<azdo.types.output.BuildDefinitionScheduleBranchFilter>,
    },
    BuildDefinitionVariable: {
        input: { allowOverride: "boolean?", isSecret: "boolean?", name: "string", secretValue: "string?", value: "string?" } satisfies InputShape<azdo.types.input.BuildDefinitionVariable>,
        output: { allowOverride: "boolean?", isSecret: "boolean?", name: "string", secretValue: "string?", value: "string?" } satisfies PlainShape<azdo.types.output.BuildDefinitionVariable>,
    },
    ServiceEndpointAzureRMCredentials: {
        input: { serviceprincipalcertificate: "string?", serviceprincipalid: "string", serviceprincipalkey: "string?" } satisfies InputShape<azdo.types.input.ServiceEndpointAzureRMCredentials>,
        output: { serviceprincipalcertificate: "string?", serviceprincipalid: "string", serviceprincipalkey: "string?" } satisfies PlainShape<azdo.types.output.ServiceEndpointAzureRMCredentials>,
    },
    ServiceEndpointAzureRMFeatures: {
        input: { validate: "boolean?" } satisfies InputShape<azdo.types.input.ServiceEndpointAzureRMFeatures>,
        output: { validate: "boolean?" } satisfies PlainShape<azdo.types.output.ServiceEndpointAzureRMFeatures>,
    },
    VariableGroupKeyVault: {
        input: { name: "string", searchDepth: "number?", serviceEndpointId: "string" } satisfies InputShape<azdo.types.input.VariableGroupKeyVault>,
        output: { name: "string", searchDepth: "number?", serviceEndpointId: "string" } satisfies PlainShape<azdo.types.output.VariableGroupKeyVault>,
    },
    VariableGroupVariable: {
        input: {
            contentType: "string?", enabled: "boolean?", expires: "string?", isSecret: "boolean?", name: "string",
            secretValue: "string?", value: "string?",
        } satisfies InputShape<azdo.types.input.VariableGroupVariable>,
        output: {
            contentType: "string", enabled: "boolean", expires: "string", isSecret: "boolean?", name: "string",
            secretValue: "string?", value: "string?",
        } satisfies PlainShape<azdo.types.output.VariableGroupVariable>,
    },
};

const getProjectArgs: PlainShape<azdo.GetProjectArgs> = { name: "string?", projectId: "string?" };
const getProjectOutputArgs: InputShape<azdo.GetProjectOutputArgs> = { name: "string?", projectId: "string?" };
const getProjectResult: PlainShape<azdo.GetProjectResult> = {
    description: "string", features: "object", id: "string", name: "string?", processTemplateId: "string",
    projectId: "string?", versionControl: "string", visibility: "string", workItemTemplate: "string",
};
const getServiceEndpointArgs: PlainShape<azdo.GetServiceEndpointAzureRMArgs> = {
    projectId: "string", serviceEndpointId: "string?", serviceEndpointName: "string?",
};
const getServiceEndpointOutputArgs: InputShape<azdo.GetServiceEndpointAzureRMOutputArgs> = {
    projectId: "string", serviceEndpointId: "string?", serviceEndpointName: "string?",
};
const getServiceEndpointResult: PlainShape<azdo.GetServiceEndpointAzureRMResult> = {
    authorization: "object", azurermManagementGroupId: "string", azurermManagementGroupName: "string",
    azurermSpnTenantid: "string", azurermSubscriptionId: "string", azurermSubscriptionName: "string", description: "string",
    environment: "string", id: "string", projectId: "string", resourceGroup: "string", serverUrl: "string",
    serviceEndpointAuthenticationScheme: "string", serviceEndpointId: "string", serviceEndpointName: "string",
    servicePrincipalId: "string", workloadIdentityFederationIssuer: "string", workloadIdentityFederationSubject: "string",
};
const getGitRepositoryArgs: PlainShape<azdo.GetGitRepositoryArgs> = { name: "string", projectId: "string" };
const getGitRepositoryOutputArgs: InputShape<azdo.GetGitRepositoryOutputArgs> = { name: "string", projectId: "string" };
const getGitRepositoryResult: PlainShape<azdo.GetGitRepositoryResult> = { defaultBranch: "string", disabled: "boolean", id: "string", isFork: "boolean", name: "string", projectId: "string", remoteUrl: "string", size: "number", sshUrl: "string", url: "string", webUrl: "string" };
const getIdentityGroupArgs: PlainShape<azdo.GetIdentityGroupArgs> = { name: "string", projectId: "string" };
const getIdentityGroupOutputArgs: InputShape<azdo.GetIdentityGroupOutputArgs> = { name: "string", projectId: "string" };
const getIdentityGroupResult: PlainShape<azdo.GetIdentityGroupResult> = {
    descriptor: "string", id: "string", name: "string", projectId: "string", subjectDescriptor: "string",
};
const getIdentityUsersArgs: PlainShape<azdo.GetIdentityUsersArgs> = { name: "string", searchFilter: "string?" };
const getIdentityUsersOutputArgs: InputShape<azdo.GetIdentityUsersOutputArgs> = { name: "string", searchFilter: "string?" };
const getIdentityUsersResult: PlainShape<azdo.GetIdentityUsersResult> = {
    descriptor: "string", id: "string", name: "string", searchFilter: "string?", subjectDescriptor: "string",
};
const DECLARED_FUNCTIONS: Record<FunctionName, { args: Record<string, string>; outputArgs: Record<string, string>; result: Record<string, string> }> = {
    getProject: { args: getProjectArgs, outputArgs: getProjectOutputArgs, result: getProjectResult },
    getServiceEndpointAzureRM: { args: getServiceEndpointArgs, outputArgs: getServiceEndpointOutputArgs, result: getServiceEndpointResult },
    getGitRepository: { args: getGitRepositoryArgs, outputArgs: getGitRepositoryOutputArgs, result: getGitRepositoryResult },
    getIdentityGroup: { args: getIdentityGroupArgs, outputArgs: getIdentityGroupOutputArgs, result: getIdentityGroupResult },
    getIdentityUsers: { args: getIdentityUsersArgs, outputArgs: getIdentityUsersOutputArgs, result: getIdentityUsersResult },
};

const providerArgs: InputShape<azdo.ProviderArgs> = {
    auxiliaryTenantIds: "array?", clientCertificate: "string?", clientCertificatePassword: "string?",
    clientCertificatePath: "string?", clientId: "string?", clientIdFilePath: "string?", clientSecret: "string?",
    clientSecretPath: "string?", oidcAzureServiceConnectionId: "string?", oidcRequestToken: "string?",
    oidcRequestUrl: "string?", oidcToken: "string?", oidcTokenFilePath: "string?", orgServiceUrl: "string?",
    personalAccessToken: "string?", tenantId: "string?", useCli: "boolean?", useMsi: "boolean?", useOidc: "boolean?",
};
const providerOutputs: OutputShape<azdo.Provider> = {
    clientCertificate: "string?", clientCertificatePassword: "string?", clientCertificatePath: "string?", clientId: "string?",
    clientIdFilePath: "string?", clientSecret: "string?", clientSecretPath: "string?", oidcAzureServiceConnectionId: "string?",
    oidcRequestToken: "string?", oidcRequestUrl: "string?", oidcToken: "string?", oidcTokenFilePath: "string?",
    orgServiceUrl: "string?", personalAccessToken: "string?", tenantId: "string?",
};

// ---------------------------------------------------------------------------------------------------------
// A full set of inputs per resource (`Required<XArgs>`: the compiler insists on every declared property).

const fullVariableGroup: Required<azdo.VariableGroupArgs> = {
    allowAccess: true,
    description: "Secrets for the deploy pipeline",
    keyVault: { name: "kv-example", serviceEndpointId: "se-id", searchDepth: 20 },
    name: "vg-example",
    projectId: "project-id",
    variables: [
        { name: "plain", value: "plain-value", isSecret: false },
        { name: "hidden", isSecret: true, secretValue: "s3cr3t-value" },
    ],
};
const fullServiceEndpoint: Required<azdo.ServiceEndpointAzureRMArgs> = {
    azurermManagementGroupId: "mg-id",
    azurermManagementGroupName: "mg-name",
    azurermSpnTenantid: "tenant-id",
    azurermSubscriptionId: "subscription-id",
    azurermSubscriptionName: "subscription-name",
    credentials: { serviceprincipalid: "client-id", serviceprincipalkey: "client-secret", serviceprincipalcertificate: "pem-cert" },
    description: "Managed by Pulumi",
    environment: "AzureCloud",
    features: { validate: true },
    projectId: "project-id",
    resourceGroup: "rg-example",
    serverUrl: "https://management.azure.com/",
    serviceEndpointAuthenticationScheme: "ServicePrincipal",
    serviceEndpointName: "se-example",
};
const fullPipelineAuthorization: Required<azdo.PipelineAuthorizationArgs> = {
    pipelineId: 42, pipelineProjectId: "pipeline-project-id", projectId: "project-id", resourceId: "17", type: "environment",
};
const fullProject: Required<azdo.ProjectArgs> = {
    description: "Example", features: { testplans: "disabled", artifacts: "disabled" }, name: "Example Project",
    versionControl: "Git", visibility: "private", workItemTemplate: "Agile",
};
const fullEnvironment: Required<azdo.EnvironmentArgs> = { description: "Production", name: "production", projectId: "project-id" };
const fullCheckApproval: Required<azdo.CheckApprovalArgs> = {
    approvers: ["group-origin-id"], instructions: "Look first", minimumRequiredApprovers: 1, projectId: "project-id",
    requesterCanApprove: false, targetResourceId: "17", targetResourceType: "environment", timeout: 43200,
};
const fullCheckBusinessHours: Required<azdo.CheckBusinessHoursArgs> = {
    displayName: "Office hours", endTime: "17:00", friday: true, monday: true, projectId: "project-id", saturday: false,
    startTime: "08:00", sunday: false, targetResourceId: "17", targetResourceType: "environment", thursday: true,
    timeZone: "W. Europe Standard Time", timeout: 1440, tuesday: true, wednesday: true,
};
const fullProvider: Required<azdo.ProviderArgs> = {
    auxiliaryTenantIds: ["aux-tenant-1", "aux-tenant-2"], clientCertificate: "base64-cert", clientCertificatePassword: "cert-password",
    clientCertificatePath: "/certs/client.pfx", clientId: "client-id", clientIdFilePath: "/run/client-id",
    clientSecret: "client-secret", clientSecretPath: "/run/client-secret", oidcAzureServiceConnectionId: "sc-id",
    oidcRequestToken: "request-token", oidcRequestUrl: "https://oidc.example/request", oidcToken: "oidc-token",
    oidcTokenFilePath: "/run/oidc-token", orgServiceUrl: "https://dev.azure.com/example", personalAccessToken: "pat",
    tenantId: "tenant-id", useCli: true, useMsi: false, useOidc: true,
};

const fullBuildDefinition: Required<azdo.BuildDefinitionArgs> = {
    agentPoolName: "Azure Pipelines",
    agentSpecification: "ubuntu-latest",
    buildCompletionTriggers: [{ buildDefinitionId: 5, branchFilters: [{ includes: ["main"], excludes: ["old"] }] }],
    ciTrigger: {
        useYaml: false,
        override: {
            batch: true, branchFilters: [{ includes: ["main"], excludes: [] }], maxConcurrentBuildsPerBranch: 1,
            pathFilters: [{ includes: ["/src"], excludes: ["/docs"] }], pollingInterval: 0, pollingJobId: "job",
        },
    },
    features: [{ skipFirstRun: true }],
    jobAuthorizationScope: "project",
    jobs: [{
        allowScriptsAuthAccessOption: true, condition: "succeeded()", dependencies: [{ scope: "Job_0" }],
        jobAuthorizationScope: "project", jobCancelTimeoutInMinutes: 5, jobTimeoutInMinutes: 60, name: "Agent job", refName: "Job_1",
        target: { type: "AgentJob", demands: ["npm"], executionOptions: { type: "None", continueOnError: false, maxConcurrency: 1, multipliers: "" } },
    }],
    name: "keyvault-devops-pr",
    path: "\\infra",
    projectId: "project-id",
    pullRequestTrigger: {
        commentRequired: "", forks: { enabled: false, shareSecrets: false }, initialBranch: "main", useYaml: true,
        override: { autoCancel: true, branchFilters: [{ includes: ["main"], excludes: [] }], pathFilters: [{ includes: ["/"], excludes: [] }] },
    },
    queueStatus: "enabled",
    repository: {
        branchName: "refs/heads/main", githubEnterpriseUrl: "https://ghe.example", repoId: "repo-id", repoType: "TfsGit",
        reportBuildStatus: true, serviceConnectionId: "sc-id", url: "https://dev.azure.com/contoso/payments/_git/infra", ymlPath: "pipelines/infra-pr.yml",
    },
    schedules: [{
        branchFilters: [{ includes: ["main"], excludes: [] }], daysToBuilds: ["Mon"], scheduleJobId: "sched", scheduleOnlyWithChanges: true,
        startHours: 3, startMinutes: 0, timeZone: "(UTC) Coordinated Universal Time",
    }],
    variableGroups: [3],
    variables: [
        { name: "plain", value: "v", allowOverride: true, isSecret: false },
        { name: "hidden", isSecret: true, secretValue: "build-s3cr3t" },
    ],
};
const fullBranchPolicyBuildValidation: Required<azdo.BranchPolicyBuildValidationArgs> = {
    blocking: true,
    enabled: true,
    projectId: "project-id",
    settings: {
        buildDefinitionId: 9, displayName: "PR gate", filenamePatterns: ["/pipelines/*"], manualQueueOnly: false,
        queueOnSourceUpdateOnly: true, scopes: [{ matchType: "Exact", repositoryId: "repo-id", repositoryRef: "refs/heads/main" }], validDuration: 720,
    },
};

const FULL_ARGS: Record<ResourceName, object> = {
    VariableGroup: fullVariableGroup,
    ServiceEndpointAzureRM: fullServiceEndpoint,
    PipelineAuthorization: fullPipelineAuthorization,
    Project: fullProject,
    Environment: fullEnvironment,
    CheckApproval: fullCheckApproval,
    CheckBusinessHours: fullCheckBusinessHours,
    BuildDefinition: fullBuildDefinition,
    BranchPolicyBuildValidation: fullBranchPolicyBuildValidation,
};

// ---------------------------------------------------------------------------------------------------------
// Mocks: record what reaches the resource monitor, including the request fields the Mocks API does not see
// (version, additionalSecretOutputs, the serialized secret markers).

interface StructLike { toJavaScript(): { [key: string]: unknown } }
interface RegisterRequest {
    getType(): string;
    getName(): string;
    getVersion(): string;
    getCustom(): boolean;
    getObject(): StructLike | undefined;
    getAdditionalsecretoutputsList(): string[];
}
interface ReadRequest {
    getType(): string;
    getName(): string;
    getVersion(): string;
    getId(): string;
    getProperties(): StructLike | undefined;
}
interface InvokeRequest {
    getTok(): string;
    getVersion(): string;
    getArgs(): StructLike | undefined;
}
type Callback = (err: unknown, response: unknown) => void;
interface RecordingTarget {
    registerResource(req: RegisterRequest, callback: Callback): unknown;
    readResource(req: ReadRequest, callback: Callback): unknown;
    invoke(req: InvokeRequest, callback: Callback): unknown;
}

interface Registration {
    op: "register" | "read";
    type: string;
    name: string;
    version: string;
    id?: string;
    /** The request's properties as serialized, secret markers included. */
    raw: Record<string, unknown>;
    additionalSecretOutputs: string[];
}
interface Invocation {
    token: string;
    version: string;
    raw: Record<string, unknown>;
}

let registrations: Registration[] = [];
let invocations: Invocation[] = [];

const SECRET_SIG = pulumi.runtime.specialSecretSig;
const SIG_KEY = pulumi.runtime.specialSigKey;

function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
function isSecretValue(value: unknown): boolean {
    return isRecord(value) && value[SIG_KEY] === SECRET_SIG;
}
/** The serialized value with secret markers removed. */
function reveal(value: unknown): unknown {
    if (isSecretValue(value)) {
        return reveal((value as Record<string, unknown>)["value"]);
    }
    if (Array.isArray(value)) {
        return value.map(reveal);
    }
    if (isRecord(value)) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)]));
    }
    return value;
}
/** Paths (like `variables[1].secretValue`) of every secret inside a serialized value. */
function secretPaths(value: unknown, at = ""): string[] {
    if (isSecretValue(value)) {
        return [at];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => secretPaths(v, `${at}[${i}]`));
    }
    if (isRecord(value)) {
        return Object.entries(value).flatMap(([k, v]) => secretPaths(v, at ? `${at}.${k}` : k));
    }
    return [];
}

/** A fake provider value for an output-only property. */
function fakeValue(key: string, p: SchemaProp): unknown {
    switch (schemaKind(p)) {
        case "string": return `fake-${key}`;
        case "number": return 7;
        case "boolean": return true;
        case "array": return [];
        default: return { scheme: "fake" };
    }
}

const mocks: pulumi.runtime.Mocks = {
    newResource(args: pulumi.runtime.MockResourceArgs): pulumi.runtime.MockResourceResult {
        const resource = schema.resources[args.type];
        const outputs: Record<string, unknown> = {};
        if (resource !== undefined) {
            for (const [k, p] of Object.entries(resource.properties)) {
                if (!(k in resource.inputProperties)) {
                    outputs[k] = fakeValue(k, p);
                }
            }
        }
        // An empty id means "not an import"; a real id (get/read) is echoed back.
        return { id: args.id ? args.id : `${args.name}-id`, state: { ...outputs, ...(args.inputs as Record<string, unknown>) } };
    },
    call(args: pulumi.runtime.MockCallArgs): pulumi.runtime.MockCallResult {
        const fn = schema.functions[args.token];
        if (fn === undefined) {
            throw new Error(`unexpected invoke ${args.token}`);
        }
        const result: Record<string, unknown> = {};
        for (const [k, p] of Object.entries(fn.outputs.properties)) {
            result[k] = fakeValue(k, p);
        }
        return { ...result, ...(args.inputs as Record<string, unknown>) };
    },
};

async function resetMocks(): Promise<void> {
    await pulumi.runtime.setMocks(mocks, "project", "stack", false);
    registrations = [];
    invocations = [];
    const monitor = pulumi.runtime.getMonitor() as unknown as RecordingTarget;
    const register = monitor.registerResource.bind(monitor);
    const read = monitor.readResource.bind(monitor);
    const invoke = monitor.invoke.bind(monitor);
    monitor.registerResource = (req, callback) => {
        registrations.push({
            op: "register", type: req.getType(), name: req.getName(), version: req.getVersion(),
            raw: req.getObject()?.toJavaScript() ?? {}, additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        });
        return register(req, callback);
    };
    monitor.readResource = (req, callback) => {
        registrations.push({
            op: "read", type: req.getType(), name: req.getName(), version: req.getVersion(), id: req.getId(),
            raw: req.getProperties()?.toJavaScript() ?? {}, additionalSecretOutputs: [],
        });
        return read(req, callback);
    };
    monitor.invoke = (req, callback) => {
        invocations.push({ token: req.getTok(), version: req.getVersion(), raw: req.getArgs()?.toJavaScript() ?? {} });
        return invoke(req, callback);
    };
}

function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise<T>(resolve => {
        output.apply(value => {
            resolve(value);
            return value;
        });
    });
}

function registrationOf(name: string): Registration {
    const found = registrations.filter(r => r.name === name);
    assert.strictEqual(found.length, 1, `expected exactly one monitor request for ${name}, got ${found.length}`);
    return found[0] as Registration;
}

function without(obj: object, key: string): Record<string, unknown> {
    const copy: Record<string, unknown> = { ...obj };
    delete copy[key];
    return copy;
}

// ---------------------------------------------------------------------------------------------------------

describe("@pulumi/azuredevops local SDK (sdks/azuredevops)", function () {
    this.timeout(60000);

    let sdk: Sdk;

    type ResourceCtor = new (name: string, args: never, opts?: pulumi.CustomResourceOptions) => pulumi.CustomResource;
    interface ResourceClass {
        isInstance(obj: unknown): boolean;
        get(name: string, id: pulumi.Input<pulumi.ID>, state?: never, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource;
    }
    function classOf(name: ResourceName): ResourceCtor & ResourceClass {
        return sdk[name] as unknown as ResourceCtor & ResourceClass;
    }
    /** Constructs a resource from untyped args (the typed paths are covered by the declarations above). */
    function construct(name: ResourceName, resourceName: string, args: unknown, opts?: pulumi.CustomResourceOptions): pulumi.CustomResource {
        const Ctor = classOf(name);
        return new Ctor(resourceName, args as never, opts);
    }
    function outputOf(resource: pulumi.CustomResource, key: string): unknown {
        return (resource as unknown as Record<string, unknown>)[key];
    }

    before(async () => {
        // Mocks first, then load the SDK under test.
        await resetMocks();
        sdk = await import("@pulumi/azuredevops");
    });

    beforeEach(resetMocks);

    describe("package", () => {
        it("is @pulumi/azuredevops 3.15.0 with the resource-plugin block and the v3.15.0 schema", () => {
            const pkg = JSON.parse(fs.readFileSync(path.join(sdkDir, "package.json"), "utf8")) as {
                name: string; version: string; pulumi?: { resource?: boolean; name?: string; version?: string };
            };
            assert.strictEqual(pkg.name, "@pulumi/azuredevops");
            assert.strictEqual(pkg.version, VERSION);
            assert.deepStrictEqual(pkg.pulumi, { resource: true, name: PACKAGE, version: VERSION });
            assert.strictEqual(schema.name, PACKAGE);
            assert.strictEqual(schema.version, VERSION);
        });

        it("exports exactly one class per schema resource, the Provider and getX/getXOutput per schema function", () => {
            const expected = [
                ...Object.keys(schema.resources).map(tok => tok.split(":").pop() ?? tok),
                ...Object.keys(schema.functions).filter(tok => !tok.startsWith("pulumi:providers:"))
                    .flatMap(tok => { const fn = tok.split(":").pop() ?? tok; return [fn, `${fn}Output`]; }),
                "Provider",
                "types",
            ];
            assert.deepStrictEqual(sorted(Object.keys(sdk)), sorted(expected));
            assert.deepStrictEqual(sorted(RESOURCES), sorted(Object.keys(schema.resources).map(t => t.split(":").pop() ?? t)));
        });

        it("registers a resource module for every index/<name> module and the provider package at 3.15.0", async () => {
            const pkg = pulumi.runtime.getResourcePackage(PACKAGE, VERSION);
            assert.ok(pkg, "registerResourcePackage(\"azuredevops\") missing");
            assert.strictEqual(pkg.version, VERSION);
            for (const name of RESOURCES) {
                const token = resourceToken(name);
                const mod = pulumi.runtime.getResourceModule(PACKAGE, `index/${lowerFirst(name)}`, VERSION);
                assert.ok(mod, `no resource module registered for index/${lowerFirst(name)}`);
                assert.strictEqual(mod.version, VERSION);
                // Rehydrate a registered resource from its URN, as a StackReference or component output would.
                const original = construct(name, `rehydrate-${name}`, FULL_ARGS[name]);
                const urn = await promiseOf(original.urn);
                const rehydrated = mod.construct(`rehydrate-${name}`, token, urn);
                assert.ok(classOf(name).isInstance(rehydrated), `module for ${token} built a different class`);
                assert.strictEqual(await promiseOf(rehydrated.urn), urn);
            }
            const provider = new sdk.Provider("rehydrate-provider", { orgServiceUrl: "https://dev.azure.com/x" });
            const providerUrn = await promiseOf(provider.urn);
            const rebuilt = pkg.constructProvider("rehydrate-provider", "pulumi:providers:azuredevops", providerUrn);
            assert.ok(sdk.Provider.isInstance(rebuilt));
            assert.throws(() => pkg.constructProvider("x", "pulumi:providers:other", providerUrn), /unknown provider type/);
        });
    });

    for (const name of RESOURCES) {
        describe(name, () => {
            const token = resourceToken(name);

            it(`uses the schema's type token ${token}`, async () => {
                const cls = classOf(name) as unknown as { __pulumiType: string };
                assert.strictEqual(cls.__pulumiType, token);
                assert.ok(schema.resources[token], `${token} is not a key of schema.resources`);
                const res = construct(name, `token-${name}`, FULL_ARGS[name]);
                await promiseOf(res.urn);
                const reg = registrationOf(`token-${name}`);
                assert.strictEqual(reg.type, token);
                assert.strictEqual(reg.op, "register");
                assert.ok(classOf(name).isInstance(res));
                assert.ok(!classOf(name).isInstance({}) && !classOf(name).isInstance(undefined));
                const other = RESOURCES.find(r => r !== name) as ResourceName;
                assert.ok(!classOf(other).isInstance(res), `${other}.isInstance accepts a ${name}`);
            });

            it("declares Args, State and outputs exactly as the schema (names, kinds, optionality)", () => {
                const r = schemaResource(name);
                const declared = DECLARED[name];
                assert.deepStrictEqual(declared.args, schemaShape(r.inputProperties, r.requiredInputs), `${name}Args`);
                assert.deepStrictEqual(declared.state, schemaShape(r.stateInputs.properties, []), `${name}State`);
                assert.deepStrictEqual(declared.outputs, schemaShape(r.properties, r.required), `${name} outputs`);
            });

            it("sends every schema input, and nothing else, to the engine (nested objects included)", async () => {
                const r = schemaResource(name);
                const res = construct(name, `inputs-${name}`, FULL_ARGS[name]);
                await promiseOf(res.urn);
                const sent = reveal(registrationOf(`inputs-${name}`).raw) as Record<string, unknown>;
                assert.deepStrictEqual(sorted(Object.keys(sent)), sorted(Object.keys(r.inputProperties)));
                // Values arrive unchanged (apart from secret markers).
                assert.deepStrictEqual(sent, JSON.parse(JSON.stringify(FULL_ARGS[name])));
                for (const [key, p] of Object.entries(r.inputProperties)) {
                    const nested = nestedTypeOf(p);
                    if (nested === undefined) {
                        continue;
                    }
                    const allowed = Object.keys(schemaType(nested).properties);
                    const objects = Array.isArray(sent[key]) ? (sent[key] as unknown[]) : [sent[key]];
                    assert.strictEqual(Array.isArray(sent[key]), p.type === "array", `${key}: array vs single object`);
                    for (const o of objects) {
                        assert.ok(isRecord(o), `${key} is not an object`);
                        for (const k of Object.keys(o)) {
                            assert.ok(allowed.includes(k), `${key}.${k} is not a property of ${nested}`);
                        }
                    }
                }
            });

            it("throws `Missing required property` for exactly the schema's required inputs", async () => {
                const r = schemaResource(name);
                const required = new Set(r.requiredInputs ?? []);
                const pending: Promise<string>[] = [];
                for (const key of Object.keys(r.inputProperties)) {
                    const args = without(FULL_ARGS[name], key);
                    if (required.has(key)) {
                        assert.throws(() => construct(name, `missing-${key}`, args),
                            (err: unknown) => err instanceof Error && err.message === `Missing required property '${key}'`,
                            `${name} without ${key} should throw`);
                    } else {
                        pending.push(promiseOf(construct(name, `optional-${key}`, args).urn));
                    }
                }
                await Promise.all(pending);
                // Rehydration by URN skips the check.
                const original = construct(name, `urn-${name}`, FULL_ARGS[name]);
                const urn = await promiseOf(original.urn);
                await promiseOf(construct(name, `urn-${name}`, undefined, { urn }).urn);
            });

            it("exposes every schema output as an Output, output-only ones resolved from the provider", async () => {
                const r = schemaResource(name);
                const res = construct(name, `outputs-${name}`, FULL_ARGS[name]);
                assert.strictEqual(await promiseOf(res.id), `outputs-${name}-id`);
                for (const [key, p] of Object.entries(r.properties)) {
                    const out = outputOf(res, key);
                    assert.ok(pulumi.Output.isInstance(out), `${name}.${key} is not an Output`);
                    const value = await promiseOf(out as pulumi.Output<unknown>);
                    const expected = key in r.inputProperties
                        ? (FULL_ARGS[name] as Record<string, unknown>)[key]
                        : fakeValue(key, p);
                    assert.deepStrictEqual(value, expected, `${name}.${key}`);
                }
            });

            it("get() reads by id with the state inputs, the type token and version 3.15.0", async () => {
                const r = schemaResource(name);
                const state = Object.fromEntries(Object.keys(r.stateInputs.properties)
                    .filter(k => k in (FULL_ARGS[name] as Record<string, unknown>))
                    .map(k => [k, (FULL_ARGS[name] as Record<string, unknown>)[k]]));
                const res = classOf(name).get(`get-${name}`, "existing-id", state as never);
                assert.strictEqual(await promiseOf(res.id), "existing-id");
                const reg = registrationOf(`get-${name}`);
                assert.strictEqual(reg.op, "read");
                assert.strictEqual(reg.type, token);
                assert.strictEqual(reg.id, "existing-id");
                assert.strictEqual(reg.version, VERSION);
                for (const k of Object.keys(reg.raw)) {
                    assert.ok(k in r.stateInputs.properties, `get() sent ${k}, not a state input`);
                }
            });

            it("defaults the version resource option to 3.15.0, and an explicit version wins", async () => {
                const a = construct(name, `version-default-${name}`, FULL_ARGS[name]);
                const b = construct(name, `version-explicit-${name}`, FULL_ARGS[name], { version: "3.14.1" });
                await Promise.all([promiseOf(a.urn), promiseOf(b.urn)]);
                assert.strictEqual(registrationOf(`version-default-${name}`).version, VERSION);
                assert.strictEqual(registrationOf(`version-explicit-${name}`).version, "3.14.1");
            });

            it("marks exactly the schema's secret fields as secret in the request", async () => {
                const r = schemaResource(name);
                const res = construct(name, `secrets-${name}`, FULL_ARGS[name]);
                await promiseOf(res.urn);
                const raw = registrationOf(`secrets-${name}`).raw;
                const expected: string[] = [];
                for (const [key, p] of Object.entries(r.inputProperties)) {
                    const value = reveal(raw[key]);
                    if (p.secret) {
                        expected.push(key);
                        continue;
                    }
                    const nested = nestedTypeOf(p);
                    if (nested === undefined) {
                        continue;
                    }
                    const secretFields = Object.entries(schemaType(nested).properties).filter(([, f]) => f.secret).map(([k]) => k);
                    const items = Array.isArray(value) ? value.map((v, i) => [`${key}[${i}]`, v] as const) : [[key, value] as const];
                    for (const [at, item] of items) {
                        for (const f of secretFields) {
                            if (isRecord(item) && item[f] !== undefined) {
                                expected.push(`${at}.${f}`);
                            }
                        }
                    }
                }
                assert.deepStrictEqual(sorted(secretPaths(raw)), sorted(expected));
            });
        });
    }

    describe("secret inputs", () => {
        it("VariableGroup: only variables[].secretValue is secret; absent secretValue stays absent", async () => {
            const vg = new sdk.VariableGroup("vg-secrets", fullVariableGroup);
            await promiseOf(vg.urn);
            const raw = registrationOf("vg-secrets").raw;
            const variables = raw["variables"] as Record<string, unknown>[];
            assert.ok(isSecretValue(variables[1]?.["secretValue"]), "secretValue was sent in plain text");
            assert.strictEqual(reveal(variables[1]?.["secretValue"]), "s3cr3t-value");
            assert.strictEqual(variables[0]?.["value"], "plain-value");
            assert.strictEqual(variables[1]?.["name"], "hidden");
            assert.strictEqual(variables[1]?.["isSecret"], true);
            assert.ok(!("secretValue" in (variables[0] ?? {})), "an absent secretValue must not be sent");
            assert.ok(!isSecretValue(raw["projectId"]) && !isSecretValue(raw["name"]));
            assert.strictEqual(await pulumi.isSecret(vg.variables), true);
            assert.strictEqual(await pulumi.isSecret(vg.projectId), false);
        });

        it("VariableGroup: a group without secret values (Key Vault link) has no secrets", async () => {
            const vg = new sdk.VariableGroup("vg-kv", {
                projectId: "project-id",
                keyVault: { name: "kv-example", serviceEndpointId: "se-id" },
                variables: [{ name: "db-password" }, { name: "api-key" }],
            });
            await promiseOf(vg.urn);
            const raw = registrationOf("vg-kv").raw;
            assert.deepStrictEqual(secretPaths(raw), []);
            assert.deepStrictEqual(raw["variables"], [{ name: "db-password" }, { name: "api-key" }]);
            assert.deepStrictEqual(raw["keyVault"], { name: "kv-example", serviceEndpointId: "se-id" });
            assert.strictEqual(await pulumi.isSecret(vg.variables), false);
        });

        it("VariableGroup: secretValue stays secret when variables or their values are Outputs", async () => {
            const vg1 = new sdk.VariableGroup("vg-output-array", {
                projectId: "project-id",
                variables: pulumi.output([{ name: "a", value: "x" }, { name: "b", isSecret: true, secretValue: "from-output" }]),
            });
            const vg2 = new sdk.VariableGroup("vg-output-items", {
                projectId: "project-id",
                variables: [
                    pulumi.output({ name: "a", isSecret: true, secretValue: "item-output" }),
                    { name: "b", isSecret: true, secretValue: pulumi.output("value-output") },
                    // An Output that resolves to undefined (e.g. an unset optional config value).
                    { name: "c", isSecret: true, secretValue: pulumi.output(undefined as unknown as string) },
                ],
            });
            await Promise.all([promiseOf(vg1.urn), promiseOf(vg2.urn)]);
            assert.deepStrictEqual(secretPaths(registrationOf("vg-output-array").raw), ["variables[1].secretValue"]);
            const raw2 = registrationOf("vg-output-items").raw;
            assert.deepStrictEqual(sorted(secretPaths(raw2)), ["variables[0].secretValue", "variables[1].secretValue"]);
            assert.deepStrictEqual(reveal(raw2["variables"]), [
                { name: "a", isSecret: true, secretValue: "item-output" },
                { name: "b", isSecret: true, secretValue: "value-output" },
                { name: "c", isSecret: true },
            ]);
        });

        it("ServiceEndpointAzureRM: credentials key and certificate are secret, the client id is not", async () => {
            const se = new sdk.ServiceEndpointAzureRM("se-secrets", fullServiceEndpoint);
            await promiseOf(se.urn);
            const raw = registrationOf("se-secrets").raw;
            const credentials = raw["credentials"] as Record<string, unknown>;
            assert.ok(isSecretValue(credentials["serviceprincipalkey"]));
            assert.ok(isSecretValue(credentials["serviceprincipalcertificate"]));
            assert.strictEqual(credentials["serviceprincipalid"], "client-id");
            assert.strictEqual(raw["azurermSpnTenantid"], "tenant-id");
            assert.strictEqual(await pulumi.isSecret(se.credentials), true);
            assert.strictEqual(await pulumi.isSecret(se.serviceEndpointName), false);
        });

        it("ServiceEndpointAzureRM: WIF credentials and automatic endpoints carry no secrets", async () => {
            const wif = new sdk.ServiceEndpointAzureRM("se-wif", {
                projectId: "project-id",
                serviceEndpointName: "wif",
                serviceEndpointAuthenticationScheme: "WorkloadIdentityFederation",
                credentials: { serviceprincipalid: "client-id" },
                azurermSpnTenantid: "tenant-id",
                azurermSubscriptionId: "subscription-id",
                azurermSubscriptionName: "subscription-name",
            });
            const automatic = new sdk.ServiceEndpointAzureRM("se-auto", {
                projectId: "project-id",
                serviceEndpointName: "auto",
                azurermSpnTenantid: "tenant-id",
                azurermSubscriptionId: "subscription-id",
                azurermSubscriptionName: "subscription-name",
            });
            await Promise.all([promiseOf(wif.urn), promiseOf(automatic.urn)]);
            const wifRaw = registrationOf("se-wif").raw;
            assert.deepStrictEqual(wifRaw["credentials"], { serviceprincipalid: "client-id" });
            assert.deepStrictEqual(secretPaths(wifRaw), []);
            const autoRaw = registrationOf("se-auto").raw;
            assert.ok(!("credentials" in autoRaw), "an omitted credentials block must not be sent");
            assert.deepStrictEqual(secretPaths(autoRaw), []);
            assert.strictEqual(await promiseOf(wif.workloadIdentityFederationIssuer), "fake-workloadIdentityFederationIssuer");
        });
    });

    describe("Provider", () => {
        it("is pulumi:providers:azuredevops, declares the schema's config and its string outputs", async () => {
            assert.deepStrictEqual(providerArgs, schemaShape(schema.provider.inputProperties, []));
            const stringProps = Object.fromEntries(Object.entries(schema.provider.properties).filter(([, p]) => p.type === "string"));
            assert.deepStrictEqual(providerOutputs, schemaShape(stringProps, []));
            const provider = new sdk.Provider("provider-token", { orgServiceUrl: "https://dev.azure.com/example" });
            await promiseOf(provider.urn);
            const reg = registrationOf("provider-token");
            assert.strictEqual(reg.type, "pulumi:providers:azuredevops");
            assert.strictEqual(reg.version, VERSION);
            assert.ok(sdk.Provider.isInstance(provider));
            const environment = new sdk.Environment("not-a-provider", fullEnvironment);
            await promiseOf(environment.urn);
            assert.ok(!sdk.Provider.isInstance(environment));
            assert.ok(!sdk.Environment.isInstance(provider));
            const explicit = new sdk.Provider("provider-version", {}, { version: "3.14.0" });
            await promiseOf(explicit.urn);
            assert.strictEqual(registrationOf("provider-version").version, "3.14.0");
        });

        it("wraps the schema's secret config, lists it in additionalSecretOutputs, JSON-encodes non-strings", async () => {
            const provider = new sdk.Provider("provider-full", fullProvider);
            await promiseOf(provider.urn);
            const reg = registrationOf("provider-full");
            const secretKeys = Object.entries(schema.provider.inputProperties).filter(([, p]) => p.secret).map(([k]) => k);
            assert.deepStrictEqual(sorted(secretPaths(reg.raw)), sorted(secretKeys));
            assert.deepStrictEqual(sorted(reg.additionalSecretOutputs), sorted(secretKeys));
            const sent = reveal(reg.raw) as Record<string, unknown>;
            assert.deepStrictEqual(sorted(Object.keys(sent)), sorted(Object.keys(schema.provider.inputProperties)));
            for (const [key, p] of Object.entries(schema.provider.inputProperties)) {
                const given = (fullProvider as Record<string, unknown>)[key];
                assert.strictEqual(sent[key], p.type === "string" ? given : JSON.stringify(given), key);
            }
            assert.strictEqual(sent["useCli"], "true");
            assert.strictEqual(sent["auxiliaryTenantIds"], "[\"aux-tenant-1\",\"aux-tenant-2\"]");
            assert.strictEqual(await pulumi.isSecret(provider.personalAccessToken), true);
            assert.strictEqual(await pulumi.isSecret(provider.orgServiceUrl), false);
        });

        it("falls back to AZDO_ORG_SERVICE_URL for orgServiceUrl, an explicit value wins", async () => {
            const envVars = schema.provider.inputProperties["orgServiceUrl"]?.defaultInfo?.environment;
            assert.deepStrictEqual(envVars, ["AZDO_ORG_SERVICE_URL"]);
            const saved = process.env["AZDO_ORG_SERVICE_URL"];
            process.env["AZDO_ORG_SERVICE_URL"] = "https://dev.azure.com/from-env";
            try {
                const fromEnv = new sdk.Provider("provider-env", {});
                const explicit = new sdk.Provider("provider-explicit", { orgServiceUrl: "https://dev.azure.com/explicit" });
                await Promise.all([promiseOf(fromEnv.urn), promiseOf(explicit.urn)]);
            } finally {
                if (saved === undefined) {
                    delete process.env["AZDO_ORG_SERVICE_URL"];
                } else {
                    process.env["AZDO_ORG_SERVICE_URL"] = saved;
                }
            }
            assert.strictEqual(registrationOf("provider-env").raw["orgServiceUrl"], "https://dev.azure.com/from-env");
            assert.strictEqual(registrationOf("provider-explicit").raw["orgServiceUrl"], "https://dev.azure.com/explicit");
            assert.deepStrictEqual(secretPaths(registrationOf("provider-env").raw), []);
        });
    });

    describe("nested types", () => {
        for (const [name, declared] of Object.entries(DECLARED_TYPES)) {
            it(`types.input.${name} / types.output.${name} match the schema type`, () => {
                const t = schemaType(name);
                assert.deepStrictEqual(declared.input, schemaShape(t.properties, t.required), `types.input.${name}`);
                const requiredOutputs = t.language?.nodejs?.requiredOutputs ?? t.required;
                assert.deepStrictEqual(declared.output, schemaShape(t.properties, requiredOutputs), `types.output.${name}`);
            });
        }

        it("covers every type the schema defines", () => {
            assert.deepStrictEqual(sorted(Object.keys(DECLARED_TYPES).map(typeToken)), sorted(Object.keys(schema.types)));
        });
    });

    describe("functions", () => {
        for (const name of FUNCTIONS) {
            it(`${name} / ${name}Output declare the schema's inputs and result`, () => {
                const f = schemaFunction(name);
                const declared = DECLARED_FUNCTIONS[name];
                assert.deepStrictEqual(declared.args, schemaShape(f.inputs.properties, f.inputs.required), `${name} args`);
                assert.deepStrictEqual(declared.outputArgs, schemaShape(f.inputs.properties, f.inputs.required), `${name}Output args`);
                assert.deepStrictEqual(declared.result, schemaShape(f.outputs.properties, f.outputs.required), `${name} result`);
            });
        }

        it("getProject invokes azuredevops:index/getProject:getProject with version 3.15.0", async () => {
            const result = await sdk.getProject({ name: "Example Project" });
            assert.strictEqual(invocations.length, 1);
            const call = invocations[0] as Invocation;
            assert.strictEqual(call.token, "azuredevops:index/getProject:getProject");
            assert.ok(schema.functions[call.token]);
            assert.strictEqual(call.version, VERSION);
            assert.deepStrictEqual(call.raw, { name: "Example Project" });
            assert.strictEqual(result.name, "Example Project");
            assert.strictEqual(result.processTemplateId, "fake-processTemplateId");
        });

        it("getProjectOutput invokes the same token with version 3.15.0; an explicit version wins", async () => {
            const result = await promiseOf(sdk.getProjectOutput({ projectId: pulumi.output("project-id") }));
            assert.strictEqual(result.projectId, "project-id");
            await sdk.getProject({ projectId: "p" }, { version: "3.14.1" });
            assert.deepStrictEqual(invocations.map(i => [i.token, i.version]), [
                ["azuredevops:index/getProject:getProject", VERSION],
                ["azuredevops:index/getProject:getProject", "3.14.1"],
            ]);
            assert.deepStrictEqual(invocations[0]?.raw, { projectId: "project-id" });
        });

        it("getGitRepository(/Output) invoke their schema token with version 3.15.0 and only the schema's inputs", async () => {
            const plain = await sdk.getGitRepository({ projectId: "project-id", name: "infra" });
            const lifted = await promiseOf(sdk.getGitRepositoryOutput({ projectId: pulumi.output("project-id"), name: "infra" }));
            const token = "azuredevops:index/getGitRepository:getGitRepository";
            const calls = invocations.filter((c) => c.token === token);
            assert.strictEqual(calls.length, 2);
            for (const call of calls) {
                assert.strictEqual(call.version, VERSION);
                assert.deepStrictEqual(reveal(call.raw), { projectId: "project-id", name: "infra" });
            }
            assert.strictEqual(plain.name, "infra");
            assert.strictEqual(lifted.projectId, "project-id");
        });

        it("getServiceEndpointAzureRM(/Output) invoke their schema token with version 3.15.0", async () => {
            const plain = await sdk.getServiceEndpointAzureRM({ projectId: "project-id", serviceEndpointName: "se" });
            const lifted = await promiseOf(sdk.getServiceEndpointAzureRMOutput({ projectId: "project-id", serviceEndpointId: "se-id" }));
            const token = "azuredevops:index/getServiceEndpointAzureRM:getServiceEndpointAzureRM";
            assert.ok(schema.functions[token]);
            assert.deepStrictEqual(invocations.map(i => [i.token, i.version]), [[token, VERSION], [token, VERSION]]);
            assert.deepStrictEqual(invocations.map(i => i.raw), [
                { projectId: "project-id", serviceEndpointName: "se" },
                { projectId: "project-id", serviceEndpointId: "se-id" },
            ]);
            for (const call of invocations) {
                for (const k of Object.keys(call.raw)) {
                    assert.ok(k in schemaFunction("getServiceEndpointAzureRM").inputs.properties, k);
                }
            }
            assert.strictEqual(plain.serviceEndpointName, "se");
            assert.strictEqual(lifted.azurermSpnTenantid, "fake-azurermSpnTenantid");
        });

        it("getIdentityGroup(/Output) and getIdentityUsers(/Output) invoke their schema tokens with version 3.15.0", async () => {
            const group = await sdk.getIdentityGroup({ projectId: "project-id", name: "[payments]\\Release Approvers" });
            const lifted = await promiseOf(sdk.getIdentityGroupOutput({ projectId: pulumi.output("project-id"), name: "[payments]\\Release Approvers" }));
            const user = await promiseOf(sdk.getIdentityUsersOutput({ name: "ana@contoso.com", searchFilter: "MailAddress" }));
            const groupToken = "azuredevops:index/getIdentityGroup:getIdentityGroup";
            const usersToken = "azuredevops:index/getIdentityUsers:getIdentityUsers";
            assert.deepStrictEqual(invocations.map(i => [i.token, i.version]), [[groupToken, VERSION], [groupToken, VERSION], [usersToken, VERSION]]);
            assert.deepStrictEqual(invocations.map(i => i.raw), [
                { projectId: "project-id", name: "[payments]\\Release Approvers" },
                { projectId: "project-id", name: "[payments]\\Release Approvers" },
                { name: "ana@contoso.com", searchFilter: "MailAddress" },
            ]);
            assert.strictEqual(group.subjectDescriptor, "fake-subjectDescriptor");
            assert.strictEqual(lifted.descriptor, "fake-descriptor");
            assert.strictEqual(user.subjectDescriptor, "fake-subjectDescriptor");
        });
    });
});
