// `npm run plan|diff|preflight|pipeline-vars|bench|diagram`: runs dist/tools/cli/<name>.js in this process, after
// `tsc -b` only when the build is stale. A no-op `tsc -b` costs ~0.4 s (it loads TypeScript and reads every
// tsbuildinfo); this check stats the sources instead (a few ms). Stale = a source, tsconfig or package.json newer
// than the oldest .tsbuildinfo of the build (tsc -b stamps each after building, also when nothing changed in its
// output), or one missing. Plain JavaScript: it must run before anything is built.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
// The build (tsconfig.json and its references): the inputs of each project, and where it writes its .tsbuildinfo.
const PROJECTS = [
    { inputs: ["index.ts", "tsconfig.json", "tsconfig.base.json", "components", "stack", "tools", "tests"], info: "dist/.tsbuildinfo" },
    { inputs: ["policies"], info: "policies/bin/.tsbuildinfo" },
    { inputs: ["sdks/azuredevops"], info: "sdks/azuredevops/bin/.tsbuildinfo" },
    { inputs: ["functions/rotation/src", "functions/rotation/test", "functions/rotation/tsconfig.json"], info: "functions/rotation/dist/.tsbuildinfo" },
];
const INPUT = /(\.ts|tsconfig(\.\w+)?\.json)$/;
const OUTPUT_DIRS = new Set(["node_modules", "dist", "bin", "deploy"]);

function newest(file) {
    const stat = statSync(file);
    if (!stat.isDirectory()) {
        return INPUT.test(file) ? stat.mtimeMs : 0;
    }
    let latest = 0;
    for (const entry of readdirSync(file)) {
        if (!entry.startsWith(".") && !OUTPUT_DIRS.has(entry)) {
            latest = Math.max(latest, newest(join(file, entry)));
        }
    }
    return latest;
}

function stale() {
    for (const p of PROJECTS) {
        let built;
        try {
            built = statSync(join(ROOT, p.info)).mtimeMs;
        } catch {
            return true;
        }
        if (p.inputs.some((input) => newest(join(ROOT, input)) > built)) {
            return true;
        }
    }
    return false;
}

const [name, ...args] = process.argv.slice(2);
if (!name || !/^[A-Za-z]+$/.test(name)) {
    process.stderr.write("usage: node tools/cli/run.mjs <cli> [arguments]\n");
    process.exit(2);
}
if (process.env.KV_ALWAYS_BUILD === "1" || stale()) {
    const tsc = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b"], { cwd: ROOT, stdio: "inherit" });
    if (tsc.status !== 0) {
        process.exit(tsc.status ?? 2);
    }
}
// The program hashes the staged rotation function package (its deployment trigger, components/secretRotation.ts):
// restage it, as `npm run build` does, whenever the function's build is newer than the staged copy.
function packageStale() {
    try {
        return statSync(join(ROOT, "functions/rotation/dist/.tsbuildinfo")).mtimeMs > statSync(join(ROOT, "functions/rotation/deploy/package.json")).mtimeMs;
    } catch {
        return true;
    }
}
if (packageStale()) {
    const stage = spawnSync(process.execPath, [join(ROOT, "functions", "rotation", "scripts", "stage-deploy.mjs")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    if (stage.status !== 0) {
        process.exit(stage.status ?? 2);
    }
}
const require = createRequire(import.meta.url);
const { main } = require(join(ROOT, "dist", "tools", "cli", "common.js"));
const { run } = require(join(ROOT, "dist", "tools", "cli", `${name}.js`));
process.argv = [process.argv[0], join(ROOT, "dist", "tools", "cli", `${name}.js`), ...args];
main(run);
