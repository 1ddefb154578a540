/*
 * The pure parts of `npm run bench`: statistics, the dependency-graph measures of a plan, the synthetic 10× stack
 * config, and which SDK modules a compiled program requires. Nothing here times or spawns anything.
 */
import { builtinModules } from "module";
import { componentUrns, PlanResource } from "../plan/render";

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
    if (values.length === 0) {
        throw new Error("median of no values");
    }
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The order to run `kinds` in for round `round`: rotated by one each round, so none always runs first. */
export function interleave<T>(kinds: readonly T[], round: number): T[] {
    const n = kinds.length;
    if (n === 0) {
        return [];
    }
    const shift = ((round % n) + n) % n;
    return [...kinds.slice(shift), ...kinds.slice(0, shift)];
}

/** A resource's dependencies that count for ordering: known to the plan, not itself, not its parent. */
function realDependencies(r: PlanResource, known: ReadonlySet<string>): string[] {
    return [...new Set(r.dependencies)].filter((d) => d !== r.parent && d !== r.urn && known.has(d));
}

/**
 * The longest dependency chain (a proxy for `pulumi up`'s critical path: each resource waits for what it depends
 * on), as the resources on it from first to last. Its length is the number of resources on it. Dependencies on
 * a resource's parent, and on URNs the plan does not have, do not count. Throws on a dependency cycle.
 */
export function longestChain(resources: readonly PlanResource[]): { length: number; chain: string[] } {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const known = new Set(byUrn.keys());
    const best = new Map<string, { length: number; prev?: string }>();
    const visiting = new Set<string>();
    const visit = (urn: string): { length: number; prev?: string } => {
        const done = best.get(urn);
        if (done) {
            return done;
        }
        if (visiting.has(urn)) {
            throw new Error(`dependency cycle through ${urn}`);
        }
        visiting.add(urn);
        let result: { length: number; prev?: string } = { length: 1 };
        for (const dep of realDependencies(byUrn.get(urn) as PlanResource, known)) {
            const d = visit(dep);
            if (d.length + 1 > result.length) {
                result = { length: d.length + 1, prev: dep };
            }
        }
        visiting.delete(urn);
        best.set(urn, result);
        return result;
    };
    let end: string | undefined;
    let length = 0;
    for (const r of resources) {
        const l = visit(r.urn).length;
        if (l > length) {
            length = l;
            end = r.urn;
        }
    }
    const chain: string[] = [];
    for (let cur = end; cur !== undefined; cur = best.get(cur)?.prev) {
        chain.unshift(byUrn.get(cur)?.name ?? cur);
    }
    return { length, chain };
}

/**
 * How many resources wait on nothing (no dependency besides, at most, their parent): what `pulumi up` can start at
 * once. Components and the root stack are not counted (nothing is created for them).
 */
export function independentCount(resources: ReadonlyArray<PlanResource & { readonly custom?: boolean }>): number {
    const components = componentUrns(resources);
    const known = new Set(resources.map((r) => r.urn));
    return resources.filter((r) => !components.has(r.urn) && realDependencies(r, known).length === 0).length;
}

/** The non-relative, non-builtin module specifiers `require`d by a compiled CommonJS module's source. */
export function requiredPackages(source: string): { packages: string[]; relative: string[] } {
    const packages: string[] = [];
    const relative: string[] = [];
    for (const m of source.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
        const spec = m[1] as string;
        if (spec.startsWith(".") || spec.startsWith("/")) {
            relative.push(spec);
        } else if (!spec.startsWith("node:") && !builtinModules.includes(spec) && !builtinModules.includes(spec.split("/")[0] as string)) {
            packages.push(spec);
        }
    }
    return { packages: [...new Set(packages)], relative: [...new Set(relative)] };
}

type ConfigMap = Record<string, unknown>;

/** The name of copy `copy` of a secret or variable group (copy 0 keeps the original name). */
function suffixed(name: string, copy: number): string {
    return copy === 0 ? name : `${name}-x${copy}`;
}

/**
 * A synthetic stack config with `factor`× the secrets and Azure DevOps variable groups of `config` (a
 * `Pulumi.<stack>.yaml` `config` map): copy k of each secret is named `<name>-x<k>` (copy 0 keeps its name), and
 * copy k of each variable group is named `<group>-x<k>` and reads copy k of its secrets. `secretValues` are copied
 * along. Everything else is unchanged.
 */
export function multiplyStack(config: ConfigMap, project: string, factor: number): ConfigMap {
    const out = structuredClone(config);
    const key = (k: string): string => `${project}:${k}`;
    const secrets = (out[key("secrets")] as ConfigMap[] | undefined) ?? [];
    out[key("secrets")] = Array.from({ length: factor }, (_, copy) => secrets.map((s) => ({ ...s, name: suffixed(String(s.name), copy) }))).flat();
    const values = out[key("secretValues")] as ConfigMap | undefined;
    if (values && typeof values === "object") {
        out[key("secretValues")] = Object.fromEntries(
            Array.from({ length: factor }, (_, copy) => Object.entries(values).map(([n, v]) => [suffixed(n, copy), v])).flat(),
        );
    }
    const devops = out[key("devops")] as ConfigMap | undefined;
    const groups = devops?.variableGroups as ConfigMap[] | undefined;
    if (devops && Array.isArray(groups)) {
        devops.variableGroups = Array.from({ length: factor }, (_, copy) =>
            groups.map((g) => ({
                ...g,
                name: suffixed(String(g.name), copy),
                secrets: ((g.secrets as unknown[] | undefined) ?? []).map((s) => suffixed(String(s), copy)),
            })),
        ).flat();
    }
    return out;
}

/** `n.nn×`. */
export function ratio(value: number, base: number): number {
    return Math.round((value / base) * 100) / 100;
}

/**
 * The honest floor's module list: the files under a `node_modules` directory among the files real plan runs loaded
 * (each run's `require.cache` keys, in load order), merged in first-seen order. The project's own code — its
 * compiled program and tools, and its workspaces and local packages, which resolve to their real paths outside
 * node_modules — is what the plan adds on top, so it is not part of the floor.
 */
export function floorModules(runs: readonly (readonly string[])[]): string[] {
    const seen = new Set<string>();
    const nm = /[\\/]node_modules[\\/]/;
    for (const run of runs) {
        for (const file of run) {
            if (nm.test(file)) {
                seen.add(file);
            }
        }
    }
    return [...seen];
}

/**
 * The honest floor's script (also the SDK replay's preamble, tools/bench/sdkReplay.ts): installs the closure
 * serializer's deferral of `deferModule` (tools/cli/deferClosure.js) as the plan does, then requires each of
 * `modules` in order.
 */
export function floorScript(deferModule: string, modules: readonly string[]): string {
    return `require(${JSON.stringify(deferModule)}).deferClosureSerialization(process.env);\nfor (const f of ${JSON.stringify(modules)}) require(f);\n`;
}
