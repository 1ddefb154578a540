import * as fs from "fs";
import * as path from "path";

/*
 * Load time. The plan never serializes a function: closure serialization is for callback-style resources and
 * dynamic providers. Yet `@pulumi/pulumi/runtime` requires the serializer and its code-path finder eagerly, and
 * with them TypeScript's compiler and npm's arborist: about two thirds of the SDK's load time. The plan loads them
 * on first use instead (`PLAN_EAGER_SDK=1` turns this off, to measure it). The stubs forward exactly the names
 * `runtime/index.js` takes from each module; when its code does not have that shape, nothing is deferred.
 */

const DEFERRABLE = ["./closure/serializeClosure", "./closure/codePaths"];

/** The property names `source` reads from the module it `require`s as `request`, if it only reads named properties. */
function namedImports(source: string, request: string): string[] | undefined {
    const escaped = request.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const binding = new RegExp(`(?:var|const|let)\\s+(\\w+)\\s*=\\s*require\\(["']${escaped}["']\\)`).exec(source)?.[1];
    if (!binding) {
        return undefined;
    }
    const uses = [...source.matchAll(new RegExp(`\\b${binding}\\b(\\.(\\w+))?`, "g"))].slice(1);
    if (uses.length === 0 || uses.some((m) => m[2] === undefined)) {
        return undefined;
    }
    return [...new Set(uses.map((m) => m[2] as string))];
}

let deferred = false;

/** Installs the deferral (once per process; `PLAN_EAGER_SDK=1` in `env` turns it off). */
export function deferClosureSerialization(env: Readonly<Record<string, string | undefined>>): void {
    if (env.PLAN_EAGER_SDK || deferred) {
        return;
    }
    deferred = true;
    type Load = (this: unknown, request: string, parent: { filename?: string } | null | undefined, isMain: boolean) => unknown;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Module = require("module") as { _load: Load };
    const original = Module._load;
    const runtimeIndex = path.join("@pulumi", "pulumi", "runtime", "index.js");
    const names = new Map<string, string[] | undefined>();
    Module._load = function (this: unknown, request, parent, isMain) {
        const file = parent?.filename;
        if (file !== undefined && DEFERRABLE.includes(request) && file.endsWith(runtimeIndex)) {
            if (!names.has(`${file}\n${request}`)) {
                names.set(`${file}\n${request}`, namedImports(fs.readFileSync(file, "utf8"), request));
            }
            const exported = names.get(`${file}\n${request}`);
            if (exported) {
                let real: Record<string, (...args: unknown[]) => unknown> | undefined;
                const load = (): Record<string, (...args: unknown[]) => unknown> =>
                    (real ??= original.call(this, request, parent, isMain) as Record<string, (...args: unknown[]) => unknown>);
                return Object.fromEntries(exported.map((n) => [n, (...args: unknown[]) => (load()[n] as (...a: unknown[]) => unknown)(...args)]));
            }
        }
        // eslint-disable-next-line prefer-rest-params
        return original.apply(this, arguments as unknown as Parameters<Load>);
    };
}

