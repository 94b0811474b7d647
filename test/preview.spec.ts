import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PreviewReport } from "../tools/preview/report";
import { Outcome, runCommand } from "./run-command";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join("test", "fixtures");
const VIOLATING = path.join(FIXTURES, "violating-project");
const THROWING = path.join(FIXTURES, "throwing-project");
const TINY_PACK = path.join(FIXTURES, "tiny-pack");
const STACK_URN = "urn:pulumi:dev::violating-project::pulumi:pulumi:Stack::violating-project-dev";
const REPLICATION_TYPE = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const BUILD = { account: "111111111111", region: "us-east-1" };

/** The arguments the repository's `npm run preview` script (the example's) passes. */
const EXAMPLE_SCRIPT = "ts-node --transpile-only tools/cli.ts preview";
const EXAMPLE_CONFIG = path.join("policypack", "config.example.json");
const EXAMPLE_ARGS = ["--policy-pack-config", EXAMPLE_CONFIG];

/** Runs `ecr-replication preview ...args` from source at the repository root. */
function preview(...args: string[]): Promise<Outcome> {
  return runCommand("preview", ...args);
}

/** The (policy, level, resource name) of each finding, for inclusion checks. */
function findings(report: PreviewReport): string[] {
  return report.diagnostics.map(
    (d) => `${d.policyName} ${d.enforcementLevel} ${d.resourceName ?? "(stack)"}`,
  );
}

