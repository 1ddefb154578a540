/** One resource as the offline plan records it from the mock monitor's RegisterResource request. */
export interface PlannedResource {
    /** The URN the mock monitor assigned: `urn:pulumi:<stack>::<project>::<parent type$>type::name`. */
    readonly urn: string;
    /** The type token, e.g. `azure-native:keyvault:Vault`. */
    readonly type: string;
    /** The logical name given to the constructor. */
    readonly name: string;
    /** True for custom (provider) resources, false for components and the stack. */
    readonly custom: boolean;
    /** The parent's URN; absent only for the root stack resource. */
    readonly parent?: string;
    /** The inputs sent to the engine. Secret values are the string "[secret]", unknowns "[unknown]". */
    readonly inputs: Record<string, unknown>;
    /** The state the mocks returned (inputs plus deterministic placeholders for computed outputs). Secrets as in `inputs`. */
    readonly outputs: Record<string, unknown>;
    /** URNs this resource depends on (explicit `dependsOn` and those implied by its inputs). */
    readonly dependencies: readonly string[];
    /** For each input property, the URNs its value came from. */
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    /** The `protect` resource option. */
    readonly protect: boolean;
    /** The `ignoreChanges` resource option, when given. */
    readonly ignoreChanges?: readonly string[];
    /** The `version` resource option (provider plugin version), when given. */
    readonly version?: string;
    /** The explicit provider reference, when given. */
    readonly provider?: string;
    /** The `replaceOnChanges` resource option, when given (property paths). */
    readonly replaceOnChanges?: readonly string[];
    /** The `retainOnDelete` resource option, when true. */
    readonly retainOnDelete?: boolean;
    /** The `deleteBeforeReplace` resource option, when given. */
    readonly deleteBeforeReplace?: boolean;
    /** The `import` resource option (the ID to adopt), when given. */
    readonly importId?: string;
    /** The `aliases` resource option, as URNs, when given. */
    readonly aliases?: readonly string[];
    /** The `additionalSecretOutputs` resource option, when given. */
    readonly additionalSecretOutputs?: readonly string[];
    /** The `customTimeouts` resource option (Go duration strings), when given. */
    readonly customTimeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}

export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** A policy violation as the offline plan reports it (the shape of `policies.violations` in `--json`). */
export interface PlanViolation {
    readonly policy: string;
    readonly enforcementLevel: "advisory" | "mandatory";
    /** The URN of the resource at fault; absent for a stack-level violation that names no resource. */
    readonly urn?: string;
    readonly message: string;
}

/** A provider function call (invoke) as the offline plan records it: token, arguments and the mocked result. */
export interface PlannedInvoke {
    readonly token: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
}
