// Hand-written subset of the Pulumi-generated Node SDK for the azuredevops provider v3.15.0.
// Names, tokens and shapes mirror ./schema.json exactly (see README.md); do not rename anything.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

import { BranchPolicyBuildValidation, BranchPolicyBuildValidationArgs } from "./branchPolicyBuildValidation";
import { BuildDefinition, BuildDefinitionArgs } from "./buildDefinition";
import { CheckApproval, CheckApprovalArgs } from "./checkApproval";
import { CheckBusinessHours, CheckBusinessHoursArgs } from "./checkBusinessHours";
import { Environment, EnvironmentArgs } from "./environment";
import { PipelineAuthorization, PipelineAuthorizationArgs } from "./pipelineAuthorization";
import { Project, ProjectArgs } from "./project";
import { Provider } from "./provider";
import { ServiceEndpointAzureRM, ServiceEndpointAzureRMArgs } from "./serviceEndpointAzureRM";
import { VariableGroup, VariableGroupArgs } from "./variableGroup";

// Export members:
export { BranchPolicyBuildValidation } from "./branchPolicyBuildValidation";
export type { BranchPolicyBuildValidationArgs, BranchPolicyBuildValidationState } from "./branchPolicyBuildValidation";
export { BuildDefinition } from "./buildDefinition";
export type { BuildDefinitionArgs, BuildDefinitionState } from "./buildDefinition";
export { CheckApproval } from "./checkApproval";
export type { CheckApprovalArgs, CheckApprovalState } from "./checkApproval";
export { CheckBusinessHours } from "./checkBusinessHours";
export type { CheckBusinessHoursArgs, CheckBusinessHoursState } from "./checkBusinessHours";
export { Environment } from "./environment";
export type { EnvironmentArgs, EnvironmentState } from "./environment";
export { getGitRepository, getGitRepositoryOutput } from "./getGitRepository";
export type { GetGitRepositoryArgs, GetGitRepositoryResult, GetGitRepositoryOutputArgs } from "./getGitRepository";
export { getIdentityGroup, getIdentityGroupOutput } from "./getIdentityGroup";
export type { GetIdentityGroupArgs, GetIdentityGroupResult, GetIdentityGroupOutputArgs } from "./getIdentityGroup";
export { getIdentityUsers, getIdentityUsersOutput } from "./getIdentityUsers";
export type { GetIdentityUsersArgs, GetIdentityUsersResult, GetIdentityUsersOutputArgs } from "./getIdentityUsers";
export { getProject, getProjectOutput } from "./getProject";
export type { GetProjectArgs, GetProjectResult, GetProjectOutputArgs } from "./getProject";
export { getServiceEndpointAzureRM, getServiceEndpointAzureRMOutput } from "./getServiceEndpointAzureRM";
export type { GetServiceEndpointAzureRMArgs, GetServiceEndpointAzureRMResult, GetServiceEndpointAzureRMOutputArgs } from "./getServiceEndpointAzureRM";
export { PipelineAuthorization } from "./pipelineAuthorization";
export type { PipelineAuthorizationArgs, PipelineAuthorizationState } from "./pipelineAuthorization";
export { Project } from "./project";
export type { ProjectArgs, ProjectState } from "./project";
export { Provider } from "./provider";
export type { ProviderArgs } from "./provider";
export { ServiceEndpointAzureRM } from "./serviceEndpointAzureRM";
export type { ServiceEndpointAzureRMArgs, ServiceEndpointAzureRMState } from "./serviceEndpointAzureRM";
export { VariableGroup } from "./variableGroup";
export type { VariableGroupArgs, VariableGroupState } from "./variableGroup";

// Export sub-modules:
import * as types from "./types";

export {
    types,
};

// Rehydration of resource references (e.g. from a StackReference or a component's outputs): the engine
// sends a URN and the runtime asks the module registered for `index/<name>` to construct the resource.
// The constructors take `(name, args, opts)`; with `opts.urn` set, the args are ignored.
const noArgs = undefined as unknown;

const _module: pulumi.runtime.ResourceModule = {
    version: utilities.getVersion(),
    construct: (name: string, type: string, urn: string): pulumi.Resource => {
        switch (type) {
            case "azuredevops:index/branchPolicyBuildValidation:BranchPolicyBuildValidation":
                return new BranchPolicyBuildValidation(name, noArgs as BranchPolicyBuildValidationArgs, { urn });
            case "azuredevops:index/buildDefinition:BuildDefinition":
                return new BuildDefinition(name, noArgs as BuildDefinitionArgs, { urn });
            case "azuredevops:index/checkApproval:CheckApproval":
                return new CheckApproval(name, noArgs as CheckApprovalArgs, { urn });
            case "azuredevops:index/checkBusinessHours:CheckBusinessHours":
                return new CheckBusinessHours(name, noArgs as CheckBusinessHoursArgs, { urn });
            case "azuredevops:index/environment:Environment":
                return new Environment(name, noArgs as EnvironmentArgs, { urn });
            case "azuredevops:index/pipelineAuthorization:PipelineAuthorization":
                return new PipelineAuthorization(name, noArgs as PipelineAuthorizationArgs, { urn });
            case "azuredevops:index/project:Project":
                return new Project(name, noArgs as ProjectArgs, { urn });
            case "azuredevops:index/serviceEndpointAzureRM:ServiceEndpointAzureRM":
                return new ServiceEndpointAzureRM(name, noArgs as ServiceEndpointAzureRMArgs, { urn });
            case "azuredevops:index/variableGroup:VariableGroup":
                return new VariableGroup(name, noArgs as VariableGroupArgs, { urn });
            default:
                throw new Error(`unknown resource type ${type}`);
        }
    },
};
pulumi.runtime.registerResourceModule("azuredevops", "index/branchPolicyBuildValidation", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/buildDefinition", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/checkApproval", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/checkBusinessHours", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/environment", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/pipelineAuthorization", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/project", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/serviceEndpointAzureRM", _module);
pulumi.runtime.registerResourceModule("azuredevops", "index/variableGroup", _module);
pulumi.runtime.registerResourcePackage("azuredevops", {
    version: utilities.getVersion(),
    constructProvider: (name: string, type: string, urn: string): pulumi.ProviderResource => {
        if (type !== "pulumi:providers:azuredevops") {
            throw new Error(`unknown provider type ${type}`);
        }
        return new Provider(name, undefined, { urn });
    },
});
