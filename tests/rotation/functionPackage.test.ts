import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { crc32, oneDeployArgs, packageContentHash, packageFiles, zipDirectory } from "../../stack/functionPackage";

function tree(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-pkg-test-"));
    for (const [rel, content] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), content);
    }
    return dir;
}

describe("function package (One Deploy)", () => {
    it("hashes content and paths: the same files give the same hash, any change a new one", () => {
        const a = tree({ "host.json": "{}", "dist/src/index.js": "x" });
        const b = tree({ "dist/src/index.js": "x", "host.json": "{}" });
        const c = tree({ "host.json": "{}", "dist/src/index.js": "y" });
        const d = tree({ "host.json": "{}", "dist/src/main.js": "x" });
        assert.strictEqual(packageContentHash(a), packageContentHash(b));
        assert.notStrictEqual(packageContentHash(a), packageContentHash(c));
        assert.notStrictEqual(packageContentHash(a), packageContentHash(d));
        assert.deepStrictEqual(packageFiles(a), ["dist/src/index.js", "host.json"]);
    });

    it("hashes a package afresh when a file is rewritten, added or removed after an earlier hash (the digest is remembered per stat fingerprint)", () => {
        const dir = tree({ "host.json": "{}", "dist/src/index.js": "x" });
        const first = packageContentHash(dir);
        assert.strictEqual(packageContentHash(dir), first, "the same files: the same digest");
        // Same size, new bytes: only the fingerprint's mtime tells (set explicitly: a rewrite within a timestamp tick).
        const index = path.join(dir, "dist/src/index.js");
        fs.writeFileSync(index, "y");
        const later = new Date(fs.statSync(index).mtimeMs + 2000);
        fs.utimesSync(index, later, later);
        const rewritten = packageContentHash(dir);
        assert.strictEqual(rewritten, packageContentHash(tree({ "host.json": "{}", "dist/src/index.js": "y" })), "the digest of the new content");
        fs.writeFileSync(path.join(dir, "extra.js"), "");
        const added = packageContentHash(dir);
        assert.notStrictEqual(added, rewritten);
        fs.rmSync(path.join(dir, "extra.js"));
        assert.strictEqual(packageContentHash(dir), rewritten, "back to the same files");
    });

    it("says how to stage a missing package", () => {
        assert.throws(() => packageContentHash("/nonexistent/deploy"), {
            message: "the function package /nonexistent/deploy is missing: run `npm run build` (it stages the package) first",
        });
    });

    it("computes CRC-32 as zip needs it", () => {
        assert.strictEqual(crc32(Buffer.from("123456789")), 0xcbf43926);
    });

    it("writes a deterministic zip that unzip reads back", function () {
        const dir = tree({ "host.json": '{"version":"2.0"}', "dist/src/index.js": "module.exports = 1;\n" });
        const zip = zipDirectory(dir);
        assert.ok(zip.equals(zipDirectory(dir)), "same bytes twice");
        const file = path.join(dir, "..", `${path.basename(dir)}.zip`);
        fs.writeFileSync(file, zip);
        // An independent reader (Python's zipfile, CRC-checked), where the machine has one.
        const probe = spawnSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(sorted(z.namelist())); print(z.read('host.json').decode())", file]);
        if (probe.error) {
            this.skip();
        }
        assert.strictEqual(probe.stdout.toString(), "None\n['dist/src/index.js', 'host.json']\n{\"version\":\"2.0\"}\n");
    });

    it("deploys with az functionapp deployment source config-zip (One Deploy for Flex)", () => {
        assert.deepStrictEqual(oneDeployArgs("rg", "func-x", "/tmp/p.zip"), [
            "functionapp", "deployment", "source", "config-zip", "--resource-group", "rg", "--name", "func-x", "--src", "/tmp/p.zip",
        ]);
    });
});
