/**
 * Amazon ECR limits and formats, each with its source. Every rule that depends on one of these
 * numbers or patterns imports it from here; nothing else in the project repeats them.
 */

/** The only policy language version IAM accepts for new policies (IAM `reference_policies_elements_version`). */
export const POLICY_VERSION = "2012-10-17";

/** `PutRegistryPolicy`: `policyText` is at most 10,240 characters (ECR API reference). */
export const MAX_REGISTRY_POLICY_CHARS = 10_240;

/**
 * Registry policy scope `V1` accepts only these three actions; anything else fails at deploy with
 * `InvalidParameterException ... Invalid registry policy provided` (pulumi-aws #2326,
 * terraform-provider-aws #40828, #40933). Scope `V2` accepts every ECR action.
 */
export const V1_REGISTRY_POLICY_ACTIONS: readonly string[] = [
  "ecr:BatchImportUpstreamImage",
  "ecr:CreateRepository",
  "ecr:ReplicateImage",
];

/** The action replication needs on the destination registry (ECR user guide, private registry policy examples). */
export const REPLICATE_ACTION = "ecr:ReplicateImage";
/** Needed on the destination unless the replicated repositories already exist there (same source). */
export const CREATE_REPOSITORY_ACTION = "ecr:CreateRepository";

/**
 * What a principal of another account needs on a repository to pull its images: the image
 * manifest, the layers' download URLs and whether layers exist (the actions of the AWS managed
 * policy `AmazonEC2ContainerRegistryPullOnly` that take a repository; ECR user guide, "Private
 * repository policy examples", and "Private image replication" considerations: more than 25
 * registries need consumers pulling across accounts from a hub). A registry policy grants them
 * only under scope `V2` (see {@link V1_REGISTRY_POLICY_ACTIONS}). `ecr:GetAuthorizationToken` is
 * the consumer's own identity permission (resource `*`): no registry policy grants it. Sorted.
 */
export const PULL_ACTIONS: readonly string[] = [
  "ecr:BatchCheckLayerAvailability",
  "ecr:BatchGetImage",
  "ecr:GetDownloadUrlForLayer",
];

/** `PutReplicationConfiguration`: at most 10 rules (ECR API `ReplicationConfiguration`). */
export const MAX_REPLICATION_RULES = 10;
/**
 * At most 25 unique destinations per replication configuration, counted across all its rules: the
 * distinct `(registryId, region)` pairs of every rule (ECR user guide, "Private image replication",
 * considerations). So 10 rules of 25 different destinations each are refused. The per-rule array
 * maximum of the API reference (`ReplicationRule.destinations`) and of CloudFormation
 * (`AWS::ECR::ReplicationConfiguration` `ReplicationRule.Destinations`) is 25 on older pages and 100
 * on newer ones; it is never tighter than this limit (a rule with more than 25 entries names more
 * than 25 destinations or repeats one), so this is the only destination limit: one rule also holds
 * at most 25.
 */
export const MAX_UNIQUE_DESTINATIONS = 25;
/** 1 to 100 repository filters per rule (ECR API `ReplicationRule`). */
export const MAX_FILTERS_PER_RULE = 100;
/** A repository filter is 2 to 256 characters (ECR API `RepositoryFilter`). */
export const MIN_FILTER_LENGTH = 2;
export const MAX_FILTER_LENGTH = 256;
/** The pattern a repository filter must match (ECR API `RepositoryFilter.filter`). */
export const FILTER_PATTERN = /^(?:[a-z0-9]+(?:[._-][a-z0-9]*)*\/)*[a-z0-9]*(?:[._-][a-z0-9]*)*$/;
/** The only filter type ECR supports (ECR API `RepositoryFilter.filterType`). */
export const PREFIX_MATCH = "PREFIX_MATCH";

/**
 * The characters an ECR repository name may contain: lowercase letters, digits, `.`, `_`, `-` and
 * `/` (ECR API `CreateRepository`, `repositoryName` pattern
 * `(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*`).
 */
export const REPOSITORY_NAME_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789._-/";
/**
 * The characters of a repository name that separate its parts (same pattern): never first, never
 * last, never two in a row.
 */
export const REPOSITORY_NAME_SEPARATORS = "._-/";
/** A repository name is 2 to 256 characters (ECR API `CreateRepository`, `repositoryName`). */
export const MIN_REPOSITORY_NAME_LENGTH = 2;
export const MAX_REPOSITORY_NAME_LENGTH = 256;
/**
 * One `/`-separated part of a repository name: lowercase letters and digits, joined by one `.`,
 * `_` or `-` at a time (ECR API `CreateRepository`, `repositoryName` pattern, below).
 */
export const REPOSITORY_NAME_PART = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
/**
 * The pattern a repository name must match, besides its length (ECR API `CreateRepository`,
 * `repositoryName`).
 */
export const REPOSITORY_NAME_PATTERN = new RegExp(
  `^(?:${REPOSITORY_NAME_PART}/)*${REPOSITORY_NAME_PART}$`,
);

/**
 * An IAM role name, optionally after its path (`ops/replication-deployer`): the name is 1-64 of
 * `A-Z a-z 0-9 + = , . @ _ -`, the path printable ASCII ending in `/` (IAM `CreateRole`,
 * `RoleName` and `Path` patterns; the leading `/` of the path is written by the ARN).
 */
export const ROLE_NAME_PATTERN = /^(?:[\x21-\x7e]{1,510}\/)?[\w+=,.@-]{1,64}$/;

/**
 * An AWS Organizations organization id, the value of `aws:PrincipalOrgID`: `o-` and 10 to 32
 * lowercase letters or digits (AWS Organizations API reference, `Organization.Id` pattern
 * `^o-[a-z0-9]{10,32}$`). `ORGANIZATION_ID` unanchored, for patterns that contain one (the
 * first part of an `aws:PrincipalOrgPaths` value, a config schema's `pattern`).
 */
export const ORGANIZATION_ID = "o-[a-z0-9]{10,32}";
export const ORGANIZATION_ID_PATTERN = new RegExp(`^${ORGANIZATION_ID}$`);
/** An AWS account id (and so an ECR registry id) is exactly 12 digits. */
export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/**
 * A commercial, China or GovCloud region name such as `us-west-2` or `us-gov-west-1`
 * (terraform-provider-aws validates `^[a-z]{2}(-[a-z]+)+-\d$`; the ECR API allows `[0-9a-z-]{2,25}`).
 * The ISO partitions' regions (`us-iso-east-1`, `us-isob-east-1`, ...) are excluded: their
 * partitions (`aws-iso*`) are not modelled, and treating them as `aws` would write wrong ARNs.
 */
export const REGION_PATTERN = /^(?![a-z]{2}-iso[a-z]?-)[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** An ISO partition's region, refused with its own message. */
export const ISO_REGION_PATTERN = /^[a-z]{2}-iso[a-z]?-/;
/** A registry policy Sid may use only A-Z, a-z and 0-9 (IAM `reference_policies_elements_sid`). */
export const SID_PATTERN = /^[A-Za-z0-9]+$/;

/** Partitions ECR runs in; replication never crosses them (ECR user guide, replication). */
export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** The partition a region belongs to: `cn-*` is aws-cn, `us-gov-*` is aws-us-gov, the rest aws. */
export function partitionOf(region: string): Partition {
  if (region.startsWith("cn-")) {
    return "aws-cn";
  }
  if (region.startsWith("us-gov-")) {
    return "aws-us-gov";
  }
  return "aws";
}
