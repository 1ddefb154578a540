/*
 * azure-native's classes give every resource one alias per former API version of its type (≈ 21 each: `{ type:
 * "azure-native:keyvault/v20190901:Vault" }`), merged in each constructor through `pulumi.mergeOptions(opts,
 * aliasOpts)` (e.g. node_modules/@pulumi/azure-native/keyvault/vault.js). Pulumi's Node SDK turns each such alias into
 * Outputs three times before a request carries it (pulumi/pulumi sdk/nodejs): Resource's constructor collapses it to
 * a URN (`__aliases`, resource.ts `collapseAliasToUrn`; read only for monitors without alias specs), `prepareResource`
 * awaits it (`output(alias).promise()`), and `mapAliasesForRequest` awaits its type before building the request's
 * `Alias.Spec` (runtime/resource.ts). For a plan's 34 azure-native resources that was ≈ 2,000 Outputs and a seventh
 * of the plan (issue 9, measured by the hostile review of the SDK replay: staging 1150 → 991 ms).
 *
 * During an offline evaluation (the mock monitor supports alias specs, so `__aliases` is never read) these class
 * aliases bypass the SDK: `mergeOptions` leaves them out and tags the options it returns with them (an enumerable
 * symbol, which the SDK's own copies of the options keep); the registration (`runtime/resource.ts`
 * `registerResource`, called by Resource's constructor with those options and the resource's type) remembers them for
 * the type; and `appendClassAliases` adds to each RegisterResource request of that type exactly the `Alias.Spec`s
 * `mapAliasesForRequest` would have built for them — type set, name, stack and project empty, the resource's parent
 * URN — after the aliases the program set itself, where the SDK puts them. The recorded requests are the same
 * (tests/plan/classAliases.test.ts); the plan lists its resources in the order their registrations complete, which
 * fewer awaits change. PLAN_SDK_ALIASES=1 leaves the SDK alone.
 *
 * What counts as a class's aliases: a `mergeOptions` second argument that is exactly `{ aliases: [...] }`, every
 * entry exactly `{ type }` with an azure-native token, as the generated classes write them. (A program writing that
 * very shape itself through `mergeOptions` has it handled the same way: the aliases come after its others.)
 */
import type * as pulumi from "@pulumi/pulumi";
import { sharedPatch } from "./sharedPatch";

const AZURE_NATIVE_TYPE = /^azure-native:[^:]+:[^:]+$/;

/** The former types each resource type's class adds (remembered at registration, see the header). */
const classAliases = new Map<string, readonly string[]>();

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

/** Where options carry the class aliases `mergeOptions` left out. */
const DEFERRED = Symbol("keyvault-devops: deferred class aliases");
type Tagged = Record<PropertyKey, unknown> & { [DEFERRED]?: readonly string[] };

type MergeOptions = typeof pulumi.mergeOptions;
type RegisterResource = (res: unknown, parent: unknown, t: string, name: string, custom: boolean, remote: boolean, newDependency: unknown, props: unknown, opts: Tagged, ...rest: unknown[]) => void;

// The SDK's index: its `mergeOptions` is a plain copy of resource.js's (`__export`), and the generated classes call
// `pulumi.mergeOptions(...)` on it at construction time. Resource's constructor calls
// `resource_1.registerResource(...)` on runtime/resource.js's exports at construction time too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdkIndex = require("@pulumi/pulumi") as { mergeOptions: MergeOptions };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeResource = require("@pulumi/pulumi/runtime/resource") as { registerResource: RegisterResource };

const hold = sharedPatch(() => {
    const original = { mergeOptions: sdkIndex.mergeOptions, registerResource: runtimeResource.registerResource };
    sdkIndex.mergeOptions = ((opts1: Tagged | undefined, opts2: unknown) => {
        const types = classAliasTypes(opts2);
        if (types === undefined) {
            return original.mergeOptions(opts1 as never, opts2 as never);
        }
        const merged = original.mergeOptions(opts1 as never, {}) as Tagged;
        merged[DEFERRED] = [...(opts1?.[DEFERRED] ?? []), ...types];
        return merged;
    }) as MergeOptions;
    runtimeResource.registerResource = (res, parent, t, name, custom, remote, newDependency, props, opts, ...rest) => {
        const types = opts?.[DEFERRED];
        if (types !== undefined) {
            classAliases.set(t, types);
        }
        original.registerResource(res, parent, t, name, custom, remote, newDependency, props, opts, ...rest);
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
interface AliasSpecLike {
    getType(): string;
}
interface AliasLike {
    getSpec(): AliasSpecLike | undefined;
}
export interface AliasRequest {
    getType(): string;
    getParent(): string;
    getAliasesList(): AliasLike[];
    addAliases(alias: AliasLike): void;
}
interface AliasProto {
    Alias: { new (): AliasLike & { setSpec(spec: unknown): void }; Spec: new () => AliasSpecLike & { setType(t: string): void; setParenturn(u: string): void } };
}

let aliasProto: AliasProto | undefined;

/**
 * The request's `Alias` messages for aliases `{ type }`, built as the SDK's `mapAliasesForRequest` builds them
 * (pulumi/pulumi sdk/nodejs/runtime/resource.ts): a spec with the type, name, stack and project empty, and the
 * resource's parent URN when it has one.
 */
export function classAliasMessages(types: readonly string[], parentUrn: string): AliasLike[] {
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
 * Adds to `req` the class aliases its type has and it lacks (left out by `deferClassAliases`), after the request's
 * own aliases (see classAliasMessages). A request that already carries them (the SDK left alone) is not changed.
 */
export function appendClassAliases(req: AliasRequest): void {
    const types = classAliases.get(req.getType());
    if (types === undefined || types.length === 0) {
        return;
    }
    const first = types[0] as string;
    if (req.getAliasesList().some((a) => a.getSpec()?.getType() === first)) {
        return;
    }
    for (const alias of classAliasMessages(types, req.getParent())) {
        req.addAliases(alias);
    }
}
