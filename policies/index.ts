// The policy pack's entry point (package.json `main` → bin/index.js), run by `pulumi preview --policy-pack policies`.
// Constructing a PolicyPack starts the analyzer's gRPC server: never import this module from tests or tools — use
// `./policyList` instead.
import { PolicyPack } from "@pulumi/policy";
import { allPolicies, packEnforcementLevel } from "./policyList";

new PolicyPack("keyvault-devops", { policies: [...allPolicies], enforcementLevel: packEnforcementLevel });
