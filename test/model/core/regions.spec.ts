import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import {
  isKnownRegion,
  REGION_LIST_SOURCE,
  regionProblem,
} from "../../../components/model/core/regions";
import { checkRegion } from "../../../components/model/core/identifiers";
import { UNKNOWN_STRING_VALUE } from "../../../components/model/core/property-values";

/** The version of @aws-sdk/core installed, read from its own package.json. */
const installedVersion = (
  JSON.parse(
    fs.readFileSync(
      path.join(__dirname, "../../../node_modules/@aws-sdk/core/package.json"),
      "utf8",
    ),
  ) as { version: string }
).version;

describe("the AWS SDK's list of regions", () => {
  it("names its source with the installed version", () => {
    assert.strictEqual(REGION_LIST_SOURCE, `@aws-sdk/core ${installedVersion}`);
  });

  it("knows the regions of the commercial, China and GovCloud partitions", () => {
    const listed = [
      "us-east-1",
      "us-west-2",
      "eu-west-1",
      "eu-central-2",
      "ap-southeast-4",
      "il-central-1",
      "mx-central-1",
      "cn-north-1",
      "cn-northwest-1",
      "us-gov-west-1",
      "us-gov-east-1",
    ];
    assert.deepStrictEqual(
      listed.filter((region) => !isKnownRegion(region)),
      [],
    );
  });

  it("does not know well-formed names no partition lists", () => {
    const unlisted = ["us-unkown-1", "us-east-9", "cn-south-1", "us-gov-north-1", "zz-west-1"];
    assert.deepStrictEqual(unlisted.filter(isKnownRegion), []);
  });

  it("reports a well-formed unlisted region at its path, with the exact text", () => {
    assert.deepStrictEqual(regionProblem("us-unkown-1", "routes[0].destinations[1].region"), {
      path: "routes[0].destinations[1].region",
      message: `should be a region AWS lists (the AWS SDK's partition metadata, ${REGION_LIST_SOURCE}), got 'us-unkown-1': check the name; a region launched after that release is not listed yet`,
    });
  });

  it("says nothing of listed regions, nor of what checkRegion refuses", () => {
    for (const value of ["us-west-2", "cn-north-1", "us-gov-west-1"]) {
      assert.strictEqual(regionProblem(value, "region"), undefined, value);
    }
    // Malformed, an ISO partition, not a string, unknown at preview: checkRegion's, or apply's.
    const notWellFormed = ["US-WEST-2", "us-west", "us-iso-east-1", "", 42, null, undefined];
    for (const value of [...notWellFormed, UNKNOWN_STRING_VALUE]) {
      assert.strictEqual(regionProblem(value, "region"), undefined, String(value));
    }
    assert.deepStrictEqual(
      notWellFormed.filter((value) => checkRegion(value, "region").length === 0),
      [],
    );
  });
});
