import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EvaluatedProgram } from "../../tools/plan/evaluate";
import { REPO_ROOT } from "../helpers/pulumi";
import { evaluatedPlan, shippedStacks } from "../preflight/helpers";

const CERT = "azure:keyvault/certificate:Certificate";
const PROVIDER = "pulumi:providers:azure";
const pinned = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/azure"];

describe("plan: the shipped stacks' certificates", function () {
    this.timeout(300_000);
    const plans: Record<string, EvaluatedProgram> = {};
    before(async () => {
        for (const { stack } of shippedStacks()) {
            plans[stack] = await evaluatedPlan(stack);
        }
    });

    it("pins the classic provider to an exact version", () => {
        assert.match(pinned ?? "", /^\d+\.\d+\.\d+$/);
    });

    for (const { stack, config } of shippedStacks()) {
        describe(stack, () => {
            const plan = (): EvaluatedProgram => plans[stack] as EvaluatedProgram;

            it(`creates each configured certificate through the explicit classic provider, plugin ${pinned}`, () => {
                const certificates = plan().resources.filter((r) => r.type === CERT);
                assert.deepStrictEqual(certificates.map((c) => c.inputs.name), config.certificates.map((c) => c.name));
                const providers = plan().resources.filter((r) => r.type === PROVIDER);
                assert.deepStrictEqual(providers.map((p) => [p.name, p.version, p.inputs.subscriptionId, p.inputs.resourceProviderRegistrations]), [[`${config.environment}-azure-classic`, pinned, "[secret]", "none"]]); // the SDK marks subscriptionId secret (additionalSecretOutputs)
                for (const c of certificates) {
                    assert.strictEqual(c.version, pinned);
                    assert.ok(c.provider?.startsWith(providers[0]!.urn), `${c.name} uses the explicit provider, not a default one`);
                }
                // No resource of the classic provider uses a default provider (which would read azure:* config).
                assert.deepStrictEqual(plan().resources.filter((r) => r.type.startsWith("azure:") && !r.provider?.includes(`::${PROVIDER}::${config.environment}-azure-classic::`)), []);
            });

            it("renews each certificate itself, and production's keys stay in the HSM", () => {
                for (const c of plan().resources.filter((r) => r.type === CERT)) {
                    const policy = c.inputs.certificatePolicy as { keyProperties: { keyType: string; exportable: boolean }; lifetimeActions: { action: { actionType: string } }[] };
                    assert.deepStrictEqual(policy.lifetimeActions.map((a) => a.action.actionType), ["AutoRenew"]);
                    assert.strictEqual(policy.keyProperties.exportable, !policy.keyProperties.keyType.endsWith("-HSM"));
                    if (config.environment === "production") {
                        assert.strictEqual(policy.keyProperties.keyType, "RSA-HSM");
                    }
                    assert.strictEqual(c.protect, config.environment === "production");
                }
            });

            it("grants the certificates' users object-scoped roles only, and the deployer Certificates Officer on the vault", () => {
                const vaultId = String(plan().outputs.vaultId);
                const assignments = plan().resources.filter((r) => r.type === "azure-native:authorization:RoleAssignment" && r.name.startsWith(`${config.environment}-certificates-`));
                const expected = [
                    [vaultId, "a4417e6f-fecd-4de8-b567-7b0420556985"],
                    ...config.certificates.flatMap((c) =>
                        c.users.flatMap(() => [
                            [`${vaultId}/certificates/${c.name}`, "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba"],
                            [`${vaultId}/secrets/${c.name}`, "4633458b-17de-408a-b874-0445c86b69e6"],
                        ]),
                    ),
                ];
                assert.deepStrictEqual(assignments.map((a) => [a.inputs.scope, String(a.inputs.roleDefinitionId).split("/").pop()]), expected);
            });

            it("outputs versionless IDs of each certificate and its secret, never certificate data", () => {
                const vaultName = String(plan().outputs.vaultName);
                const ids = Object.fromEntries(config.certificates.map((c) => [c.name, `https://${vaultName}.vault.azure.net/secrets/${c.name}`]));
                assert.deepStrictEqual(plan().outputs.certificateSecretIds, ids);
                assert.deepStrictEqual(plan().outputs.certificateIds, Object.fromEntries(config.certificates.map((c) => [c.name, `https://${vaultName}.vault.azure.net/certificates/${c.name}`])));
                assert.ok(!JSON.stringify(plan().outputs).includes("certificateData"));
            });
        });
    }
});
