/**
 * Judging a cross-account route against the destination's one registry policy: whether it grants
 * the source account `ecr:ReplicateImage`, and `ecr:CreateRepository` unless the repositories
 * pre-exist, on every replicated prefix (the effective-access model's prefix coverage over the
 * policy's grants, computed once per policy and question), each judgement a verdict.
 */
import {
  evaluateAccess,
  explainDecided,
  judgeCondition,
  NormalizedPolicy,
  prefixCoverageOf,
  PrincipalActionQuery,
  REPLICATION_REQUEST,
} from "../iam";
import {
  CREATE_REPOSITORY_ACTION,
  formatProblems,
  listed,
  RegistryLocation,
  REPLICATE_ACTION,
} from "../core";
import {
  ArrivingRepositories,
  describePrefixes,
  repositoriesPreExist,
  RouteAnalysisOptions,
  Verdict,
} from "./analysed-route";
import { RegistryPolicyResource, repositoriesGrantedOnce } from "./registry-policy-resource";

/** What the destination policy decides for an action on the replicated prefixes. */
interface ActionJudgement {
  decision: "allow" | "maybe" | "deny";
  /** A shortest repository name short of allow, and the prefix it belongs to. */
  name?: string;
  prefix?: string;
  /** Why, for messages (`: ...` or ` on aws:...`); empty when the statements alone say it. */
  why: string;
  /** For "deny": the other prefixes the action is denied on, so a message names every one. */
  alsoDenied?: string[];
}

/**
 * Whether the destination policy grants `action` to the source account on every prefix, judged
 * for a replication request: conditions on keys replication requests lack are decided
 * (../iam request-context), any other leaves the grant "maybe".
 */
function judgeAction(
  policy: NormalizedPolicy,
  registry: RegistryLocation,
  source: string,
  action: string,
  prefixes: readonly string[],
): ActionJudgement {
  const query: PrincipalActionQuery = {
    principal: source,
    action,
    registry,
    context: REPLICATION_REQUEST,
  };
  let result: ActionJudgement = { decision: "allow", why: "" };
  let denied: ActionJudgement | undefined;
  const granted = repositoriesGrantedOnce(policy, query);
  for (const prefix of prefixes) {
    const coverage = prefixCoverageOf(granted, prefix);
    if (coverage.decision === "deny") {
      if (denied === undefined) {
        const why = whyNotAllowed(policy, query, coverage.denied);
        denied = { decision: "deny", name: coverage.denied, prefix, why, alsoDenied: [] };
      } else {
        denied.alsoDenied!.push(prefix);
      }
    }
    if (coverage.decision === "maybe" && result.decision === "allow") {
      const why = whyNotAllowed(policy, query, coverage.notAllowed);
      result = { decision: "maybe", name: coverage.notAllowed, prefix, why };
    }
  }
  return denied ?? result;
}

/**
 * Why one repository name is not allowed, for messages: for "deny", the statements the request
 * context decides (`: replication requests carry no aws:SourceAccount, so the Allow of
 * Statement[0] (...) never applies`); for "maybe", the condition keys it hinges on
 * (` on aws:PrincipalTag/team (Statement[0])`); empty otherwise.
 */
function whyNotAllowed(
  policy: NormalizedPolicy,
  query: PrincipalActionQuery,
  name: string | undefined,
): string {
  if (name === undefined || query.context === undefined) {
    return "";
  }
  const context = query.context;
  const decided = evaluateAccess(policy, { ...query, repository: name });
  const statementAt = (index: number) => policy.statements.find((s) => s.index === index)!;
  const outcomeOf = (index: number) => judgeCondition(statementAt(index).condition, context);
  if (decided.decision === "maybe") {
    const hinges = decided.statements.map((index) => {
      const keys = [...new Set(outcomeOf(index).tests.map((test) => test.key))];
      return `${listed(keys)} (Statement[${index}])`;
    });
    return ` on ${listed(hinges)}`;
  }
  if (decided.decision !== "deny") {
    return "";
  }
  // An explicit Deny the context makes apply; else, for an implicit deny, the Allows it rules out.
  const byContext = (index: number) => outcomeOf(index).tests.length > 0;
  const denies = decided.statements.filter(byContext);
  const unconditionalDenies = decided.statements.length - denies.length;
  const reasons =
    denies.length > 0 ? denies : unconditionalDenies > 0 ? [] : (decided.notApplying ?? []);
  if (reasons.length === 0) {
    return "";
  }
  return `: ${reasons
    .map((index) =>
      explainDecided(context, statementAt(index).effect, `Statement[${index}]`, outcomeOf(index)),
    )
    .join("; ")}`;
}