describe("preview: the command line, end to end", function () {
  // Every run boots a program and a pack; they run at once, started in before().
  this.timeout(120_000);
  const diagram = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), "preview-spec-")),
    "topology.mmd",
  );
  let violatingJson: Outcome;
  let throwing: Outcome;
  let example: Outcome;
  let unconfigured: Outcome;
  let brokenPack: Outcome;

  before(async () => {
    [violatingJson, throwing, example, unconfigured, brokenPack] = await Promise.all([
      preview("--cwd", VIOLATING, ...EXAMPLE_ARGS, "--json", "--diagram", diagram),
      preview("--cwd", THROWING),
      preview(...EXAMPLE_ARGS),
      preview(),
      preview("--cwd", VIOLATING, "--policy-pack", path.join(TINY_PACK, "broken")),
    ]);
  });

  it("npm run preview (the example's script) names the example's config file", () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.strictEqual(scripts.preview, [EXAMPLE_SCRIPT, ...EXAMPLE_ARGS].join(" "));
  });

  it("--json: the report names the pack's directory and the config file applied", () => {
    const report = JSON.parse(violatingJson.stdout) as PreviewReport;
    assert.deepStrictEqual(report.policyPack, {
      name: "ecr-replication-policies",
      version: "0.1.0",
      directory: "policypack",
      config: EXAMPLE_CONFIG,
    });
  });

  it("without --policy-pack-config no config file is applied, and the header says so", () => {
    assert.strictEqual(unconfigured.status, 0, unconfigured.stderr);
    assert.deepStrictEqual(unconfigured.stdout.split("\n").slice(0, 5), [
      "Previewing ecr-replication-example/dev offline (mock runtime; policy pack ecr-replication-policies@0.1.0)",
      "  stack:              ecr-replication-example/dev",
      "  policy pack:        policypack",
      "  policy pack config: none: schema defaults",
      "",
    ]);
  });

  it("a stack that breaks mandatory policies: exit 1; --json: one document with the expected findings", () => {
    assert.strictEqual(violatingJson.status, 1, violatingJson.stderr);
    const report = JSON.parse(violatingJson.stdout) as PreviewReport;
    assert.deepStrictEqual(Object.keys(report), [
      "project",
      "stack",
      "policyPack",
      "resources",
      "registryPolicies",
      "replicationConfigurations",
      "routes",
      "diagnostics",
      "summary",
    ]);
    assert.deepStrictEqual(
      report.resources.map((r) => [
        r.type,
        r.name,
        r.operation,
        r.parent,
        r.provider?.name ?? null,
      ]),
      [
        ["pulumi:pulumi:Stack", "violating-project-dev", "create", null, null],
        [REPLICATION_TYPE, "build-replication", "create", STACK_URN, "default_7_48_0"],
        ["pulumi:providers:aws", "workload-us-west-2", "create", STACK_URN, null],
        ["pulumi:providers:aws", "restricted-eu-west-1", "create", STACK_URN, null],
        [POLICY_TYPE, "workload-registry-policy", "create", STACK_URN, "workload-us-west-2"],
        [POLICY_TYPE, "restricted-registry-policy", "create", STACK_URN, "restricted-eu-west-1"],
      ],
    );
    assert.deepStrictEqual(report.replicationConfigurations, [
      {
        urn: "urn:pulumi:dev::violating-project::aws:ecr/replicationConfiguration:ReplicationConfiguration::build-replication",
        name: "build-replication",
        account: "111111111111",
        region: "us-east-1",
        rules: [
          {
            rule: 0,
            destinations: ["222222222222/us-west-2", "333333333333/eu-west-1"],
            filters: null,
          },
        ],
      },
    ]);
    assert.deepStrictEqual(
      report.registryPolicies.map((p) => [p.name, p.account, p.region, typeof p.policy]),
      [
        ["workload-registry-policy", "222222222222", "us-west-2", "object"],
        ["restricted-registry-policy", "333333333333", "eu-west-1", "object"],
      ],
    );
    // Who can replicate what: the open registry accepts everything, the restricted one only prod-.
    assert.deepStrictEqual(
      report.routes.map((r) => [r.source, r.destination, r.prefixes, r.status, r.repositories]),
      [
        [
          BUILD,
          { account: "222222222222", region: "us-west-2" },
          null,
          "authorised",
          "created on arrival",
        ],
        [BUILD, { account: "333333333333", region: "eu-west-1" }, null, "broken", null],
      ],
    );
    // No repository creation template in this stack: the authorised route's cannot be told.
    assert.deepStrictEqual(
      report.routes.map((r) => r.createdRepositories),
      [
        {
          status: "unverified",
          reason:
            "no repository creation template of 222222222222 in us-west-2 is among these resources: they may be in another stack",
          parts: [],
        },
        { status: "none", reason: "the route does not replicate", parts: [] },
      ],
    );
    for (const expected of [
      "ecr-replication-prefix-required mandatory build-replication",
      "ecr-replication-destination-authorized mandatory build-replication",
      "ecr-registry-policy-no-public-access mandatory workload-registry-policy",
      "ecr-registry-policy-allowed-actions mandatory workload-registry-policy",
    ]) {
      assert.ok(
        findings(report).includes(expected),
        `${expected} in\n${findings(report).join("\n")}`,
      );
    }
    // The restricted registry's grant is well formed: only the broken route is reported on it.
    assert.deepStrictEqual(
      findings(report).filter((f) => f.endsWith(" restricted-registry-policy")),
      [],
    );
    const mandatory = report.diagnostics.filter((d) => d.enforcementLevel === "mandatory").length;
    assert.deepStrictEqual(report.summary, {
      resources: 6,
      violations: { mandatory, advisory: report.diagnostics.length - mandatory },
    });
  });

  it("--diagram writes the topology as Mermaid, the broken route marked", () => {
    assert.strictEqual(
      fs.readFileSync(diagram, "utf8"),
      [
        "flowchart LR",
        '  r_111111111111_us_east_1["111111111111<br/>us-east-1"]',
        '  r_222222222222_us_west_2["222222222222<br/>us-west-2"]',
        '  r_333333333333_eu_west_1["333333333333<br/>eu-west-1"]',
        '  r_111111111111_us_east_1 -->|"every repository"| r_222222222222_us_west_2',
        '  r_111111111111_us_east_1 -. "BROKEN: every repository" .-> r_333333333333_eu_west_1',
        "  linkStyle 1 stroke:#d00,stroke-width:2px",
        "",
      ].join("\n"),
    );
  });

  it("the example stack (default --cwd and pack, the script's config): exit 0, tree, policies, routes", () => {
    assert.strictEqual(example.status, 0, example.stderr);
    assert.strictEqual(example.stderr, "");
    const text = example.stdout;
    const component = "ecr-replication:index:";
    assert.ok(
      text.startsWith(
        [
          "Previewing ecr-replication-example/dev offline (mock runtime; policy pack ecr-replication-policies@0.1.0)",
          "  stack:              ecr-replication-example/dev",
          "  policy pack:        policypack",
          "  policy pack config: policypack/config.example.json",
          "",
          "Resources:",
          "+ pulumi:pulumi:Stack ecr-replication-example-dev create",
          `    + ${component}CrossAccountReplication build-to-workloads create`,
          "        + pulumi:providers:aws build-to-workloads-provider-111111111111-us-east-1 create",
        ].join("\n"),
      ),
      text,
    );
    assert.ok(
      text.includes(
        [
          `        + ${component}RegistryReplicationPolicy build-to-workloads-policy-222222222222-us-west-2 create`,
          "            + aws:ecr/registryPolicy:RegistryPolicy build-to-workloads-policy-222222222222-us-west-2 create",
        ].join("\n"),
      ),
      text,
    );
    // Each registry policy as pretty JSON, under the registry it belongs to.
    const policy = JSON.stringify(
      {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [
              "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
              "arn:aws:ecr:us-west-2:222222222222:repository/shared/*",
            ],
          },
        ],
      },
      null,
      2,
    );
    assert.ok(
      text.includes(
        "  build-to-workloads-policy-222222222222-us-west-2 (registry 222222222222/us-west-2):\n" +
          policy.replace(/^/gm, "    "),
      ),
      text,
    );
    assert.ok(
      text.includes(
        [
          "  build-to-workloads-replication (registry 111111111111/us-east-1):",
          "    rule  destinations            filters",
          "    0     222222222222/eu-west-1  prod-",
          "          222222222222/us-west-2  shared/",
          "          333333333333/eu-west-1",
          "          333333333333/us-west-2",
        ].join("\n"),
      ),
      text,
    );
    // Immutable, KMS-encrypted repositories: the ROOT template for prod-, 'shared' for shared/.
    const route = (destination: string) =>
      `  111111111111/us-east-1  ${destination}  prod-     created on arrival  template 'ROOT': IMMUTABLE tags, KMS (AWS managed key)    authorised\n` +
      "                                                  shared/                       template 'shared': IMMUTABLE tags, KMS (AWS managed key)\n";
    assert.ok(
      text.includes(
        [
          `        + ${component}RepositoryCreationTemplates build-to-workloads-templates-222222222222-us-west-2 create`,
          "            + aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate build-to-workloads-templates-222222222222-us-west-2-ROOT create",
          "            + aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate build-to-workloads-templates-222222222222-us-west-2-shared create",
        ].join("\n"),
      ),
      text,
    );
    assert.ok(
      text.includes(
        "Who can replicate what:\n" +
          "  direct routes only: replication does not chain, so an image reaches only the destinations of the registry it was pushed to\n" +
          "  source                  destination             prefixes  repositories        created as                                                status\n" +
          route("222222222222/eu-west-1") +
          route("222222222222/us-west-2") +
          route("333333333333/eu-west-1") +
          route("333333333333/us-west-2"),
      ),
      text,
    );
    assert.ok(
      text.endsWith(
        "Policy violations:\n  (none)\n\n" +
          "Summary: 29 resources (29 to create); 0 policy violations: 0 mandatory, 0 advisory\n",
      ),
      text,
    );
  });

  it("a program that throws: exit 2 with the program's own message, no stack trace", () => {
    assert.deepStrictEqual(throwing, {
      status: 2,
      stdout: "",
      stderr: `error: program ${THROWING} failed: throwing-project: the registry plan is incomplete on purpose\n`,
    });
  });

  it("a pack that cannot start: exit 2 with the pack's stderr", () => {
    assert.strictEqual(brokenPack.status, 2);
    assert.strictEqual(brokenPack.stdout, "");
    assert.match(
      brokenPack.stderr,
      /^error: policy pack \S*tiny-pack\/broken exited \(code \d+\) before printing its port:\n[\s\S]*tiny-pack\/broken refuses to start/,
    );
  });

  it("an unknown argument: exit 2 with the usage, before anything runs", async () => {
    const outcome = await preview("--stak", "dev");
    assert.deepStrictEqual(outcome, {
      status: 2,
      stdout: "",
      stderr:
        "error: unknown argument '--stak': did you mean --stack?\n" +
        "usage: ecr-replication preview [--cwd DIR] [--stack NAME] [--policy-pack DIR]\n" +
        "                               [--policy-pack-config FILE] [--no-typecheck] [--json]\n" +
        "                               [--diagram FILE] [--stack-outputs NAME=FILE.json ...]\n",
    });
  });

  it("a policy pack config that is not valid: exit 2 naming the file and the entry", async () => {
    const config = path.join(path.dirname(diagram), "bad-config.json");
    fs.writeFileSync(config, JSON.stringify({ "tiny-count": "strict" }));
    const outcome = await preview(
      "--cwd",
      VIOLATING,
      "--policy-pack",
      TINY_PACK,
      "--policy-pack-config",
      config,
    );
    assert.deepStrictEqual(outcome, {
      status: 2,
      stdout: "",
      stderr:
        `error: policy pack config ${config}: invalid policy pack config:\n` +
        "tiny-count: must be one of advisory, mandatory, remediate, disabled, got 'strict'\n",
    });
  });
});

