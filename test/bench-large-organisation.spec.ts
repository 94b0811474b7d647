/**
 * The bench's large-organisation rows (tools/bench/large-organisation.ts): the stacks it previews
 * are the example with what each row says (25 or 100 accounts x 4 regions, or the organisation
 * alone), clean under the pack config it generates, so the times are those of a clean preview;
 * and the growth it reports is computed from the medians. Semantics only, never timings.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  growthOf,
  LARGE_ORGANISATION_EXAMPLE,
  LARGE_ORGANISATION_SHAPES,
  largeOrganisationPackConfig,
  largeOrganisationStackConfig,
  LargeOrganisationTiming,
  workloadAccount,
} from "../tools/bench/large-organisation";
import { runPreview } from "../tools/preview/run-preview";

const ROOT = path.resolve(__dirname, "..");

describe("bench: the large-organisation rows", function () {
  this.timeout(180_000);

  it("previews 25 and 100 accounts granted by id in 4 regions, and the organisation alone", () => {
    assert.deepStrictEqual(
      LARGE_ORGANISATION_SHAPES.map((s) => [s.name, s.accounts, s.regions]),
      [
        ["organization only (any number of accounts)", 0, 4],
        ["25 accounts x 4 regions", 25, 4],
        ["100 accounts x 4 regions", 100, 4],
      ],
    );
    const [organization, , hundred] = LARGE_ORGANISATION_SHAPES;
    assert.deepStrictEqual(largeOrganisationStackConfig(organization), {
      "ecr-large-organisation:buildRegistry": '{"accountId":"111111111111","region":"us-east-1"}',
      "ecr-large-organisation:hubAccount": "444444444444",
      "ecr-large-organisation:regions": '["us-east-1","us-west-2","eu-west-1","ap-southeast-2"]',
      "ecr-large-organisation:repositoryPrefixes": '["prod-","shared/"]',
      "ecr-large-organisation:createdRepositories":
        '{"imageTagMutability":"IMMUTABLE","encryptionType":"KMS","customRoleName":"ecr-replication-templates","allowRootTemplate":true}',
      "ecr-large-organisation:organizationId": "o-a1b2c3d4e5",
    });
    const accounts = JSON.parse(
      largeOrganisationStackConfig(hundred)["ecr-large-organisation:pullAccounts"],
    ) as string[];
    assert.deepStrictEqual(
      [accounts.length, new Set(accounts).size, accounts[0], accounts[99]],
      [100, 100, "600000000000", "600000000099"],
    );
    assert.strictEqual(
      largeOrganisationStackConfig(hundred)["ecr-large-organisation:organizationId"],
      undefined,
    );
    const trusted = (
      largeOrganisationPackConfig(ROOT, hundred)["ecr-registry-policy-trusted-principals"] as {
        trustedAccounts: string[];
      }
    ).trustedAccounts;
    assert.deepStrictEqual(
      [trusted.length, trusted[0], trusted[100]],
      [101, "111111111111", workloadAccount(99)],
    );
  });

  it("reports growth from the medians of the fewest and most accounts", () => {
    const timing = (accounts: number, preview: number, stack: number): LargeOrganisationTiming => ({
      shape: { name: String(accounts), accounts, regions: 4 },
      resources: 29,
      hubPolicyChars: 0,
      diagnostics: 0,
      mandatory: 0,
      previewMs: { median: preview, samples: [preview] },
      analyzeStackMs: { median: stack, samples: [stack] },
    });
    assert.deepStrictEqual(
      growthOf([timing(0, 900, 1), timing(100, 3000, 50), timing(25, 2000, 20)]),
      { accounts: 4, preview: 1.5, analyzeStack: 2.5 },
    );
    assert.strictEqual(growthOf([timing(0, 900, 1), timing(25, 2000, 20)]), undefined);
  });

  it("measures a clean preview: 100 accounts x 4 regions pass the pack configured for them", async () => {
    const shape = LARGE_ORGANISATION_SHAPES[2];
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-large-organisation-spec-"));
    const packConfigFile = path.join(scratch, "pack-config.json");
    fs.writeFileSync(packConfigFile, JSON.stringify(largeOrganisationPackConfig(ROOT, shape)));
    try {
      const report = await runPreview({
        projectDirectory: path.join(ROOT, LARGE_ORGANISATION_EXAMPLE),
        stack: "bench",
        policyPackDirectory: path.join(ROOT, "policypack"),
        policyPackConfigFile: packConfigFile,
        stackConfig: largeOrganisationStackConfig(shape),
      });
      assert.deepStrictEqual(report.diagnostics, []);
      assert.strictEqual(report.summary.resources, 29);
      // Every hub grants the 100 accounts pull in one statement.
      for (const { policy } of report.registryPolicies) {
        const pull = (policy as { Statement: { Sid: string; Principal: { AWS: string[] } }[] })
          .Statement[1];
        assert.deepStrictEqual(
          [pull.Sid, pull.Principal.AWS.length, pull.Principal.AWS[99]],
          ["PullAccessCrossAccount", 100, "arn:aws:iam::600000000099:root"],
        );
      }
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
