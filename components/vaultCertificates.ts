import * as pulumi from "@pulumi/pulumi";
// The classic provider's Key Vault module only (never the package root: 461 files and 0.25–1.1 s to load, against
// 4 files and ~3 ms for this submodule, measured in README: Certificates). azure-native has no certificate resource:
// certificates live on the vault's data plane, not in ARM.
import * as keyvault from "@pulumi/azure/keyvault";
import type * as authorization from "@pulumi/azure-native/authorization";
import * as time from "@pulumiverse/time";
import { RBAC_PROPAGATION_WAIT } from "../stack/defaults";
import { isHsmKeyType } from "../stack/keys";
import { PrincipalType, roleSlug } from "../stack/roles";
import { scopedRoleAssignment } from "./roleAssignment";

/** `pfx`/`pem` → the MIME type Key Vault stores the certificate's secret as (certificate policy `secret_props.contentType`). */
export const CERTIFICATE_CONTENT_TYPES = {
    pfx: "application/x-pkcs12",
    pem: "application/x-pem-file",
} as const;

/** When Key Vault acts before expiry: exactly one trigger. */
export type CertificateLifetimeAction =
    | { readonly autoRenewAtPercent: number }
    | { readonly autoRenewDaysBeforeExpiry: number }
    | { readonly emailDaysBeforeExpiry: number };

/** A principal that gets Key Vault Certificate User and Key Vault Secrets User on one certificate only. */
export interface CertificateUser {
    readonly principalId: string;
    readonly principalType: PrincipalType;
}

export interface VaultCertificateSpec {
    /** Kebab-case, ≤127 characters; Key Vault also creates a key and a secret of this name. */
    readonly name: string;
    /** X.500 subject, `CN=…`. */
    readonly subject: string;
    /** Subject alternative names (DNS), at least one. */
    readonly dnsNames: readonly string[];
    /** `Self` or the name of an integrated CA issuer registered in the vault. */
    readonly issuer: string;
    /** Validity of each version in months, 1–120. */
    readonly validityInMonths: number;
    /** RSA, RSA-HSM, EC or EC-HSM. HSM keys are never exportable. */
    readonly keyType: "RSA" | "RSA-HSM" | "EC" | "EC-HSM";
    /** RSA only: 2048, 3072 or 4096. Default 2048. */
    readonly keySize?: number;
    /** EC only: P-256, P-256K, P-384 or P-521. Default P-256. */
    readonly curve?: string;
    readonly contentType: keyof typeof CERTIFICATE_CONTENT_TYPES;
    readonly lifetimeAction: CertificateLifetimeAction;
    readonly users: readonly CertificateUser[];
}

export interface VaultCertificatesArgs {
    /** The vault's ARM resource ID: the certificates' vault and the scope of the deployer's officer role. */
    readonly vaultId: pulumi.Input<string>;
    readonly certificates: readonly VaultCertificateSpec[];
    /**
     * The identity that runs `pulumi up`: the classic provider creates certificates with its token on the vault's data
     * plane, so it gets Key Vault Certificates Officer on the vault (https://learn.microsoft.com/azure/key-vault/general/rbac-guide).
     */
    readonly deployerPrincipalId: pulumi.Input<string>;
    readonly deployerPrincipalType: PrincipalType;
    /** Subscription of the role definitions. */
    readonly subscriptionId: pulumi.Input<string>;
    /** Wait after the officer assignment before the first certificate (Go duration). Default: RBAC_PROPAGATION_WAIT. */
    readonly rbacPropagationWait?: string;
    /**
     * `protect` on each certificate (production): Pulumi refuses to delete it. The vault's CanNotDelete lock does not
     * cover data-plane objects (locks apply to the management plane only,
     * https://learn.microsoft.com/azure/azure-resource-manager/management/lock-resources#considerations-before-applying-your-locks).
     * Default false.
     */
    readonly protect?: boolean;
    /** Tags on each certificate: Key Vault allows 15 per object, so only the stack's own. */
    readonly tags?: Readonly<Record<string, string>>;
    /**
     * The vault's certificate contacts: whom Key Vault e-mails for an `emailDaysBeforeExpiry` lifetime action
     * (EmailContacts goes to the vault's contacts, https://learn.microsoft.com/azure/key-vault/certificates/overview-renew-certificate).
     * Required (at least one) when a certificate uses that action; set as the vault's whole contact list. Default: none.
     */
    readonly contactEmails?: readonly string[];
}

/** Key usages of a TLS server certificate (RFC 5280 4.2.1.3): RSA key transport needs keyEncipherment, ECDSA does not. */
export function keyUsages(keyType: VaultCertificateSpec["keyType"]): string[] {
    return keyType.startsWith("EC") ? ["digitalSignature"] : ["digitalSignature", "keyEncipherment"];
}

