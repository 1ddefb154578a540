import { strict as assert } from "node:assert";
import type { KeyVaultSecret, SecretClient, SetSecretOptions } from "@azure/keyvault-secrets";
import { KeyVaultSecretStore, type SecretClientLike } from "../src/keyVaultStore";
import { rememberSecret } from "./helpers/audit";

function secret(name: string, value: string, props: Partial<KeyVaultSecret["properties"]>): KeyVaultSecret {
  return { name, value, properties: { name, vaultUrl: "https://kv.vault.azure.net/", ...props } };
}

describe("KeyVaultSecretStore (SecretClient mapping)", () => {
  it("maps getSecret to the current secret and setSecret options to a new version", async () => {
    const expiresOn = new Date("2031-01-01T00:00:00Z");
    const calls: { name: string; value: string; options: SetSecretOptions | undefined }[] = [];
    rememberSecret("old-value-123456789");
    rememberSecret("new-value-123456789");
    const client: SecretClientLike = {
      getSecret: (async (name: string) =>
        secret(name, "old-value-123456789", {
          version: "a".repeat(32),
          contentType: "text/plain",
          tags: { "rotation-strategy": "regenerate" },
          expiresOn,
          enabled: true,
        })) as SecretClient["getSecret"],
      setSecret: (async (name: string, value: string, options?: SetSecretOptions) => {
        calls.push({ name, value, options });
        return secret(name, value, { version: "b".repeat(32), expiresOn: options?.expiresOn });
      }) as SecretClient["setSecret"],
    };
    const store = new KeyVaultSecretStore(client);
    const cur = await store.getCurrent("s1");
    assert.deepEqual(cur, {
      name: "s1",
      version: "a".repeat(32),
      value: "old-value-123456789",
      contentType: "text/plain",
      tags: { "rotation-strategy": "regenerate" },
      expiresOn,
      enabled: true,
    });
    const newExp = new Date("2031-04-01T00:00:00Z");
    const written = await store.setNewVersion("s1", {
      value: "new-value-123456789",
      contentType: "text/plain",
      tags: { a: "b" },
      expiresOn: newExp,
    });
    assert.deepEqual(written, { version: "b".repeat(32), expiresOn: newExp });
    assert.deepEqual(calls, [
      {
        name: "s1",
        value: "new-value-123456789",
        options: { contentType: "text/plain", tags: { a: "b" }, expiresOn: newExp, enabled: true },
      },
    ]);
  });

  it("returns undefined for a 404 and rethrows other errors", async () => {
    const notFound = Object.assign(new Error("SecretNotFound"), { statusCode: 404 });
    const forbidden = Object.assign(new Error("Forbidden"), { statusCode: 403 });
    let err: Error = notFound;
    const client: SecretClientLike = {
      getSecret: (async () => {
        throw err;
      }) as SecretClient["getSecret"],
      setSecret: (async () => {
        throw err;
      }) as SecretClient["setSecret"],
    };
    const store = new KeyVaultSecretStore(client);
    assert.equal(await store.getCurrent("missing"), undefined);
    err = forbidden;
    await assert.rejects(store.getCurrent("x"), /Forbidden/);
  });
});
