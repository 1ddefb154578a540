import * as YAML from "yaml";

/*
 * One parse per YAML text per process. An offline plan reads Pulumi.yaml and the stack file in three places (the
 * plan's own config loading, the program's plaintext-secret check, preflight's): with 50× the secrets the repeated
 * parses were a tenth of the plan (`node --cpu-prof`, issue 9). Keyed on the text itself, so an edited file is parsed
 * afresh; callers get their own copy (structuredClone), so none can change what another reads.
 */
const parsed = new Map<string, unknown>();
/** The most texts remembered, the least recently used forgotten first: a plan reads two, a test run many more. */
const REMEMBERED_TEXTS = 16;

/** `YAML.parse(text)`, remembered per text; throws as YAML.parse does (a text that fails is not remembered). */
export function parseYamlText(text: string): unknown {
    let value = parsed.get(text);
    if (value === undefined && !parsed.has(text)) {
        value = YAML.parse(text);
    }
    parsed.delete(text);
    parsed.set(text, value);
    if (parsed.size > REMEMBERED_TEXTS) {
        parsed.delete(parsed.keys().next().value as string);
    }
    return structuredClone(value);
}
