/**
 * Prefix coverage: whether a registry policy grants a principal an action on every repository
 * name starting with a prefix (replication's PREFIX_MATCH), with the shortest names it does not,
 * over the exact name sets of ./access.ts (Deny narrowing and conditions included).
 */
import { REPOSITORY_NAMES } from "./arn";
import { MAX_FILTER_LENGTH } from "../core";
import { Decision, PrincipalActionQuery, RepositoriesGranted, repositoriesGranted } from "./access";
import { NameSet } from "./name-set";
import { NormalizedPolicy } from "./policy-document";

/** Whether every repository name starting with a prefix is granted. */
export interface PrefixCoverage {
  /** "allow" if all are allowed, "maybe" if all are at least maybe, else "deny". */
  decision: Decision;
  /**
   * A shortest valid name with the prefix that is not definitely allowed, other than the prefix
   * itself if there is one (absent when "allow").
   */
  notAllowed?: string;
  /** A shortest valid name with the prefix that is denied, likewise (absent unless "deny"). */
  denied?: string;
}

/** The valid repository names starting with each prefix asked about (a prefix is a few states). */
const namesWithPrefix = new Map<string, NameSet>();
const NAMES_WITH_PREFIX_SIZE = 1_000;

/** The valid repository names starting with `prefix` (replication's PREFIX_MATCH), cached. */
export function repositoriesStartingWith(prefix: string): NameSet {
  let names = namesWithPrefix.get(prefix);
  if (names === undefined) {
    names = NameSet.prefix(prefix).intersection(REPOSITORY_NAMES);
    // Only prefixes a filter may hold (at most 256 characters) are kept: a hostile one is not.
    if (prefix.length > MAX_FILTER_LENGTH) {
      return names;
    }
    if (namesWithPrefix.size >= NAMES_WITH_PREFIX_SIZE) {
      namesWithPrefix.clear();
    }
    namesWithPrefix.set(prefix, names);
  }
  return names;
}

/**
 * Whether every repository name starting with `prefix` (a plain string prefix, as replication's
 * PREFIX_MATCH) is granted, with example names that are not: answers "does this policy let
 * account X replicate every repository starting with `prod-`?", Deny narrowing included.
 */
export function prefixCoverage(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery & { prefix: string },
): PrefixCoverage {
  return prefixCoverageOf(repositoriesGranted(policy, query), query.prefix);
}

/**
 * {@link prefixCoverage} over what is already known to be granted (say, computed once for many
 * prefixes): whether every repository name starting with `prefix` is in `granted`, with the
 * shortest names that are not.
 */
export function prefixCoverageOf(granted: RepositoriesGranted, prefix: string): PrefixCoverage {
  // A route analysis asks each destination policy's grants about the same prefixes once per
  // source region and configuration: the answer is kept with the grants (released with them).
  let byPrefix = coverageOfGranted.get(granted);
  if (byPrefix === undefined) {
    byPrefix = new Map();
    coverageOfGranted.set(granted, byPrefix);
  }
  let coverage = byPrefix.get(prefix);
  if (coverage === undefined) {
    coverage = computePrefixCoverage(granted, prefix);
    // Only prefixes a filter may hold are kept, and at most a bounded number per grant set.
    if (prefix.length <= MAX_FILTER_LENGTH) {
      if (byPrefix.size >= COVERAGE_PER_GRANTED_SIZE) {
        byPrefix.clear();
      }
      byPrefix.set(prefix, coverage);
    }
  }
  return { ...coverage };
}

/**
 * The coverage answers already given, per grant set object (as ../analysis caches them once per
 * policy and question) and prefix; a grant set's answers go when it does.
 */
const coverageOfGranted = new WeakMap<RepositoriesGranted, Map<string, PrefixCoverage>>();
const COVERAGE_PER_GRANTED_SIZE = 1_000;

/** {@link prefixCoverageOf}, computed. */
function computePrefixCoverage(granted: RepositoriesGranted, prefix: string): PrefixCoverage {
  const wanted = repositoriesStartingWith(prefix);
  // The examples are valid names the prefix matches, shortest first, the prefix itself only when
  // it is the only one: filter `prod` short of `prod-*` shows `proda`, a name it also matches.
  const notAllowed = wanted.difference(granted.allowed).exampleBesides(prefix);
  if (notAllowed === undefined) {
    return { decision: "allow" };
  }
  const denied = wanted.difference(granted.allowed.union(granted.maybe)).exampleBesides(prefix);
  return denied === undefined
    ? { decision: "maybe", notAllowed }
    : { decision: "deny", notAllowed, denied };
}

/** {@link prefixCoverage}'s decision alone. */
export function coversPrefix(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery & { prefix: string },
): Decision {
  return prefixCoverage(policy, query).decision;
}
