/**
 * A process-wide patch held while at least one caller needs it: evaluations may overlap (tests, in-process CLIs),
 * and each must find the patch in place until it ends. `apply` runs when the first holder takes the patch and
 * returns how to undo it, which runs when the last holder lets go; each release works once.
 */
export function sharedPatch(apply: () => () => void): () => () => void {
    let holders = 0;
    let undo: (() => void) | undefined;
    return () => {
        if (holders === 0) {
            undo = apply();
        }
        holders++;
        let released = false;
        return () => {
            if (released) {
                return;
            }
            released = true;
            holders--;
            if (holders === 0 && undo !== undefined) {
                const u = undo;
                undo = undefined;
                u();
            }
        };
    };
}
