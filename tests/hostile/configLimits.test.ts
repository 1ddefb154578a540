import * as assert from "assert";
import { rawConfigFrom } from "../../stack/config/load";
import { renderProblem } from "../../stack/config/problems";
import { Recorder } from "../../tools/plan/evaluate";
import { problems } from "../helpers/config";
import { recordingMocks } from "../helpers/pulumi";
import { assertAbsent, printedProblems, programDir, programProblems, runCliIn } from "./helpers";

const G = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
const SUB = "00000000-1111-2222-3333-444444444444";
const subnet = (name: string): string => `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-agents/subnets/${name}`;
const base = (raw: Record<string, unknown>): Record<string, unknown> => ({ location: "westeurope", environment: "staging", ...raw });
const tags = (n: number): Record<string, string> => Object.fromEntries(Array.from({ length: n }, (_, i) => [`t${i}`, "v"]));

const CONTROL =
    "a string without control characters (found U+000A: line breaks, tabs, other controls and bidirectional overrides end or disguise what it lands in: YAML, Markdown, Mermaid, printed commands). Fix: write it on one line, without them, in Pulumi.<stack>.yaml";
const PREFIX = (problem: string): string =>
    `a private (RFC 1918) IPv4 range from /16 to /26 for the rotation function's subnet, e.g. 10.42.0.0/26; this one ${problem}. Fix: pulumi config set --path 'rotation.addressPrefix' 10.42.0.0/26`;

