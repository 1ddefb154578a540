import * as pulumi from "@pulumi/pulumi";
import * as keyvault from "@pulumi/azure-native/keyvault";
import * as random from "@pulumi/random";
import * as time from "@pulumiverse/time";
import { TAGS } from "keyvault-devops-rotation/dist/src/contract";
import { DEFAULTS } from "../stack/defaults";
import { ADOPTED_SECRET_IGNORE_CHANGES } from "../stack/adoption";

/** Where a secret's value comes from. */
export type SecretSourceKind = "config" | "generate" | "external";

export interface VaultSecretSpec {
    /** Secret name: 1–127 letters, digits and hyphens (Key Vault's rule: `db-password`, `DatabaseConnectionString`); also the Azure DevOps variable name. */
    readonly name: string;
    /** `config` (value from `secretValues`), `generate` (random), or `external` (set outside the stack). Default: `config`. */
    readonly source?: SecretSourceKind;
    /** Length of a generated value, 32–512. Default: 64. Only with `source: generate`. */
    readonly length?: number;
    /** MIME type stored with the secret. Default: `text/plain`. */
    readonly contentType?: string;
    /** Validity in days, 1–365: the expiry is this long after the secret is (re)created. Default: 90. */
    readonly expiresInDays?: number;
    /**
     * How the rotation function renews it: `regenerate`, `postgres` or `none`. Default: `none`. A rotated secret
     * belongs to the function after creation (see ROTATED_SECRET_IGNORE_CHANGES): Pulumi creates it once and then
     * never updates it; later changes of its content type, expiry or tags take effect only if it is re-created.
     */
    readonly rotation?: "none" | "regenerate" | "postgres" | "postgres-dual";
    /** `postgres-dual` only: the two PostgreSQL login roles that take turns (the URI's user is one of them). */
    readonly rotationRoles?: readonly string[];
    /** Extra tags on this secret. */
    readonly tags?: Readonly<Record<string, string>>;
}

/** Tags the rotation function reads (functions/rotation/README.md): strategy, validity, length of a new value. */
export function rotationTags(spec: VaultSecretSpec): Record<string, string> {
    const strategy = spec.rotation ?? "none";
    if (strategy === "none") {
        return {};
    }
    return {
        [TAGS.strategy]: strategy,
        ...(strategy === "regenerate" ? { [TAGS.length]: String(spec.length ?? DEFAULTS.secret.length) } : {}),
        ...(strategy === "postgres-dual" && spec.rotationRoles !== undefined ? { [TAGS.roles]: spec.rotationRoles.join(",") } : {}),
    };
}

/**
 * The ownership model of a rotated secret: Pulumi creates it (first version: value, content type, expiry, tags) and
 * from then on the rotation function owns every version. So after creation NOTHING the stack does may update it:
 *
 * - `ignoreChanges` makes the engine send the OLD inputs (from state) for an ignored property on every update
 *   ("Pulumi ignores a property by using the old value from the state instead of the value provided by the
 *   program", https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/). Ignoring only
 *   `properties.value` / `properties.attributes` is not enough: any other change (a new stack-wide tag, the content
 *   type) still triggers an update, and that update carries the stale original value and expiry;
 * - an update of an `azure-native:keyvault:Secret` is a PUT of the whole resource
 *   (`Microsoft.KeyVault/vaults/secrets` Create Or Update: "If the secret already exists, a new version is created",
 *   https://learn.microsoft.com/rest/api/keyvault/keyvault/secrets/create-or-update; azure-native's `Update` builds
 *   the request body from ALL the new inputs and sends it with `CreateOrUpdate`, the PUT of create: `defaultUpdate`
 *   in https://github.com/pulumi/pulumi-azure-native/blob/master/provider/pkg/provider/provider.go), so the
 *   stale value would become the CURRENT version: a reverted password the database rejects.
 *
 * Hence every updatable input is ignored: `properties` (value, content type, attributes) and `tags`. What remains
 * (`resourceGroupName`, `vaultName`, `secretName`) is the secret's identity: changing it replaces the secret (a
 * new secret, not a reverted one). Changing a rotated secret's content type, expiry or tags is done in Key Vault
 * (`az keyvault secret set-attributes`), which the function carries over to every new version.
 */
