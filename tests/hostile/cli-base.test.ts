/*
 * Issue 15, item 4: `plan --base` must run the base revision's own code for every workspace and local package
 * (policies, functions/rotation, sdks/azuredevops): npm links those into node_modules as symlinks into the
 * checkout, so linking the checkout's node_modules wholesale made the base load the current code ("no changes").
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { linkNodeModules } from "../../tools/cli/baseRevision";
import { REPO_ROOT } from "../helpers/pulumi";

describe("hostile base revision: plan --base runs the base's own local packages (issue 15, item 4)", () => {
    const dirs: string[] = [];
    after(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("links workspaces and file: packages to the worktree's copy, everything else to the installed package", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-link-"));
        dirs.push(root);
        const checkout = path.join(root, "checkout");
        const worktree = path.join(root, "worktree");
        // The checkout: an installed package, a scoped one, a workspace and a scoped file: package (links into the checkout).
        for (const d of ["node_modules/yaml", "node_modules/@pulumi/pulumi", "node_modules/.bin", "policies", "sdks/azuredevops", "functions/rotation"]) {
            fs.mkdirSync(path.join(checkout, d), { recursive: true });
        }
        fs.symlinkSync("../policies", path.join(checkout, "node_modules", "keyvault-devops-policies"));
        fs.symlinkSync("../functions/rotation", path.join(checkout, "node_modules", "keyvault-devops-rotation"));
        fs.symlinkSync("../../sdks/azuredevops", path.join(checkout, "node_modules", "@pulumi", "azuredevops"));
        fs.mkdirSync(worktree);

        const redirected = linkNodeModules(checkout, worktree);

        assert.deepStrictEqual(redirected, ["@pulumi/azuredevops", "keyvault-devops-policies", "keyvault-devops-rotation"]);
        const nm = path.join(worktree, "node_modules");
        const target = (name: string): string => fs.readlinkSync(path.join(nm, name));
        assert.strictEqual(target("@pulumi/azuredevops"), path.join(worktree, "sdks", "azuredevops"));
        assert.strictEqual(target("keyvault-devops-policies"), path.join(worktree, "policies"));
        assert.strictEqual(target("keyvault-devops-rotation"), path.join(worktree, "functions", "rotation"));
        assert.strictEqual(target("yaml"), fs.realpathSync(path.join(checkout, "node_modules", "yaml")));
        assert.strictEqual(target("@pulumi/pulumi"), fs.realpathSync(path.join(checkout, "node_modules", "@pulumi", "pulumi")));
        assert.strictEqual(target(".bin"), fs.realpathSync(path.join(checkout, "node_modules", ".bin")));
        assert.ok(!fs.lstatSync(nm).isSymbolicLink(), "the worktree's node_modules is its own directory");
    });

    it("redirects exactly this project's local packages (the ones npm linked into the checkout)", () => {
        const root = fs.mkdtempSync(path.join(os.tmpdir(), "kv-hostile-link-"));
        dirs.push(root);
        const redirected = linkNodeModules(REPO_ROOT, root);
        assert.deepStrictEqual(redirected, ["@pulumi/azuredevops", "keyvault-devops-policies", "keyvault-devops-rotation"]);
        assert.strictEqual(fs.readlinkSync(path.join(root, "node_modules", "@pulumi", "azuredevops")), path.join(root, "sdks", "azuredevops"));
    });
});
