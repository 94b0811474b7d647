/**
 * Amazon ECR repository ARNs: building them, reading the resource patterns of a registry policy,
 * and matching ARNs the way IAM does.
 */
import {
  ACCOUNT_ID_PATTERN,
  describe,
  Partition,
  partitionOf,
  Problem,
  RecentAnswers,
  REGION_PATTERN,
  MAX_REPOSITORY_NAME_LENGTH,
  MIN_REPOSITORY_NAME_LENGTH,
  RegistryLocation,
  REPOSITORY_NAME_CHARACTERS,
  REPOSITORY_NAME_SEPARATORS,
} from "../core";
import { GlobToken, hasWildcard, matchesTokens, NameSet } from "./name-set";

/** Every partition ECR runs in (ECR user guide: `aws`, `aws-cn`, `aws-us-gov`). */
export const PARTITIONS: readonly Partition[] = ["aws", "aws-cn", "aws-us-gov"];

/**
 * Every valid repository name, exactly: the universe every resource pattern and filter is judged
 * in (ECR API `CreateRepository`, `repositoryName`: 2 to 256 characters matching
 * `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`). That pattern is: name
 * characters, a separator (`._-/`) never first, never last and never next to another. So
 * `repository/?*` grants every repository, as `repository/*` does, and filter `prod-` replicates
 * exactly what `repository/prod-?*` grants (`prod-` itself is no name). The 256 bound is the
 * set's length bound (NameSet `upTo`), not counting states in the automaton.
 */
export const REPOSITORY_NAMES: NameSet = repositoryNameGrammar();

function repositoryNameGrammar(): NameSet {
  const anything: GlobToken = { kind: "run" };
  const separator: GlobToken = { kind: "one", only: REPOSITORY_NAME_SEPARATORS };
  const atLeast: GlobToken[] = Array.from({ length: MIN_REPOSITORY_NAME_LENGTH }, () => ({
    kind: "one",
  }));
  return NameSet.fromTokens([{ kind: "run", only: REPOSITORY_NAME_CHARACTERS }])
    .difference(NameSet.fromTokens([separator, anything]))
    .difference(NameSet.fromTokens([anything, separator]))
    .difference(NameSet.fromTokens([anything, separator, separator, anything]))
    .intersection(NameSet.fromTokens([...atLeast, anything]))
    .upTo(MAX_REPOSITORY_NAME_LENGTH);
}

/** The resource type of a repository in an ECR ARN (`repository/<name>`). */
export const REPOSITORY_RESOURCE_PREFIX = "repository/";

/** `arn:<partition>:ecr:<region>:<account>:repository/`: what precedes a repository name. */
export function repositoryArnPrefix(registry: RegistryLocation): string {
  return `arn:${partitionOf(registry.region)}:ecr:${registry.region}:${registry.accountId}:${REPOSITORY_RESOURCE_PREFIX}`;
}

/**
 * The ARN of a repository (or, with wildcards, a repository pattern) in a registry:
 * `arn:<partition>:ecr:<region>:<account>:repository/<pattern>`, the partition following the region
 * (ECR user guide, registry permissions).
 */
export function repositoryArn(registry: RegistryLocation, repositoryPattern: string): string {
  return `${repositoryArnPrefix(registry)}${repositoryPattern}`;
}

/** The form a registry policy Resource must have, for messages. */
export function repositoryArnTemplate(registry?: RegistryLocation): string {
  return registry === undefined
    ? "arn:<partition>:ecr:<region>:<account>:repository/<name>"
    : repositoryArn(registry, "<name>");
}

/**
 * IAM's matching of a resource ARN pattern (IAM `reference_policies_elements_resource`): `*` and
 * `?` match within a colon-separated segment, except that a `*` ending a segment may match across
 * the following colons; everything else is literal and case-sensitive.
 */
export function arnPatternTokens(pattern: string): GlobToken[] {
  const chars = Array.from(pattern);
  return chars.map((char, i): GlobToken => {
    if (char === "*") {
      const endsSegment = i === chars.length - 1 || chars[i + 1] === ":";
      return endsSegment ? { kind: "run" } : { kind: "run", except: ":" };
    }
    if (char === "?") {
      return { kind: "one", except: ":" };
    }
    return { kind: "literal", char };
  });
}

/** True if the ARN matches the IAM resource pattern. */
export function arnMatches(pattern: string, arn: string): boolean {
  return matchesTokens(arnPatternTokens(pattern), arn);
}

/**
 * {@link repositoryPatternSuffixes} is a pure function of two strings and the policy pack asks it
 * the same questions for every principal and action: remember recent answers (NameSets are
 * immutable).
 */
const suffixAnswers = new RecentAnswers<NameSet>(1_000);

/**
 * Every string that, after the registry's `arn:...:repository/`, a resource pattern matches: the
 * raw material of {@link repositoriesMatched}, not limited to valid repository names (so cheaper
 * to combine; limit the final result).
 */
