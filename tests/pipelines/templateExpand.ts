/*
 * A small expander for the Azure Pipelines template syntax our YAML files use, so the tests can see what a template
 * becomes for given parameters, as Azure DevOps does when a run is queued: `${{ expr }}` in values and keys,
 * `${{ if expr }}` and `${{ each x in expr }}` in mappings and sequences, parameter declarations with `default` and
 * `values`. Expressions: literals ('text', numbers, true/false), `parameters.x` / loop variables with `.prop`, and the
 * functions and, or, not, eq, ne, length, containsValue, upper, lower, replace, join. Anything else throws, so a
 * template using more than this fails its test instead of being half-checked.
 */

type Scope = Readonly<Record<string, unknown>>;

const FULL = /^\$\{\{\s*([\s\S]*?)\s*\}\}$/;
const INLINE = /\$\{\{\s*([\s\S]*?)\s*\}\}/g;

type Token = { kind: "string"; value: string } | { kind: "number"; value: number } | { kind: "name"; value: string } | { kind: "punct"; value: string };

function tokenize(text: string): Token[] {
    const tokens: Token[] = [];
    let i = 0;
    while (i < text.length) {
        const c = text[i] as string;
        if (/\s/.test(c)) {
            i++;
        } else if (c === "'") {
            let value = "";
            i++;
            for (;;) {
                if (i >= text.length) {
                    throw new Error(`unterminated string in: ${text}`);
                }
                if (text[i] === "'") {
                    if (text[i + 1] === "'") {
                        value += "'";
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                value += text[i];
                i++;
            }
            tokens.push({ kind: "string", value });
        } else if (/[0-9-]/.test(c)) {
            const m = /^-?\d+(\.\d+)?/.exec(text.slice(i));
            if (!m) {
                throw new Error(`bad number in: ${text}`);
            }
            tokens.push({ kind: "number", value: Number(m[0]) });
            i += m[0].length;
        } else if (/[A-Za-z_]/.test(c)) {
            const m = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(text.slice(i)) as RegExpExecArray;
            tokens.push({ kind: "name", value: m[0] });
            i += m[0].length;
        } else if ("(),".includes(c)) {
            tokens.push({ kind: "punct", value: c });
            i++;
        } else {
            throw new Error(`unsupported character ${JSON.stringify(c)} in: ${text}`);
        }
    }
    return tokens;
}

type Node = { kind: "literal"; value: unknown } | { kind: "ref"; path: string[] } | { kind: "call"; name: string; args: Node[] };

function parse(text: string): Node {
    const tokens = tokenize(text);
    let pos = 0;
    const next = (): Token | undefined => tokens[pos++];
    const peek = (): Token | undefined => tokens[pos];
    function expr(): Node {
        const t = next();
        if (!t) {
            throw new Error(`unexpected end of: ${text}`);
        }
        if (t.kind === "string" || t.kind === "number") {
            return { kind: "literal", value: t.value };
        }
        if (t.kind === "name") {
            const p = peek();
            if (p?.kind === "punct" && p.value === "(") {
                pos++;
                const args: Node[] = [];
                if (!(peek()?.kind === "punct" && peek()?.value === ")")) {
                    for (;;) {
                        args.push(expr());
                        const sep = next();
                        if (sep?.kind === "punct" && sep.value === ")") {
                            break;
                        }
                        if (!(sep?.kind === "punct" && sep.value === ",")) {
                            throw new Error(`expected , or ) in: ${text}`);
                        }
                    }
                } else {
                    pos++;
                }
                return { kind: "call", name: t.value.toLowerCase(), args };
            }
            if (/^(true|false)$/i.test(t.value)) {
                return { kind: "literal", value: t.value.toLowerCase() === "true" };
            }
            return { kind: "ref", path: t.value.split(".") };
        }
        throw new Error(`unexpected ${t.value} in: ${text}`);
    }
    const node = expr();
    if (pos !== tokens.length) {
        throw new Error(`trailing tokens in: ${text}`);
    }
    return node;
}

function asString(v: unknown): string {
    if (typeof v === "string") {
        return v;
    }
    if (typeof v === "number" || typeof v === "boolean") {
        return String(v);
    }
    if (v === null || v === undefined) {
        return "";
    }
    throw new Error(`cannot use ${JSON.stringify(v)} as a string`);
}

/** Azure Pipelines' eq: case-insensitive for strings. */
function equal(a: unknown, b: unknown): boolean {
    if (typeof a === "string" && typeof b === "string") {
        return a.toLowerCase() === b.toLowerCase();
    }
    return a === b;
}

function truthy(v: unknown): boolean {
    return !(v === false || v === null || v === undefined || v === "" || v === 0);
}

function evaluateNode(node: Node, scope: Scope): unknown {
    switch (node.kind) {
        case "literal":
            return node.value;
        case "ref": {
            const [head, ...rest] = node.path as [string, ...string[]];
            if (!(head in scope)) {
                throw new Error(`unknown name ${head} (known: ${Object.keys(scope).join(", ")})`);
            }
            return rest.reduce<unknown>((acc, key) => (acc !== null && typeof acc === "object" ? (acc as Record<string, unknown>)[key] : undefined), scope[head]);
        }
        case "call": {
            const args = node.args.map((a) => evaluateNode(a, scope));
            switch (node.name) {
                case "and":
                    return args.every(truthy);
                case "or":
                    return args.some(truthy);
                case "not":
                    return !truthy(args[0]);
                case "eq":
                    return equal(args[0], args[1]);
                case "ne":
                    return !equal(args[0], args[1]);
                case "length": {
                    const v = args[0];
                    return Array.isArray(v) ? v.length : typeof v === "string" ? v.length : v && typeof v === "object" ? Object.keys(v).length : 0;
                }
                case "containsvalue": {
                    // An array's items, or an object's property values (Azure Pipelines' containsValue).
                    const haystack = Array.isArray(args[0]) ? args[0] : isMap(args[0]) ? Object.values(args[0]) : [];
                    return haystack.some((item) => equal(item, args[1]));
                }
                case "upper":
                    return asString(args[0]).toUpperCase();
                case "lower":
                    return asString(args[0]).toLowerCase();
                case "replace":
                    return asString(args[0]).split(asString(args[1])).join(asString(args[2]));
                case "join": {
                    const list = args[1];
                    return Array.isArray(list) ? list.map(asString).join(asString(args[0])) : asString(list);
                }
                default:
                    throw new Error(`unsupported function ${node.name}`);
            }
        }
    }
}

/** Evaluates one template expression (the text inside `${{ }}`). */
export function evaluate(expression: string, scope: Scope): unknown {
    return evaluateNode(parse(expression), scope);
}

function directive(key: string): { kind: "if"; expr: string } | { kind: "each"; name: string; expr: string } | undefined {
    const m = FULL.exec(key);
    if (!m) {
        return undefined;
    }
    const body = m[1] as string;
    const ifMatch = /^if\s+([\s\S]+)$/.exec(body);
    if (ifMatch) {
        return { kind: "if", expr: ifMatch[1] as string };
    }
    const eachMatch = /^each\s+([A-Za-z_][A-Za-z0-9_]*)\s+in\s+([\s\S]+)$/.exec(body);
    if (eachMatch) {
        return { kind: "each", name: eachMatch[1] as string, expr: eachMatch[2] as string };
    }
    if (/^(else|elseif)\b/.test(body)) {
        throw new Error(`unsupported directive: ${key}`);
    }
    return undefined;
}

function isMap(v: unknown): v is Record<string, unknown> {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function expandString(text: string, scope: Scope): unknown {
    const full = FULL.exec(text);
    if (full) {
        return evaluate(full[1] as string, scope);
    }
    return text.replace(INLINE, (_, expr: string) => asString(evaluate(expr, scope)));
}

function iterate(collection: unknown): unknown[] {
    if (Array.isArray(collection)) {
        return collection;
    }
    if (isMap(collection)) {
        return Object.entries(collection).map(([key, value]) => ({ key, value }));
    }
    return [];
}

/** Expands template expressions in any YAML value. */
export function expand(node: unknown, scope: Scope): unknown {
    if (typeof node === "string") {
        return expandString(node, scope);
    }
    if (Array.isArray(node)) {
        const out: unknown[] = [];
        for (const item of node) {
            const keys = isMap(item) ? Object.keys(item) : [];
            const d = keys.length === 1 ? directive(keys[0] as string) : undefined;
            if (d && isMap(item)) {
                const body = item[keys[0] as string];
                if (!Array.isArray(body)) {
                    throw new Error(`${keys[0]} in a sequence must hold a sequence`);
                }
                if (d.kind === "if") {
                    if (truthy(evaluate(d.expr, scope))) {
                        out.push(...(expand(body, scope) as unknown[]));
                    }
                } else {
                    for (const value of iterate(evaluate(d.expr, scope))) {
                        out.push(...(expand(body, { ...scope, [d.name]: value }) as unknown[]));
                    }
                }
            } else {
                out.push(expand(item, scope));
            }
        }
        return out;
    }
    if (isMap(node)) {
        const out: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(node)) {
            const d = directive(key);
            if (d) {
                if (!isMap(value)) {
                    throw new Error(`${key} in a mapping must hold a mapping`);
                }
                if (d.kind === "if") {
                    if (truthy(evaluate(d.expr, scope))) {
                        Object.assign(out, expand(value, scope));
                    }
                } else {
                    for (const item of iterate(evaluate(d.expr, scope))) {
                        Object.assign(out, expand(value, { ...scope, [d.name]: item }));
                    }
                }
            } else {
                out[asString(expandString(key, scope))] = expand(value, scope);
            }
        }
        return out;
    }
    return node;
}

export interface ParameterDeclaration {
    readonly name: string;
    readonly type?: string;
    readonly default?: unknown;
    readonly values?: readonly unknown[];
}

/**
 * Expands a template document for the given parameters: applies defaults, rejects a missing required parameter, a
 * value outside `values` and an unknown parameter (as Azure DevOps does), and returns the document without
 * `parameters`, every expression expanded.
 */
export function expandTemplate(doc: Record<string, unknown>, given: Record<string, unknown>): Record<string, unknown> {
    const declarations = (Array.isArray(doc.parameters) ? doc.parameters : []) as ParameterDeclaration[];
    const parameters: Record<string, unknown> = {};
    for (const name of Object.keys(given)) {
        if (!declarations.some((d) => d.name === name)) {
            throw new Error(`unexpected parameter '${name}'`);
        }
    }
    for (const decl of declarations) {
        const value = decl.name in given ? given[decl.name] : decl.default;
        if (value === undefined) {
            throw new Error(`a value for the '${decl.name}' parameter must be provided`);
        }
        if (decl.values && !decl.values.some((v) => equal(v, value))) {
            throw new Error(`the '${decl.name}' parameter value '${String(value)}' is not a valid value`);
        }
        parameters[decl.name] = value;
    }
    const { parameters: _declarations, ...body } = doc;
    return expand(body, { parameters }) as Record<string, unknown>;
}
