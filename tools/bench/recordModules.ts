/*
 * Preloaded by `npm run bench` (`node -r dist/tools/bench/recordModules.js dist/tools/cli/plan.js …`): at exit,
 * writes the files the process loaded (`require.cache` keys, in load order) as a JSON array to the file named by
 * KV_BENCH_MODULES_OUT. That is how the benchmark's floor is derived from a real plan run, not from a hand list.
 */
import * as fs from "fs";

const out = process.env.KV_BENCH_MODULES_OUT;
if (out) {
    process.on("exit", () => {
        fs.writeFileSync(out, JSON.stringify(Object.keys(require.cache)));
    });
}
