/**
 * The registry policy builder's entry points (components/model/registry-policy/builder.ts): the ECR user
 * guide's examples, measuring a policy's length, and refusing bad input.
 */
import * as assert from "assert";
import {
  buildRegistryPolicy,
  registryPolicyLength,
  REPLICATION_SID,
} from "../../../components/model/registry-policy/builder";
import { ALL, assertRefused, OTHER_SOURCE, REGISTRY, SOURCE } from "./fixtures";

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

  describe("measuring", () => {
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

    it("refuses null where a list or the extra statements are expected, as a wrong value", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(
            REGISTRY,
            [{ accountId: SOURCE, repositoryPrefixes: null as unknown as string[] }],
            { extraStatements: null as unknown as unknown[] },
          ),
        [
          "sources[0].repositoryPrefixes: must be a list of repository prefixes, got null",
          "extraStatements: must be a list of policy statements when given, got null",
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
