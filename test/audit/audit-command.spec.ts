/**
 * `npm run audit` end to end: the test organisation (test/fixtures/audit-org: authorised, broken
 * and unverified routes, a registry without a policy, a public policy, a foreign-partition ARN)
 * audited by the policy pack booted as the CLI boots it, with exact output; bad input; exit codes.
 *
 * The expected text, diagram and program are in test/audit/expected/; after a change to the
 * pack's messages or the renderers, regenerate and review them with:
 *   npm run -s audit -- --policy-pack-config test/fixtures/audit-org.config.json \
 *     --diagram test/audit/expected/audit-org.mmd test/fixtures/audit-org > test/audit/expected/audit-org.txt
 *   npm run -s audit -- --emit typescript test/fixtures/audit-org > test/audit/expected/audit-org.adopted.ts.txt
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { auditCommand } from "../../tools/audit";
import { AuditReport } from "../../tools/audit/report";
import { Outcome, runCommand } from "../run-command";

const ROOT = path.resolve(__dirname, "..", "..");
const ORGANISATION = path.join("test", "fixtures", "audit-org");
const BAD_INPUT = path.join("test", "fixtures", "audit-bad-input");
const CONFIG = path.join("test", "fixtures", "audit-org.config.json");
const EXPECTED = path.join(__dirname, "expected");
const TINY_PACK = path.join("test", "fixtures", "tiny-pack");

/** Runs `ecr-replication audit ...args` from source at the repository root. */
function audit(...args: string[]): Promise<Outcome> {
  return runCommand("audit", ...args);
}

function expected(file: string): string {
  return fs.readFileSync(path.join(EXPECTED, file), "utf8");
}

