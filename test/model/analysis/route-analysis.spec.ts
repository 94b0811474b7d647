import * as assert from "assert";
import { ResourceSnapshot } from "../../../components/model/analysis/registry-policy-resource";
import { describeRoute, routeReasons } from "../../../components/model/analysis/analysed-route";
import { analyseRoutes } from "../../../components/model/analysis/route-analysis";
import {
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
  rulesOf,
  SOURCE,
  nameOf,
} from "../../policypack/fixtures";
import { TestResource, UNKNOWN } from "../../policypack/run-policy";

/** The plain snapshot the model takes, from a test resource. */
function snapshot(resource: TestResource): ResourceSnapshot {
  return {
    type: resource.type,
    urn: resource.urn ?? "urn:test",
    props: resource.props,
    providerUrn: resource.provider?.urn,
    providerProps: resource.provider?.props,
  };
}

const REPLICATION_URN = replicationConfiguration().urn;
const WEST_POLICY = registryPolicy(DEST_WEST, "us-west-2").urn;
const EU_POLICY = registryPolicy(DEST_EU, "eu-west-1").urn;
const SOURCE_PLACEMENT = {
  account: { value: SOURCE, source: "provider allowedAccountIds" },
  region: { value: "us-east-1", source: "provider region" },
  pending: [],
};

/** The west destination's policy with its document statements changed. */
function westPolicyWith(change: (statement: Record<string, unknown>) => void): TestResource {
  const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
  change(document.Statement[0] as Record<string, unknown>);
  const resource = registryPolicy(DEST_WEST, "us-west-2");
  resource.props.policy = JSON.stringify(document);
  return resource;
}

/** The example stack with the west destination's policy replaced. */
function stackWithWest(west: TestResource | undefined): ResourceSnapshot[] {
  const [replication, , eu] = exampleStack();
  return [replication, ...(west === undefined ? [] : [west]), eu].map(snapshot);
}

