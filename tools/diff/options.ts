// The resource options a diff honours as the engine does (pulumi/pulumi pkg/resource/deploy/step_generator.go):
// - `ignoreChanges`: on an update, the engine copies the old value of each ignored property path into the new inputs
//   before diffing (`processIgnoreChanges`), so a change at or below an ignored path is no change at all. Creates are
//   not affected.
// - `replaceOnChanges`: a diff at or below one of these paths makes the update a replacement (`"*"` matches every
//   property).
// Paths use Pulumi's property path syntax (https://www.pulumi.com/docs/iac/concepts/options/ignorechanges/):
// `a.b`, `a[0]`, `a["b.c"]`, `a[*]`, `a.*`.
import type { PlanResource } from "../plan/render";

type Segment = string | number | "*";

/** Parses a property path into segments; undefined when it is not one. */
export function parsePropertyPath(path: string): Segment[] | undefined {
    const segments: Segment[] = [];
    let i = 0;
    while (i < path.length) {
        if (path[i] === "[") {
            const close = path.indexOf("]", i);
            if (close < 0) {
                return undefined;
            }
            const inner = path.slice(i + 1, close);
            if (inner === "*") {
                segments.push("*");
            } else if (/^\d+$/.test(inner)) {
                segments.push(Number(inner));
            } else if (/^".*"$/.test(inner)) {
                try {
                    segments.push(JSON.parse(inner) as string);
                } catch {
                    return undefined;
                }
            } else {
                return undefined;
            }
            i = close + 1;
            if (path[i] === ".") {
                i++;
            }
            continue;
        }
        let end = i;
        while (end < path.length && path[end] !== "." && path[end] !== "[") {
            end++;
        }
        const key = path.slice(i, end);
        if (key === "") {
            return undefined;
        }
        segments.push(key === "*" ? "*" : key);
        i = path[end] === "." ? end + 1 : end;
    }
    return segments;
}

function escape(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A matcher for diff leaf paths (`a.b[0].c`, as tools/diff/diff.ts `leaves` writes them) at or below `path`. */
function matcher(path: string): RegExp | undefined {
    const segments = parsePropertyPath(path);
    if (segments === undefined || segments.length === 0) {
        return undefined;
    }
    const parts = segments.map((s, i) => {
        if (s === "*") {
            return i === 0 ? "[^.\\[]+" : "(?:\\.[^.\\[]+|\\[\\d+\\])";
        }
        if (typeof s === "number") {
            return `\\[${s}\\]`;
        }
        return i === 0 ? escape(s) : `\\.${escape(s)}`;
    });
    return new RegExp(`^${parts.join("")}(?=$|[.\\[])`);
}

function matchesAny(paths: readonly string[] | undefined, leaf: string): string | undefined {
    for (const p of paths ?? []) {
        if (p === "*" || matcher(p)?.test(leaf)) {
            return p;
        }
    }
    return undefined;
}

/** Whether a changed leaf is ignored by the new resource's `ignoreChanges`. */
export function ignoredByOptions(resource: PlanResource, leaf: string): boolean {
    return matchesAny(resource.options?.ignoreChanges, leaf) !== undefined;
}

/** The `replaceOnChanges` path that makes a change at `leaf` a replacement, if any. */
export function replaceOnChangesRule(resource: PlanResource, leaf: string): string | undefined {
    const rule = matchesAny(resource.options?.replaceOnChanges, leaf);
    return rule === undefined ? undefined : `replaceOnChanges ${rule}`;
}

/** Input changes of an update with the resource's options applied: ignored paths dropped, replaceOnChanges forcing. */
export function honourOptions<T extends { readonly path: string; readonly forcesReplace: boolean }>(resource: PlanResource, changes: readonly T[]): T[] {
    return changes
        .filter((c) => !ignoredByOptions(resource, c.path))
        .map((c) => (!c.forcesReplace && replaceOnChangesRule(resource, c.path) !== undefined ? { ...c, forcesReplace: true } : c));
}
