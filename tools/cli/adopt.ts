/*
 * `npm run adopt -- --stack NAME --vault vault.json --secrets secrets.json [--variable-group vg.json ...]`: writes
 * Pulumi.<NAME>.yaml for a hand-made setup, from `az` output saved to files (offline: no credentials), so that the
 * first `pulumi up` takes the vault, its secrets and variable groups over with Pulumi's `import` option instead of
 * creating new ones (tools/adopt/stackConfig.ts). Then `npm run plan -- --stack NAME` shows each adopted resource as
 * `import` and what the first `up` enforces on it, and `npm run preflight -- --stack NAME` the access-policy migration.
 * Exit 0 written, 2 bad arguments or input (the message names the file and the field), or an existing stack file.
 */
import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { Cli, CliIo, guarded, jsonErrorPosition, main, parseStackArgs, UsageError } from "./common";
import { InputError } from "./baseRevision";
import { writeAtomically } from "./plan";
import { AzInputError, parseSecretList, parseVariableGroup, parseVault } from "../adopt/azOutput";
import { AdoptOptionError, adoptedConfig } from "../adopt/stackConfig";
import { GUID_PATTERN } from "../../stack/ids";
import { validateConfig } from "../../stack/config/load";
import { ConfigError } from "../../stack/config/errors";

const USAGE = `Usage: npm run adopt -- --stack <name> --vault VAULT.json --secrets SECRETS.json
                      [--variable-group GROUP.json ...] [--organization URL] [--project NAME]
                      [--service-connection-principal OBJECT_ID] [--pipeline ID ...] [--geography NAME]
                      [--approver APPROVER ...] [--environment-id ID] [--principal-type OBJECT_ID=TYPE ...]
                      [--environment NAME] [--out FILE] [--force]

Writes Pulumi.<name>.yaml that adopts an existing vault, its secrets and Key Vault-linked variable groups (Pulumi's
import option: nothing is re-created, no secret value is written), from saved az output:

  --vault FILE           az keyvault show --name <vault> > FILE
  --secrets FILE         az keyvault secret list --vault-name <vault> > FILE (names and metadata, never values)
  --variable-group FILE  az pipelines variable-group show --group-id <id> > FILE (repeatable; linked groups only)
  --organization URL     https://dev.azure.com/<organization> (with --variable-group)
  --project NAME         the Azure DevOps project, when the group output does not name it
  --service-connection-principal ID
                         object ID of the groups' service connection's service principal (with --variable-group)
  --pipeline ID          a pipeline definition that uses the groups (repeatable; with --variable-group)
  --geography NAME       the organization's Azure DevOps geography, e.g. Europe (with --variable-group)
  --approver WHO         '[Project]\\Group name' or an e-mail (repeatable; required in production with groups)
  --environment-id ID    adopt the existing Azure DevOps environment named like --environment
  --principal-type ID=T  User, Group or ServicePrincipal for an access-policy principal (repeatable)
  --environment NAME     the stack's environment (default: the stack name)
  --out FILE             where to write (default: Pulumi.<name>.yaml in the current directory)
  --force                overwrite an existing file

Exit codes: 0 written, 2 bad arguments or input, or the file exists (without --force).`;

function readJson(io: CliIo, option: string, file: string): unknown {
    const full = path.resolve(io.cwd ?? process.cwd(), file);
    let text: string;
    try {
        text = fs.readFileSync(full, "utf8");
    } catch (err) {
        throw new InputError(`\`${option}\` ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    try {
        return JSON.parse(text) as unknown;
    } catch (err) {
        throw new InputError(`\`${option}\` ${file} is not valid JSON${jsonErrorPosition(text, err)}`);
    }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : typeof v === "string" ? [v] : []);