/** TLS server authentication (RFC 5280 4.2.1.12, id-kp-serverAuth). */
export const SERVER_AUTH_EKU = "1.3.6.1.5.5.7.3.1";

export interface LifetimeActionInput {
    readonly action: { readonly actionType: "AutoRenew" | "EmailContacts" };
    readonly trigger: { readonly lifetimePercentage?: number; readonly daysBeforeExpiry?: number };
}

/** The lifetime action as the provider takes it: AutoRenew or EmailContacts, at a percentage or days before expiry. */
export function lifetimeActions(action: CertificateLifetimeAction): LifetimeActionInput[] {
    if ("autoRenewAtPercent" in action) {
        return [{ action: { actionType: "AutoRenew" }, trigger: { lifetimePercentage: action.autoRenewAtPercent } }];
    }
    if ("autoRenewDaysBeforeExpiry" in action) {
        return [{ action: { actionType: "AutoRenew" }, trigger: { daysBeforeExpiry: action.autoRenewDaysBeforeExpiry } }];
    }
    return [{ action: { actionType: "EmailContacts" }, trigger: { daysBeforeExpiry: action.emailDaysBeforeExpiry } }];
}

/**
 * The certificate policy Key Vault issues and renews the certificate by
 * (https://learn.microsoft.com/azure/key-vault/certificates/about-certificates#certificate-policy). The key is new at
 * every renewal (`reuseKey: false`) and exportable only when it is a software key: an HSM key's private part never
 * leaves the HSM (RSA-HSM / EC-HSM, https://learn.microsoft.com/javascript/api/@azure/keyvault-certificates/certificatekeytype),
 * so an HSM certificate's secret holds no private key.
 */
export function certificatePolicy(spec: VaultCertificateSpec) {
    const ec = spec.keyType.startsWith("EC");
    return {
        issuerParameters: { name: spec.issuer },
        keyProperties: {
            keyType: spec.keyType,
            exportable: !isHsmKeyType(spec.keyType),
            reuseKey: false,
            ...(ec ? { curve: spec.curve ?? "P-256" } : { keySize: spec.keySize ?? 2048 }),
        },
        lifetimeActions: lifetimeActions(spec.lifetimeAction),
        secretProperties: { contentType: CERTIFICATE_CONTENT_TYPES[spec.contentType] },
        x509CertificateProperties: {
            subject: spec.subject,
            subjectAlternativeNames: { dnsNames: [...spec.dnsNames] },
            validityInMonths: spec.validityInMonths,
            keyUsages: keyUsages(spec.keyType),
            extendedKeyUsages: [SERVER_AUTH_EKU],
        },
    };
}

/** Object scopes: `<vaultId>/certificates/<name>` and `<vaultId>/secrets/<name>` (rbac-guide: "individual key, secret, and certificate"). */
export function certificateScope(vaultId: string, name: string): string {
    return `${vaultId.replace(/\/$/, "")}/certificates/${name}`;
}
export function certificateSecretScope(vaultId: string, name: string): string {
    return `${vaultId.replace(/\/$/, "")}/secrets/${name}`;
}

/** Checks the specs the component cannot create: names twice (ignoring case), a user twice, size/curve on the wrong key type. */
export function validateVaultCertificatesArgs(args: Pick<VaultCertificatesArgs, "certificates" | "contactEmails">): void {
    const emailed = args.certificates.find((c) => "emailDaysBeforeExpiry" in c.lifetimeAction);
    if (emailed && (args.contactEmails ?? []).length === 0) {
        throw new Error(`VaultCertificates: certificate "${emailed.name}" e-mails the vault's certificate contacts before expiry, and contactEmails is empty`);
    }
    const names = new Set<string>();
    for (const spec of args.certificates) {
        const key = spec.name.toLowerCase();
        if (names.has(key)) {
            throw new Error(`VaultCertificates: certificate "${spec.name}" is listed twice (Key Vault names are case-insensitive)`);
        }
        names.add(key);
        const ec = spec.keyType.startsWith("EC");
        if (ec && spec.keySize !== undefined) {
            throw new Error(`VaultCertificates: certificate "${spec.name}" is ${spec.keyType}: it takes a curve, not keySize`);
        }
        if (!ec && spec.curve !== undefined) {
            throw new Error(`VaultCertificates: certificate "${spec.name}" is ${spec.keyType}: it takes keySize, not a curve`);
        }
        const users = new Set<string>();
        for (const user of spec.users) {
            if (users.has(user.principalId.toLowerCase())) {
                throw new Error(`VaultCertificates: certificate "${spec.name}" lists user ${user.principalId} twice`);
            }
            users.add(user.principalId.toLowerCase());
        }
    }
}

