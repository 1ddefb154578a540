/*
 * `node dist/tools/cli/gateTargets.js --plan plans/production.json`: the URNs the deploy pipeline's production_gate
 * stage passes to `pulumi up --target`, one per line, read from the offline plan of the same commit: the
 * EnvironmentApproval component (the environment, its approval check, its pipeline permissions, named from
 * `devops.approvals.pipelines`), every resource under it, and the explicit provider they use. Computed, not written
 * into the pipeline: the permissions' names carry the deploy pipeline's definition ID, which each project sets.
 *
 * `--target` updates only the named resources, and a targeted resource must not depend on one left out
 * (https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/, pulumi/pulumi#5869): such a plan is refused here (exit 2)
 * rather than failing halfway through `pulumi up`.
 * Exit codes: 0 printed, 2 bad arguments, an unreadable plan, no EnvironmentApproval, or a dependency left out.
 */
import * as fs from "fs";
import { parseArgs } from "util";
import { Cli, CliIo, main, resolveIn } from "./common";

export const GATE_COMPONENT = "keyvault-devops:index:EnvironmentApproval";

/** What the target list reads of a plan document's resources. */
export interface GateResource {
    readonly urn: string;
    readonly type: string;
    readonly parent?: string;
    readonly dependencies?: readonly string[];
    readonly options?: { readonly provider?: string };
}

/** The providers' URNs of a reference `<provider URN>::<ID>`. */
function providerUrn(reference: string): string {
    return reference.slice(0, reference.lastIndexOf("::"));
}

/**
 * The gate's targets, in plan order: the provider(s) the approval's resources use, the component, its descendants.
 * Throws when there is no EnvironmentApproval, or when a target depends on a resource outside the targets.
 */
export function gateTargets(resources: readonly GateResource[]): string[] {
    const components = resources.filter((r) => r.type === GATE_COMPONENT);
    if (components.length !== 1) {
        throw new Error(`the plan has ${components.length} ${GATE_COMPONENT} resources, not one (is devops.approvals set?)`);
    }
    const inside = new Set<string>([(components[0] as GateResource).urn]);
    for (let grew = true; grew; ) {
        grew = false;
        for (const r of resources) {
            if (r.parent !== undefined && inside.has(r.parent) && !inside.has(r.urn)) {
                inside.add(r.urn);
                grew = true;
            }
        }
    }
    for (const r of resources) {
        if (inside.has(r.urn) && r.options?.provider !== undefined) {
            inside.add(providerUrn(r.options.provider));
        }
    }
    const targets = resources.filter((r) => inside.has(r.urn));
    for (const r of targets) {
        const outside = (r.dependencies ?? []).filter((d) => !inside.has(d));
        if (outside.length > 0) {
            throw new Error(`${r.urn} depends on ${outside.join(", ")}, which --target would leave out`);
        }
    }
    return targets.map((r) => r.urn);
}

async function targets(argv: readonly string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({ args: [...argv], options: { plan: { type: "string" } }, strict: true });
    if (values.plan === undefined) {
        throw new Error("--plan FILE is required (the JSON plan of `npm run plan -- --stack <s> --out FILE`)");
    }
    const file = resolveIn(io, values.plan);
    let doc: { resources?: GateResource[] };
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8")) as { resources?: GateResource[] };
    } catch (err) {
        throw new Error(`cannot read the plan ${values.plan}: ${(err as Error).message.split("\n")[0] ?? ""}`);
    }
    for (const urn of gateTargets(doc.resources ?? [])) {
        io.stdout.write(`${urn}\n`);
    }
    return 0;
}

/** See the header. */
export const run: Cli = async (argv, io) => {
    try {
        return await targets(argv, io);
    } catch (err) {
        io.stderr.write(`error: ${(err as Error).message}\n`);
        return 2;
    }
};

if (require.main === module) {
    main(run);
}