/** issue 15 item 9: configs Azure would reject (or silently merge) are config errors naming the key and the fix. */
describe("hostile input: limits and well-formedness of config", () => {
    describe("tags", () => {
        it("counts the stack's own tags against Azure's 50 per resource", () => {
            assert.deepStrictEqual(problems(base({ tags: tags(49) })), [
                '`tags`: found {"t0":"v","t1":"v","t2":"v","t3":"v","t4":"v","t5":"v","t6":"v","t7":"v","t8"...; must be at most 48 tags (found 49): Azure allows 50 tags per resource and the stack adds up to 2 of its own to a resource (environment, managed-by). Fix: remove 1 of them from tags in Pulumi.<stack>.yaml',
            ]);
            assert.deepStrictEqual(problems(base({ tags: tags(45), secrets: [{ name: "a", source: "generate", rotation: "regenerate" }] })), [
                '`tags`: found {"t0":"v","t1":"v","t2":"v","t3":"v","t4":"v","t5":"v","t6":"v","t7":"v","t8"...; must be at most 44 tags (found 45): Azure allows 50 tags per resource and the stack adds up to 6 of its own to a resource (environment, managed-by, and on secrets source, validity-days and rotation tags). Fix: remove 1 of them from tags in Pulumi.<stack>.yaml',
            ]);
        });

        it("rejects reserved tags written in another case, and tags that differ only by case", () => {
            assert.deepStrictEqual(problems(base({ tags: { Environment: "prod", Team: "a", team: "b", "MANAGED-BY": "x" } })), [
                "`tags.Environment`: found \"prod\"; must be not set here: tag names are case-insensitive in Azure, so this is the `environment` tag the stack sets itself. Fix: pulumi config rm --path 'tags.Environment'",
                "`tags.team`: found \"b\"; must be a tag name not used by another tag, ignoring case (tag names are case-insensitive in Azure: this one and `Team` are the same tag). Fix: pulumi config rm --path 'tags.team'",
                "`tags.MANAGED-BY`: found \"x\"; must be not set here: tag names are case-insensitive in Azure, so this is the `managed-by` tag the stack sets itself. Fix: pulumi config rm --path 'tags.MANAGED-BY'",
            ]);
        });

        it("rejects a bidirectional override in a tag value, showing it escaped", () => {
            assert.deepStrictEqual(problems(base({ tags: { team: "pay\u202emoc.live" } })), [
                `\`tags.team\`: found "pay\\u202emoc.live"; must be ${CONTROL.replace("U+000A", "U+202E")}`,
            ]);
        });
    });

    describe("rotation.addressPrefix", () => {
        const cases: ReadonlyArray<readonly [string, string]> = [
            ["10.999.999.999/26", "has a number above 255"],
            ["10.42.0.1/26", "has host bits set for a /26 (the range starts at 10.42.0.0/26)"],
            ["010.42.0.0/26", "has a leading zero in a number (ambiguous: octal or decimal); write 10.42.0.0/26"],
            ["8.8.8.0/24", "is not inside a private (RFC 1918) range: 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"],
            ["10.42.0.0/27", "is a /27, outside /16–/26"],
        ];
        for (const [prefix, problem] of cases) {
            it(`rejects ${prefix}`, () => {
                assert.deepStrictEqual(problems(base({ rotation: { addressPrefix: prefix } })), [`\`rotation.addressPrefix\`: found "${prefix}"; must be ${PREFIX(problem)}`]);
            });
        }
    });

    describe("resource IDs and firewall rules", () => {
        it("rejects subnet IDs with a newline, and the same subnet twice ignoring case", () => {
            const found = problems(base({ vault: { network: { subnetIds: [subnet("a\nb"), subnet("agents"), subnet("AGENTS").replace("resourceGroups", "resourcegroups")] } } }));
            assert.deepStrictEqual(found, [
                '`vault.network.subnetIds[0]`: found "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/pr...; must be a subnet resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>). Fix: copy the subnet\'s ID from `az network vnet subnet show --query id`',
                `\`vault.network.subnetIds[0]\`: found "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-net/pr...; must be ${CONTROL}`,
                '`vault.network.subnetIds[2]`: found "/subscriptions/00000000-1111-2222-3333-444444444444/resourcegroups/rg-net/pr...; must be listed once (the same resource ID as vault.network.subnetIds[1], ignoring case). Fix: remove the duplicate entry',
            ]);
        });

        it("rejects a workspaceId that ends in a newline", () => {
            const found = problems(base({ diagnostics: { workspaceId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-ops\n` } }));
            assert.strictEqual(found.length, 2);
            assert.match(found[0] ?? "", /^`diagnostics\.workspaceId`: found .*; must be a Log Analytics workspace resource ID/);
            assert.strictEqual(found[1], `\`diagnostics.workspaceId\`: found "/subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg/provid...; must be ${CONTROL}`);
        });

        it("rejects the same IP rule twice after normalisation, and numbers with leading zeros", () => {
            assert.deepStrictEqual(problems(base({ vault: { network: { ipRules: ["8.8.8.8", "8.8.8.8/32", "01.02.03.04"] } } })), [
                '`vault.network.ipRules[2]`: found "01.02.03.04"; must be a public IPv4 address or CIDR range; this one has a leading zero in a number (some parsers read 010 as octal 8, others as decimal 10); write 1.2.3.4. Fix: replace it with the public egress address or range to allow',
                '`vault.network.ipRules[1]`: found "8.8.8.8/32"; must be listed once: it is the same range as vault.network.ipRules[0] (8.8.8.8/32). Fix: remove the duplicate entry',
            ]);
        });
    });

    describe("role grants", () => {
        it("reports duplicate grants as config errors with their key", () => {
            assert.deepStrictEqual(
                problems(base({ access: { pipelinePrincipalId: G, secretsOfficers: [G, { principalId: G.toUpperCase() }], extraRoles: [{ principalId: G, role: "Key Vault Secrets User" }] } })),
                [
                    '`access.secretsOfficers[1]`: found {"principalId":"9A7C4E21-5B3D-4F8A-8E6C-2D1B7F9A4C35"}; must be listed once (access.secretsOfficers[0] is the same principal: one principal gets Key Vault Secrets Officer once). Fix: remove the duplicate entry',
                    '`access.extraRoles[0]`: found {"principalId":"9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35","role":"Key Vault Secre...; must be a grant for another principal or role: access.pipelinePrincipalId gets Key Vault Secrets User already (two assignments of one role to one principal collide). Fix: remove this entry',
                ],
            );
        });
    });

    describe("free text", () => {
        it("rejects a 5 MB description and a description that would add YAML keys", () => {
            const found = problems(
                base({
                    secrets: [{ name: "a", source: "generate" }],
                    devops: {
                        organizationUrl: "https://dev.azure.com/contoso",
                        project: "p",
                        variableGroups: [
                            { name: "g", description: "x".repeat(5 * 1024 * 1024), secrets: ["a"], pipelines: [1] },
                            { name: "h", description: "ok\npool: { name: attacker-pool }", secrets: ["a"], pipelines: [1] },
                        ],
                    },
                }),
            );
            assert.deepStrictEqual(found, [
                `\`devops.variableGroups[0].description\`: found "${"x".repeat(76)}...; must be a string of at most 512 characters (found 5242880); a description is one short line. Fix: shorten it in Pulumi.<stack>.yaml`,
                `\`devops.variableGroups[1].description\`: found "ok\\npool: { name: attacker-pool }"; must be ${CONTROL}`,
            ]);
            assert.ok(!found.join("\n").split("\n").some((l) => /^\s*pool:/.test(l)), "the injected key never starts a line");
        });
    });

    describe("namespaces", () => {
        it("reports `vault:` next to `keyvault-devops:vault:` instead of merging them, and any key without a namespace", () => {
            const found = rawConfigFrom(
                { vault: '{"sku":"premium"}', "keyvault-devops:vault": '{"sku":"standard"}', diagnostics: "{}", "keyvault-devops:environment": "staging" },
                "keyvault-devops",
            ).problems.map(renderProblem);
            assert.deepStrictEqual(found, [
                "`diagnostics`: found a config key without a namespace in the stack file; must be written `keyvault-devops:diagnostics` (the Pulumi CLI refuses stack config keys that are not <namespace>:<name>). Fix: rename it to `keyvault-devops:diagnostics` in the stack file",
                "`vault`: found a config key without a namespace in the stack file next to `keyvault-devops:vault`; must be written `keyvault-devops:vault` (the Pulumi CLI refuses stack config keys that are not <namespace>:<name>, and the two would be merged silently). Fix: remove `vault` from the stack file",
            ]);
        });

        it("preflight --no-plan exits 2 on a stack file with both, naming the key", () => {
            const stackFile = [
                "config:",
                "  azure-native:location: westeurope",
                "  keyvault-devops:environment: staging",
                "  keyvault-devops:vault:",
                "    sku: premium",
                "  vault:",
                "    sku: standard",
                "",
            ].join("\n");
            const run = runCliIn("preflight", programDir("hostile", stackFile), ["--stack", "hostile", "--no-plan"]);
            assert.strictEqual(run.status, 2, run.stderr);
            assert.strictEqual(run.stdout, "");
            assert.deepStrictEqual(printedProblems(run.stderr), [
                "`vault`: found a config key without a namespace in the stack file next to `keyvault-devops:vault`; must be written `keyvault-devops:vault` (the Pulumi CLI refuses stack config keys that are not <namespace>:<name>, and the two would be merged silently). Fix: remove `vault` from the stack file",
            ]);
        });
    });

    describe("the program", () => {
        let recorder: Recorder;
        before(async () => {
            recorder = await recordingMocks("unit");
        });

        it("reports a duplicate officer as a config error with its key, before any role assignment exists", async () => {
            const { problems: found } = await programProblems(recorder, { access: { secretsOfficers: [G, { principalId: G.toUpperCase(), principalType: "User" }] } });
            assert.deepStrictEqual(found, [
                '`access.secretsOfficers[1]`: found {"principalId":"9A7C4E21-5B3D-4F8A-8E6C-2D1B7F9A4C35","principalType":"User"}; must be listed once (access.secretsOfficers[0] is the same principal: one principal gets Key Vault Secrets Officer once). Fix: remove the duplicate entry',
            ]);
        });

        it("reports every problem at once and creates nothing (duplicate grants included: no program error later)", async () => {
            const { problems: found, message } = await programProblems(recorder, {
                tags: { Environment: "x" },
                rotation: { addressPrefix: "10.42.0.1/26" },
                vault: { network: { ipRules: ["8.8.8.8", "8.8.8.8/32"] } },
                access: { secretsOfficers: [G, G] },
                secrets: [{ name: "a", source: "generate" }],
                devops: {
                    organizationUrl: "https://dev.azure.com/contoso",
                    project: "p",
                    allowedIpRanges: ["8.8.8.8"],
                    variableGroups: [{ name: "g", description: "x\n  pool: { name: attacker-pool }", secrets: ["a"], pipelines: [1] }],
                },
            });
            assert.deepStrictEqual(
                found.map((p) => p.split("`")[1]),
                ["rotation.addressPrefix", "devops.variableGroups[0].description", "tags.Environment", "vault.network.ipRules[1]", "access.secretsOfficers[1]"],
            );
            assert.ok(!message.split("\n").some((l) => /^\s*pool:/.test(l)));
            assertAbsent([message], ["\u0000"]);
        });
    });
});
