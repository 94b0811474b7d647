/**
 * The statements a user merges into a generated registry policy are held to normal form too: the
 * policy pack only advises on a Sid's characters and uniqueness and on bare account principals
 * (ECR accepts them), but a component never emits them.
 */
import * as assert from "assert";
import { checkExtraStatements } from "../../../components/model/registry-policy/extra-statements";
import { REGISTRY, SOURCE } from "./fixtures";

/** A well-formed extra statement with `changes` applied. */
function extra(changes: object): object {
  return {
    Sid: "Extra",
    Effect: "Allow",
    Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
    Action: ["ecr:BatchGetImage"],
    Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/*"],
    ...changes,
  };
}

describe("checkExtraStatements", () => {
  it("accepts statements in normal form", () => {
    assert.deepStrictEqual(checkExtraStatements([extra({})], REGISTRY, "V2"), []);
  });

  it("refuses a Sid of other characters and a repeated Sid, and accepts a bare account principal (advisory in the pack only)", () => {
    assert.deepStrictEqual(
      checkExtraStatements(
        [extra({ Sid: "stis-1" }), extra({ Sid: "stis-1", Principal: { AWS: SOURCE } })],
        REGISTRY,
        "V2",
      ),
      [
        {
          path: "extraStatements[0].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
        },
        {
          path: "extraStatements[1].Sid",
          message: "must be letters and digits only (A-Z, a-z, 0-9), got 'stis-1'",
        },
        {
          path: "extraStatements[1].Sid",
          message: "must be unique within the policy, got 'stis-1', the Sid of extraStatements[0]",
        },
      ],
    );
  });

  it("refuses a Sid that is not a string", () => {
    assert.deepStrictEqual(checkExtraStatements([extra({ Sid: 1 })], REGISTRY, "V2"), [
      {
        path: "extraStatements[0].Sid",
        message: "must be a string of letters and digits (A-Z, a-z, 0-9), got 1",
      },
    ]);
  });
});
