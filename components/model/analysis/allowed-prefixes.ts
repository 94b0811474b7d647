/**
 * "Lies within the allowed prefixes": the one judgement behind the pack's prefix policies, for a
 * registry policy's grants and for a replication rule's filters alike.
 */
import { NameSet } from "../iam";

/** The names within some allowed prefix, per configured list: one list is asked about many times. */
const withinCache = new Map<string, NameSet>();
const WITHIN_CACHE_SIZE = 100;

function namesWithin(allowed: readonly string[]): NameSet {
  const key = JSON.stringify(allowed);
  let within = withinCache.get(key);
  if (within === undefined) {
    within = NameSet.unionOf(allowed.map((prefix) => NameSet.prefix(prefix)));
    if (withinCache.size >= WITHIN_CACHE_SIZE) {
      withinCache.clear();
    }
    withinCache.set(key, within);
  }
  return within;
}

/**
 * A shortest repository name of `names` that starts with none of the `allowed` prefixes, or
 * undefined if every one does. Prefixes are plain string prefixes, as replication's PREFIX_MATCH
 * and a `repository/prod-*` pattern (aws/containers-roadmap #2129): `prod-api` is within `prod-`,
 * `production` is not, and a filter `prod` is not within `prod-`. `names` should be valid
 * repository names already (a grant, or `repositoriesStartingWith` a filter).
 */
export function outsideAllowedPrefixes(
  names: NameSet,
  allowed: readonly string[],
): string | undefined {
  return names.difference(namesWithin(allowed)).example();
}
