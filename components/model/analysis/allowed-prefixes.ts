/**
 * "Lies within the allowed prefixes": the one judgement behind the pack's prefix policies, for a
 * registry policy's grants and for a replication rule's filters alike.
 */
import { RecentAnswers } from "../core";
import { NameSet } from "../iam";

/** The names within some allowed prefix, per configured list: one list is asked about many times. */
const withinAnswers = new RecentAnswers<NameSet>(100);

function namesWithin(allowed: readonly string[]): NameSet {
  return withinAnswers.answer(JSON.stringify(allowed), () =>
    NameSet.unionOf(allowed.map((prefix) => NameSet.prefix(prefix))),
  );
}

/**
 * A shortest repository name of `names` that starts with none of the `allowed` prefixes, or
 * undefined if every one does. Prefixes are plain string prefixes, as replication's PREFIX_MATCH
 * and a `repository/prod-*` pattern (aws/containers-roadmap #2129): `prod-api` is within `prod-`,
 * `production` is not, and a filter `prod` is not within `prod-`. `names` should be valid
 * repository names already (a grant, or `repositoriesStartingWith` a filter), so the name is one.
 * With `besides` (a filter), a name other than it is preferred: filter `prod` outside `prod-` is
 * shown by `proda`, which it also replicates, not by `prod` itself.
 */
export function outsideAllowedPrefixes(
  names: NameSet,
  allowed: readonly string[],
  besides?: string,
): string | undefined {
  const outside = names.difference(namesWithin(allowed));
  return besides === undefined ? outside.example() : outside.exampleBesides(besides);
}