/** The roles a certificate's user gets, each on that certificate's own object only. */
export const CERTIFICATE_USER_ROLES = [
    // Read the certificate (public part, policy): `az keyvault certificate show/download`.
    { role: "Key Vault Certificate User", scope: certificateScope },
    // Read the certificate's secret, i.e. the PFX/PEM with its private key: `az keyvault secret download`.
    { role: "Key Vault Secrets User", scope: certificateSecretScope },
] as const;

/**
 * Certificates Key Vault issues and renews itself, created on the vault's data plane by the classic provider after the
 * deploying identity holds Key Vault Certificates Officer on the vault (and RBAC had time to propagate), plus
 * object-scoped read roles for each certificate's users.
 */
export class VaultCertificates extends pulumi.ComponentResource {
    public readonly certificates: Readonly<Record<string, keyvault.Certificate>>;
    /** The deployer's Key Vault Certificates Officer assignment on the vault. */
    public readonly officer: authorization.RoleAssignment;
    /** Role assignments on the certificates, by `<certificate>-<role-slug>-<principal>`. */
    public readonly assignments: Readonly<Record<string, authorization.RoleAssignment>>;
    /** Versionless secret IDs (`https://<vault>.vault.azure.net/secrets/<name>`) by certificate name: where the PFX/PEM is read. */
    public readonly versionlessSecretIds: pulumi.Output<Record<string, string>>;
    /** Versionless certificate IDs by certificate name. */
    public readonly versionlessIds: pulumi.Output<Record<string, string>>;

    constructor(name: string, args: VaultCertificatesArgs, opts?: pulumi.ComponentResourceOptions) {
        validateVaultCertificatesArgs(args);
        super("keyvault-devops:index:VaultCertificates", name, {}, opts);
        const parent = { parent: this };
        this.officer = scopedRoleAssignment(
            `${name}-${roleSlug("Key Vault Certificates Officer")}-deployer`,
            {
                scope: args.vaultId,
                principalId: args.deployerPrincipalId,
                principalType: args.deployerPrincipalType,
                role: "Key Vault Certificates Officer",
                subscriptionId: args.subscriptionId,
                description: "The deploying identity: creates this vault's certificates on its data plane (keyvault-devops).",
            },
            parent,
        );
        // Azure RBAC takes minutes to apply a new assignment
        // (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---role-assignment-changes-are-not-being-detected).
        const propagation = new time.Sleep(
            `${name}-rbac-propagation`,
            { createDuration: args.rbacPropagationWait ?? RBAC_PROPAGATION_WAIT, triggers: { officer: this.officer.id } },
            { ...parent, dependsOn: [this.officer] },
        );
        // Only for the e-mail lifetime action: the contact list is the vault's own, data-plane, after the officer role.
        if (args.certificates.some((c) => "emailDaysBeforeExpiry" in c.lifetimeAction)) {
            new keyvault.CertificateContacts(
                `${name}-contacts`,
                { keyVaultId: args.vaultId, contacts: (args.contactEmails ?? []).map((email) => ({ email })) },
                { ...parent, dependsOn: [propagation] },
            );
        }
        const certificates: Record<string, keyvault.Certificate> = {};
        const assignments: Record<string, authorization.RoleAssignment> = {};
        for (const spec of args.certificates) {
            const certificate = new keyvault.Certificate(
                `${name}-${spec.name}`,
                { keyVaultId: args.vaultId, name: spec.name, certificatePolicy: certificatePolicy(spec), tags: { ...args.tags } },
                { ...parent, dependsOn: [propagation], protect: args.protect ?? false },
            );
            certificates[spec.name] = certificate;
            for (const user of spec.users) {
                for (const { role, scope } of CERTIFICATE_USER_ROLES) {
                    const key = `${spec.name}-${roleSlug(role)}-${user.principalId.toLowerCase()}`;
                    assignments[key] = scopedRoleAssignment(
                        `${name}-${key}`,
                        {
                            scope: pulumi.output(args.vaultId).apply((vaultId) => scope(vaultId, spec.name)),
                            principalId: user.principalId,
                            principalType: user.principalType,
                            role,
                            subscriptionId: args.subscriptionId,
                            description: `${role} on certificate ${spec.name} only (keyvault-devops).`,
                        },
                        { ...parent, dependsOn: [certificate] },
                    );
                }
            }
        }
        this.certificates = certificates;
        this.assignments = assignments;
        const entries = Object.entries(certificates);
        this.versionlessSecretIds = pulumi.output(Object.fromEntries(entries.map(([n, c]) => [n, c.versionlessSecretId]))) as pulumi.Output<Record<string, string>>;
        this.versionlessIds = pulumi.output(Object.fromEntries(entries.map(([n, c]) => [n, c.versionlessId]))) as pulumi.Output<Record<string, string>>;
        this.registerOutputs({ versionlessSecretIds: this.versionlessSecretIds, versionlessIds: this.versionlessIds });
    }
}
