import {
  ACCOUNT_ID_PATTERN,
  FILTER_PATTERN,
  MAX_FILTER_LENGTH,
  MIN_FILTER_LENGTH,
  ISO_REGION_PATTERN,
  ORGANIZATION_ID_PATTERN,
  REGION_PATTERN,
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
