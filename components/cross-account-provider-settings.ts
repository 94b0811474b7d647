/**
 * The providers {@link CrossAccountReplication} creates when none are given: their arguments from
 * `assumeRoleName` and `providerSettings`, or from the user's `providerFactory`, and the checks of
 * those arguments. Pure: the component creates the resources.
 */
import type { ProviderArgs } from "@pulumi/aws/provider";
import type { input } from "@pulumi/aws/types";
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

/** Settings of every provider the component creates, beside its region and account. */
export interface ProviderSettings {
  /** The shared config/credentials profile the providers use. Default: the ambient credentials. */
  profile?: string;
  /** The external id given when assuming `assumeRoleName`; only with `assumeRoleName`. */
  externalId?: string;
  /** The session name of the assumed role (seen in CloudTrail); only with `assumeRoleName`. */
  sessionName?: string;
}

/** Makes the arguments of the provider of one registry (`<accountId>/<region>`). */
export type ProviderFactory = (registry: RegistryLocation) => ProviderArgs;

/** The settings that only apply to a role the providers assume. */
const ROLE_SETTINGS = ["externalId", "sessionName"] as const;
const SETTINGS = ["profile", ...ROLE_SETTINGS] as const;

/**
 * Problems of how created providers are made, when no `providers` are given: `assumeRoleName` a
 * role name; `providerSettings` an object of non-empty strings among {@link SETTINGS}, its role
 * settings only with `assumeRoleName`; `providerFactory` a function, and alone (its arguments are
 * used as they are, so role and settings would be ignored). The formats of an external id and a
 * session name are STS's to judge (`AssumeRole`), not repeated here.
 */
export function checkCreatedProviderArgs(
  assumeRoleName: unknown,
  providerSettings: unknown,
  providerFactory: unknown,
): Problem[] {
  const problems: Problem[] = [];
  if (
    assumeRoleName !== undefined &&
    (typeof assumeRoleName !== "string" || !ROLE_NAME_PATTERN.test(assumeRoleName))
  ) {
    problems.push({
      path: "assumeRoleName",
      message: `must be an IAM role name of 1-64 characters from A-Z a-z 0-9 + = , . @ _ -, after its path if any ('ops/deployer'), got ${describe(assumeRoleName)}`,
    });
  }
  if (providerFactory !== undefined) {
    if (typeof providerFactory !== "function") {
      problems.push({
        path: "providerFactory",
        message: `must be a function from a registry to aws.ProviderArgs when given, got ${describe(providerFactory)}`,
      });
    }
    for (const [path, value] of [
      ["assumeRoleName", assumeRoleName],
      ["providerSettings", providerSettings],
    ] as const) {
      if (value !== undefined) {
        problems.push({
          path,
          message: `must be left out when providerFactory is given (the factory's provider arguments are used as they are), got ${describe(value)}`,
        });
      }
    }
    return problems;
  }
  if (providerSettings === undefined) {
    return problems;
  }
  if (!isPlainObject(providerSettings)) {
    problems.push({
      path: "providerSettings",
      message: `must be an object with any of ${quotedList([...SETTINGS])} when given, got ${describe(providerSettings)}`,
    });
    return problems;
  }
  for (const [key, value] of Object.entries(providerSettings)) {
    const path = `providerSettings.${key}`;
    if (!(SETTINGS as readonly string[]).includes(key)) {
      problems.push({
        path,
        message: `is not a provider setting: the settings are ${quotedList([...SETTINGS])}`,
      });
    } else if (value === undefined) {
      continue;
    } else if (typeof value !== "string" || value === "") {
      problems.push({
        path,
        message: `must be a non-empty string when given, got ${describe(value)}`,
      });
    } else if ((ROLE_SETTINGS as readonly string[]).includes(key) && assumeRoleName === undefined) {
      problems.push({
        path,
        message: `must be left out unless assumeRoleName is given (it is passed when assuming that role), got ${describe(value)}`,
      });
    }
  }
  return problems;
}

/**
 * The arguments of the provider created for `registry`: its region, limited to its account
 * (`allowedAccountIds`), with `profile` if set, assuming
 * `arn:<partition>:iam::<account>:role/<assumeRoleName>` (with the external id and session name if
 * set) if a role is given.
 */
export function providerArgs(
  registry: RegistryLocation,
  assumeRoleName: string | undefined,
  settings: ProviderSettings = {},
): ProviderArgs {
  const { accountId, region } = registry;
  const role: input.ProviderAssumeRole = {
    roleArn: `arn:${partitionOf(region)}:iam::${accountId}:role/${assumeRoleName}`,
  };
  if (settings.externalId !== undefined) {
    role.externalId = settings.externalId;
  }
  if (settings.sessionName !== undefined) {
    role.sessionName = settings.sessionName;
  }
  const args: ProviderArgs = { region, allowedAccountIds: [accountId] };
  if (settings.profile !== undefined) {
    args.profile = settings.profile;
  }
  args.assumeRoles = assumeRoleName === undefined ? undefined : [role];
  return args;
}

/** The factory's provider arguments for a registry, or why they were refused. */
export type FactoryResult = { args: ProviderArgs } | { problem: Problem };

/**
 * The factory's arguments for `registry`, or the problem that it returned no object: used as they
 * are (the account check of each child still refuses a provider of another account).
 */
export function factoryProviderArgs(
  factory: ProviderFactory,
  registry: RegistryLocation,
): FactoryResult {
  const { accountId, region } = registry;
  const args: unknown = factory({ accountId, region });
  if (!isPlainObject(args)) {
    return {
      problem: {
        path: "providerFactory",
        message: `must return the arguments of an aws.Provider (an object) for every registry, got ${describe(args)} for '${registryKey(registry)}'`,
      },
    };
  }
  return { args: args as ProviderArgs };
}