describe("preview: repositories that pre-exist in some destinations", function () {
  // test/fixtures/mixed-create-project: 222222222222 (allowCreateRepository: false) grants only
  // ecr:ReplicateImage; 333333333333 (true) grants ecr:CreateRepository too.
  this.timeout(120_000);
  const MIXED = path.join(FIXTURES, "mixed-create-project");
  const SOURCE_ROW = "  111111111111/us-east-1  ";
  let unconfigured: Outcome;
  let listed: Outcome;

  before(async () => {
    const example = JSON.parse(
      fs.readFileSync(path.join(ROOT, "policypack", "config.example.json"), "utf8"),
    ) as Record<string, unknown>;
    const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "preview-spec-")), "pack.json");
    fs.writeFileSync(
      config,
      JSON.stringify({
        ...example,
        "ecr-replication-destination-authorized": {
          preExistingRepositories: ["222222222222/us-west-2"],
        },
      }),
    );
    [unconfigured, listed] = await Promise.all([
      preview("--cwd", MIXED, ...EXAMPLE_ARGS),
      preview("--cwd", MIXED, "--policy-pack-config", config),
    ]);
  });

  it("unconfigured: the route without ecr:CreateRepository is broken, its repositories '-'", () => {
    assert.strictEqual(unconfigured.status, 1, unconfigured.stderr);
    const routes = unconfigured.stdout.split("Who can replicate what:\n")[1].split("\n\n")[0];
    const [legend, header, broken, created] = routes.split("\n");
    assert.strictEqual(
      legend,
      "  direct routes only: replication does not chain, so an image reaches only the destinations of the registry it was pushed to",
    );
    assert.strictEqual(
      header,
      "  source                  destination             prefixes  repositories        created as                                              status",
    );
    assert.ok(
      broken.startsWith(
        `${SOURCE_ROW}222222222222/us-west-2  prod-     -                   -                                                       BROKEN: registry policy `,
      ),
      broken,
    );
    assert.strictEqual(
      created,
      `${SOURCE_ROW}333333333333/eu-west-1  prod-     created on arrival  template 'ROOT': IMMUTABLE tags, KMS (AWS managed key)  authorised`,
    );
  });

  it("preExistingRepositories listing that registry: clean, and its repositories 'must pre-exist'", () => {
    assert.strictEqual(listed.status, 0, listed.stderr);
    assert.strictEqual(listed.stderr, "");
    assert.ok(
      listed.stdout.includes(
        "Who can replicate what:\n" +
          "  direct routes only: replication does not chain, so an image reaches only the destinations of the registry it was pushed to\n" +
          "  source                  destination             prefixes  repositories        created as                                              status\n" +
          `${SOURCE_ROW}222222222222/us-west-2  prod-     must pre-exist      -                                                       authorised\n` +
          `${SOURCE_ROW}333333333333/eu-west-1  prod-     created on arrival  template 'ROOT': IMMUTABLE tags, KMS (AWS managed key)  authorised\n`,
      ),
      listed.stdout,
    );
    assert.ok(
      listed.stdout.endsWith(
        "Policy violations:\n  (none)\n\n" +
          "Summary: 13 resources (13 to create); 0 policy violations: 0 mandatory, 0 advisory\n",
      ),
      listed.stdout,
    );
  });
});