/**
 * Names the prefix a witness belongs to, for messages: `'prod-a' (prefix 'prod-')`. The witness is
 * prefix coverage's example, a valid repository name the prefix matches (shortest, and other than
 * the prefix itself when it can be: `'proda' (prefix 'prod')`); a rule without filters (prefix '')
 * shows the name alone.
 */
function witness(name: string | undefined, prefix: string | undefined): string {
  if (name === undefined) {
    return prefix === undefined || prefix === "" ? "every repository" : `prefix '${prefix}'`;
  }
  const repository = `'${name}'`;
  return prefix === undefined || prefix === "" || prefix === name
    ? repository
    : `${repository} (prefix '${prefix}')`;
}

/**
 * `grants ... only under a condition` or `does not grant ...`: what a judgement short of allow
 * says; a denial names every prefix it holds for (`, nor on the prefixes 'shared/' and 'team-'`).
 */
function shortOf(granted: string, judgement: ActionJudgement): string {
  const on = `${granted} on ${witness(judgement.name, judgement.prefix)}`;
  if (judgement.decision !== "deny") {
    return `grants ${on} only under a condition`;
  }
  const others = judgement.alsoDenied ?? [];
  const nor =
    others.length === 0
      ? ""
      : `, nor on the ${others.length === 1 ? "prefix" : "prefixes"} ${listed(others.map((p) => `'${p}'`))}`;
  return `does not grant ${on}${nor}`;
}

/** The verdicts of a cross-account route against the destination's one registry policy. */
export function judgePolicy(
  read: RegistryPolicyResource,
  registry: RegistryLocation,
  source: string,
  prefixes: string[] | null,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories } {
  const name = `registry policy ${read.name}`;
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
  // One cause, one reason: both actions short of allow on the same repositories for the same reason.
  if (
    replicate.decision !== "allow" &&
    create.decision === replicate.decision &&
    !repositoriesPreExist(options, registry) &&
    shortOf("", replicate) === shortOf("", create) &&
    replicate.why === create.why
  ) {
    const denied = replicate.decision === "deny";
    const both = `${source} ${REPLICATE_ACTION}${denied ? " nor " : " and "}${CREATE_REPOSITORY_ACTION}`;
    verdicts.push({
      status: denied ? "broken" : "unverified",
      reason: `${name} ${shortOf(both, replicate)}${replicate.why}: grant both${denied ? "" : " unconditionally"}, or grant ${REPLICATE_ACTION} and create the repositories in the destination first (declared pre-existing)`,
    });
    return { verdicts };
  }
  if (replicate.decision === "allow") {
    verdicts.push({
      status: "authorised",
      reason: `${name} grants ${source} ${REPLICATE_ACTION} on ${describePrefixes(prefixes)}`,
    });
  } else {
    verdicts.push({
      status: replicate.decision === "deny" ? "broken" : "unverified",
      reason: `${name} ${shortOf(`${source} ${REPLICATE_ACTION}`, replicate)}${replicate.why}`,
    });
  }
  if (create.decision === "allow") {
    return { verdicts, repositories: "created on arrival" };
  }
  const missing = `${name} ${shortOf(`${source} ${CREATE_REPOSITORY_ACTION}`, create)}${create.why}`;
  if (repositoriesPreExist(options, registry)) {
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
