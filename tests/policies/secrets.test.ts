import { strict as assert } from "assert";
import {
    createSecretMaxValidityPolicy,
    keyVaultSecretContentType,
    keyVaultSecretExpiry,
    keyVaultSecretMaxValidity,
    keyVaultSecretNameConvention,
} from "keyvault-devops-policies/bin/secrets";
import { DAY, NOT_BEFORE, secret } from "./fixtures";
import { checkResource, DELETE, ENGINE_UNKNOWN, PLAN_UNKNOWN, TestResource, withProp } from "./helpers";

const SECRET = "Key Vault secret 'db-password'";
const ATTRS = ["properties", "attributes"] as const;

function secretWith(path: ReadonlyArray<string | number>, value: unknown): TestResource {
    return withProp(secret(), path, value);
}

describe("policies: secrets", () => {
    describe("keyvault-secret-expiry", () => {
        const policy = keyVaultSecretExpiry;

        it("accepts a secret with an expiry (unix seconds, or an ISO date)", async () => {
            assert.deepEqual(await checkResource(policy, secret()), []);
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], "2026-03-01T00:00:00Z")), []);
        });

        it("rejects a secret without an expiry", async () => {
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], DELETE)), [
                `${SECRET} must set properties.attributes.expires (found: not set)`,
            ]);
        });

        it("rejects a secret without attributes", async () => {
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS], DELETE)), [
                `${SECRET} must set properties.attributes.expires (found: not set)`,
            ]);
        });

        it("rejects an expiry that is not a date", async () => {
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], "next year")), [
                `${SECRET} must set properties.attributes.expires (found: next year)`,
            ]);
        });

        it("names an auto-named secret by its logical name", async () => {
            const r = withProp(secretWith([...ATTRS, "expires"], DELETE), ["secretName"], DELETE);
            assert.deepEqual(await checkResource(policy, { ...r, name: "api-key" }), [
                "Key Vault secret 'api-key' must set properties.attributes.expires (found: not set)",
            ]);
        });

        it("says nothing when the expiry or the attributes are unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], u)), []);
                assert.deepEqual(await checkResource(policy, secretWith([...ATTRS], u)), []);
                assert.deepEqual(await checkResource(policy, secretWith(["properties"], u)), []);
            }
        });
    });

    describe("keyvault-secret-max-validity", () => {
        // "now" = 2026-02-01T00:00:00Z
        const now = (NOT_BEFORE + 31 * DAY) * 1000;
        const policy = createSecretMaxValidityPolicy(() => now);

        it("accepts a secret valid for at most 90 days from notBefore", async () => {
            assert.deepEqual(await checkResource(policy, secret()), []);
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], NOT_BEFORE + 90 * DAY)), []);
        });

        it("rejects a secret valid for longer than 90 days from notBefore", async () => {
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], NOT_BEFORE + 365 * DAY)), [
                `${SECRET} must expire within 90 days of notBefore (found: 365 days)`,
            ]);
        });

        it("measures from now when notBefore is not set", async () => {
            const noStart = secretWith([...ATTRS, "notBefore"], DELETE);
            assert.deepEqual(await checkResource(policy, noStart), []); // expires 29 days from now
            const long = withProp(noStart, [...ATTRS, "expires"], now / 1000 + 120.5 * DAY);
            assert.deepEqual(await checkResource(policy, long), [
                `${SECRET} must expire within 90 days of now (found: 120.5 days)`,
            ]);
        });

        it("applies the configured maximum", async () => {
            assert.deepEqual(await checkResource(policy, secret(), { maxValidityDays: 30 }), [
                `${SECRET} must expire within 30 days of notBefore (found: 60 days)`,
            ]);
            const long = secretWith([...ATTRS, "expires"], NOT_BEFORE + 365 * DAY);
            assert.deepEqual(await checkResource(policy, long, { maxValidityDays: 365 }), []);
        });

        it("leaves a missing expiry to keyvault-secret-expiry", async () => {
            assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], DELETE)), []);
        });

        it("ships with the real clock", async () => {
            const inAYear = Math.floor(Date.now() / 1000) + 365 * DAY;
            const r = withProp(secretWith([...ATTRS, "notBefore"], DELETE), [...ATTRS, "expires"], inAYear);
            const [message] = await checkResource(keyVaultSecretMaxValidity, r);
            assert.match(message ?? "", /^Key Vault secret 'db-password' must expire within 90 days of now \(found: 36[45](\.\d)? days\)$/);
        });

        it("says nothing when expires or notBefore is unknown", async () => {
            const long = secretWith([...ATTRS, "expires"], NOT_BEFORE + 365 * DAY);
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, withProp(long, [...ATTRS, "notBefore"], u)), []);
                assert.deepEqual(await checkResource(policy, secretWith([...ATTRS, "expires"], u)), []);
                assert.deepEqual(await checkResource(policy, secretWith([...ATTRS], u)), []);
            }
        });
    });

    describe("keyvault-secret-content-type", () => {
        const policy = keyVaultSecretContentType;

        it("accepts a secret with a content type", async () => {
            assert.deepEqual(await checkResource(policy, secret()), []);
        });

        it("rejects a secret without a content type", async () => {
            assert.deepEqual(await checkResource(policy, secretWith(["properties", "contentType"], DELETE)), [
                `${SECRET} must set properties.contentType (found: not set)`,
            ]);
        });

        it("rejects an empty content type", async () => {
            assert.deepEqual(await checkResource(policy, secretWith(["properties", "contentType"], "")), [
                `${SECRET} must set properties.contentType (found: "")`,
            ]);
        });

        it("says nothing when the content type is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, secretWith(["properties", "contentType"], u)), []);
                assert.deepEqual(await checkResource(policy, secretWith(["properties"], u)), []);
            }
        });
    });

    describe("keyvault-secret-name-convention", () => {
        const policy = keyVaultSecretNameConvention;
        const named = (name: string): TestResource => secretWith(["secretName"], name);

        it("accepts kebab-case names, and auto-named secrets", async () => {
            for (const name of ["db-password", "api-key-2", "x", "a".repeat(127)]) {
                assert.deepEqual(await checkResource(policy, named(name)), [], name);
            }
            assert.deepEqual(await checkResource(policy, secretWith(["secretName"], DELETE)), []);
        });

        it("rejects a name that is not kebab-case", async () => {
            assert.deepEqual(await checkResource(policy, named("DbPassword")), [
                "Key Vault secret 'DbPassword' must have a name matching ^[a-z0-9]+(-[a-z0-9]+)*$ (found: DbPassword)",
            ]);
        });

        it("rejects a name longer than 127 characters", async () => {
            const long = "a".repeat(128);
            assert.deepEqual(await checkResource(policy, named(long)), [
                `Key Vault secret '${long}' must have a name of at most 127 characters (found: 128 characters)`,
            ]);
        });

        it("applies the configured pattern", async () => {
            const config = { pattern: "^[A-Z][A-Za-z0-9]*$" };
            assert.deepEqual(await checkResource(policy, named("DbPassword"), config), []);
            assert.deepEqual(await checkResource(policy, named("db-password"), config), [
                "Key Vault secret 'db-password' must have a name matching ^[A-Z][A-Za-z0-9]*$ (found: db-password)",
            ]);
        });

        it("matches with RE2 semantics, as the CLI validated the pattern: (?i) works, nothing throws", async () => {
            const config = { pattern: "(?i)^db-[a-z]+$" };
            assert.deepEqual(await checkResource(policy, named("DB-Password"), config), []);
            assert.deepEqual(await checkResource(policy, named("api-key"), config), [
                "Key Vault secret 'api-key' must have a name matching (?i)^db-[a-z]+$ (found: api-key)",
            ]);
            // Go's regexp.MatchString is unanchored, like RegExp.test.
            assert.deepEqual(await checkResource(policy, named("my-db-password"), { pattern: "db" }), []);
        });

        it("says nothing when the name is unknown", async () => {
            for (const u of [ENGINE_UNKNOWN, PLAN_UNKNOWN]) {
                assert.deepEqual(await checkResource(policy, named(u)), []);
            }
        });
    });
});
