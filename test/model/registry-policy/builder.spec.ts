import * as assert from "assert";
import { MAX_REGISTRY_POLICY_CHARS } from "../../../components/model/core/limits";
import { ValidationError } from "../../../components/model/core/problems";
import {
  buildRegistryPolicy,
  COMPACT_SID,
  RegistryGrant,
  registryPolicyLength,
  REPLICATION_SID,
} from "../../../components/model/registry-policy/builder";

/** The seed examples' `your_account_id` (the receiving registry) and `source_account_id`. */
const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = "111111111111";
const OTHER_SOURCE = "333333333333";
const ALL = "arn:aws:ecr:us-west-2:222222222222:repository/*";

/** Asserts that `build` throws a ValidationError whose message is exactly `lines` after the context. */
function assertRefused(build: () => unknown, lines: string[]): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.strictEqual(error.message, ["invalid registry policy:", ...lines].join("\n"));
    return true;
  });
}

describe("buildRegistryPolicy", () => {
  describe("the ECR user guide's registry policy examples from typed input", () => {
    it("1: the root user of a source account replicates all repositories", () => {
      const { document, json } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, allRepositories: true },
      ]);
      assert.deepStrictEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [ALL],
          },
        ],
      });
      assert.strictEqual(
        json,
        '{"Version":"2012-10-17","Statement":[{"Sid":"ReplicationAccessCrossAccount","Effect":"Allow",' +
          '"Principal":{"AWS":"arn:aws:iam::111111111111:root"},' +
          '"Action":["ecr:CreateRepository","ecr:ReplicateImage"],' +
          '"Resource":["arn:aws:ecr:us-west-2:222222222222:repository/*"]}]}',
      );
    });

    it("2: multiple accounts share one statement with unique Sid and sorted principals", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: OTHER_SOURCE, allRepositories: true },
        { accountId: SOURCE, allRepositories: true },
      ]);
      assert.deepStrictEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: {
              AWS: ["arn:aws:iam::111111111111:root", "arn:aws:iam::333333333333:root"],
            },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [ALL],
          },
        ],
      });
    });

    it("2: the same account twice (the page's literal example) is one grant", () => {
      const twice = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, allRepositories: true },
        { accountId: SOURCE, allRepositories: true },
      ]);
      const once = buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, allRepositories: true }]);
      assert.strictEqual(twice.json, once.json);
      assert.strictEqual(twice.document.Statement.length, 1);
    });

    it("3: repositories starting with prod-", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
      ]);
      assert.deepStrictEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
          },
        ],
      });
    });

    it("4: without ecr:CreateRepository", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [
        { accountId: SOURCE, allRepositories: true, allowCreateRepository: false },
      ]);
      assert.deepStrictEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:ReplicateImage"],
            Resource: [ALL],
          },
        ],
      });
    });
  });

  describe("shaping the statements", () => {
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
  });

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

    it("registryPolicyLength measures the packed policy, also above the limit", () => {
      const grants = Array.from({ length: 49 }, (_, i) => ({
        accountId: `3${String(i).padStart(11, "0")}`,
        repositoryPrefixes: [`team-${i}/`],
      }));
      assert.strictEqual(registryPolicyLength(REGISTRY, grants.slice(0, 42)), 10015);
      assert.strictEqual(registryPolicyLength(REGISTRY, grants.slice(0, 48)), 10099);
      assert.strictEqual(registryPolicyLength(REGISTRY, grants), 10309);
      assert.strictEqual(
        registryPolicyLength(REGISTRY, [{ accountId: SOURCE, allRepositories: true }]),
        buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, allRepositories: true }]).json.length,
      );
    });
  });

  describe("refusing bad input", () => {
    it("names every bad field with its path and value", () => {
      assertRefused(
        () =>
          buildRegistryPolicy({ accountId: "2222", region: "Oregon" }, [
            { accountId: SOURCE, repositoryPrefixes: ["prod-"] },
            { accountId: "1234", repositoryPrefixes: ["Prod"] },
          ]),
        [
          "registry.accountId: must be a 12-digit AWS account id, got '2222'",
          "registry.region: must be an AWS region such as 'us-west-2', got 'Oregon'",
          "sources[1].accountId: must be a 12-digit AWS account id, got '1234'",
          "sources[1].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod'",
        ],
      );
    });

    it("refuses a grant without prefixes instead of granting every repository", () => {
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE }]),
        [
          "sources[0].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
        ],
      );
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: [] }]),
        [
          "sources[0].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
        ],
      );
    });

    it("refuses an empty prefix", () => {
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: [""] }]),
        ["sources[0].repositoryPrefixes[0]: must be 2 to 256 characters, got '' (0)"],
      );
    });

    it("refuses prefixes together with allRepositories", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [
            { accountId: SOURCE, allRepositories: true, repositoryPrefixes: ["prod-"] },
          ]),
        [
          `sources[0].repositoryPrefixes: must be left out when allRepositories is true (every repository is granted), got ["prod-"]`,
        ],
      );
    });

    it("refuses a non-boolean allowCreateRepository", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [
            {
              accountId: SOURCE,
              repositoryPrefixes: ["prod-"],
              allowCreateRepository: "no" as unknown as boolean,
            },
          ]),
        ["sources[0].allowCreateRepository: must be true or false when given, got 'no'"],
      );
    });

    it("refuses the registry's own account", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [
            { accountId: "222222222222", repositoryPrefixes: ["prod-"] },
          ]),
        [
          "sources[0].accountId: must not be the registry's own account, got '222222222222': replication within one account needs no registry policy",
        ],
      );
    });

    it("refuses an unknown policy scope", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, allRepositories: true }], {
            scope: "V3" as "V2",
          }),
        [
          "scope: must be 'V1' or 'V2' (the account setting REGISTRY_POLICY_SCOPE) when given, got 'V3'",
        ],
      );
    });

    it("refuses a policy with no statements", () => {
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, []),
        ["sources: must list at least one source account, got []"],
      );
    });

    it("refuses a policy over ECR's size limit, saying the length and the limit", () => {
      const prefixes = Array.from({ length: 200 }, (_, i) => `team-${String(i).padStart(3, "0")}/`);
      const length = JSON.stringify(
        buildRegistryPolicy(REGISTRY, [
          { accountId: SOURCE, repositoryPrefixes: prefixes.slice(0, 100) },
        ]).document,
      ).length;
      assert.ok(length <= MAX_REGISTRY_POLICY_CHARS, `${length}`);
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: prefixes }]),
        [
          "sources: make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      );
    });

    it("refuses an extra statement whose Sid clashes with a generated one, naming both", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: ["prod-"] }], {
            extraStatements: [
              {
                Sid: REPLICATION_SID,
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:root" },
                Action: ["ecr:ReplicateImage"],
                Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/*"],
              },
            ],
          }),
        [
          "extraStatements[0].Sid: must differ from the Sid of generated statement Statement[0], got 'ReplicationAccessCrossAccount' (Sids must be unique within a policy)",
        ],
      );
    });

    it("refuses an unknown action in an extra statement, with its path", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: ["prod-"] }], {
            extraStatements: [
              {
                Sid: "Extra",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:root" },
                Action: ["ecr:ReplicateImage", "ecr:ReplicateImages"],
                Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/*"],
              },
            ],
          }),
        [
          "extraStatements[0].Action[1]: must name at least one ECR action, got 'ecr:ReplicateImages'",
        ],
      );
    });

    describe("extra statements, checked like any registry policy statement", () => {
      const grants = [{ accountId: SOURCE, repositoryPrefixes: ["prod-"] }];
      const extra = (changes: object): object => ({
        Sid: "Extra",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: ["ecr:BatchGetImage"],
        Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/*"],
        ...changes,
      });

      it("accepts a well-formed statement", () => {
        const { document } = buildRegistryPolicy(REGISTRY, grants, {
          extraStatements: [extra({})],
        });
        assert.deepStrictEqual(document.Statement[1], extra({}));
      });

      it("refuses a resource of another registry", () => {
        assertRefused(
          () =>
            buildRegistryPolicy(REGISTRY, grants, {
              extraStatements: [
                extra({ Resource: ["arn:aws:ecr:us-west-2:999999999999:repository/*"] }),
              ],
            }),
          [
            "extraStatements[0].Resource[0]: must be a repository ARN of this registry arn:aws:ecr:us-west-2:222222222222:repository/<name>, got 'arn:aws:ecr:us-west-2:999999999999:repository/*'",
          ],
        );
      });

      it("refuses actions outside scope V1 when the registry uses it", () => {
        assertRefused(
          () =>
            buildRegistryPolicy(REGISTRY, grants, { extraStatements: [extra({})], scope: "V1" }),
          [
            "extraStatements[0].Action[0]: must be one of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage (registry policy scope V1), got 'ecr:BatchGetImage', which names ecr:BatchGetImage",
          ],
        );
      });

      it("refuses two extra statements with one Sid, naming both", () => {
        assertRefused(
          () => buildRegistryPolicy(REGISTRY, grants, { extraStatements: [extra({}), extra({})] }),
          [
            "extraStatements[1].Sid: must be unique within the policy, got 'Extra', the Sid of extraStatements[0]",
          ],
        );
      });

      it("refuses a statement that cannot be serialised, without serialising it", () => {
        const cyclic: Record<string, unknown> = extra({}) as Record<string, unknown>;
        cyclic.Condition = { StringEquals: { "aws:SourceAccount": cyclic } };
        assertRefused(
          () => buildRegistryPolicy(REGISTRY, grants, { extraStatements: [cyclic] }),
          [
            "extraStatements: must be a policy document that JSON can represent (no cycles, no bigint)",
          ],
        );
      });

      it("refuses a statement that is not an object", () => {
        assertRefused(
          () => buildRegistryPolicy(REGISTRY, grants, { extraStatements: ["oops"] }),
          ["extraStatements[0]: must be a statement object, got 'oops'"],
        );
      });
    });
  });
});
