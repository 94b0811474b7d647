import * as assert from "assert";
import {
  placeResource,
  readRegistryPolicyResource,
} from "../../../components/model/analysis/registry-policy-resource";
import { UNKNOWN_STRING_VALUE } from "../../../components/model/core/property-values";

const TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const document = {
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Replicate",
      Effect: "Allow",
      Principal: { AWS: "111111111111" },
      Action: "ecr:ReplicateImage",
      Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
    },
  ],
};

describe("readRegistryPolicyResource", () => {
  it("locates a policy without provider settings from its own Resource ARNs", () => {
    const read = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:p",
      props: { policy: document },
    });
    assert.deepStrictEqual(
      [read.registry, read.namedRegistries, read.problems, read.unknownPaths],
      [
        { accountId: "222222222222", region: "us-west-2" },
        [{ accountId: "222222222222", region: "us-west-2" }],
        [],
        [],
      ],
    );
    assert.strictEqual(read.placement.account?.source, "policy Resource ARNs");
  });

  it("roots document problems at the policy input", () => {
    const read = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:p",
      props: { policy: JSON.stringify({ ...document, Version: "2008-10-17" }) },
    });
    assert.deepStrictEqual(read.problems, [
      { path: "policy.Version", message: "must be '2012-10-17', got '2008-10-17'" },
    ]);
  });

  it("does not parse a document with unknown parts, and says which", () => {
    const statement = { ...document.Statement[0], Resource: UNKNOWN_STRING_VALUE };
    const read = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:p",
      props: { policy: { ...document, Statement: [statement] } },
      providerProps: { region: "eu-west-1" },
    });
    assert.deepStrictEqual(
      [read.policy, read.unknownPaths, read.placement.region?.value, read.registry],
      [undefined, ["policy.Statement[0].Resource"], "eu-west-1", undefined],
    );
  });

  it("places a replication configuration from its provider alone", () => {
    assert.deepStrictEqual(
      placeResource({
        type: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
        urn: "urn:r",
        props: {},
        providerProps: { region: "us-east-1", allowedAccountIds: '["111111111111"]' },
      }),
      {
        account: { value: "111111111111", source: "provider allowedAccountIds" },
        region: { value: "us-east-1", source: "provider region" },
        pending: [],
      },
    );
  });
});
