/**
 * The large-organisation example (examples/large-organisation), previewed offline as a user runs
 * it: the build registry replicates to a hub registry in each of 4 regions, each hub's registry
 * policy lets the organisation pull (aws:PrincipalOrgID), and the pack, with the example's config
 * (pull actions allowed, the organisation trusted), finds nothing. Without that config the pack
 * refuses the pull actions: the config is part of the pattern.
 */
import * as assert from "assert";
import * as path from "path";
import { buildRegistryPolicy } from "../components";
import { PreviewReport } from "../tools/preview/report";
import { PreviewFailure, runPreview } from "../tools/preview/run-preview";
import { Outcome, runCommand } from "./run-command";

const ROOT = path.resolve(__dirname, "..");
const EXAMPLE = path.join("examples", "large-organisation");
const PACK_CONFIG = path.join(EXAMPLE, "policy-pack-config.json");
const BUILD = { accountId: "111111111111", region: "us-east-1" };
const HUB = "444444444444";
const REGIONS = ["ap-southeast-2", "eu-west-1", "us-east-1", "us-west-2"];
const PREFIXES = ["prod-", "shared/"];
const ORG = "o-a1b2c3d4e5";

/** Runs `ecr-replication preview ...args` from source at the repository root. */
function preview(...args: string[]): Promise<Outcome> {
  return runCommand("preview", ...args);
}

describe("the large-organisation example, previewed offline", function () {
  this.timeout(180_000);
  let json: Outcome;
  let text: Outcome;
  let defaults: Outcome;

  before(async () => {
    const example = ["--cwd", EXAMPLE, "--stack", "org"];
    [json, text, defaults] = await Promise.all([
      preview(...example, "--policy-pack-config", PACK_CONFIG, "--json"),
      preview(...example, "--policy-pack-config", PACK_CONFIG),
      preview(...example, "--policy-pack-config", path.join("policypack", "config.example.json")),
    ]);
  });

  it("is clean with its pack config: no finding at any level, exit 0", () => {
    assert.strictEqual(json.status, 0, json.stderr);
    const report = JSON.parse(json.stdout) as PreviewReport;
    assert.deepStrictEqual(report.diagnostics, []);
    assert.deepStrictEqual(report.summary, {
      resources: 29,
      violations: { mandatory: 0, advisory: 0 },
    });
    assert.strictEqual(text.status, 0, text.stderr);
    assert.ok(
      text.stdout.endsWith(
        "Policy violations:\n  (none)\n\n" +
          "Summary: 29 resources (29 to create); 0 policy violations: 0 mandatory, 0 advisory\n",
      ),
      text.stdout,
    );
  });

  it("replicates to one hub per region, 4 of ECR's 25 destinations, each route authorised", () => {
    const report = JSON.parse(json.stdout) as PreviewReport;
    assert.deepStrictEqual(
      report.replicationConfigurations.map((c) => [c.account, c.region, c.rules]),
      [
        [
          BUILD.accountId,
          BUILD.region,
          [
            {
              rule: 0,
              destinations: REGIONS.map((region) => `${HUB}/${region}`),
              filters: PREFIXES,
            },
          ],
        ],
      ],
    );
    assert.deepStrictEqual(
      report.routes.map((r) => [r.destination.account, r.destination.region, r.status]),
      REGIONS.map((region) => [HUB, region, "authorised"]),
    );
  });

  it("gives each hub the registry policy built from the replication and pull grants", () => {
    const report = JSON.parse(json.stdout) as PreviewReport;
    assert.deepStrictEqual(
      // The report holds each policy parsed: its JSON again is the text deployed, byte for byte.
      report.registryPolicies.map((p) => [p.account, p.region, JSON.stringify(p.policy)]),
      REGIONS.map((region) => [
        HUB,
        region,
        buildRegistryPolicy(
          { accountId: HUB, region },
          [
            {
              accountId: BUILD.accountId,
              repositoryPrefixes: PREFIXES,
              allowCreateRepository: true,
            },
          ],
          { pullGrants: [{ organizationIds: [ORG], repositoryPrefixes: PREFIXES }] },
        ).json,
      ]),
    );
    const statement = (report.registryPolicies[3].policy as { Statement: unknown[] }).Statement[1];
    assert.deepStrictEqual(statement, {
      Sid: "PullAccessOrganization",
      Effect: "Allow",
      Principal: "*",
      Action: [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:GetDownloadUrlForLayer",
      ],
      Resource: [
        "arn:aws:ecr:us-west-2:444444444444:repository/prod-*",
        "arn:aws:ecr:us-west-2:444444444444:repository/shared/*",
      ],
      Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
    });
  });

  it("is refused by a pack allowing only the replication actions: the pattern needs its config", () => {
    assert.strictEqual(defaults.status, 1, defaults.stderr);
    assert.ok(
      defaults.stdout.includes(
        "  registry 444444444444/ap-southeast-2:\n" +
          "    build-to-hubs-policy-444444444444-ap-southeast-2 (aws:ecr/registryPolicy:RegistryPolicy)\n" +
          "      [mandatory] ecr-registry-policy-allowed-actions\n",
      ),
      defaults.stdout,
    );
  });

  it("refuses a stack config naming neither an organisation nor accounts, naming both keys", async () => {
    await assert.rejects(
      runPreview({
        projectDirectory: path.join(ROOT, EXAMPLE),
        stack: "org",
        policyPackDirectory: path.join(ROOT, "policypack"),
        stackConfig: {
          "ecr-large-organisation:buildRegistry": JSON.stringify(BUILD),
          "ecr-large-organisation:hubAccount": HUB,
          "ecr-large-organisation:regions": JSON.stringify(REGIONS),
          "ecr-large-organisation:repositoryPrefixes": JSON.stringify(PREFIXES),
        },
      }),
      (error: unknown) => {
        assert.ok(error instanceof PreviewFailure, String(error));
        assert.strictEqual(
          error.message,
          "program examples/large-organisation failed: ecr-large-organisation:organizationId or ecr-large-organisation:pullAccounts must be set: who pulls from the hubs",
        );
        return true;
      },
    );
  });
});
