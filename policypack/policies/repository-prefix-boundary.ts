import { ResourceValidationPolicy } from "@pulumi/policy";
import {
  NameSet,
  parseRepositoryArnPattern,
  repositoriesStartingWith,
} from "../../components/model/iam";
import {
  checkRepositoryPrefix,
  MAX_REPOSITORY_NAME_LENGTH,
  PREFIX_MATCH,
  REPOSITORY_NAME_RULE,
  startsSomeRepositoryName,
} from "../../components/model/core";
import { REPLICATION_CONFIGURATION_TYPE } from "../../components/model/analysis";
import {
  knownString,
  readReplicationRules,
  REPLICATION_CONFIGURATION_PATH,
} from "../../components/model/replication";
import { checkResourcesOfType, checkResourcesOfTypes, Finding } from "../support/findings";
import { checkRegistryPolicies, statementPath } from "../support/registry-policies";

/**
 * Characters that end a name component in repository names: a prefix ending in one matches what it
 * looks like it matches (`prod-` is "the prod- family"), one ending otherwise does not (`prod` also
 * matches `production-db`: aws/containers-roadmap #2129).
 */
const BOUNDARY_CHARACTERS = ["-", "_", ".", "/"];
const BOUNDARY_LIST = "'-', '_', '.' or '/'";

/**
 * A shortest valid repository name the prefix matches beyond a name boundary (`proda` for `prod`:
 * neither `prod` itself nor `prod-...`, `prod_...`, `prod....`, `prod/...`), or undefined if it
 * matches none (no valid name starts with it, or it already ends at a boundary).
 */
function beyondBoundary(prefix: string): string | undefined {
  // A name is at most 256 characters, so a prefix that long has nothing beyond it (and a pattern's
  // prefix of thousands of characters is not worth an automaton).
  if (Array.from(prefix).length >= MAX_REPOSITORY_NAME_LENGTH) {
    return undefined;
  }
  const atBoundary = NameSet.unionOf([
    NameSet.exact(prefix),
    ...BOUNDARY_CHARACTERS.map((char) => NameSet.prefix(`${prefix}${char}`)),
  ]);
  return repositoriesStartingWith(prefix).difference(atBoundary).example();
}

/**
 * The advisory for a repository prefix that does not end at a name boundary, or none. `what` names
 * the property, such as `replicationConfiguration.rules[0].repositoryFilters[0].filter 'prod'`;
 * `suffix` completes the suggested fix (`*` for a resource pattern). The example is a real
 * repository name the prefix matches ({@link beyondBoundary}). A prefix no valid name starts with
 * (`-prod`, `prod--`: ECR's filter pattern takes them) matches nothing at all: that is said instead.
 */
export function boundaryFinding(prefix: string, what: string, suffix = ""): Finding[] {
  if (!startsSomeRepositoryName(prefix)) {
    return [
      {
        message: `${what} matches no repository: no repository name starts with '${prefix}' (${REPOSITORY_NAME_RULE})`,
      },
    ];
  }
  if (prefix === "" || BOUNDARY_CHARACTERS.some((char) => prefix.endsWith(char))) {
    return [];
  }
  const example = beyondBoundary(prefix);
  if (example === undefined) {
    return [];
  }
  return [
    {
      message: `${what} does not end in ${BOUNDARY_LIST}, so it matches more than it looks, such as '${example}': end it at a name boundary, such as '${prefix}-${suffix}'`,
    },
  ];
}

/**
 * Advisory: every replication filter can match a repository and ends at a repository name
 * boundary. A filter ECR refuses (its length or pattern) is ecr-replication-valid's alone: one
 * finding per problem.
 */
function checkFilters(props: Record<string, unknown>): Finding[] {
  const read = readReplicationRules(props[REPLICATION_CONFIGURATION_PATH]);
  return read.rules.flatMap((rule) =>
    (rule.filters ?? []).flatMap((filter) => {
      const prefix = knownString(filter.filter);
      const path = `${filter.path}.filter`;
      return prefix === undefined ||
        filter.filterType !== PREFIX_MATCH ||
        checkRepositoryPrefix(prefix, path).length > 0
        ? []
        : boundaryFinding(prefix, `${path} '${prefix}'`);
    }),
  );
}

/**
 * Advisory: every Allow resource pattern of the form `repository/<prefix>*` ends its prefix at a
 * name boundary (IAM `*` is a plain run of characters, like a replication prefix).
 */
const checkResourcePatterns = checkRegistryPolicies(undefined, ({ policy }) =>
  policy.statements
    .filter((statement) => statement.effect === "Allow")
    .flatMap((statement) =>
      (statement.resource ?? []).flatMap((pattern, index) => {
        const name = parseRepositoryArnPattern(pattern, "").arn?.repository ?? "";
        const prefix = name.slice(0, -1);
        if (!name.endsWith("*") || prefix.includes("*") || prefix.includes("?")) {
          return [];
        }
        const what = `${statementPath(statement.index)}.Resource[${index}] '${pattern}'`;
        return boundaryFinding(prefix, what, "*");
      }),
    ),
);

/**
 * A prefix or resource pattern that does not end at a name boundary matches more repositories than
 * it seems to (`prod` and `repository/prod*` also cover `production-db`): advisory.
 */
export const repositoryPrefixBoundary: ResourceValidationPolicy = {
  name: "ecr-repository-prefix-boundary",
  description:
    "Checks whether every ECR replication filter and registry policy repository pattern can match a repository and ends its prefix at a name boundary ('-', '_', '.' or '/').",
  enforcementLevel: "advisory",
  validateResource: checkResourcesOfTypes(
    checkResourcesOfType(REPLICATION_CONFIGURATION_TYPE, undefined, (resource) =>
      checkFilters(resource.props),
    ),
    checkResourcePatterns,
  ),
};
