/**
 * The right account or nothing. A registry's policy and its replication configuration are
 * singletons per account and region: written through a provider for another account, they would
 * silently replace that account's own. So a component writing one asks, through the provider its
 * resource will use, which account that provider acts in (`aws.getCallerIdentity`, answered at
 * preview with the credentials the deployment will use), and the resource's inputs wait for the
 * answer: a provider of another account fails the preview before anything is written.
 *
 * Only the account is compared, not the region: the components set the resource's own `region`
 * input, which @pulumi/aws 7 uses instead of the provider's ("Region where this resource will be
 * managed. Defaults to the Region set in the provider configuration", `aws.ecr.RegistryPolicy` and
 * `aws.ecr.ReplicationConfiguration` `region`), so the provider's region never decides where
 * the singleton is written.
 */
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_ID_PATTERN, Problem, ValidationError } from "./model/core";

/** The title of the error when the provider acts in another account. */
export const PROVIDER_ACCOUNT_TITLE = "provider of another account";

/** Where a wrong provider is reported, and where the user passes the right one. */
export interface ProviderSite {
  /** The property path of the problem: the registry argument, or the provider a parent took. */
  path: string;
  /** What to do, given the registry's account: `pass a provider for account <id> as opts.provider`. */
  fix: (registryAccount: string) => string;
}

/** The site of a component's own provider: its `registry` (or `source`) and `opts.provider`. */
export function optsProviderSite(path: string): ProviderSite {
  return { path, fix: (account) => `pass a provider for account ${account} as opts.provider` };
}

/**
 * The problem when the provider acts in `providerAccount` and the registry is in `registryAccount`;
 * none when they agree, when the registry's account is not even an account id (the build refuses
 * that at its own path, once), or when the provider's answer is not an account id: AWS always
 * answers `GetCallerIdentity` with one, so that is a unit test's mocks answering with nothing
 * (`setMocks` `call` returning `{}`), and a program under such mocks must still build.
 */
export function providerAccountProblem(
  providerAccount: unknown,
  registryAccount: unknown,
  site: ProviderSite,
): Problem | undefined {
  if (
    typeof registryAccount !== "string" ||
    !ACCOUNT_ID_PATTERN.test(registryAccount) ||
    typeof providerAccount !== "string" ||
    !ACCOUNT_ID_PATTERN.test(providerAccount) ||
    providerAccount === registryAccount
  ) {
    return undefined;
  }
  return {
    path: site.path,
    message: `the provider writes to account ${String(providerAccount)}, not the registry's ${registryAccount}: ${site.fix(registryAccount)}`,
  };
}

/**
 * True once the provider `component`'s children use for `aws` (its `opts.provider`, its parent's,
 * or the default provider: the invoke is given `{ parent: component }`, so Pulumi picks it as it
 * does for a child) acts in `registryAccount`; otherwise it fails with a {@link ValidationError}
 * naming both accounts. Gate the singleton's inputs on it.
 */
export function providerAccountChecked(
  component: pulumi.Resource,
  registryAccount: pulumi.Input<unknown>,
  site: ProviderSite,
): pulumi.Output<true> {
  const identity = getCallerIdentityOutput({}, { parent: component });
  return pulumi
    .all([identity.accountId, registryAccount])
    .apply(([providerAccount, account]): true => {
      const problem = providerAccountProblem(providerAccount, account, site);
      if (problem !== undefined) {
        throw new ValidationError([problem], PROVIDER_ACCOUNT_TITLE);
      }
      return true;
    });
}

/** `value` once `checked` holds: a resource input that fails when the check does. */
export function gatedOn<T>(value: pulumi.Input<T>, checked: pulumi.Output<true>): pulumi.Output<T> {
  return pulumi.all([value, checked]).apply(([known]) => known as T);
}
