import * as path from "path";
import { rawConfigFrom, validateConfig } from "../../stack/config/load";
import { plaintextSecretValuesInStackFile, plaintextSecretValuesProblem } from "../../stack/config/secretValues";
import { StackConfig } from "../../stack/config/schema";
import { loadProgramConfig, ProgramConfig } from "../plan/stackFiles";

/** A stack's config as read from its files, outside any Pulumi runtime. */
export interface StackConfigFiles {
    readonly project: string;
    readonly stack: string;
    /** The raw config in the shape `validateConfig` takes (objects parsed, `secure:` values as `[secret]`). */
    readonly raw: Record<string, unknown>;
    /** The validated config with every default applied. */
    readonly config: StackConfig;
}

/**
 * Reads `Pulumi.yaml` + `Pulumi.<stack>.yaml` of this project's program and validates the config as the program does
 * (`loadStackConfig` in stack/config/load.ts, which reads the same keys from the Pulumi runtime): unknown keys, every
 * schema and cross-key rule. Throws `ProgramFilesError` (missing/unreadable files, unknown stack) or `ConfigError`
 * (every problem at once). `secure:` values are never decrypted: only the names of `secretValues` keys matter here.
 */
export function readStackConfig(programDir: string, stack: string, loaded?: ProgramConfig): StackConfigFiles {
    const files = loaded ?? loadProgramConfig(programDir, stack);
    const { raw, problems } = rawConfigFrom(files.config, files.project);
    // Plaintext secret values, entry by entry, as the program checks them (stack/config/secretValues.ts).
    const plaintext = plaintextSecretValuesProblem(plaintextSecretValuesInStackFile(path.resolve(programDir), files.project, stack) ?? []);
    const config = validateConfig(raw, stack, plaintext ? [...problems, plaintext] : problems);
    return { project: files.project, stack, raw, config };
}

