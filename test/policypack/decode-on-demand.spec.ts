/**
 * Resource properties decoded on demand and once per request (policypack/support/decode-on-demand.ts),
 * and the test harness refusing any policy that writes to them (what makes sharing them safe).
 */
import * as assert from "assert";
import { createRequire } from "module";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  decodedOnDemand,
  decodeOnDemand,
  installed,
} from "../../policypack/support/decode-on-demand";
import { runResourcePolicy } from "./run-policy";

type Decode = (struct: object, proxySecrets: boolean) => Record<string, unknown>;

describe("resource properties decoded on demand, once per request", () => {
  const deserialize = createRequire(require.resolve("@pulumi/policy"))("./deserialize") as {
    deserializeProperties: Decode;
  };
  before(() => decodeOnDemand());

  it("is in place with the @pulumi/policy this repository ships with", () => {
    assert.strictEqual(installed, true);
  });

  it("decodes nothing until read, then behaves as the decoded object", () => {
    let decodes = 0;
    const props = decodedOnDemand(() => {
      decodes++;
      return { policy: "{}", tags: { team: "a" } };
    });
    assert.strictEqual(decodes, 0);
    assert.strictEqual(props.policy, "{}");
    assert.deepStrictEqual(Object.keys(props), ["policy", "tags"]);
    assert.strictEqual("tags" in props, true);
    assert.strictEqual(JSON.stringify(props), '{"policy":"{}","tags":{"team":"a"}}');
    assert.deepStrictEqual({ ...props }, { policy: "{}", tags: { team: "a" } });
    assert.strictEqual(decodes, 1);
  });

  it("hands every caller the one stand-in of a Struct; remediation's decoding stays eager", () => {
    const struct = Struct.fromJavaScript({ policy: "{}", region: "us-west-2" });
    const first = deserialize.deserializeProperties(struct, false);
    assert.deepStrictEqual({ ...first }, { policy: "{}", region: "us-west-2" });
    assert.strictEqual(deserialize.deserializeProperties(struct, false), first);
    // Another request's Struct, equal in content, has its own.
    const other = Struct.fromJavaScript({ policy: "{}", region: "us-west-2" });
    assert.notStrictEqual(deserialize.deserializeProperties(other, false), first);
    const remediated = deserialize.deserializeProperties(struct, true);
    assert.notStrictEqual(remediated, first);
    assert.notStrictEqual(deserialize.deserializeProperties(struct, true), remediated);
  });

  it("the harness fails a policy that writes to its properties", async () => {
    const writer: ResourceValidationPolicy = {
      name: "writer",
      description: "writes",
      validateResource: (args) => {
        (args.props as Record<string, unknown>).policy = "{}";
      },
    };
    await assert.rejects(runResourcePolicy(writer, { type: "t", props: { policy: "x" } }), {
      name: "TypeError",
      message: "a policy wrote to props.policy",
    });
  });
});