describe("audit: the command line, end to end", function () {
  // Every run boots the pack; they run at once, started in before().
  this.timeout(180_000);
  const diagram = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "audit-spec-")), "org.mmd");
  let text: Outcome;
  let json: Outcome;
  let unconfigured: Outcome;
  let badInput: Outcome;

  before(async () => {
    [text, json, unconfigured, badInput] = await Promise.all([
      audit("--policy-pack-config", CONFIG, "--diagram", diagram, ORGANISATION),
      audit("--policy-pack-config", CONFIG, "--json", ORGANISATION),
      audit(ORGANISATION),
      audit(BAD_INPUT),
    ]);
  });

  it("npm run audit runs the package command's audit (tools/cli.ts audit)", () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    assert.strictEqual(scripts.audit, "ts-node --transpile-only tools/cli.ts audit");
  });

  it("audits the test organisation: exit 1 (mandatory violations, broken routes), exact text", () => {
    assert.strictEqual(text.stderr, "");
    assert.strictEqual(text.status, 1);
    assert.strictEqual(text.stdout, expected("audit-org.txt"));
  });

  it("--diagram writes the organisation's topology, broken routes marked", () => {
    assert.strictEqual(fs.readFileSync(diagram, "utf8"), expected("audit-org.mmd"));
  });

  it("--json: one document with the preview's shape, plus what was read and where each finding is", () => {
    assert.strictEqual(json.status, 1, json.stderr);
    const report = JSON.parse(json.stdout) as AuditReport;
    assert.deepStrictEqual(Object.keys(report), [
      "project",
      "stack",
      "policyPack",
      "audit",
      "resources",
      "registryPolicies",
      "replicationConfigurations",
      "routes",
      "diagnostics",
      "summary",
    ]);
    assert.deepStrictEqual(report.summary, {
      resources: 11,
      violations: { mandatory: 8, advisory: 10 },
      registries: 7,
      routes: { authorised: 3, broken: 3, unverified: 1 },
      unreadable: 0,
    });
    assert.deepStrictEqual(
      report.routes.map((route) => [
        `${route.source.account}/${route.source.region}`,
        `${route.destination.account}/${route.destination.region}`,
        route.prefixes,
        route.status,
        route.repositories,
      ]),
      [
        [
          "111111111111/us-east-1",
          "222222222222/us-west-2",
          ["prod-", "shared/"],
          "authorised",
          "created on arrival",
        ],
        ["111111111111/us-east-1", "333333333333/us-west-2", ["prod-", "shared/"], "broken", null],
        [
          "111111111111/us-east-1",
          "111111111111/eu-west-1",
          ["prod-", "shared/"],
          "authorised",
          "created on arrival",
        ],
        ["111111111111/us-east-1", "555555555555/eu-west-1", ["team-a/"], "broken", null],
        ["111111111111/us-east-1", "999999999999/us-west-2", ["team-a/"], "unverified", null],
        [
          "111111111111/us-east-1",
          "666666666666/us-east-1",
          ["prod-"],
          "authorised",
          "must pre-exist",
        ],
        ["444444444444/us-east-1", "222222222222/us-west-2", ["tools"], "broken", null],
      ],
    );
    assert.deepStrictEqual(
      report.diagnostics.map((d) => [
        d.policyName,
        d.enforcementLevel,
        d.account,
        d.region,
        d.file,
      ]),
      [
        [
          "ecr-registry-policy-normal-form",
          "advisory",
          "222222222222",
          "us-west-2",
          "222222222222/us-west-2/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-normal-form",
          "advisory",
          "222222222222",
          "us-west-2",
          "222222222222/us-west-2/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-allowed-actions",
          "mandatory",
          "222222222222",
          "us-west-2",
          "222222222222/us-west-2/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-valid",
          "mandatory",
          "333333333333",
          "us-west-2",
          "333333333333/us-west-2/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-valid",
          "mandatory",
          "333333333333",
          "us-west-2",
          "333333333333/us-west-2/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-prefix-required",
          "mandatory",
          "444444444444",
          "us-east-1",
          "444444444444/us-east-1/get-registry-policy.json",
        ],
        [
          "ecr-registry-policy-no-public-access",
          "mandatory",
          "444444444444",
          "us-east-1",
          "444444444444/us-east-1/get-registry-policy.json",
        ],
        [
          "ecr-repository-prefix-boundary",
          "advisory",
          "444444444444",
          "us-east-1",
          "444444444444/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-destination-authorized",
          "mandatory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-destination-authorized",
          "mandatory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-destination-authorized",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-destination-authorized",
          "mandatory",
          "444444444444",
          "us-east-1",
          "444444444444/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
        [
          "ecr-replication-creation-template",
          "advisory",
          "111111111111",
          "us-east-1",
          "111111111111/us-east-1/describe-registry.json",
        ],
      ],
    );
    // The pack was sent the @pulumi/aws shapes, each with its registry's provider.
    const template = report.resources.find(
      (r) => r.type === "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
    );
    assert.deepStrictEqual(template, {
      urn: "urn:pulumi:organisation::ecr-audit::aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate::222222222222/us-west-2/describe-repository-creation-templates.json#0",
      type: "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
      name: "222222222222/us-west-2/describe-repository-creation-templates.json#0",
      operation: "read",
      parent: "urn:pulumi:organisation::ecr-audit::pulumi:pulumi:Stack::ecr-audit-organisation",
      provider: {
        urn: "urn:pulumi:organisation::ecr-audit::pulumi:providers:aws::aws-222222222222-us-west-2",
        name: "aws-222222222222-us-west-2",
        inputs: { region: "us-west-2", allowedAccountIds: '["222222222222"]' },
      },
      dependencies: [],
      inputs: {
        prefix: "prod",
        description: "Replicated production images",
        appliedFors: ["REPLICATION"],
        imageTagMutability: "IMMUTABLE",
        customRoleArn: "arn:aws:iam::222222222222:role/ecr-template-role",
        encryptionConfigurations: [{ encryptionType: "AES256" }],
        resourceTags: { team: "platform" },
        registryId: "222222222222",
        region: "us-west-2",
      },
    });
  });

  it("without a config file: schema defaults, so the route needing pre-existing repositories is broken", () => {
    assert.strictEqual(unconfigured.status, 1, unconfigured.stderr);
    assert.ok(unconfigured.stdout.includes("  policy pack config: none: schema defaults\n"));
    assert.ok(
      unconfigured.stdout.includes(
        "Summary: 7 registries in 6 accounts; 7 routes: 2 authorised, 4 BROKEN, 1 unverified;",
      ),
      unconfigured.stdout,
    );
  });

  it("bad input: one line per file naming what is wrong, the rest audited, exit 1", () => {
    assert.strictEqual(badInput.status, 1, badInput.stderr);
    assert.strictEqual(badInput.stderr, "");
    const lines = badInput.stdout.split("\n");
    const from = lines.indexOf("Could not be read (the rest was audited):");
    assert.deepStrictEqual(lines.slice(from), [
      "Could not be read (the rest was audited):",
      "  12345: is not a 12-digit account id: the audit reads one folder per account (12 digits), each with one folder per region",
      "  222222222222/us-west-2/describe-registry.json: is not the output of 'aws ecr describe-registry': expected an object with 'registryId' and 'replicationConfiguration', got an object with 'repositories'",
      '  222222222222/us-west-2/get-registry-policy.json: policyText is not a policy document: it is not JSON, got "Allow 111111111111 to replicate prod-*"',
      '  333333333333/us-west-2/describe-registry.json: is not JSON (it starts "REGISTRYID\\t333333333333"): save the AWS CLI\'s output with --output json',
      "  444444444444/us-east-1/get-registry-policy.json: registryId '999999999999' disagrees with its folder: account 444444444444",
      "  555555555555/us-east-1/get-registry-policy.txt: is not one of the files the audit reads (get-registry-policy.json, describe-registry.json, describe-repository-creation-templates.json, get-account-setting.json): did you mean get-registry-policy.json?",
      "  555555555555/useast1: is not a region such as 'us-west-2'",
      "  666666666666/us-east-1/get-account-setting.json: holds the account setting 'BASIC_SCAN_TYPE_VERSION', not REGISTRY_POLICY_SCOPE (collect it with --name REGISTRY_POLICY_SCOPE)",
      "  README.md: is not a folder: the audit reads one folder per account (12 digits), each with one folder per region",
      "",
      "Summary: 6 registries in 6 accounts; 1 route: 0 authorised, 0 BROKEN, 1 unverified; 2 policy violations: 0 mandatory, 2 advisory; 9 unreadable files or folders",
      "",
    ]);
    // The policy that could not be read is not taken for a missing one: unverified, not broken.
    assert.ok(
      badInput.stdout.includes(
        " unverified: no registry policy of 222222222222 in us-west-2 is among these resources: the destination could not be verified\n",
      ),
      badInput.stdout,
    );
  });
});

