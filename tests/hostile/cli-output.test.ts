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

/**
 * A program whose plan is large: `count` resources with a `size`-byte input each. Plain JavaScript (no ts-node and
 * TypeScript to load in the spawned CLI), and few resources with big inputs: the bytes matter here, not the number
 * of registrations (600 × 2 KB took the spawned CLI ≈ 1.8 s of CPU; 60 × 20 KB, the same 2.4 MB plan, ≈ 0.5 s).
 */
function bigProgram(count: number, size: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kv-big-app-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: big-app\nruntime: nodejs\nmain: index.js\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
    fs.writeFileSync(
        path.join(dir, "index.js"),
        [
            'const pulumi = require("@pulumi/pulumi");',
            "class Thing extends pulumi.CustomResource {",
            '    constructor(name, args) { super("test:index:Thing", name, args); }',
            "}",
            `for (let i = 0; i < ${count}; i++) {`,
            `    new Thing(\`thing-\${i}\`, { blob: "x".repeat(${size}), index: i });`,
            "}",
            "",
        ].join("\n"),
    );
    return dir;
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
        const dir = bigProgram(60, 20_000);
        dirs.push(dir);
        const r = spawnCli("plan", ["--stack", "dev", "--program", dir, "--json", "--no-policies"]);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.ok(Buffer.byteLength(r.stdout) > 1024 * 1024, `${Buffer.byteLength(r.stdout)} bytes`);
        const plan = JSON.parse(r.stdout) as PlanDocument;
        assert.strictEqual(plan.resources.filter((x) => x.type === "test:index:Thing").length, 60);
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
