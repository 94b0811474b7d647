/**
 * ECR's rules for repository creation templates, each written once: the components check the
 * settings their users ask for with these (./creation-template-settings), and the policy pack
 * checks `aws.ecr.RepositoryCreationTemplate` resources with them (./creation-template-checks).
 * Each takes the value and the property path to report it at; the facts are ../core's
 * (creation-template-limits, with their sources).
 */
import {
  APPLIED_FOR_VALUES,
  CUSTOM_ROLE_ARN_PATTERN,
  describe,
  ENCRYPTION_TYPES,
  IMAGE_TAG_MUTABILITY_VALUES,
  isPlainObject,
  join,
  KMS_ENCRYPTION_TYPES,
  KMS_KEY_ARN_PATTERN,
  MAX_CUSTOM_ROLE_ARN_CHARS,
  MAX_KMS_KEY_CHARS,
  MAX_LIFECYCLE_POLICY_CHARS,
  MAX_REPOSITORY_POLICY_CHARS,
  MAX_RESOURCE_TAGS,
  MAX_TAG_KEY_CHARS,
  MAX_TAG_MUTABILITY_EXCLUSION_FILTERS,
  MAX_TAG_MUTABILITY_EXCLUSION_WILDCARDS,
  MAX_TAG_VALUE_CHARS,
  MAX_TEMPLATE_PREFIX_LENGTH,
  MIN_TEMPLATE_PREFIX_LENGTH,
  MUTABILITIES_WITH_EXCLUSION,
  partitionOf,
  PARTITIONS_WITHOUT_TEMPLATES,
  Problem,
  TAG_MUTABILITY_EXCLUSION_FILTER_PATTERN,
  TEMPLATE_PREFIX_PATTERN,
} from "../core";
import { KnownRegistry } from "./ecr-rules";

/** `'A', 'B' or 'C'`. */
function oneOf(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}`;
}

/** A template prefix: `ROOT` or a repository namespace (ECR's template prefix pattern and length). */
export function checkTemplatePrefix(value: unknown, path: string): Problem[] {
  if (
    typeof value === "string" &&
    value.length >= MIN_TEMPLATE_PREFIX_LENGTH &&
    value.length <= MAX_TEMPLATE_PREFIX_LENGTH &&
    TEMPLATE_PREFIX_PATTERN.test(value)
  ) {
    return [];
  }
  return [
    {
      path,
      message: `must be 'ROOT' or a repository namespace such as 'prod' or 'prod/team' (1 to ${MAX_TEMPLATE_PREFIX_LENGTH} characters: parts of lowercase letters and digits joined by '.', '_' or '-', separated by '/'; ECR's template prefix pattern), got ${describe(value)}`,
    },
  ];
}

