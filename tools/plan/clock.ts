// The clock policies measure validity from. Under `pulumi preview` it is the real current time (the pack calls
// `Date.now()`); the offline plan uses the same by default and takes `--now` to pin it (tests, reproducible runs).
// No imports: the plan CLI parses `--now` before it loads the SDK.

/** Parses an RFC 3339 date-time (e.g. 2026-11-29T12:00:00Z, 2026-11-29T13:00:00.5+01:00) to ms since the epoch. */
export function parseRfc3339(text: string): number | undefined {
    const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
    if (!m) {
        return undefined;
    }
    const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > new Date(Date.UTC(y, mo, 0)).getUTCDate() || h > 23 || mi > 59 || s > 60) {
        return undefined;
    }
    const ms = Date.parse(text.toUpperCase());
    return Number.isNaN(ms) ? undefined : ms;
}

/**
 * When the plan's mocked `time` resources are created: `--now` when given, else the start of the current UTC day.
 * A day, not the millisecond: plan documents stay the same all day (saved plans and `--base` diffs compare), and since
 * validities are whole days, measuring a whole-day validity from up to a day later never changes a verdict against a
 * whole-day limit.
 */
export function mockClock(now: number | undefined, realNow: number = Date.now()): string {
    const ms = now ?? Math.floor(realNow / 86_400_000) * 86_400_000;
    return new Date(ms).toISOString().replace(/\.000Z$/, "Z");
}
