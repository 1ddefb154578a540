/*
 * `npm run pipeline-vars -- --stack <name>`: evaluates the stack offline (Pulumi mocks, no credentials) and prints,
 * for each Key Vault-linked variable group it creates, the YAML a consuming pipeline needs: the group reference, the
 * `$(secret-name)` variables and the environment variable each becomes, as one ready-to-paste YAML document per group.
 * Exit 0 (also for a stack without `devops`), 2 on bad arguments, bad config, an unknown stack or a program error.
 */
import { Cli, guarded, main, parseStackArgs } from "./common";
import { PipelineVariable } from "../../stack/pipelineVariables";
import { emitNoGroups, emitPipelineVars, GroupView } from "../pipeline-vars/emit";

const USAGE = `Usage: npm run pipeline-vars -- --stack <name> [--program DIR]

  --stack NAME   the stack: reads Pulumi.yaml, then Pulumi.<NAME>.yaml, and evaluates it offline
  --program DIR  another checkout of this program (default: this project)

Prints one YAML document per variable group: \`variables: - group: <name>\` and a script step whose \`env:\` maps each
secret variable $(secret-name) to SECRET_NAME.
Exit codes: 0 printed (or the stack has no devops section), 2 bad arguments, bad config, unknown stack or program error.`;

/** `npm run pipeline-vars`: see USAGE. */
export const run: Cli = (argv, io) =>
    guarded(io, USAGE, async (strayError) => {
    const args = parseStackArgs(argv, {}, io);
    if (args.help) {
        io.stdout.write(`${USAGE}\n`);
        return 0;
    }
    const { stack, program } = args;
    // Loaded only now: they load Pulumi's SDK (about a second of CPU), which `--help` and a usage error do not need.
    const [{ evaluateProgram }, { readStackConfig }] = await Promise.all([import("../plan/evaluate"), import("../preflight/stackConfig")]);
    // Config first: a bad config is reported with every problem and its fix, before anything is evaluated.
    const { project, config } = readStackConfig(program, stack);
    const evaluated = await evaluateProgram(program, stack);
    await strayError();
    const outputs = evaluated.outputs.pipelineVariables as Record<string, PipelineVariable[]> | undefined;
    const groups = config.devops?.variableGroups ?? [];
    if (!config.devops || !outputs || groups.length === 0) {
        io.stdout.write(emitNoGroups(project, stack));
        return 0;
    }
    const views: GroupView[] = groups.map((g) => ({
        name: g.name,
        description: g.description,
        pipelines: g.pipelines,
        variables: outputs[g.name] ?? [],
    }));
    io.stdout.write(emitPipelineVars(project, stack, views));
    return 0;
    });

if (require.main === module) {
    main(run);
}