describe("analyseRoutes", () => {
  it("authorises both routes of the example stack, repositories created on arrival", () => {
    const analysis = analyseRoutes(exampleStack().map(snapshot));
    assert.deepStrictEqual(analysis, {
      unreadable: [],
      routes: [
        {
          replication: REPLICATION_URN,
          rule: 0,
          path: "replicationConfiguration.rules[0].destinations[0]",
          source: SOURCE_PLACEMENT,
          destination: { accountId: DEST_WEST, region: "us-west-2" },
          prefixes: ["prod-", "shared/"],
          status: "authorised",
          verdicts: [
            {
              status: "authorised",
              reason: `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage on 'prod-', 'shared/'`,
            },
          ],
          repositories: "created on arrival",
          registryPolicy: WEST_POLICY,
        },
        {
          replication: REPLICATION_URN,
          rule: 0,
          path: "replicationConfiguration.rules[0].destinations[1]",
          source: SOURCE_PLACEMENT,
          destination: { accountId: DEST_EU, region: "eu-west-1" },
          prefixes: ["prod-", "shared/"],
          status: "authorised",
          verdicts: [
            {
              status: "authorised",
              reason: `registry policy ${nameOf(EU_POLICY)} grants ${SOURCE} ecr:ReplicateImage on 'prod-', 'shared/'`,
            },
          ],
          repositories: "created on arrival",
          registryPolicy: EU_POLICY,
        },
      ],
    });
    assert.strictEqual(
      describeRoute(analysis.routes[0]),
      "111111111111 in us-east-1 -> 222222222222 in us-west-2 ('prod-', 'shared/')",
    );
  });

  it("breaks a route whose destination grants no ecr:CreateRepository, unless repositories pre-exist", () => {
    const stack = stackWithWest(
      westPolicyWith((s) => {
        s.Action = ["ecr:ReplicateImage"];
      }),
    );
    const [west] = analyseRoutes(stack).routes;
    assert.strictEqual(west.status, "broken");
    assert.strictEqual(west.repositories, undefined);
    assert.deepStrictEqual(west.verdicts[1], {
      status: "broken",
      reason: `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': grant it, or create the repositories in the destination first and declare them pre-existing`,
    });
    const [existing] = analyseRoutes(stack, { preExistingRepositories: true }).routes;
    assert.strictEqual(existing.status, "authorised");
    assert.strictEqual(existing.repositories, "must pre-exist");
  });

  it("breaks a route whose destination grants only some of the replicated prefixes", () => {
    const [west] = analyseRoutes(
      stackWithWest(
        westPolicyWith((s) => {
          s.Resource = [`arn:aws:ecr:us-west-2:${DEST_WEST}:repository/prod-*`];
        }),
      ),
    ).routes;
    assert.strictEqual(west.status, "broken");
    assert.deepStrictEqual(west.verdicts[0], {
      status: "broken",
      reason: `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'shared/a' (prefix 'shared/'): grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
    });
  });

  it("authorises grants of 'prod-?*' and 'shared/?*': exactly the repositories the filters replicate", () => {
    const [west] = analyseRoutes(
      stackWithWest(
        westPolicyWith((s) => {
          s.Resource = ["prod-?*", "shared/?*"].map(
            (name) => `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/${name}`,
          );
        }),
      ),
    ).routes;
    assert.strictEqual(west.status, "authorised");
    assert.deepStrictEqual(west.verdicts, [
      {
        status: "authorised",
        reason: `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage on 'prod-', 'shared/'`,
      },
    ]);
    assert.strictEqual(west.repositories, "created on arrival");
  });

  it("shows a real repository name the filter replicates beyond the grant, not the filter itself", () => {
    const [replication, west, eu] = exampleStack();
    const reasonFor = (filters: { filter: string; filterType: string }[] | undefined) => {
      rulesOf(replication)[0].repositoryFilters = filters;
      return analyseRoutes([replication, west, eu].map(snapshot)).routes[0].verdicts[0].reason;
    };
    // Filter 'prod' also replicates 'proda' (and 'production-db'), which 'prod-*' does not grant.
    assert.strictEqual(
      reasonFor([{ filter: "prod", filterType: "PREFIX_MATCH" }]),
      `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'proda' (prefix 'prod'): grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
    );
    // A rule without filters replicates every repository: the shortest name is 2 characters.
    assert.strictEqual(
      reasonFor(undefined),
      `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'aa': grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
    );
    // A denial names every prefix it holds for, not only the first.
    assert.strictEqual(
      reasonFor(
        ["prod-", "team-", "ops-", "dev-"].map((filter) => ({
          filter,
          filterType: "PREFIX_MATCH",
        })),
      ),
      `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'team-a' (prefix 'team-'), nor on the prefixes 'ops-' and 'dev-': grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
    );
    // An empty filter list too: never "no prefixes, so nothing to authorise".
    assert.strictEqual(
      reasonFor([]),
      `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'aa': grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
    );
  });

  it("breaks a route whose destination grants a role of the source account, not the account", () => {
    const [west] = analyseRoutes(
      stackWithWest(
        westPolicyWith((s) => {
          s.Principal = { AWS: `arn:aws:iam::${SOURCE}:role/replicator` };
        }),
      ),
    ).routes;
    assert.strictEqual(west.status, "broken");
  });

  describe("conditions, judged for a replication request (no aws:SourceAccount)", () => {
    /** The west route's status and first verdict's reason with the policy's statements changed. */
    function westRoute(change: (statements: Record<string, unknown>[]) => void) {
      const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
      change(document.Statement as Record<string, unknown>[]);
      const west = registryPolicy(DEST_WEST, "us-west-2");
      west.props.policy = JSON.stringify(document);
      const [route] = analyseRoutes(stackWithWest(west)).routes;
      return [route.status, route.verdicts[0].reason];
    }
    const conditioned = (condition: unknown) => (statements: Record<string, unknown>[]) => {
      statements[0].Condition = condition;
    };
    const denyAll = (condition: unknown) => (statements: Record<string, unknown>[]) => {
      statements.push({
        Effect: "Deny",
        Principal: "*",
        Action: "ecr:*",
        Resource: "*",
        Condition: condition,
      });
    };

    it("breaks a route whose Allow is conditioned on StringEquals aws:SourceAccount, naming the key", () => {
      assert.deepStrictEqual(
        westRoute(conditioned({ StringEquals: { "aws:SourceAccount": SOURCE } })),
        [
          "broken",
          `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': replication requests carry no aws:SourceAccount, so the Allow of Statement[0] (StringEquals on aws:SourceAccount) never applies: grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        ],
      );
    });

    it("breaks every route behind 'Deny unless aws:SourceAccount is X' (StringNotEquals)", () => {
      assert.deepStrictEqual(
        westRoute(denyAll({ StringNotEquals: { "aws:SourceAccount": SOURCE } })),
        [
          "broken",
          `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': replication requests carry no aws:SourceAccount, so the Deny of Statement[1] (StringNotEquals on aws:SourceAccount) always applies: grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        ],
      );
    });

    it("authorises StringEqualsIfExists and Null 'true' on aws:SourceAccount, which hold without it", () => {
      const authorised = [
        "authorised",
        `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage on 'prod-', 'shared/'`,
      ];
      for (const condition of [
        { StringEqualsIfExists: { "aws:SourceAccount": SOURCE } },
        { Null: { "aws:SourceAccount": "true" } },
        { "ForAllValues:StringEquals": { "aws:SourceAccount": SOURCE } },
      ]) {
        assert.deepStrictEqual(
          westRoute(conditioned(condition)),
          authorised,
          JSON.stringify(condition),
        );
      }
    });

    it("breaks Null 'false' on aws:SourceAccount, which needs the key", () => {
      assert.deepStrictEqual(westRoute(conditioned({ Null: { "aws:SourceAccount": "false" } })), [
        "broken",
        `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': replication requests carry no aws:SourceAccount, so the Allow of Statement[0] (Null on aws:SourceAccount) never applies: grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
      ]);
    });

    it("leaves a condition on another key unverified, naming the key", () => {
      assert.deepStrictEqual(
        westRoute(conditioned({ StringEquals: { "aws:PrincipalTag/team": "platform" } })),
        [
          "unverified",
          `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage and ecr:CreateRepository on 'prod-a' (prefix 'prod-') only under a condition on aws:PrincipalTag/team (Statement[0]): grant both unconditionally, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        ],
      );
      assert.deepStrictEqual(westRoute(denyAll({ Bool: { "aws:SecureTransport": "false" } })), [
        "unverified",
        `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage and ecr:CreateRepository on 'prod-a' (prefix 'prod-') only under a condition on aws:SecureTransport (Statement[1]): grant both unconditionally, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
      ]);
    });

    it("breaks an Allow whose other condition is undecided when aws:SourceAccount already rules it out", () => {
      const condition = {
        StringEquals: { "aws:PrincipalTag/team": "platform", "aws:SourceAccount": SOURCE },
      };
      assert.deepStrictEqual(westRoute(conditioned(condition)), [
        "broken",
        `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': replication requests carry no aws:SourceAccount, so the Allow of Statement[0] (StringEquals on aws:SourceAccount) never applies: grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
      ]);
    });
  });

  it("says a destination whose policy is not among the resources could not be verified", () => {
    const [west] = analyseRoutes(stackWithWest(undefined)).routes;
    assert.strictEqual(west.status, "unverified");
    assert.deepStrictEqual(west.verdicts, [
      {
        status: "unverified",
        reason: `no registry policy of ${DEST_WEST} in us-west-2 is among these resources: the destination could not be verified`,
      },
    ]);
  });

  it("says a destination known to have no registry policy is broken (registriesWithoutPolicy)", () => {
    const options = { registriesWithoutPolicy: [`${DEST_WEST}/us-west-2`] };
    const [west] = analyseRoutes(stackWithWest(undefined), options).routes;
    assert.deepStrictEqual(
      [west.status, west.repositories, west.verdicts],
      [
        "broken",
        undefined,
        [
          {
            status: "broken",
            reason: `${DEST_WEST} in us-west-2 has no registry policy, so nothing there lets ${SOURCE} replicate into it`,
          },
        ],
      ],
    );
    // Only the registries listed: another region of the same account is still unknown.
    const elsewhere = { registriesWithoutPolicy: [`${DEST_WEST}/eu-west-1`] };
    assert.strictEqual(
      analyseRoutes(stackWithWest(undefined), elsewhere).routes[0].status,
      "unverified",
    );
  });

  it("judges a policy among the resources even where registriesWithoutPolicy names its registry", () => {
    const options = { registriesWithoutPolicy: [`${DEST_WEST}/us-west-2`] };
    assert.strictEqual(
      analyseRoutes(stackWithWest(registryPolicy(DEST_WEST, "us-west-2")), options).routes[0]
        .status,
      "authorised",
    );
  });

  it("needs no registry policy within one account", () => {
    const replication = replicationConfiguration();
    rulesOf(replication)[0].destinations = [{ region: "us-west-2", registryId: SOURCE }];
    const [route] = analyseRoutes([snapshot(replication)]).routes;
    assert.deepStrictEqual(
      [route.status, route.repositories, route.verdicts],
      [
        "authorised",
        "created on arrival",
        [
          {
            status: "authorised",
            reason: `replication within account ${SOURCE} needs no registry policy`,
          },
        ],
      ],
    );
  });

  it("breaks a route to the source registry itself, with the builder's and the pack's wording", () => {
    const replication = replicationConfiguration();
    rulesOf(replication)[0].destinations = [{ region: "us-east-1", registryId: SOURCE }];
    const [route] = analyseRoutes([snapshot(replication)]).routes;
    assert.deepStrictEqual(
      [route.status, route.repositories, route.verdicts],
      [
        "broken",
        undefined,
        [
          {
            status: "broken",
            reason: `the destination must not be the source registry ${SOURCE} in us-east-1: a registry cannot replicate to itself`,
          },
        ],
      ],
    );
  });

  it("breaks every route of a configuration over 25 unique destinations: AWS refuses it", () => {
    /** The example stack with a second rule to `extra` more accounts in us-west-2. */
    const withExtra = (extra: number) => {
      const [replication, west, eu] = exampleStack();
      rulesOf(replication).push({
        destinations: Array.from({ length: extra }, (_, i) => ({
          region: "us-west-2",
          registryId: `4000000000${String(i).padStart(2, "0")}`,
        })),
        repositoryFilters: [{ filter: "tools/", filterType: "PREFIX_MATCH" }],
      });
      return analyseRoutes([replication, west, eu].map(snapshot)).routes;
    };
    const refused = {
      status: "broken",
      reason:
        "AWS refuses the whole replication configuration, so none of its routes replicates: its rules must name at most 25 unique destinations across all rules (ECR limit), got 26; after the first 25 in rule order: 400000000023 in us-west-2",
    };
    const over = withExtra(24);
    assert.strictEqual(over.length, 26);
    assert.deepStrictEqual(
      over.map((route) => [route.status, route.verdicts[0]]),
      over.map(() => ["broken", refused]),
    );
    // The west route's own verdict (authorised) is kept after the configuration's.
    assert.deepStrictEqual(over[0].verdicts.slice(1), [
      {
        status: "authorised",
        reason: `registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage on 'prod-', 'shared/'`,
      },
    ]);
    assert.strictEqual(over[0].repositories, undefined);
    assert.strictEqual(routeReasons(over[0]), refused.reason);
    // 25 unique destinations are within the limit: the example's routes stay authorised.
    const within = withExtra(23);
    assert.deepStrictEqual(
      within.slice(0, 2).map((route) => route.status),
      ["authorised", "authorised"],
    );
    assert.deepStrictEqual(
      new Set(within.map((route) => route.status)),
      new Set(["authorised", "unverified"]),
    );
  });

  it("breaks a route into another partition, even when the source account is unknown", () => {
    const replication = replicationConfiguration();
    rulesOf(replication)[0].destinations = [{ region: "cn-north-1", registryId: DEST_WEST }];
    const expected = [
      {
        status: "broken",
        reason:
          "the destination's region must be in the source registry's partition aws (us-east-1), got 'cn-north-1' in aws-cn: replication cannot cross partitions",
      },
    ];
    assert.deepStrictEqual(analyseRoutes([snapshot(replication)]).routes[0].verdicts, expected);
    replication.provider = { props: { region: "us-east-1", assumeRoles: UNKNOWN } };
    assert.deepStrictEqual(analyseRoutes([snapshot(replication)]).routes[0].verdicts, expected);
  });

  it("leaves unknown destinations, filters and source accounts unverified", () => {
    const replication = replicationConfiguration();
    rulesOf(replication)[0].destinations[0].registryId = UNKNOWN;
    rulesOf(replication)[0].repositoryFilters = [{ filter: UNKNOWN, filterType: "PREFIX_MATCH" }];
    const [west] = analyseRoutes([snapshot(replication)]).routes;
    assert.deepStrictEqual(west.verdicts, [
      {
        status: "unverified",
        reason:
          "replicationConfiguration.rules[0].repositoryFilters[0].filter is unknown until apply",
      },
      { status: "unverified", reason: "the destination's registryId is unknown until apply" },
    ]);
    const unplaced = replicationConfiguration();
    unplaced.provider = { props: { region: "us-east-1", assumeRoles: UNKNOWN } };
    const [route] = analyseRoutes([snapshot(unplaced)]).routes;
    assert.deepStrictEqual(route.verdicts, [
      {
        status: "unverified",
        reason: `the source account could not be determined (the provider's assumeRoles is unknown until apply), so whether ${DEST_WEST} in us-west-2 needs a registry policy is unknown`,
      },
    ]);
  });

  it("lists a configuration whose rules are unknown at preview apart", () => {
    const replication = replicationConfiguration();
    replication.props.replicationConfiguration = { rules: UNKNOWN };
    assert.deepStrictEqual(analyseRoutes([snapshot(replication)]), {
      routes: [],
      unreadable: [
        { replication: REPLICATION_URN, unknownPaths: ["replicationConfiguration.rules"] },
      ],
    });
  });
});

describe("routeReasons", () => {
  it("joins the reasons of the verdicts that decided the route's status, and only those", () => {
    const stack = stackWithWest(
      westPolicyWith((s) => {
        s.Action = ["ecr:ReplicateImage"];
      }),
    );
    const [west] = analyseRoutes(stack).routes;
    assert.deepStrictEqual(
      west.verdicts.map((v) => v.status),
      ["authorised", "broken"],
    );
    assert.strictEqual(
      routeReasons(west),
      `registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:CreateRepository on 'prod-a' (prefix 'prod-'), nor on the prefix 'shared/': grant it, or create the repositories in the destination first and declare them pre-existing`,
    );
    const replication = replicationConfiguration();
    rulesOf(replication)[0].destinations[0].registryId = UNKNOWN;
    rulesOf(replication)[0].repositoryFilters = [{ filter: UNKNOWN, filterType: "PREFIX_MATCH" }];
    const [unknown] = analyseRoutes([snapshot(replication)]).routes;
    assert.strictEqual(
      routeReasons(unknown),
      "replicationConfiguration.rules[0].repositoryFilters[0].filter is unknown until apply; the destination's registryId is unknown until apply",
    );
  });
});

describe("analyseRoutes on a policy too complex to judge", () => {
  it("leaves the route unverified", () => {
    const [west] = analyseRoutes(
      stackWithWest(
        westPolicyWith((s) => {
          s.Resource = [`arn:aws:ecr:us-west-2:${DEST_WEST}:repository/*a${"?".repeat(20)}`];
        }),
      ),
    ).routes;
    assert.deepStrictEqual(west.verdicts, [
      {
        status: "unverified",
        reason: `registry policy ${nameOf(WEST_POLICY)} is too complex to judge: name set too complex: more than 20000 automaton states (a glob with many '?' after a '*'?)`,
      },
    ]);
  });
});
