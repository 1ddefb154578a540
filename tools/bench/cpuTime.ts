/*
 * Preloaded into every process of a benchmark job (`NODE_OPTIONS=-r dist/tools/bench/cpuTime.js`): at exit, appends
 * the process's CPU time (user + system, µs, `process.cpuUsage()`) as one line to the file named by
 * KV_BENCH_CPU_OUT. `npm run bench` sums the lines of a job (npm's own process included for `npm run plan`): CPU time
 * is what a loaded machine does not inflate (wall clock is mostly waiting for a core there).
 */
import * as fs from "fs";

const out = process.env.KV_BENCH_CPU_OUT;
if (out) {
    process.on("exit", () => {
        const { user, system } = process.cpuUsage();
        fs.appendFileSync(out, `${user + system}\n`);
    });
}
