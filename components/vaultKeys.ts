import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as time from "@pulumiverse/time";
import { DEFAULTS } from "../stack/defaults";
import { EC_OPERATIONS, isEcKeyType, isRsaKeyType, isoDays, KEY_ROTATION_LIMITS, KeyOperation, KeyType } from "../stack/keys";
import { PrincipalType, roleSlug } from "../stack/roles";
import { scopedRoleAssignment } from "./roleAssignment";

/** A principal given Key Vault Crypto User on one key. */
export interface KeyUser {
    readonly principalId: string;
    readonly principalType: PrincipalType;
}

export interface VaultKeySpec {
    /** Kebab-case key name, ≤ 127 characters (the vault's object-name rule). */
    readonly name: string;
    /** RSA, RSA-HSM, EC or EC-HSM (HSM types need a premium vault). */
    readonly type: KeyType;
    /** RSA only: 2048, 3072 or 4096. */
    readonly size?: number;
    /** EC only: P-256, P-384, P-521 or P-256K. */
    readonly curve?: string;
    /** Permitted operations. Default: sign, verify. */
    readonly operations?: readonly KeyOperation[];
    /** Validity of every version, in days (≥ 28). Default: 120. */
    readonly expiresInDays?: number;
    /** Exactly one of rotateAfterDays / rotateBeforeExpiryDays (≥ 7 from creation and from expiry); notify ≥ 7. */
    readonly rotation?: { readonly rotateAfterDays?: number; readonly rotateBeforeExpiryDays?: number; readonly notifyBeforeExpiryDays?: number };
    /** Principals given Key Vault Crypto User on this key only. Default: none. */
    readonly users?: readonly KeyUser[];
}

export interface VaultKeysArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly vaultName: pulumi.Input<string>;
    /** The vault's resource ID: role assignments are scoped to `<vaultId>/keys/<name>`. */
    readonly vaultId: pulumi.Input<string>;
    /** Subscription of the role definitions. */
    readonly subscriptionId: pulumi.Input<string>;
    readonly keys: readonly VaultKeySpec[];
    readonly tags?: Readonly<Record<string, string>>;
    /** `protect` on each key (production): Pulumi refuses to delete it. Default: false. */
    readonly protect?: boolean;
}

/**
 * The ownership model of a key: Pulumi creates it (first version: type, size/curve, operations, expiry, rotation
 * policy) and from then on its material and versions are Key Vault's. ARM cannot do otherwise: the PUT of
 * `Microsoft.KeyVault/vaults/keys` is `Keys_CreateIfNotExist`, "If it already exists, then the existing key is
 * returned without any write operations being performed. This API does not create subsequent versions, and does not
 * update existing keys" (azure-rest-api-specs, Microsoft.KeyVault/stable/2024-11-01/keys.json). So:
 *
 * - an update of `properties` or `tags` would be a silent no-op that `pulumi preview` shows as a change: both are
 *   ignored after creation (the engine sends the old inputs: https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/).
 *   Change an existing key's rotation policy or attributes in Key Vault (`az keyvault key rotation-policy update`,
 *   `az keyvault key set-attributes`); its next rotated version follows the policy;
 * - no `replaceOnChanges`: a replacement would delete the key (soft-deleted: with purge protection its name stays
 *   taken for the retention period) and create new material every signature made so far no longer verifies against
 *   the current version of. Only the key's identity (`vaultName`, `keyName`, `resourceGroupName`) replaces it.
 * - the first version's expiry comes from a `time.Static` created with the key, never from the clock of a later run;
 * - `retainOnDelete`: removing a key from the config (or `pulumi destroy`) drops it from the stack and leaves it in the
 *   vault. azure-native deletes a key on the vault's data plane (pulumi-azure-native provider/pkg/resources/
 *   customresources/custom_keyvault.go, keyVaultKey: DeleteKey through the vault URL), which needs Key Vault Crypto
 *   Officer and a path through the firewall that the deploying identity is not given; and a deleted signing key
 *   would make every signature made with it unverifiable. Delete one on purpose with `az keyvault key delete`.
 */
export const KEY_IGNORE_CHANGES: readonly string[] = ["properties", "tags"];

/** Checks the specs a caller could get wrong outside the stack config (the config rules say the same, per key path). */
export function validateVaultKeysArgs(args: VaultKeysArgs): void {
    const seen = new Set<string>();
    for (const k of args.keys) {
        const where = `VaultKeys: key "${k.name}"`;
        if (seen.has(k.name.toLowerCase())) {
            throw new Error(`${where} is used twice (names are case-insensitive)`);
        }
        seen.add(k.name.toLowerCase());
        if (isRsaKeyType(k.type) && (k.size === undefined || k.curve !== undefined)) {
            throw new Error(`${where}: an RSA key takes a size and no curve`);
        }
        if (isEcKeyType(k.type) && (k.curve === undefined || k.size !== undefined)) {
            throw new Error(`${where}: an EC key takes a curve and no size`);
        }
        if (isEcKeyType(k.type) && (k.operations ?? []).some((op) => !EC_OPERATIONS.includes(op))) {
            throw new Error(`${where}: an EC key only signs and verifies`);
        }
        const validity = k.expiresInDays ?? DEFAULTS.key.expiresInDays;
        const r = rotationOf(k);
        const rotateAt = r.rotateAfterDays ?? (r.rotateBeforeExpiryDays !== undefined ? validity - r.rotateBeforeExpiryDays : undefined);
        const min = KEY_ROTATION_LIMITS.minRotateDays;
        if (validity < KEY_ROTATION_LIMITS.minExpiresInDays || rotateAt === undefined || rotateAt < min || rotateAt > validity - min || r.notifyBeforeExpiryDays >= validity) {
            throw new Error(`${where}: the rotation policy does not fit a ${validity}-day validity (rotate ≥ ${min} days from creation and from expiry, notify before expiry)`);
        }
    }
}

