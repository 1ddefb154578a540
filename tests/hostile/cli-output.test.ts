/*
 * Issue 15, items 1 and 10 (--out): output is never truncated or half-written. A plan over 1 MB goes through a
 * pipe from a spawned CLI (the CLI exited with writes pending and cut it at 65,536 bytes); --out is replaced by a
 * rename, so a reader sees the old file or the new one, never an empty one.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { writeAtomically } from "../../tools/cli/plan";
import { PlanDocument } from "../../tools/plan/render";
import { foreignProgram, runPlan, spawnCli } from "../plan/planCli";

/** A program whose plan is large: `count` resources with a 2 KB input each. */
function bigProgram(count: number): string {
    return foreignProgram(
        "big-app",
        [
            'import * as pulumi from "@pulumi/pulumi";',
            "class Thing extends pulumi.CustomResource {",
            '    constructor(name: string, args: Record<string, pulumi.Input<unknown>>) { super("test:index:Thing", name, args); }',
            "}",
            `for (let i = 0; i < ${count}; i++) {`,
            '    new Thing(`thing-${i}`, { blob: "x".repeat(2000), index: i });',
            "}",
            "",
        ].join("\n"),
    );
}

/** A one-line program in a temporary directory, removed with `dirs` after the suite. */
function tiny(dirs: string[]): string {
    const dir = foreignProgram("tiny", "export const x = 1;\n");
    dirs.push(dir);
    return dir;
}

describe("hostile output: nothing truncated, nothing half-written (issue 15)", function () {
    this.timeout(120_000);
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("item 1: a plan over 1 MB arrives whole through a pipe (spawned CLI), exit 0", () => {
        const dir = bigProgram(600);
        dirs.push(dir);
        const r = spawnCli("plan", ["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(Buffer.byteLength(r.stdout) > 1024 * 1024, `${Buffer.byteLength(r.stdout)} bytes`);
        const plan = JSON.parse(r.stdout) as PlanDocument;
        assert.strictEqual(plan.resources.filter((x) => x.type === "test:index:Thing").length, 600);
        assert.ok(r.stdout.endsWith("}\n"));
    });

    it("item 10: --out is written through a temporary file and a rename (a new inode), leaving no temporary file", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-atomic-"));
        dirs.push(dir);
        const out = path.join(dir, "plan.json");
        fs.writeFileSync(out, "old plan\n");
        const before = fs.statSync(out).ino;
        const r = await runPlan(["--stack", "dev", "--program", tiny(dirs), "--no-policies", "--out", out]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.notStrictEqual(fs.statSync(out).ino, before, "replaced by rename, not rewritten in place");
        assert.deepStrictEqual((JSON.parse(fs.readFileSync(out, "utf8")) as PlanDocument).outputs, { x: 1 });
        assert.deepStrictEqual(fs.readdirSync(dir), ["plan.json"]);
    });

    it("item 10: a failed atomic write removes its temporary file and names --out", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-atomic-"));
        dirs.push(dir);
        fs.mkdirSync(path.join(dir, "taken"));
        assert.throws(() => writeAtomically(path.join(dir, "taken"), "{}\n"), { message: `\`--out\` ${path.join(dir, "taken")}: cannot write the plan (it is a directory)` });
        assert.deepStrictEqual(fs.readdirSync(dir), ["taken"]);
        assert.deepStrictEqual(fs.readdirSync(path.join(dir, "taken")), []);
    });
});
