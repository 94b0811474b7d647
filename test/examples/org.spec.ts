/**
 * The example organisation (examples/org): the build project's stacks export what their
 * destinations must grant; the workload project's registry policy is built from those exports
 * through stack references. Both are previewed offline, the workload with `--stack-outputs`
 * files that are checked here to be exactly what the build program exports.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readProject, readStackConfig } from "../../tools/preview/project";
import { PreviewReport } from "../../tools/preview/report";
import { MockCloud, valueOf } from "../components/mock-cloud";
import { Outcome, runCommand } from "../run-command";

const ROOT = path.resolve(__dirname, "..", "..");
const BUILD = path.join("examples", "org", "build");
const WORKLOAD = path.join("examples", "org", "workload");
const GRANT_REMOVED = path.join("test", "fixtures", "org-workload-grant-removed");
const ORG_CONFIG = path.join("examples", "org", "policy-config.json");
const PROD_OUTPUTS = path.join(BUILD, "prod.outputs.json");
const TOOLS_OUTPUTS = path.join(BUILD, "tools.outputs.json");
/** `--stack-outputs acme/ecr-build/<stack>=<file>`. */
const outputsOf = (stack: string, file: string) => [
  "--stack-outputs",
  `acme/ecr-build/${stack}=${file}`,
];
const BOTH_OUTPUTS = [...outputsOf("prod", PROD_OUTPUTS), ...outputsOf("tools", TOOLS_OUTPUTS)];
const WORKLOAD_POLICY_URN =
  "urn:pulumi:prod::ecr-workload::ecr-replication:index:RegistryReplicationPolicy$aws:ecr/registryPolicy:RegistryPolicy::workload";

/** Runs `ecr-replication preview ...args` from source at the repository root. */
function preview(...args: string[]): Promise<Outcome> {
  return runCommand("preview", ...args);
}

function reportOf(outcome: Outcome): PreviewReport {
  assert.strictEqual(outcome.stderr, "", outcome.stderr);
  return JSON.parse(outcome.stdout) as PreviewReport;
}

/** Every export of the build program for one stack, run in this process on the mock runtime. */
async function buildExports(stack: string): Promise<Record<string, unknown>> {
  const project = readProject(path.join(ROOT, BUILD));
  const config = readStackConfig(project, stack);
  const cloud = new MockCloud();
  await cloud.install(project.name, stack, JSON.parse(config["aws:allowedAccountIds"])[0]);
  try {
    pulumi.runtime.setAllConfig(config);
    delete require.cache[require.resolve(project.main)];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const exported = require(project.main) as Record<string, pulumi.Output<unknown>>;
    const values: Record<string, unknown> = {};
    for (const [name, output] of Object.entries(exported)) {
      values[name] = await valueOf(output);
    }
    // Let the program's last registrations reach this monitor before the next run replaces it.
    await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
    return values;
  } finally {
    cloud.uninstall();
  }
}

describe("example organisation: the outputs files are what the build stacks export", () => {
  for (const [stack, file] of [
    ["prod", PROD_OUTPUTS],
    ["tools", TOOLS_OUTPUTS],
  ]) {
    it(`${file} holds every output of the build program's stack ${stack}`, async () => {
      assert.deepStrictEqual(
        await buildExports(stack),
        JSON.parse(fs.readFileSync(path.join(ROOT, file), "utf8")),
      );
    });
  }
});

