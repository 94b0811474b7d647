/**
 * What part of grants too large for ECR's registry policy size limit fits, checked by packing it
 * again: the suggestion in the builder's over-limit message. The search is ../core's
 * `largestFitting`; this file says which parts to try and how to phrase the one found.
 */
import {
  compareStrings,
  largestFitting,
  listed,
  MAX_REGISTRY_POLICY_CHARS,
  RegistryLocation,
} from "../core";
import { packStatements, RegistryGrant } from "./grant-merging";
import { GeneratedPart, packedDocument, REPLICATION_STATEMENTS } from "./rendering";

/**
 * What part of too many grants fits, checked by packing it: the grants of the first accounts (in
 * account order), or else the first account's first prefixes (in prefix order); undefined if not
 * even one prefix fits. The search halves the range, so it packs about log2(n) times. The other
 * generated statements (`others`, the pull grants') and the extra statements are kept whole.
 */
export function whatFits(
  registry: RegistryLocation,
  grants: readonly RegistryGrant[],
  others: readonly GeneratedPart[],
  extraStatements: readonly unknown[],
): string | undefined {
  const fits = (subset: readonly RegistryGrant[]) =>
    packedDocument(
      registry,
      [{ kind: REPLICATION_STATEMENTS, packings: packStatements(registry, subset) }, ...others],
      extraStatements,
    ).json.length <= MAX_REGISTRY_POLICY_CHARS;
  const accounts = [...new Set(grants.map((g) => g.accountId))].sort(compareStrings);
  const ofAccounts = (count: number) => grants.filter((g) => accounts.indexOf(g.accountId) < count);
  const accountCount = largestFitting(accounts.length, (count) => fits(ofAccounts(count)));
  if (accountCount > 0) {
    const left = accounts.slice(accountCount);
    return `the grants of the first ${accountCount} of the ${accounts.length} accounts (in account order) fit, without ${listed(left)}`;
  }
  const account = accounts[0];
  const own = grants.filter((g) => g.accountId === account && g.allRepositories !== true);
  const prefixes = [...new Set(own.flatMap((g) => g.repositoryPrefixes ?? []))].sort(
    compareStrings,
  );
  const ofPrefixes = (count: number) =>
    own
      .map((g) => ({
        ...g,
        repositoryPrefixes: (g.repositoryPrefixes ?? []).filter((p) => prefixes.indexOf(p) < count),
      }))
      .filter((g) => g.repositoryPrefixes.length > 0);
  const prefixCount = largestFitting(prefixes.length, (count) => fits(ofPrefixes(count)));
  if (prefixCount === 0) {
    return undefined;
  }
  return `the first ${prefixCount} of the ${prefixes.length} prefixes of account ${account} (in order, up to '${prefixes[prefixCount - 1]}') fit`;
}
