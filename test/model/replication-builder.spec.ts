import * as assert from "assert";
import { ValidationError } from "../../components/model/problems";
import {
  buildReplicationRules,
  ReplicationRoute,
} from "../../components/model/replication-builder";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };

/** Asserts that `build` throws a ValidationError whose message is exactly `lines` after the context. */
function assertRefused(build: () => unknown, lines: string[]): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.strictEqual(error.message, ["invalid replication routes:", ...lines].join("\n"));
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

  it("splits a rule over 25 destinations", () => {
    const rules = buildReplicationRules(SOURCE, [
      { destinations: registries(27), repositoryPrefixes: ["prod-"] },
    ]);
    assert.deepStrictEqual(
      rules.map((r) => [r.destinations.length, r.destinations[0].registryId]),
      [
        [25, "400000000000"],
        [2, "400000000025"],
      ],
    );
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

  it("refuses more than 10 rules, saying how many were needed", () => {
    const routes = registries(12).map((destination, i) => ({
      destinations: [destination],
      repositoryPrefixes: [`team-${i}-`],
    }));
    assertRefused(
      () => buildReplicationRules(SOURCE, routes),
      [
        "routes: need 12 replication rules, 2 over ECR's limit of 10 per registry (one rule per distinct destination set, split at 25 destinations and 100 filters): send more prefixes to the same destinations or shorten them to common prefixes",
      ],
    );
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
        "routes[0].destinations[1]: must not be the source registry itself ('111111111111/us-east-1'): a registry cannot replicate to itself",
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
        "routes[0].destinations[0].region: must be in the source registry's partition 'aws' (replication cannot cross partitions), got 'cn-north-1' (partition 'aws-cn')",
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
