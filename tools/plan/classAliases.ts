/*
 * azure-native's classes give every resource one alias per former API version of its type (4 to 60 each, 561 on staging's 34: `{ type:
 * "azure-native:keyvault/v20190901:Vault" }`), merged in each constructor through `pulumi.mergeOptions(opts,
 * aliasOpts)` (e.g. node_modules/@pulumi/azure-native/keyvault/vault.js). Pulumi's Node SDK turns each such alias into
 * Outputs three times before a request carries it (pulumi/pulumi sdk/nodejs): Resource's constructor collapses it to
 * a URN (`__aliases`, resource.ts `collapseAliasToUrn`; read only for monitors without alias specs), `prepareResource`
 * awaits it (`output(alias).promise()`), and `mapAliasesForRequest` awaits its type before building the request's
 * `Alias.Spec` (runtime/resource.ts). For staging's plan that was ≈ 1,700 Outputs and a tenth of the plan (issue 9, found by the hostile review of the SDK replay).
 *
 * During an offline evaluation (the mock monitor supports alias specs, so `__aliases` is never read) these class
 * aliases bypass the SDK, and each request gets exactly the aliases the SDK would have sent:
 *   - `mergeOptions` leaves them out and tags the options it returns with them and where they stood among the
 *     options' aliases (an enumerable symbol, which the SDK's own copies of the options keep; a later merge carries
 *     the tag and shifts the positions as it concatenates aliases);
 *   - the SDK's `registerResource` (runtime/resource.ts, called by Resource's constructor with those options) runs in
 *     an async context holding them, their positions counted as `prepareResource` keeps aliases (a repeated string
 *     once): AsyncLocalStorage, which follows the registration's awaits to the monitor; a registration with none
 *     runs outside any such context;
 *   - the recording monitor's `appendClassAliases` inserts, into that resource's RegisterResource request, the
 *     `Alias.Spec`s `mapAliasesForRequest` would have built for them — type set, name, stack and project empty, the
 *     resource's parent URN — at those positions.
 * When the construction that follows a class's merge runs transformations (the resource's own `transformations` or
 * its parent's, the root stack's included: they see and may rewrite its options), every alias deferred so far goes
 * back into the options and the SDK handles them all. So does PLAN_SDK_ALIASES=1. The recorded registrations are the
 * same either way (tests/plan/classAliases.test.ts, with the cases two hostile reviews found); the plan lists its
 * resources in the order their registrations complete, which fewer awaits change. Not covered: a program putting
 * azure-native's alias shape through `mergeOptions` itself for a resource of another provider whose construction
 * runs transformations (they would not see those aliases).
 *
 * What counts as a class's aliases: a `mergeOptions` second argument that is exactly `{ aliases: [...] }`, every
 * entry exactly `{ type }` with an azure-native token, as the generated classes write them (a program writing that
 * very shape itself through `mergeOptions` has it handled the same way).
 */
import { AsyncLocalStorage } from "async_hooks";
import type * as pulumi from "@pulumi/pulumi";
import { sharedPatch } from "./sharedPatch";

const AZURE_NATIVE_TYPE = /^azure-native:[^:]+:[^:]+$/;

/**
 * The alias types when `opts` is a class's alias options (see the header), else undefined. Pure:
 * `{ aliases: [{ type: "azure-native:keyvault/v20190901:Vault" }] }` → `["azure-native:keyvault/v20190901:Vault"]`.
 */
export function classAliasTypes(opts: unknown): readonly string[] | undefined {
    if (opts === null || typeof opts !== "object" || Array.isArray(opts)) {
        return undefined;
    }
    const keys = Object.keys(opts);
    const aliases = (opts as { aliases?: unknown }).aliases;
    if (keys.length !== 1 || keys[0] !== "aliases" || !Array.isArray(aliases) || aliases.length === 0) {
        return undefined;
    }
    const types: string[] = [];
    for (const alias of aliases as unknown[]) {
        if (alias === null || typeof alias !== "object" || Object.keys(alias).length !== 1) {
            return undefined;
        }
        const type = (alias as { type?: unknown }).type;
        if (typeof type !== "string" || !AZURE_NATIVE_TYPE.test(type)) {
            return undefined;
        }
        types.push(type);
    }
    return types;
}

