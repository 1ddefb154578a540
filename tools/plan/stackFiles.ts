import * as fs from "fs";
import * as path from "path";
import { parseYamlText } from "../../stack/yamlText";

import { offlineSecretStandIn } from "../../stack/config/secretValues";
import { SECRET_PLACEHOLDER } from "./document";

export interface ProgramConfig {
    readonly project: string;
    readonly stack: string;
    /** Absolute path of the program's entry module. */
    readonly entry: string;
    /** Pulumi runtime config: `namespace:key` → string (objects and arrays as JSON). */
    readonly config: Record<string, string>;
    /** Keys whose value is secret (a `secure:` value anywhere inside it, or declared `secret: true`). */
    readonly secretKeys: string[];
}

/** A problem with the program's files (missing stack file, unreadable YAML): exit code 2, message on stderr. */
export class ProgramFilesError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProgramFilesError";
    }
}

function readYaml(file: string): Record<string, unknown> {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch {
        throw new ProgramFilesError(`cannot read ${file}`);
    }
    let doc: unknown;
    try {
        doc = parseYamlText(text);
    } catch (err) {
        throw new ProgramFilesError(`${file} is not valid YAML: ${(err as Error).message.split("\n")[0]}`);
    }
    if (doc === null || doc === undefined) {
        return {};
    }
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new ProgramFilesError(`${file} must be a YAML map`);
    }
    return doc as Record<string, unknown>;
}

function isObject(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Replaces every `{ secure: ... }` with a stand-in (the project's own for that path, else the placeholder); reports
 * whether it found one.
 */
function redactSecure(value: unknown, standIn: (path: readonly (string | number)[]) => string | undefined, path: readonly (string | number)[] = []): { value: unknown; secret: boolean } {
    if (isObject(value)) {
        const keys = Object.keys(value);
        if (keys.length === 1 && keys[0] === "secure") {
            return { value: standIn(path) ?? SECRET_PLACEHOLDER, secret: true };
        }
        let secret = false;
        const out: Record<string, unknown> = {};
        for (const k of keys) {
            const r = redactSecure(value[k], standIn, [...path, k]);
            out[k] = r.value;
            secret ||= r.secret;
        }
        return { value: out, secret };
    }
    if (Array.isArray(value)) {
        let secret = false;
        const out = value.map((v, i) => {
            const r = redactSecure(v, standIn, [...path, i]);
            secret ||= r.secret;
            return r.value;
        });
        return { value: out, secret };
    }
    return { value, secret: false };
}

function toConfigString(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function qualify(project: string, key: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

/** The program's entry: Pulumi.yaml `main`, else package.json `main`, else index.ts / index.js. */
function resolveEntry(dir: string, main: unknown): string {
    const candidates: string[] = [];
    const base = typeof main === "string" ? path.resolve(dir, main) : dir;
    if (typeof main === "string" && fs.existsSync(base) && fs.statSync(base).isFile()) {
        return base;
    }
    const pkgFile = path.join(base, "package.json");
    if (fs.existsSync(pkgFile)) {
        let pkg: { main?: unknown };
        try {
            pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown };
        } catch {
            // Never the parser's message: it quotes the file's first bytes (issue 15, item 11).
            throw new ProgramFilesError(`${pkgFile} is not valid JSON: fix it, or remove it (its \`main\` names the program's entry point)`);
        }
        if (typeof pkg.main === "string") {
            candidates.push(path.resolve(base, pkg.main));
        }
    }
    candidates.push(path.join(base, "index.ts"), path.join(base, "index.js"));
    const found = candidates.find((c) => fs.existsSync(c));
    if (!found) {
        throw new ProgramFilesError(`no program entry found in ${base} (looked for ${candidates.map((c) => path.relative(dir, c)).join(", ")})`);
    }
    return found;
}

/**
 * Reads a program's `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the CLI does: project defaults first,
 * then the stack's values. `secure:` values are not decrypted: they become `[secret]` (or the project's stand-in of the
 * right shape, `offlineSecretStandIn`) and their keys secret.
 */
export function loadProgramConfig(dir: string, stack: string): ProgramConfig {
    const projectFile = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (!projectFile) {
        throw new ProgramFilesError(`no Pulumi.yaml in ${dir}`);
    }
    const projectDoc = readYaml(projectFile);
    const project = projectDoc.name;
    if (typeof project !== "string" || project.length === 0) {
        throw new ProgramFilesError(`${projectFile} has no \`name\``);
    }
    const stackDir = typeof projectDoc.stackConfigDir === "string" ? path.resolve(dir, projectDoc.stackConfigDir) : dir;
    const stackFile = path.join(stackDir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(stackFile)) {
        const known = fs
            .readdirSync(stackDir)
            .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
            .filter((s): s is string => s !== undefined);
        throw new ProgramFilesError(`no stack file Pulumi.${stack}.yaml in ${stackDir}; stacks here: ${known.join(", ") || "none"}`);
    }

    const config: Record<string, string> = {};
    const secretKeys = new Set<string>();
    const projectConfig = isObject(projectDoc.config) ? projectDoc.config : {};
    for (const [key, decl] of Object.entries(projectConfig)) {
        const full = qualify(project, key);
        let value: unknown;
        if (isObject(decl) && ("default" in decl || "value" in decl)) {
            value = "value" in decl ? decl.value : decl.default;
            if (decl.secret === true) {
                secretKeys.add(full);
            }
        } else if (!isObject(decl)) {
            value = decl;
        }
        if (value !== undefined && value !== null) {
            config[full] = toConfigString(value);
        }
    }
    const stackDoc = readYaml(stackFile);
    const stackConfig = isObject(stackDoc.config) ? stackDoc.config : {};
    for (const [key, raw] of Object.entries(stackConfig)) {
        // Kept as written: the CLI refuses a stack key without a namespace (`vault:`), so it is not the project's
        // key; the program reports it (unqualifiedKeyProblems in stack/config/load.ts) instead of merging it.
        const full = key;
        const { value, secret } = redactSecure(raw, (at) => offlineSecretStandIn(project, full, at));
        if (value === null || value === undefined) {
            continue;
        }
        config[full] = toConfigString(value);
        if (secret) {
            secretKeys.add(full);
        }
    }
    return { project, stack, entry: resolveEntry(dir, projectDoc.main), config, secretKeys: [...secretKeys].sort() };
}
