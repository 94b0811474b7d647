// ESLint flat config: typescript-eslint's recommended rules everywhere, plus Pulumi's
// rules (Outputs never interpolated into template literals) where Pulumi code lives.
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

export default tseslint.config(
  { ignores: ["node_modules/", "bin/", "**/*.js", "**/*.mjs", "test/fixtures/**/node_modules/"] },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["index.ts", "components/**/*.ts"],
    ignores: ["components/model/**"],
    languageOptions: { parserOptions: { projectService: true } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
);
