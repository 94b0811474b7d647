import * as assert from "assert";
import {
  placeResource,
  readRegistryPolicyResource,
  registriesToJudge,
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

/** A registry policy of one statement with these principals and resources, and its provider. */
function readPolicy(
  principal: unknown,
  resource: unknown,
  providerProps?: Record<string, unknown>,
  more: Record<string, unknown>[] = [],
) {
  const statement = { Effect: "Allow", Principal: principal, Action: "ecr:*", Resource: resource };
  return readRegistryPolicyResource({
    type: TYPE,
    urn: "urn:p",
    props: { policy: { Version: "2012-10-17", Statement: [statement, ...more] } },
    providerProps,
  });
}

describe("the partitions a registry policy's ARNs name", () => {
  it("reads Resource and principal ARNs, a wildcard partition naming each it matches", () => {
    const cases: [unknown, unknown, string[]][] = [
      ["*", "arn:aws-cn:ecr:*:*:repository/*", ["aws-cn"]],
      ["*", "arn:*:ecr:cn-north-1:*:repository/*", ["aws-cn"]],
      ["*", "arn:aws*:ecr:*:*:repository/*", ["aws", "aws-cn", "aws-us-gov"]],
      [{ AWS: "arn:aws-us-gov:iam::111111111111:root" }, "*", ["aws-us-gov"]],
      [{ AWS: "111111111111" }, "*", []],
      [
        { AWS: ["arn:aws-cn:iam::111111111111:root"] },
        ["arn:aws:ecr:us-west-2:222222222222:repository/a-*"],
        ["aws", "aws-cn"],
      ],
    ];
    for (const [principal, resource, partitions] of cases) {
      assert.deepStrictEqual(
        readPolicy(principal, resource).namedPartitions,
        partitions,
        JSON.stringify([principal, resource]),
      );
    }
  });
});

describe("registriesToJudge", () => {
  const CN_WILDCARD = "arn:aws-cn:ecr:*:*:repository/*";

  it("is the policy's own registry once located", () => {
    const read = readPolicy("*", CN_WILDCARD, {
      region: "cn-north-1",
      allowedAccountIds: '["222222222222"]',
    });
    assert.deepStrictEqual(registriesToJudge(read), [
      { accountId: "222222222222", region: "cn-north-1" },
    ]);
  });

  it("keeps the region of a registry whose account is unknown, so its partition", () => {
    assert.deepStrictEqual(
      registriesToJudge(readPolicy("*", CN_WILDCARD, { region: "cn-north-1" })),
      [{ accountId: "000000000000", region: "cn-north-1" }],
    );
    assert.deepStrictEqual(registriesToJudge(readPolicy("*", "*", { region: "us-gov-east-1" })), [
      { accountId: "000000000000", region: "us-gov-east-1" },
    ]);
  });

  it("takes the partitions of its own ARNs when the region is unknown too, aws when they name none", () => {
    assert.deepStrictEqual(
      registriesToJudge(readPolicy("*", CN_WILDCARD, { allowedAccountIds: '["222222222222"]' })),
      [{ accountId: "222222222222", region: "cn-north-1" }],
    );
    assert.deepStrictEqual(
      registriesToJudge(readPolicy({ AWS: "arn:aws-us-gov:iam::111111111111:root" }, "*")),
      [{ accountId: "000000000000", region: "us-gov-west-1" }],
    );
    assert.deepStrictEqual(registriesToJudge(readPolicy("*", "*")), [
      { accountId: "000000000000", region: "us-east-1" },
    ]);
  });

  it("judges in each registry the ARNs name and in each partition they name without one", () => {
    const named = {
      Effect: "Allow",
      Principal: "*",
      Action: "ecr:ReplicateImage",
      Resource: "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
    };
    assert.deepStrictEqual(registriesToJudge(readPolicy("*", CN_WILDCARD, undefined, [named])), [
      { accountId: "222222222222", region: "us-west-2" },
      { accountId: "000000000000", region: "cn-north-1" },
    ]);
    // Its region known: the named registries, and the unlocated one in that region.
    assert.deepStrictEqual(
      registriesToJudge(readPolicy("*", CN_WILDCARD, { region: "cn-northwest-1" }, [named])),
      [
        { accountId: "222222222222", region: "us-west-2" },
        { accountId: "000000000000", region: "cn-northwest-1" },
      ],
    );
  });
});
