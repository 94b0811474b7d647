/**
 * Amazon ECR repository creation templates: their limits, formats and values, each with its
 * source. A template (`CreateRepositoryCreationTemplate`, `aws.ecr.RepositoryCreationTemplate`)
 * says what the repositories ECR creates on the registry's behalf look like: replication,
 * pull-through cache or create-on-push. Without one, ECR creates them with its defaults.
 */
import { Partition } from "./limits";

/**
 * The template prefix that covers every repository no other template covers (ECR API
 * `CreateRepositoryCreationTemplate`, `prefix`: "To apply a template to all repositories in your
 * registry that don't have an associated creation template, you can use ROOT as the prefix").
 */
export const ROOT_TEMPLATE_PREFIX = "ROOT";

/**
 * A template prefix: `ROOT` or a repository namespace, to which ECR always adds a `/` ("There is
 * always an assumed / applied to the end of the prefix": `prod` applies to the repositories
 * beginning with `prod/`, not to `prod-api`). 1 to 256 characters of this pattern (ECR API
 * `RepositoryCreationTemplate.prefix`; CloudFormation `AWS::ECR::RepositoryCreationTemplate`
 * `Prefix`); a trailing `/` is allowed and names the same namespace.
 */
export const TEMPLATE_PREFIX_PATTERN =
  /^((?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*\/?|ROOT)$/;
export const MIN_TEMPLATE_PREFIX_LENGTH = 1;
export const MAX_TEMPLATE_PREFIX_LENGTH = 256;

/** The scenario of repositories created by replication (ECR API `RCTAppliedFor`). */
export const APPLIED_FOR_REPLICATION = "REPLICATION";
/**
 * What a template may apply to (ECR API `CreateRepositoryCreationTemplate`, `appliedFor`: valid
 * values `REPLICATION | PULL_THROUGH_CACHE | CREATE_ON_PUSH`; required, at least one; unique
 * items in CloudFormation).
 */
export const APPLIED_FOR_VALUES: readonly string[] = [
  APPLIED_FOR_REPLICATION,
  "PULL_THROUGH_CACHE",
  "CREATE_ON_PUSH",
];

/**
 * Tag mutability of created repositories (CloudFormation `ImageTagMutability`, @pulumi/aws 7.48
 * `imageTagMutability`); ECR's default is `MUTABLE` ("If this parameter is omitted, the default
 * setting of MUTABLE will be used").
 */
export const IMAGE_TAG_MUTABILITY_VALUES: readonly string[] = [
  "MUTABLE",
  "IMMUTABLE",
  "IMMUTABLE_WITH_EXCLUSION",
  "MUTABLE_WITH_EXCLUSION",
];
/** What a repository gets without a template, or with a template that sets no mutability. */
export const DEFAULT_IMAGE_TAG_MUTABILITY = "MUTABLE";
/** The mutabilities that take exclusion filters, and need them (they apply only to these). */
export const MUTABILITIES_WITH_EXCLUSION: readonly string[] = [
  "IMMUTABLE_WITH_EXCLUSION",
  "MUTABLE_WITH_EXCLUSION",
];
/**
 * Exclusion filters: 1 to 5, each 1 to 128 of letters, digits, `.`, `_`, `*` and `-`, at most 2
 * wildcards, of type `WILDCARD` (CloudFormation `ImageTagMutabilityExclusionFilters`: minItems 1,
 * maxItems 5, value pattern `^[0-9a-zA-Z._*-]{1,128}`; @pulumi/aws 7.48: "can contain a maximum
 * of 2 wildcards (*)", filter type "Must be WILDCARD").
 */
export const MAX_TAG_MUTABILITY_EXCLUSION_FILTERS = 5;
export const TAG_MUTABILITY_EXCLUSION_FILTER_PATTERN = /^[0-9a-zA-Z._*-]{1,128}$/;
export const MAX_TAG_MUTABILITY_EXCLUSION_WILDCARDS = 2;
export const TAG_MUTABILITY_EXCLUSION_FILTER_TYPE = "WILDCARD";

/**
 * Encryption of created repositories (ECR API `EncryptionConfigurationForRepositoryCreationTemplate`,
 * `encryptionType`: valid values `AES256 | KMS | KMS_DSSE`). Without it, `AES256` (ECR user guide,
 * "Templates to control repositories created during a pull through cache or replication action":
 * the default settings include "using AES-256 encryption").
 */
export const ENCRYPTION_TYPES: readonly string[] = ["AES256", "KMS", "KMS_DSSE"];
export const DEFAULT_ENCRYPTION_TYPE = "AES256";
/** The encryption types that use a KMS key (the given one, or the AWS managed key `aws/ecr`). */
export const KMS_ENCRYPTION_TYPES: readonly string[] = ["KMS", "KMS_DSSE"];
/**
 * A template's KMS key: "The full ARN of the KMS key must be specified. The key must exist in the
 * same Region as the repository" (ECR API `EncryptionConfigurationForRepositoryCreationTemplate`,
 * `kmsKey`, at most 2,048 characters; CloudFormation also accepts an alias or key id, the API
 * reference does not: the stricter reading is taken). Groups: partition, region, account.
 */
export const KMS_KEY_ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):kms:([a-z]{2}(?:-[a-z]+)+-\d{1,2}):(\d{12}):key\/[A-Za-z0-9-]+$/;
export const MAX_KMS_KEY_CHARS = 2_048;

