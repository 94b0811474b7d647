import * as assert from "assert";
import { replicationAllowedDestinations } from "../../policypack/policies/replication-allowed-destinations";
import { replicationPrefixRequired } from "../../policypack/policies/replication-prefix-required";
import { replicationValid } from "../../policypack/policies/replication-valid";
import { repositoryPrefixBoundary } from "../../policypack/policies/repository-prefix-boundary";
import { replicationConfiguration, registryPolicy, rulesOf } from "./fixtures";
import { advisory, mandatory, runResourcePolicy, secret, UNKNOWN } from "./run-policy";

describe("ecr-replication-valid", () => {
  it("passes the example replication configuration and ignores other types", async () => {
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, replicationConfiguration()),
      [],
    );
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, registryPolicy("222222222222", "us-west-2")),
      [],
    );
  });

  it("reports a malformed registry id with its path", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[1].registryId = "33333333333";
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory(
        "replicationConfiguration.rules[0].destinations[1].registryId: must be a 12-digit AWS account id, got '33333333333'",
      ),
    );
  });

  it("reports a destination equal to the source registry located from the provider", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[0] = { region: "us-east-1", registryId: "111111111111" };
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory(
        "replicationConfiguration.rules[0].destinations[0]: must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself",
      ),
    );
  });

  it("reports a destination in another partition than the source's v7 region input", async () => {
    const resource = replicationConfiguration();
    resource.props.region = "cn-north-1";
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory(
        "replicationConfiguration.rules[0].destinations[0].region: must be in the source registry's partition aws-cn (cn-north-1), got 'us-west-2' in aws: replication cannot cross partitions",
        "replicationConfiguration.rules[0].destinations[1].region: must be in the source registry's partition aws-cn (cn-north-1), got 'eu-west-1' in aws: replication cannot cross partitions",
      ),
    );
  });

  it("reports more than 25 unique destinations across the rules at the rules, once", async () => {
    /** `count` accounts from 4000000000<from> on, in us-west-2. */
    const accounts = (count: number, from = 0) =>
      Array.from({ length: count }, (_, i) => ({
        region: "us-west-2",
        registryId: `4000000000${String(from + i).padStart(2, "0")}`,
      }));
    const resource = replicationConfiguration();
    // The example's 2 destinations, then 2 rules of 14 accounts each sharing 2: 28 unique.
    rulesOf(resource).push(
      {
        destinations: accounts(14),
        repositoryFilters: [{ filter: "tools/", filterType: "PREFIX_MATCH" }],
      },
      {
        destinations: accounts(14, 12),
        repositoryFilters: [{ filter: "docs/", filterType: "PREFIX_MATCH" }],
      },
    );
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory(
        "replicationConfiguration.rules: must name at most 25 unique destinations across all rules (ECR limit), got 28; after the first 25 in rule order: 400000000023 in us-west-2, 400000000024 in us-west-2 and 400000000025 in us-west-2",
      ),
    );
    rulesOf(resource)[2].destinations = accounts(11, 12);
    assert.deepStrictEqual(await runResourcePolicy(replicationValid, resource), []);
  });

  it("reads a secret-wrapped configuration", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].repositoryFilters = [{ filter: "Prod", filterType: "PREFIX_MATCH" }];
    resource.props.replicationConfiguration = secret(resource.props.replicationConfiguration);
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory(
        "replicationConfiguration.rules[0].repositoryFilters[0].filter: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod'",
      ),
    );
  });

  it("says what could not be checked at preview, as an advisory, without failing", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[0].registryId = UNKNOWN;
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      advisory(
        "the replication configuration could not be checked at preview: replicationConfiguration.rules[0].destinations[0].registryId is unknown until apply",
      ),
    );
  });

  it("reports a wrongly typed configuration instead of crashing", async () => {
    const resource = replicationConfiguration();
    resource.props.replicationConfiguration = { rules: 3 };
    assert.deepStrictEqual(
      await runResourcePolicy(replicationValid, resource),
      mandatory("replicationConfiguration.rules: must be a list, got 3"),
    );
  });
});

describe("ecr-replication-prefix-required", () => {
  const config = { allowedPrefixes: ["prod-", "shared/"] };

  it("passes rules whose filters lie within the allowed prefixes", async () => {
    assert.deepStrictEqual(
      await runResourcePolicy(replicationPrefixRequired, replicationConfiguration(), config),
      [],
    );
  });

  it("reports a rule without filters: it replicates every repository", async () => {
    const resource = replicationConfiguration();
    delete rulesOf(resource)[0].repositoryFilters;
    assert.deepStrictEqual(
      await runResourcePolicy(replicationPrefixRequired, resource),
      mandatory(
        "replicationConfiguration.rules[0] has no PREFIX_MATCH repository filter, so it replicates every repository: it must have at least one, such as 'prod-'",
      ),
    );
  });

  it("reports a filter outside the allowed prefixes with a name it also replicates", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].repositoryFilters = [{ filter: "prod", filterType: "PREFIX_MATCH" }];
    assert.deepStrictEqual(
      await runResourcePolicy(replicationPrefixRequired, resource, config),
      mandatory(
        "replicationConfiguration.rules[0].repositoryFilters[0].filter 'prod' must lie within an allowed prefix ('prod-', 'shared/'): it also replicates 'proda'",
      ),
    );
  });

  it("accepts a narrower filter within an allowed prefix", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].repositoryFilters = [{ filter: "prod-api", filterType: "PREFIX_MATCH" }];
    assert.deepStrictEqual(
      await runResourcePolicy(replicationPrefixRequired, resource, config),
      [],
    );
  });

  it("says an unknown filter could not be checked at preview", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].repositoryFilters = [{ filter: UNKNOWN, filterType: "PREFIX_MATCH" }];
    assert.deepStrictEqual(
      await runResourcePolicy(replicationPrefixRequired, resource, config),
      advisory(
        "the repository filters could not be checked at preview: replicationConfiguration.rules[0].repositoryFilters[0].filter is unknown until apply",
      ),
    );
  });
});

