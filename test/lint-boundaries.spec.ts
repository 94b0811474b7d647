/**
 * The import boundaries of eslint.config.mjs refuse each deliberate violation kept in
 * test/fixtures/lint-boundaries/ (laid out as the repository is) with its own message, and pass
 * the clean files beside them. The fixture is linted with the repository's config and the fixture
 * as the working directory, so its files sit where the config's globs expect them.
 */
import * as assert from "assert";
import * as path from "path";
import { ESLint } from "eslint";

const REPOSITORY = path.resolve(__dirname, "..");
const FIXTURE = path.join(__dirname, "fixtures", "lint-boundaries");

/** The message no-restricted-imports reports for `source` refused by a pattern with `reason`. */
const refused = (source: string, reason: string): string =>
  `'${source}' import is restricted from being used by a pattern. ${reason}`;

/** Every fixture file with what it must be told: [rule id, message] per problem. */
const EXPECTED: Record<string, [string, string][]> = {
  "components/model/core/impure.ts": [
    ["no-restricted-imports", refused("@pulumi/pulumi", "the model is pure: no @pulumi imports")],
  ],
  "components/model/core/reaches-out.ts": [
    [
      "no-restricted-imports",
      refused(
        "../../tokens",
        "the model is pure: it imports nothing outside components/model (no components/*.ts, policypack/ or tools/)",
      ),
    ],
  ],
  "components/model/core/layer-breach.ts": [
    [
      "no-restricted-imports",
      refused("../replication", "the model's wings are layered: core imports no other wing"),
    ],
  ],
  "components/model/replication/deep.ts": [
    [
      "no-restricted-imports",
      refused("../core/limits", "across wings, import the wing's face (../core), not its files"),
    ],
  ],
  "components/uses-tools.ts": [
    ["no-restricted-imports", refused("../tools/helper", "only tools/ and test/ import tools/")],
  ],
  "policypack/policies/imports-sibling.ts": [
    [
      "no-restricted-imports",
      refused(
        "./clean-policy",
        "a policy imports no sibling policy: what two policies share lives in the model or policypack/support",
      ),
    ],
  ],
  "policypack/policies/imports-component.ts": [
    [
      "no-restricted-imports",
      refused(
        "../../components/tokens",
        "a policy imports no component (components/*.ts): it checks resources with the model's wings",
      ),
    ],
  ],
  "policypack/policies/imports-tools.ts": [
    ["no-restricted-imports", refused("../../tools/helper", "only tools/ and test/ import tools/")],
  ],
  "policypack/policies/imports-pulumi.ts": [
    [
      "no-restricted-imports",
      refused(
        "@pulumi/pulumi",
        "a policy imports only the model's wings, policypack/support, @pulumi/policy and node built-ins",
      ),
    ],
  ],
  "policypack/support/deep.ts": [
    [
      "no-restricted-imports",
      refused(
        "../../components/model/core/limits",
        "outside the model, import a wing's face (components/model/core), not its files",
      ),
    ],
  ],
  "tools/deep.ts": [
    [
      "no-restricted-imports",
      refused(
        "../components/model/core/limits",
        "outside the model, import a wing's face (components/model/core), not its files",
      ),
    ],
  ],
  // Clean files: a face importing lower faces, a policy's allowed imports, tests importing deep.
  "components/model/core/index.ts": [],
  "components/model/core/limits.ts": [],
  "components/model/iam/index.ts": [],
  "components/model/replication/index.ts": [],
  "components/model/analysis/index.ts": [],
  "components/tokens.ts": [],
  "policypack/policies/clean-policy.ts": [],
  "policypack/support/findings.ts": [],
  "tools/helper.ts": [],
  "tools/report.ts": [],
  "tools/routes.ts": [],
  "test/deep-import.ts": [],
};

describe("import boundaries (eslint.config.mjs)", () => {
  let reported: Record<string, [string, string][]>;

  before(async () => {
    const eslint = new ESLint({
      cwd: FIXTURE,
      overrideConfigFile: path.join(REPOSITORY, "eslint.config.mjs"),
    });
    const results = await eslint.lintFiles(["."]);
    reported = Object.fromEntries(
      results.map((result) => [
        path.relative(FIXTURE, result.filePath).split(path.sep).join("/"),
        result.messages.map((message): [string, string] => [
          message.ruleId ?? "(no rule)",
          message.message,
        ]),
      ]),
    );
  });

  it("lints every fixture file, and only those", () => {
    assert.deepStrictEqual(Object.keys(reported).sort(), Object.keys(EXPECTED).sort());
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    it(`${file}: ${expected.length === 0 ? "passes" : expected.map(([, message]) => message.split(". ")[1]).join("; ")}`, () => {
      assert.deepStrictEqual(reported[file], expected);
    });
  }

  it("npm run lint leaves the fixture out (it would fail the build)", async () => {
    const eslint = new ESLint({ cwd: REPOSITORY });
    assert.strictEqual(
      await eslint.isPathIgnored(path.join(FIXTURE, "components/model/core/impure.ts")),
      true,
    );
  });
});