/**
 * The role ECR creates repositories with (`customRoleArn`): at most 2,048 characters of
 * `^arn:aws[-a-z0-9]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,-.@_]*$` (CloudFormation
 * `CustomRoleArn`; no role path). Groups: partition, account, role name.
 */
export const CUSTOM_ROLE_ARN_PATTERN =
  /^arn:(aws[-a-z0-9]*):iam::(\d{12}):role\/([\w+=,.@-]{1,64})$/;
export const MAX_CUSTOM_ROLE_ARN_CHARS = 2_048;
/** A role name as the custom role's ARN may hold it: 1-64 of `A-Z a-z 0-9 + = , . @ _ -` (IAM `CreateRole`). */
export const CUSTOM_ROLE_NAME_PATTERN = /^[\w+=,.@-]{1,64}$/;

/**
 * A lifecycle policy is at most 30,720 characters (ECR API `RepositoryCreationTemplate`,
 * `lifecyclePolicy`; `PutLifecyclePolicy`, `lifecyclePolicyText`).
 */
export const MAX_LIFECYCLE_POLICY_CHARS = 30_720;
/**
 * A repository policy is at most 10,240 characters: ECR applies it with `SetRepositoryPolicy`,
 * whose `policyText` allows no more (ECR API reference; the template's own field states no limit).
 */
export const MAX_REPOSITORY_POLICY_CHARS = 10_240;
/** A template's description is at most 256 characters (ECR API `RepositoryCreationTemplate`). */
export const MAX_TEMPLATE_DESCRIPTION_CHARS = 256;
/**
 * Resource tags of created repositories: at most 50, keys 1 to 128 characters, values at most 256
 * (ECR API `CreateRepositoryCreationTemplate`, `resourceTags`; CloudFormation `ResourceTags`
 * maxItems 50).
 */
export const MAX_RESOURCE_TAGS = 50;
export const MAX_TAG_KEY_CHARS = 128;
export const MAX_TAG_VALUE_CHARS = 256;

/**
 * The partitions where ECR has no repository creation templates: "Repository creation templates
 * aren't supported in the following Regions: China (Beijing) (cn-north-1), China (Ningxia)
 * (cn-northwest-1), AWS GovCloud (US-East) (us-gov-east-1), AWS GovCloud (US-West)
 * (us-gov-west-1)" (ECR user guide, "Templates to control repositories created during a pull
 * through cache or replication action"). Every region of those partitions is refused: the
 * stricter reading, since a newer region there would not have them either.
 */
export const PARTITIONS_WITHOUT_TEMPLATES: readonly Partition[] = ["aws-cn", "aws-us-gov"];
