import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { allPolicies } from "keyvault-devops-policies/bin/policyList";
import { checkPolicyConfig, loadPolicyConfig, PolicyPackConfig, policyOptions, readPolicyConfig, resolveEnforcementLevel, validatePolicyConfig } from "../../tools/policy-runner/packConfig";
import { runPolicies, runPolicyList } from "../../tools/policy-runner/runPolicies";
import { compliantStack, replaceIn, T, vault } from "./fixtures";
import { DELETE, PLAN_UNKNOWN, planned, TestResource, urnOf, withProp } from "./helpers";

const policyByName = (name: string): ResourceValidationPolicy | StackValidationPolicy => {
    const found = allPolicies.find((p) => p.name === name);
    assert.ok(found, name);
    return found;
};

const VAULT_URN = urnOf(T.Vault, "vault", "staging");
const PURGE = "Key Vault 'kv-app-staging' must set enablePurgeProtection to true (found: false)";

/** The compliant staging stack with purge protection off: exactly one (resource) violation. */
function purgeOff(): TestResource[] {
    return replaceIn(compliantStack("staging"), "vault", (v) => withProp(v, ["properties", "enablePurgeProtection"], false));
}

function shipped(environment: string): string {
    return require.resolve(`keyvault-devops-policies/config.${environment}.json`);
}

let tmp: string;
function writeConfig(name: string, text: string): string {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
}

