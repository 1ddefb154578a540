/**
 * The only Key Vault operations the rotation needs. Production: `KeyVaultSecretStore` (SecretClient + managed
 * identity). Tests: an in-memory fake.
 */
export interface CurrentSecret {
  readonly name: string;
  /** Version id of the current (latest) version. */
  readonly version: string;
  readonly value: string;
  readonly contentType?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly expiresOn?: Date;
  readonly enabled?: boolean;
}

export interface NewSecretVersion {
  readonly value: string;
  readonly contentType?: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly expiresOn: Date;
}

export interface WrittenVersion {
  readonly version: string;
  readonly expiresOn: Date;
}

export interface SecretStore {
  /** The current version (properties and value) of `name`, or `undefined` when the secret does not exist. */
  getCurrent(name: string): Promise<CurrentSecret | undefined>;
  /** Writes a new version of `name`, which becomes the current one. */
  setNewVersion(name: string, secret: NewSecretVersion): Promise<WrittenVersion>;
}