/** `appliedFors`: a non-empty list of ECR's scenarios, none twice. */
export function checkAppliedFors(value: unknown, path: string): Problem[] {
  if (!Array.isArray(value) || value.length === 0) {
    return [
      {
        path,
        message: `must list at least one of ${oneOf(APPLIED_FOR_VALUES)} (ECR requires appliedFor), got ${describe(value)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  Array.from(value).forEach((item: unknown, index) => {
    const itemPath = join(path, index);
    if (typeof item !== "string" || !APPLIED_FOR_VALUES.includes(item)) {
      problems.push({
        path: itemPath,
        message: `must be one of ${oneOf(APPLIED_FOR_VALUES)}, got ${describe(item)}`,
      });
    } else if (value.indexOf(item) < index) {
      problems.push({ path: itemPath, message: `must not repeat ${describe(item)}` });
    }
  });
  return problems;
}

/** `imageTagMutability`, when set: one of ECR's four. */
export function checkImageTagMutability(value: unknown, path: string): Problem[] {
  if (
    value === undefined ||
    (typeof value === "string" && IMAGE_TAG_MUTABILITY_VALUES.includes(value))
  ) {
    return [];
  }
  return [
    {
      path,
      message: `must be one of ${oneOf(IMAGE_TAG_MUTABILITY_VALUES)} when given, got ${describe(value)}`,
    },
  ];
}

/**
 * Exclusion filters (the filter texts), with the mutability they belong to: needed by, and allowed
 * only with, a `..._WITH_EXCLUSION` mutability; 1 to 5 filters of ECR's pattern, at most 2
 * wildcards each. `filters` undefined: none given. `mutabilityPath` names the mutability setting.
 */
export function checkExclusionFilters(
  filters: readonly unknown[] | undefined,
  mutability: unknown,
  path: string,
  mutabilityPath: string,
): Problem[] {
  const withExclusion =
    typeof mutability === "string" && MUTABILITIES_WITH_EXCLUSION.includes(mutability);
  if (filters === undefined || filters.length === 0) {
    return withExclusion
      ? [
          {
            path,
            message: `must list 1 to ${MAX_TAG_MUTABILITY_EXCLUSION_FILTERS} tag filters when ${mutabilityPath} is ${describe(mutability)}, got ${filters === undefined ? "none" : "[]"}`,
          },
        ]
      : [];
  }
  if (!withExclusion) {
    return [
      {
        path,
        message: `must be left out unless ${mutabilityPath} is ${oneOf(MUTABILITIES_WITH_EXCLUSION)} (filters only apply to those), got ${describe(mutability)} there`,
      },
    ];
  }
  const problems: Problem[] = [];
  if (filters.length > MAX_TAG_MUTABILITY_EXCLUSION_FILTERS) {
    problems.push({
      path,
      message: `must list at most ${MAX_TAG_MUTABILITY_EXCLUSION_FILTERS} tag filters (ECR limit), got ${filters.length}`,
    });
  }
  Array.from(filters).forEach((filter: unknown, index) => {
    if (
      typeof filter !== "string" ||
      !TAG_MUTABILITY_EXCLUSION_FILTER_PATTERN.test(filter) ||
      filter.split("*").length - 1 > MAX_TAG_MUTABILITY_EXCLUSION_WILDCARDS
    ) {
      problems.push({
        path: join(path, index),
        message: `must be a tag filter of 1 to 128 letters, digits, '.', '_', '-' and '*', with at most ${MAX_TAG_MUTABILITY_EXCLUSION_WILDCARDS} wildcards (ECR's pattern), got ${describe(filter)}`,
      });
    }
  });
  return problems;
}

/** `encryptionType`, when set: `AES256`, `KMS` or `KMS_DSSE`. */
export function checkEncryptionType(value: unknown, path: string): Problem[] {
  if (value === undefined || (typeof value === "string" && ENCRYPTION_TYPES.includes(value))) {
    return [];
  }
  return [
    {
      path,
      message: `must be one of ${oneOf(ENCRYPTION_TYPES)} when given, got ${describe(value)}`,
    },
  ];
}

/** True for an encryption type that encrypts with a KMS key. */
export function usesKms(encryptionType: unknown): boolean {
  return typeof encryptionType === "string" && KMS_ENCRYPTION_TYPES.includes(encryptionType);
}

/**
 * A KMS key for a template of `registry`: only with a KMS encryption type; a full key ARN in the
 * registry's region (and so partition), as far as the registry is known.
 */
export function checkKmsKey(
  value: unknown,
  encryptionType: unknown,
  path: string,
  registry: KnownRegistry,
): Problem[] {
  if (!usesKms(encryptionType)) {
    return [
      {
        path,
        message: `must be left out unless the encryption type is ${oneOf(KMS_ENCRYPTION_TYPES)}, got ${describe(encryptionType)} as the encryption type`,
      },
    ];
  }
  const match =
    typeof value === "string" && value.length <= MAX_KMS_KEY_CHARS
      ? KMS_KEY_ARN_PATTERN.exec(value)
      : null;
  if (match === null) {
    return [
      {
        path,
        message: `must be the full ARN of a KMS key, arn:<partition>:kms:<region>:<account>:key/<id> (ECR takes no alias or key id here), got ${describe(value)}`,
      },
    ];
  }
  const keyRegion = match[2];
  if (registry.region !== undefined && keyRegion !== registry.region) {
    return [
      {
        path,
        message: `must be a key in the registry's region ${registry.region} (ECR needs the key in the repository's region), got a key in ${keyRegion}`,
      },
    ];
  }
  if (registry.region === undefined && match[1] !== partitionOf(keyRegion)) {
    return [
      {
        path,
        message: `must name the partition of its region ${keyRegion}, got ${describe(value)}`,
      },
    ];
  }
  return [];
}