export function repositoryPatternSuffixes(pattern: string, registry: RegistryLocation): NameSet {
  const prefix = repositoryArnPrefix(registry);
  return suffixAnswers.answer(`${prefix}\n${pattern}`, () =>
    NameSet.fromTokensAfter(arnPatternTokens(pattern), prefix),
  );
}

/**
 * The repository names of `registry` a resource pattern matches, exactly, within
 * {@link REPOSITORY_NAMES}.
 */
export function repositoriesMatched(pattern: string, registry: RegistryLocation): NameSet {
  return repositoryPatternSuffixes(pattern, registry).intersection(REPOSITORY_NAMES);
}

/** A registry policy resource pattern, split into its segments (each may hold wildcards). */
export interface RepositoryArnPattern {
  /** The pattern as written. */
  text: string;
  /** True for the bare `*` (every resource). */
  any: boolean;
  /** `aws`, `aws-cn`, `aws-us-gov`, or a wildcard pattern; `*` when `any`. */
  partition: string;
  /** `us-west-2` or a wildcard pattern; `*` when `any`. */
  region: string;
  /** 12 digits or a wildcard pattern; `*` when `any`. */
  account: string;
  /** The repository name pattern after `repository/`; `*` when `any`. */
  repository: string;
}

/** Problem text: what the resource must be, what it is, and why not. */
function notRepositoryArn(
  path: string,
  value: unknown,
  reason: string,
  registry?: RegistryLocation,
) {
  return {
    path,
    message: `must be a private ECR repository ARN ${repositoryArnTemplate(registry)}, got ${describe(value)}: ${reason}`,
  };
}

/**
 * True if an ARN segment is a literal matching `literal`, or a wildcard pattern made only of
 * characters such values use (`us-*`, `1111????3333`).
 */
function segmentOk(segment: string, literal: (text: string) => boolean, characters: RegExp) {
  return hasWildcard(segment) ? characters.test(segment) : literal(segment);
}

/**
 * Reads a registry policy Resource: `*`, or
 * `arn:<partition>:ecr:<region>:<account>:repository/<name pattern>` with well-formed or wildcard
 * segments. Never `ecr-public` (another service, never a private repository). Problems name the
 * path, the value, and what must hold; `registry` only makes the messages concrete.
 */
export function parseRepositoryArnPattern(
  value: unknown,
  path: string,
  registry?: RegistryLocation,
): { arn?: RepositoryArnPattern; problems: Problem[] } {
  const fail = (reason: string) => ({
    problems: [notRepositoryArn(path, value, reason, registry)],
  });
  if (typeof value !== "string") {
    return fail("not a string");
  }
  if (value === "*") {
    return {
      arn: { text: value, any: true, partition: "*", region: "*", account: "*", repository: "*" },
      problems: [],
    };
  }
  const segments = value.split(":");
  if (segments.length < 6 || segments[0] !== "arn") {
    return fail("an ARN has six ':'-separated parts starting with 'arn'");
  }
  const [, partition, service, region, account] = segments;
  const resource = segments.slice(5).join(":");
  if (service === "ecr-public") {
    return fail("'ecr-public' is Amazon ECR Public, never a private repository");
  }
  if (service !== "ecr") {
    return fail(`the service must be 'ecr', not ${describe(service)}`);
  }
  if (!segmentOk(partition, (p) => PARTITIONS.includes(p as Partition), /^[a-z*?-]+$/)) {
    return fail(
      `the partition must be one of ${PARTITIONS.join(", ")}, not ${describe(partition)}`,
    );
  }
  if (!segmentOk(region, (r) => REGION_PATTERN.test(r), /^[a-z0-9*?-]+$/)) {
    return fail(`the region must look like 'us-west-2', not ${describe(region)}`);
  }
  if (!segmentOk(account, (a) => ACCOUNT_ID_PATTERN.test(a), /^[0-9*?]+$/)) {
    return fail(`the account must be 12 digits, not ${describe(account)}`);
  }
  if (!resource.startsWith(REPOSITORY_RESOURCE_PREFIX)) {
    return fail(
      `the resource must start with '${REPOSITORY_RESOURCE_PREFIX}', not ${describe(resource)}`,
    );
  }
  const repository = resource.slice(REPOSITORY_RESOURCE_PREFIX.length);
  const allowed = new Set(Array.from(`${REPOSITORY_NAME_CHARACTERS}*?`));
  if (repository === "" || !Array.from(repository).every((char) => allowed.has(char))) {
    return fail(
      `the repository name pattern must be lowercase letters, digits, '.', '_', '-', '/' and wildcards '*', '?', not ${describe(repository)}`,
    );
  }
  return {
    arn: { text: value, any: false, partition, region, account, repository },
    problems: [],
  };
}
