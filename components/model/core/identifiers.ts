import {
  ACCOUNT_ID_PATTERN,
  FILTER_PATTERN,
  MAX_FILTER_LENGTH,
  MAX_REPOSITORY_NAME_LENGTH,
  MIN_FILTER_LENGTH,
  MIN_REPOSITORY_NAME_LENGTH,
  ISO_REGION_PATTERN,
  ORGANIZATION_ID_PATTERN,
  REGION_PATTERN,
  REPOSITORY_NAME_PART,
  REPOSITORY_NAME_PATTERN,
} from "./limits";
import { describe, Problem } from "./problems";

/** Problems with an account id (and so a registry id): exactly 12 digits, as a string. */
export function checkAccountId(value: unknown, path: string): Problem[] {
  // A number is what YAML (and JSON) make of an unquoted id: say so, since its digits look right
  // (and an id with leading zeros has already lost them).
  if (typeof value === "number") {
    const digits = String(value);
    const howToQuote =
      Number.isInteger(value) && value >= 0 && digits.length <= 12
        ? ` ('${digits.padStart(12, "0")}' in YAML)`
        : " in YAML";
    return [
      {
        path,
        message: `must be a 12-digit AWS account id as a string, got the number ${describe(value)}: quote it${howToQuote}`,
      },
    ];
  }
  if (typeof value !== "string" || !ACCOUNT_ID_PATTERN.test(value)) {
    return [{ path, message: `must be a 12-digit AWS account id, got ${describe(value)}` }];
  }
  return [];
}

/** Problems with an AWS Organizations organization id such as `o-a1b2c3d4e5`. */
export function checkOrganizationId(value: unknown, path: string): Problem[] {
  if (typeof value !== "string" || !ORGANIZATION_ID_PATTERN.test(value)) {
    return [
      {
        path,
        message: `must be an AWS Organizations id: 'o-' and 10 to 32 lowercase letters or digits, such as 'o-a1b2c3d4e5', got ${describe(value)}`,
      },
    ];
  }
  return [];
}

/**
 * Problems with a region name such as `us-west-2`: its format only. Whether AWS lists a
 * well-formed region is `regionProblem`'s (./regions), an advisory: regions appear before an SDK
 * release lists them.
 */
export function checkRegion(value: unknown, path: string): Problem[] {
  if (typeof value === "string" && ISO_REGION_PATTERN.test(value)) {
    return [
      {
        path,
        message: `must be a commercial, China or GovCloud region: the ISO partitions are not supported, got ${describe(value)}`,
      },
    ];
  }
  if (typeof value !== "string" || !REGION_PATTERN.test(value)) {
    return [{ path, message: `must be an AWS region such as 'us-west-2', got ${describe(value)}` }];
  }
  return [];
}

/**
 * Problems with a repository name prefix, as used both by a replication filter and by a registry
 * policy resource pattern: 2 to 256 characters of ECR's repository filter pattern.
 */
export function checkRepositoryPrefix(value: unknown, path: string): Problem[] {
  if (typeof value !== "string") {
    return [
      { path, message: `must be a repository name prefix (a string), got ${describe(value)}` },
    ];
  }
  if (value.length < MIN_FILTER_LENGTH || value.length > MAX_FILTER_LENGTH) {
    return [
      {
        path,
        message: `must be ${MIN_FILTER_LENGTH} to ${MAX_FILTER_LENGTH} characters, got ${describe(value)} (${value.length})`,
      },
    ];
  }
  if (!FILTER_PATTERN.test(value)) {
    return [
      {
        path,
        message: `must be a repository name prefix of lowercase letters, digits, '.', '_', '-' and '/' (ECR's filter pattern), got ${describe(value)}`,
      },
    ];
  }
  return [];
}

/**
 * The starts of valid repository names (REPOSITORY_NAME_PATTERN): whole parts each ending in `/`,
 * then a part begun, possibly ending in one separator. ECR's filter pattern (FILTER_PATTERN) is
 * looser: it takes `-prod`, `prod--` or `a/-b`, which no repository name starts with.
 */
const REPOSITORY_NAME_START = new RegExp(
  `^(?:${REPOSITORY_NAME_PART}/)*(?:${REPOSITORY_NAME_PART}[._-]?)?$`,
);

/** True if some valid repository name (pattern and 2-256 characters) starts with `prefix`. */
export function startsSomeRepositoryName(prefix: string): boolean {
  if (!REPOSITORY_NAME_START.test(prefix)) {
    return false;
  }
  // A prefix that is not a name itself (empty, or ending in a separator) needs one more character.
  const shortest = REPOSITORY_NAME_PATTERN.test(prefix)
    ? Math.max(prefix.length, MIN_REPOSITORY_NAME_LENGTH)
    : prefix.length + 1;
  return shortest <= MAX_REPOSITORY_NAME_LENGTH;
}

/**
 * Problems with a repository prefix a component writes (a route's, a grant's): what
 * `checkRepositoryPrefix` asks, and that some repository name starts with it. ECR accepts a
 * filter such as `-prod`, but it replicates nothing, and a grant on `repository/-prod*` grants
 * nothing: a mistake, refused here (the pack only advises on such a filter written elsewhere).
 */
export function checkUsableRepositoryPrefix(value: unknown, path: string): Problem[] {
  const problems = checkRepositoryPrefix(value, path);
  if (problems.length > 0 || startsSomeRepositoryName(value as string)) {
    return problems;
  }
  return [
    {
      path,
      message: `must be the start of some repository name, got ${describe(value)}: no repository name starts with it (${REPOSITORY_NAME_RULE})`,
    },
  ];
}

/** ECR's rule for repository names, for messages. */
export const REPOSITORY_NAME_RULE =
  "names are parts of lowercase letters and digits, joined by one '.', '_', '-' or '/' at a time";
