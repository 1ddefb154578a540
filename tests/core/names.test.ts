import * as assert from "assert";
import { caseOnlyMatch, VAULT_NAME_PATTERN, vaultName, vaultNameStem } from "../../stack/names";
import { ipRuleProblem } from "../../stack/network";

describe("vault names", () => {
    it("uses the whole project name when it fits, else its first word, else its initials", () => {
        assert.strictEqual(vaultName("kv", "staging", "ab12"), "kv-staging-ab12");
        assert.strictEqual(vaultName("keyvault-devops", "staging", "ab12"), "keyvault-staging-ab12");
        assert.strictEqual(vaultName("keyvault-devops", "production", "ab12"), "keyvault-production-ab12");
        assert.strictEqual(vaultName("infrastructure-payments", "production", "ab12"), "ip-production-ab12");
    });

    it("always yields a valid Key Vault name: 3–24 characters, starts with a letter, no double hyphen", () => {
        for (const project of ["keyvault-devops", "9lives", "a", "x--y", "Payments_Platform"]) {
            for (const env of ["qa", "staging", "production", "abcdefghijkl"]) {
                const name = vaultName(project, env, "z9z9");
                assert.match(name, VAULT_NAME_PATTERN, `${project}/${env} → ${name}`);
                assert.ok(!name.includes("--"));
            }
        }
    });

    it("prefixes a project name that starts with a digit", () => {
        assert.strictEqual(vaultNameStem("9lives", "qa"), "kv9lives-qa");
    });
});

describe("IP rules", () => {
    it("accepts public addresses and aligned ranges", () => {
        for (const ok of ["8.8.8.8", "20.67.128.0/22", "52.174.96.16/28", "13.107.6.0/24"]) {
            assert.strictEqual(ipRuleProblem(ok), undefined, ok);
        }
    });

    it("rejects private, loopback, link-local, CGNAT, documentation, multicast and reserved ranges", () => {
        for (const bad of ["10.0.0.1", "172.16.5.0/24", "192.168.0.0/16", "127.0.0.1", "169.254.1.1", "100.64.0.0/10", "192.0.2.1", "224.0.0.1", "250.1.1.1", "0.0.0.0/8"]) {
            assert.match(ipRuleProblem(bad) ?? "", /^overlaps /, bad);
        }
    });

    it("rejects a range that contains a private one", () => {
        assert.match(ipRuleProblem("172.0.0.0/8") ?? "", /overlaps 172\.16\.0\.0\/12/);
    });

    it("rejects malformed entries, bad octets, prefixes and host bits", () => {
        assert.strictEqual(ipRuleProblem("1.2.3"), "is not an IPv4 address or CIDR range");
        assert.strictEqual(ipRuleProblem("1.2.3.256"), "has an octet above 255");
        assert.strictEqual(ipRuleProblem("20.0.0.0/6"), "has a prefix length outside /8–/32");
        assert.strictEqual(ipRuleProblem("20.67.128.1/22"), "has host bits set for a /22 (the range starts at 20.67.128.0)");
    });
});

describe("caseOnlyMatch (one rule for config, the variable-groups component and preflight)", function () {
    it("returns the known name that differs only by case", () => {
        assert.strictEqual(caseOnlyMatch(["db-password", "JwtSigningKey"], "jwtsigningkey"), "JwtSigningKey");
    });
    it("returns nothing for an exact match or no match", () => {
        assert.strictEqual(caseOnlyMatch(["db-password"], "db-password"), undefined);
        assert.strictEqual(caseOnlyMatch(["db-password"], "smtp-password"), undefined);
    });
});