describe("preview: a policy pack config the pack does not take", function () {
  // The example's config with one mistake of each kind, checked against the real pack's schemas.
  this.timeout(120_000);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "preview-spec-"));
  const example = JSON.parse(fs.readFileSync(path.join(ROOT, EXAMPLE_CONFIG), "utf8")) as Record<
    string,
    Record<string, unknown>
  >;
  /** Writes the example's config with `change` applied to its entries, keeping their order. */
  const variant = (name: string, change: (key: string, value: unknown) => [string, unknown]) => {
    const file = path.join(directory, name);
    const entries = Object.entries(example).map(([key, value]) => change(key, value));
    fs.writeFileSync(file, JSON.stringify(Object.fromEntries(entries)));
    return file;
  };
  const misnamedFile = variant("misnamed.json", (key, value) => {
    if (key === "ecr-registry-policy-trusted-principals") {
      return ["ecr-registry-policy-trusted-principal", value];
    }
    if (key === "ecr-replication-prefix-required") {
      return [key, { allowedPrefix: ["prod-", "shared/"] }];
    }
    return [key, value];
  });
  const badValuesFile = variant("bad-values.json", (key, value) => {
    switch (key) {
      case "ecr-registry-policy-valid":
        return [key, { policyScope: "V3" }];
      case "ecr-registry-policy-trusted-principals":
        return [key, { trustedAccounts: [111111111111, "22222222222"] }];
      case "ecr-replication-destination-authorized":
        return [key, { preExistingRepositories: ["2222/us-west-2"] }];
      default:
        return [key, value];
    }
  });
  let misnamed: Outcome;
  let badValues: Outcome;

  before(async () => {
    [misnamed, badValues] = await Promise.all([
      preview("--policy-pack-config", misnamedFile),
      preview("--policy-pack-config", badValuesFile),
    ]);
  });

  it("an unknown policy or key: exit 2 naming the file, the policy and the key, with the closest name", () => {
    assert.deepStrictEqual(misnamed, {
      status: 2,
      stdout: "",
      stderr:
        `error: policy pack config ${misnamedFile}: invalid policy pack config:\n` +
        "ecr-registry-policy-trusted-principal: unknown policy: did you mean 'ecr-registry-policy-trusted-principals'?\n" +
        "ecr-replication-prefix-required.allowedPrefix: unknown key: did you mean 'allowedPrefixes'?\n",
    });
  });

  it("a value of the wrong type, outside its enum or its pattern: exit 2, every one at its path", () => {
    assert.deepStrictEqual(badValues, {
      status: 2,
      stdout: "",
      stderr:
        `error: policy pack config ${badValuesFile}: invalid policy pack config:\n` +
        "ecr-registry-policy-valid.policyScope: must be one of 'V1', 'V2', got 'V3'\n" +
        "ecr-registry-policy-trusted-principals.trustedAccounts[0]: must be of type string, got 111111111111\n" +
        "ecr-registry-policy-trusted-principals.trustedAccounts[1]: must match ^[0-9]{12}$, got '22222222222'\n" +
        "ecr-replication-destination-authorized.preExistingRepositories[0]: must match ^[0-9]{12}(/[a-z]{2}(-[a-z]+)+-[0-9]{1,2})?$, got '2222/us-west-2'\n",
    });
  });
});
