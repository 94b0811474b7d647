/**
 * Replication does not chain: "a replication action only occurs once per image push" (ECR user
 * guide, "Private image replication", considerations). With A -> B and B -> C configured, an image
 * pushed to A reaches B and stops there; only images pushed to B itself go on to C. So a registry
 * that replicates repositories to B, where B's own configuration replicates the same repositories
 * on to C, may expect them to arrive in C, and they never do (unless A also replicates them to C
 * directly). Found here from the routes of the route analysis (./route-analysis.ts); the pack's
 * `ecr-replication-chain` policy reports them, and what the preview lists as who can replicate
 * what is direct routes only ({@link DIRECT_ROUTES_ONLY}).
 */
import { compareStrings, quotedList, registryKey, RegistryLocation } from "../core";
import { AnalysedRoute, describePrefixes } from "./analysed-route";

/**
 * The legend line of every list of who can replicate what (the preview's, the audit's): the routes
 * listed are the direct ones, the only ones there are.
 */
export const DIRECT_ROUTES_ONLY =
  "direct routes only: replication does not chain, so an image reaches only the destinations of the registry it was pushed to";

/** A chain: repositories replicated into a registry that replicates them on, where they never arrive. */
export interface ReplicationChain {
  /** The registry images are pushed to. */
  source: RegistryLocation;
  /** The registry they are replicated to, whose own configuration replicates them on. */
  middle: RegistryLocation;
  /** Where the middle registry replicates them, and images pushed to the source never arrive. */
  end: RegistryLocation;
  /** URN of the source's replication configuration. */
  replication: string;
  /** Path of the first route's destination in it (the first, in rule order, into the middle). */
  path: string;
  /** URN of the middle registry's replication configuration. */
  onwardReplication: string;
  /**
   * The repositories that would have to travel on, as prefixes (those of both routes; of two
   * nested prefixes the longer), sorted; null: every repository. Only those that the source does
   * not also replicate to the end directly.
   */
  prefixes: string[] | null;
  /**
   * Prefixes within those that the source does replicate to the end directly (those repositories
   * do arrive, by the direct route), sorted; often empty.
   */
  directly: string[];
}

/** A known registry of a route's source placement, or undefined. */
function sourceOf(route: AnalysedRoute): RegistryLocation | undefined {
  const accountId = route.source.account?.value;
  const region = route.source.region?.value;
  return accountId === undefined || region === undefined ? undefined : { accountId, region };
}

/** A known registry of a route's destination, or undefined. */
function destinationOf(route: AnalysedRoute): RegistryLocation | undefined {
  const { accountId, region } = route.destination;
  return accountId === undefined || region === undefined ? undefined : { accountId, region };
}

/** Prefixes without those a shorter one of the list covers, sorted; null stays null. */
function normalised(prefixes: readonly string[] | null): string[] | null {
  if (prefixes === null) {
    return null;
  }
  const unique = [...new Set(prefixes)];
  return unique
    .filter((p) => !unique.some((shorter) => shorter !== p && p.startsWith(shorter)))
    .sort(compareStrings);
}

/** The union of prefix sets (null, every repository, absorbs all). */
function union(sets: readonly (readonly string[] | null)[]): string[] | null {
  return sets.some((set) => set === null)
    ? null
    : normalised(sets.flatMap((set) => set as readonly string[]));
}

/** The repositories both prefix sets match, as prefixes: of two nested prefixes the longer. */
function intersection(a: readonly string[] | null, b: readonly string[] | null): string[] | null {
  if (a === null || b === null) {
    return normalised(a ?? b);
  }
  const both = a.flatMap((p) =>
    b.flatMap((q) => (p.startsWith(q) ? [p] : q.startsWith(p) ? [q] : [])),
  );
  return normalised(both);
}

/**
 * Splits what would travel on by what the source sends to the end directly (`direct`, null:
 * every repository): the prefixes no direct prefix covers (still chained), and the direct prefixes
 * lying within those (their repositories do arrive).
 */
