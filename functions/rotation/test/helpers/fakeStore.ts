import { randomBytes } from "node:crypto";
import type { CurrentSecret, NewSecretVersion, SecretStore, WrittenVersion } from "../../src/secretStore";
import { rememberSecret } from "./audit";

export function newVersionId(): string {
  return randomBytes(16).toString("hex");
}

interface StoredVersion extends CurrentSecret {
  readonly createdOn: Date;
}

/** In-memory Key Vault: versions per secret, last one is current. Failures injectable. Every value is audited. */
export class FakeSecretStore implements SecretStore {
  readonly versions = new Map<string, StoredVersion[]>();
  /** Every setNewVersion attempt, including failed ones. */
  readonly writeAttempts: { name: string; secret: NewSecretVersion }[] = [];
  failGet: Error | undefined;
  failSet: Error | undefined;
  /** Thrown AFTER the version is committed (a lost response: connection reset, timeout). */
  failSetAfterCommit: Error | undefined;

  seed(secret: Omit<CurrentSecret, "version"> & { version?: string }): CurrentSecret {
    const v: StoredVersion = { ...secret, version: secret.version ?? newVersionId(), createdOn: new Date() };
    rememberSecret(v.value);
    const list = this.versions.get(secret.name.toLowerCase()) ?? [];
    list.push(v);
    this.versions.set(secret.name.toLowerCase(), list);
    return v;
  }

  current(name: string): CurrentSecret | undefined {
    const list = this.versions.get(name.toLowerCase());
    return list?.[list.length - 1];
  }

  async getCurrent(name: string): Promise<CurrentSecret | undefined> {
    await Promise.resolve();
    if (this.failGet !== undefined) throw this.failGet;
    const c = this.current(name);
    return c === undefined ? undefined : { ...c, tags: { ...c.tags } };
  }

  async setNewVersion(name: string, secret: NewSecretVersion): Promise<WrittenVersion> {
    rememberSecret(secret.value);
    this.writeAttempts.push({ name, secret });
    await Promise.resolve();
    if (this.failSet !== undefined) throw this.failSet;
    const existing = this.current(name);
    const v = this.seed({
      name: existing?.name ?? name,
      value: secret.value,
      contentType: secret.contentType,
      tags: { ...secret.tags },
      expiresOn: secret.expiresOn,
      enabled: true,
    });
    if (this.failSetAfterCommit !== undefined) throw this.failSetAfterCommit;
    return { version: v.version, expiresOn: secret.expiresOn };
  }
}
