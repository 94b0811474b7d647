/**
 * Judging one destination of a replication rule: ECR's destination rules (../replication
 * ecr-rules), then whether it needs a registry policy (another account) and which one among the
 * resources is the destination's (indexed once per analysis); that policy is judged by
 * ./policy-judgement.ts. What cannot be known is "unverified", never a guess.
 */
import { isUnknown, Problem, registryKey } from "../core";
import { ArrivingRepositories, RouteAnalysisOptions, Verdict } from "./analysed-route";
import { describePlacement, REGISTRY_POLICY_TYPE, RegistryPlacement } from "./location";
import { judgePolicy } from "./policy-judgement";
import {
  readRegistryPolicyResource,
  RegistryPolicyResource,
  ResourceSnapshot,
} from "./registry-policy-resource";
import { checkDestinationRules, DestinationEntry, knownString } from "../replication";
import { indexByRegistry, RegistryIndex } from "./registry-index";

/** Everything the analysis knows about the registry policies among the resources. */
export type PolicyIndex = RegistryIndex<RegistryPolicyResource>;

/** The registry policies among the resources, by registry (read once per analysis). */
export function indexPolicies(resources: readonly ResourceSnapshot[]): PolicyIndex {
  return indexByRegistry(resources, REGISTRY_POLICY_TYPE, readRegistryPolicyResource);
}

/** The verdict on a registry whose one policy several resources write (`to`: `<account> in <region>`). */
export function competingPolicies(found: readonly RegistryPolicyResource[], to: string): Verdict {
  return {
    status: "unverified",
    reason: `${found.length} registry policies write the one policy of ${to} (${found.map((p) => p.name).join(", ")}): which one wins cannot be told`,
  };
}

/** A destination rule of ECR broken (../replication ecr-rules), as a verdict reason. */
function brokenRule(problem: Problem): string {
  return `the destination${problem.path === "" ? "" : `'s ${problem.path}`} ${problem.message}`;
}

/** The verdicts of one destination of a rule. */
export function judgeDestination(
  source: RegistryPlacement,
  destination: DestinationEntry,
  prefixes: string[] | null,
  policies: PolicyIndex,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories; registryPolicy?: string } {
  const accountId = knownString(destination.registryId);
  const region = knownString(destination.region);
  if (accountId === undefined || region === undefined) {
    const what = accountId === undefined ? "registryId" : "region";
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the destination's ${what} is ${isUnknown(destination[what]) ? "unknown until apply" : "not text"}`,
        },
      ],
    };
  }
  const to = `${accountId} in ${region}`;
  const broken = checkDestinationRules(
    { accountId: source.account?.value, region: source.region?.value },
    { accountId, region },
  );
  if (broken.length > 0) {
    return {
      verdicts: broken.map((problem) => ({ status: "broken", reason: brokenRule(problem) })),
    };
  }
  if (source.account === undefined) {
    const why = source.pending.length > 0 ? source.pending.join("; ") : "not set on the provider";
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the source account could not be determined (${why}), so whether ${to} needs a registry policy is unknown`,
        },
      ],
    };
  }
  // The same registry is refused above: this is another region of the source's account.
  if (source.account.value === accountId) {
    return {
      verdicts: [
        {
          status: "authorised",
          reason: `replication within account ${accountId} needs no registry policy`,
        },
      ],
      repositories: "created on arrival",
    };
  }
  const found = policies.byRegistry.get(registryKey({ accountId, region })) ?? [];
  if (found.length === 1) {
    const judged = judgePolicy(
      found[0],
      { accountId, region },
      source.account.value,
      prefixes,
      options,
    );
    return { ...judged, registryPolicy: found[0].urn };
  }
  if (found.length > 1) {
    return { verdicts: [competingPolicies(found, to)] };
  }
  if (options.registriesWithoutPolicy?.includes(registryKey({ accountId, region })) === true) {
    return {
      verdicts: [
        {
          status: "broken",
          reason: `${to} has no registry policy, so nothing there lets ${source.account.value} replicate into it`,
        },
      ],
    };
  }
  const unplaced = policies.unplaced.map((p) => `${p.name} (${describePlacement(p.placement)})`);
  return {
    verdicts: [
      {
        status: "unverified",
        reason:
          unplaced.length > 0
            ? `no registry policy of ${to} was found among these resources, and the registry of ${unplaced.join(", ")} is unknown: the destination could not be verified`
            : `no registry policy of ${to} is among these resources: the destination could not be verified`,
      },
    ],
  };
}
