import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { PREFLIGHT_CHECKS } from "../../tools/preflight/preflight";
import { REPO_ROOT } from "../helpers/pulumi";

describe("docs/troubleshooting.md", function () {
    const page = fs.readFileSync(path.join(REPO_ROOT, "docs", "troubleshooting.md"), "utf8");
    const caughtBy = new Set([...page.matchAll(/\| `([a-z-]+)` \|$/gm)].map((m) => m[1]));

    for (const check of PREFLIGHT_CHECKS) {
        it(`has a symptom row for the preflight check \`${check}\``, () => {
            assert.ok(caughtBy.has(check), `docs/troubleshooting.md names no symptom caught by \`${check}\``);
        });
    }

    it("names only checks preflight has", () => {
        const unknown = [...caughtBy].filter((c) => !(PREFLIGHT_CHECKS as readonly string[]).includes(c ?? ""));
        assert.deepStrictEqual(unknown, []);
    });
});
