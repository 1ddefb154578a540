/*
 * `npm run preflight -- --stack <name>`: checks a stack, from its config and its offline plan (Pulumi mocks, no
 * credentials), for the ways Key Vault-linked variable groups break, and explains each fix (tools/preflight/preflight.ts).
 * Exit 0 no error finding, 1 an error finding, 2 bad arguments, bad config, unknown stack or a program error.
 */
import { Cli, guarded, main, parseStackArgs } from "./common";

const USAGE = `Usage: npm run preflight -- --stack <name> [--json] [--no-plan] [--program DIR]

  --stack NAME   the stack to check: reads Pulumi.yaml, then Pulumi.<NAME>.yaml
  --json         print the findings as JSON: [{ check, severity, path, found, expected, fix, why }]
  --no-plan      check the config only (skips evaluating the stack, and the pipeline authorization check)
  --program DIR  another checkout of this program (default: this project)

Checks: empty-variable-group, secret-name-case, external-secret, firewall, devops-ip-ranges, pipeline-authorization,
principal-id, rbac-propagation, access-policy-migration, certificate-deployer.
Exit codes: 0 no error finding, 1 an error finding, 2 bad arguments, bad config, unknown stack or program error.`;

/** `npm run preflight`: see USAGE. */
export const run: Cli = (argv, io) =>
    guarded(io, USAGE, async (strayError) => {
    const args = parseStackArgs(argv, {
        json: { type: "boolean", default: false },
        "no-plan": { type: "boolean", default: false },
    }, io);
    if (args.help) {
        io.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const { stack, program, values } = args;
    // Loaded only now: they load Pulumi's SDK (about a second of CPU), which `--help` and a usage error do not need.
    const [{ evaluateProgram }, { preflight, preflightExitCode, renderFindings }, { readStackConfig }] = await Promise.all([
        import("../plan/evaluate"),
        import("../preflight/preflight"),
        import("../preflight/stackConfig"),
    ]);
    // Config first: a bad config is reported with every problem and its fix (exit 2), before anything is evaluated.
    const { project, config } = readStackConfig(program, stack);
    const plan = values["no-plan"] ? undefined : await evaluateProgram(program, stack);
    const findings = preflight({ config, plan, stack });
    await strayError();
    if (values.json) {
        io.stdout.write(`${JSON.stringify(findings, null, 2)}\n`);
    } else {
        const scope = plan ? "config and offline plan" : "config only";
        io.stdout.write(`${renderFindings(findings, `Preflight for ${project}/${stack} (${scope})`)}\n`);
    }
    return preflightExitCode(findings);
    });

if (require.main === module) {
    main(run);
}