export const ROTATED_SECRET_IGNORE_CHANGES: readonly string[] = ["properties", "tags"];

export interface VaultSecretsArgs {
    readonly resourceGroupName: pulumi.Input<string>;
    readonly vaultName: pulumi.Input<string>;
    readonly secrets: readonly VaultSecretSpec[];
    /** Values of `source: config` secrets by name. Treated as secret whatever the caller passes. */
    readonly secretValues?: pulumi.Input<Record<string, string>>;
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * `external` secrets that already exist in the vault and are adopted (stack/adoption.ts), by name: each becomes a
     * Key Vault Secret resource registered with Pulumi's `import` option and ADOPTED_SECRET_IGNORE_CHANGES, so the
     * stack never writes its value nor a new version. `expires` (RFC 3339) is the expiry the vault reports, recorded
     * as the resource's input so that policies see the real state. Default: none.
     */
    readonly adopted?: Readonly<Record<string, AdoptedSecret>>;
}

/** An existing secret the stack takes over. */
export interface AdoptedSecret {
    /** Its ARM resource ID, `<vaultId>/secrets/<name>` (the `import` option). */
    readonly importId: string;
    /** Its expiry as the vault reports it (RFC 3339), if it has one. */
    readonly expires?: string;
}

/** Characters a generated value may use besides letters and digits: safe in URLs, connection strings and shells. */
export const GENERATED_SPECIALS = "-_.~";

/** Unix seconds of an RFC 3339 timestamp: the form Key Vault's `attributes.expires` takes. */
export function unixSeconds(rfc3339: string): number {
    const ms = Date.parse(rfc3339);
    if (Number.isNaN(ms)) {
        throw new Error(`not an RFC 3339 timestamp: ${rfc3339}`);
    }
    return Math.floor(ms / 1000);
}

/** Checks the specs a caller could get wrong outside the stack config. */
export function validateVaultSecretsArgs(args: VaultSecretsArgs): void {
    const seen = new Set<string>();
    for (const s of args.secrets) {
        const key = s.name.toLowerCase();
        if (seen.has(key)) {
            throw new Error(`VaultSecrets: secret name "${s.name}" is used twice (names are case-insensitive)`);
        }
        seen.add(key);
        if (s.rotation === "postgres-dual" && (s.rotationRoles?.length !== 2 || s.rotationRoles[0] === s.rotationRoles[1])) {
            throw new Error(`VaultSecrets: secret "${s.name}" uses postgres-dual but rotationRoles is not two different roles`);
        }
        if (s.length !== undefined && (s.source ?? DEFAULTS.secret.source) !== "generate") {
            throw new Error(`VaultSecrets: secret "${s.name}" sets length but its source is not generate`);
        }
    }
    for (const name of Object.keys(args.adopted ?? {})) {
        const spec = args.secrets.find((s) => s.name === name);
        if (!spec || (spec.source ?? DEFAULTS.secret.source) !== "external") {
            throw new Error(`VaultSecrets: adopted secret "${name}" must be an external secret in \`secrets\` (the stack never writes an adopted secret's value)`);
        }
    }
}

/**
 * An adopted (existing, `external`) secret: identity inputs, the content type and expiry it has, `import` of its ARM
 * ID, and nothing the stack would ever update (ADOPTED_SECRET_IGNORE_CHANGES): no `value` input at all.
 */
function adoptedSecret(logicalName: string, args: VaultSecretsArgs, spec: VaultSecretSpec, adopted: AdoptedSecret, parent: pulumi.Resource): keyvault.Secret {
    return new keyvault.Secret(
        logicalName,
        {
            resourceGroupName: args.resourceGroupName,
            vaultName: args.vaultName,
            secretName: spec.name,
            properties: {
                contentType: spec.contentType ?? DEFAULTS.secret.contentType,
                ...(adopted.expires !== undefined ? { attributes: { expires: unixSeconds(adopted.expires) } } : {}),
            },
            tags: { ...args.tags, ...spec.tags, source: "external" },
        },
        // retainOnDelete: the stack never owned this secret's value. When the `adopt` section is removed after the first
        // `up` (README step 5) the secret is no longer registered, and without this Pulumi would delete it from the vault.
        { parent, import: adopted.importId, ignoreChanges: [...ADOPTED_SECRET_IGNORE_CHANGES], retainOnDelete: true },
    );
}

