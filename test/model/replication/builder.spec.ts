import * as assert from "assert";
import { ValidationError } from "../../../components/model/core/problems";
import {
  buildReplicationRules,
  packReplicationRules,
  ReplicationRoute,
} from "../../../components/model/replication/builder";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };

/**
 * Asserts that `build` throws a ValidationError whose message is exactly `lines` after the heading
 * (`invalid replication routes` unless given).
 */
function assertRefused(
  build: () => unknown,
  lines: string[],
  heading = "invalid replication routes",
): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.strictEqual(error.message, [`${heading}:`, ...lines].join("\n"));
    return true;
  });
}

/** `n` distinct registries in account 4000000000nn, us-west-2. */
function registries(n: number): { accountId: string; region: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    accountId: `4000000000${String(i).padStart(2, "0")}`,
    region: "us-west-2",
  }));
}

describe("buildReplicationRules", () => {
  it("builds one rule for one route, in @pulumi/aws input shape", () => {
    assert.deepStrictEqual(
      buildReplicationRules(SOURCE, [{ destinations: [EU, WEST], repositoryPrefixes: ["prod-"] }]),
      [
        {
          destinations: [
            { region: "us-west-2", registryId: "222222222222" },
            { region: "eu-west-1", registryId: "333333333333" },
          ],
          repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
        },
      ],
    );
  });

  it("gives each prefix the union of its destinations and shares rules between equal sets", () => {
    const routes: ReplicationRoute[] = [
      { destinations: [WEST], repositoryPrefixes: ["prod-", "shared/"] },
      { destinations: [EU], repositoryPrefixes: ["prod-"] },
      { destinations: [EU, WEST], repositoryPrefixes: ["tools/"] },
    ];
    assert.deepStrictEqual(buildReplicationRules(SOURCE, routes), [
      {
        destinations: [
          { region: "us-west-2", registryId: "222222222222" },
          { region: "eu-west-1", registryId: "333333333333" },
        ],
        repositoryFilters: [
          { filter: "prod-", filterType: "PREFIX_MATCH" },
          { filter: "tools/", filterType: "PREFIX_MATCH" },
        ],
      },
      {
        destinations: [{ region: "us-west-2", registryId: "222222222222" }],
        repositoryFilters: [{ filter: "shared/", filterType: "PREFIX_MATCH" }],
      },
    ]);
  });

  it("is identical whatever the order of routes, destinations and prefixes", () => {
    const routes: ReplicationRoute[] = [
      { destinations: [WEST, EU], repositoryPrefixes: ["prod-", "tools/"] },
      {
        destinations: [{ accountId: "111111111111", region: "eu-west-1" }],
        repositoryPrefixes: ["shared/"],
      },
    ];
    const reversed = [...routes].reverse().map((r) => ({
      destinations: [...r.destinations].reverse(),
      repositoryPrefixes: [...r.repositoryPrefixes].reverse(),
    }));
    assert.strictEqual(
      JSON.stringify(buildReplicationRules(SOURCE, reversed)),
      JSON.stringify(buildReplicationRules(SOURCE, routes)),
    );
  });

  it("drops destinations a shorter prefix already reaches", () => {
    assert.deepStrictEqual(
      buildReplicationRules(SOURCE, [
        { destinations: [WEST], repositoryPrefixes: ["prod-"] },
        { destinations: [WEST, EU], repositoryPrefixes: ["prod-api"] },
        { destinations: [WEST], repositoryPrefixes: ["prod-web"] },
      ]),
      [
        {
          destinations: [{ region: "us-west-2", registryId: "222222222222" }],
          repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
        },
        {
          destinations: [{ region: "eu-west-1", registryId: "333333333333" }],
          repositoryFilters: [{ filter: "prod-api", filterType: "PREFIX_MATCH" }],
        },
      ],
    );
  });

  it("packs a rule over 25 destinations into rules of at most 25, and refuses to build them", () => {
    const routes = [{ destinations: registries(27), repositoryPrefixes: ["prod-"] }];
    // packReplicationRules measures without refusing: no rule holds more than 25 destinations.
    assert.deepStrictEqual(
      packReplicationRules(SOURCE, routes).map((r) => [
        r.destinations.length,
        r.destinations[0].registryId,
      ]),
      [
        [25, "400000000000"],
        [2, "400000000025"],
      ],
    );
    assertRefused(
      () => buildReplicationRules(SOURCE, routes),
      [
        "routes: name 27 unique destinations, 2 over ECR's limit of 25 per replication configuration (counted across all its rules): leaving out the destinations 400000000025/us-west-2 and 400000000026/us-west-2 (keeping 25 of 27) fits in 1 rule; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 27 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
      ],
    );
  });

  describe("refusing more than 25 unique destinations per configuration", () => {
    it("accepts routes to 25 accounts", () => {
      const rules = buildReplicationRules(SOURCE, [
        { destinations: registries(25), repositoryPrefixes: ["prod-"] },
      ]);
      assert.deepStrictEqual(
        rules.map((r) => [r.destinations.length, r.repositoryFilters.length]),
        [[25, 1]],
      );
    });

    it("refuses routes to 30 accounts, naming 30 and 25 and the destinations to leave out", () => {
      // Each account its own prefix: 30 rules would be needed as well.
      const perAccount = registries(30).map((destination, i) => ({
        destinations: [destination],
        repositoryPrefixes: [`team-${String(i).padStart(2, "0")}/`],
      }));
      assertRefused(
        () => buildReplicationRules(SOURCE, perAccount),
        [
          "routes: name 30 unique destinations, 5 over ECR's limit of 25 per replication configuration (counted across all its rules), and need 30 replication rules, 20 over ECR's limit of 10: leaving out the destinations 400000000010/us-west-2, 400000000011/us-west-2, 400000000012/us-west-2, 400000000013/us-west-2, 400000000014/us-west-2 and 15 more (keeping 10 of 30) fits in 10 rules; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 30 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
        ],
      );
      // One prefix to all 30: the least routed destinations go first (on a tie, the last).
      assertRefused(
        () =>
          buildReplicationRules(SOURCE, [
            { destinations: registries(30), repositoryPrefixes: ["prod-"] },
            { destinations: registries(3).slice(2), repositoryPrefixes: ["shared/"] },
            { destinations: registries(30).slice(29), repositoryPrefixes: ["tools/"] },
          ]),
        [
          "routes: name 30 unique destinations, 5 over ECR's limit of 25 per replication configuration (counted across all its rules): leaving out the destinations 400000000024/us-west-2, 400000000025/us-west-2, 400000000026/us-west-2, 400000000027/us-west-2 and 400000000028/us-west-2 (keeping 25 of 30) fits in 3 rules; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 30 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
        ],
      );
    });

    it("refuses 10 rules of 25 different destinations each, though each rule alone is within 25", () => {
      const routes = Array.from({ length: 10 }, (_, r) => ({
        destinations: registries(25).map((d) => ({
          ...d,
          accountId: `5${r}${d.accountId.slice(2)}`,
        })),
        repositoryPrefixes: [`team-${r}/`],
      }));
      const packed = packReplicationRules(SOURCE, routes);
      assert.deepStrictEqual(
        packed.map((r) => r.destinations.length),
        Array.from({ length: 10 }, () => 25),
      );
      assertRefused(
        () => buildReplicationRules(SOURCE, routes),
        [
          "routes: name 250 unique destinations, 225 over ECR's limit of 25 per replication configuration (counted across all its rules): leaving out the destinations 510000000000/us-west-2, 510000000001/us-west-2, 510000000002/us-west-2, 510000000003/us-west-2, 510000000004/us-west-2 and 220 more (keeping 25 of 250) fits in 1 rule; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 250 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
        ],
      );
    });

    it("counts a destination named by several routes once", () => {
      const rules = buildReplicationRules(SOURCE, [
        { destinations: registries(25), repositoryPrefixes: ["prod-"] },
        { destinations: registries(25).reverse(), repositoryPrefixes: ["shared/"] },
        { destinations: registries(5), repositoryPrefixes: ["tools/"] },
      ]);
      assert.strictEqual(
        new Set(rules.flatMap((r) => r.destinations.map((d) => d.registryId))).size,
        25,
      );
    });
  });

  it("splits a rule over 100 filters", () => {
    const prefixes = Array.from({ length: 101 }, (_, i) => `team-${String(i).padStart(3, "0")}/`);
    const rules = buildReplicationRules(SOURCE, [
      { destinations: [WEST], repositoryPrefixes: prefixes },
    ]);
    assert.deepStrictEqual(
      rules.map((r) => [r.repositoryFilters.length, r.repositoryFilters[0].filter]),
      [
        [100, "team-000/"],
        [1, "team-100/"],
      ],
    );
  });

  it("allows a same-account destination in another region", () => {
    assert.deepStrictEqual(
      buildReplicationRules(SOURCE, [
        {
          destinations: [{ accountId: "111111111111", region: "us-west-2" }],
          repositoryPrefixes: ["prod-"],
        },
      ]),
      [
        {
          destinations: [{ region: "us-west-2", registryId: "111111111111" }],
          repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
        },
      ],
    );
  });

  describe("packing", () => {
    const ASIA = { accountId: "444444444444", region: "ap-southeast-1" };
    const WEST_2 = { accountId: "555555555555", region: "us-west-2" };
    const rule = (destinations: (typeof WEST)[], filters: string[]) => ({
      destinations: destinations.map(({ accountId, region }) => ({
        region,
        registryId: accountId,
      })),
      repositoryFilters: filters.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })),
    });

    it("uniform: every prefix to every destination is one rule", () => {
      assert.deepStrictEqual(
        buildReplicationRules(SOURCE, [
          { destinations: [WEST, EU, ASIA], repositoryPrefixes: ["prod-", "shared/", "tools/"] },
        ]),
        [rule([WEST, EU, ASIA], ["prod-", "shared/", "tools/"])],
      );
    });

    it("per-team prefixes to overlapping region sets: one rule per destination, not per set", () => {
      // Six distinct destination sets (the historical six rules), three destinations.
      const routes: ReplicationRoute[] = [
        { destinations: [WEST], repositoryPrefixes: ["team-a/"] },
        { destinations: [EU], repositoryPrefixes: ["team-b/"] },
        { destinations: [WEST, EU], repositoryPrefixes: ["team-c/"] },
        { destinations: [WEST, ASIA], repositoryPrefixes: ["team-d/"] },
        { destinations: [EU, ASIA], repositoryPrefixes: ["team-e/"] },
        { destinations: [WEST, EU, ASIA], repositoryPrefixes: ["team-f/"] },
      ];
      assert.deepStrictEqual(buildReplicationRules(SOURCE, routes), [
        rule([WEST], ["team-a/", "team-c/", "team-d/", "team-f/"]),
        rule([EU], ["team-b/", "team-c/", "team-e/", "team-f/"]),
        rule([ASIA], ["team-d/", "team-e/", "team-f/"]),
      ]);
    });

    it("mixed: a greedy partition beats grouping by destination set and by prefix set", () => {
      // By destination set: 4 rules; by prefix set: 4 rules; packed: 3.
      const routes: ReplicationRoute[] = [
        { destinations: [WEST, ASIA, WEST_2], repositoryPrefixes: ["api-"] },
        { destinations: [WEST, EU, WEST_2], repositoryPrefixes: ["batch-"] },
        { destinations: [EU, WEST_2], repositoryPrefixes: ["cron-"] },
        { destinations: [WEST], repositoryPrefixes: ["docs-"] },
      ];
      assert.deepStrictEqual(buildReplicationRules(SOURCE, routes), [
        rule([WEST, ASIA, WEST_2], ["api-"]),
        rule([EU, WEST_2], ["batch-", "cron-"]),
        rule([WEST], ["batch-", "docs-"]),
      ]);
    });

    it("searches for fewer rules than the greedy partition finds", () => {
      // Grouping by destination set, by prefix set and the greedy partition each need 5 rules.
      const E = { accountId: "666666666666", region: "us-west-2" };
      const routes: ReplicationRoute[] = [
        { destinations: [EU, E], repositoryPrefixes: ["api-"] },
        { destinations: [WEST, EU, ASIA, WEST_2, E], repositoryPrefixes: ["batch-"] },
        { destinations: [WEST, EU], repositoryPrefixes: ["cron-"] },
        { destinations: [ASIA], repositoryPrefixes: ["docs-"] },
        { destinations: [WEST_2, E], repositoryPrefixes: ["etl-"] },
      ];
      assert.deepStrictEqual(buildReplicationRules(SOURCE, routes), [
        rule([EU, E], ["api-"]),
        rule([WEST, EU], ["batch-", "cron-"]),
        rule([ASIA], ["batch-", "docs-"]),
        rule([WEST_2, E], ["batch-", "etl-"]),
      ]);
    });

    it("keeps the historical shape when no packing needs fewer rules", () => {
      // Each prefix to one shared and one own destination: 3 sets, 3 rules either way.
      assert.deepStrictEqual(
        buildReplicationRules(SOURCE, [
          { destinations: [WEST, EU], repositoryPrefixes: ["a-"] },
          { destinations: [WEST, ASIA], repositoryPrefixes: ["b-"] },
          { destinations: [WEST, WEST_2], repositoryPrefixes: ["c-"] },
        ]),
        [rule([WEST, EU], ["a-"]), rule([WEST, ASIA], ["b-"]), rule([WEST, WEST_2], ["c-"])],
      );
    });

    it("fits 40 teams over 4 regions in 4 rules (the historical builder needed 15)", () => {
      const regions = ["us-west-2", "eu-west-1", "ap-south-1", "eu-central-1"];
      const routes = Array.from({ length: 40 }, (_, i) => ({
        destinations: regions
          .filter((_, r) => (((i % 15) + 1) >> r) & 1)
          .map((region) => ({ accountId: "222222222222", region })),
        repositoryPrefixes: [`team-${String(i).padStart(2, "0")}/`],
      }));
      const rules = buildReplicationRules(SOURCE, routes);
      assert.deepStrictEqual(
        rules.map((r) => [r.destinations.map((d) => d.region), r.repositoryFilters.length]),
        [
          [["us-west-2"], 21],
          [["eu-west-1"], 21],
          [["ap-south-1"], 20],
          [["eu-central-1"], 19],
        ],
      );
      assert.strictEqual(packReplicationRules(SOURCE, routes).length, 4);
    });
  });

  describe("refusing more than 10 rules", () => {
    it("says how many were needed and which prefixes or destinations to leave out", () => {
      const routes = registries(12).map((destination, i) => ({
        destinations: [destination],
        repositoryPrefixes: [`team-${i}-`],
      }));
      assertRefused(
        () => buildReplicationRules(SOURCE, routes),
        [
          "routes: need 12 replication rules, 2 over ECR's limit of 10 per registry, even packed (a rule sends up to 100 prefixes to up to 25 destinations, each prefix only to destinations it is routed to): leaving out the prefixes 'team-8-' and 'team-9-' (keeping 10 of 12) fits in 10 rules; or leaving out the destinations 400000000008/us-west-2 and 400000000009/us-west-2 (keeping 10 of 12) fits in 10 rules; or route more prefixes to the same destinations or shorten them to common prefixes",
        ],
      );
      // packReplicationRules measures without refusing.
      assert.strictEqual(packReplicationRules(SOURCE, routes).length, 12);
    });

    it("offers only leaving out destinations when one prefix goes to too many", () => {
      const destinations = Array.from({ length: 260 }, (_, i) => ({
        accountId: `5${String(i).padStart(11, "0")}`,
        region: "us-west-2",
      }));
      // 260 destinations are over the limit of 25 unique destinations first.
      assertRefused(
        () => buildReplicationRules(SOURCE, [{ destinations, repositoryPrefixes: ["prod-"] }]),
        [
          "routes: name 260 unique destinations, 235 over ECR's limit of 25 per replication configuration (counted across all its rules), and need 11 replication rules, 1 over ECR's limit of 10: leaving out the destinations 500000000025/us-west-2, 500000000026/us-west-2, 500000000027/us-west-2, 500000000028/us-west-2, 500000000029/us-west-2 and 230 more (keeping 25 of 260) fits in 1 rule; or, as replication does not chain (a pushed image reaches only the destinations of the registry it is pushed to), reach all 260 with more source registries that the images are pushed to (at most 25 destinations each), or with a hub registry per region that the accounts pull from (pullGrants, e.g. to the organization through aws:PrincipalOrgID): see README.md#large-organisations-more-than-25-registries",
        ],
      );
    });

    it("counts every prefix named, including those a shorter prefix already covers", () => {
      // 'team-' reaches registries 0-2, so 'team-0-' to 'team-2-' need no rule of their own.
      const routes: ReplicationRoute[] = [
        { destinations: registries(3), repositoryPrefixes: ["team-"] },
        ...registries(14).map((destination, i) => ({
          destinations: [destination],
          repositoryPrefixes: [`team-${i}-`],
        })),
      ];
      assertRefused(
        () => buildReplicationRules(SOURCE, routes),
        [
          "routes: need 12 replication rules, 2 over ECR's limit of 10 per registry, even packed (a rule sends up to 100 prefixes to up to 25 destinations, each prefix only to destinations it is routed to): leaving out the prefixes 'team-8-' and 'team-9-' (keeping 13 of 15) fits in 10 rules; or leaving out the destinations 400000000008/us-west-2 and 400000000009/us-west-2 (keeping 12 of 14) fits in 10 rules; or route more prefixes to the same destinations or shorten them to common prefixes",
        ],
      );
    });
  });

  it("refuses a bad account id, region and prefix, each with its path", () => {
    assertRefused(
      () =>
        buildReplicationRules({ accountId: "1111", region: "us-east-1" }, [
          {
            destinations: [{ accountId: "22222222222x", region: "us-west" }],
            repositoryPrefixes: ["Prod-", "x"],
          },
        ]),
      [
        "source.accountId: must be a 12-digit AWS account id, got '1111'",
        "routes[0].destinations[0].accountId: must be a 12-digit AWS account id, got '22222222222x'",
        "routes[0].destinations[0].region: must be an AWS region such as 'us-west-2', got 'us-west'",
        "routes[0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod-'",
        "routes[0].repositoryPrefixes[1]: must be 2 to 256 characters, got 'x' (1)",
      ],
      // The heading names both parts at fault.
      "invalid replication source and routes",
    );
  });

  it("refuses a prefix ECR's filter pattern takes but no repository name starts with", () => {
    assertRefused(
      () =>
        buildReplicationRules({ accountId: "111111111111", region: "us-east-1" }, [
          {
            destinations: [{ accountId: "222222222222", region: "us-west-2" }],
            repositoryPrefixes: ["prod-", "-prod", "team--a"],
          },
        ]),
      [
        "routes[0].repositoryPrefixes[1]: must be the start of some repository name, got '-prod': no repository name starts with it (names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time)",
        "routes[0].repositoryPrefixes[2]: must be the start of some repository name, got 'team--a': no repository name starts with it (names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time)",
      ],
      "invalid replication routes",
    );
  });

  it("refuses an empty prefix list, which would replicate every repository", () => {
    assertRefused(
      () => buildReplicationRules(SOURCE, [{ destinations: [WEST], repositoryPrefixes: [] }]),
      [
        "routes[0].repositoryPrefixes: must list at least one repository prefix (a rule without filters replicates every repository), got []",
      ],
    );
  });

  it("refuses a route without destinations and an empty route list", () => {
    assertRefused(
      () => buildReplicationRules(SOURCE, [{ destinations: [], repositoryPrefixes: ["prod-"] }]),
      ["routes[0].destinations: must list at least one destination registry, got []"],
    );
    assertRefused(
      () => buildReplicationRules(SOURCE, []),
      [
        "routes: must list at least one route (an empty rule list deletes every replication rule), got []",
      ],
    );
  });

  it("refuses the source registry as a destination", () => {
    assertRefused(
      () =>
        buildReplicationRules(SOURCE, [
          { destinations: [WEST, { ...SOURCE }], repositoryPrefixes: ["prod-"] },
        ]),
      [
        "routes[0].destinations[1]: must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself",
      ],
    );
  });

  it("refuses a destination in another partition", () => {
    assertRefused(
      () =>
        buildReplicationRules(SOURCE, [
          {
            destinations: [{ accountId: "222222222222", region: "cn-north-1" }],
            repositoryPrefixes: ["prod-"],
          },
        ]),
      [
        "routes[0].destinations[0].region: must be in the source registry's partition aws (us-east-1), got 'cn-north-1' in aws-cn: replication cannot cross partitions",
      ],
    );
  });

  it("refuses input that is not shaped like routes", () => {
    assertRefused(
      () => buildReplicationRules(SOURCE, [null as unknown as ReplicationRoute]),
      ["routes[0]: must be a route: { destinations, repositoryPrefixes }, got null"],
    );
  });
});