/** Class aliases left out of a resource's options: their types, and how many of the options' aliases came before. */
export interface DeferredAliases {
    readonly at: number;
    readonly types: readonly string[];
}

/** Where options carry the class aliases `mergeOptions` left out. */
const DEFERRED = Symbol("keyvault-devops: deferred class aliases");
interface Options {
    readonly aliases?: readonly unknown[];
    readonly parent?: { readonly __transformations?: readonly unknown[] };
    readonly transformations?: readonly unknown[];
    [DEFERRED]?: readonly DeferredAliases[];
}

type MergeOptions = typeof pulumi.mergeOptions;
type RegisterResource = (res: unknown, parent: unknown, t: string, name: string, custom: boolean, remote: boolean, newDependency: unknown, props: unknown, opts: Options | undefined, ...rest: unknown[]) => void;

// The SDK's index: its `mergeOptions` is a plain copy of resource.js's (`__export`), and the generated classes call
// `pulumi.mergeOptions(...)` on it at construction time. Resource's constructor calls
// `resource_1.registerResource(...)` on runtime/resource.js's exports at construction time too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkIndex = require("@pulumi/pulumi") as { mergeOptions: MergeOptions };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeResource = require("@pulumi/pulumi/runtime/resource") as { registerResource: RegisterResource };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as { getStackResource(): Options["parent"] | undefined };

/** The class aliases of the registration whose async context this is (see the header). */
const registering = new AsyncLocalStorage<readonly DeferredAliases[]>();

/** Whether constructing a resource with `opts` runs transformations (Resource's constructor: its own, its parent's). */
function runsTransformations(opts: Options | undefined): boolean {
    const parent = opts?.parent ?? state.getStackResource();
    return (opts?.transformations?.length ?? 0) > 0 || (parent?.__transformations?.length ?? 0) > 0;
}

/** The options' aliases as a list, as the SDK's merge makes them (a lone alias is wrapped). */
function aliasList(opts: Options | undefined): readonly unknown[] {
    const aliases = opts?.aliases as unknown;
    return Array.isArray(aliases) ? aliases : aliases === undefined ? [] : [aliases];
}

/** `list` with each group's items (`make(types)`) inserted where the group stood, groups in position order. */
function insertGroups<T>(list: readonly T[], groups: readonly DeferredAliases[], make: (types: readonly string[]) => T[]): T[] {
    const out = [...list];
    let inserted = 0;
    for (const g of [...groups].sort((a, b) => a.at - b.at)) {
        const items = make(g.types);
        out.splice(g.at + inserted, 0, ...items);
        inserted += items.length;
    }
    return out;
}

/** `opts` with its deferred class aliases back among its aliases, where they stood, and without the tag. */
function undefer(opts: Options | undefined): Options | undefined {
    const groups = opts?.[DEFERRED];
    if (opts === undefined || groups === undefined) {
        return opts;
    }
    const copy: Options = { ...opts, aliases: insertGroups(aliasList(opts), groups, (types) => types.map((type) => ({ type }))) };
    delete copy[DEFERRED];
    return copy;
}

/**
 * Where the deferred groups stand among the aliases `prepareResource` keeps of `aliases` (the options' final list,
 * raw positions): it drops a repeated string alias, so only first occurrences count.
 */
function keptPositions(aliases: readonly unknown[], groups: readonly DeferredAliases[]): DeferredAliases[] {
    const seen = new Set<string>();
    const keptBefore: number[] = [0];
    for (const alias of aliases) {
        const repeat = typeof alias === "string" && seen.has(alias);
        if (typeof alias === "string") {
            seen.add(alias);
        }
        keptBefore.push((keptBefore.at(-1) as number) + (repeat ? 0 : 1));
    }
    return groups.map((g) => ({ at: keptBefore[Math.min(g.at, aliases.length)] as number, types: g.types }));
}

