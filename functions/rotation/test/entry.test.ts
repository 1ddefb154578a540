import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

// dist/test/entry.test.js -> functions/rotation
const root = resolve(__dirname, "..", "..");

describe("deployable entry point", () => {
  it("package.json main points at the compiled entry, host.json uses the v4 extension bundle", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { main?: string };
    assert.equal(pkg.main, "dist/src/index.js");
    assert.ok(existsSync(join(root, "dist", "src", "index.js")));
    const host = JSON.parse(readFileSync(join(root, "host.json"), "utf8")) as {
      version?: string;
      extensionBundle?: { id?: string; version?: string };
    };
    assert.equal(host.version, "2.0");
    assert.equal(host.extensionBundle?.id, "Microsoft.Azure.Functions.ExtensionBundle");
    assert.equal(host.extensionBundle?.version, "[4.*, 5.0.0)");
  });

  it("the entry loads and registers outside the Functions host (all imports resolve)", () => {
    const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(join(root, "dist", "src", "index.js"))})`], {
      encoding: "utf8",
      env: { ...process.env, KEY_VAULT_URI: "https://kv-entry-test.vault.azure.net/" },
      timeout: 30_000,
    });
    assert.equal(r.status, 0, r.stderr);
  });

  it("core modules do not load @azure/functions", () => {
    const r = spawnSync(
      process.execPath,
      [
        "-e",
        `for (const m of ["handler", "rotators", "events", "config"]) require(${JSON.stringify(join(root, "dist", "src"))} + "/" + m);
         const loaded = Object.keys(require.cache).filter((k) => k.includes("@azure/functions"));
         if (loaded.length) { console.error(loaded.join("\\n")); process.exit(1); }`,
      ],
      { encoding: "utf8", timeout: 30_000 },
    );
    assert.equal(r.status, 0, r.stderr);
  });

  it("scripts/stage-deploy.mjs stages a self-contained deployment (loads with no access to the repo)", function () {
    this.timeout(120_000);
    const out = mkdtempSync(join(tmpdir(), "kv-rot-stage-"));
    try {
      const staged = join(out, "app");
      const r = spawnSync(process.execPath, [join(root, "scripts", "stage-deploy.mjs"), staged], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      for (const p of ["host.json", "package.json", "dist/src/index.js", "dist/src/handler.js", "node_modules/pg", "node_modules/@azure/functions", "node_modules/@azure/identity", "node_modules/@azure/keyvault-secrets"]) {
        assert.ok(existsSync(join(staged, p)), `${p} missing from the staged deployment`);
      }
      assert.ok(!existsSync(join(staged, "dist", "test")), "tests must not be deployed");
      assert.ok(!existsSync(join(staged, "node_modules", "mocha")), "dev dependencies must not be deployed");
      // The dependencies' TypeScript and source maps are never loaded: they stay out of the upload and the plan's hash.
      const notRuntime = (readdirSync(join(staged, "node_modules"), { recursive: true }) as string[]).filter((f) => /\.([cm]?ts|map)$/.test(f));
      assert.deepEqual(notRuntime, []);
      assert.ok(existsSync(join(staged, "dist", "src", "index.js.map")), "the function's own source maps stay");
      const pkg = JSON.parse(readFileSync(join(staged, "package.json"), "utf8")) as { main?: string; devDependencies?: unknown };
      assert.equal(pkg.main, "dist/src/index.js");
      assert.equal(pkg.devDependencies, undefined);
      // Resolution from the temp dir cannot reach the repository's node_modules: the closure must be complete.
      const load = spawnSync(process.execPath, ["-e", `require("./dist/src/index.js"); require("pg"); require("@azure/identity"); require("@azure/keyvault-secrets"); require("@azure/functions");`], {
        cwd: staged,
        encoding: "utf8",
        env: { ...process.env, NODE_PATH: "", KEY_VAULT_URI: "https://kv-entry-test.vault.azure.net/" },
        timeout: 30_000,
      });
      assert.equal(load.status, 0, load.stderr);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
