/**
 * The providers of {@link CrossAccountReplication}: their keys, the arguments of the ones it
 * creates, and the checks of caller-supplied ones. Pure: the component creates the resources.
 */
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  describe,
  isPlainObject,
  partitionOf,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
  ROLE_NAME_PATTERN,
} from "./model/core";
import type { ProviderSite } from "./provider-account";

/** The key of a registry in `providers` and in `registryPolicies`: `<accountId>/<region>`. */
export function providerKey(registry: RegistryLocation): string {
  return registryKey(registry);
}

/**
 * Where a provider of another account is reported for `registry`'s child (./provider-account): the
 * entry of `providers` the user gave, or else the provider the component created.
 */
export function providerSiteOf(registry: RegistryLocation, providersGiven: boolean): ProviderSite {
  const path = `providers['${providerKey(registry)}']`;
  return providersGiven
    ? { path, fix: (account) => `pass a provider for account ${account}` }
    : {
        path,
        fix: (account) =>
          `the provider created for it acts in another account: give it credentials of account ${account} (assumeRoleName, or providers)`,
      };
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
 * Problems of `providers` and `assumeRoleName`: caller-supplied providers must be an object
 * holding a provider resource for every registry written to, and `assumeRoleName` applies only to
 * created ones (and must be a role name).
 */
export function checkProviderArgs(
  providers: unknown,
  assumeRoleName: unknown,
  registries: readonly RegistryLocation[],
): Problem[] {
  const problems: Problem[] = [];
  if (providers !== undefined) {
    problems.push(...checkProviders(providers, registries));
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

/** Problems of caller-supplied `providers`: a provider resource for each of `registries`, by key. */
function checkProviders(providers: unknown, registries: readonly RegistryLocation[]): Problem[] {
  if (!isPlainObject(providers)) {
    return [
      {
        path: "providers",
        message: `must be an object of providers keyed '<accountId>/<region>' when given, got ${describe(providers)}`,
      },
    ];
  }
  const keys = registries.map(providerKey);
  const problems: Problem[] = [];
  const missing = keys.filter((key) => providers[key] === undefined);
  if (missing.length > 0) {
    problems.push({
      path: "providers",
      message: `must have a provider for every registry written to, keyed '<accountId>/<region>': missing ${quotedList(missing)}`,
    });
  }
  for (const key of keys) {
    const provider = providers[key];
    if (provider !== undefined && !isProviderResource(provider)) {
      problems.push({
        path: `providers['${key}']`,
        message: `must be a provider resource, such as an aws.Provider, got ${describe(provider)}`,
      });
    }
  }
  return problems;
}

/**
 * True for a `pulumi.ProviderResource`. Pulumi tells resources apart by brand, not `instanceof`
 * (a program may load two copies of `@pulumi/pulumi`), and calls a provider's `getPackage`
 * (internal to `@pulumi/pulumi`, `resource.js`) when it is passed as a resource's `provider`.
 */
function isProviderResource(value: unknown): value is pulumi.ProviderResource {
  return (
    pulumi.CustomResource.isInstance(value) &&
    typeof (value as { getPackage?: unknown }).getPackage === "function"
  );
}
