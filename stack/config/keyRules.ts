import { DEFAULTS, PRODUCTION } from "../defaults";
import { defaultKeyType, EC_OPERATIONS, isEcKeyType, isHsmKeyType, isRsaKeyType, KEY_ROTATION_LIMITS, KEY_TYPES } from "../keys";
import { RuleIssue } from "./problems";
import { asArray, asRecord, digitsAsNumber } from "./primitives";
import type { StackConfig } from "./schema";

/*
 * Rules between the fields of a `keys[]` entry and the rest of the config. They run on the raw config, tolerating
 * values of the wrong type (the schema reports those), so one run reports every problem.
 */

/** A key's validity when it is one the schema accepts (an out-of-range one is the schema's finding, not a rotation's). */
const validityOf = (key: Record<string, unknown>): number | undefined => {
    const v = days(key.expiresInDays ?? DEFAULTS.key.expiresInDays);
    return v !== undefined && v >= KEY_ROTATION_LIMITS.minExpiresInDays && v <= KEY_ROTATION_LIMITS.maxExpiresInDays ? v : undefined;
};

const days = (v: unknown): number | undefined => {
    const n = digitsAsNumber(v);
    return typeof n === "number" && Number.isInteger(n) ? n : undefined;
};

/** Every cross-field problem of `keys`, each naming the key path (`keys[0].size`). */
export function keyIssues(rawInput: unknown): RuleIssue[] {
    const raw = asRecord(rawInput);
    const issues: RuleIssue[] = [];
    const vault = asRecord(raw.vault);
    const sku = typeof vault.sku === "string" ? vault.sku : DEFAULTS.vault.sku;
    const production = raw.environment === PRODUCTION;
    const names = new Map<string, number>();
    asArray(raw.keys)
        .map(asRecord)
        .forEach((key, i) => {
            const at = (...rest: (string | number)[]): (string | number)[] => ["keys", i, ...rest];
            if (typeof key.name === "string") {
                const first = names.get(key.name.toLowerCase());
                if (first !== undefined) {
                    issues.push({ path: at("name"), expected: `a name not used by another key, ignoring case (Key Vault names are case-insensitive; keys[${first}] has it)`, fix: "rename one of them" });
                } else {
                    names.set(key.name.toLowerCase(), i);
                }
            }
            const curve = typeof key.curve === "string" ? key.curve : undefined;
            const explicitType = typeof key.type === "string" && (KEY_TYPES as readonly string[]).includes(key.type) ? key.type : undefined;
            if (key.type !== undefined && explicitType === undefined) {
                return; // the schema reports an unknown type; the rest depends on it
            }
            const type = explicitType ?? defaultKeyType(sku, curve);
            const typeNote = explicitType ? `type ${type}` : `type ${type} (the default on a ${sku} vault)`;
            if (isRsaKeyType(type)) {
                if (key.curve !== undefined) {
                    issues.push({ path: at("curve"), expected: `unset for an RSA key (${typeNote}: RSA keys take a size, EC keys a curve)`, fix: "pulumi config rm --path '{path}', or set type: EC" });
                }
                if (key.size === undefined) {
                    issues.push({ path: at("size"), found: "not set", expected: `2048, 3072 or 4096 for an RSA key (${typeNote})`, fix: "pulumi config set --path '{path}' 3072" });
                }
            }
            if (isEcKeyType(type)) {
                if (key.size !== undefined) {
                    issues.push({ path: at("size"), expected: `unset for an EC key (${typeNote}: the curve sets its size)`, fix: "pulumi config rm --path '{path}' and set curve, e.g. P-256" });
                }
                if (key.curve === undefined) {
                    issues.push({ path: at("curve"), found: "not set", expected: `P-256, P-384, P-521 or P-256K for an EC key (${typeNote})`, fix: "pulumi config set --path '{path}' P-256" });
                }
                asArray(key.operations).forEach((op, o) => {
                    if (typeof op === "string" && !EC_OPERATIONS.includes(op as (typeof EC_OPERATIONS)[number])) {
                        issues.push({
                            path: at("operations", o),
                            expected: "sign or verify for an EC key (Key Vault's EC keys only sign: https://learn.microsoft.com/azure/key-vault/keys/about-keys-details#ec-algorithms)",
                            fix: "remove it, or use an RSA key",
                        });
                    }
                });
            }
            if (isHsmKeyType(type) && sku !== "premium") {
                issues.push({
                    path: at("type"),
                    expected: production
                        ? `a type the vault can hold: ${type} is HSM-backed (required in production) and needs vault.sku premium, this vault is ${sku} (https://learn.microsoft.com/azure/key-vault/keys/about-keys#key-types-and-protection-methods)`
                        : `a software key type (RSA or EC) on a ${sku} vault: HSM-backed keys need vault.sku premium (https://learn.microsoft.com/azure/key-vault/keys/about-keys#key-types-and-protection-methods)`,
                    fix: production ? "pulumi config set --path 'vault.sku' premium" : `pulumi config set --path '{path}' ${type.replace(/-HSM$/, "")}, or pulumi config set --path 'vault.sku' premium`,
                });
            } else if (production && !isHsmKeyType(type)) {
                issues.push({
                    path: at("type"),
                    ...(explicitType ? {} : { found: `not set (${type} on a ${sku} vault)` }),
                    expected: `an HSM-backed type (RSA-HSM or EC-HSM) in production${sku === "premium" ? "" : ", which needs vault.sku premium"}`,
                    fix: `pulumi config set --path '{path}' ${type}-HSM${sku === "premium" ? "" : " && pulumi config set --path 'vault.sku' premium"}`,
                });
            }
            const seenOps = new Set<unknown>();
            asArray(key.operations).forEach((op, o) => {
                if (seenOps.has(op)) {
                    issues.push({ path: at("operations", o), expected: "listed once", fix: "remove the duplicate" });
                }
                seenOps.add(op);
            });
            issues.push(...rotationIssues(key, at));
            const principals = new Set<string>();
            asArray(key.users)
                .map(asRecord)
                .forEach((user, u) => {
                    if (typeof user.principalId !== "string") {
                        return;
                    }
                    const id = user.principalId.toLowerCase();
                    if (principals.has(id)) {
                        issues.push({ path: at("users", u), expected: "a principal listed once per key (two assignments of one role to one principal on one scope collide)", fix: "remove the duplicate entry" });
                    }
                    principals.add(id);
                });
        });
    return issues;
}

