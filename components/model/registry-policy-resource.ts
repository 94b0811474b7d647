/**
 * A deployed-or-planned registry singleton as the analyzer sees it: its properties, its provider,
 * and, for an `aws.ecr.RegistryPolicy`, its policy document read once (parsed, or why not) and the
 * registry it belongs to. Shared by the policy pack and the offline preview.
 */
import { parseRepositoryArnPattern, Registry } from "./arn";
import { locateRegistry, REGISTRY_POLICY_TYPE, RegistryPlacement } from "./location";
import { NormalizedPolicy, parseRegistryPolicy } from "./policy-document";
import { join, Problem } from "./problems";
import { findUnknowns, isPlainObject, revealSecrets } from "./property-values";

/** One resource of a stack, plain data (what an analyzer is sent). */
export interface ResourceSnapshot {
  type: string;
  urn: string;
  /** The resource's name (for messages); defaults to the URN's last part where needed. */
  name?: string;
  /** Inputs or outputs; unknown values are the engine's sentinel strings; secrets may be wrapped. */
  props: Record<string, unknown>;
  /** The provider's URN, when known: resources sharing it share its account and default region. */
  providerUrn?: string;
  /** The provider's properties (`region`, `allowedAccountIds`, `assumeRoles`, ...). */
  providerProps?: Record<string, unknown>;
}

/** A registry policy resource, read. */
export interface RegistryPolicyResource {
  urn: string;
  placement: RegistryPlacement;
  /** The registry, when both account and region are known. */
  registry?: Registry;
  /** The distinct registries the document's Resource ARNs name literally (account and region). */
  namedRegistries: Registry[];
  /** The parsed document; absent when it is unknown or cannot be read as a document at all. */
  policy?: NormalizedPolicy;
  /** Problems reading the document, paths rooted at `policy` (`policy.Statement[1].Sid`). */
  problems: Problem[];
  /** Paths within `policy` that are unknown until apply; the document is then not parsed. */
  unknownPaths: string[];
}

/** The input name of the document on `aws.ecr.RegistryPolicy`. */
const POLICY_PROPERTY = "policy";

/** Re-roots a document problem at the `policy` input (`Statement[1].Sid` -> `policy.Statement[1].Sid`). */
export function underPolicy(problem: Problem): Problem {
  return {
    path: problem.path === "" ? POLICY_PROPERTY : join(POLICY_PROPERTY, problem.path),
    message: problem.message,
  };
}

/** The account and region of each Resource ARN, each undefined where it is a wildcard pattern. */
function resourceRegistries(policy: NormalizedPolicy | undefined) {
  const patterns = (policy?.statements ?? []).flatMap((statement) => statement.resource ?? []);
  const literal = (segment: string) =>
    segment.includes("*") || segment.includes("?") ? undefined : segment;
  return patterns.flatMap((pattern) => {
    const arn = parseRepositoryArnPattern(pattern, "").arn;
    return arn === undefined || arn.any
      ? []
      : [{ account: literal(arn.account), region: literal(arn.region) }];
  });
}

/** The distinct registries whose account and region Resource ARNs name literally. */
function namedRegistries(registries: ReturnType<typeof resourceRegistries>): Registry[] {
  const named = new Map<string, Registry>();
  for (const { account, region } of registries) {
    if (account !== undefined && region !== undefined) {
      named.set(`${account}/${region}`, { accountId: account, region });
    }
  }
  return [...named.values()];
}

/** Reads the document of a registry policy: revealed, unknowns found, parsed if fully known. */
function readDocument(props: Record<string, unknown>) {
  const document = revealSecrets(props[POLICY_PROPERTY]);
  const unknownPaths = findUnknowns(document, POLICY_PROPERTY);
  if (unknownPaths.length > 0) {
    return { problems: [], unknownPaths };
  }
  const parsed = parseRegistryPolicy(document);
  return { policy: parsed.policy, problems: parsed.problems.map(underPolicy), unknownPaths };
}

/** Reads an `aws.ecr.RegistryPolicy` resource: its document and its registry. */
export function readRegistryPolicyResource(resource: ResourceSnapshot): RegistryPolicyResource {
  const document = readDocument(resource.props);
  const policyRegistries = resourceRegistries(document.policy);
  const placement = locateRegistry({
    props: resource.props,
    providerProps: resource.providerProps,
    policyRegistries,
  });
  const read: RegistryPolicyResource = {
    urn: resource.urn,
    placement,
    namedRegistries: namedRegistries(policyRegistries),
    ...document,
  };
  if (document.policy === undefined) {
    delete read.policy;
  }
  if (placement.account !== undefined && placement.region !== undefined) {
    read.registry = { accountId: placement.account.value, region: placement.region.value };
  }
  return read;
}

/** The account and region of any registry singleton (a registry policy's ARNs included). */
export function placeResource(resource: ResourceSnapshot): RegistryPlacement {
  if (resource.type === REGISTRY_POLICY_TYPE) {
    return readRegistryPolicyResource(resource).placement;
  }
  return locateRegistry({ props: resource.props, providerProps: resource.providerProps });
}

/** True if the resource sets its own `region` input (so its provider's region does not apply). */
export function hasOwnRegion(resource: ResourceSnapshot): boolean {
  return isPlainObject(resource.props) && resource.props.region != null;
}