const one = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** `npm run adopt`: see USAGE. */
export const run: Cli = (argv, io) =>
    guarded(io, USAGE, async () => {
        const args = parseStackArgs(
            argv,
            {
                vault: { type: "string" },
                secrets: { type: "string" },
                "variable-group": { type: "string", multiple: true },
                organization: { type: "string" },
                project: { type: "string" },
                "service-connection-principal": { type: "string" },
                pipeline: { type: "string", multiple: true },
                geography: { type: "string" },
                approver: { type: "string", multiple: true },
                "environment-id": { type: "string" },
                "principal-type": { type: "string", multiple: true },
                environment: { type: "string" },
                out: { type: "string" },
                force: { type: "boolean", default: false },
            },
            io,
        );
        if (args.help) {
            io.stdout.write(`${USAGE}\n`);
            return 0;
        }
        const v = args.values as Record<string, unknown>;
        const vaultFile = one(v.vault);
        const secretsFile = one(v.secrets);
        if (vaultFile === undefined || secretsFile === undefined) {
            throw new UsageError("`--vault` and `--secrets` are required: the saved output of `az keyvault show` and `az keyvault secret list`");
        }
        const pipelines = list(v.pipeline).map((p) => {
            if (!/^[1-9]\d{0,9}$/.test(p)) {
                throw new UsageError(`\`--pipeline\` must be a pipeline definition ID, a positive whole number (found ${JSON.stringify(p)})`);
            }
            return Number(p);
        });
        const environmentIdText = one(v["environment-id"]);
        if (environmentIdText !== undefined && !/^[1-9]\d{0,9}$/.test(environmentIdText)) {
            throw new UsageError(`\`--environment-id\` must be the environment's numeric ID (found ${JSON.stringify(environmentIdText)})`);
        }
        const principalTypes: Record<string, string> = {};
        for (const entry of list(v["principal-type"])) {
            const m = /^([^=]+)=(User|Group|ServicePrincipal)$/.exec(entry);
            if (!m || m[1] === undefined || m[2] === undefined || !GUID_PATTERN.test(m[1])) {
                throw new UsageError(`\`--principal-type\` must be OBJECT_ID=User|Group|ServicePrincipal (found ${JSON.stringify(entry)})`);
            }
            principalTypes[m[1].toLowerCase()] = m[2];
        }
        const principal = one(v["service-connection-principal"]);
        if (principal !== undefined && !GUID_PATTERN.test(principal)) {
            throw new UsageError(`\`--service-connection-principal\` must be an object ID (GUID) (found ${JSON.stringify(principal)})`);
        }

        const stack = args.stack;
        const out = path.resolve(io.cwd ?? process.cwd(), one(v.out) ?? `Pulumi.${stack}.yaml`);
        if (fs.existsSync(out) && v.force !== true) {
            throw new InputError(`${out} exists: give --force to overwrite it, or --out another file`);
        }

        let result: ReturnType<typeof adoptedConfig>;
        try {
            const vault = parseVault(vaultFile, readJson(io, "--vault", vaultFile));
            const secrets = parseSecretList(secretsFile, readJson(io, "--secrets", secretsFile), vault.name);
            const groups = list(v["variable-group"]).map((file) => parseVariableGroup(file, readJson(io, "--variable-group", file)));
            result = adoptedConfig(vault, secrets, groups, {
                environment: one(v.environment) ?? stack,
                organizationUrl: one(v.organization),
                project: one(v.project),
                serviceConnectionPrincipalId: principal,
                pipelines,
                geography: one(v.geography),
                approvers: list(v.approver),
                ...(environmentIdText !== undefined ? { environmentId: Number(environmentIdText) } : {}),
                principalTypes,
            });
        } catch (err) {
            if (err instanceof AzInputError || err instanceof AdoptOptionError) {
                throw new InputError(err.message);
            }
            throw err;
        }

        // What is written must load: the config's own validation, every problem at once.
        const namespace = projectName(args.program);
        const { location, ...keys } = result.config;
        try {
            validateConfig({ ...keys, location, secretValueNames: [] }, stack);
        } catch (err) {
            if (err instanceof ConfigError) {
                throw new InputError(`the generated config does not validate (please report this):\n${err.message}`);
            }
            throw err;
        }
        const doc = {
            config: {
                "azure-native:location": location,
                ...Object.fromEntries(Object.entries(keys).map(([k, value]) => [`${namespace}:${k}`, value])),
            },
        };
        const header = [
            `# Written by \`npm run adopt -- --stack ${stack}\` from saved az output. The first \`pulumi up\` imports the resources`,
            "# listed under adopt (Pulumi's import option) and applies the stack's settings to them: review `npm run plan` and",
            "# `npm run preflight` first. After that first up, remove the adopt section (the import option has done its work).",
        ].join("\n");
        writeAtomically(out, `${header}\n${yamlText(doc)}`, "--out");
        for (const note of result.notes) {
            io.stderr.write(`${note.level}: ${note.message}\n`);
        }
        io.stdout.write(`Wrote ${out}\nNext: npm run plan -- --stack ${stack} && npm run preflight -- --stack ${stack}\n`);
        return 0;
    });

/**
 * YAML of the stack file. Date-times are quoted: YAML 1.1 readers (the Pulumi CLI's Go YAML among them) may read an
 * unquoted 2027-01-15T00:00:00Z as a timestamp rather than the string the config schema takes.
 */
export function yamlText(doc: unknown): string {
    const document = new YAML.Document(doc);
    YAML.visit(document, {
        Scalar(_key, node) {
            if (typeof node.value === "string" && /^\d{4}-\d{2}-\d{2}T/.test(node.value)) {
                node.type = "QUOTE_DOUBLE";
            }
        },
    });
    return document.toString({ lineWidth: 0 });
}

/** The `name` of the program's Pulumi.yaml: the config namespace. */
function projectName(programDir: string): string {
    const file = path.join(programDir, "Pulumi.yaml");
    const doc = YAML.parse(fs.readFileSync(file, "utf8")) as { name?: unknown };
    if (typeof doc.name !== "string") {
        throw new InputError(`${file} has no \`name\``);
    }
    return doc.name;
}

if (require.main === module) {
    main(run);
}
