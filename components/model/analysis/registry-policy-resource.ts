/**
 * A deployed-or-planned registry singleton as the analyzer sees it: its properties, its provider,
 * and, for an `aws.ecr.RegistryPolicy`, its policy document read once (parsed, or why not) and the
 * registry it belongs to. Shared by the policy pack and the offline preview.
 */
import {
  matchesGlob,
  NormalizedPolicy,
  grantQueryKey,
  parseAwsPrincipal,
  parseRegistryPolicy,
  parseRepositoryArnPattern,
  PARTITIONS,
  PrincipalActionQuery,
  repositoriesGranted,
  RepositoriesGranted,
} from "../iam";
import { locateRegistry, REGISTRY_POLICY_TYPE, RegistryPlacement } from "./location";
import {
  findUnknowns,
  isPlainObject,
  join,
  Partition,
  partitionOf,
  Problem,
  RegistryLocation,
  revealSecrets,
} from "../core";

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
  /** The resource's Pulumi name, for messages (the URN's last part when the snapshot has none). */
  name: string;
  placement: RegistryPlacement;
  /** The registry, when both account and region are known. */
  registry?: RegistryLocation;
  /** The distinct registries the document's Resource ARNs name literally (account and region). */
  namedRegistries: RegistryLocation[];
  /**
   * The partitions the document's own ARNs name (see {@link policyPartitions}), in the order of
   * `PARTITIONS`; none when it names none (`Resource: "*"`, bare account ids).
   */
  namedPartitions: Partition[];
  /** The parsed document; absent when it is unknown or cannot be read as a document at all. */
  policy?: NormalizedPolicy;
  /** Problems reading the document, paths rooted at `policy` (`policy.Statement[1].Sid`). */
  problems: readonly Problem[];
  /** Paths within `policy` that are unknown until apply; the document is then not parsed. */
  unknownPaths: readonly string[];
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

/**
 * The partitions a policy's own ARNs name: each Resource and NotResource ARN's (its partition
 * segment may be a wildcard: the partitions it matches, only its region's when the region is
 * literal) and each AWS principal ARN's (`arn:aws-cn:iam::111111111111:root`).
 */
function policyPartitions(policy: NormalizedPolicy | undefined): Partition[] {
  const named = new Set<Partition>();
  for (const statement of policy?.statements ?? []) {
    for (const pattern of [...(statement.resource ?? []), ...(statement.notResource ?? [])]) {
      const arn = parseRepositoryArnPattern(pattern, "").arn;
      if (arn === undefined || arn.any) {
        continue;
      }
      const literalRegion = !arn.region.includes("*") && !arn.region.includes("?");
      PARTITIONS.filter(
        (partition) =>
          matchesGlob(arn.partition, partition) &&
          (!literalRegion || partitionOf(arn.region) === partition),
      ).forEach((partition) => named.add(partition));
    }
    for (const principal of [
      ...(statement.principal?.aws ?? []),
      ...(statement.notPrincipal?.aws ?? []),
    ]) {
      const partition = parseAwsPrincipal(principal)?.partition;
      if (partition !== undefined) {
        named.add(partition);
      }
    }
  }
  return PARTITIONS.filter((partition) => named.has(partition));
}

/** The distinct registries whose account and region Resource ARNs name literally. */
function namedRegistries(registries: ReturnType<typeof resourceRegistries>): RegistryLocation[] {
  const named = new Map<string, RegistryLocation>();
  for (const { account, region } of registries) {
    if (account !== undefined && region !== undefined) {
      named.set(`${account}/${region}`, { accountId: account, region });
    }
  }
  return [...named.values()];
}

/** A registry policy document, read: parsed if fully known, with its problems and unknown paths. */
interface ReadDocument {
  policy?: NormalizedPolicy;
  problems: readonly Problem[];
  unknownPaths: readonly string[];
  /** The account and region of each Resource ARN (see {@link resourceRegistries}). */
  policyRegistries: ReturnType<typeof resourceRegistries>;
  /** The partitions the document's ARNs name (see {@link policyPartitions}). */
  namedPartitions: Partition[];
}

/** Reads the document of a registry policy: revealed, unknowns found, parsed if fully known. */
function parseDocument(document: unknown): ReadDocument {
  const unknownPaths = findUnknowns(document, POLICY_PROPERTY);
  if (unknownPaths.length > 0) {
    return { problems: [], unknownPaths, policyRegistries: [], namedPartitions: [] };
  }
  const parsed = parseRegistryPolicy(document);
  return {
    policy: parsed.policy,
    problems: parsed.problems.map(underPolicy),
    unknownPaths,
    policyRegistries: resourceRegistries(parsed.policy),
    namedPartitions: policyPartitions(parsed.policy),
  };
}

/**
 * Documents read recently, by their text: the pack's six registry policy checks and its two
 * stack policies each read every registry policy, and the analyzer protocol hands each policy a
 * fresh copy of the properties, so without this one document is parsed eight times per preview
 * (more when AnalyzeStack follows Analyze). The entries are shared: nothing may change a read
 * document or its parsed policy (they are frozen at the top level). Bounded: past
 * {@link DOCUMENT_CACHE_SIZE} entries the oldest is dropped.
 */
const documentCache = new Map<string, ReadDocument>();
const DOCUMENT_CACHE_SIZE = 512;
/**
 * Longer documents are parsed each time instead: a valid policy text is at most 10,240
 * characters (ECR `PutRegistryPolicy`), so this keeps the cache small (512 keys of at most
 * 32,768 characters, and their parses) whatever a hostile stack sends.
 */
