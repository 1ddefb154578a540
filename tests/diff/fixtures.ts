import { PlanDocument, PlanResource } from "../../tools/plan/render";

export const PROJECT = "proj";
export const STACK = "dev";
export const STACK_URN = `urn:pulumi:${STACK}::${PROJECT}::pulumi:pulumi:Stack::${PROJECT}-${STACK}`;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A resource of a constructed plan: URN from its parent's type chain (`parentType`), parent the stack by default. */
export function res(
    type: string,
    name: string,
    inputs: Record<string, unknown> = {},
    opts: { parent?: string; parentType?: string; deps?: string[]; protect?: boolean } = {},
): Mutable<PlanResource> {
    const chain = opts.parentType ?? "pulumi:pulumi:Stack";
    return {
        urn: `urn:pulumi:${STACK}::${PROJECT}::${chain}$${type}::${name}`,
        type,
        name,
        parent: opts.parent ?? STACK_URN,
        inputs,
        dependencies: opts.deps ?? [],
        protect: opts.protect ?? false,
    };
}

export function stackResource(): PlanResource {
    return { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: `${PROJECT}-${STACK}`, inputs: {}, dependencies: [], protect: false };
}

export function plan(resources: readonly PlanResource[]): PlanDocument {
    return { project: PROJECT, stack: STACK, resources: [stackResource(), ...resources], outputs: {}, policies: { violations: [] } };
}

export const VAULT = "azure-native:keyvault:Vault";
export const SECRET = "azure-native:keyvault:Secret";
export const PASSWORD = "random:index/randomPassword:RandomPassword";
export const ROLE = "azure-native:authorization:RoleAssignment";
export const GROUP = "azuredevops:index/variableGroup:VariableGroup";

export function vault(retention = 30, vaultName = "kv-dev-abcd"): Mutable<PlanResource> {
    return res(VAULT, "dev-vault", {
        location: "westeurope",
        resourceGroupName: "rg-dev",
        vaultName,
        properties: { softDeleteRetentionInDays: retention, sku: { name: "standard" } },
    });
}

/** A Key Vault Secret; `generator` makes it depend on that RandomPassword (its value source). */
export function secret(name: string, opts: { source?: string; generator?: PlanResource; contentType?: string } = {}): Mutable<PlanResource> {
    return res(
        SECRET,
        `dev-secrets-${name}`,
        {
            properties: { contentType: opts.contentType ?? "text/plain", value: "[secret]" },
            resourceGroupName: "rg-dev",
            secretName: name,
            tags: { environment: "dev", ...(opts.source ? { source: opts.source } : {}) },
            vaultName: "kv-dev-abcd",
        },
        { deps: opts.generator ? [opts.generator.urn] : [] },
    );
}

export function password(name: string, length = 32): Mutable<PlanResource> {
    return res(PASSWORD, `dev-secrets-${name}-value`, { length, special: true });
}