function rotationOf(spec: VaultKeySpec): { rotateAfterDays?: number; rotateBeforeExpiryDays?: number; notifyBeforeExpiryDays: number } {
    const r = spec.rotation ?? { rotateAfterDays: DEFAULTS.key.rotateAfterDays };
    return {
        ...(r.rotateAfterDays !== undefined ? { rotateAfterDays: r.rotateAfterDays } : {}),
        ...(r.rotateBeforeExpiryDays !== undefined ? { rotateBeforeExpiryDays: r.rotateBeforeExpiryDays } : {}),
        notifyBeforeExpiryDays: r.notifyBeforeExpiryDays ?? DEFAULTS.key.notifyBeforeExpiryDays,
    };
}

/**
 * The key's rotation policy (Microsoft.KeyVault/vaults/keys `properties.rotationPolicy`): every version valid
 * `expiresInDays` (`attributes.expiryTime`), a `rotate` action after creation or before expiry, and a `notify`
 * action (Event Grid KeyNearExpiry) before expiry.
 */
export function keyRotationPolicy(spec: VaultKeySpec): { attributes: { expiryTime: string }; lifetimeActions: { trigger: { timeAfterCreate?: string; timeBeforeExpiry?: string }; action: { type: "rotate" | "notify" } }[] } {
    const r = rotationOf(spec);
    return {
        attributes: { expiryTime: isoDays(spec.expiresInDays ?? DEFAULTS.key.expiresInDays) },
        lifetimeActions: [
            {
                trigger: r.rotateAfterDays !== undefined ? { timeAfterCreate: isoDays(r.rotateAfterDays) } : { timeBeforeExpiry: isoDays(r.rotateBeforeExpiryDays ?? 0) },
                action: { type: "rotate" },
            },
            { trigger: { timeBeforeExpiry: isoDays(r.notifyBeforeExpiryDays) }, action: { type: "notify" } },
        ],
    };
}

/** `properties` of the key: exactly the inputs its type takes (keySize for RSA, curveName for EC, never both). */
export function keyProperties(spec: VaultKeySpec, expires: pulumi.Input<number>): keyvault.KeyArgs["properties"] {
    return {
        kty: spec.type,
        ...(isRsaKeyType(spec.type) ? { keySize: spec.size } : { curveName: spec.curve }),
        keyOps: [...(spec.operations ?? DEFAULTS.key.operations)],
        attributes: { enabled: true, expires },
        rotationPolicy: keyRotationPolicy(spec),
    };
}

/** Logical name of a key user's role assignment: by principal, so reordering `users` changes nothing. */
export function keyUserAssignmentName(component: string, key: string, principalId: string): string {
    return `${component}-${key}-${roleSlug("Key Vault Crypto User")}-${principalId.toLowerCase()}`;
}

/**
 * The environment's keys: each an azure-native `keyvault.Key` whose rotation Key Vault performs itself (no
 * function), owned by Key Vault after creation (KEY_IGNORE_CHANGES), and Key Vault Crypto User for each of its
 * `users` on that key only.
 */
export class VaultKeys extends pulumi.ComponentResource {
    /** The created keys, by name. */
    public readonly keys: Readonly<Record<string, keyvault.Key>>;
    /** Versionless key URI (`https://<vault>.vault.azure.net/keys/<name>`) and ARM ID of each key: never key material. */
    public readonly outputs: pulumi.Output<Record<string, { keyUri: string; id: string }>>;

    constructor(name: string, args: VaultKeysArgs, opts?: pulumi.ComponentResourceOptions) {
        validateVaultKeysArgs(args);
        super("keyvault-devops:index:VaultKeys", name, {}, opts);
        const parent = { parent: this };
        const keys: Record<string, keyvault.Key> = {};

        for (const spec of args.keys) {
            const validity = spec.expiresInDays ?? DEFAULTS.key.expiresInDays;
            // Created once with the key: the first version's expiry never moves on a later `up`.
            const created = new time.Static(`${name}-${spec.name}-created`, {}, parent);
            const key = new keyvault.Key(
                `${name}-${spec.name}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    vaultName: args.vaultName,
                    keyName: spec.name,
                    properties: keyProperties(spec, created.unix.apply((unix) => unix + validity * 86400)),
                    tags: { ...args.tags },
                },
                { ...parent, ignoreChanges: [...KEY_IGNORE_CHANGES], retainOnDelete: true, protect: args.protect ?? false },
            );
            keys[spec.name] = key;
            for (const user of spec.users ?? []) {
                scopedRoleAssignment(
                    keyUserAssignmentName(name, spec.name, user.principalId),
                    {
                        scope: pulumi.interpolate`${args.vaultId}/keys/${spec.name}`,
                        principalId: user.principalId,
                        principalType: user.principalType,
                        role: "Key Vault Crypto User",
                        subscriptionId: args.subscriptionId,
                        description: `Key Vault Crypto User on key ${spec.name} only (keyvault-devops).`,
                    },
                    { ...parent, dependsOn: [key] },
                );
            }
        }

        this.keys = keys;
        this.outputs = pulumi
            .all(Object.entries(keys).map(([keyName, k]) => pulumi.all([k.keyUri, k.id]).apply(([keyUri, id]) => [keyName, { keyUri, id }] as const)))
            .apply((entries) => Object.fromEntries(entries));
        this.registerOutputs({ keyNames: Object.keys(keys) });
    }
}
