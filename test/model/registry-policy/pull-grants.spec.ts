/**
 * Pull grants in the registry policy builder (components/model/registry-policy/pull-grants.ts):
 * exact documents for organisations (aws:PrincipalOrgID) and accounts beside the replication
 * grants, merging and packing, the same validation messages as replication grants, and the size
 * limit they share. What the documents let whom do is checked against the IAM simulator in
 * test/oracle/pull-grants-oracle.spec.ts.
 */
import * as assert from "assert";
import { buildRegistryPolicy, PullGrant } from "../../../components/model/registry-policy/builder";
import { assertRefused, REGISTRY, SOURCE } from "./fixtures";

const ORG = "o-a1b2c3d4e5";
const OTHER_ORG = "o-f6g7h8i9j0";
const PULL = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"];
const repository = (prefix: string) => `arn:aws:ecr:us-west-2:222222222222:repository/${prefix}`;
const replicationGrant = { accountId: SOURCE, repositoryPrefixes: ["prod-", "shared/"] };

describe("buildRegistryPolicy: pull grants", () => {
  describe("documents", () => {
    it("lets an organisation's accounts pull the prefixes: everyone, limited by aws:PrincipalOrgID", () => {
      const { document, json } = buildRegistryPolicy(REGISTRY, [replicationGrant], {
        pullGrants: [{ organizationIds: [ORG], repositoryPrefixes: ["prod-", "shared/"] }],
      });
      assert.deepStrictEqual(document, {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "ReplicationAccessCrossAccount",
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
            Resource: [repository("prod-*"), repository("shared/*")],
          },
          {
            Sid: "PullAccessOrganization",
            Effect: "Allow",
            Principal: "*",
            Action: PULL,
            Resource: [repository("prod-*"), repository("shared/*")],
            Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
          },
        ],
      });
      assert.strictEqual(
        json,
        '{"Version":"2012-10-17","Statement":[{"Sid":"ReplicationAccessCrossAccount","Effect":"Allow",' +
          '"Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":["ecr:CreateRepository","ecr:ReplicateImage"],' +
          '"Resource":["arn:aws:ecr:us-west-2:222222222222:repository/prod-*","arn:aws:ecr:us-west-2:222222222222:repository/shared/*"]},' +
          '{"Sid":"PullAccessOrganization","Effect":"Allow","Principal":"*",' +
          '"Action":["ecr:BatchCheckLayerAvailability","ecr:BatchGetImage","ecr:GetDownloadUrlForLayer"],' +
          '"Resource":["arn:aws:ecr:us-west-2:222222222222:repository/prod-*","arn:aws:ecr:us-west-2:222222222222:repository/shared/*"],' +
          '"Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-a1b2c3d4e5"}}}]}',
      );
    });

    it("grants accounts by ARN principal and organisations by condition, accounts first", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [replicationGrant], {
        pullGrants: [
          { organizationIds: [ORG], repositoryPrefixes: ["prod-"] },
          { accountIds: ["444444444444", "333333333333"], repositoryPrefixes: ["shared/"] },
        ],
      });
      assert.deepStrictEqual(document.Statement.slice(1), [
        {
          Sid: "PullAccessCrossAccount",
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"] },
          Action: PULL,
          Resource: [repository("shared/*")],
        },
        {
          Sid: "PullAccessOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: PULL,
          Resource: [repository("prod-*")],
          Condition: { StringEquals: { "aws:PrincipalOrgID": ORG } },
        },
      ]);
    });

    it("shares one statement among organisations or accounts with the same repositories", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [], {
        pullGrants: [
          { organizationIds: [OTHER_ORG], accountIds: ["333333333333"], allRepositories: true },
          { organizationIds: [ORG], accountIds: ["444444444444"], allRepositories: true },
        ],
      });
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "PullAccessCrossAccount",
          Effect: "Allow",
          Principal: { AWS: ["arn:aws:iam::333333333333:root", "arn:aws:iam::444444444444:root"] },
          Action: PULL,
          Resource: [repository("*")],
        },
        {
          Sid: "PullAccessOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: PULL,
          Resource: [repository("*")],
          Condition: { StringEquals: { "aws:PrincipalOrgID": [ORG, OTHER_ORG] } },
        },
      ]);
    });

    it("merges the grants of one principal, dropping prefixes a shorter one covers", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [], {
        pullGrants: [
          { accountIds: ["333333333333"], repositoryPrefixes: ["prod-api-", "tools/"] },
          { accountIds: ["333333333333"], repositoryPrefixes: ["prod-"] },
        ],
      });
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "PullAccessCrossAccount",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::333333333333:root" },
          Action: PULL,
          Resource: [repository("prod-*"), repository("tools/*")],
        },
      ]);
    });

    it("numbers several statements of one kind, each kind on its own", () => {
      const { document } = buildRegistryPolicy(REGISTRY, [replicationGrant], {
        pullGrants: [
          { accountIds: ["333333333333"], repositoryPrefixes: ["prod-"] },
          { accountIds: ["444444444444"], repositoryPrefixes: ["shared/"] },
          { organizationIds: [ORG], repositoryPrefixes: ["shared/"] },
        ],
      });
      assert.deepStrictEqual(
        document.Statement.map((s) => [
          (s as { Sid: string }).Sid,
          (s as { Principal: unknown }).Principal,
          (s as { Resource: string[] }).Resource,
        ]),
        [
          [
            "ReplicationAccessCrossAccount",
            { AWS: "arn:aws:iam::111111111111:root" },
            [repository("prod-*"), repository("shared/*")],
          ],
          [
            "PullAccessCrossAccount1",
            { AWS: "arn:aws:iam::333333333333:root" },
            [repository("prod-*")],
          ],
          [
            "PullAccessCrossAccount2",
            { AWS: "arn:aws:iam::444444444444:root" },
            [repository("shared/*")],
          ],
          ["PullAccessOrganization", "*", [repository("shared/*")]],
        ],
      );
    });

    it("writes the registry's partition into principals and resources", () => {
      const { document } = buildRegistryPolicy(
        { accountId: "222222222222", region: "cn-north-1" },
        [],
        {
          pullGrants: [{ accountIds: ["333333333333"], repositoryPrefixes: ["prod-"] }],
        },
      );
      assert.deepStrictEqual(document.Statement, [
        {
          Sid: "PullAccessCrossAccount",
          Effect: "Allow",
          Principal: { AWS: "arn:aws-cn:iam::333333333333:root" },
          Action: PULL,
          Resource: ["arn:aws-cn:ecr:cn-north-1:222222222222:repository/prod-*"],
        },
      ]);
    });

    it("is byte-identical whatever the order of the pull grants, their principals and prefixes", () => {
      const grants: PullGrant[] = [
        { organizationIds: [ORG, OTHER_ORG], repositoryPrefixes: ["shared/", "prod-"] },
        { accountIds: ["555555555555", "333333333333"], repositoryPrefixes: ["tools/"] },
        { accountIds: ["333333333333"], repositoryPrefixes: ["prod-"] },
      ];
      const forward = buildRegistryPolicy(REGISTRY, [replicationGrant], { pullGrants: grants });
      const reversed = buildRegistryPolicy(REGISTRY, [replicationGrant], {
        pullGrants: [...grants].reverse().map((g) => ({
          ...g,
          ...(g.organizationIds && { organizationIds: [...g.organizationIds].reverse() }),
          ...(g.accountIds && { accountIds: [...g.accountIds].reverse() }),
          repositoryPrefixes: [...(g.repositoryPrefixes ?? [])].reverse(),
        })),
      });
      assert.strictEqual(reversed.json, forward.json);
    });
  });

  describe("refusing bad pull grants, with the replication grants' messages", () => {
    it("names every bad field with its path and value", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [replicationGrant], {
            pullGrants: [
              { organizationIds: ["o-short", "a1b2c3d4e5"], repositoryPrefixes: ["Prod"] },
              { accountIds: ["1234", "222222222222"], allRepositories: true },
              { repositoryPrefixes: ["prod-"] },
              "everyone" as unknown as PullGrant,
              { organisationIds: [ORG], accountId: "333333333333" } as unknown as PullGrant,
              {
                organizationIds: [],
                accountIds: [],
                allRepositories: true,
                repositoryPrefixes: ["x"],
              },
              {
                accountIds: [333333333333 as unknown as string],
                allRepositories: "yes" as unknown as boolean,
              },
            ],
          }),
        [
          "pullGrants[0].organizationIds[0]: must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, such as 'o-a1b2c3d4e5', got 'o-short'",
          "pullGrants[0].organizationIds[1]: must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, such as 'o-a1b2c3d4e5', got 'a1b2c3d4e5'",
          "pullGrants[0].repositoryPrefixes[0]: must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got 'Prod'",
          "pullGrants[1].accountIds[0]: must be a 12-digit AWS account id, got '1234'",
          "pullGrants[1].accountIds[1]: must not be the registry's own account, got '222222222222': its own principals pull with their identity policies alone",
          "pullGrants[2]: must name who may pull: organizationIds, accountIds or both, got neither",
          "pullGrants[3]: must be a pull grant: { organizationIds?, accountIds?, repositoryPrefixes | allRepositories }, got 'everyone'",
          "pullGrants[4].organisationIds: is not a property of a pull grant (organizationIds, accountIds, repositoryPrefixes, allRepositories)",
          "pullGrants[4].accountId: is not a property of a pull grant (organizationIds, accountIds, repositoryPrefixes, allRepositories)",
          "pullGrants[4]: must name who may pull: organizationIds, accountIds or both, got neither",
          "pullGrants[4].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
          "pullGrants[5].organizationIds: must list at least one organization id when given, got []",
          "pullGrants[5].accountIds: must list at least one account id when given, got []",
          `pullGrants[5].repositoryPrefixes: must be left out when allRepositories is true (every repository is granted), got ["x"]`,
          "pullGrants[6].accountIds[0]: must be a 12-digit AWS account id as a string, got the number 333333333333: quote it ('333333333333' in YAML)",
          "pullGrants[6].allRepositories: must be true or false when given, got 'yes'",
          "pullGrants[6].repositoryPrefixes: must list at least one repository prefix, or set allRepositories: true to grant every repository, got []",
        ],
      );
    });

    it("refuses pull grants that are not a list, and null, as wrong values", () => {
      for (const pullGrants of [null, { organizationIds: [ORG] }]) {
        assertRefused(
          () =>
            buildRegistryPolicy(REGISTRY, [replicationGrant], {
              pullGrants: pullGrants as unknown as PullGrant[],
            }),
          [
            `pullGrants: must be a list of pull grants when given, got ${JSON.stringify(pullGrants)}`,
          ],
        );
      }
    });

    it("refuses pull grants under registry policy scope V1, which rejects pull actions", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [replicationGrant], {
            scope: "V1",
            pullGrants: [{ organizationIds: [ORG], allRepositories: true }],
          }),
        [
          "pullGrants: must be left out under registry policy scope V1, which accepts only ecr:ReplicateImage, ecr:BatchImportUpstreamImage and ecr:CreateRepository: pulling (ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) needs scope V2, got 1 grant",
        ],
      );
    });

    it("refuses an extra statement whose Sid is a generated pull statement's", () => {
      assertRefused(
        () =>
          buildRegistryPolicy(REGISTRY, [replicationGrant], {
            pullGrants: [{ organizationIds: [ORG], allRepositories: true }],
            extraStatements: [
              {
                Sid: "PullAccessOrganization",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::333333333333:root" },
                Action: ["ecr:BatchGetImage"],
                Resource: [repository("*")],
              },
            ],
          }),
        [
          "extraStatements[0].Sid: must differ from the Sid of generated statement Statement[1], got 'PullAccessOrganization' (Sids must be unique within a policy)",
        ],
      );
    });
  });

  describe("ECR's size limit, shared with the replication grants", () => {
    /** Accounts each pulling its own team's prefix: a statement each, so they cannot share. */
    const perTeam = (count: number): PullGrant[] =>
      Array.from({ length: count }, (_, i) => ({
        accountIds: [`4${String(i).padStart(11, "0")}`],
        repositoryPrefixes: [`team-${i}/`],
      }));

    it("fits as many pull grants as the replication grants leave room for", () => {
      const built = buildRegistryPolicy(REGISTRY, [replicationGrant], { pullGrants: perTeam(39) });
      assert.strictEqual(built.json.length, 10020);
      // Only with the compact Sids P1, P2, ...: 39 statements 'PullAccessCrossAccount<n>' do not fit.
      assert.deepStrictEqual(
        built.document.Statement.slice(0, 3).map((s) => (s as { Sid: string }).Sid),
        ["ReplicationAccessCrossAccount", "P1", "P2"],
      );
    });

    it("refuses pull grants over the limit at pullGrants, saying what fits, checked by building it", () => {
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [replicationGrant], { pullGrants: perTeam(60) }),
        [
          "pullGrants: make a registry policy of 15249 characters, 5009 over ECR's limit of 10240 (PutRegistryPolicy), even packed, 328 without the pull grants: the pull grants to the first 39 of the 60 accounts (in account order) fit, without 400000000039, 400000000040, 400000000041, 400000000042, 400000000043 and 16 more; grant pull to organizations (organizationIds: one condition for all their accounts) rather than to accounts one by one, or use fewer, shorter prefixes",
        ],
      );
      // What the message says fits does, and one more account does not.
      const fits = (count: number) => {
        try {
          buildRegistryPolicy(REGISTRY, [replicationGrant], { pullGrants: perTeam(count) });
          return true;
        } catch {
          return false;
        }
      };
      assert.deepStrictEqual([fits(39), fits(40)], [true, false]);
    });

    /** Source accounts each replicating its own prefix. */
    const sources = (count: number) =>
      Array.from({ length: count }, (_, i) => ({
        accountId: `3${String(i).padStart(11, "0")}`,
        repositoryPrefixes: [`svc-${i}/`],
      }));
    const organizationPull: PullGrant[] = [
      { organizationIds: [ORG], repositoryPrefixes: ["shared/"] },
    ];

    it("refuses an organisation's pull grant that does not fit beside the replication grants, at pullGrants", () => {
      assert.strictEqual(buildRegistryPolicy(REGISTRY, sources(48)).json.length, 10051);
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, sources(48), { pullGrants: organizationPull }),
        [
          "pullGrants: make a registry policy of 10348 characters, 108 over ECR's limit of 10240 (PutRegistryPolicy), even packed, 10051 without the pull grants: use fewer, shorter prefixes",
        ],
      );
    });

    it("refuses replication grants over the limit at sources, the pull statements kept whole", () => {
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, sources(49), { pullGrants: organizationPull }),
        [
          "sources: make a registry policy of 10557 characters, 317 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the grants of the first 47 of the 49 accounts (in account order) fit, without 300000000047 and 300000000048; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      );
      // The first 47 fit beside the pull grant, the first 48 only without it.
      assert.ok(buildRegistryPolicy(REGISTRY, sources(47), { pullGrants: organizationPull }));
      assert.ok(buildRegistryPolicy(REGISTRY, sources(48)));
    });
  });
});
