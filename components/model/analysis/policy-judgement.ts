/**
 * Judging a cross-account route against the destination's one registry policy: whether it grants
 * the source account `ecr:ReplicateImage`, and `ecr:CreateRepository` unless the repositories
 * pre-exist, on every replicated prefix (the effective-access model's prefix coverage over the
 * policy's grants, computed once per policy and question), each judgement a verdict.
 */
import { NormalizedPolicy, prefixCoverageOf } from "../iam";
import {
  CREATE_REPOSITORY_ACTION,
  formatProblems,
  RegistryLocation,
  REPLICATE_ACTION,
} from "../core";
import {
  ArrivingRepositories,
  describePrefixes,
  RouteAnalysisOptions,
  Verdict,
} from "./analysed-route";
import { RegistryPolicyResource, repositoriesGrantedOnce } from "./registry-policy-resource";

/** Whether the destination policy grants `action` to the source account on every prefix. */
function judgeAction(
  policy: NormalizedPolicy,
  registry: RegistryLocation,
  source: string,
  action: string,
  prefixes: readonly string[],
): { decision: "allow" | "maybe" | "deny"; name?: string; prefix?: string } {
  let result: { decision: "allow" | "maybe" | "deny"; name?: string; prefix?: string } = {
    decision: "allow",
  };
  const granted = repositoriesGrantedOnce(policy, { principal: source, action, registry });
  for (const prefix of prefixes) {
    const coverage = prefixCoverageOf(granted, prefix);
    if (coverage.decision === "deny") {
      return { decision: "deny", name: coverage.denied, prefix };
    }
    if (coverage.decision === "maybe" && result.decision === "allow") {
      result = { decision: "maybe", name: coverage.notAllowed, prefix };
    }
  }
  return result;
}

/** Names the prefix a witness belongs to, for messages: `'prod-x' (prefix 'prod-')`. */
function witness(name: string | undefined, prefix: string | undefined): string {
  const repository = `'${name ?? ""}'`;
  return prefix === undefined || prefix === "" || prefix === name
    ? repository
    : `${repository} (prefix '${prefix}')`;
}

/** `grants ... only under a condition` or `does not grant ...`: what a decision short of allow says. */
function shortOf(
  decision: "maybe" | "deny",
  granted: string,
  name: string | undefined,
  prefix: string | undefined,
): string {
  const on = `${granted} on ${witness(name, prefix)}`;
  return decision === "deny" ? `does not grant ${on}` : `grants ${on} only under a condition`;
}

/** The verdicts of a cross-account route against the destination's one registry policy. */
export function judgePolicy(
  read: RegistryPolicyResource,
  registry: RegistryLocation,
  source: string,
  prefixes: string[] | null,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories } {
  const name = `registry policy ${read.urn}`;
  if (read.unknownPaths.length > 0) {
    return {
      verdicts: [
        {
          status: "unverified",
          reason: `the document of ${name} is unknown until apply (${read.unknownPaths.join(", ")})`,
        },
      ],
    };
  }
  if (read.policy === undefined) {
    return {
      verdicts: [
        {
          status: "broken",
          reason: `${name} cannot be read, so it grants nothing: ${formatProblems(read.problems)}`,
        },
      ],
    };
  }
  // A rule without filters replicates every repository: the empty prefix.
  const wanted = prefixes ?? [""];
  let replicate: ReturnType<typeof judgeAction>;
  let create: ReturnType<typeof judgeAction>;
  try {
    replicate = judgeAction(read.policy, registry, source, REPLICATE_ACTION, wanted);
    create = judgeAction(read.policy, registry, source, CREATE_REPOSITORY_ACTION, wanted);
  } catch (error) {
    // The access model refuses resource patterns too complex to judge exactly (RangeError).
    if (!(error instanceof RangeError)) {
      throw error;
    }
    return {
      verdicts: [
        { status: "unverified", reason: `${name} is too complex to judge: ${error.message}` },
      ],
    };
  }
  const verdicts: Verdict[] = [];
  if (replicate.decision === "allow") {
    verdicts.push({
      status: "authorised",
      reason: `${name} grants ${source} ${REPLICATE_ACTION} on ${describePrefixes(prefixes)}`,
    });
  } else {
    verdicts.push({
      status: replicate.decision === "deny" ? "broken" : "unverified",
      reason: `${name} ${shortOf(replicate.decision, `${source} ${REPLICATE_ACTION}`, replicate.name, replicate.prefix)}`,
    });
  }
  if (create.decision === "allow") {
    return { verdicts, repositories: "created on arrival" };
  }
  const missing = `${name} ${shortOf(create.decision, `${source} ${CREATE_REPOSITORY_ACTION}`, create.name, create.prefix)}`;
  if (options.preExistingRepositories) {
    verdicts.push({
      status: "authorised",
      reason: `${missing}: the repositories must already exist in the destination (preExistingRepositories)`,
    });
    return { verdicts, repositories: "must pre-exist" };
  }
  verdicts.push({
    status: create.decision === "deny" ? "broken" : "unverified",
    reason: `${missing}: grant it, or create the repositories in the destination first and declare them pre-existing`,
  });
  return { verdicts };
}
