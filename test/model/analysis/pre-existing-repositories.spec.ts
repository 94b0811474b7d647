/**
 * The route analysis option `preExistingRepositories`: `true`, `false`, or the registries whose
 * repositories pre-exist (`"<account>/<region>"`, `"<account>"` for all its regions), so a stack
 * mixing `allowCreateRepository: false` and `true` can be judged route by route.
 */
import * as assert from "assert";
import {
  readPreExistingRepositories,
  repositoriesPreExist,
  RouteAnalysisOptions,
} from "../../../components/model/analysis/analysed-route";
import { ResourceSnapshot } from "../../../components/model/analysis/registry-policy-resource";
import { analyseRoutes } from "../../../components/model/analysis/route-analysis";
import {
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  registryPolicy,
  replicationConfiguration,
  SOURCE,
  nameOf,
} from "../../policypack/fixtures";
import { TestResource } from "../../policypack/run-policy";

const WEST = { accountId: DEST_WEST, region: "us-west-2" };

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

/** A destination's registry policy granting only `ecr:ReplicateImage` (no CreateRepository). */
function replicateOnly(account: string, region: string): TestResource {
  const document = destinationPolicyDocument(account, region);
  document.Statement[0].Action = ["ecr:ReplicateImage"];
  const resource = registryPolicy(account, region);
  resource.props.policy = JSON.stringify(document);
  return resource;
}

/**
 * The example source replicating to 222222222222 in us-west-2, which grants only
 * ecr:ReplicateImage (as `allowCreateRepository: false` builds it), and to 333333333333 in
 * eu-west-1, which grants both (`allowCreateRepository: true`).
 */
const MIXED: ResourceSnapshot[] = [
  replicationConfiguration(),
  replicateOnly(DEST_WEST, "us-west-2"),
  registryPolicy(DEST_EU, "eu-west-1"),
].map(snapshot);

/** Each route's destination, status and what happens to its repositories. */
function judged(options: RouteAnalysisOptions) {
  return analyseRoutes(MIXED, options).routes.map((route) => [
    `${route.destination.accountId}/${route.destination.region}`,
    route.status,
    route.repositories ?? null,
  ]);
}

describe("repositoriesPreExist", () => {
  it("reads true, false and absent as everywhere, nowhere, nowhere", () => {
    assert.strictEqual(repositoriesPreExist({ preExistingRepositories: true }, WEST), true);
    assert.strictEqual(repositoriesPreExist({ preExistingRepositories: false }, WEST), false);
    assert.strictEqual(repositoriesPreExist({}, WEST), false);
  });

  it("matches a listed registry, or its account for every region, and nothing else", () => {
    const listed = (...registries: string[]) =>
      repositoriesPreExist({ preExistingRepositories: registries }, WEST);
    assert.strictEqual(listed(`${DEST_WEST}/us-west-2`), true);
    assert.strictEqual(listed(DEST_WEST), true);
    assert.strictEqual(listed(DEST_EU, `${DEST_EU}/us-west-2`), false);
    assert.strictEqual(listed(`${DEST_WEST}/eu-west-1`, `${DEST_WEST}/us-west-2/`), false);
    assert.strictEqual(listed(), false);
  });
});

describe("readPreExistingRepositories", () => {
  it("keeps a boolean, the strings of a list, and reads anything else as false", () => {
    assert.strictEqual(readPreExistingRepositories(true), true);
    assert.strictEqual(readPreExistingRepositories(false), false);
    assert.deepStrictEqual(
      readPreExistingRepositories([DEST_WEST, 7, null, `${DEST_EU}/eu-west-1`]),
      [DEST_WEST, `${DEST_EU}/eu-west-1`],
    );
    for (const other of [undefined, null, "true", 1, { [DEST_WEST]: true }]) {
      assert.strictEqual(readPreExistingRepositories(other), false, String(other));
    }
  });
});

describe("analyseRoutes with preExistingRepositories", () => {
  it("breaks the route without ecr:CreateRepository unless its registry pre-exists", () => {
    const broken = [
      [`${DEST_WEST}/us-west-2`, "broken", null],
      [`${DEST_EU}/eu-west-1`, "authorised", "created on arrival"],
    ];
    assert.deepStrictEqual(judged({}), broken);
    assert.deepStrictEqual(judged({ preExistingRepositories: false }), broken);
    assert.deepStrictEqual(judged({ preExistingRepositories: [DEST_EU] }), broken);
    assert.deepStrictEqual(judged({ preExistingRepositories: [`${DEST_WEST}/eu-west-1`] }), broken);
  });

  it("authorises it, repositories that must pre-exist, when its registry or account is listed", () => {
    const authorised = [
      [`${DEST_WEST}/us-west-2`, "authorised", "must pre-exist"],
      [`${DEST_EU}/eu-west-1`, "authorised", "created on arrival"],
    ];
    assert.deepStrictEqual(
      judged({ preExistingRepositories: [`${DEST_WEST}/us-west-2`] }),
      authorised,
    );
    assert.deepStrictEqual(judged({ preExistingRepositories: [DEST_WEST] }), authorised);
    // A route that has ecr:CreateRepository creates its repositories, listed or not.
    assert.deepStrictEqual(judged({ preExistingRepositories: true }), authorised);
    assert.deepStrictEqual(judged({ preExistingRepositories: [DEST_WEST, DEST_EU] }), authorised);
  });

  it("says why in the route's verdict", () => {
    const [west] = analyseRoutes(MIXED, { preExistingRepositories: [DEST_WEST] }).routes;
    const [, created] = west.verdicts;
    assert.strictEqual(created.status, "authorised");
    // The witness repository name between is the access model's (its exact text: route-analysis.spec).
    const [before, after] = created.reason.split(" on '");
    assert.strictEqual(
      before,
      `registry policy ${nameOf(west.registryPolicy)} does not grant ${SOURCE} ecr:CreateRepository`,
    );
    assert.ok(
      after.endsWith(
        ": the repositories must already exist in the destination (preExistingRepositories)",
      ),
      created.reason,
    );
  });
});
