// The helpers shared by the policies, one module per concern; this file gathers them under the one import path the
// policies (and the offline tools, through keyvault-devops-policies/bin/util) use.
export * from "./types";
export * from "./unknowns";
export * from "./readers";
export * from "./messages";
export * from "./config";
export * from "./resourceValidation";
export * from "./stackValidation";
