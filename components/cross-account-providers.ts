/**
 * The providers of {@link CrossAccountReplication}: their keys, how they are chosen (given, or
 * created: ./cross-account-provider-settings), the checks of caller-supplied ones, and where a
 * provider of another account is reported. Pure: the component creates the resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { checkCreatedProviderArgs } from "./cross-account-provider-settings";
import {
  describe,
  isPlainObject,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
} from "./model/core";
import type { ProviderSite } from "./provider-account";

/** The key of a registry in `providers` and in `registryPolicies`: `<accountId>/<region>`. */
export function providerKey(registry: RegistryLocation): string {
  return registryKey(registry);
}

/** How {@link CrossAccountReplication} gets its providers, as its args give it (unchecked). */
export interface ProviderChoice {
  providers?: unknown;
  assumeRoleName?: unknown;
  providerSettings?: unknown;
  providerFactory?: unknown;
}

/**
 * Where a provider of another account is reported for `registry`'s child (./provider-account): the
 * entry of `providers` the user gave, the factory that made its arguments, or else the provider
 * the component created (limited to the registry's account, so only its credentials can be wrong).
 */
export function providerSiteOf(registry: RegistryLocation, choice: ProviderChoice): ProviderSite {
  const key = providerKey(registry);
  if (choice.providers !== undefined) {
    return {
      path: `providers['${key}']`,
      fix: (account) => `pass a provider for account ${account}`,
    };
  }
  if (choice.providerFactory !== undefined) {
    return {
      path: "providerFactory",
      fix: (account) => `return the arguments of a provider for account ${account} for '${key}'`,
    };
  }
  return {
    path: `providers['${key}']`,
    fix: (account) =>
      `the provider created for it acts in another account: give it credentials of account ${account} (assumeRoleName, providerSettings.profile, or providers)`,
  };
}

/**
 * Problems of how the providers are chosen: caller-supplied `providers` must be an object holding
 * a provider resource for every registry written to, and then `assumeRoleName`,
 * `providerSettings` and `providerFactory`, which only apply to created providers, must be left
 * out; otherwise those are checked by {@link checkCreatedProviderArgs}.
 */
export function checkProviderArgs(
  choice: ProviderChoice,
  registries: readonly RegistryLocation[],
): Problem[] {
  const { providers, assumeRoleName, providerSettings, providerFactory } = choice;
  if (providers === undefined) {
    return checkCreatedProviderArgs(assumeRoleName, providerSettings, providerFactory);
  }
  const problems = checkProviders(providers, registries);
  for (const [path, value] of [
    ["assumeRoleName", assumeRoleName],
    ["providerSettings", providerSettings],
    ["providerFactory", providerFactory],
  ] as const) {
    if (value !== undefined) {
      problems.push({
        path,
        message: `must be left out when providers are given (it only applies to providers the component creates), got ${describe(value)}`,
      });
    }
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
