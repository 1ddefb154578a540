/** The PR-sized change the plan-diff tests (cli.test.ts, cliBase.test.ts) show: one more generated secret and a shorter soft-delete retention. */
export function prConfig(base: Record<string, unknown>): Record<string, unknown> {
    const config = structuredClone(base);
    (config["keyvault-devops:secrets"] as unknown[]).push({ name: "smtp-password", source: "generate", length: 40 });
    (config["keyvault-devops:vault"] as Record<string, unknown>).softDeleteRetentionDays = 14;
    return config;
}