describe("policies: in-process runner", () => {
    before(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
    });
    after(() => {
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    describe("runPolicies", () => {
        it("reports nothing for compliant stacks under the shipped configs", async () => {
            assert.deepEqual(await runPolicies(planned(compliantStack("staging")), loadPolicyConfig(shipped("staging"))), []);
            const production = compliantStack("production", { propertyDependencies: true });
            assert.deepEqual(await runPolicies(planned(production, "production"), loadPolicyConfig(shipped("production"))), []);
            assert.deepEqual(await runPolicies(planned(production, "production")), []);
            assert.deepEqual(await runPolicies([]), []);
        });

        it("returns { policy, enforcementLevel, urn, message }", async () => {
            assert.deepEqual(await runPolicies(planned(purgeOff())), [
                { policy: "keyvault-purge-protection", enforcementLevel: "mandatory", urn: VAULT_URN, message: PURGE },
            ]);
        });

        it("orders violations by resource, then policy, resource checks on inputs and stack checks on outputs", async () => {
            let stack = purgeOff();
            stack = replaceIn(stack, "vault", (v) => withProp(withProp(v, ["properties", "enableRbacAuthorization"], false), ["tags"], DELETE));
            stack = replaceIn(stack, "db-password", (s) => withProp(s, ["properties", "contentType"], DELETE));
            stack = replaceIn(stack, "vault-diagnostics", () => undefined);
            stack = [...stack, { ...vault("staging"), name: "second-vault", props: { ...vault().props, vaultName: "kv-b", tags: { environment: "dev" } } }];
            const found = (await runPolicies(planned(stack))).map((v) => [v.policy, v.urn?.split("::").pop()]);
            assert.deepEqual(found, [
                ["keyvault-rbac-authorization", "vault"],
                ["keyvault-purge-protection", "vault"],
                ["keyvault-diagnostic-audit-logs", "vault"],
                ["keyvault-environment-tag", "vault"],
                ["keyvault-secret-content-type", "db-password"],
                ["keyvault-diagnostic-audit-logs", "second-vault"],
                ["keyvault-secret-rotation-events", "second-vault"],
                ["keyvault-environment-tag", "second-vault"],
            ]);
        });

        it("puts stack-level violations without a URN last", async () => {
            const stack = [...compliantStack("staging"), { ...vault("staging"), name: "v2", props: { ...vault().props, vaultName: "kv-b", tags: { environment: "dev" } } }];
            const violations = await runPolicies(planned(stack), { "keyvault-diagnostic-audit-logs": "disabled", "keyvault-secret-rotation-events": "disabled" });
            assert.deepEqual(violations.at(-1), {
                policy: "keyvault-environment-tag",
                enforcementLevel: "mandatory",
                message: "Key Vaults of stack 'staging' must share one environment tag value (found: dev, staging)",
            });
        });

        it("treats the plan's \"[unknown]\" as unknown and keeps \"[secret]\" as a set value", async () => {
            const unknownPurge = replaceIn(compliantStack("staging"), "vault", (v) => withProp(v, ["properties", "enablePurgeProtection"], PLAN_UNKNOWN));
            assert.deepEqual(await runPolicies(planned(unknownPurge)), []);
            const key = replaceIn(compliantStack("staging"), "azure-connection", (r) => withProp(r, ["credentials", "serviceprincipalkey"], "[secret]"));
            assert.deepEqual((await runPolicies(planned(key))).map((v) => v.message), [
                "Service connection 'sc-kv-staging' must not carry a client secret (credentials.serviceprincipalkey) (found: set)",
            ]);
        });

        it("takes a clock for the policies that measure from now", async () => {
            const notBefore = 1767225600; // 2026-01-01
            const stack = replaceIn(compliantStack("staging"), "db-password", (r) =>
                withProp(withProp(r, ["properties", "attributes", "notBefore"], DELETE), ["properties", "attributes", "expires"], notBefore + 100 * 86400),
            );
            const at = (seconds: number) => ({ now: () => seconds * 1000 });
            assert.deepEqual(await runPolicies(planned(stack), {}, at(notBefore + 20 * 86400)), []);
            assert.deepEqual((await runPolicies(planned(stack), {}, at(notBefore))).map((v) => v.message), [
                "Key Vault secret 'db-password' must expire within 90 days of now (found: 100 days)",
            ]);
        });

        it("validates the config it is given as the CLI does", async () => {
            // A name that is no policy, with a level: the CLI passes it on and the pack ignores it.
            assert.deepEqual(await runPolicies(planned(purgeOff()), { "no-such-policy": "advisory" }), [
                { policy: "keyvault-purge-protection", enforcementLevel: "mandatory", urn: VAULT_URN, message: PURGE },
            ]);
            // With options but no level, the CLI fails to configure the pack (Configure: invalid enforcement level "").
            await assert.rejects(runPolicies([], { "no-such-policy": { limit: 1 } }), /no-such-policy: options without an enforcementLevel for a name that is not a policy of the pack/);
        });
    });

    describe("enforcement levels", () => {
        const levelsFor = async (config: PolicyPackConfig): Promise<string[]> =>
            (await runPolicies(planned(purgeOff()), config)).map((v) => v.enforcementLevel);

        it("uses the policy's own level by default", async () => {
            assert.deepEqual(await levelsFor({}), ["mandatory"]);
            assert.equal(resolveEnforcementLevel(policyByName("keyvault-premium-sku-production")), "advisory");
        });

        it("applies `all` over the policies' own levels", async () => {
            assert.deepEqual(await levelsFor({ all: "advisory" }), ["advisory"]);
            assert.deepEqual(await levelsFor({ all: { enforcementLevel: "advisory" } }), ["advisory"]);
            assert.equal(resolveEnforcementLevel(policyByName("keyvault-premium-sku-production"), { all: "mandatory" }), "mandatory");
        });

        it("applies a policy's own entry over `all`, as a level or an object", async () => {
            assert.deepEqual(await levelsFor({ all: "advisory", "keyvault-purge-protection": "mandatory" }), ["mandatory"]);
            assert.deepEqual(await levelsFor({ all: "mandatory", "keyvault-purge-protection": { enforcementLevel: "advisory" } }), ["advisory"]);
            // An entry with options but no level falls back to `all`.
            assert.deepEqual(await levelsFor({ all: "advisory", "keyvault-soft-delete-retention": { minRetentionDays: 7 } }), ["advisory"]);
        });

        it("skips disabled policies", async () => {
            assert.deepEqual(await levelsFor({ "keyvault-purge-protection": "disabled" }), []);
            assert.deepEqual(await levelsFor({ all: "disabled" }), []);
            assert.deepEqual(await levelsFor({ all: "disabled", "keyvault-purge-protection": "advisory" }), ["advisory"]);
        });

        it("reports remediate as mandatory", async () => {
            assert.deepEqual(await levelsFor({ all: "advisory", "keyvault-purge-protection": "remediate" }), ["mandatory"]);
            assert.deepEqual(await levelsFor({ all: "remediate" }), ["mandatory"]);
        });

        it("falls back to the pack's level, then advisory, for a policy without one", async () => {
            const bare: ResourceValidationPolicy = { name: "bare", description: "Checks whether nothing.", validateResource: () => undefined };
            assert.equal(resolveEnforcementLevel(bare), "advisory");
            assert.equal(resolveEnforcementLevel(bare, { all: "mandatory" }), "mandatory");
        });

        it("matches the shipped configs: production mandatory but premium SKU and the naming convention, staging relaxed", () => {
            const production = loadPolicyConfig(shipped("production"));
            const staging = loadPolicyConfig(shipped("staging"));
            for (const policy of allPolicies) {
                const expected = ["keyvault-premium-sku-production", "keyvault-secret-name-convention"].includes(policy.name) ? "advisory" : "mandatory";
                assert.equal(resolveEnforcementLevel(policy, production), expected, policy.name);
            }
            const relaxed = allPolicies.filter((p) => resolveEnforcementLevel(p, staging) === "advisory").map((p) => p.name);
            assert.deepEqual(relaxed.sort(), [
                "keyvault-premium-sku-production",
                "keyvault-production-deletion-guard",
                "keyvault-secret-content-type",
                "keyvault-secret-max-validity",
                "keyvault-secret-name-convention",
            ]);
        });
    });

    describe("policy options", () => {
        it("getConfig() returns the configSchema defaults when nothing is configured", async () => {
            const seen: object[] = [];
            const probe: ResourceValidationPolicy = {
                name: "probe",
                description: "Checks whether getConfig works.",
                configSchema: { properties: { limit: { type: "integer", default: 90 }, names: { type: "array", default: ["a"] }, free: { type: "string" } } },
                validateResource: (args) => {
                    seen.push(args.getConfig());
                },
            };
            await runPolicyList([probe], planned([vault()]).slice(1));
            await runPolicyList([probe], planned([vault()]).slice(1), { probe: { limit: 30, free: "x" } });
            assert.deepEqual(seen, [{ limit: 90, names: ["a"] }, { limit: 30, names: ["a"], free: "x" }]);
        });

        it("policyOptions applies defaults and drops enforcementLevel", () => {
            const policy = policyByName("keyvault-secret-max-validity");
            assert.deepEqual(policyOptions(policy), { maxValidityDays: 90 });
            assert.deepEqual(policyOptions(policy, { "keyvault-secret-max-validity": { enforcementLevel: "advisory", maxValidityDays: 30 } }), {
                maxValidityDays: 30,
            });
            assert.deepEqual(policyOptions(policyByName("keyvault-environment-tag")), { stackEnvironments: {} });
        });

        it("a policy that changes the options it was given does not change what the next run's policies get", async () => {
            const seen: unknown[] = [];
            const probe: ResourceValidationPolicy = {
                name: "probe-mutating",
                description: "Checks whether options stay the caller's own.",
                configSchema: { properties: { names: { type: "array", items: { type: "string" }, default: ["a"] } } },
                validateResource: (args) => {
                    const options = args.getConfig<{ names: string[] }>();
                    seen.push(structuredClone(options));
                    options.names.push("added by the policy");
                },
            };
            const config = { "probe-mutating": { names: ["x"] } };
            await runPolicyList([probe], planned([vault()]).slice(1), config);
            await runPolicyList([probe], planned([vault()]).slice(1), config);
            assert.deepEqual(seen, [{ names: ["x"] }, { names: ["x"] }]);
            assert.deepEqual(config, { "probe-mutating": { names: ["x"] } }, "the caller's config is untouched");
            // Checked configs are remembered by their text (packConfig.ts): each caller still gets its own copy.
            const first = checkPolicyConfig(config, [probe]);
            (first.reconciled["probe-mutating"]?.properties?.names as string[]).push("changed by a caller");
            assert.deepEqual(checkPolicyConfig(config, [probe]).reconciled["probe-mutating"]?.properties, { names: ["x"] });
            // The same config checked again gives the same verdict, also when it is not plain JSON (never cached).
            assert.throws(() => validatePolicyConfig({ "keyvault-secret-max-validity": { maxValidityDays: "ninety" } }), /maxValidityDays/);
            assert.throws(() => validatePolicyConfig({ "keyvault-secret-max-validity": { maxValidityDays: "ninety" } }), /maxValidityDays/);
            assert.throws(() => validatePolicyConfig({ "keyvault-secret-max-validity": { maxValidityDays: Number.NaN } }), /maxValidityDays/);
        });

        it("passes configured options to the policies", async () => {
            const stack = replaceIn(compliantStack("staging"), "vault", (v) => withProp(v, ["properties", "softDeleteRetentionInDays"], 14));
            assert.deepEqual(await runPolicies(planned(stack)), []);
            assert.deepEqual((await runPolicies(planned(stack), { "keyvault-soft-delete-retention": { minRetentionDays: 30 } })).map((v) => v.message), [
                "Key Vault 'kv-app-staging' must set softDeleteRetentionInDays between 30 and 90 (found: 14)",
            ]);
        });
    });

    describe("the analyzer's behaviour", () => {
        it("builds resource args like the analyzer: inputs behind the unknown proxy, options, isType/asType", async () => {
            const seen: Array<Record<string, unknown>> = [];
            const probe: ResourceValidationPolicy = {
                name: "probe",
                description: "Checks whether args are complete.",
                validateResource: (args) => {
                    if (args.type !== T.Vault) {
                        return;
                    }
                    class Vault {
                        static readonly __pulumiType = T.Vault;
                    }
                    class Secret {
                        static readonly __pulumiType = T.Secret;
                    }
                    const asVault = args.asType(Vault as never) as { vaultName?: string } | undefined;
                    seen.push({
                        urn: args.urn,
                        name: args.name,
                        protect: args.opts.protect,
                        parent: args.opts.parent,
                        isVault: args.isType(Vault as never),
                        isSecret: args.isType(Secret as never),
                        vaultName: asVault?.vaultName,
                    });
                },
            };
            const resources = planned([{ ...vault(), protect: true }]);
            await runPolicyList([probe], resources);
            assert.deepEqual(seen, [
                { urn: VAULT_URN, name: "vault", protect: true, parent: resources[0]?.urn, isVault: true, isSecret: false, vaultName: "kv-app-staging" },
            ]);
        });

        it("reports a policy that reads an unknown value through the proxy as the analyzer does (advisory)", async () => {
            const naive: ResourceValidationPolicy = {
                name: "naive",
                description: "Checks whether reading unknowns is handled.",
                enforcementLevel: "mandatory",
                validateResource: (args, report) => {
                    if (args.props["vaultName"] !== "x") {
                        report("never");
                    }
                },
            };
            const resources = planned([withProp(vault(), ["vaultName"], PLAN_UNKNOWN)]).slice(1);
            assert.deepEqual(await runPolicyList([naive], resources), [
                {
                    policy: "naive",
                    enforcementLevel: "advisory",
                    urn: VAULT_URN,
                    message: "can't run policy 'naive' during preview: string value at .vaultName can't be known during preview",
                },
            ]);
        });

        it("builds the stack graph: outputs, parents, dependencies and property dependencies", async () => {
            let graph: Array<Record<string, unknown>> = [];
            const probe: StackValidationPolicy = {
                name: "probe",
                description: "Checks whether the graph is linked.",
                validateStack: (args) => {
                    graph = args.resources.map((r) => ({
                        name: r.name,
                        parent: r.parent?.name,
                        dependencies: r.dependencies.map((d) => d.name),
                        resourceUri: (r.propertyDependencies["resourceUri"] ?? []).map((d) => d.name),
                    }));
                },
            };
            const stack = compliantStack("staging", { propertyDependencies: true }).slice(0, 2);
            const resources = planned(stack);
            const withDeps = resources.map((r) => (r.name === "vault-diagnostics" ? { ...r, dependencies: [resources[1]?.urn ?? ""] } : r));
            await runPolicyList([probe], withDeps);
            assert.deepEqual(graph, [
                { name: "keyvault-devops-staging", parent: undefined, dependencies: [], resourceUri: [] },
                { name: "vault", parent: "keyvault-devops-staging", dependencies: [], resourceUri: [] },
                { name: "vault-diagnostics", parent: "keyvault-devops-staging", dependencies: ["vault"], resourceUri: ["vault"] },
            ]);
        });

        it("ignores notApplicable and reports other failures with the policy and resource", async () => {
            const skipping: ResourceValidationPolicy = {
                name: "skipping",
                description: "Checks whether notApplicable is ignored.",
                validateResource: (args) => args.notApplicable("not mine"),
            };
            assert.deepEqual(await runPolicyList([skipping], planned([vault()])), []);
            const broken: StackValidationPolicy = {
                name: "broken",
                description: "Checks whether failures surface.",
                validateStack: () => {
                    throw new Error("boom");
                },
            };
            await assert.rejects(runPolicyList([broken], planned([vault()])), /Policy 'broken' failed validating the stack: boom/);
        });
    });

    describe("loadPolicyConfig", () => {
        it("loads the shipped configs", () => {
            const production = loadPolicyConfig(shipped("production"));
            assert.equal(production["all"], "mandatory");
            assert.equal(loadPolicyConfig(shipped("staging"))["keyvault-production-deletion-guard"], "advisory");
        });

        it("names the file when it cannot be read", () => {
            const missing = path.join(tmp, "missing.json");
            assert.throws(() => loadPolicyConfig(missing), (err: Error) => err.message.startsWith(`Cannot read policy pack config ${missing}`));
        });

        it("names the file on invalid JSON", () => {
            const file = writeConfig("bad.json", '{ "all": "mandatory", }');
            assert.throws(() => loadPolicyConfig(file), (err: Error) => err.message.startsWith(`Invalid policy pack config ${file}: not valid JSON`));
        });

        it("rejects a config that is not an object", () => {
            const file = writeConfig("array.json", "[]");
            assert.throws(() => loadPolicyConfig(file), /must be a JSON object mapping policy names/);
        });

        it("warns about unknown policy names with a level (the CLI ignores them), listing the known ones", () => {
            const file = writeConfig("unknown.json", '{ "keyvault-purge-protections": "mandatory" }');
            const { config, warnings } = readPolicyConfig(file);
            assert.deepEqual(config, { "keyvault-purge-protections": "mandatory" });
            assert.equal(warnings.length, 1);
            assert.match(warnings[0] ?? "", /^keyvault-purge-protections: not a policy of the pack; the entry is ignored \(known policies: keyvault-rbac-authorization, /);
        });

        it("rejects an unknown name with options but no level, as the CLI's Configure does", () => {
            const file = writeConfig("unknown-options.json", '{ "keyvault-purge-protections": { "enabled": true } }');
            assert.throws(() => loadPolicyConfig(file), (err: Error) => {
                assert.match(err.message, new RegExp(`^Invalid policy pack config ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`));
                assert.match(err.message, /keyvault-purge-protections: options without an enforcementLevel for a name that is not a policy of the pack: the Pulumi CLI fails to configure the pack \(invalid enforcement level ""\)/);
                return true;
            });
        });

        it("treats an empty file as no config, as the CLI does", () => {
            assert.deepEqual(readPolicyConfig(writeConfig("empty.json", "  \n")), { config: {}, warnings: [] });
        });

        it("refuses ESC environment references, which need Pulumi Cloud", () => {
            const file = writeConfig("esc.json", '{ "environments": ["org/policy-env"] }');
            assert.throws(() => loadPolicyConfig(file), /environments: Pulumi ESC environment references need Pulumi Cloud/);
        });

        it("rejects invalid enforcement levels", () => {
            const file = writeConfig("level.json", '{ "all": "strict", "keyvault-purge-protection": { "enforcementLevel": "warn" } }');
            assert.throws(() => loadPolicyConfig(file), (err: Error) => {
                assert.match(err.message, /all: invalid enforcement level "strict" \(expected advisory, mandatory, remediate, disabled\)/);
                assert.match(err.message, /keyvault-purge-protection.enforcementLevel: invalid enforcement level "warn"/);
                return true;
            });
        });

        it("rejects options that fail the policy's configSchema, one line per problem", () => {
            const file = writeConfig(
                "options.json",
                JSON.stringify({
                    "keyvault-secret-max-validity": { maxValidityDays: "ninety" },
                    "keyvault-soft-delete-retention": { minRetentionDays: 3 },
                    "keyvault-secret-name-convention": { pattern: "([a-z" },
                    "keyvault-environment-tag": { stackEnvironments: { "prod-eu": 1 } },
                    "service-connection-read-only-roles": { allowedRoles: [] },
                }),
            );
            assert.throws(() => loadPolicyConfig(file), (err: Error) => {
                const lines = err.message.split("\n").slice(1);
                // Sorted, as the CLI prints them.
                assert.deepEqual(lines.map((l) => l.replace(/ \(.*$/, "")), [
                    "  - keyvault-environment-tag.stackEnvironments.prod-eu: must be of type string",
                    "  - keyvault-secret-max-validity.maxValidityDays: must be of type integer",
                    "  - keyvault-secret-name-convention.pattern: must be a valid regular expression in RE2 syntax, as the Pulumi CLI checks it",
                    "  - keyvault-soft-delete-retention.minRetentionDays: must be at least 7",
                    "  - service-connection-read-only-roles.allowedRoles: must have at least 1 items",
                ]);
                assert.match(err.message, /pattern: must be a valid regular expression in RE2 syntax, as the Pulumi CLI checks it \(missing closing \]: `\[a-z`\)/);
                return true;
            });
        });

        it("warns about (and accepts) unknown options, options of a policy without options, and options on `all`", () => {
            const config = {
                all: { enforcementLevel: "mandatory", maxValidityDays: 30 },
                "keyvault-secret-max-validity": { maxValidityDay: 30 },
                "keyvault-purge-protection": { enabled: true },
            };
            const file = writeConfig("extra.json", JSON.stringify(config));
            const { config: loaded, warnings } = readPolicyConfig(file);
            assert.deepEqual(loaded, config);
            assert.deepEqual(warnings, [
                'all.maxValidityDays: "all" takes only enforcementLevel; the option is ignored',
                "keyvault-secret-max-validity.maxValidityDay: not an option of the policy (options: maxValidityDays); it is ignored",
                "keyvault-purge-protection.enabled: the policy takes no options; the option is ignored",
            ]);
        });

        it("validates regex options with RE2 semantics: what the CLI accepts passes, what it rejects fails", () => {
            const accepted = writeConfig("re2-ok.json", JSON.stringify({ "keyvault-secret-name-convention": { pattern: "(?i)^kv-" } }));
            assert.doesNotThrow(() => loadPolicyConfig(accepted)); // not a JavaScript RegExp: new RegExp("(?i)^kv-") throws
            for (const [pattern, why] of [
                ["^(?=kv-)", "invalid or unsupported Perl syntax: `(?=`"],
                ["(a)\\1", "invalid escape sequence: `\\1`"],
            ] as const) {
                const rejected = writeConfig("re2-bad.json", JSON.stringify({ "keyvault-secret-name-convention": { pattern } }));
                assert.throws(
                    () => loadPolicyConfig(rejected),
                    (err: Error) => err.message.includes(`keyvault-secret-name-convention.pattern: must be a valid regular expression in RE2 syntax, as the Pulumi CLI checks it (${why})`),
                    pattern,
                );
            }
        });

        it("validatePolicyConfig accepts a valid config and returns it", () => {
            const config = { all: "advisory", "keyvault-secret-max-validity": { maxValidityDays: 30 } };
            assert.equal(validatePolicyConfig(config), config);
        });
    });
});
