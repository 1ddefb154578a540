import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { withoutStackTraces } from "../../tools/plan/stackTraces";

type Statics = { callsites(): unknown[] };
const statics = pulumi.Resource as unknown as Statics;

describe("withoutStackTraces (the unread stack traces an evaluation formats)", () => {
    it("turns off Error.stackTraceLimit and Resource.callsites, and puts both back", () => {
        const limit = Error.stackTraceLimit;
        const callsites = statics.callsites;
        assert.ok(statics.callsites().length > 0, "Pulumi's own callsites see frames");
        const restore = withoutStackTraces({});
        assert.strictEqual(Error.stackTraceLimit, 0);
        assert.deepStrictEqual(statics.callsites(), []);
        restore();
        assert.strictEqual(Error.stackTraceLimit, limit);
        assert.strictEqual(statics.callsites, callsites);
    });

    it("overlapping evaluations: the traces stay off until the last one ends, whatever the order, and a second restore does nothing", () => {
        const limit = Error.stackTraceLimit;
        const callsites = statics.callsites;
        const a = withoutStackTraces({});
        const b = withoutStackTraces({});
        a();
        a();
        assert.strictEqual(Error.stackTraceLimit, 0, "b is still evaluating");
        assert.deepStrictEqual(statics.callsites(), []);
        b();
        assert.strictEqual(Error.stackTraceLimit, limit);
        assert.strictEqual(statics.callsites, callsites);
    });

    it("PLAN_STACK_TRACES=1 keeps them", () => {
        const limit = Error.stackTraceLimit;
        const restore = withoutStackTraces({ PLAN_STACK_TRACES: "1" });
        assert.strictEqual(Error.stackTraceLimit, limit);
        assert.ok(statics.callsites().length > 0);
        restore();
    });
});
