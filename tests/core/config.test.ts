import * as assert from "assert";
import { ConfigError } from "../../stack/config/errors";
import { validateConfig } from "../../stack/config/load";
import { problems } from "../helpers/config";

/** A valid config in the raw shape the program reads. */
function validRaw(): Record<string, unknown> {
    return {
        environment: "staging",
        location: "westeurope",
        vault: { network: { ipRules: ["20.67.128.0/22"] } },
        secrets: [
            { name: "db-password", source: "generate", length: 48 },
            { name: "api-key", source: "config" },
            { name: "payments-api-key", source: "external" },
        ],
        access: { pipelinePrincipalId: "3f2b8c1e-7d4a-4b6e-9c2f-8a1d5e7b3c90" },
        secretValueNames: ["api-key"],
    };
}


function withPatch(patch: (raw: Record<string, unknown>) => void): Record<string, unknown> {
    const raw = validRaw();
    patch(raw);
    return raw;
}

describe("config contract", () => {
    it("applies the secure defaults in one place", () => {
        const cfg = validateConfig({ environment: "dev", location: "westeurope" });
        assert.deepStrictEqual(cfg.vault, {
            sku: "standard",
            softDeleteRetentionDays: 90,
            purgeProtection: true,
            publicNetworkAccess: "Enabled",
            network: { defaultAction: "Deny", bypass: "AzureServices", ipRules: [], subnetIds: [] },
        });
        assert.deepStrictEqual(cfg.diagnostics, { retentionDays: 90 });
        assert.deepStrictEqual(cfg.access, { secretsOfficers: [], extraRoles: [] });
        assert.deepStrictEqual(cfg.secrets, []);
    });

    it("fills secret defaults: source config, text/plain, 90 days", () => {
        const cfg = validateConfig({ environment: "dev", location: "westeurope", secrets: [{ name: "a-b" }], secretValueNames: ["a-b"] });
        assert.deepStrictEqual(cfg.secrets, [{ name: "a-b", source: "config", contentType: "text/plain", expiresInDays: 90, rotation: "none", preexisting: false }]);
    });

    it("accepts numbers and booleans written as strings by `pulumi config set --path`", () => {
        const cfg = validateConfig({ environment: "dev", location: "westeurope", vault: { softDeleteRetentionDays: "30", purgeProtection: "true" } });
        assert.strictEqual(cfg.vault.softDeleteRetentionDays, 30);
        assert.strictEqual(cfg.vault.purgeProtection, true);
    });

    it("requires environment", () => {
        const raw = validRaw();
        delete raw.environment;
        assert.deepStrictEqual(problems(raw), [
            "`environment`: not set; must be required: 2–12 lowercase letters and digits, e.g. staging. Fix: pulumi config set environment staging",
        ]);
    });

    it("rejects an environment that is not 2–12 lowercase letters and digits", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.environment = "Prod-EU"))), [
            '`environment`: found "Prod-EU"; must be 2–12 lowercase letters and digits, e.g. staging. Fix: pulumi config set environment <name>',
        ]);
        assert.strictEqual(problems(withPatch((r) => (r.environment = "averyverylongenv"))).length, 1);
    });

    it("requires azure-native:location", () => {
        const raw = validRaw();
        delete raw.location;
        assert.deepStrictEqual(problems(raw), [
            "`azure-native:location`: not set; must be required: an Azure region such as westeurope. Fix: pulumi config set azure-native:location westeurope",
        ]);
    });

    it("rejects an invalid resourceGroupName", () => {
        assert.match(problems(withPatch((r) => (r.resourceGroupName = "rg.")))[0] ?? "", /^`resourceGroupName`: found "rg\."; must be an existing resource group's name/);
    });

    it("rejects an unknown vault.sku, naming the allowed values", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.vault = { sku: "basic" }))), [
            "`vault.sku`: found \"basic\"; must be one of standard | premium. Fix: pulumi config set --path 'vault.sku' premium",
        ]);
    });

    it("rejects softDeleteRetentionDays outside 7–90", () => {
        for (const days of [6, 91, 30.5]) {
            assert.deepStrictEqual(problems(withPatch((r) => (r.vault = { softDeleteRetentionDays: days }))), [
                `\`vault.softDeleteRetentionDays\`: found ${days}; must be a whole number from 7 to 90. Fix: pulumi config set --path 'vault.softDeleteRetentionDays' 90`,
            ]);
        }
    });

    it("rejects purgeProtection false in production only", () => {
        validateConfig(withPatch((r) => (r.vault = { purgeProtection: false })));
        assert.deepStrictEqual(problems(withPatch((r) => ((r.environment = "production"), (r.vault = { purgeProtection: false })))), [
            "`vault.purgeProtection`: found false; must be true in production (a purged production secret cannot be recovered). Fix: pulumi config set --path 'vault.purgeProtection' true",
        ]);
    });

    it("rejects network.defaultAction Allow in production only", () => {
        validateConfig(withPatch((r) => (r.vault = { network: { defaultAction: "Allow" } })));
        assert.deepStrictEqual(problems(withPatch((r) => ((r.environment = "production"), (r.vault = { network: { defaultAction: "Allow" } })))), [
            "`vault.network.defaultAction`: found \"Allow\"; must be Deny in production (the firewall must deny by default; allow addresses with ipRules or subnetIds). Fix: pulumi config set --path 'vault.network.defaultAction' Deny",
        ]);
    });

    it("rejects bad publicNetworkAccess and bypass values", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.vault = { publicNetworkAccess: "Off", network: { bypass: "All" } }))), [
            "`vault.publicNetworkAccess`: found \"Off\"; must be one of Enabled | Disabled. Fix: pulumi config set --path 'vault.publicNetworkAccess' Disabled",
            "`vault.network.bypass`: found \"All\"; must be one of AzureServices | None. Fix: pulumi config set --path 'vault.network.bypass' AzureServices",
        ]);
    });

    it("rejects private, reserved and malformed IP rules, one line each", () => {
        const found = problems(withPatch((r) => (r.vault = { network: { ipRules: ["10.1.0.0/16", "8.8.8.8", "300.1.1.1", "52.174.96.17/28", "nope"] } })));
        assert.deepStrictEqual(found, [
            '`vault.network.ipRules[0]`: found "10.1.0.0/16"; must be a public IPv4 address or CIDR range; this one overlaps 10.0.0.0/8, a private (RFC 1918) range that never reaches a vault\'s public endpoint. Fix: replace it with the public egress address or range to allow',
            '`vault.network.ipRules[2]`: found "300.1.1.1"; must be a public IPv4 address or CIDR range; this one has an octet above 255. Fix: replace it with the public egress address or range to allow',
            '`vault.network.ipRules[3]`: found "52.174.96.17/28"; must be a public IPv4 address or CIDR range; this one has host bits set for a /28 (the range starts at 52.174.96.16). Fix: replace it with the public egress address or range to allow',
            '`vault.network.ipRules[4]`: found "nope"; must be a public IPv4 address or CIDR range; this one is not an IPv4 address or CIDR range. Fix: replace it with the public egress address or range to allow',
        ]);
    });

    it("rejects a subnet ID that is not a subnet resource ID", () => {
        assert.match(problems(withPatch((r) => (r.vault = { network: { subnetIds: ["snet-agents"] } })))[0] ?? "", /^`vault\.network\.subnetIds\[0\]`: found "snet-agents"; must be a subnet resource ID/);
    });

    it("rejects diagnostics.retentionDays outside 30–730 and a malformed workspaceId", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.diagnostics = { retentionDays: 10, workspaceId: "log-analytics" }))), [
            '`diagnostics.workspaceId`: found "log-analytics"; must be a Log Analytics workspace resource ID (/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.OperationalInsights/workspaces/<name>), or unset to create one. Fix: pulumi config set --path \'diagnostics.workspaceId\' <workspace resource ID>',
            "`diagnostics.retentionDays`: found 10; must be a whole number from 30 to 730. Fix: pulumi config set --path 'diagnostics.retentionDays' 90",
        ]);
    });

    it("rejects secret names Key Vault rejects (other than letters, digits and hyphens) or longer than 127 characters", () => {
        const found = problems(withPatch((r) => ((r.secrets = [{ name: "DB_Password", source: "generate" }, { name: `a${"-b".repeat(64)}`, source: "generate" }]), (r.secretValueNames = []))));
        assert.deepStrictEqual(found, [
            '`secrets[0].name`: found "DB_Password"; must be a Key Vault object name: 1–127 letters, digits and hyphens (^[0-9a-zA-Z-]{1,127}$). Fix: rename it, e.g. db-password',
            `\`secrets[1].name\`: found "a${"-b".repeat(37)}-...; must be at most 127 characters (a Key Vault limit). Fix: shorten the name`,
        ]);
    });

    it("rejects secret names that collide ignoring case", () => {
        const found = problems(withPatch((r) => ((r.secrets = [{ name: "db-password", source: "generate" }, { name: "db-password", source: "external" }]), (r.secretValueNames = []))));
        assert.deepStrictEqual(found.filter((p) => p.startsWith("`secrets[1].name`")), [
            '`secrets[1].name`: found "db-password"; must be a name not used by another secret, ignoring case (Key Vault names are case-insensitive; secrets[0] is "db-password"). Fix: rename one of them',
        ]);
    });

    it("rejects an unknown source and a length outside 32–512", () => {
        assert.deepStrictEqual(problems(withPatch((r) => ((r.secrets = [{ name: "a", source: "vault" }, { name: "b", source: "generate", length: 16 }]), (r.secretValueNames = [])))), [
            "`secrets[0].source`: found \"vault\"; must be one of config | generate | external. Fix: pulumi config set --path 'secrets[0].source' generate",
            "`secrets[1].length`: found 16; must be a whole number from 32 to 512. Fix: pulumi config set --path 'secrets[1].length' 64",
        ]);
    });

    it("rejects length on a secret that is not generated", () => {
        assert.deepStrictEqual(problems(withPatch((r) => ((r.secrets = [{ name: "ext", source: "external", length: 64 }]), (r.secretValueNames = [])))), [
            "`secrets[0].length`: found 64; must be unset unless source is generate (this secret's source is external). Fix: remove length, or set source: generate",
        ]);
    });

    it("rejects expiresInDays outside 1–365", () => {
        assert.deepStrictEqual(problems(withPatch((r) => ((r.secrets = [{ name: "x", source: "generate", expiresInDays: 400 }]), (r.secretValueNames = [])))), [
            "`secrets[0].expiresInDays`: found 400; must be a whole number from 1 to 365. Fix: pulumi config set --path 'secrets[0].expiresInDays' 90",
        ]);
    });

    it("requires secretValues.<name> for a config secret and prints the exact command, never a value", () => {
        const found = problems(withPatch((r) => (r.secretValueNames = [])));
        assert.deepStrictEqual(found, [
            "`secretValues.api-key`: not set; must be set, as a secret, for secrets[1] (source: config). Fix: pulumi config set --secret --path 'secretValues.api-key' <value>",
        ]);
    });

    it("rejects a secretValues entry no config secret uses, without showing its value", () => {
        const found = problems(withPatch((r) => (r.secretValueNames = ["api-key", "db-password"])));
        assert.deepStrictEqual(found, [
            "`secretValues.db-password`: found [secret]; must be a value only for a secret listed in `secrets` with source config. Fix: add { name: db-password, source: config } to secrets, or pulumi config rm --path 'secretValues.db-password'",
        ]);
    });

    it("requires GUIDs for principals and names the object-ID pitfall", () => {
        const found = problems(withPatch((r) => (r.access = { pipelinePrincipalId: "my-app", secretsOfficers: ["not-a-guid"] })));
        assert.deepStrictEqual(found, [
            "`access.pipelinePrincipalId`: found \"my-app\"; must be the object ID of the service connection's service principal (not its application/client ID): a GUID such as 00000000-0000-0000-0000-000000000000. Fix: pulumi config set --path 'access.pipelinePrincipalId' <guid>",
            '`access.secretsOfficers[0]`: found "not-a-guid"; must be an object ID (GUID) or { principalId, principalType }. Fix: correct the entry in Pulumi.<stack>.yaml',
        ]);
    });

    it("allows only read roles in access.extraRoles, once per principal", () => {
        const principalId = "9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35";
        const found = problems(
            withPatch(
                (r) =>
                    (r.access = {
                        extraRoles: [
                            { principalId, role: "Key Vault Administrator" },
                            { principalId, role: "Key Vault Crypto User" },
                            { principalId, role: "Key Vault Crypto User" },
                        ],
                    }),
            ),
        );
        assert.deepStrictEqual(found, [
            "`access.extraRoles[0].role`: found \"Key Vault Administrator\"; must be one of Key Vault Secrets User | Key Vault Certificate User | Key Vault Crypto User. Fix: pulumi config set --path 'access.extraRoles[0].role' 'Key Vault Secrets User'",
            "`access.extraRoles[2].role`: found \"Key Vault Crypto User\"; must be granted once per principal (9a7c4e21-5b3d-4f8a-8e6c-2d1b7f9a4c35 already has it). Fix: remove the duplicate entry",
        ]);
    });

    it("rejects tags that would override the stack's own", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.tags = { environment: "prod", owner: "me" }))), [
            "`tags.environment`: found \"prod\"; must be not set here: the stack sets the `environment` tag itself. Fix: pulumi config rm --path 'tags.environment'",
        ]);
    });

    it("rejects unknown keys, naming the allowed ones", () => {
        assert.deepStrictEqual(problems(withPatch((r) => (r.vault = { skus: "premium", network: { defaultActoin: "Deny" } }))), [
            "`vault.network.defaultActoin`: unknown key; allowed keys here: defaultAction, bypass, ipRules, subnetIds. Fix: correct its spelling or remove it",
            "`vault.skus`: unknown key; allowed keys here: sku, softDeleteRetentionDays, purgeProtection, publicNetworkAccess, network, name. Fix: correct its spelling or remove it",
        ]);
    });

    it("reports every problem at once, one line each, cross-key rules included", () => {
        const found = problems({
            environment: "production",
            vault: { sku: "gold", softDeleteRetentionDays: 1, purgeProtection: false },
            secrets: [{ name: "Bad Name" }, { name: "ext", source: "external", length: 64 }],
        });
        assert.deepStrictEqual(
            found.map((p) => p.split("`")[1]),
            ["azure-native:location", "vault.sku", "vault.softDeleteRetentionDays", "secrets[0].name", "vault.purgeProtection", 'secretValues["Bad Name"]', "secrets[1].length"],
        );
        const err = (() => {
            try {
                validateConfig({ environment: "X" }, "staging");
            } catch (e) {
                return e as Error;
            }
            return undefined;
        })();
        assert.match(err?.message ?? "", /^Invalid config in Pulumi\.staging\.yaml \(2 problems\):\n {2}- `environment`/);
    });
});

