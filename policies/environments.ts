// Environment consistency: the vaults of a stack all say which environment they belong to, agree, and match the
// stack, so a staging program can never be pointed at a production vault (or tagged as one).
import type { PolicyConfigSchema, StackValidationPolicy } from "@pulumi/policy";
import { vaultEnvironment, vaultLabel } from "./keyVault";
import { mustMessage, ofType, policyConfig, UNKNOWN, urnStack, Types, validateStackPlain } from "./util";

const environmentTagSchema: PolicyConfigSchema = {
    properties: {
        stackEnvironments: {
            type: "object",
            additionalProperties: { type: "string", minLength: 1 },
            default: {},
            description:
                'The environment of stacks whose name is not the environment itself, e.g. { "prod-eu": "production" }.',
        },
    },
};

export const keyVaultEnvironmentTag: StackValidationPolicy = {
    name: "keyvault-environment-tag",
    description:
        "Checks whether all Key Vaults of a stack carry an environment tag, with one value for all of them, matching the stack (its name, or its entry in stackEnvironments).",
    enforcementLevel: "mandatory",
    configSchema: environmentTagSchema,
    validateStack: validateStackPlain((resources, args, report) => {
        const { stackEnvironments } = policyConfig<{ stackEnvironments: Record<string, string> }>(
            environmentTagSchema,
            () => args.getConfig(),
        );
        const vaults = ofType(resources, Types.Vault);
        const stack = resources.map((r) => urnStack(r.urn)).find((s) => s !== undefined);
        if (vaults.length === 0 || stack === undefined) {
            return;
        }
        const expected = Object.prototype.hasOwnProperty.call(stackEnvironments, stack)
            ? (stackEnvironments[stack] ?? stack)
            : stack;
        const values = new Map<string, string>(); // lower-cased → as first written
        for (const vault of vaults) {
            const environment = vaultEnvironment(vault.props);
            if (environment === UNKNOWN) {
                continue;
            }
            const label = vaultLabel(vault.props, vault.name);
            if (environment === undefined || environment.trim() === "") {
                report(mustMessage(label, "carry an environment tag", environment), vault.urn);
                continue;
            }
            const key = environment.toLowerCase();
            values.set(key, values.get(key) ?? environment);
            if (key !== expected.toLowerCase()) {
                report(
                    mustMessage(label, `carry environment tag '${expected}' to match stack '${stack}'`, environment),
                    vault.urn,
                );
            }
        }
        if (values.size > 1) {
            const found = [...values.values()].sort().join(", ");
            report(mustMessage(`Key Vaults of stack '${stack}'`, "share one environment tag value", found));
        }
    }),
};
