/**
 * The pack's shared per-document work: a registry policy document is parsed once however many
 * checks read it, what it grants is computed once per question, and the route analysis's coverage
 * over those shared grants answers exactly as `prefixCoverage` does.
 */
import * as assert from "assert";
import { repositoriesGranted } from "../../../components/model/iam/access";
import { REPLICATION_REQUEST } from "../../../components/model/iam/request-context";
import { prefixCoverage, prefixCoverageOf } from "../../../components/model/iam/prefix-coverage";
import { parseRegistryPolicy } from "../../../components/model/iam/policy-document";
import {
  readRegistryPolicyResource,
  repositoriesGrantedOnce,
} from "../../../components/model/analysis/registry-policy-resource";

const TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const ARN = `arn:aws:ecr:us-west-2:${REGISTRY.accountId}:repository`;
const SOURCE = "111111111111";

const statement = (effect: string, actions: string[], resources: string[], condition?: object) => ({
  Effect: effect,
  Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
  Action: actions,
  Resource: resources.map((resource) => `${ARN}/${resource}`),
  ...(condition === undefined ? {} : { Condition: condition }),
});

/** Policies whose coverage differs: allow, partial, denied, conditional, wildcard. */
const POLICIES = [
  [statement("Allow", ["ecr:ReplicateImage", "ecr:CreateRepository"], ["prod-*", "shared/*"])],
  [
    statement("Allow", ["ecr:*"], ["*"]),
    statement("Deny", ["ecr:CreateRepository"], ["prod-secret*"]),
  ],
  [
    statement("Allow", ["ecr:ReplicateImage"], ["prod-*"]),
    statement("Allow", ["ecr:ReplicateImage"], ["shared/?x*"], {
      StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" },
    }),
  ],
  [
    statement("Allow", ["ecr:Repl*"], ["*"]),
    statement("Deny", ["ecr:ReplicateImage"], ["prod"], {
      Bool: { "aws:SecureTransport": "false" },
    }),
  ],
].map((statements) => ({ Version: "2012-10-17", Statement: statements }));

const PREFIXES = ["", "p", "prod", "prod-", "prod-secret", "prod-a", "shared/", "shared/ax", "x"];
const ACTIONS = ["ecr:ReplicateImage", "ecr:CreateRepository"];

