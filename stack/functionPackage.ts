/*
 * The rotation function's deployment package: its content hash (what triggers a redeployment) and a deterministic
 * zip of the staged directory. Run as a script (`node dist/stack/functionPackage.js`, from the project directory),
 * it deploys the package to a Flex Consumption app the way Flex supports: One Deploy through
 * `az functionapp deployment source config-zip`, which publishes the zip, registers the functions and syncs the
 * triggers (Microsoft's answer for Flex: https://github.com/Azure/Azure-Functions/issues/2496; Flex only takes
 * One Deploy `/api/publish`, not `/api/zipdeploy`: https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to,
 * https://github.com/hashicorp/terraform-provider-azurerm/pull/31937). Uploading a zip into the deployment
 * container alone registers no function and syncs no trigger (https://github.com/Azure/Azure-Functions/issues/2558).
 */
import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";

/** A regular file of the package: its POSIX path relative to the package, and its stat (symlinks followed). */
interface PackageFile {
    readonly rel: string;
    readonly stat: fs.Stats;
}

function listPackage(dir: string): PackageFile[] {
    if (!fs.existsSync(dir)) {
        throw new Error(`the function package ${dir} is missing: run \`npm run build\` (it stages the package) first`);
    }
    const out: PackageFile[] = [];
    // Directory entries' types from readdir (no stat per directory); a stat per file (its fingerprint) and per
    // symbolic link (followed, as before).
    const walk = (abs: string, rel: string): void => {
        for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
            const childAbs = `${abs}${path.sep}${entry.name}`;
            const child = rel ? `${rel}/${entry.name}` : entry.name;
            if (entry.isDirectory()) {
                walk(childAbs, child);
            } else if (entry.isFile() || entry.isSymbolicLink()) {
                const stat = fs.statSync(childAbs);
                if (stat.isDirectory()) {
                    walk(childAbs, child);
                } else if (stat.isFile()) {
                    out.push({ rel: child, stat });
                }
            }
        }
    };
    walk(path.resolve(dir), "");
    return out.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** Every regular file under `dir` (symlinks followed), as sorted POSIX paths relative to `dir`. */
export function packageFiles(dir: string): string[] {
    return listPackage(dir).map((f) => f.rel);
}

/** SHA-256 of the files' relative paths and bytes, in path order (see packageContentHash). */
function hashContent(dir: string, files: readonly PackageFile[]): string {
    const hash = createHash("sha256");
    for (const { rel } of files) {
        const content = fs.readFileSync(path.join(dir, rel));
        hash.update(`${rel}\0${content.length}\0`);
        hash.update(content);
    }
    return hash.digest("hex");
}

/*
 * Reading and hashing the staged package (≈ 7,600 files, ≈ 59 MB with the function's node_modules) was a quarter of
 * every offline plan's time (`node --cpu-prof`, issue 9). The digest is remembered per stat fingerprint of the
 * package (every file's path, size, mtime and inode, like make's and ESLint's caches), in this process and in
 * node_modules/.cache/keyvault-devops/ of the nearest node_modules above the package (the project's): the same
 * files give the same digest without being read again; any staged file
 * rewritten, added or removed changes the fingerprint, and the content is hashed afresh. The digest itself is
 * unchanged. A cache that cannot be read or written is ignored.
 */
const digests = new Map<string, string>();

function statFingerprint(dir: string, files: readonly PackageFile[]): string {
    const hash = createHash("sha256").update(`${path.resolve(dir)}\0`);
    for (const { rel, stat } of files) {
        hash.update(`${rel}\0${stat.size}\0${stat.mtimeMs}\0${stat.ino}\n`);
    }
    return hash.digest("hex");
}

/** The cache file: in the nearest node_modules above the package (the project's), if there is one. */
function cacheFile(dir: string): string | undefined {
    for (let d = path.dirname(path.resolve(dir)); ; d = path.dirname(d)) {
        if (fs.existsSync(path.join(d, "node_modules"))) {
            return path.join(d, "node_modules", ".cache", "keyvault-devops", "function-package-hash.json");
        }
        if (path.dirname(d) === d) {
            return undefined;
        }
    }
}

type SavedDigests = Record<string, { fingerprint: string; sha256: string }>;

function readSaved(file: string): SavedDigests {
    try {
        const saved = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
        return saved !== null && typeof saved === "object" && !Array.isArray(saved) ? (saved as SavedDigests) : {};
    } catch {
        return {};
    }
}

function cachedDigest(dir: string, fingerprint: string): string | undefined {
    const known = digests.get(fingerprint);
    const file = known === undefined ? cacheFile(dir) : undefined;
    if (known !== undefined || file === undefined) {
        return known;
    }
    const saved = readSaved(file)[path.resolve(dir)];
    return saved?.fingerprint === fingerprint && typeof saved.sha256 === "string" && /^[0-9a-f]{64}$/.test(saved.sha256) ? saved.sha256 : undefined;
}

/** Remembers the digest; on disk, per package directory (the last 8: a `plan --base` worktree's package too). */
function rememberDigest(dir: string, fingerprint: string, sha256: string): void {
    digests.set(fingerprint, sha256);
    const file = cacheFile(dir);
    if (file === undefined) {
        return;
    }
    try {
        const key = path.resolve(dir);
        const others = Object.entries(readSaved(file))
            .filter(([k, v]) => k !== key && v !== null && typeof v === "object")
            .slice(-7);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, `${JSON.stringify(Object.fromEntries([...others, [key, { fingerprint, sha256 }]]))}\n`);
        fs.renameSync(tmp, file);
    } catch {
        // a cache only
    }
}