describe("config contract: rotation", () => {
    const base = (): Record<string, unknown> => ({
        environment: "staging",
        location: "westeurope",
        secrets: [{ name: "db-password", source: "generate", rotation: "regenerate" }],
    });

    it("defaults to rotation enabled on 10.42.0.0/26, and no strategy per secret", () => {
        const cfg = validateConfig({ environment: "dev", location: "westeurope", secrets: [{ name: "x", source: "generate" }] });
        assert.deepStrictEqual(cfg.rotation, { enabled: true, addressPrefix: "10.42.0.0/26" });
        assert.strictEqual(cfg.secrets[0]?.rotation, "none");
    });

    it("accepts regenerate on a generated secret and postgres on a config one", () => {
        validateConfig(base());
        validateConfig({ ...base(), secrets: [{ name: "db-url", source: "config", rotation: "postgres" }], secretValueNames: ["db-url"] });
    });

    it("rejects postgres on an external secret (never tagged nor dated by the stack: it would never rotate), naming the fix", () => {
        const raw = { ...base(), secrets: [{ name: "db-url", source: "external", rotation: "postgres" }] };
        assert.throws(() => validateConfig(raw), (err: ConfigError) =>
            err.problems.length === 1 &&
            err.problems[0] ===
                "`secrets[0].source`: found \"external\"; must be config for a postgres-rotated secret (the stack creates, tags and dates only the secrets it holds; an external secret gets no rotation-strategy tag and no expiry, so Key Vault never sends the event and it would never rotate). Fix: pulumi config set --path 'secrets[0].source' config && pulumi config set --secret --path 'secretValues.db-url' 'postgresql://<user>:<password>@<host>/<db>?sslmode=verify-full', or set rotation: none and rotate it outside the stack",
        );
    });

    it("rejects an unknown strategy", () => {
        const raw = { ...base(), secrets: [{ name: "db-password", source: "generate", rotation: "daily" }] };
        assert.throws(() => validateConfig(raw), (err: ConfigError) =>
            err.problems.includes("`secrets[0].rotation`: found \"daily\"; must be one of none | regenerate | postgres | postgres-dual. Fix: pulumi config set --path 'secrets[0].rotation' regenerate"),
        );
    });

    it("rejects regenerate on a secret that is not generated", () => {
        const raw = { ...base(), secrets: [{ name: "db-url", source: "external", rotation: "regenerate" }] };
        assert.throws(() => validateConfig(raw), (err: ConfigError) =>
            err.problems.length === 1 &&
            err.problems[0] ===
                "`secrets[0].rotation`: found \"regenerate\"; must be none for a secret whose source is external (regenerate writes a new random value, which only a generated secret can take). Fix: pulumi config set --path 'secrets[0].rotation' none, or set source: generate",
        );
    });

    it("rejects postgres on a generated secret", () => {
        const raw = { ...base(), secrets: [{ name: "db-password", source: "generate", rotation: "postgres" }] };
        assert.throws(() => validateConfig(raw), (err: ConfigError) => err.problems.length === 1 && /^`secrets\[0\]\.rotation`: found "postgres"; must be regenerate or none for a generated secret/.test(err.problems[0] ?? ""));
    });

    it("rejects a rotated secret that does not outlive the 30-day near-expiry window plus the function's 24 h margin", () => {
        for (const days of [30, 31]) {
            const raw = { ...base(), secrets: [{ name: "db-password", source: "generate", rotation: "regenerate", expiresInDays: days }] };
            assert.throws(() => validateConfig(raw), (err: ConfigError) =>
                err.problems.length === 1 &&
                err.problems[0] ===
                    `\`secrets[0].expiresInDays\`: found ${days}; must be more than 31 for a rotated secret (Key Vault warns 30 days before expiry and the function rotates from 24 h earlier; a shorter validity would rotate again at once). Fix: pulumi config set --path 'secrets[0].expiresInDays' 90`,
            );
        }
        validateConfig({ ...base(), secrets: [{ name: "db-password", source: "generate", rotation: "regenerate", expiresInDays: 32 }] });
        validateConfig({ ...base(), secrets: [{ name: "short-lived", source: "generate", expiresInDays: 7 }] });
    });

    it("rejects a strategy while rotation is disabled", () => {
        const raw = { ...base(), rotation: { enabled: false } };
        assert.throws(() => validateConfig(raw), (err: ConfigError) =>
            err.problems.length === 1 &&
            err.problems[0] ===
                "`secrets[0].rotation`: found \"regenerate\"; must be none while rotation.enabled is false (nothing would rotate it). Fix: pulumi config set --path 'rotation.enabled' true, or set rotation: none",
        );
    });

    it("rejects a public or oversized rotation subnet range", () => {
        for (const prefix of ["20.1.0.0/26", "10.0.0.0/8", "10.42.0.0/28"]) {
            assert.throws(() => validateConfig({ ...base(), rotation: { addressPrefix: prefix } }), (err: ConfigError) =>
                err.problems[0]?.startsWith(`\`rotation.addressPrefix\`: found "${prefix}"; must be a private (RFC 1918) IPv4 range from /16 to /26`) === true,
            );
        }
    });
});