describe("shared per-document work", () => {
  it("parses a document once: every read of the same text or object shares the parse", () => {
    const text = JSON.stringify(POLICIES[0]);
    const first = readRegistryPolicyResource({ type: TYPE, urn: "urn:a", props: { policy: text } });
    const again = readRegistryPolicyResource({ type: TYPE, urn: "urn:b", props: { policy: text } });
    const object = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:c",
      props: { policy: structuredClone(POLICIES[0]) },
    });
    const objectAgain = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:d",
      props: { policy: structuredClone(POLICIES[0]) },
    });
    assert.ok(first.policy !== undefined);
    assert.strictEqual(again.policy, first.policy);
    assert.strictEqual(objectAgain.policy, object.policy);
    assert.deepStrictEqual(first.policy, parseRegistryPolicy(text).policy);
    assert.deepStrictEqual(
      [first.urn, again.urn, first.registry, again.registry],
      ["urn:a", "urn:b", REGISTRY, REGISTRY],
    );
    assert.ok(Object.isFrozen(first.problems) && Object.isFrozen(first.policy.statements));
  });

  it("keeps each resource's own placement: the provider decides, not the shared document", () => {
    const text = JSON.stringify(POLICIES[1]);
    const provider = { region: "eu-west-1", allowedAccountIds: JSON.stringify(["333333333333"]) };
    const bare = readRegistryPolicyResource({ type: TYPE, urn: "urn:a", props: { policy: text } });
    const placed = readRegistryPolicyResource({
      type: TYPE,
      urn: "urn:b",
      props: { policy: text },
      providerProps: provider,
    });
    assert.strictEqual(placed.policy, bare.policy);
    assert.deepStrictEqual(
      [bare.registry, placed.registry],
      [REGISTRY, { accountId: "333333333333", region: "eu-west-1" }],
    );
  });

  it("does not share documents that differ only in what JSON cannot say", () => {
    const read = (policy: unknown) =>
      readRegistryPolicyResource({ type: TYPE, urn: "urn:a", props: { policy } });
    const withUndefined = { ...POLICIES[0], Id: undefined };
    assert.notStrictEqual(read(withUndefined).policy, read(POLICIES[0]).policy);
    assert.deepStrictEqual(
      read(withUndefined).problems,
      readRegistryPolicyResource({ type: TYPE, urn: "urn:b", props: { policy: withUndefined } })
        .problems,
    );
  });

  it("does not keep documents far over ECR's size limit (a hostile stack cannot fill memory)", () => {
    const huge = JSON.stringify({ ...POLICIES[0], Id: "x".repeat(40_000) });
    const read = () =>
      readRegistryPolicyResource({ type: TYPE, urn: "urn:a", props: { policy: huge } });
    const first = read();
    assert.ok(first.policy !== undefined);
    assert.notStrictEqual(read().policy, first.policy);
    assert.deepStrictEqual(read().problems, first.problems);
  });

  it("computes what a policy grants once per question, equal to repositoriesGranted", () => {
    for (const document of POLICIES) {
      const policy = parseRegistryPolicy(document).policy;
      assert.ok(policy !== undefined);
      for (const action of ACTIONS) {
        const query = { principal: SOURCE, action, registry: REGISTRY };
        const once = repositoriesGrantedOnce(policy, query);
        assert.strictEqual(repositoriesGrantedOnce(policy, { ...query }), once);
        const fresh = repositoriesGranted(policy, query);
        assert.ok(once.allowed.equals(fresh.allowed) && once.maybe.equals(fresh.maybe));
      }
    }
  });

  it("answers a replication request with the registry checks' answer where no Condition differs", () => {
    const shared = POLICIES.map((document) => {
      const policy = parseRegistryPolicy(document).policy!;
      const checked = {
        principal: `arn:aws:iam::${SOURCE}:root`,
        action: ACTIONS[0],
        registry: REGISTRY,
      };
      const replicated = {
        principal: SOURCE,
        action: ACTIONS[0],
        registry: REGISTRY,
        context: REPLICATION_REQUEST,
      };
      return (
        repositoriesGrantedOnce(policy, checked) === repositoriesGrantedOnce(policy, replicated)
      );
    });
    // The last two have a Condition: a replication request may decide it, so it is asked anew.
    assert.deepStrictEqual(shared, [true, true, false, false]);
  });

  it("answers prefix coverage over shared grants exactly as prefixCoverage does", () => {
    const answers = new Set<string>();
    for (const document of POLICIES) {
      const policy = parseRegistryPolicy(document).policy;
      assert.ok(policy !== undefined);
      for (const action of ACTIONS) {
        const query = { principal: SOURCE, action, registry: REGISTRY };
        const granted = repositoriesGrantedOnce(policy, query);
        for (const prefix of PREFIXES) {
          const expected = prefixCoverage(policy, { ...query, prefix });
          assert.deepStrictEqual(
            prefixCoverageOf(granted, prefix),
            expected,
            `${action} ${prefix}`,
          );
          answers.add(expected.decision);
        }
      }
    }
    // The cases exercise every decision, so the comparison means something.
    assert.deepStrictEqual([...answers].sort(), ["allow", "deny", "maybe"]);
  });

  it("answers a remembered prefix coverage again unchanged, whatever a caller did to the first answer", () => {
    for (const document of POLICIES) {
      const policy = parseRegistryPolicy(document).policy;
      assert.ok(policy !== undefined);
      for (const action of ACTIONS) {
        const query = { principal: SOURCE, action, registry: REGISTRY };
        const granted = repositoriesGrantedOnce(policy, query);
        // A prefix longer than any filter is answered, not remembered.
        for (const prefix of [...PREFIXES, `prod-${"x".repeat(300)}`]) {
          const expected = prefixCoverage(policy, { ...query, prefix });
          const first = prefixCoverageOf(granted, prefix);
          Object.assign(first, { decision: "allow", notAllowed: "changed", denied: "changed" });
          assert.deepStrictEqual(
            prefixCoverageOf(granted, prefix),
            expected,
            `${action} ${prefix}`,
          );
        }
      }
    }
  });
});
