#!/usr/bin/env node
// Stages the Function App deployment of the rotation function into a directory (default:
// functions/rotation/deploy) that can be zipped as is (e.g. Pulumi `new asset.FileArchive(dir)`):
//
//   host.json, package.json (main: dist/src/index.js, no devDependencies), dist/src/**/*.js(.map),
//   node_modules/** = the production dependency closure, copied from the already installed (hoisted) workspace
//   node_modules, so the versions are exactly the tested ones and no network is needed; without type declarations
//   and source maps (NOT_RUNTIME below).
//
// Usage: npx tsc -b && node functions/rotation/scripts/stage-deploy.mjs [outDir]
import { constants as fsConstants, copyFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const fnDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = resolve(process.argv[2] ?? join(fnDir, "deploy"));
const entry = join(fnDir, "dist", "src", "index.js");
if (!existsSync(entry)) {
  console.error(`stage-deploy: ${relative(process.cwd(), entry)} is missing; run \`npx tsc -b\` first`);
  process.exit(1);
}
if (outDir === fnDir || fnDir.startsWith(outDir + sep)) {
  console.error("stage-deploy: refusing to stage into the function directory or one of its parents");
  process.exit(1);
}

const readJson = (p) => JSON.parse(readFileSync(p, "utf8"));

// TypeScript (declarations and the sources some packages ship for their maps) and source maps of the dependencies:
// Node never loads them (require resolves .js, .json and .node: https://nodejs.org/api/modules.html#all-together; type
// stripping applies only to a .ts file named explicitly: https://nodejs.org/api/typescript.html), and Microsoft's
// TypeScript function template leaves maps and TypeScript out of the deployment too
// (https://github.com/Azure-Samples/functions-quickstart-typescript-azd/blob/main/.funcignore: `*.js.map`).
// They were ≈ 6,100 of the ≈ 7,600 staged files: every offline plan stats the package (its content hash is the
// deployment's trigger) and every deployment uploads it. The function's own maps (dist/src) stay, for its stack traces.
const NOT_RUNTIME = /\.([cm]?ts|map)$/;

/** Node's lookup: <dir>/node_modules/<name>, then each parent directory. */
function resolvePackage(fromDir, name) {
  for (let d = fromDir; ; d = dirname(d)) {
    const candidate = join(d, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return candidate;
    if (dirname(d) === d) return undefined;
  }
}

/** Installed location -> staged location ("node_modules/..." kept relative to the node_modules root it is in). */
function stagedPath(pkgDir) {
  const rel = pkgDir.split(sep);
  const first = rel.indexOf("node_modules");
  return join(outDir, ...rel.slice(first));
}

const closure = new Map(); // installed dir -> staged dir
const missing = [];
function walk(dir) {
  const pkg = readJson(join(dir, "package.json"));
  const required = { ...(pkg.dependencies ?? {}), ...(pkg.peerDependencies ?? {}) };
  const optional = { ...(pkg.optionalDependencies ?? {}) };
  for (const [name, optionalDep] of [
    ...Object.keys(required).map((n) => [n, false]),
    ...Object.keys(optional).map((n) => [n, true]),
  ]) {
    const peerOptional = pkg.peerDependenciesMeta?.[name]?.optional === true;
    const found = resolvePackage(dir, name);
    if (found === undefined) {
      if (!optionalDep && !peerOptional) missing.push(`${name} (required by ${pkg.name})`);
      continue;
    }
    if (closure.has(found)) continue;
    closure.set(found, stagedPath(found));
    walk(found);
  }
}
walk(fnDir);
if (missing.length > 0) {
  console.error(`stage-deploy: dependencies not installed: ${missing.join(", ")}; run \`npm ci\` at the repo root`);
  process.exit(1);
}
const targets = new Map();
for (const [from, to] of closure) {
  const other = targets.get(to);
  if (other !== undefined) {
    console.error(`stage-deploy: ${from} and ${other} would both be staged at ${to}`);
    process.exit(1);
  }
  targets.set(to, from);
}

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
cpSync(join(fnDir, "host.json"), join(outDir, "host.json"));
const pkg = readJson(join(fnDir, "package.json"));
delete pkg.devDependencies;
delete pkg.scripts;
writeFileSync(join(outDir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
cpSync(join(fnDir, "dist", "src"), join(outDir, "dist", "src"), {
  recursive: true,
  filter: (src) => !src.endsWith(".d.ts") && !src.endsWith(".tsbuildinfo"),
});
/** The errors with which a file system refuses a hard link (another device, no links, a link limit, no permission). */
const LINK_REFUSED = new Set(["EXDEV", "EPERM", "EMLINK", "ENOTSUP", "EOPNOTSUPP"]);

/**
 * Stages the package at `from` into `to`: directories are created, each file is hard-linked to the installed file,
 * or copied (never over an existing file) where the file system refuses a link. The package's own nested
 * node_modules are left out: they are staged separately, only for what is actually needed. Links go to the real file
 * behind any symbolic link (a --base worktree links the checkout's packages), never to the symbolic link itself.
 * A hard link shares the file with node_modules: nothing may write into a staged file in place. Nothing does: the
 * package is only zipped and hashed, a rerun of this script removes the directory first (which unlinks), and
 * `npm ci` replaces node_modules' files rather than writing into them. Linking instead of copying ≈ 2,200 files
 * (23 MB) took staging from ≈ 2.6 s to ≈ 0.5 s on the 2-core machine (issue 9: every build and a test pay it).
 */
function stagePackage(from, to) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from)) {
    const src = join(from, entry);
    const dest = join(to, entry);
    const real = realpathSync(src);
    if (statSync(real).isDirectory()) {
      if (entry !== "node_modules") stagePackage(real, dest);
    } else if (!NOT_RUNTIME.test(entry)) {
      try {
        linkSync(real, dest);
      } catch (err) {
        if (!LINK_REFUSED.has(err?.code)) throw err;
        copyFileSync(real, dest, fsConstants.COPYFILE_EXCL);
      }
    }
  }
}

for (const [from, to] of closure) {
  stagePackage(from, to);
}
console.log(`stage-deploy: ${closure.size} packages + host.json, package.json, dist/src -> ${outDir}`);
