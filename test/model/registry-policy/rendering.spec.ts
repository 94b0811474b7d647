/**
 * Rendering statements (components/model/registry-policy/rendering.ts): partition, order, numbered and
 * compact Sids, extra statements after the generated ones, seen through buildRegistryPolicy.
 */
import * as assert from "assert";
import {
  buildRegistryPolicy,
  COMPACT_SID,
  RegistryGrant,
  REPLICATION_SID,
} from "../../../components/model/registry-policy/builder";
import { assertRefused, OTHER_SOURCE, REGISTRY, SOURCE } from "./fixtures";

describe("buildRegistryPolicy", () => {
  describe("rendering the statements", () => {
    const arn = (account: string) => `arn:aws:iam::${account}:root`;
    const repository = (prefix: string) =>
      `arn:aws:ecr:us-west-2:222222222222:repository/${prefix}*`;

    it("uses the registry's partition in principals and resources", () => {
      const { document } = buildRegistryPolicy(
        { accountId: "222222222222", region: "cn-north-1" },
        [{ accountId: SOURCE, repositoryPrefixes: ["prod-"] }],
      );
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: REPLICATION_SID,
          Effect: "Allow",
          Principal: { AWS: "arn:aws-cn:iam::111111111111:root" },
          Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
          Resource: ["arn:aws-cn:ecr:cn-north-1:222222222222:repository/prod-*"],
        },
      ]);
    });

    it("gives accounts with different prefixes their own numbered statements", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: OTHER_SOURCE, repositoryPrefixes: ["shared/"] },
        { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
      ]);
      assert.deepStrictEqual(
        document.Statement.map((s) => [
          (s as { Sid: string }).Sid,
          (s as { Principal: unknown }).Principal,
        ]),
        [
          ["ReplicationAccessCrossAccount1", { AWS: "arn:aws:iam::111111111111:root" }],
          ["ReplicationAccessCrossAccount2", { AWS: "arn:aws:iam::333333333333:root" }],
        ],
      );
    });

    it("is byte-identical whatever the order of grants and prefixes", () => {
      const grants: RegistryGrant[] = [
        { accountId: OTHER_SOURCE, repositoryPrefixes: ["shared/", "prod-"] },
        { accountId: SOURCE, repositoryPrefixes: ["prod-"], allowCreateRepository: false },
        { accountId: "444444444444", repositoryPrefixes: ["prod-", "shared/"] },
        { accountId: SOURCE, repositoryPrefixes: ["tools/"] },
      ];
      const forward = buildRegistryPolicy(REGISTRY, grants).json;
      const reversed = buildRegistryPolicy(
        REGISTRY,
        [...grants]
          .reverse()
          .map((g) => ({ ...g, repositoryPrefixes: [...(g.repositoryPrefixes ?? [])].reverse() })),
      ).json;
      assert.strictEqual(reversed, forward);
      assert.strictEqual(
        forward,
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "ReplicationAccessCrossAccount1",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
              Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/tools/*"],
            },
            {
              Sid: "ReplicationAccessCrossAccount2",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: ["ecr:ReplicateImage"],
              Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
            },
            {
              Sid: "ReplicationAccessCrossAccount3",
              Effect: "Allow",
              Principal: {
                AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"],
              },
              Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
              Resource: [
                "arn:aws:ecr:us-west-2:222222222222:repository/prod-*",
                "arn:aws:ecr:us-west-2:222222222222:repository/shared/*",
              ],
            },
          ],
        }),
      );
    });

    it("appends extra statements after the generated ones, as given", () => {
      const extra = {
        Sid: "PullThroughCache",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: ["ecr:BatchImportUpstreamImage"],
        Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/cache/*"],
      };
      const { document } = buildRegistryPolicy(
        REGISTRY,
        [{ accountId: SOURCE, repositoryPrefixes: ["prod-"] }],
        { extraStatements: [extra] },
      );
      assert.deepStrictEqual(
        document.Statement.map((s) => (s as { Sid: string }).Sid),
        [REPLICATION_SID, "PullThroughCache"],
      );
      assert.deepStrictEqual(document.Statement[1], extra);
    });

    it("numbers Sids R1, R2, ... only when the policy fits no other way", () => {
      const perTeam = (n: number) =>
        Array.from({ length: n }, (_, i) => ({
          accountId: `3${String(i).padStart(11, "0")}`,
          repositoryPrefixes: [`team-${i}/`],
        }));
      const long = buildRegistryPolicy(REGISTRY, perTeam(42));
      assert.strictEqual(long.json.length, 10015);
      assert.strictEqual(
        (long.document.Statement[41] as { Sid: string }).Sid,
        `${REPLICATION_SID}42`,
      );
      const short = buildRegistryPolicy(REGISTRY, perTeam(48));
      assert.strictEqual(short.json.length, 10099);
      assert.deepStrictEqual(
        short.document.Statement.map((s) => (s as { Sid: string }).Sid),
        Array.from({ length: 48 }, (_, i) => `${COMPACT_SID}${i + 1}`),
      );
      assert.strictEqual(buildRegistryPolicy(REGISTRY, perTeam(48).reverse()).json, short.json);
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, perTeam(49)),
        [
          "sources: make a registry policy of 10309 characters, 69 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the grants of the first 48 of the 49 accounts (in account order) fit, without 300000000048; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      );
    });

    it("keeps the ReplicationAccessCrossAccount Sids when an extra statement takes R1", () => {
      const grants = Array.from({ length: 43 }, (_, i) => ({
        accountId: `3${String(i).padStart(11, "0")}`,
        repositoryPrefixes: [`team-${i}/`],
      }));
      const extra = {
        Sid: "R1",
        Effect: "Allow",
        Principal: { AWS: arn(SOURCE) },
        Action: ["ecr:BatchImportUpstreamImage"],
        Resource: [repository("cache/")],
      };
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, grants, { extraStatements: [extra] }),
        [
          "sources: make a registry policy of 10447 characters, 207 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the grants of the first 42 of the 43 accounts (in account order) fit, without 300000000042; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      );
    });
  });
});
