import * as assert from "assert";
import { ValidationError } from "../../../components/model/core/problems";
import {
  CrossAccountRoute,
  destinationRegistryGrants,
  replicationRoutes,
} from "../../../components/model/replication/cross-account-plan";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const SAME_ACCOUNT_WEST = { accountId: "111111111111", region: "us-west-2" };

const ROUTES: CrossAccountRoute[] = [
  { destinations: [WEST, SAME_ACCOUNT_WEST], repositoryPrefixes: ["shared/", "prod-"] },
  { destinations: [WEST], repositoryPrefixes: ["legacy-", "prod-"], allowCreateRepository: false },
];

describe("replication routes", () => {
  it("summarises each destination with its prefixes and whether it creates repositories", () => {
    assert.deepStrictEqual(replicationRoutes(SOURCE, ROUTES), [
      {
        source: SOURCE,
        destination: SAME_ACCOUNT_WEST,
        repositoryPrefixes: ["prod-", "shared/"],
        crossAccount: false,
        createRepository: true,
      },
      {
        source: SOURCE,
        destination: WEST,
        repositoryPrefixes: ["legacy-"],
        crossAccount: true,
        createRepository: false,
      },
      {
        source: SOURCE,
        destination: WEST,
        repositoryPrefixes: ["prod-", "shared/"],
        crossAccount: true,
        createRepository: true,
      },
    ]);
  });

  it("gives every cross-account destination registry one set of grants, and same-account ones none", () => {
    assert.deepStrictEqual(destinationRegistryGrants(SOURCE, ROUTES), [
      {
        registry: WEST,
        grants: [
          {
            accountId: "111111111111",
            repositoryPrefixes: ["legacy-"],
            allowCreateRepository: false,
          },
          {
            accountId: "111111111111",
            repositoryPrefixes: ["prod-", "shared/"],
            allowCreateRepository: true,
          },
        ],
      },
    ]);
  });

  it("refuses a non-boolean allowCreateRepository with its path", () => {
    assert.throws(
      () =>
        replicationRoutes(SOURCE, [
          {
            destinations: [WEST],
            repositoryPrefixes: ["prod-"],
            allowCreateRepository: "yes" as unknown as boolean,
          },
        ]),
      (error: unknown) => {
        assert.ok(error instanceof ValidationError);
        assert.strictEqual(
          error.message,
          "invalid replication routes:\nroutes[0].allowCreateRepository: must be true or false when given, got 'yes'",
        );
        return true;
      },
    );
  });
});
