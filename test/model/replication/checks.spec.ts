import * as assert from "assert";
import {
  SECRET_SIGNATURE,
  SIGNATURE_KEY,
  UNKNOWN_STRING_VALUE,
} from "../../../components/model/core";
import { checkReplicationConfiguration } from "../../../components/model/replication/checks";
import { readReplicationRules } from "../../../components/model/replication/rules";

/** Source 111111111111 in us-east-1 replicating `prod-` to two accounts. */
function validConfiguration() {
  return {
    rules: [
      {
        destinations: [
          { region: "us-west-2", registryId: "222222222222" },
          { region: "eu-west-1", registryId: "333333333333" },
        ],
        repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
      },
    ],
  };
}

const source = { account: "111111111111", region: "us-east-1" };

describe("checkReplicationConfiguration", () => {
  it("accepts a valid configuration, and an absent one", () => {
    assert.deepStrictEqual(checkReplicationConfiguration(validConfiguration(), { source }), []);
    assert.deepStrictEqual(checkReplicationConfiguration(undefined), []);
  });

  it("refuses a configuration that is not an object, and rules that are not a list", () => {
    assert.deepStrictEqual(checkReplicationConfiguration("rules"), [
      {
        path: "replicationConfiguration",
        message: "must be an object { rules: [...] }, got 'rules'",
      },
    ]);
    assert.deepStrictEqual(checkReplicationConfiguration({ rules: { destinations: [] } }), [
      {
        path: "replicationConfiguration.rules",
        message: 'must be a list, got {"destinations":[]}',
      },
    ]);
  });

  it("refuses more than 10 rules", () => {
    const config = { rules: Array.from({ length: 11 }, () => validConfiguration().rules[0]) };
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules",
        message: "must have at most 10 rules (ECR limit), got 11",
      },
    ]);
  });

  it("refuses a rule without destinations and one with more than 25", () => {
    const empty = validConfiguration();
    empty.rules[0].destinations = [];
    assert.deepStrictEqual(checkReplicationConfiguration(empty, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations",
        message: "must name at least one destination: a rule without one replicates nothing",
      },
    ]);
    const many = validConfiguration();
    many.rules[0].destinations = Array.from({ length: 26 }, (_, i) => ({
      region: "us-west-2",
      registryId: String(200000000000 + i),
    }));
    // One rule's destinations count towards the configuration's 25 unique destinations.
    assert.deepStrictEqual(checkReplicationConfiguration(many, { source }), [
      {
        path: "replicationConfiguration.rules",
        message:
          "must name at most 25 unique destinations across all rules (ECR limit), got 26; after the first 25 in rule order: 200000000025 in us-west-2",
      },
    ]);
  });

  it("refuses more than 25 unique destinations across all rules, counting each once", () => {
    /** Rule `r` to 25 destinations: accounts 2r00000000nn in us-west-2. */
    const rule = (r: number) => ({
      destinations: Array.from({ length: 25 }, (_, i) => ({
        region: "us-west-2",
        registryId: String(200000000000 + r * 10_000_000_000 + i),
      })),
      repositoryFilters: [{ filter: `team-${r}/`, filterType: "PREFIX_MATCH" }],
    });
    // 10 rules of 25 different destinations each: each rule alone is within 25, the whole is not.
    const ten = { rules: Array.from({ length: 10 }, (_, r) => rule(r)) };
    assert.deepStrictEqual(checkReplicationConfiguration(ten, { source }), [
      {
        path: "replicationConfiguration.rules",
        message:
          "must name at most 25 unique destinations across all rules (ECR limit), got 250; after the first 25 in rule order: 210000000000 in us-west-2, 210000000001 in us-west-2, 210000000002 in us-west-2, 210000000003 in us-west-2, 210000000004 in us-west-2 and 220 more",
      },
    ]);
    // The same 25 destinations in 10 rules are 25 unique destinations.
    const same = {
      rules: Array.from({ length: 10 }, (_, r) => ({
        ...rule(0),
        repositoryFilters: rule(r).repositoryFilters,
      })),
    };
    assert.deepStrictEqual(checkReplicationConfiguration(same, { source }), []);
    // 25 across two rules pass; one more in either is refused, naming it.
    const split = {
      rules: [rule(0), { ...rule(1), destinations: rule(0).destinations.slice(0, 5) }],
    };
    assert.deepStrictEqual(checkReplicationConfiguration(split, { source }), []);
    split.rules[1].destinations.push({ region: "eu-west-1", registryId: "200000000000" });
    assert.deepStrictEqual(checkReplicationConfiguration(split, { source }), [
      {
        path: "replicationConfiguration.rules",
        message:
          "must name at most 25 unique destinations across all rules (ECR limit), got 26; after the first 25 in rule order: 200000000000 in eu-west-1",
      },
    ]);
  });

  it("does not count a destination unknown until apply", () => {
    const config = validConfiguration() as { rules: { destinations: unknown[] }[] };
    config.rules[0].destinations = [
      ...Array.from({ length: 25 }, (_, i) => ({
        region: "us-west-2",
        registryId: String(200000000000 + i),
      })),
      { region: "us-west-2", registryId: UNKNOWN_STRING_VALUE },
    ];
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), []);
  });

  it("refuses more than 100 filters in a rule", () => {
    const config = validConfiguration();
    config.rules[0].repositoryFilters = Array.from({ length: 101 }, (_, i) => ({
      filter: `team${i}-`,
      filterType: "PREFIX_MATCH",
    }));
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].repositoryFilters",
        message: "must have at most 100 filters per rule (ECR limit), got 101",
      },
    ]);
  });

  it("refuses a filter of the wrong length, pattern or type", () => {
    const config = validConfiguration();
    config.rules[0].repositoryFilters = [
      { filter: "p", filterType: "PREFIX_MATCH" },
      { filter: "Prod-", filterType: "PREFIX_MATCH" },
      { filter: "prod-", filterType: "SUFFIX_MATCH" },
    ];
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].repositoryFilters[0].filter",
        message: "must be 2 to 256 characters, got 'p' (1)",
      },
      {
        path: "replicationConfiguration.rules[0].repositoryFilters[1].filter",
        message:
          "must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod-'",
      },
      {
        path: "replicationConfiguration.rules[0].repositoryFilters[2].filterType",
        message: "must be 'PREFIX_MATCH' (the only filter type ECR supports), got 'SUFFIX_MATCH'",
      },
    ]);
  });

  it("refuses a malformed registry id and region", () => {
    const config = validConfiguration();
    config.rules[0].destinations[0] = { region: "US-WEST-2", registryId: "2222" };
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations[0].registryId",
        message: "must be a 12-digit AWS account id, got '2222'",
      },
      {
        path: "replicationConfiguration.rules[0].destinations[0].region",
        message: "must be an AWS region such as 'us-west-2', got 'US-WEST-2'",
      },
    ]);
  });

  it("refuses a destination equal to the known source registry", () => {
    const config = validConfiguration();
    config.rules[0].destinations[0] = { region: "us-east-1", registryId: "111111111111" };
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations[0]",
        message:
          "must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself",
      },
    ]);
    // Without a known source the same configuration cannot be judged on that point.
    assert.deepStrictEqual(checkReplicationConfiguration(config), []);
  });

  it("refuses a destination in another partition than the source", () => {
    const config = validConfiguration();
    config.rules[0].destinations[1].region = "us-gov-west-1";
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations[1].region",
        message:
          "must be in the source registry's partition aws (us-east-1), got 'us-gov-west-1' in aws-us-gov: replication cannot cross partitions",
      },
    ]);
  });

  it("refuses a destination repeated within a rule", () => {
    const config = validConfiguration();
    config.rules[0].destinations[1] = { region: "us-west-2", registryId: "222222222222" };
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations[1]",
        message:
          "repeats destination 222222222222 in us-west-2 of replicationConfiguration.rules[0].destinations[0]: each destination may appear once per rule",
      },
    ]);
  });

  it("skips unknown values and reveals secrets instead of failing on them", () => {
    const config = validConfiguration();
    config.rules[0].destinations[0].registryId = UNKNOWN_STRING_VALUE;
    const wrapped = {
      [SIGNATURE_KEY]: SECRET_SIGNATURE,
      value: { region: "eu-west-1", registryId: "33" },
    };
    const withSecret = { rules: [{ ...config.rules[0], destinations: [wrapped] }] };
    assert.deepStrictEqual(checkReplicationConfiguration(config, { source }), []);
    assert.deepStrictEqual(checkReplicationConfiguration(withSecret, { source }), [
      {
        path: "replicationConfiguration.rules[0].destinations[0].registryId",
        message: "must be a 12-digit AWS account id, got '33'",
      },
    ]);
  });

  it("reports wrongly typed rules, destinations and filters by path", () => {
    const config = {
      rules: [7, { destinations: ["x"], repositoryFilters: [null] }],
    };
    assert.deepStrictEqual(checkReplicationConfiguration(config), [
      {
        path: "replicationConfiguration.rules[0]",
        message: "must be a rule { destinations, repositoryFilters }, got 7",
      },
      {
        path: "replicationConfiguration.rules[1].destinations[0]",
        message: "must be a destination { region, registryId }, got 'x'",
      },
      {
        path: "replicationConfiguration.rules[1].repositoryFilters[0]",
        message: "must be a filter { filter, filterType }, got null",
      },
    ]);
  });
});

describe("readReplicationRules", () => {
  it("keeps a rule without filters apart from one whose filters are unknown", () => {
    const read = readReplicationRules({
      rules: [
        { destinations: [] },
        { destinations: UNKNOWN_STRING_VALUE, repositoryFilters: UNKNOWN_STRING_VALUE },
      ],
    });
    assert.deepStrictEqual(read, {
      rules: [
        { path: "replicationConfiguration.rules[0]", destinations: [] },
        { path: "replicationConfiguration.rules[1]", destinations: [], filters: [] },
      ],
      problems: [],
      unknownPaths: [
        "replicationConfiguration.rules[1].destinations",
        "replicationConfiguration.rules[1].repositoryFilters",
      ],
    });
  });
});
