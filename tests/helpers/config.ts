import * as assert from "assert";
import { ConfigError } from "../../stack/config/errors";
import { validateConfig } from "../../stack/config/load";

/** The problems a raw config produces, one line each (fails the test if the config is valid). */
export function problems(raw: Record<string, unknown>, stack = "staging"): readonly string[] {
    try {
        validateConfig(raw, stack);
    } catch (err) {
        assert.ok(err instanceof ConfigError, `expected ConfigError, got ${String(err)}`);
        return err.problems;
    }
    assert.fail("expected the config to be rejected");
}