describe("example organisation: both projects previewed offline", function () {
  this.timeout(180_000);
  let buildProd: Outcome;
  let buildTools: Outcome;
  let workload: Outcome;
  let workloadText: Outcome;
  let grantRemoved: Outcome;
  let secretRoutes: Outcome;
  let secretWorkload: Outcome;
  let missing: Outcome;
  const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "org-spec-")), "prod.json");

  before(async () => {
    // The build stack's routes output kept secret, as the engine's wrapper marks it.
    const outputs = JSON.parse(fs.readFileSync(path.join(ROOT, PROD_OUTPUTS), "utf8")) as Record<
      string,
      unknown
    >;
    outputs.ecrReplicationRoutes = {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: outputs.ecrReplicationRoutes,
    };
    fs.writeFileSync(secretFile, JSON.stringify(outputs));
    // Two CPUs: a few previews at a time.
    const build = (stack: string) =>
      preview("--cwd", BUILD, "--stack", stack, "--policy-pack-config", ORG_CONFIG, "--json");
    const workloadWith = (...args: string[]) =>
      preview("--cwd", WORKLOAD, "--stack", "prod", "--policy-pack-config", ORG_CONFIG, ...args);
    const grantRemovedWith = (outputsFile: string) =>
      preview(
        "--cwd",
        GRANT_REMOVED,
        "--stack",
        "prod",
        "--json",
        ...outputsOf("prod", outputsFile),
      );
    [buildProd, buildTools, workload] = await Promise.all([
      build("prod"),
      build("tools"),
      workloadWith("--json", ...BOTH_OUTPUTS),
    ]);
    [grantRemoved, secretRoutes, missing] = await Promise.all([
      grantRemovedWith(PROD_OUTPUTS),
      grantRemovedWith(secretFile),
      workloadWith(...outputsOf("prod", PROD_OUTPUTS)),
    ]);
    [workloadText, secretWorkload] = await Promise.all([
      workloadWith(...BOTH_OUTPUTS),
      workloadWith(
        "--json",
        ...outputsOf("prod", secretFile),
        ...outputsOf("tools", TOOLS_OUTPUTS),
      ),
    ]);
  });

  it("previews each build stack: its replication configuration only, no mandatory finding", () => {
    for (const [outcome, source] of [
      [buildProd, "111111111111/us-east-1"],
      [buildTools, "444444444444/us-east-1"],
    ] as const) {
      assert.strictEqual(outcome.status, 0, outcome.stderr);
      const report = reportOf(outcome);
      assert.deepStrictEqual(
        report.resources.map((r) => `${r.operation} ${r.type} ${r.name}`),
        [
          `create pulumi:pulumi:Stack ecr-build-${report.stack}`,
          "create ecr-replication:index:RegistryReplication build",
          "create aws:ecr/replicationConfiguration:ReplicationConfiguration build",
        ],
      );
      assert.deepStrictEqual(report.registryPolicies, []);
      assert.deepStrictEqual(
        report.routes.map((r) => `${r.source.account}/${r.source.region} ${r.status}`),
        report.routes.map(() => `${source} unverified`),
      );
      assert.ok(report.diagnostics.every((d) => d.enforcementLevel === "advisory"));
    }
  });

  it("previews the workload with both build stacks' outputs: their grants merged into its one policy, exactly", () => {
    assert.strictEqual(workload.status, 0, workload.stderr);
    const report = reportOf(workload);
    // Sorted: reads and registrations reach the monitor in an order that varies between runs.
    assert.deepStrictEqual(
      report.resources.map((r) => `${r.operation} ${r.type} ${r.name}`).sort(),
      [
        "create aws:ecr/registryPolicy:RegistryPolicy workload",
        "create ecr-replication:index:RegistryReplicationPolicy workload",
        "create pulumi:pulumi:Stack ecr-workload-prod",
        "read pulumi:pulumi:StackReference acme/ecr-build/prod",
        "read pulumi:pulumi:StackReference acme/ecr-build/tools",
      ],
    );
    assert.deepStrictEqual(report.registryPolicies, [
      {
        urn: WORKLOAD_POLICY_URN,
        name: "workload",
        account: "222222222222",
        region: "us-west-2",
        policy: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReplicationAccessCrossAccount1",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
              Resource: [
                "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
                "arn:aws:ecr:us-west-2:222222222222:repository/shared/*",
              ],
            },
            {
              Sid: "ReplicationAccessCrossAccount2",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::444444444444:root" },
              Action: ["ecr:ReplicateImage"],
              Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/tools/*"],
            },
            {
              Sid: "DataTeamReplication",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::555555555555:root" },
              Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
              Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/data-*"],
            },
          ],
        },
      },
    ]);
    assert.deepStrictEqual(
      report.routes.map((r) => [
        r.referencedStack,
        r.source.account,
        `${r.destination.account}/${r.destination.region}`,
        r.prefixes,
        r.repositories,
        r.status,
      ]),
      [
        [
          "acme/ecr-build/prod",
          "111111111111",
          "222222222222/us-west-2",
          ["prod-", "shared/"],
          "created on arrival",
          "authorised",
        ],
        [
          "acme/ecr-build/tools",
          "444444444444",
          "222222222222/us-west-2",
          ["tools/"],
          "must pre-exist",
          "authorised",
        ],
      ],
    );
    assert.deepStrictEqual(report.diagnostics, []);
    // The text report shows the reads and the routes too.
    assert.strictEqual(workloadText.status, 0, workloadText.stderr);
    assert.ok(
      workloadText.stdout.includes("> pulumi:pulumi:StackReference acme/ecr-build/tools read"),
    );
  });

  it("reports, in the workload stack, the grant removed while the build stack still replicates there", () => {
    assert.strictEqual(grantRemoved.status, 1, grantRemoved.stderr);
    const report = reportOf(grantRemoved);
    assert.deepStrictEqual(
      report.diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn, d.message]),
      [
        [
          "ecr-replication-destination-authorized",
          "mandatory",
          WORKLOAD_POLICY_URN,
          `stack reference 'acme/ecr-build/prod' ecrReplicationRoutes['222222222222/us-west-2'][0] (111111111111 -> 222222222222 in us-west-2 ('prod-', 'shared/')) will fail at run time: registry policy workload does not grant 111111111111 ecr:ReplicateImage nor ecr:CreateRepository on 'shared/a' (prefix 'shared/'): grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        ],
      ],
    );
  });

  it("keeps a secret output secret: the policy built from it is a secret, still judged", () => {
    assert.strictEqual(secretWorkload.status, 0, secretWorkload.stderr);
    const report = reportOf(secretWorkload);
    const policy = report.resources.find((r) => r.type === "aws:ecr/registryPolicy:RegistryPolicy");
    assert.deepStrictEqual(policy?.inputs, { policy: "[secret]", region: "us-west-2" });
    assert.deepStrictEqual(
      report.registryPolicies.map((p) => p.policy),
      ["[secret]"],
    );
    assert.deepStrictEqual(
      report.routes.map((r) => [r.referencedStack, r.status]),
      [
        ["acme/ecr-build/prod", "authorised"],
        ["acme/ecr-build/tools", "authorised"],
      ],
    );
    assert.deepStrictEqual(report.diagnostics, []);
    // A secret output is judged by its content: the removed grant is found the same.
    assert.strictEqual(secretRoutes.status, 1, secretRoutes.stderr);
    assert.deepStrictEqual(
      reportOf(secretRoutes).diagnostics.map((d) => [d.policyName, d.urn, d.message]),
      reportOf(grantRemoved).diagnostics.map((d) => [d.policyName, d.urn, d.message]),
    );
  });

  it("exits 2 for a stack reference without outputs, naming the stack and the flag", () => {
    assert.strictEqual(missing.status, 2);
    assert.strictEqual(missing.stdout, "");
    assert.strictEqual(
      missing.stderr,
      "error: program examples/org/workload failed: the offline preview has no outputs for the stack reference 'acme/ecr-build/tools': pass --stack-outputs acme/ecr-build/tools=<file.json> (its outputs, as pulumi stack output --json --show-secrets prints them)\n",
    );
  });
});