const MAX_CACHED_DOCUMENT_KEY = 32_768;

/** True if `JSON.stringify` writes the value faithfully (so its text identifies it). */
function isJsonData(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") {
    return true;
  }
  if (typeof value === "number") {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    return value.every(isJsonData);
  }
  if (isPlainObject(value) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every(isJsonData);
  }
  return false;
}

/** The cache key of a document: its text, or the JSON of an object; undefined if it has none. */
function documentKey(document: unknown): string | undefined {
  if (typeof document === "string") {
    return `text:${document}`;
  }
  try {
    return isJsonData(document) ? `json:${JSON.stringify(document)}` : undefined;
  } catch {
    // Nested too deep to walk (RangeError): not cached; the parser reports such documents.
    return undefined;
  }
}

/** {@link parseDocument}, once per distinct document. */
function readDocument(props: Record<string, unknown>): ReadDocument {
  const document = revealSecrets(props[POLICY_PROPERTY]);
  const key = documentKey(document);
  if (key === undefined || key.length > MAX_CACHED_DOCUMENT_KEY) {
    return parseDocument(document);
  }
  const cached = documentCache.get(key);
  if (cached !== undefined) {
    return cached;
  }
  const read = parseDocument(document);
  Object.freeze(read.problems);
  Object.freeze(read.unknownPaths);
  Object.freeze(read.policyRegistries);
  Object.freeze(read.namedPartitions);
  if (read.policy !== undefined) {
    Object.freeze(read.policy.statements);
  }
  if (documentCache.size >= DOCUMENT_CACHE_SIZE) {
    documentCache.delete(documentCache.keys().next().value as string);
  }
  documentCache.set(key, read);
  return read;
}

/** Reads an `aws.ecr.RegistryPolicy` resource: its document and its registry. */
export function readRegistryPolicyResource(resource: ResourceSnapshot): RegistryPolicyResource {
  const { policyRegistries, namedPartitions, ...document } = readDocument(resource.props);
  const placement = locateRegistry({
    props: resource.props,
    providerProps: resource.providerProps,
    policyRegistries,
  });
  const read: RegistryPolicyResource = {
    urn: resource.urn,
    name: resource.name ?? resource.urn.slice(resource.urn.lastIndexOf("::") + 2),
    placement,
    namedRegistries: namedRegistries(policyRegistries),
    namedPartitions: [...namedPartitions],
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

/** Stands for the account of a registry whose account is unknown (no real account is all zeros). */
const UNKNOWN_ACCOUNT = "000000000000";

/**
 * A region of each partition, standing for a registry whose region is unknown: what a pattern
 * with a wildcard region grants depends only on the registry's partition.
 */
const PARTITION_REGIONS: Record<Partition, string> = {
  aws: "us-east-1",
  "aws-cn": "cn-north-1",
  "aws-us-gov": "us-gov-west-1",
};

/**
 * The registries to judge a registry policy in: its own when located. Otherwise each registry its
 * Resource ARNs name literally, and a registry standing for the unlocated one (its known account,
 * else {@link UNKNOWN_ACCOUNT}) wherever they name none: in its region when that is known, else in
 * each partition its own ARNs name (`aws` when they name none), so a policy of a China or GovCloud
 * registry is judged in its partition, never assumed to be in `aws`. A check reports what it finds
 * in any of them: the strictest verdict wins.
 */
export function registriesToJudge(read: RegistryPolicyResource): RegistryLocation[] {
  if (read.registry !== undefined) {
    return [read.registry];
  }
  const accountId = read.placement.account?.value ?? UNKNOWN_ACCOUNT;
  const named = read.namedRegistries;
  const region = read.placement.region?.value;
  if (region !== undefined) {
    return named.some((registry) => registry.region === region)
      ? named
      : [...named, { accountId, region }];
  }
  const partitions: readonly Partition[] =
    read.namedPartitions.length > 0 ? read.namedPartitions : ["aws"];
  const unnamed = partitions.filter(
    (partition) => !named.some((registry) => partitionOf(registry.region) === partition),
  );
  return [
    ...named,
    ...unnamed.map((partition) => ({ accountId, region: PARTITION_REGIONS[partition] })),
  ];
}

/**
 * What a parsed policy grants one principal for one action in one registry
 * (`repositoriesGranted` of ./access), computed once per policy and query: the registry policy
 * checks and the route analysis ask the same questions of the same document (shared through the
 * document cache above), per principal, per prefix, per route and per call. Keyed weakly by the
 * policy object, so an entry goes with its policy, then by `grantQueryKey` (../iam access): the
 * route analysis's replication request from `111111111111` gets the answer the registry policy
 * checks computed for `arn:aws:iam::111111111111:root` when no statement has a Condition. Throws
 * as `repositoriesGranted` does (RangeError for patterns too complex to judge), caching nothing
 * then.
 */
const grantedCache = new WeakMap<NormalizedPolicy, Map<string, RepositoriesGranted>>();

export function repositoriesGrantedOnce(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery,
): RepositoriesGranted {
  let byQuery = grantedCache.get(policy);
  if (byQuery === undefined) {
    byQuery = new Map();
    grantedCache.set(policy, byQuery);
  }
  const key = grantQueryKey(policy, query);
  let granted = byQuery.get(key);
  if (granted === undefined) {
    granted = repositoriesGranted(policy, query);
    byQuery.set(key, granted);
  }
  return granted;
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