describe("ecr-replication-allowed-destinations", () => {
  const config = {
    allowedAccounts: ["222222222222", "333333333333"],
    allowedRegions: ["us-west-2", "eu-west-1"],
  };

  it("passes destinations in allowed accounts and regions, and anything unconfigured", async () => {
    const resource = replicationConfiguration();
    assert.deepStrictEqual(
      await runResourcePolicy(replicationAllowedDestinations, resource, config),
      [],
    );
    rulesOf(resource)[0].destinations[0].registryId = "444444444444";
    assert.deepStrictEqual(await runResourcePolicy(replicationAllowedDestinations, resource), []);
  });

  it("reports a destination account outside allowedAccounts", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[0].registryId = "444444444444";
    assert.deepStrictEqual(
      await runResourcePolicy(replicationAllowedDestinations, resource, config),
      mandatory(
        "replicationConfiguration.rules[0].destinations[0].registryId '444444444444' is not an allowed destination account: it must be one of 222222222222, 333333333333",
      ),
    );
  });

  it("reports a destination region outside allowedRegions", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[1].region = "ap-south-1";
    assert.deepStrictEqual(
      await runResourcePolicy(replicationAllowedDestinations, resource, config),
      mandatory(
        "replicationConfiguration.rules[0].destinations[1].region 'ap-south-1' is not an allowed destination region: it must be one of us-west-2, eu-west-1",
      ),
    );
  });

  it("says an unknown destination could not be checked at preview", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].destinations[1].region = UNKNOWN;
    assert.deepStrictEqual(
      await runResourcePolicy(replicationAllowedDestinations, resource, config),
      advisory(
        "the replication destinations could not be checked at preview: replicationConfiguration.rules[0].destinations[1].region is unknown until apply",
      ),
    );
  });
});

describe("ecr-repository-prefix-boundary (replication filters)", () => {
  it("passes filters ending at a name boundary", async () => {
    assert.deepStrictEqual(
      await runResourcePolicy(repositoryPrefixBoundary, replicationConfiguration()),
      [],
    );
  });

  it("advises on a filter that matches more than it looks", async () => {
    const resource = replicationConfiguration();
    rulesOf(resource)[0].repositoryFilters = [{ filter: "prod", filterType: "PREFIX_MATCH" }];
    assert.deepStrictEqual(
      await runResourcePolicy(repositoryPrefixBoundary, resource),
      advisory(
        "replicationConfiguration.rules[0].repositoryFilters[0].filter 'prod' does not end in '-', '_', '.' or '/', so it matches more than it looks, such as 'proda': end it at a name boundary, such as 'prod-'",
      ),
    );
  });

  it("stays silent on a filter ecr-replication-valid rejects: one finding per problem", async () => {
    for (const filter of ["p", "Prod", `a${"b".repeat(256)}`]) {
      const resource = replicationConfiguration();
      rulesOf(resource)[0].repositoryFilters = [{ filter, filterType: "PREFIX_MATCH" }];
      assert.strictEqual((await runResourcePolicy(replicationValid, resource)).length, 1, filter);
      assert.deepStrictEqual(
        await runResourcePolicy(repositoryPrefixBoundary, resource),
        [],
        filter,
      );
    }
  });

  it("advises on a filter ECR takes but no repository name starts with: it replicates nothing", async () => {
    const resource = replicationConfiguration();
    // ECR's filter pattern accepts '-prod' and 'prod--', but no repository name starts with a
    // separator or has two in a row.
    rulesOf(resource)[0].repositoryFilters = [
      { filter: "-prod", filterType: "PREFIX_MATCH" },
      { filter: "prod--", filterType: "PREFIX_MATCH" },
    ];
    assert.deepStrictEqual(await runResourcePolicy(replicationValid, resource), []);
    const rule =
      "names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time";
    assert.deepStrictEqual(
      await runResourcePolicy(repositoryPrefixBoundary, resource),
      advisory(
        `replicationConfiguration.rules[0].repositoryFilters[0].filter '-prod' matches no repository: no repository name starts with '-prod' (${rule})`,
        `replicationConfiguration.rules[0].repositoryFilters[1].filter 'prod--' matches no repository: no repository name starts with 'prod--' (${rule})`,
      ),
    );
  });
});
