/**
 * Registry-specific rules on a parsed registry policy: size, repository ARNs of one registry,
 * ECR actions (and the V1 scope's three), well-formed principals. Structural rules are in
 * ../iam/policy-document.ts. Findings are graded by evidence: {@link checkRegistryPolicy} reports
 * what ECR refuses or what cannot work; {@link checkRegistryPolicyNormalForm} what IAM's grammar
 * prefers but ECR accepts; {@link validateRegistryPolicy} runs them all (what a generator must
 * never emit).
 */
import {
  AWS_PRINCIPAL_FORMS,
  checkSidNormalForm,
  expandActionPattern,
  hasWildcard,
  matchesGlob,
  MAX_NAME_SET_STATES,
  NormalizedPolicy,
  NormalizedStatement,
  parseAwsPrincipal,
  parseRegistryPolicy,
  parseRepositoryArnPattern,
  RepositoryArnPattern,
  repositoryArnTemplate,
  repositoryPatternSuffixes,
} from "../iam";
import {
  describe,
  join,
  MAX_REGISTRY_POLICY_CHARS,
  partitionOf,
  Problem,
  RegistryLocation,
  V1_REGISTRY_POLICY_ACTIONS,
} from "../core";

/**
 * The account setting `REGISTRY_POLICY_SCOPE`: V1 accepts three actions, V2 every ECR action. An
 * object of its values as well as their type, so that the component package's schema has it as an
 * enum (`"V1"` and `RegistryPolicyScope.V1` are the same value).
 */
export const RegistryPolicyScope = {
  /** The three replication and pull-through-cache actions only (accounts created before Dec 2024). */
  V1: "V1",
  /** Every ECR action a registry policy may grant (the default for new accounts since Dec 2024). */
  V2: "V2",
} as const;
/** `"V1"` or `"V2"`: see the object of the same name. */
export type RegistryPolicyScope = (typeof RegistryPolicyScope)[keyof typeof RegistryPolicyScope];

/** What a registry policy is checked against. */
export interface RegistryPolicyCheckOptions {
  /** The registry the policy belongs to; when given, every resource must be one of its repositories. */
  registry?: RegistryLocation;
  /** The registry policy scope; default V2 (default for new accounts since Dec 2024). */
  scope?: RegistryPolicyScope;
}

/** `ecr:CreatePullThroughCacheRule` cannot be granted by a registry policy (ECR user guide). */
const NOT_GRANTABLE = ["ecr:CreatePullThroughCacheRule"];

/** The element path of one item of a normalised list, such as `Statement[0].Resource[1]`. */
function itemPath(statement: NormalizedStatement, element: string, item: number): string {
  return join(join(join("Statement", statement.index), element), item);
}

/** Problems with the policy text's size (`PutRegistryPolicy`: at most 10,240 characters). */
function checkSize(policy: NormalizedPolicy): Problem[] {
  if (policy.text.length <= MAX_REGISTRY_POLICY_CHARS) {
    return [];
  }
  return [
    {
      path: "",
      message: `must be at most ${MAX_REGISTRY_POLICY_CHARS} characters of policy text (PutRegistryPolicy), got ${policy.text.length}`,
    },
  ];
}

/** The segments of a resource that are literal (no wildcard), for comparing resources. */
function literalSegments(arn: RepositoryArnPattern): [string, string][] {
  const segments: [string, string][] = [
    ["partition", arn.partition],
    ["region", arn.region],
    ["account", arn.account],
  ];
  return segments.filter(([, value]) => !hasWildcard(value));
}

/** Problems if a resource is not of the given registry (its segments may be wildcard patterns). */
function checkOwnRegistry(
  arn: RepositoryArnPattern,
  path: string,
  registry: RegistryLocation,
): Problem[] {
  const own =
    matchesGlob(arn.partition, partitionOf(registry.region)) &&
    matchesGlob(arn.region, registry.region) &&
    matchesGlob(arn.account, registry.accountId);
  if (own) {
    return [];
  }
  return [
    {
      path,
      message: `must be a repository ARN of this registry ${repositoryArnTemplate(registry)}, got ${describe(arn.text)}`,
    },
  ];
}

/** Problems if a resource names another partition, region or account than the first one did. */
function checkSameRegistry(
  arn: RepositoryArnPattern,
  path: string,
  reference: { path: string; arn: RepositoryArnPattern },
): Problem[] {
  const expected = new Map(literalSegments(reference.arn));
  const clash = literalSegments(arn).find(
    ([name, value]) => expected.has(name) && expected.get(name) !== value,
  );
  if (clash === undefined) {
    return [];
  }
  return [
    {
      path,
      message: `must be in the same partition, region and account as ${reference.path} (${describe(reference.arn.text)}): one registry policy covers one registry, got ${clash[0]} ${describe(clash[1])}`,
    },
  ];
}

