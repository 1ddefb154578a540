/*
 * The feasibility lines `npm run bench` prints after its table: whether the plan target (≤ 1.5× the honest floor) is
 * reachable at all, from two costs measured in the same interleaved run that no change to this project's program,
 * policies or checks removes — the Pulumi SDK registering the plan's resources under its mocks, driven as the plan
 * drives it (the SDK replay, tools/bench/sdkReplay.ts), and npm's own start (`npm run` of a no-op script minus
 * `node -e 0`, which no project can change). Pure arithmetic on the run's medians.
 */
import { ratio } from "./bench";

export interface FeasibilityInput {
    /** The honest floor's median (ms). */
    readonly floorMs: number;
    /** The plan target as a multiple of the floor (1.5). */
    readonly target: number;
    /** The SDK replay's median (ms): the floor plus the SDK registering the plan's resources. */
    readonly replayMs: number;
    /** How many resources the replay registers (the plan's, the root stack included). */
    readonly resources: number;
    /** npm's own start (ms): median(npm run of a no-op) − median(node -e 0); absent when npm was not measured. */
    readonly npmStartMs?: number;
}

export interface Feasibility {
    /** What the target leaves over the floor: (target − 1) × the floor, ms. */
    readonly marginMs: number;
    /** The SDK replay's excess over the floor, ms. */
    readonly replayExcessMs: number;
    /** The SDK replay as a multiple of the floor. */
    readonly replayRatio: number;
    /** Whether `plan` can meet the target at all: the SDK replay's excess is below the margin. */
    readonly planReachable: boolean;
    readonly npmStartMs?: number;
    /** npm's start as a percentage of the margin. */
    readonly npmStartShareOfMargin?: number;
    /** Whether `npm run plan` can meet the target at all: npm's start plus the replay's excess below the margin. */
    readonly npmPlanReachable?: boolean;
    /** The lines to print. */
    readonly lines: readonly string[];
}

const pct = (part: number, whole: number): number => Math.round((part / whole) * 100);

function verdict(needMs: number, marginMs: number): string {
    return needMs >= marginMs
        ? "out of reach while the plan drives Pulumi's SDK as it does, whatever the program, the policies and the checks do"
        : `${marginMs - needMs} ms of the margin left for the program, the policies and the checks`;
}

/** The feasibility of the plan target from one run's medians (see the header). */
export function feasibility(input: FeasibilityInput): Feasibility {
    const { floorMs, target } = input;
    const marginMs = Math.round((target - 1) * floorMs);
    const replayExcessMs = input.replayMs - floorMs;
    const replayRatio = ratio(input.replayMs, floorMs);
    const lines = [
        `margin: the ≤ ${target}× target allows ${target - 1} × the floor (${floorMs} ms) = ${marginMs} ms over the floor`,
        `plan: the SDK replay alone (${input.resources} resources, no program logic) needs ${replayExcessMs} ms over the floor = ${replayRatio.toFixed(2)}× the floor, ${pct(replayExcessMs, marginMs)}% of the margin: ${verdict(replayExcessMs, marginMs)}`,
    ];
    if (input.npmStartMs === undefined) {
        return { marginMs, replayExcessMs, replayRatio, planReachable: replayExcessMs < marginMs, lines };
    }
    const npmStartMs = input.npmStartMs;
    const npmNeedMs = npmStartMs + replayExcessMs;
    const npmStartShareOfMargin = pct(npmStartMs, marginMs);
    lines.push(
        `npm run plan: npm's start alone (${npmStartMs} ms) is ${npmStartShareOfMargin}% of the margin (${marginMs} ms); with the SDK replay it needs ${npmNeedMs} ms over the floor = ${ratio(floorMs + npmNeedMs, floorMs).toFixed(2)}× the floor: ${
            npmStartMs >= marginMs ? "out of reach through `npm run`, whatever the plan does" : verdict(npmNeedMs, marginMs)
        }`,
    );
    return {
        marginMs,
        replayExcessMs,
        replayRatio,
        planReachable: replayExcessMs < marginMs,
        npmStartMs,
        npmStartShareOfMargin,
        npmPlanReachable: npmNeedMs < marginMs,
        lines,
    };
}
