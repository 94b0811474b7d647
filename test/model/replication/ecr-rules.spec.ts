/**
 * ECR's replication rules, each one predicate with one message: the builder, the pack's checks and
 * the route analysis all say these words (their own specs assert them at their own paths).
 */
import * as assert from "assert";
import {
  checkConfigurationLimits,
  checkDestinationRules,
  filterCountOverLimit,
  partitionCrossed,
  placedUnder,
  ruleCountOverLimit,
  sourceAsDestination,
  uniqueDestinations,
  uniqueDestinationsOverLimit,
  unsupportedFilterType,
} from "../../../components/model/replication/ecr-rules";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const ITSELF =
  "must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself";
/** `n` distinct registries in account 4000000000nn, us-west-2. */
function registries(n: number): { accountId: string; region: string }[] {
  return Array.from({ length: n }, (_, i) => ({
    accountId: `4000000000${String(i).padStart(2, "0")}`,
    region: "us-west-2",
  }));
}
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
      [
        ruleCountOverLimit(10),
        uniqueDestinationsOverLimit(registries(25)),
        filterCountOverLimit(100),
      ],
      [undefined, undefined, undefined],
    );
    assert.deepStrictEqual(
      [
        ruleCountOverLimit(11),
        uniqueDestinationsOverLimit(registries(26)),
        filterCountOverLimit(101),
      ],
      [
        "must have at most 10 rules (ECR limit), got 11",
        "must name at most 25 unique destinations across all rules (ECR limit), got 26; after the first 25 in rule order: 400000000025 in us-west-2",
        "must have at most 100 filters per rule (ECR limit), got 101",
      ],
    );
  });

  it("counts unique destinations: once however often named, in order of first appearance, known ones only", () => {
    const [a, b, c] = registries(3);
    assert.deepStrictEqual(
      uniqueDestinations([b, a, { ...b }, { accountId: a.accountId }, { region: "eu-west-1" }, c]),
      [b, a, c],
    );
    // The same account in another region is another destination.
    assert.deepStrictEqual(uniqueDestinations([a, { ...a, region: "eu-west-1" }]).length, 2);
    // 30 named, some several times: only the 30 distinct ones count, the last 5 are named.
    const thirty = registries(30);
    assert.strictEqual(
      uniqueDestinationsOverLimit([...thirty, ...thirty.slice(0, 10)]),
      "must name at most 25 unique destinations across all rules (ECR limit), got 30; after the first 25 in rule order: 400000000025 in us-west-2, 400000000026 in us-west-2, 400000000027 in us-west-2, 400000000028 in us-west-2 and 400000000029 in us-west-2",
    );
    assert.strictEqual(
      uniqueDestinationsOverLimit([
        ...registries(25),
        ...registries(25),
        { accountId: "400000000099" },
      ]),
      undefined,
    );
  });

  it("counts a configuration's rules over the whole configuration", () => {
    const rule = { destinations: [{ accountId: "222222222222", region: "us-west-2" }] };
    assert.deepStrictEqual(checkConfigurationLimits(Array.from({ length: 10 }, () => rule)), []);
    assert.deepStrictEqual(checkConfigurationLimits(Array.from({ length: 11 }, () => rule)), [
      { path: "rules", message: "must have at most 10 rules (ECR limit), got 11" },
    ]);
  });

  it("counts unique destinations over the whole configuration, not per rule", () => {
    // 10 rules of 25 different destinations each (rule r: accounts 5r00000000nn): every rule alone
    // is within 25, the whole is not.
    const wide = Array.from({ length: 10 }, (_, r) => ({
      destinations: registries(25).map((d) => ({
        ...d,
        accountId: `5${r}${d.accountId.slice(2)}`,
      })),
    }));
    assert.deepStrictEqual(checkConfigurationLimits(wide), [
      {
        path: "rules",
        message:
          "must name at most 25 unique destinations across all rules (ECR limit), got 250; after the first 25 in rule order: 510000000000 in us-west-2, 510000000001 in us-west-2, 510000000002 in us-west-2, 510000000003 in us-west-2, 510000000004 in us-west-2 and 220 more",
      },
    ]);
    // The same 25 destinations in every rule are 25 unique destinations.
    const same = Array.from({ length: 10 }, () => ({ destinations: registries(25) }));
    assert.deepStrictEqual(checkConfigurationLimits(same), []);
    // Over both limits: both are said, the rules first.
    const both = checkConfigurationLimits([...wide, { destinations: registries(1) }]);
    assert.deepStrictEqual(
      both.map((p) => p.message.split(";")[0]),
      [
        "must have at most 10 rules (ECR limit), got 11",
        "must name at most 25 unique destinations across all rules (ECR limit), got 251",
      ],
    );
  });

  it("accepts only the PREFIX_MATCH filter type", () => {
    assert.strictEqual(unsupportedFilterType("PREFIX_MATCH"), undefined);
    assert.strictEqual(
      unsupportedFilterType(3),
      "must be 'PREFIX_MATCH' (the only filter type ECR supports), got 3",
    );
  });
});