/** Stand-ins for wildcard segments when judging a pattern's complexity without a registry. */
const ANY_ACCOUNT = "000000000000";
const ANY_REGION = "us-east-1";

/**
 * Problems if the access model cannot represent a pattern's repository names exactly (many `?`
 * after a `*`): the policy pack's rules could not judge it.
 */
function checkJudgeable(
  arn: RepositoryArnPattern,
  path: string,
  registry?: RegistryLocation,
): Problem[] {
  const judgedIn = registry ?? {
    accountId: hasWildcard(arn.account) ? ANY_ACCOUNT : arn.account,
    region: hasWildcard(arn.region) ? ANY_REGION : arn.region,
  };
  try {
    repositoryPatternSuffixes(arn.text, judgedIn);
    return [];
  } catch (error) {
    if (!(error instanceof RangeError)) {
      throw error;
    }
    return [
      {
        path,
        message: `must be simpler: ${describe(arn.text)} needs more than ${MAX_NAME_SET_STATES} automaton states to judge exactly (many '?' after a '*')`,
      },
    ];
  }
}

/**
 * Problems with Resource and NotResource: each a private ECR repository ARN or `*`; all in one
 * partition, region and account; and the registry's own when it is given. A malformed ARN is
 * accepted by PutRegistryPolicy and replication then fails with DESTINATION_REGISTRY_ACCESS_DENIED
 * (aws/containers-roadmap #2675), hence the strictness here.
 */
function checkResources(policy: NormalizedPolicy, registry?: RegistryLocation): Problem[] {
  const problems: Problem[] = [];
  let reference: { path: string; arn: RepositoryArnPattern } | undefined;
  for (const statement of policy.statements) {
    for (const element of ["Resource", "NotResource"] as const) {
      const items = (element === "Resource" ? statement.resource : statement.notResource) ?? [];
      items.forEach((item, i) => {
        const path = itemPath(statement, element, i);
        const { arn, problems: found } = parseRepositoryArnPattern(item, path, registry);
        problems.push(...found);
        if (arn === undefined || arn.any) {
          return;
        }
        problems.push(...checkJudgeable(arn, path, registry));
        if (registry !== undefined) {
          problems.push(...checkOwnRegistry(arn, path, registry));
        } else if (reference === undefined) {
          reference = { path, arn };
        } else {
          problems.push(...checkSameRegistry(arn, path, reference));
        }
      });
    }
  }
  return problems;
}

/** Problems with one Action or NotAction item. */
function checkAction(
  action: string,
  path: string,
  element: "Action" | "NotAction",
  effect: "Allow" | "Deny",
  scope: RegistryPolicyScope,
): Problem[] {
  const expanded = expandActionPattern(action);
  if (expanded.length === 0) {
    const colon = action.indexOf(":");
    const service = colon < 0 ? undefined : action.slice(0, colon);
    if (service === undefined || (service.toLowerCase() !== "ecr" && !hasWildcard(service))) {
      return [
        {
          path,
          message: `must be an ECR action such as 'ecr:ReplicateImage' (service 'ecr'), got ${describe(action)}`,
        },
      ];
    }
    return [{ path, message: `must name at least one ECR action, got ${describe(action)}` }];
  }
  if (
    element === "Action" &&
    effect === "Allow" &&
    !hasWildcard(action) &&
    NOT_GRANTABLE.includes(expanded[0])
  ) {
    return [{ path, message: `cannot be granted by a registry policy, got ${describe(action)}` }];
  }
  if (scope === "V1" && element === "Action") {
    const outside = expanded.filter((name) => !V1_REGISTRY_POLICY_ACTIONS.includes(name));
    if (outside.length > 0) {
      const more = outside.length > 1 ? ` and ${outside.length - 1} more` : "";
      return [
        {
          path,
          message: `must be one of ${V1_REGISTRY_POLICY_ACTIONS.join(", ")} (registry policy scope V1), got ${describe(action)}, which names ${outside[0]}${more}`,
        },
      ];
    }
  }
  return [];
}

/** Problems with Action and NotAction: ECR actions of the catalogue, V1's three under scope V1. */
function checkActions(policy: NormalizedPolicy, scope: RegistryPolicyScope): Problem[] {
  const problems: Problem[] = [];
  for (const statement of policy.statements) {
    statement.action?.forEach((action, i) => {
      problems.push(
        ...checkAction(action, itemPath(statement, "Action", i), "Action", statement.effect, scope),
      );
    });
    statement.notAction?.forEach((action, i) => {
      const path = itemPath(statement, "NotAction", i);
      problems.push(...checkAction(action, path, "NotAction", statement.effect, scope));
    });
    if (scope === "V1" && statement.notAction !== undefined) {
      problems.push({
        path: join(join("Statement", statement.index), "NotAction"),
        message: `must not be used with registry policy scope V1, which accepts only Action lists of ${V1_REGISTRY_POLICY_ACTIONS.join(", ")}`,
      });
    }
  }
  return problems;
}

