// The runner hands policies the values the program produced (secrets in plaintext, as @pulumi/policy's analyzer
// does) and redacts secret values from everything it returns or throws; the raw values never leave memory.
import { strict as assert } from "assert";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { attachRawValues } from "../../tools/plan/rawValues";
import { maskPlaintextSecretValues, plaintextSecretValueFindings, secretTexts } from "../../tools/plan/redact";
import type { PlannedResource } from "../../tools/plan/types";
import { runPolicyList } from "../../tools/policy-runner/runPolicies";
import { analyzerWire } from "../../tools/policy-runner/analyzerWire";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE = "5cf8f73096256a8f31e491e813e4eb8e";
const secret = (value: unknown): Record<string, unknown> => ({ [SIG]: SECRET, value });

const URN = "urn:pulumi:dev::p::azure-native:keyvault:Secret::db";

/** A recorded Key Vault secret: sanitized values for print, raw wire values in memory. */
function recorded(rawInputs: Record<string, unknown>, printed: Record<string, unknown>): PlannedResource {
    const r: PlannedResource = {
        urn: URN,
        type: "azure-native:keyvault:Secret",
        name: "db",
        custom: true,
        inputs: printed,
        outputs: printed,
        dependencies: [],
        propertyDependencies: {},
        protect: false,
    };
    attachRawValues(r, { inputs: rawInputs, outputs: rawInputs });
    return r;
}

describe("policies: real values in memory, redacted on the way out", () => {
    const hidden = recorded(
        { secretName: "db", properties: secret({ value: "s3cr3t-value-1", contentType: "" }) },
        { secretName: "db", properties: "[secret]" },
    );

    it("policies see the plaintext of secrets, as the analyzer hands it to them", async () => {
        const seen: unknown[] = [];
        const probe: ResourceValidationPolicy = {
            name: "probe",
            description: "Checks whether secrets are unwrapped.",
            validateResource: (args) => {
                seen.push(args.props["properties"]);
            },
        };
        await runPolicyList([probe], [hidden]);
        assert.deepEqual(seen, [{ value: "s3cr3t-value-1", contentType: "" }]);
    });

    it("redacts secret values from violation messages and from a policy's error", async () => {
        const quoting: ResourceValidationPolicy = {
            name: "quoting",
            description: "Checks whether messages are redacted.",
            enforcementLevel: "mandatory",
            validateResource: (args, report) => {
                const props = args.props["properties"] as { value: string };
                report(`value is ${props.value}, reversed ${props.value.split("").reverse().join("")}`);
            },
        };
        const violations = await runPolicyList([quoting], [hidden]);
        assert.deepEqual(violations.map((v) => v.message), ["value is [secret], reversed 1-eulav-t3rc3s"]);
        const throwing: StackValidationPolicy = {
            name: "throwing",
            description: "Checks whether errors are redacted.",
            validateStack: (args) => {
                throw new Error(`cannot use ${String((args.resources[0]?.props["properties"] as { value: string }).value)}`);
            },
        };
        await assert.rejects(runPolicyList([throwing], [hidden]), (err: Error) => {
            assert.equal(err.message, "Policy 'throwing' failed validating the stack: cannot use [secret]");
            assert.equal(err.cause, undefined);
            return true;
        });
    });

    it("keeps the raw values out of anything that serializes or copies a record", () => {
        for (const copy of [JSON.stringify(hidden), JSON.stringify(structuredClone(hidden)), JSON.stringify({ ...hidden })]) {
            assert.ok(!copy.includes("s3cr3t-value-1"), copy);
        }
    });

    it("sends what the engine sends the analyzer: secrets kept, resource references as IDs, internal keys dropped", () => {
        const wire = analyzerWire({
            __defaults: [],
            a: secret("x"),
            ref: { [SIG]: RESOURCE, urn: "urn:pulumi:dev::p::t::n", id: "/subscriptions/s/rg" },
            component: { [SIG]: RESOURCE, urn: "urn:pulumi:dev::p::c::n" },
            nested: { list: [1, secret({ b: 2 })] },
        });
        assert.deepEqual(wire, {
            a: secret("x"),
            ref: "/subscriptions/s/rg",
            component: "urn:pulumi:dev::p::c::n",
            nested: { list: [1, secret({ b: 2 })] },
        });
    });

    it("masks a Key Vault secret's value given as a plain string, and reports it as a mandatory finding", () => {
        const printed = maskPlaintextSecretValues("azure-native:keyvault:Secret", { secretName: "api", properties: { value: "plain-1234", contentType: "text/plain" } });
        assert.deepEqual(printed, { secretName: "api", properties: { value: "[secret]", contentType: "text/plain" } });
        assert.deepEqual(maskPlaintextSecretValues("azure-native:storage:StorageAccount", { properties: { value: "x" } }), { properties: { value: "x" } });

        const plain = recorded({ secretName: "api", properties: { value: "plain-1234" } }, printed);
        assert.deepEqual(plaintextSecretValueFindings([plain, hidden]), [
            {
                policy: "keyvault-secret-value-not-secret",
                enforcementLevel: "mandatory",
                urn: URN,
                message:
                    "Key Vault secret 'api' must take its value as a Pulumi secret (found: a plain string in properties.value): it would be stored in plaintext in the Pulumi state; pass pulumi.secret(value) or config.requireSecret(...)",
            },
        ]);
        // Its text is redacted like a secret's.
        assert.deepEqual(secretTexts([plain, hidden]).sort(), ["plain-1234", "s3cr3t-value-1"]);
        const secretValue = recorded({ secretName: "api", properties: { value: secret("v") } }, printed);
        assert.deepEqual(plaintextSecretValueFindings([secretValue]), []);
    });
});