const hold = sharedPatch(() => {
    const original = { mergeOptions: sdkIndex.mergeOptions, registerResource: runtimeResource.registerResource };
    const merge = (a: Options | undefined, b: unknown): Options => original.mergeOptions(a as never, b as never) as Options;
    sdkIndex.mergeOptions = ((opts1: Options | undefined, opts2: Options | undefined) => {
        const types = classAliasTypes(opts2);
        // `{ aliases: [] }`: the merged aliases become an array as with the class's (a lone alias is wrapped).
        const merged = merge(opts1, types === undefined ? opts2 : { aliases: [] });
        if (types !== undefined && runsTransformations(merged)) {
            // The construction that follows runs transformations: they must see every alias, as without this module.
            return merge(undefer(opts1), opts2);
        }
        // mergeOptions concatenates aliases (opts1's, then opts2's): opts2's deferred ones move up by opts1's count.
        const groups = [
            ...(opts1?.[DEFERRED] ?? []),
            ...(opts2?.[DEFERRED] ?? []).map((g) => ({ at: g.at + aliasList(opts1).length, types: g.types })),
            ...(types !== undefined ? [{ at: merged.aliases?.length ?? 0, types }] : []),
        ];
        if (groups.length > 0) {
            merged[DEFERRED] = groups;
        }
        return merged;
    }) as MergeOptions;
    runtimeResource.registerResource = (res, parent, t, name, custom, remote, newDependency, props, opts, ...rest) => {
        const raw = opts?.[DEFERRED];
        const register = (): void => original.registerResource(res, parent, t, name, custom, remote, newDependency, props, opts, ...rest);
        // Each registration in its own context: one with nothing deferred must not see another's (a resource
        // constructed from code that runs in a registration's context).
        if (raw === undefined || raw.length === 0) {
            registering.exit(register);
        } else {
            registering.run(keptPositions(aliasList(opts), raw), register);
        }
    };
    return () => {
        sdkIndex.mergeOptions = original.mergeOptions;
        runtimeResource.registerResource = original.registerResource;
    };
});

/**
 * Makes the SDK leave azure-native's class aliases to `appendClassAliases` until the returned function is called
 * (once; the last one open restores).
 */
export function deferClassAliases(env: Readonly<Record<string, string | undefined>> = process.env): () => void {
    return env.PLAN_SDK_ALIASES === "1" ? () => undefined : hold();
}

/** The request getters and setters this module uses (@pulumi/pulumi proto/resource_pb.js, alias_pb.js). */
export interface AliasRequest {
    getParent(): string;
    getAliasesList(): unknown[];
    setAliasesList(aliases: unknown[]): void;
}
interface AliasProto {
    Alias: { new (): { setSpec(spec: unknown): void }; Spec: new () => { setType(t: string): void; setParenturn(u: string): void } };
}

let aliasProto: AliasProto | undefined;

/**
 * The request's `Alias` messages for aliases `{ type }`, built as the SDK's `mapAliasesForRequest` builds them
 * (pulumi/pulumi sdk/nodejs/runtime/resource.ts): a spec with the type, name, stack and project empty, and the
 * resource's parent URN when it has one.
 */
export function classAliasMessages(types: readonly string[], parentUrn: string): unknown[] {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    aliasProto ??= require("@pulumi/pulumi/proto/alias_pb") as AliasProto;
    const proto = aliasProto;
    return types.map((type) => {
        const spec = new proto.Alias.Spec();
        spec.setType(type);
        if (parentUrn) {
            spec.setParenturn(parentUrn);
        }
        const alias = new proto.Alias();
        alias.setSpec(spec);
        return alias;
    });
}

/**
 * Inserts into `req` the class aliases its resource's options had and the SDK was not given (deferClassAliases), at
 * the positions they held among the options' aliases. Called by the recording monitor with the request, in the
 * registration's async context; a registration the SDK handled alone is not changed.
 */
export function appendClassAliases(req: AliasRequest): void {
    const groups = registering.getStore();
    if (groups === undefined) {
        return;
    }
    req.setAliasesList(insertGroups(req.getAliasesList(), groups, (types) => classAliasMessages(types, req.getParent())));
}
