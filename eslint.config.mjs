// ESLint flat config: typescript-eslint's recommended rules everywhere (the CommonJS .js files
// too), Pulumi's rules (Outputs never interpolated into template literals) where Pulumi code
// lives, and the project's import boundaries (no-restricted-imports, below). Import cycles are
// refused by test/import-cycles.spec.ts, which reads the whole graph once.
import { builtinModules } from "node:module";
import tseslint from "typescript-eslint";
import pulumi from "@pulumi/eslint-plugin";

// ---------------------------------------------------------------------------------------------
// Import boundaries. no-restricted-imports matches the import's text, not the resolved file, so
// each pattern below is written for where its files sit: a model file is
// components/model/<wing>/<file>.ts (wings are flat; a file in a wing's sub-folder fails the
// "../.." pattern until this config learns about it), a policy is policypack/policies/<file>.ts.
// For a file, the last config object naming the rule wins, so each object lists every
// restriction of its files.

/** The model's wings, each with the lower wings it may import (through their faces). */
const WINGS = {
  core: [],
  iam: ["core"],
  "registry-policy": ["core", "iam"],
  replication: ["core", "iam", "registry-policy"],
  analysis: ["core", "iam", "registry-policy", "replication"],
};

/** "a", "a and b", "a, b and c". */
const spoken = (names) =>
  names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

/** A pattern of no-restricted-imports: the whole import text matches `regex`. */
const refuse = (regex, message) => ({ regex, message, caseSensitive: true });

/** The rule as one config object for `files`, with every restriction that applies to them. */
const boundaries = (files, ignores, patterns) => ({
  files,
  ignores,
  rules: { "no-restricted-imports": ["error", { patterns }] },
});

const TOOLS_ONLY_FOR_TOOLS_AND_TESTS = refuse(
  "^(\\./|(\\.\\./)+)tools(/|$)",
  "only tools/ and test/ import tools/",
);

const WING_FACES_FROM_OUTSIDE = refuse(
  "^(\\./|(\\.\\./)+)(components/)?model/[^/]+/.",
  "outside the model, import a wing's face (components/model/core), not its files",
);

const NODE_BUILT_INS = builtinModules
  .filter((name) => !name.startsWith("_"))
  .map((name) => name.replace(/[/]/g, "\\/"));

/** What a policy file may import; everything else is refused by POLICY_IMPORTS_ONLY. */
const POLICY_ALLOWED = [
  `\\.\\./\\.\\./components/model/(${Object.keys(WINGS).join("|")})`,
  "\\.\\./support/[^/]+",
  "@pulumi/policy(/.*)?",
  "node:.+",
  ...NODE_BUILT_INS,
];

/** Imports a policy may not make that have their own message (kept out of the catch-all). */
const POLICY_REFUSED_WITH_REASON = [
  "\\./.*", // a sibling policy
  "\\.\\./\\.\\./components/.*", // a component, or a wing's file (WING_FACES_FROM_OUTSIDE)
  "(\\.\\./)+tools(/.*)?", // TOOLS_ONLY_FOR_TOOLS_AND_TESTS
];

const POLICY_IMPORTS = [
  refuse(
    "^\\./",
    "a policy imports no sibling policy: what two policies share lives in the model or policypack/support",
  ),
  refuse(
    "^\\.\\./\\.\\./components/(?!model/)",
    "a policy imports no component (components/*.ts): it checks resources with the model's wings",
  ),
  refuse(
    `^(?!(${[...POLICY_ALLOWED, ...POLICY_REFUSED_WITH_REASON].join("|")})$)`,
    "a policy imports only the model's wings, policypack/support, @pulumi/policy and node built-ins",
  ),
  WING_FACES_FROM_OUTSIDE,
  TOOLS_ONLY_FOR_TOOLS_AND_TESTS,
];

/** The restrictions of a file in components/model/<wing>/. */
function modelImports(wing) {
  const lower = WINGS[wing];
  const higher = Object.keys(WINGS).filter((other) => other !== wing && !lower.includes(other));
  const patterns = [
    refuse("^@pulumi/", "the model is pure: no @pulumi imports"),
    refuse(
      "^\\.\\./\\.\\.(/|$)",
      "the model is pure: it imports nothing outside components/model (no components/*.ts, policypack/ or tools/)",
    ),
  ];
  if (higher.length > 0) {
    patterns.push(
      refuse(
        `^\\.\\./(${higher.join("|")})(/|$)`,
        `the model's wings are layered: ${wing} imports ${lower.length === 0 ? "no other wing" : `only ${spoken(lower)}`}`,
      ),
    );
  }
  if (lower.length > 0) {
    patterns.push(
      refuse(
        `^\\.\\./(${lower.join("|")})/`,
        "across wings, import the wing's face (../core), not its files",
      ),
    );
  }
  return patterns;
}

const BOUNDARIES = [
  boundaries(
    ["**/*.ts", "**/*.js", "**/*.mjs"],
    ["tools/**", "test/**"],
    [WING_FACES_FROM_OUTSIDE, TOOLS_ONLY_FOR_TOOLS_AND_TESTS],
  ),
  boundaries(["tools/**/*.ts"], [], [WING_FACES_FROM_OUTSIDE]),
  // policies/index.ts is the pack's list of policies: it imports every policy file.
  boundaries(["policypack/policies/*.ts"], ["policypack/policies/index.ts"], POLICY_IMPORTS),
  ...Object.keys(WINGS).map((wing) =>
    boundaries([`components/model/${wing}/**/*.ts`], [], modelImports(wing)),
  ),
];

/** What plain Node.js CommonJS code may use without declaring it. */
const NODE_COMMONJS_GLOBALS = Object.fromEntries(
  [
    ...["require", "module", "exports", "__dirname", "__filename", "process", "console"],
    ...["Buffer", "setTimeout", "clearTimeout", "setInterval", "clearInterval", "URL"],
  ].map((name) => [name, "readonly"]),
);

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "**/bin/",
      // the published pack, built by `npm run pack:policypack` (an esbuild bundle)
      ".policypack-dist/",
      "test/fixtures/**/node_modules/",
      // deliberate violations, linted by test/lint-boundaries.spec.ts
      "test/fixtures/lint-boundaries/",
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["index.ts", "components/**/*.ts", "examples/**/*.ts"],
    ignores: ["components/model/**"],
    languageOptions: { parserOptions: { projectService: true } },
    plugins: { "@pulumi": pulumi },
    rules: {
      "@pulumi/no-output-in-template-literal": "error",
      "@pulumi/no-output-instance-in-template-literal": "error",
    },
  },
  {
    // The .js files are CommonJS on purpose (policypack/compile.js runs before anything is
    // compiled), so require() is how they import; TypeScript does not check them, so no-undef does.
    files: ["**/*.js"],
    languageOptions: { sourceType: "commonjs", globals: NODE_COMMONJS_GLOBALS },
    rules: {
      "@typescript-eslint/no-require-imports": "off",
      "no-undef": "error",
    },
  },
  ...BOUNDARIES,
);