/**
 * SHA-256 of the package's content: every file's relative path and bytes, in path order. The same staged files
 * give the same hash on any machine (no timestamps, no permissions), so the deployment reruns exactly when the
 * package changes. (Remembered per stat fingerprint: see above.)
 */
export function packageContentHash(dir: string): string {
    const files = listPackage(dir);
    const fingerprint = statFingerprint(dir, files);
    const known = cachedDigest(dir, fingerprint);
    if (known !== undefined) {
        return known;
    }
    const sha256 = hashContent(dir, files);
    rememberDigest(dir, fingerprint, sha256);
    return sha256;
}

const CRC_TABLE = ((): Uint32Array => {
    const table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
        let c = n;
        for (let k = 0; k < 8; k++) {
            c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
        }
        table[n] = c >>> 0;
    }
    return table;
})();

/** CRC-32 (ISO-HDLC), as the zip format requires. */
export function crc32(data: Buffer): number {
    let crc = 0xffffffff;
    for (const byte of data) {
        crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
    }
    return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A zip (deflate) of every file under `dir`, byte-for-byte deterministic: sorted entries, the DOS epoch as every
 * timestamp, mode 0644. Format: PKWARE APPNOTE 6.3.x, local headers + central directory + end record.
 */
export function zipDirectory(dir: string): Buffer {
    const locals: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
    for (const file of packageFiles(dir)) {
        const data = fs.readFileSync(path.join(dir, file));
        const compressed = zlib.deflateRawSync(data, { level: 9 });
        const name = Buffer.from(file, "utf8");
        const crc = crc32(data);
        const local = Buffer.alloc(30);
        local.writeUInt32LE(0x04034b50, 0);
        local.writeUInt16LE(20, 4); // version needed
        local.writeUInt16LE(0x0800, 6); // UTF-8 names
        local.writeUInt16LE(8, 8); // deflate
        local.writeUInt16LE(0, 10);
        local.writeUInt16LE(DOS_DATE, 12);
        local.writeUInt32LE(crc, 14);
        local.writeUInt32LE(compressed.length, 18);
        local.writeUInt32LE(data.length, 22);
        local.writeUInt16LE(name.length, 26);
        local.writeUInt16LE(0, 28);
        const central = Buffer.alloc(46);
        central.writeUInt32LE(0x02014b50, 0);
        central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix
        central.writeUInt16LE(20, 6);
        central.writeUInt16LE(0x0800, 8);
        central.writeUInt16LE(8, 10);
        central.writeUInt16LE(0, 12);
        central.writeUInt16LE(DOS_DATE, 14);
        central.writeUInt32LE(crc, 16);
        central.writeUInt32LE(compressed.length, 20);
        central.writeUInt32LE(data.length, 24);
        central.writeUInt16LE(name.length, 28);
        central.writeUInt32LE(((0o100644 << 16) >>> 0), 38); // external attributes: regular file, rw-r--r--
        central.writeUInt32LE(offset, 42);
        locals.push(local, name, compressed);
        centrals.push(central, name);
        offset += local.length + name.length + compressed.length;
    }
    const centralSize = centrals.reduce((n, b) => n + b.length, 0);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(centrals.length / 2, 8);
    end.writeUInt16LE(centrals.length / 2, 10);
    end.writeUInt32LE(centralSize, 12);
    end.writeUInt32LE(offset, 16);
    return Buffer.concat([...locals, ...centrals, end]);
}

/** The environment variables the deployment script reads (set by the stack's Command resource). */
export const DEPLOY_ENV = { dir: "PACKAGE_DIR", app: "FUNCTION_APP_NAME", resourceGroup: "RESOURCE_GROUP" } as const;

/** The `az` arguments of a One Deploy of `zip` to a Flex Consumption app. */
export function oneDeployArgs(resourceGroup: string, app: string, zip: string): string[] {
    return ["functionapp", "deployment", "source", "config-zip", "--resource-group", resourceGroup, "--name", app, "--src", zip];
}

function main(): number {
    const dir = process.env[DEPLOY_ENV.dir];
    const app = process.env[DEPLOY_ENV.app];
    const rg = process.env[DEPLOY_ENV.resourceGroup];
    if (!dir || !app || !rg) {
        process.stderr.write(`functionPackage: set ${Object.values(DEPLOY_ENV).join(", ")}\n`);
        return 2;
    }
    const holder = fs.mkdtempSync(path.join(os.tmpdir(), "kv-rotation-package-"));
    try {
        const zip = path.join(holder, "released-package.zip");
        fs.writeFileSync(zip, zipDirectory(dir));
        const r = spawnSync("az", oneDeployArgs(rg, app, zip), { stdio: "inherit" });
        if (r.error) {
            process.stderr.write(`functionPackage: cannot run az (the Azure CLI, logged in as the deployer): ${r.error.message}\n`);
            return 1;
        }
        return r.status ?? 1;
    } finally {
        fs.rmSync(holder, { recursive: true, force: true });
    }
}

if (require.main === module) {
    process.exitCode = main();
}
