/**
 * How `CrossAccountReplication` hands its children what its plan already built and validated, so
 * that each child deploys that value instead of building it again: one computation of each fact,
 * one validation of the routes. Internal: the package's index does not export it, and a child
 * constructed by a user (without it) builds and validates its own args as before.
 */
import * as pulumi from "@pulumi/pulumi";

import type { ProviderSite } from "./provider-account";

/** The key of the planned value in a child's args. */
const PLANNED = Symbol("planned");
/** The key of where the parent took the child's provider from, for the account check's message. */
const PROVIDER_SITE = Symbol("providerSite");

/** A child's args that also carry the value built for it. */
export type PlannedArgs<Args, Built> = Args & {
  readonly [PLANNED]: pulumi.Output<Built>;
  readonly [PROVIDER_SITE]: ProviderSite;
};

/**
 * `args` with the value built for the child, and where the parent's user gave the child's provider
 * (`providers['222222222222/us-west-2']`): a provider of another account is reported there.
 */
export function withPlanned<Args extends object, Built>(
  args: Args,
  built: pulumi.Output<Built>,
  providerSite: ProviderSite,
): PlannedArgs<Args, Built> {
  return { ...args, [PLANNED]: built, [PROVIDER_SITE]: providerSite };
}

/** Where the parent took the child's provider from, if a plan gave the args; else undefined. */
export function plannedProviderSite(args: unknown): ProviderSite | undefined {
  return typeof args === "object" && args !== null
    ? (args as Partial<PlannedArgs<object, unknown>>)[PROVIDER_SITE]
    : undefined;
}

/** The value built for the child, if a plan gave one; undefined for a user's args (or no object at all). */
export function plannedOf<Built>(args: unknown): pulumi.Output<Built> | undefined {
  return typeof args === "object" && args !== null
    ? (args as Partial<PlannedArgs<object, Built>>)[PLANNED]
    : undefined;
}
