/**
 * Merging grants by account (components/model/registry-policy/grant-merging.ts), seen through
 * buildRegistryPolicy.
 */
import * as assert from "assert";
import { buildRegistryPolicy } from "../../../components/model/registry-policy/builder";
import { ALL, REGISTRY, SOURCE } from "./fixtures";

describe("buildRegistryPolicy", () => {
  describe("merging grants by account", () => {
    it("drops a prefix covered by a shorter one and sorts the rest", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, repositoryPrefixes: ["shared/", "prod-api", "prod-", "prod-"] },
      ]);
      assert.deepStrictEqual((document.Statement[0] as { Resource: string[] }).Resource, [
        "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
        "arn:aws:ecr:us-west-2:222222222222:repository/shared/*",
      ]);
    });

    it("merges the same account's grants: prefix union, CreateRepository where any grant allows it", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        {
          accountId: SOURCE,
          repositoryPrefixes: ["legacy-", "prod-"],
          allowCreateRepository: false,
        },
        { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
      ]);
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "ReplicationAccessCrossAccount1",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
          Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
        },
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::111111111111:root" },
          Action: ["ecr:ReplicateImage"],
          Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/legacy-*"],
        },
      ]);
    });

    it("keeps a longer prefix that is granted more actions than its shorter one, with only the extra action", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, allRepositories: true, allowCreateRepository: false },
        { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
      ]);
      // ecr:ReplicateImage on prod-* is already granted by repository/*.
      assert.deepStrictEqual(
        document.Statement.map((s) => [
          (s as { Action: string[] }).Action,
          (s as { Resource: string[] }).Resource,
        ]),
        [
          [["ecr:CreateRepository"], ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"]],
          [["ecr:ReplicateImage"], [ALL]],
        ],
      );
    });
  });
});