/**
 * The custom role's ARN for a template of `registry`: a role ARN of ECR's pattern, of the
 * registry's account and partition (ECR takes the role with `iam:PassRole`, ECR user guide,
 * "Creating a repository creation template", IAM permissions; a principal passes only roles of
 * its own account), as far as the registry is known.
 */
export function checkCustomRoleArn(
  value: unknown,
  path: string,
  registry: KnownRegistry,
): Problem[] {
  const match =
    typeof value === "string" && value.length <= MAX_CUSTOM_ROLE_ARN_CHARS
      ? CUSTOM_ROLE_ARN_PATTERN.exec(value)
      : null;
  if (match === null) {
    return [
      {
        path,
        message: `must be an IAM role ARN arn:<partition>:iam::<account>:role/<name> (no path; ECR's pattern), got ${describe(value)}`,
      },
    ];
  }
  const [, partition, account] = match;
  if (registry.accountId !== undefined && account !== registry.accountId) {
    return [
      {
        path,
        message: `must be a role of the registry's account ${registry.accountId} (ECR is passed the role with iam:PassRole, which passes only roles of one's own account), got a role of ${account}`,
      },
    ];
  }
  if (registry.region !== undefined && partition !== partitionOf(registry.region)) {
    return [
      {
        path,
        message: `must be a role ARN of the registry's partition ${partitionOf(registry.region)}, got ${describe(value)}`,
      },
    ];
  }
  return [];
}

/**
 * Why a template needs a custom role, if it does: resource tags or a KMS encryption type ("If you
 * intend to use KMS keys, resource tags, or a combination of both in one or more templates", you
 * need a custom role: ECR user guide, "Creating a repository creation template"; @pulumi/aws 7.48
 * `customRoleArn`: "Required if using repository tags or KMS encryption").
 */
export function customRoleNeededFor(tagCount: number, encryptionType: unknown): string | undefined {
  const reasons = [
    ...(tagCount > 0 ? ["resourceTags"] : []),
    ...(usesKms(encryptionType) ? [`encryption type ${describe(encryptionType)}`] : []),
  ];
  return reasons.length === 0 ? undefined : reasons.join(" and ");
}

/** The message of a template that sets tags or KMS without a custom role (`what`: how to give one). */
export function customRoleMissing(reason: string, what: string): string {
  return `must give ${what} with ${reason}: ECR creates repositories with tags or a KMS key only through a custom role (ECR user guide, "Creating a repository creation template")`;
}

/**
 * A lifecycle policy: JSON text of at most 30,720 characters holding an object with a non-empty
 * list of rule objects (ECR user guide, "Lifecycle policy properties": `rules`, each with
 * `rulePriority`, `selection` and `action`).
 */
export function checkLifecyclePolicy(value: unknown, path: string): Problem[] {
  const text = jsonText(value, path, MAX_LIFECYCLE_POLICY_CHARS, "lifecycle policy");
  if ("problems" in text) {
    return text.problems;
  }
  const rules = isPlainObject(text.parsed) ? text.parsed.rules : undefined;
  if (!Array.isArray(rules) || rules.length === 0 || !rules.every(isPlainObject)) {
    return [
      {
        path,
        message: `must be a lifecycle policy: a JSON object whose 'rules' is a non-empty list of rules, got ${describe(value)}`,
      },
    ];
  }
  const incomplete = rules.findIndex(
    (rule) => !["rulePriority", "selection", "action"].every((key) => key in rule),
  );
  return incomplete === -1
    ? []
    : [
        {
          path,
          message: `must give every lifecycle rule its rulePriority, selection and action, got rules[${incomplete}] ${describe(rules[incomplete])}`,
        },
      ];
}

