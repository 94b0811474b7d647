/**
 * Packing statements (components/model/registry-policy/statement-packing.ts and greedy-cover.ts), seen
 * through buildRegistryPolicy: exact documents for each grant shape.
 */
import * as assert from "assert";
import {
  buildRegistryPolicy,
  REPLICATION_SID,
} from "../../../components/model/registry-policy/builder";
import { OTHER_SOURCE, REGISTRY, SOURCE } from "./fixtures";

describe("buildRegistryPolicy", () => {
  describe("packing", () => {
    const arn = (account: string) => `arn:aws:iam::${account}:root`;
    const repository = (prefix: string) =>
      `arn:aws:ecr:us-west-2:222222222222:repository/${prefix}*`;
    const BOTH = ["ecr:CreateRepository", "ecr:ReplicateImage"];
    const team = (i: number) => `30000000000${i}`;

    it("uniform: every account on every prefix is one statement", () => {
      const { document } = buildRegistryPolicy(
        REGISTRY,
        [team(2), team(0), team(1)].map((accountId) => ({
          accountId,
          repositoryPrefixes: ["shared/", "prod-"],
        })),
      );
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: REPLICATION_SID,
          Effect: "Allow",
          Principal: { AWS: [arn(team(0)), arn(team(1)), arn(team(2))] },
          Action: BOTH,
          Resource: [repository("prod-"), repository("shared/")],
        },
      ]);
    });

    it("per-team prefixes plus shared ones: the shared prefixes in one statement for all", () => {
      const grants = [0, 1, 2, 3].map((i) => ({
        accountId: team(i),
        repositoryPrefixes: [`team-${i}/`, "shared/platform/", "shared/tools/"],
      }));
      const { document, json } = buildRegistryPolicy(REGISTRY, grants);
      const own = (i: number, sid: number) => ({
        Sid: `ReplicationAccessCrossAccount${sid}`,
        Effect: "Allow",
        Principal: { AWS: arn(team(i)) },
        Action: BOTH,
        Resource: [repository(`team-${i}/`)],
      });
      assert.deepStrictEqual(document.Statement, [
        own(0, 1),
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: [0, 1, 2, 3].map((i) => arn(team(i))) },
          Action: BOTH,
          Resource: [repository("shared/platform/"), repository("shared/tools/")],
        },
        own(1, 3),
        own(2, 4),
        own(3, 5),
      ]);
      // One statement per account with its three prefixes (the historical shape) takes 1498.
      assert.strictEqual(json.length, 1391);
    });

    it("mixed actions: ecr:ReplicateImage factored out over accounts that differ in creation", () => {
      const { document, json } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
        { accountId: SOURCE, repositoryPrefixes: ["legacy-"], allowCreateRepository: false },
        { accountId: OTHER_SOURCE, repositoryPrefixes: ["legacy-"] },
        { accountId: OTHER_SOURCE, repositoryPrefixes: ["prod-"], allowCreateRepository: false },
      ]);
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "ReplicationAccessCrossAccount1",
          Effect: "Allow",
          Principal: { AWS: arn(SOURCE) },
          Action: ["ecr:CreateRepository"],
          Resource: [repository("prod-")],
        },
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: [arn(SOURCE), arn(OTHER_SOURCE)] },
          Action: ["ecr:ReplicateImage"],
          Resource: [repository("legacy-"), repository("prod-")],
        },
        {
          Sid: "ReplicationAccessCrossAccount3",
          Effect: "Allow",
          Principal: { AWS: arn(OTHER_SOURCE) },
          Action: ["ecr:CreateRepository"],
          Resource: [repository("legacy-")],
        },
      ]);
      // Four statements, one per (account, action set), take 932.
      assert.strictEqual(json.length, 769);
    });

    it("mixed actions: each action grouped on its own, then joined where accounts and prefixes agree", () => {
      const { document, json } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, repositoryPrefixes: ["shared/"], allowCreateRepository: false },
        { accountId: SOURCE, repositoryPrefixes: ["prod-", "tools/"] },
        {
          accountId: OTHER_SOURCE,
          repositoryPrefixes: ["prod-", "shared/", "tools/"],
          allowCreateRepository: false,
        },
        { accountId: "444444444444", repositoryPrefixes: ["shared/", "tools/"] },
      ]);
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "ReplicationAccessCrossAccount1",
          Effect: "Allow",
          Principal: { AWS: arn(SOURCE) },
          Action: ["ecr:CreateRepository"],
          Resource: [repository("prod-"), repository("tools/")],
        },
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: [arn(SOURCE), arn(OTHER_SOURCE)] },
          Action: ["ecr:ReplicateImage"],
          Resource: [repository("prod-"), repository("shared/"), repository("tools/")],
        },
        {
          Sid: "ReplicationAccessCrossAccount3",
          Effect: "Allow",
          Principal: { AWS: arn("444444444444") },
          Action: BOTH,
          Resource: [repository("shared/"), repository("tools/")],
        },
      ]);
      // One statement per (account, action set), shared where identical, takes 1157.
      assert.strictEqual(json.length, 958);
    });

    it("shares a longer prefix with an account whose shorter prefix already grants it", () => {
      // 111 may use every prod* repository, so a statement may also give it prod-api*.
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, repositoryPrefixes: ["prod"] },
        { accountId: OTHER_SOURCE, repositoryPrefixes: ["prod-api"] },
        { accountId: "444444444444", repositoryPrefixes: ["prod-api"] },
      ]);
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "ReplicationAccessCrossAccount1",
          Effect: "Allow",
          Principal: { AWS: arn(SOURCE) },
          Action: BOTH,
          Resource: [repository("prod")],
        },
        {
          Sid: "ReplicationAccessCrossAccount2",
          Effect: "Allow",
          Principal: { AWS: [arn(OTHER_SOURCE), arn("444444444444")] },
          Action: BOTH,
          Resource: [repository("prod-api")],
        },
      ]);
    });
  });
});
