import * as fs from "fs";
import * as path from "path";
import { renderPath } from "./errors";
import { shellQuote } from "../shellQuote";
import { ConfigProblem } from "./problems";
import { parseYamlText } from "../yamlText";

/*
 * Plaintext secret values. `pulumi config set --secret --path 'secretValues.<name>'` writes `<name>: { secure: ... }`
 * into the stack file; without --secret the value sits there in plaintext. Pulumi marks a whole config key secret when
 * any value inside it is (`c.secure = hasSecureValue(obj)` in pulumi/pulumi sdk/go/common/resource/config/value.go), so the runtime's
 * `isConfigSecret("<project>:secretValues")` is true as soon as one sibling is `secure:`: the stack file itself is the
 * only place that tells, entry by entry, which values are in plaintext.
 */

function isSecure(value: unknown): boolean {
    // As Pulumi reads it (`isSecureValue` in pulumi/pulumi sdk/go/common/resource/config/value.go): a map whose only
    // key is `secure`, holding a string.
    return value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

/**
 * The names of the `secretValues` entries written in plaintext in a stack file's `config` map (the key
 * `<namespace>:secretValues`, or the un-namespaced `secretValues` the CLI would refuse). Values are never returned.
 */
export function plaintextSecretValueNames(stackConfig: unknown, namespace: string): string[] {
    if (stackConfig === null || typeof stackConfig !== "object" || Array.isArray(stackConfig)) {
        return [];
    }
    const names = new Set<string>();
    for (const key of [`${namespace}:secretValues`, "secretValues"]) {
        const node = (stackConfig as Record<string, unknown>)[key];
        if (node !== null && typeof node === "object" && !Array.isArray(node)) {
            for (const [name, value] of Object.entries(node as Record<string, unknown>)) {
                if (!isSecure(value)) {
                    names.add(name);
                }
            }
        }
    }
    return [...names].sort();
}

/**
 * The plaintext `secretValues` entries of `Pulumi.<stack>.yaml` in a program directory (honouring Pulumi.yaml's
 * `stackConfigDir`), or undefined when the stack file cannot be read (config from elsewhere, e.g. an ESC environment).
 */
export function plaintextSecretValuesInStackFile(dir: string, namespace: string, stack: string): string[] | undefined {
    try {
        const project = parseYamlText(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as { stackConfigDir?: unknown } | null;
        const stackDir = typeof project?.stackConfigDir === "string" ? path.resolve(dir, project.stackConfigDir) : dir;
        const doc = parseYamlText(fs.readFileSync(path.join(stackDir, `Pulumi.${stack}.yaml`), "utf8")) as { config?: unknown } | null;
        return plaintextSecretValueNames(doc?.config, namespace);
    } catch {
        return undefined;
    }
}

/** The config error for plaintext secret values, naming each entry (never a value), or undefined when there is none. */
export function plaintextSecretValuesProblem(names: readonly string[]): ConfigProblem | undefined {
    if (names.length === 0) {
        return undefined;
    }
    const listed = names.map((n) => `\`${renderPath(["secretValues", n])}\``).join(", ");
    return {
        path: "secretValues",
        found: `values stored in plaintext (${listed})`,
        expected: "set as secrets, each one (a `secure:` sibling does not protect the others)",
        fix: `pulumi config set --secret --path ${shellQuote(renderPath(["secretValues", names[0] ?? "<name>"]))} <value> (for each value)`,
    };
}

/**
 * What the offline plan passes in place of a `secure:` value it cannot decrypt (it has no key and never asks for
 * one), by config key and path: a value of the shape the schema requires, so one encrypted value does not fail the
 * whole plan on its format. The plan marks the key secret as Pulumi does, so the stand-in prints as `[secret]` like
 * the real value would. Undefined: the generic `[secret]` placeholder (any string is accepted there).
 */
export function offlineSecretStandIn(namespace: string, key: string, path: readonly (string | number)[]): string | undefined {
    if (key === `${namespace}:rotation` && path.join(".") === "alerts.webhookUrl") {
        // https://…, as `rotation.alerts.webhookUrl` requires; `.invalid` never resolves (RFC 6761 section 6.4).
        return "https://offline-plan.invalid/secret-webhook";
    }
    return undefined;
}
