import * as assert from "assert";
import { parseYamlText } from "../../stack/yamlText";

describe("parseYamlText (one parse per stack file text)", () => {
    it("gives each caller its own copy: changing one does not change what the next caller reads", () => {
        const text = "config:\n  keyvault-devops:secrets:\n    - name: db-password\n";
        const first = parseYamlText(text) as { config: Record<string, Array<{ name: string }>> };
        (first.config["keyvault-devops:secrets"] as Array<{ name: string }>)[0]!.name = "changed";
        assert.deepStrictEqual(parseYamlText(text), { config: { "keyvault-devops:secrets": [{ name: "db-password" }] } });
    });

    it("parses an edited text afresh", () => {
        assert.deepStrictEqual(parseYamlText("a: 1\n"), { a: 1 });
        assert.deepStrictEqual(parseYamlText("a: 2\n"), { a: 2 });
    });

    it("throws on invalid YAML every time, as YAML.parse does", () => {
        const bad = "a: [1,\n";
        assert.throws(() => parseYamlText(bad));
        assert.throws(() => parseYamlText(bad));
    });
});
