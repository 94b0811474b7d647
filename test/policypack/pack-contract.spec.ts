import * as assert from "assert";
import { policies } from "../../policypack/policies";

describe("policy pack contract (README.md, Policy pack)", () => {
  it("serves the contract's policies, each at its level", () => {
    assert.deepStrictEqual(
      policies.map((policy) => [policy.name, policy.enforcementLevel]),
      [
        ["ecr-registry-policy-valid", "mandatory"],
        ["ecr-registry-policy-normal-form", "advisory"],
        ["ecr-registry-policy-prefix-required", "mandatory"],
        ["ecr-registry-policy-trusted-principals", "mandatory"],
        ["ecr-registry-policy-no-public-access", "mandatory"],
        ["ecr-registry-policy-allowed-actions", "mandatory"],
        ["ecr-replication-valid", "mandatory"],
        ["ecr-replication-prefix-required", "mandatory"],
        ["ecr-replication-allowed-destinations", "mandatory"],
        ["ecr-repository-prefix-boundary", "advisory"],
        ["ecr-region-known", "advisory"],
        ["ecr-creation-template-valid", "mandatory"],
        ["ecr-registry-singleton", "mandatory"],
        ["ecr-replication-destination-authorized", "mandatory"],
        ["ecr-replication-chain", "advisory"],
        ["ecr-replication-creation-template", "advisory"],
      ],
    );
  });

  it("reads the contract's config keys, every one with a default", () => {
    const keys = policies.flatMap((policy) =>
      Object.entries(policy.configSchema?.properties ?? {}).map(([key, schema]) => [
        policy.name,
        key,
        schema.default !== undefined,
      ]),
    );
    assert.deepStrictEqual(keys, [
      ["ecr-registry-policy-valid", "policyScope", true],
      ["ecr-registry-policy-prefix-required", "allowedPrefixes", true],
      ["ecr-registry-policy-trusted-principals", "trustedAccounts", true],
      ["ecr-registry-policy-trusted-principals", "trustedOrganizationIds", true],
      ["ecr-registry-policy-allowed-actions", "allowedActions", true],
      ["ecr-replication-prefix-required", "allowedPrefixes", true],
      ["ecr-replication-allowed-destinations", "allowedAccounts", true],
      ["ecr-replication-allowed-destinations", "allowedRegions", true],
      ["ecr-replication-destination-authorized", "preExistingRepositories", true],
      ["ecr-replication-destination-authorized", "registriesWithoutPolicy", true],
      ["ecr-replication-creation-template", "requiredImageTagMutability", true],
      ["ecr-replication-creation-template", "requiredEncryptionType", true],
      ["ecr-replication-creation-template", "requireLifecyclePolicy", true],
      ["ecr-replication-creation-template", "registriesWithoutTemplates", true],
    ]);
  });

  it("closes every config schema: no key but its properties (additionalProperties: false)", () => {
    assert.deepStrictEqual(
      policies
        .filter((policy) => policy.configSchema !== undefined)
        .map((policy) => [
          policy.name,
          (policy.configSchema as { additionalProperties?: unknown }).additionalProperties,
        ]),
      [
        ["ecr-registry-policy-valid", false],
        ["ecr-registry-policy-prefix-required", false],
        ["ecr-registry-policy-trusted-principals", false],
        ["ecr-registry-policy-allowed-actions", false],
        ["ecr-replication-prefix-required", false],
        ["ecr-replication-allowed-destinations", false],
        ["ecr-replication-destination-authorized", false],
        ["ecr-replication-creation-template", false],
      ],
    );
  });

  it("describes every policy as 'Checks whether ...'", () => {
    const off = policies.filter((policy) => !policy.description.startsWith("Checks whether "));
    assert.deepStrictEqual(
      off.map((policy) => policy.name),
      [],
    );
  });
});