/**
 * The environment's secrets: each `config` or `generate` secret becomes a Key Vault secret with a content
 * type, tags and an expiry kept in state (a `time` Rotating resource), so re-running `pulumi up` next week
 * does not move it; when the validity period has passed, the next `up` rotates a generated value and its expiry
 * together. `external` secrets are only named: their values are set outside the stack.
 */
export class VaultSecrets extends pulumi.ComponentResource {
    /** The created Key Vault secrets, by name. */
    public readonly secrets: Readonly<Record<string, keyvault.Secret>>;
    /** Every secret the stack knows (created and external), in config order. */
    public readonly secretNames: readonly string[];
    /** Secrets whose value is set outside the stack. */
    public readonly externalSecretNames: readonly string[];

    constructor(name: string, args: VaultSecretsArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate first: a bad argument must not leave a half-registered component behind.
        validateVaultSecretsArgs(args);
        super("keyvault-devops:index:VaultSecrets", name, {}, opts);
        const parent = { parent: this };
        const values = pulumi.secret(pulumi.output(args.secretValues ?? {}));
        const created: Record<string, keyvault.Secret> = {};

        for (const spec of args.secrets) {
            const source = spec.source ?? DEFAULTS.secret.source;
            const adopted = args.adopted?.[spec.name];
            if (source === "external" && adopted) {
                created[spec.name] = adoptedSecret(`${name}-${spec.name}`, args, spec, adopted, this);
                continue;
            }
            if (source === "external") {
                continue;
            }
            const validity = spec.expiresInDays ?? DEFAULTS.secret.expiresInDays;
            const expiry = new time.Rotating(`${name}-${spec.name}-expiry`, { rotationDays: validity }, parent);

            let value: pulumi.Output<string>;
            if (source === "generate") {
                const password = new random.RandomPassword(
                    `${name}-${spec.name}-value`,
                    {
                        length: spec.length ?? DEFAULTS.secret.length,
                        special: true,
                        overrideSpecial: GENERATED_SPECIALS,
                        minLower: 1,
                        minUpper: 1,
                        minNumeric: 1,
                        // A new value whenever the expiry rotates.
                        keepers: { expires: expiry.rotationRfc3339 },
                    },
                    { ...parent, additionalSecretOutputs: ["result"] },
                );
                value = password.result;
            } else {
                value = values.apply((v) => {
                    const found = v[spec.name];
                    if (found === undefined) {
                        throw new Error(`secretValues.${spec.name} is not set`);
                    }
                    return found;
                });
            }

            created[spec.name] = new keyvault.Secret(
                `${name}-${spec.name}`,
                {
                    resourceGroupName: args.resourceGroupName,
                    vaultName: args.vaultName,
                    secretName: spec.name,
                    properties: {
                        // azure-native does not mark this property secret: do it here, always.
                        value: pulumi.secret(value),
                        contentType: spec.contentType ?? DEFAULTS.secret.contentType,
                        attributes: { enabled: true, expires: expiry.rotationRfc3339.apply(unixSeconds) },
                    },
                    tags: { ...args.tags, ...spec.tags, ...rotationTags(spec), source, [TAGS.validityDays]: String(validity) },
                },
                // Once the rotation function owns a secret, no later `up` may update it (ROTATED_SECRET_IGNORE_CHANGES).
                (spec.rotation ?? "none") !== "none" ? { ...parent, ignoreChanges: [...ROTATED_SECRET_IGNORE_CHANGES] } : parent,
            );
        }

        this.secrets = created;
        this.secretNames = args.secrets.map((s) => s.name);
        this.externalSecretNames = args.secrets.filter((s) => (s.source ?? DEFAULTS.secret.source) === "external").map((s) => s.name);
        this.registerOutputs({ secretNames: this.secretNames, externalSecretNames: this.externalSecretNames });
    }
}