/** Runs `auditCommand` in this process, capturing what it writes. */
async function auditInProcess(...args: string[]): Promise<Outcome> {
  const captured = { stdout: "", stderr: "" };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => (captured.stdout += chunk) !== "") as never;
  process.stderr.write = ((chunk: string) => (captured.stderr += chunk) !== "") as never;
  try {
    const status = await auditCommand(args);
    return { status, ...captured };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

describe("audit: what cannot run, exit 2", function () {
  this.timeout(120_000);
  const usage = [
    "usage: ecr-replication audit [--policy-pack DIR] [--policy-pack-config FILE] [--json] [--diagram FILE] DIR",
    "       ecr-replication audit --emit typescript DIR",
  ].join("\n");

  it("nothing readable, a missing folder, a bad command line: one message each", async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "audit-spec-"));
    fs.mkdirSync(path.join(scratch, "111111111111", "us-east-1"), { recursive: true });
    fs.writeFileSync(path.join(scratch, "111111111111", "us-east-1", "describe-registry.json"), "");
    const missing = path.join(scratch, "missing");
    const outcomes = [];
    for (const args of [
      [scratch],
      [missing],
      [],
      ["--emit", "python", ORGANISATION],
      ["--emit", "typescript", "--json", ORGANISATION],
      [ORGANISATION, BAD_INPUT],
      ["--diagram", ORGANISATION],
      ["--policy-pack-config", path.join(scratch, "none.json"), ORGANISATION],
    ]) {
      outcomes.push(await auditInProcess(...args));
    }
    assert.deepStrictEqual(
      outcomes.map((outcome) => [outcome.status, outcome.stdout, outcome.stderr]),
      [
        [
          2,
          "",
          `error: nothing under ${scratch} could be read:\n  111111111111/us-east-1/describe-registry.json: is empty: save the AWS CLI's output with --output json\n`,
        ],
        [2, "", `error: ${missing} does not exist\n`],
        [2, "", `error: the folder to audit is missing\n${usage}\n`],
        [2, "", `error: --emit writes typescript, got 'python'\n${usage}\n`],
        [
          2,
          "",
          `error: --emit prints a program and runs no policy pack: it takes no --json\n${usage}\n`,
        ],
        [2, "", `error: unknown argument '${BAD_INPUT}'\n${usage}\n`],
        [2, "", `error: the folder to audit is missing\n${usage}\n`],
        [2, "", `error: policy pack config ${path.join(scratch, "none.json")} cannot be read\n`],
      ],
    );
  });

  it("a policy pack that cannot start: exit 2 with its message, nothing on stdout", async () => {
    const outcome = await auditInProcess(
      "--policy-pack",
      path.join(TINY_PACK, "broken"),
      ORGANISATION,
    );
    assert.strictEqual(outcome.status, 2);
    assert.strictEqual(outcome.stdout, "");
    assert.ok(
      outcome.stderr.startsWith(
        `error: policy pack ${path.join(ROOT, TINY_PACK, "broken")} exited (`,
      ),
      outcome.stderr,
    );
    assert.ok(outcome.stderr.includes("tiny-pack/broken refuses to start"), outcome.stderr);
  });
});