/**
 * The rotation policy against the key's validity: exactly one rotation trigger, each at least 7 days from creation
 * and from expiry (https://learn.microsoft.com/azure/key-vault/keys/how-to-configure-key-rotation), and a near-expiry
 * notification before expiry.
 */
function rotationIssues(key: Record<string, unknown>, at: (...rest: (string | number)[]) => (string | number)[]): RuleIssue[] {
    if (key.rotation === undefined) {
        // The default rotation (DEFAULTS.key) must fit the key's validity too.
        const validity = validityOf(key);
        const min = KEY_ROTATION_LIMITS.minRotateDays;
        if (validity !== undefined && (DEFAULTS.key.rotateAfterDays > validity - min || DEFAULTS.key.notifyBeforeExpiryDays >= validity - DEFAULTS.key.rotateAfterDays)) {
            return [
                {
                    path: at("rotation"),
                    found: "not set",
                    expected: `set for a key valid ${validity} days: the default rotation (${DEFAULTS.key.rotateAfterDays} days after creation) must come at least ${min} days before expiry, and before the default notice (${DEFAULTS.key.notifyBeforeExpiryDays} days before expiry)`,
                    fix: `pulumi config set --path '{path}.rotateAfterDays' ${Math.max(min, validity - 30)} && pulumi config set --path '{path}.notifyBeforeExpiryDays' ${min}`,
                },
            ];
        }
        return [];
    }
    const rotation = asRecord(key.rotation);
    const issues: RuleIssue[] = [];
    const validity = validityOf(key);
    const after = days(rotation.rotateAfterDays);
    const before = days(rotation.rotateBeforeExpiryDays);
    const notify = days(rotation.notifyBeforeExpiryDays ?? DEFAULTS.key.notifyBeforeExpiryDays);
    const min = KEY_ROTATION_LIMITS.minRotateDays;
    if (rotation.rotateAfterDays !== undefined && rotation.rotateBeforeExpiryDays !== undefined) {
        issues.push({ path: at("rotation", "rotateBeforeExpiryDays"), expected: "unset when rotateAfterDays is set (a key rotates on one trigger)", fix: "pulumi config rm --path '{path}', or remove rotateAfterDays" });
    } else if (rotation.rotateAfterDays === undefined && rotation.rotateBeforeExpiryDays === undefined) {
        issues.push({
            path: at("rotation", "rotateAfterDays"),
            found: "not set",
            expected: "set, or rotation.rotateBeforeExpiryDays instead (Key Vault rotates the key itself on one of them)",
            fix: `pulumi config set --path '{path}' ${DEFAULTS.key.rotateAfterDays}`,
        });
    }
    if (validity === undefined) {
        return issues;
    }
    if (after !== undefined && after > validity - min) {
        issues.push({
            path: at("rotation", "rotateAfterDays"),
            expected: `at most ${validity - min}: ${min} days before the key expires (expiresInDays is ${validity}; Key Vault's minimum is ${min} days from expiry)`,
            fix: `pulumi config set --path '{path}' ${Math.max(min, validity - 30)}, or raise expiresInDays`,
        });
    }
    if (before !== undefined && before > validity - min) {
        issues.push({
            path: at("rotation", "rotateBeforeExpiryDays"),
            expected: `at most ${validity - min}: ${min} days after creation (expiresInDays is ${validity}; Key Vault's minimum is ${min} days from creation)`,
            fix: `pulumi config set --path '{path}' 30, or raise expiresInDays`,
        });
    }
    // The day Key Vault rotates (after creation), when one valid trigger is set (an invalid one is reported above).
    const validTrigger = (d: number | undefined): d is number => d !== undefined && d <= validity - min;
    const rotationDay = validTrigger(after) && before === undefined ? after : validTrigger(before) && after === undefined ? validity - before : undefined;
    if (notify !== undefined && notify >= validity) {
        issues.push({
            path: at("rotation", "notifyBeforeExpiryDays"),
            expected: `less than expiresInDays (${validity}), or KeyNearExpiry would fire as soon as the key exists`,
            fix: `pulumi config set --path '{path}' ${DEFAULTS.key.notifyBeforeExpiryDays}`,
        });
    } else if (notify !== undefined && rotationDay !== undefined && notify >= validity - rotationDay) {
        // KeyNearExpiry is raised for the current version (https://learn.microsoft.com/azure/event-grid/event-schema-key-vault):
        // a notice on or before the rotation day alerts, every cycle, on a key about to rotate as planned.
        issues.push({
            path: at("rotation", "notifyBeforeExpiryDays"),
            ...(rotation.notifyBeforeExpiryDays === undefined ? { found: `${notify} (the default)` } : {}),
            expected: `less than ${validity - rotationDay}: the rotation comes ${validity - rotationDay} days before expiry, and the near-expiry notice must come after it (it alerts that the rotation did not happen)`,
            fix: `pulumi config set --path '{path}' ${Math.max(KEY_ROTATION_LIMITS.minNotifyDays, Math.floor((validity - rotationDay) / 2))}, or rotate earlier`,
        });
    }
    return issues;
}

/**
 * Keys and certificates whose near-expiry and expiry events alert nobody: without `rotation.alerts` receivers the stack creates no
 * notification, and a key whose rotation stopped would just expire. A warning in every environment, like
 * `rotationAlertWarnings` for secrets.
 */
export function keyAlertWarnings(cfg: StackConfig): string[] {
    const alerts = cfg.rotation.alerts ?? {};
    if ((alerts.emails ?? []).length > 0 || alerts.webhookUrl !== undefined) {
        return [];
    }
    const fix = "Fix: pulumi config set --path 'rotation.alerts.emails[0]' secops@example.com";
    return [
        ...(cfg.keys.length > 0 ? [`\`rotation.alerts\`: not set; ${cfg.keys.length} key(s) rotate in Key Vault but their KeyNearExpiry / KeyExpired events alert nobody. ${fix}`] : []),
        // The same gap for certificates: without receivers the stack creates no expiry alert at all (stack/program.ts).
        ...(cfg.certificates.length > 0
            ? [`\`rotation.alerts\`: not set; ${cfg.certificates.length} certificate(s) renew in Key Vault but their CertificateNearExpiry / CertificateExpired events alert nobody. ${fix}`]
            : []),
    ];
}
