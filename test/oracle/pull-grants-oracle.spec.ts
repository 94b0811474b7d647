/**
 * Pull grants judged by meaning (components/model/registry-policy/pull-grants.ts): for generated
 * pull grants beside a replication grant, the built registry policy lets, according to the
 * independent IAM simulator, members of the granted organisations (the request's
 * `aws:PrincipalOrgID`) and principals of the granted accounts pull exactly the granted
 * repositories, and nothing else: no other action, no other repository, no other organisation, no
 * principal outside every organisation. The project's own access model (iam/access.ts), which
 * does not know a request's organisation, must agree wherever it decides: "allow" exactly for the
 * granted accounts, "deny" where no grant applies, and "maybe" only where an organisation's
 * statement applies. Every built policy also passes the pack's registry policy checks.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { evaluateAccess } from "../../components/model/iam/access";
import { parseRegistryPolicy } from "../../components/model/iam/policy-document";
import { PULL_ACTIONS } from "../../components/model/core/limits";
import { buildRegistryPolicy, PullGrant } from "../../components/model/registry-policy/builder";
import { validateRegistryPolicy } from "../../components/model/registry-policy/checks";
import { assertProperty, runSettings, simulate } from "./oracle";

const REGISTRIES = [
  { accountId: "222222222222", region: "us-west-2" },
  { accountId: "222222222222", region: "cn-north-1" },
  { accountId: "222222222222", region: "us-gov-west-1" },
];
const SOURCE = "111111111111";
const REPLICATED = ["prod-"];
const ORGANIZATIONS = ["o-a1b2c3d4e5", "o-f6g7h8i9j0", "o-k1l2m3n4o5"];
const ACCOUNTS = ["333333333333", "444444444444", "555555555555"];
const PREFIXES = ["prod-", "prod-api-", "shared/", "base-images/", "team-a", "x_"];
/** The pull actions, the replication ones, and other ECR actions no pull grant gives. */
const ACTIONS = [
  ...PULL_ACTIONS,
  "ecr:ReplicateImage",
  "ecr:CreateRepository",
  "ecr:PutImage",
  "ecr:DescribeImages",
  "ecr:ListImages",
];

const pullGrant: fc.Arbitrary<PullGrant> = fc
  .record({
    organizationIds: fc.option(fc.subarray(ORGANIZATIONS, { minLength: 1 }), { nil: undefined }),
    accountIds: fc.option(fc.subarray(ACCOUNTS, { minLength: 1 }), { nil: undefined }),
    prefixes: fc.option(fc.subarray(PREFIXES, { minLength: 1 }), { nil: undefined }),
  })
  .filter((g) => g.organizationIds !== undefined || g.accountIds !== undefined)
  .map(({ organizationIds, accountIds, prefixes }) => ({
    ...(organizationIds && { organizationIds }),
    ...(accountIds && { accountIds }),
    ...(prefixes === undefined ? { allRepositories: true } : { repositoryPrefixes: prefixes }),
  }));

/** Who asks: a principal of an account, in an organisation or none. */
interface Requester {
  principal: string;
  account: string;
  organization?: string;
}

function requesters(partition: string): Requester[] {
  const role = (account: string) => `arn:${partition}:iam::${account}:role/ci`;
  return [
    // A member of each organisation, from an account granted nothing by itself.
    ...ORGANIZATIONS.map((organization) => ({
      principal: role("666666666666"),
      account: "666666666666",
      organization,
    })),
    // The same account outside every organisation, and in an organisation never granted.
    { principal: role("666666666666"), account: "666666666666" },
    { principal: role("666666666666"), account: "666666666666", organization: "o-zzzzzzzzzz" },
    // Each grantable account, outside any organisation (its root and one of its roles).
    ...ACCOUNTS.map((account) => ({ principal: `arn:${partition}:iam::${account}:root`, account })),
    { principal: role(ACCOUNTS[0]), account: ACCOUNTS[0] },
    // The replication source, in the first organisation.
    { principal: role(SOURCE), account: SOURCE, organization: ORGANIZATIONS[0] },
  ];
}

const NAMES = [
  "prod-api",
  "prod-",
  "prod",
  "production",
  "shared/base",
  "shared",
  "team-ab",
  "x_y",
  "zz",
];

/** What the grants mean: the repositories each grant names. */
function names(grant: PullGrant, repository: string): boolean {
  return (
    grant.allRepositories === true ||
    (grant.repositoryPrefixes ?? []).some((prefix) => repository.startsWith(prefix))
  );
}

/** The input's meaning: may this requester do this action on this repository? */
function requested(
  grants: readonly PullGrant[],
  who: Requester,
  action: string,
  repository: string,
): boolean {
  const replicates =
    who.account === SOURCE &&
    (action === "ecr:ReplicateImage" || action === "ecr:CreateRepository") &&
    REPLICATED.some((prefix) => repository.startsWith(prefix));
  const pulls =
    PULL_ACTIONS.includes(action) &&
    grants.some(
      (grant) =>
        names(grant, repository) &&
        ((grant.accountIds ?? []).includes(who.account) ||
          (who.organization !== undefined &&
            (grant.organizationIds ?? []).includes(who.organization))),
    );
  return replicates || pulls;
}

describe("pull grants round trip (judged by meaning, against the IAM simulator)", function () {
  this.timeout(120_000);

  it("organisation members and granted accounts may pull the granted prefixes and nothing else", async () => {
    const settings = runSettings(18_2026_1201, 25);
    let probes = 0;
    await assertProperty(
      fc.asyncProperty(
        fc.constantFrom(...REGISTRIES),
        fc.array(pullGrant, { minLength: 1, maxLength: 4 }),
        async (registry, pullGrants) => {
          const { json, document } = buildRegistryPolicy(
            registry,
            [{ accountId: SOURCE, repositoryPrefixes: REPLICATED }],
            { pullGrants },
          );
          assert.deepStrictEqual(validateRegistryPolicy(json, { registry }).problems, []);
          const policy = parseRegistryPolicy(json).policy!;
          const partition = registry.region.startsWith("cn-")
            ? "aws-cn"
            : registry.region.startsWith("us-gov-")
              ? "aws-us-gov"
              : "aws";
          for (const who of requesters(partition)) {
            for (const action of ACTIONS) {
              for (const repository of NAMES) {
                probes += 1;
                const expected = requested(pullGrants, who, action, repository);
                const context: Record<string, string> =
                  who.organization === undefined ? {} : { "aws:PrincipalOrgID": who.organization };
                const simulated = await simulate(
                  document,
                  registry,
                  { principal: who.principal, action, repository },
                  context,
                );
                const what = `${who.principal} (${who.organization ?? "no organization"}) ${action} ${repository}`;
                assert.strictEqual(simulated, expected ? "allow" : "deny", `${what}\n${json}`);
                // The access model without the request's organisation: sure where it can be.
                const byAccount = requested(
                  pullGrants,
                  { ...who, organization: undefined },
                  action,
                  repository,
                );
                const byAnyOrganization = ORGANIZATIONS.some((organization) =>
                  requested(pullGrants, { ...who, organization }, action, repository),
                );
                const modelled = evaluateAccess(policy, {
                  principal: who.principal,
                  action,
                  repository,
                  registry,
                }).decision;
                assert.strictEqual(
                  modelled,
                  byAccount ? "allow" : byAnyOrganization ? "maybe" : "deny",
                  `${what}\n${json}`,
                );
              }
            }
          }
        },
      ),
      settings,
    );
    console.log(`      ${JSON.stringify({ probes })}`);
  });
});
