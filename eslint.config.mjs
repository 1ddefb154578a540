// Type-aware lint: the Pulumi rules need type information to see an Output inside a template literal.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", "**/dist/**", "**/bin/**", "**/*.js", "**/*.mjs", "**/*.d.ts"],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    // The layout's dependency rule: what `pulumi up` runs (index.ts, stack/, components/) and the policy pack never
    // import the offline tooling (tools/), nor the tests. Tools may import deploy-time code, never the reverse.
    files: ["index.ts", "stack/**/*.ts", "components/**/*.ts", "policies/**/*.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "ImportExpression[source.value=/^\\.{1,2}\\/(.*\\/)?(tools|tests)(\\/|$)/]",
          message: "Deploy-time code must not import offline tooling or tests, dynamically either (see README: Layout).",
        },
        {
          selector: "CallExpression[callee.name='require'][arguments.0.value=/^\\.{1,2}\\/(.*\\/)?(tools|tests)(\\/|$)/]",
          message: "Deploy-time code must not require offline tooling or tests (see README: Layout).",
        },
      ],
      "no-restricted-imports": [
        "error",
        {
          // Provider SDKs by submodule only: the root of @pulumi/azure loads 461 files (0.25–1.1 s) where
          // @pulumi/azure/keyvault loads 4 (~3 ms), measured in README: Certificates; the same holds for azure-native.
          paths: [
            { name: "@pulumi/azure", message: "Import the submodule you need (e.g. @pulumi/azure/keyvault), never the root of @pulumi/azure (see README: Certificates)." },
            { name: "@pulumi/azure-native", message: "Import the submodule you need (e.g. @pulumi/azure-native/keyvault), never the root of @pulumi/azure-native." },
          ],
          patterns: [
            {
              // Any relative path with a tools/ or tests/ segment, however it gets there (`../stack/../tools/x` too).
              regex: "^\\.{1,2}/(.*/)?(tools|tests)(/|$)",
              message: "Deploy-time code (index.ts, stack/, components/, policies/) must not import offline tooling or tests (see README: Layout).",
            },
          ],
        },
      ],
    },
  },
  {
    // Components are the reusable layer: they take typed args, never the stack's wiring.
    files: ["components/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          // Provider SDKs by submodule only: the root of @pulumi/azure loads 461 files (0.25–1.1 s) where
          // @pulumi/azure/keyvault loads 4 (~3 ms), measured in README: Certificates; the same holds for azure-native.
          paths: [
            { name: "@pulumi/azure", message: "Import the submodule you need (e.g. @pulumi/azure/keyvault), never the root of @pulumi/azure (see README: Certificates)." },
            { name: "@pulumi/azure-native", message: "Import the submodule you need (e.g. @pulumi/azure-native/keyvault), never the root of @pulumi/azure-native." },
          ],
          patterns: [
            {
              regex: "^\\.{1,2}/(.*/)?(tools|tests)(/|$)|/program$|/config/(load|schema)$",
              message: "Components must not import offline tooling, tests, or the stack's wiring and config loader (see README: Layout).",
            },
          ],
        },
      ],
    },
  },
);
