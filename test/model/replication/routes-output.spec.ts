import * as assert from "assert";
import { ValidationError } from "../../../components/model/core";
import {
  checkReplicationRoutesOutput,
  referencedReplicationSources,
  replicationRoutes,
  replicationRoutesOutput,
} from "../../../components/model/replication";

const BUILD = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };

/** The problems `referencedReplicationSources` throws, as `path: message` lines. */
function refusal(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    assert.ok(error.message.startsWith("invalid replication routes of referenced stacks:\n"));
    return error.problems.map(({ path, message }) => `${path}: ${message}`);
  }
  return assert.fail("expected a ValidationError");
}

describe("replication routes out (ecrReplicationRoutes)", () => {
  it("lists each destination registry in another account with the grants it needs, sorted", () => {
    const routes = replicationRoutes(BUILD, [
      {
        destinations: [EU, WEST, { accountId: BUILD.accountId, region: "eu-west-1" }],
        repositoryPrefixes: ["shared/", "prod-"],
      },
      { destinations: [WEST], repositoryPrefixes: ["team-a/"], allowCreateRepository: false },
    ]);
    assert.deepStrictEqual(replicationRoutesOutput(routes), {
      "222222222222/us-west-2": [
        {
          accountId: BUILD.accountId,
          repositoryPrefixes: ["team-a/"],
          allowCreateRepository: false,
        },
        {
          accountId: BUILD.accountId,
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ],
      "333333333333/eu-west-1": [
        {
          accountId: BUILD.accountId,
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ],
    });
  });

  it("is empty for routes within the source's account only", () => {
    const routes = replicationRoutes(BUILD, [
      {
        destinations: [{ accountId: BUILD.accountId, region: "eu-west-1" }],
        repositoryPrefixes: ["prod-"],
      },
    ]);
    assert.deepStrictEqual(replicationRoutesOutput(routes), {});
  });

  it("round-trips: the output of a source gives its grants back as one destination's sources", () => {
    const routes = replicationRoutes(BUILD, [
      { destinations: [WEST, EU], repositoryPrefixes: ["prod-", "shared/"] },
    ]);
    assert.deepStrictEqual(
      referencedReplicationSources(WEST, [
        { stack: "acme/build/prod", routes: replicationRoutesOutput(routes) },
      ]),
      [
        {
          accountId: BUILD.accountId,
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
      ],
    );
  });
});

describe("referencedReplicationSources: several source stacks into one destination", () => {
  const prod = {
    "222222222222/us-west-2": [
      {
        accountId: "111111111111",
        repositoryPrefixes: ["shared/", "prod-"],
        allowCreateRepository: true,
      },
    ],
    "333333333333/eu-west-1": [
      { accountId: "111111111111", repositoryPrefixes: ["eu-only-"], allowCreateRepository: true },
    ],
  };
  const tools = {
    "222222222222/us-west-2": [
      { accountId: "444444444444", repositoryPrefixes: ["tools/"], allowCreateRepository: false },
      // The same account as prod's, from another of its registries: merged with prod's grant.
      {
        accountId: "111111111111",
        repositoryPrefixes: ["base/", "prod-"],
        allowCreateRepository: false,
      },
    ],
  };

  it("merges per account, sorted by account, prefixes sorted, pre-existing ones first", () => {
    assert.deepStrictEqual(
      referencedReplicationSources(WEST, [
        { stack: "acme/build/tools", routes: tools },
        { stack: "acme/build/prod", routes: prod },
      ]),
      [
        { accountId: "111111111111", repositoryPrefixes: ["base/"], allowCreateRepository: false },
        {
          accountId: "111111111111",
          repositoryPrefixes: ["prod-", "shared/"],
          allowCreateRepository: true,
        },
        { accountId: "444444444444", repositoryPrefixes: ["tools/"], allowCreateRepository: false },
      ],
    );
  });

  it("gives the same sources whatever the order of the stacks", () => {
    const one = referencedReplicationSources(WEST, [
      { stack: "a", routes: prod },
      { stack: "b", routes: tools },
    ]);
    const other = referencedReplicationSources(WEST, [
      { stack: "b", routes: tools },
      { stack: "a", routes: prod },
    ]);
    assert.deepStrictEqual(one, other);
  });

  it("takes only the entries for this registry; an allowCreateRepository left out means true", () => {
    assert.deepStrictEqual(
      referencedReplicationSources(EU, [
        { stack: "a", routes: prod },
        {
          stack: "b",
          routes: {
            "333333333333/eu-west-1": [{ accountId: "444444444444", repositoryPrefixes: ["x-"] }],
          },
        },
      ]),
      [
        {
          accountId: "111111111111",
          repositoryPrefixes: ["eu-only-"],
          allowCreateRepository: true,
        },
        { accountId: "444444444444", repositoryPrefixes: ["x-"], allowCreateRepository: true },
      ],
    );
    assert.deepStrictEqual(
      referencedReplicationSources({ accountId: "999999999999", region: "us-west-2" }, [
        { stack: "a", routes: prod },
      ]),
      [],
    );
  });

  it("refuses every problem of every stack, each at a path naming its stack", () => {
    assert.deepStrictEqual(
      refusal(() =>
        referencedReplicationSources(WEST, [
          {
            stack: "acme/build/prod",
            routes: {
              "1234/us-west-2": [
                { accountId: "12", repositoryPrefixes: ["Prod"], allRepositories: true },
              ],
              "222222222222/us-west-2": [
                { accountId: "222222222222", repositoryPrefixes: [], allowCreateRepository: "yes" },
                111111111111,
              ],
              nokey: 3,
            },
          },
          { stack: "acme/build/none", routes: undefined },
          { stack: "acme/build/list", routes: [] },
        ]),
      ),
      [
        "stack reference 'acme/build/prod' ecrReplicationRoutes['1234/us-west-2']: must be keyed '<accountId>/<region>': its accountId must be a 12-digit AWS account id, got '1234'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['1234/us-west-2'][0]: must have only the keys accountId, repositoryPrefixes and allowCreateRepository, got 'allRepositories'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['1234/us-west-2'][0].accountId: must be a 12-digit AWS account id, got '12'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['1234/us-west-2'][0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['222222222222/us-west-2'][0].accountId: must be another account than the destination registry's, got '222222222222': replication within one account needs no registry policy",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['222222222222/us-west-2'][0].repositoryPrefixes: must list at least one repository prefix (a replication route names its prefixes), got []",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['222222222222/us-west-2'][0].allowCreateRepository: must be true or false when given, got 'yes'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['222222222222/us-west-2'][1]: must be a grant: { accountId, repositoryPrefixes, allowCreateRepository }, got 111111111111",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['nokey']: must be keyed '<accountId>/<region>', got 'nokey'",
        "stack reference 'acme/build/prod' ecrReplicationRoutes['nokey']: must be a list of grants { accountId, repositoryPrefixes, allowCreateRepository }, got 3",
        "stack reference 'acme/build/none' ecrReplicationRoutes: must be the routes a source stack exports, an object of grant lists keyed '<accountId>/<region>', got undefined: the stack exports no ecrReplicationRoutes",
        "stack reference 'acme/build/list' ecrReplicationRoutes: must be the routes a source stack exports, an object of grant lists keyed '<accountId>/<region>', got []",
      ],
    );
  });

  it("names an account given as a number, as YAML makes of an unquoted id", () => {
    assert.deepStrictEqual(
      checkReplicationRoutesOutput(
        { "222222222222/us-west-2": [{ accountId: 111111111111, repositoryPrefixes: ["prod-"] }] },
        "out",
      ),
      [
        {
          path: "out['222222222222/us-west-2'][0].accountId",
          message:
            "must be a 12-digit AWS account id as a string, got the number 111111111111: quote it ('111111111111' in YAML)",
        },
      ],
    );
  });

  it("refuses a destination registry that is not one, and reads no inherited key as a registry", () => {
    assert.deepStrictEqual(
      refusal(() => referencedReplicationSources({ accountId: "2222", region: "us-west-2" }, [])),
      ["registry.accountId: must be a 12-digit AWS account id, got '2222'"],
    );
    const inherited = Object.create({
      "222222222222/us-west-2": [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
    }) as Record<string, unknown>;
    assert.deepStrictEqual(
      referencedReplicationSources(WEST, [{ stack: "a", routes: inherited }]),
      [],
    );
  });
});
