/**
 * The providers of {@link CrossAccountReplication}: their keys, the arguments of the ones it
 * creates, and the checks of caller-supplied ones. Pure: the component creates the resources.
 */
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import {
  describe,
  partitionOf,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
  ROLE_NAME_PATTERN,
} from "./model/core";

/** The key of a registry in `providers` and in `registryPolicies`: `<accountId>/<region>`. */
export function providerKey(registry: RegistryLocation): string {
  return registryKey(registry);
}

/**
 * The arguments of the provider created for `registry`: its region, limited to its account
 * (`allowedAccountIds`), assuming `arn:<partition>:iam::<account>:role/<assumeRoleName>` if given.
 */
export function providerArgs(
  registry: RegistryLocation,
  assumeRoleName: string | undefined,
): aws.ProviderArgs {
  const { accountId, region } = registry;
  return {
    region,
    allowedAccountIds: [accountId],
    assumeRoles:
      assumeRoleName === undefined
        ? undefined
        : [{ roleArn: `arn:${partitionOf(region)}:iam::${accountId}:role/${assumeRoleName}` }],
  };
}

/**
 * Problems of `providers` and `assumeRoleName`: caller-supplied providers must cover every registry
 * written to, and `assumeRoleName` applies only to created ones (and must be a role name).
 */
export function checkProviderArgs(
  providers: Record<string, pulumi.ProviderResource> | undefined,
  assumeRoleName: unknown,
  registries: readonly RegistryLocation[],
): Problem[] {
  const problems: Problem[] = [];
  if (providers !== undefined) {
    const missing = registries.map(providerKey).filter((key) => providers?.[key] === undefined);
    if (missing.length > 0) {
      problems.push({
        path: "providers",
        message: `must have a provider for every registry written to, keyed '<accountId>/<region>': missing ${quotedList(missing)}`,
      });
    }
    if (assumeRoleName !== undefined) {
      problems.push({
        path: "assumeRoleName",
        message: `must be left out when providers are given (it only applies to providers the component creates), got ${describe(assumeRoleName)}`,
      });
    }
  } else if (
    assumeRoleName !== undefined &&
    (typeof assumeRoleName !== "string" || !ROLE_NAME_PATTERN.test(assumeRoleName))
  ) {
    problems.push({
      path: "assumeRoleName",
      message: `must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got ${describe(assumeRoleName)}`,
    });
  }
  return problems;
}