function withoutDirect(
  chained: readonly string[] | null,
  direct: readonly string[] | null,
): { prefixes: string[] | null; directly: string[] } {
  if (direct === null) {
    return { prefixes: [], directly: [] };
  }
  if (chained === null) {
    return { prefixes: null, directly: [...direct] };
  }
  const prefixes = chained.filter((p) => !direct.some((d) => p.startsWith(d)));
  const directly = direct.filter((d) => prefixes.some((p) => d.startsWith(p) && d !== p));
  return { prefixes, directly };
}

/**
 * Every chain among the routes: a route from a registry S to a registry B, and a route of B's own
 * configuration to a registry C (not S) whose prefixes overlap, where S does not replicate all of
 * the overlap to C directly. One chain per (S's configuration, B, C, B's configuration), with the
 * prefixes of every such pair of routes; sorted by S, B, C. Routes whose registries are not known
 * are left out: nothing is guessed.
 */
export function findReplicationChains(routes: readonly AnalysedRoute[]): ReplicationChain[] {
  const known = routes.flatMap((route) => {
    const source = sourceOf(route);
    const destination = destinationOf(route);
    return source === undefined || destination === undefined
      ? []
      : [{ route, source, destination, from: registryKey(source), to: registryKey(destination) }];
  });
  const found = new Map<string, { chain: ReplicationChain; overlaps: (string[] | null)[] }>();
  const byFrom = new Map<string, typeof known>();
  for (const entry of known) {
    byFrom.set(entry.from, [...(byFrom.get(entry.from) ?? []), entry]);
  }
  for (const first of known) {
    for (const onward of byFrom.get(first.to) ?? []) {
      if (onward.to === first.from || onward.to === first.to) {
        continue;
      }
      const overlap = intersection(first.route.prefixes, onward.route.prefixes);
      if (overlap !== null && overlap.length === 0) {
        continue;
      }
      const key = JSON.stringify([
        first.route.replication,
        first.to,
        onward.to,
        onward.route.replication,
      ]);
      const entry = found.get(key) ?? {
        chain: {
          source: first.source,
          middle: first.destination,
          end: onward.destination,
          replication: first.route.replication,
          path: first.route.path,
          onwardReplication: onward.route.replication,
          prefixes: [],
          directly: [],
        },
        overlaps: [],
      };
      entry.overlaps.push(overlap);
      found.set(key, entry);
    }
  }
  const chains: ReplicationChain[] = [];
  for (const { chain, overlaps } of found.values()) {
    const direct = union(
      (byFrom.get(registryKey(chain.source)) ?? [])
        .filter(({ to }) => to === registryKey(chain.end))
        .map(({ route }) => route.prefixes),
    );
    const left = withoutDirect(union(overlaps), direct);
    if (left.prefixes === null || left.prefixes.length > 0) {
      chains.push({ ...chain, ...left });
    }
  }
  const order = (c: ReplicationChain) => [c.source, c.middle, c.end].map(registryKey).join(" ");
  return chains.sort((a, b) => compareStrings(order(a), order(b)));
}

/** `111111111111 in us-east-1`. */
function named(registry: RegistryLocation): string {
  return `${registry.accountId} in ${registry.region}`;
}

/**
 * What a chain means, naming the three registries and the prefixes, and the two fixes: the
 * `ecr-replication-chain` policy's message.
 */
export function describeChain(chain: ReplicationChain): string {
  const [source, middle, end] = [chain.source, chain.middle, chain.end].map(named);
  const except =
    chain.directly.length === 0
      ? ""
      : `, except those under ${quotedList(chain.directly)}, which it replicates to ${end} directly`;
  return `images pushed to ${source} and replicated to ${middle} never reach ${end} (${describePrefixes(chain.prefixes)}${except}): the replication configuration of ${middle} sends on only images pushed to ${middle} itself, since replication does not chain (a replication action only occurs once per image push); replicate them from ${source} to ${end} directly, or push them to ${middle} as well`;
}
