import * as assert from "assert";
import { ConfigError } from "../../stack/config/errors";
import { validateConfig } from "../../stack/config/load";
import { expectation, expectationOf, NOT_SET, renderProblem, UNKNOWN_KEY } from "../../stack/config/problems";

describe("config problems as data", function () {
    it("renders a found value, an unset key and an unknown key in one place", () => {
        assert.strictEqual(renderProblem({ path: "vault.sku", found: '"gold"', expected: "one of standard | premium", fix: "pulumi config set --path 'vault.sku' premium" }), "`vault.sku`: found \"gold\"; must be one of standard | premium. Fix: pulumi config set --path 'vault.sku' premium");
        assert.strictEqual(renderProblem({ path: "environment", found: NOT_SET, expected: "2-12 lowercase letters and digits", fix: "pulumi config set environment staging" }), "`environment`: not set; must be 2-12 lowercase letters and digits. Fix: pulumi config set environment staging");
        assert.strictEqual(renderProblem({ path: "vault.colour", found: UNKNOWN_KEY, expected: "allowed keys here: sku", fix: "correct its spelling or remove it" }), "`vault.colour`: unknown key; allowed keys here: sku. Fix: correct its spelling or remove it");
    });

    it("hands zod a message and gets the parts back by that exact message, never by parsing it", () => {
        const message = expectation("a whole number. Fix: this is part of what is expected", "set it");
        assert.deepStrictEqual(expectationOf(message), { expected: "a whole number. Fix: this is part of what is expected", fix: "set it" });
        assert.deepStrictEqual(expectationOf("Invalid input"), { expected: "Invalid input", fix: "" });
    });

    it("a ConfigError carries each problem as data beside its rendered line, with the value found and the fix filled in", () => {
        let err: unknown;
        try {
            validateConfig({ environment: "staging", location: "westeurope", vault: { sku: "gold" }, secretValueNames: [] });
        } catch (e) {
            err = e;
        }
        assert.ok(err instanceof ConfigError);
        assert.deepStrictEqual(err.details, [{ path: "vault.sku", found: '"gold"', expected: "one of standard | premium", fix: "pulumi config set --path 'vault.sku' premium" }]);
        assert.deepStrictEqual(err.problems, err.details.map(renderProblem));
    });

    it("never shows a secret's value: a rule about secretValues reports [secret], a missing one 'not set'", () => {
        let err: unknown;
        try {
            validateConfig({ environment: "staging", location: "westeurope", secrets: [{ name: "db-password" }], secretValueNames: ["smtp-password"] });
        } catch (e) {
            err = e;
        }
        assert.ok(err instanceof ConfigError);
        const found = Object.fromEntries(err.details.map((d) => [d.path, d.found]));
        assert.deepStrictEqual(found, { "secretValues.db-password": NOT_SET, "secretValues.smtp-password": "[secret]" });
    });
});

describe("config problems never show a webhook URL", function () {
    it("reports a bad rotation.alerts.webhookUrl as [secret], not the token in it", () => {
        let err: unknown;
        try {
            validateConfig({ environment: "staging", location: "westeurope", rotation: { alerts: { webhookUrl: "http://hooks.example/SUPERSECRETTOKEN123" } }, secretValueNames: [] });
        } catch (e) {
            err = e;
        }
        assert.ok(err instanceof ConfigError);
        const problem = err.details.find((d) => d.path === "rotation.alerts.webhookUrl");
        assert.strictEqual(problem?.found, "[secret]");
        assert.ok(!err.message.includes("SUPERSECRETTOKEN123"), err.message);
    });
});
