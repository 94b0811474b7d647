/**
 * Where a registry singleton lives: the account and region of an `aws.ecr.RegistryPolicy` or
 * `aws.ecr.ReplicationConfiguration`, read from what the resource and its provider really say, never
 * guessed. Each answer names its source so a message can say why the pack believes it.
 */
import {
  ACCOUNT_ID_PATTERN,
  decodeProviderProperty,
  isPlainObject,
  isUnknown,
  REGION_PATTERN,
  revealSecrets,
} from "../core";
import { parseAwsPrincipal } from "../iam";

/** `@pulumi/aws` 7.x type token of the registry permissions policy (ECR `PutRegistryPolicy`). */
export const REGISTRY_POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";
/** `@pulumi/aws` 7.x type token of the registry replication configuration. */
export const REPLICATION_CONFIGURATION_TYPE =
  "aws:ecr/replicationConfiguration:ReplicationConfiguration";

/** Where a located value came from, most authoritative first. */
export type LocationSource =
  | "registryId output"
  | "region input"
  | "provider region"
  | "provider allowedAccountIds"
  | "provider assumeRoles"
  | "provider assumeRole"
  | "policy Resource ARNs";

/** One located value and the property it was read from. */
export interface Located {
  value: string;
  source: LocationSource;
}

/** The account and region of a registry singleton, each undefined when not known. */
export interface RegistryPlacement {
  account?: Located;
  region?: Located;
  /** Why a value is missing, when a source that decides it is unknown until apply. */
  pending: string[];
}

/** What location needs of a resource: its properties and its provider's properties. */
export interface PlacedResource {
  props: unknown;
  providerProps?: unknown;
  /**
   * The account/region pairs of the Resource ARNs of the resource's registry policy, if it is one
   * (see `policyResourceRegistries`); the last resort for either value.
   */
  policyRegistries?: readonly { account?: string; region?: string }[];
}

/** Reads one property, revealing secrets; undefined if the holder is not an object. */
function property(holder: unknown, key: string): unknown {
  return isPlainObject(holder) ? revealSecrets(holder[key]) : undefined;
}

/** The account of an IAM role ARN `arn:<partition>:iam::<account>:role/<name>`. */
function roleAccount(roleArn: unknown): string | undefined {
  const principal = typeof roleArn === "string" ? parseAwsPrincipal(roleArn) : undefined;
  return principal?.kind === "role" ? principal.accountId : undefined;
}

/** The single value every entry agrees on, or undefined when they disagree or say nothing. */
function agreed(values: readonly (string | undefined)[]): string | undefined {
  const distinct = new Set(values);
  if (distinct.size !== 1) {
    return undefined;
  }
  return values[0];
}

/** The region: the resource's own `region` input (@pulumi/aws v7), else its provider's region. */
function locateRegion(resource: PlacedResource, pending: string[]): Located | undefined {
  const inputs: { value: unknown; what: string; source: LocationSource }[] = [
    { value: property(resource.props, "region"), what: "the region input", source: "region input" },
    {
      value: property(resource.providerProps, "region"),
      what: "the provider's region",
      source: "provider region",
    },
  ];
  for (const { value, what, source } of inputs) {
    if (isUnknown(value)) {
      pending.push(`${what} is unknown until apply`);
      return undefined;
    }
    if (typeof value === "string" && REGION_PATTERN.test(value)) {
      return { value, source };
    }
  }
  const fromArns = agreed((resource.policyRegistries ?? []).map((registry) => registry.region));
  return fromArns === undefined ? undefined : { value: fromArns, source: "policy Resource ARNs" };
}

/**
 * The account: the `registryId` output once applied (an unknown output is only skipped), else the
 * provider's single `allowedAccountIds` entry, else the account of the role it assumes (the last of
 * a chain of `assumeRoles` is the identity that acts: terraform-provider-aws `assume_role` docs),
 * else the policy's own Resource ARNs.
 */
function locateAccount(resource: PlacedResource, pending: string[]): Located | undefined {
  const registryId = property(resource.props, "registryId");
  if (typeof registryId === "string" && ACCOUNT_ID_PATTERN.test(registryId)) {
    return { value: registryId, source: "registryId output" };
  }
  const allowed = decodeProviderProperty(property(resource.providerProps, "allowedAccountIds"));
  if (isUnknown(allowed)) {
    pending.push("the provider's allowedAccountIds is unknown until apply");
  } else if (Array.isArray(allowed) && allowed.length === 1) {
    const only = revealSecrets(allowed[0]);
    if (typeof only === "string" && ACCOUNT_ID_PATTERN.test(only)) {
      return { value: only, source: "provider allowedAccountIds" };
    }
  }
  const roles = decodeProviderProperty(property(resource.providerProps, "assumeRoles"));
  const role = decodeProviderProperty(property(resource.providerProps, "assumeRole"));
  for (const [value, source] of [
    [Array.isArray(roles) ? roles[roles.length - 1] : roles, "provider assumeRoles"],
    [role, "provider assumeRole"],
  ] as const) {
    const roleArn = property(value, "roleArn");
    if (isUnknown(value) || isUnknown(roleArn)) {
      pending.push(`the ${source.replace("provider ", "provider's ")} is unknown until apply`);
      return undefined;
    }
    const account = roleAccount(roleArn);
    if (account !== undefined) {
      return { value: account, source };
    }
  }
  const fromArns = agreed((resource.policyRegistries ?? []).map((registry) => registry.account));
  return fromArns === undefined ? undefined : { value: fromArns, source: "policy Resource ARNs" };
}

/** The account and region of a registry singleton, each with its source. */
export function locateRegistry(resource: PlacedResource): RegistryPlacement {
  const pending: string[] = [];
  const region = locateRegion(resource, pending);
  const account = locateAccount(resource, pending);
  const placement: RegistryPlacement = { pending };
  if (account !== undefined) {
    placement.account = account;
  }
  if (region !== undefined) {
    placement.region = region;
  }
  return placement;
}

/** `222222222222 in us-west-2`, with `an unknown account` / `an unknown region` for what is missing. */
export function describePlacement(placement: RegistryPlacement): string {
  const account = placement.account?.value ?? "an unknown account";
  const region = placement.region?.value ?? "an unknown region";
  return `${account} in ${region}`;
}
