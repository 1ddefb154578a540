// Unknowns everywhere: every policy, over every compliant fixture, with each property path in turn replaced by an
// unknown — the engine's sentinel behind @pulumi/policy's proxy (what `pulumi preview` produces), and the offline
// plan's "[unknown]" — must report nothing and must not throw. The same for the in-process runner, and for the
// offline plan's "[secret]" placeholder (a secret whose content the plan cannot show, wherever it appears).
import { strict as assert } from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "keyvault-devops-policies/bin/policyList";
import { loadPolicyConfig } from "../../tools/policy-runner/packConfig";
import { runPolicies } from "../../tools/policy-runner/runPolicies";
import { compliantStack } from "./fixtures";
import {
    allPaths,
    checkResource,
    checkStack,
    ENGINE_UNKNOWN,
    pathText,
    planned,
    PLAN_SECRET,
    PLAN_UNKNOWN,
    TestResource,
    unknownCheckingProxy,
    withProp,
} from "./helpers";

const stacks: ReadonlyArray<readonly [string, TestResource[]]> = [
    ["staging", compliantStack("staging")],
    ["production", compliantStack("production")],
    ["production with property dependencies", compliantStack("production", { propertyDependencies: true })],
];

/** Every leaf of `value` replaced by `unknown`. */
function allLeavesUnknown(value: unknown, unknown: string): unknown {
    if (Array.isArray(value)) {
        return value.map((v) => allLeavesUnknown(v, unknown));
    }
    if (typeof value === "object" && value !== null) {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, allLeavesUnknown(v, unknown)]));
    }
    return unknown;
}

/** Each variant of a stack with one property of one resource unknown. */
function* unknownVariants(stack: readonly TestResource[], unknown: string): Generator<[string, TestResource[]]> {
    for (const [i, resource] of stack.entries()) {
        for (const path of allPaths(resource.props)) {
            const variant = [...stack];
            variant[i] = withProp(resource, path, unknown);
            yield [`${resource.name}${pathText(path)}`, variant];
        }
        const variant = [...stack];
        variant[i] = { ...resource, props: allLeavesUnknown(resource.props, unknown) as Record<string, unknown> };
        yield [`${resource.name} (every value)`, variant];
    }
    yield ["everything", stack.map((r) => ({ ...r, props: allLeavesUnknown(r.props, unknown) as Record<string, unknown> }))];
}

function isStackPolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is StackValidationPolicy {
    return "validateStack" in p;
}

describe("policies: unknown values", () => {
    it("the fixtures are compliant", async () => {
        for (const [, stack] of stacks) {
            for (const policy of allPolicies) {
                if (isStackPolicy(policy)) {
                    assert.deepEqual(await checkStack(policy, stack), [], policy.name);
                } else {
                    for (const r of stack) {
                        assert.deepEqual(await checkResource(policy, r), [], `${policy.name} on ${r.name}`);
                    }
                }
            }
        }
    });

    it("the engine's unknowns are behind @pulumi/policy's throwing proxy in these tests", () => {
        const props = unknownCheckingProxy({ properties: { enablePurgeProtection: ENGINE_UNKNOWN } });
        assert.throws(() => props.properties.enablePurgeProtection, /can't be known during preview/);
    });

    for (const unknown of [ENGINE_UNKNOWN, PLAN_UNKNOWN, PLAN_SECRET]) {
        const kind = unknown === ENGINE_UNKNOWN ? "engine sentinel (proxied)" : JSON.stringify(unknown);
        for (const policy of allPolicies) {
            it(`${policy.name}: no violation and no throw with any single ${kind} value`, async () => {
                let variants = 0;
                // A resource policy sees one resource: a variant shares every resource but the one it changed with
                // the stack (the same object), so each resource object is checked once, not once per variant (the
                // same calls, without ≈ 30 identical repeats of each).
                const checked = new Set<TestResource>();
                for (const [stackName, stack] of stacks) {
                    for (const [where, variant] of unknownVariants(stack, unknown)) {
                        variants++;
                        if (isStackPolicy(policy)) {
                            assert.deepEqual(await checkStack(policy, variant), [], `${stackName}: ${where}`);
                        } else {
                            for (const r of variant) {
                                if (checked.has(r)) {
                                    continue;
                                }
                                checked.add(r);
                                assert.deepEqual(await checkResource(policy, r), [], `${stackName}: ${where} on ${r.name}`);
                            }
                        }
                    }
                }
                assert.ok(variants > 100);
            });
        }
    }

    it('the runner: no violation with any single "[unknown]" or "[secret]" value, under either shipped config', async function () {
        this.timeout(120000);
        for (const [stackName, stack] of stacks) {
            const environment = stackName.startsWith("production") ? "production" : "staging";
            const config = loadPolicyConfig(require.resolve(`keyvault-devops-policies/config.${environment}.json`));
            for (const placeholder of [PLAN_UNKNOWN, PLAN_SECRET]) {
                for (const [where, variant] of unknownVariants(stack, placeholder)) {
                    assert.deepEqual(await runPolicies(planned(variant, environment), config), [], `${stackName}: ${where} = ${placeholder}`);
                }
            }
        }
    });
});
