/**
 * ECR's replication rules, each one predicate with one message: the builder, the pack's checks and
 * the route analysis all say these words (their own specs assert them at their own paths).
 */
import * as assert from "assert";
import {
  checkConfigurationLimits,
  checkDestinationRules,
  destinationCountOverLimit,
  filterCountOverLimit,
  partitionCrossed,
  placedUnder,
  ruleCountOverLimit,
  sourceAsDestination,
  unsupportedFilterType,
} from "../../../components/model/replication/ecr-rules";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const ITSELF =
  "must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself";
const TO_CHINA =
  "must be in the source registry's partition aws (us-east-1), got 'cn-north-1' in aws-cn: replication cannot cross partitions";

describe("ECR's replication rules", () => {
  it("refuses the source registry as a destination, and only it", () => {
    assert.strictEqual(sourceAsDestination(SOURCE, { ...SOURCE }), ITSELF);
    assert.strictEqual(sourceAsDestination(SOURCE, { ...SOURCE, region: "us-west-2" }), undefined);
    assert.strictEqual(
      sourceAsDestination(SOURCE, { ...SOURCE, accountId: "222222222222" }),
      undefined,
    );
  });

  it("refuses a destination in another partition, naming both", () => {
    assert.strictEqual(partitionCrossed("us-east-1", "cn-north-1"), TO_CHINA);
    assert.strictEqual(
      partitionCrossed("us-gov-west-1", "eu-west-1"),
      "must be in the source registry's partition aws-us-gov (us-gov-west-1), got 'eu-west-1' in aws: replication cannot cross partitions",
    );
    assert.strictEqual(partitionCrossed("cn-north-1", "cn-northwest-1"), undefined);
  });

  it("judges a destination at its own path or its region's, skipping what is unknown", () => {
    assert.deepStrictEqual(checkDestinationRules(SOURCE, { ...SOURCE }), [
      { path: "", message: ITSELF },
    ]);
    const china = { accountId: "222222222222", region: "cn-north-1" };
    assert.deepStrictEqual(checkDestinationRules(SOURCE, china), [
      { path: "region", message: TO_CHINA },
    ]);
    // An unknown source account still lets the partition be judged, never "itself".
    assert.deepStrictEqual(checkDestinationRules({ region: "us-east-1" }, china), [
      { path: "region", message: TO_CHINA },
    ]);
    assert.deepStrictEqual(checkDestinationRules({ region: "us-east-1" }, { ...SOURCE }), []);
    assert.deepStrictEqual(checkDestinationRules(SOURCE, { accountId: SOURCE.accountId }), []);
    assert.deepStrictEqual(checkDestinationRules({}, china), []);
  });

  it("places relative problems under a path", () => {
    assert.deepStrictEqual(
      placedUnder("routes[0].destinations[1]", [
        { path: "", message: "a" },
        { path: "region", message: "b" },
      ]),
      [
        { path: "routes[0].destinations[1]", message: "a" },
        { path: "routes[0].destinations[1].region", message: "b" },
      ],
    );
  });

  it("says each limit with ECR's number, only beyond it", () => {
    assert.deepStrictEqual(
      [ruleCountOverLimit(10), destinationCountOverLimit(25), filterCountOverLimit(100)],
      [undefined, undefined, undefined],
    );
    assert.deepStrictEqual(
      [ruleCountOverLimit(11), destinationCountOverLimit(26), filterCountOverLimit(101)],
      [
        "must have at most 10 rules (ECR limit), got 11",
        "must have at most 25 destinations per rule (ECR limit), got 26",
        "must have at most 100 filters per rule (ECR limit), got 101",
      ],
    );
  });

  it("counts a configuration's rules over the whole configuration", () => {
    const rule = { destinations: [{ accountId: "222222222222", region: "us-west-2" }] };
    assert.deepStrictEqual(checkConfigurationLimits(Array.from({ length: 10 }, () => rule)), []);
    assert.deepStrictEqual(checkConfigurationLimits(Array.from({ length: 11 }, () => rule)), [
      { path: "rules", message: "must have at most 10 rules (ECR limit), got 11" },
    ]);
  });

  it("accepts only the PREFIX_MATCH filter type", () => {
    assert.strictEqual(unsupportedFilterType("PREFIX_MATCH"), undefined);
    assert.strictEqual(
      unsupportedFilterType(3),
      "must be 'PREFIX_MATCH' (the only filter type ECR supports), got 3",
    );
  });
});