/**
 * A repository policy: JSON text of at most 10,240 characters holding a policy document (an
 * object with a `Statement`); a repository policy has no Resource, so the registry policy reader
 * does not apply.
 */
export function checkRepositoryPolicy(value: unknown, path: string): Problem[] {
  const text = jsonText(value, path, MAX_REPOSITORY_POLICY_CHARS, "repository policy");
  if ("problems" in text) {
    return text.problems;
  }
  const statement = isPlainObject(text.parsed) ? text.parsed.Statement : undefined;
  const statements = Array.isArray(statement) ? statement : [statement];
  if (statements.length === 0 || !statements.every(isPlainObject)) {
    return [
      {
        path,
        message: `must be a repository policy: a JSON policy document with a Statement (one statement object or a non-empty list of them), got ${describe(value)}`,
      },
    ];
  }
  return [];
}

/** JSON text at `path` of at most `max` characters, parsed; or the problems. */
function jsonText(
  value: unknown,
  path: string,
  max: number,
  what: string,
): { parsed: unknown } | { problems: Problem[] } {
  if (typeof value !== "string") {
    return {
      problems: [{ path, message: `must be a ${what} as JSON text, got ${describe(value)}` }],
    };
  }
  if (value.length > max) {
    return {
      problems: [
        {
          path,
          message: `must be at most ${max.toLocaleString("en-US")} characters (ECR limit), got ${value.length.toLocaleString("en-US")}`,
        },
      ],
    };
  }
  try {
    return { parsed: JSON.parse(value) as unknown };
  } catch {
    return {
      problems: [
        { path, message: `must be a ${what} as JSON text, got ${describe(value)}: not JSON` },
      ],
    };
  }
}

/** Resource tags: an object of at most 50 string values, keys 1-128 characters, values at most 256. */
export function checkResourceTags(value: unknown, path: string): Problem[] {
  if (!isPlainObject(value)) {
    return [
      {
        path,
        message: `must be an object of tag values keyed by tag name, got ${describe(value)}`,
      },
    ];
  }
  const entries = Object.entries(value);
  const problems: Problem[] = [];
  if (entries.length > MAX_RESOURCE_TAGS) {
    problems.push({
      path,
      message: `must have at most ${MAX_RESOURCE_TAGS} tags (ECR limit), got ${entries.length}`,
    });
  }
  for (const [key, tagValue] of entries) {
    const tagPath = `${path}['${key}']`;
    if (key.length === 0 || key.length > MAX_TAG_KEY_CHARS) {
      problems.push({
        path: tagPath,
        message: `must have a tag name of 1 to ${MAX_TAG_KEY_CHARS} characters, got ${describe(key)} (${key.length})`,
      });
    }
    if (typeof tagValue !== "string" || tagValue.length > MAX_TAG_VALUE_CHARS) {
      problems.push({
        path: tagPath,
        message: `must be a tag value of at most ${MAX_TAG_VALUE_CHARS} characters, got ${describe(tagValue)}`,
      });
    }
  }
  return problems;
}

/**
 * Why a registry in `region` can have no repository creation template (China and GovCloud), or
 * undefined: `ECR offers no repository creation templates in the China and GovCloud (US) regions,
 * and 'cn-north-1' is in aws-cn`.
 */
export function templatesUnavailableIn(region: string): string | undefined {
  const partition = partitionOf(region);
  return PARTITIONS_WITHOUT_TEMPLATES.includes(partition)
    ? `ECR offers no repository creation templates in the China and GovCloud (US) regions, and ${describe(region)} is in ${partition}`
    : undefined;
}