/** Problems with AWS principals: `*`, an account id, or an account root, user or role ARN. */
function checkPrincipals(policy: NormalizedPolicy, registry?: RegistryLocation): Problem[] {
  const problems: Problem[] = [];
  const partition = registry === undefined ? undefined : partitionOf(registry.region);
  for (const statement of policy.statements) {
    for (const element of ["Principal", "NotPrincipal"] as const) {
      const set = element === "Principal" ? statement.principal : statement.notPrincipal;
      set?.aws.forEach((text, i) => {
        const path = join(join(join(join("Statement", statement.index), element), "AWS"), i);
        const principal = parseAwsPrincipal(text);
        if (principal === undefined) {
          problems.push({ path, message: `must be ${AWS_PRINCIPAL_FORMS}, got ${describe(text)}` });
        } else if (
          partition !== undefined &&
          principal.partition !== undefined &&
          principal.partition !== partition
        ) {
          // Replication and registry access never cross partitions (ECR user guide, replication).
          problems.push({
            path,
            message: `must be in the registry's partition '${partition}', got ${describe(text)}`,
          });
        }
      });
    }
  }
  return problems;
}

/**
 * Registry-specific problems of a parsed registry policy (the parser's own problems are not
 * repeated): policy text at most {@link MAX_REGISTRY_POLICY_CHARS} characters; every Resource and
 * NotResource `*` or a private ECR repository ARN, all of one registry (the given one, if any);
 * every Action and NotAction naming catalogue ECR actions (only V1's three under scope V1);
 * principals well formed. Paths index the normalised lists (`Statement[0].Resource[0]` also for
 * a single string).
 */
export function checkRegistryPolicy(
  policy: NormalizedPolicy,
  options: RegistryPolicyCheckOptions = {},
): Problem[] {
  return [
    ...checkSize(policy),
    ...checkResources(policy, options.registry),
    ...checkActions(policy, options.scope ?? "V2"),
    ...checkPrincipals(policy, options.registry),
  ];
}

/**
 * Problems if an AWS principal is a bare account id: it means the same account as its `:root`
 * ARN (IAM `reference_policies_elements_principal`), but AWS may store it rewritten to the ARN,
 * so the deployed policy differs from the one written, a perpetual diff
 * (hashicorp/terraform-provider-aws #1546: "AWS silently converts it to the ARN for the root
 * user"; that thread says so of policies of every kind, no ECR-specific source is known).
 */
function checkAccountPrincipalForms(
  policy: NormalizedPolicy,
  registry?: RegistryLocation,
): Problem[] {
  const partition = registry === undefined ? "<partition>" : partitionOf(registry.region);
  const problems: Problem[] = [];
  for (const statement of policy.statements) {
    for (const element of ["Principal", "NotPrincipal"] as const) {
      const set = element === "Principal" ? statement.principal : statement.notPrincipal;
      set?.aws.forEach((text, i) => {
        const principal = parseAwsPrincipal(text);
        if (principal?.kind === "account" && principal.partition === undefined) {
          problems.push({
            path: join(join(join(join("Statement", statement.index), element), "AWS"), i),
            message: `must be the account's ARN arn:${partition}:iam::${text}:root, which means the same account (AWS may rewrite a bare account id to it: a perpetual diff), got ${describe(text)}`,
          });
        }
      });
    }
  }
  return problems;
}

/**
 * What IAM's grammar prefers but ECR accepts (so not {@link checkRegistryPolicy}'s refusals):
 * Sids of letters and digits, unique within the policy (see `checkSidNormalForm` of ../iam for
 * the evidence that ECR accepts others), and account principals as `:root` ARNs, not bare ids.
 * Advisory in the policy pack; the components never emit any of it.
 */
export function checkRegistryPolicyNormalForm(
  policy: NormalizedPolicy,
  options: RegistryPolicyCheckOptions = {},
): Problem[] {
  return [...checkSidNormalForm(policy), ...checkAccountPrincipalForms(policy, options.registry)];
}

/**
 * Parses and checks a registry policy (JSON text or object): every structural and registry
 * problem, and the Sid rules of IAM's grammar (letters and digits, unique), as this function has
 * always reported them; the components refuse all of it in `extraStatements`. A bare account
 * principal is not reported here (it means the same account; the pack advises on it through
 * {@link checkRegistryPolicyNormalForm}). The Sid problems come first: a Sid's is about the
 * statement as written, before its structure.
 */
export function validateRegistryPolicy(
  input: unknown,
  options: RegistryPolicyCheckOptions = {},
): { policy?: NormalizedPolicy; problems: Problem[] } {
  const { policy, problems } = parseRegistryPolicy(input);
  if (policy === undefined) {
    return { problems };
  }
  return {
    policy,
    problems: [...checkSidNormalForm(policy), ...problems, ...checkRegistryPolicy(policy, options)],
  };
}
