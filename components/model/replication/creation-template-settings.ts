/**
 * What the repositories replication creates look like, as a user asks for them along a route
 * (`createdRepositories`), and as one destination registry's repository creation template holds
 * them. The request is checked once (every problem at its path) and then resolved per destination
 * registry: the custom role by name in each destination's account, the KMS key of each region.
 */
import {
  CUSTOM_ROLE_NAME_PATTERN,
  DEFAULT_ENCRYPTION_TYPE,
  DEFAULT_IMAGE_TAG_MUTABILITY,
  describe,
  isPlainObject,
  join,
  partitionOf,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
} from "../core";
import {
  checkCustomRoleArn,
  checkEncryptionType,
  checkExclusionFilters,
  checkImageTagMutability,
  checkKmsKey,
  checkLifecyclePolicy,
  checkRepositoryPolicy,
  checkResourceTags,
  customRoleMissing,
  customRoleNeededFor,
  usesKms,
} from "./creation-template-rules";

/** A repository creation template's settings for one registry: what its created repositories get. */
export interface RepositoryCreationSettings {
  /** `MUTABLE`, `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`; ECR's default `MUTABLE`. */
  imageTagMutability?: string;
  /** Tag filters taking the opposite mutability (with a `..._WITH_EXCLUSION` mutability only). */
  imageTagMutabilityExclusionFilters?: string[];
  /** `AES256`, `KMS` or `KMS_DSSE`; ECR's default `AES256`. */
  encryptionType?: string;
  /** The KMS key's ARN (KMS types only); default the AWS managed key `aws/ecr`. */
  kmsKey?: string;
  /** The lifecycle policy, JSON text. */
  lifecyclePolicy?: string;
  /** The repository policy, JSON text. */
  repositoryPolicy?: string;
  /** Tags of every created repository. */
  resourceTags?: Record<string, string>;
  /** The role ECR creates the repositories with (needed with tags or a KMS encryption type). */
  customRoleArn?: string;
}

/**
 * What the repositories replication creates along a route look like: one repository creation
 * template per destination registry and namespace (see `planCreationTemplates`). Every setting is
 * optional; what is not set is ECR's default.
 */
export interface CreatedRepositories {
  /** `MUTABLE` (ECR's default), `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`. */
  imageTagMutability?: string;
  /** With a `..._WITH_EXCLUSION` mutability: 1 to 5 tag filters (`*` wildcards, at most 2 each). */
  imageTagMutabilityExclusionFilters?: string[];
  /** `AES256` (ECR's default), `KMS` or `KMS_DSSE`. */
  encryptionType?: string;
  /** With a KMS type: the key's ARN, in the region of every destination. Default: the AWS managed key. */
  kmsKey?: string;
  /** With a KMS type: a key ARN per destination registry, keyed `<accountId>/<region>` (not with `kmsKey`). */
  kmsKeys?: Record<string, string>;
  /** A lifecycle policy, JSON text. */
  lifecyclePolicy?: string;
  /** A repository policy, JSON text. */
  repositoryPolicy?: string;
  /** Tags of every created repository (needs a custom role). */
  resourceTags?: Record<string, string>;
  /** The role's name in each destination's account (`arn:<partition>:iam::<account>:role/<name>`). */
  customRoleName?: string;
  /** The role's ARN, when every destination is in its account (not with `customRoleName`). */
  customRoleArn?: string;
  /**
   * Let the registry's `ROOT` template create the repositories of a prefix no namespace holds
   * (`prod-`): `ROOT` applies to every repository of the registry no other template applies to.
   * Default false: such a prefix is refused.
   */
  allowRootTemplate?: boolean;
}

/** The settings of {@link CreatedRepositories}, in the order messages list them. */
export const CREATED_REPOSITORIES_SETTINGS: readonly (keyof CreatedRepositories)[] = [
  "imageTagMutability",
  "imageTagMutabilityExclusionFilters",
  "encryptionType",
  "kmsKey",
  "kmsKeys",
  "lifecyclePolicy",
  "repositoryPolicy",
  "resourceTags",
  "customRoleName",
  "customRoleArn",
  "allowRootTemplate",
];

/** The fields of {@link RepositoryCreationSettings}, in the order messages and comparisons use. */
export const TEMPLATE_SETTINGS: readonly (keyof RepositoryCreationSettings)[] = [
  "imageTagMutability",
  "imageTagMutabilityExclusionFilters",
  "encryptionType",
  "kmsKey",
  "lifecyclePolicy",
  "repositoryPolicy",
  "resourceTags",
  "customRoleArn",
];

/**
 * Every problem of a `createdRepositories` request at `path` that does not depend on the
 * destination: an object of the known settings, each well formed, a custom role where tags or
 * KMS need one, not both ways of giving the role or the key. Undefined is no request.
 */
export function checkCreatedRepositories(value: unknown, path: string): Problem[] {
  if (value === undefined) {
    return [];
  }
  if (!isPlainObject(value)) {
    return [
      {
        path,
        message: `must be an object of settings of the repositories replication creates, got ${describe(value)}`,
      },
    ];
  }
  const at = (key: string) => join(path, key);
  const problems: Problem[] = Object.keys(value)
    .filter((key) => !(CREATED_REPOSITORIES_SETTINGS as readonly string[]).includes(key))
    .map((key) => ({
      path: at(key),
      message: `is not a setting of created repositories; allowed: ${CREATED_REPOSITORIES_SETTINGS.join(", ")}`,
    }));
  const mutability = value.imageTagMutability;
  problems.push(...checkImageTagMutability(mutability, at("imageTagMutability")));
  const filters = value.imageTagMutabilityExclusionFilters;
  if (filters !== undefined && !Array.isArray(filters)) {
    problems.push({
      path: at("imageTagMutabilityExclusionFilters"),
      message: `must be a list of tag filters when given, got ${describe(filters)}`,
    });
  } else {
    problems.push(
      ...checkExclusionFilters(
        filters as unknown[] | undefined,
        mutability ?? DEFAULT_IMAGE_TAG_MUTABILITY,
        at("imageTagMutabilityExclusionFilters"),
        at("imageTagMutability"),
      ),
    );
  }
  const encryptionType = value.encryptionType;
  problems.push(...checkEncryptionType(encryptionType, at("encryptionType")));
  const type = encryptionType ?? DEFAULT_ENCRYPTION_TYPE;
  if (value.kmsKey !== undefined && value.kmsKeys !== undefined) {
    problems.push({
      path: at("kmsKeys"),
      message:
        "must be left out when kmsKey is given: give one key for every destination, or one per destination registry",
    });
  } else if (value.kmsKey !== undefined) {
    problems.push(...checkKmsKey(value.kmsKey, type, at("kmsKey"), {}));
  } else if (value.kmsKeys !== undefined) {
    problems.push(...checkKmsKeys(value.kmsKeys, type, at("kmsKeys")));
  }
  if (value.lifecyclePolicy !== undefined) {
    problems.push(...checkLifecyclePolicy(value.lifecyclePolicy, at("lifecyclePolicy")));
  }
  if (value.repositoryPolicy !== undefined) {
    problems.push(...checkRepositoryPolicy(value.repositoryPolicy, at("repositoryPolicy")));
  }
  const tags = value.resourceTags;
  if (tags !== undefined) {
    problems.push(...checkResourceTags(tags, at("resourceTags")));
  }
  problems.push(...checkRole(value, path));
  if (value.allowRootTemplate !== undefined && typeof value.allowRootTemplate !== "boolean") {
    problems.push({
      path: at("allowRootTemplate"),
      message: `must be true or false when given, got ${describe(value.allowRootTemplate)}`,
    });
  }
  const needs = customRoleNeededFor(isPlainObject(tags) ? Object.keys(tags).length : 0, type);
  if (
    needs !== undefined &&
    value.customRoleName === undefined &&
    value.customRoleArn === undefined
  ) {
    problems.push({ path, message: customRoleMissing(needs, "customRoleName or customRoleArn") });
  }
  return problems;
}

/** `kmsKeys`: an object of key ARNs keyed by registry (which registries: the plan's to judge). */
function checkKmsKeys(value: unknown, encryptionType: unknown, path: string): Problem[] {
  if (!isPlainObject(value)) {
    return [
      {
        path,
        message: `must be an object of KMS key ARNs keyed '<accountId>/<region>' when given, got ${describe(value)}`,
      },
    ];
  }
  return Object.entries(value).flatMap(([key, arn]) =>
    checkKmsKey(arn, encryptionType, `${path}['${key}']`, {}),
  );
}

/** The custom role: by name or by ARN, not both; each well formed (its account: per registry). */
function checkRole(value: Record<string, unknown>, path: string): Problem[] {
  const { customRoleName, customRoleArn } = value;
  if (customRoleName !== undefined && customRoleArn !== undefined) {
    return [
      {
        path: join(path, "customRoleArn"),
        message:
          "must be left out when customRoleName is given: name the role in each destination's account, or give one ARN",
      },
    ];
  }
  if (customRoleName !== undefined) {
    return typeof customRoleName === "string" && CUSTOM_ROLE_NAME_PATTERN.test(customRoleName)
      ? []
      : [
          {
            path: join(path, "customRoleName"),
            message: `must be an IAM role name of 1 to 64 letters, digits and '+=,.@_-' (no path), got ${describe(customRoleName)}`,
          },
        ];
  }
  if (customRoleArn !== undefined) {
    return checkCustomRoleArn(customRoleArn, join(path, "customRoleArn"), {});
  }
  return [];
}

/**
 * The settings of the template for `registry` from a request already checked by
 * {@link checkCreatedRepositories} (at `path`), or the problems that depend on the registry: the
 * key's region, the role's account. `where` names the destination in messages
 * (`routes[0].destinations[1] (333333333333/eu-west-1)`).
 */
export function settingsForRegistry(
  created: CreatedRepositories,
  registry: RegistryLocation,
  path: string,
  where: string,
): { settings: RepositoryCreationSettings; problems: Problem[] } {
  const problems: Problem[] = [];
  const mention = (found: Problem[], fix: string): Problem[] =>
    found.map((problem) => ({
      path: problem.path,
      message: `${problem.message}, for ${where}: ${fix}`,
    }));
  const settings: RepositoryCreationSettings = {};
  if (created.imageTagMutability !== undefined) {
    settings.imageTagMutability = created.imageTagMutability;
  }
  if (created.imageTagMutabilityExclusionFilters !== undefined) {
    settings.imageTagMutabilityExclusionFilters = [...created.imageTagMutabilityExclusionFilters];
  }
  if (created.encryptionType !== undefined) {
    settings.encryptionType = created.encryptionType;
  }
  const type = created.encryptionType ?? DEFAULT_ENCRYPTION_TYPE;
  if (created.kmsKey !== undefined) {
    problems.push(
      ...mention(
        checkKmsKey(created.kmsKey, type, join(path, "kmsKey"), registry),
        "give kmsKeys, one key per destination registry",
      ),
    );
    settings.kmsKey = created.kmsKey;
  } else if (created.kmsKeys !== undefined && usesKms(type)) {
    const key = registryKey(registry);
    const own = Object.prototype.hasOwnProperty.call(created.kmsKeys, key)
      ? created.kmsKeys[key]
      : undefined;
    if (own === undefined) {
      problems.push({
        path: join(path, "kmsKeys"),
        message: `must have a key for every destination registry of the route, keyed '<accountId>/<region>': missing '${key}' (${where})`,
      });
    } else {
      problems.push(...checkKmsKey(own, type, `${join(path, "kmsKeys")}['${key}']`, registry));
      settings.kmsKey = own;
    }
  }
  for (const field of ["lifecyclePolicy", "repositoryPolicy"] as const) {
    if (created[field] !== undefined) {
      settings[field] = created[field];
    }
  }
  if (created.resourceTags !== undefined && Object.keys(created.resourceTags).length > 0) {
    settings.resourceTags = { ...created.resourceTags };
  }
  if (created.customRoleName !== undefined) {
    settings.customRoleArn = `arn:${partitionOf(registry.region)}:iam::${registry.accountId}:role/${created.customRoleName}`;
  } else if (created.customRoleArn !== undefined) {
    problems.push(
      ...mention(
        checkCustomRoleArn(created.customRoleArn, join(path, "customRoleArn"), registry),
        "give customRoleName, the role's name in each destination's account",
      ),
    );
    settings.customRoleArn = created.customRoleArn;
  }
  return { settings, problems };
}

/** The settings two templates differ in, in {@link TEMPLATE_SETTINGS} order. */
export function differingSettings(
  a: RepositoryCreationSettings,
  b: RepositoryCreationSettings,
): string[] {
  return TEMPLATE_SETTINGS.filter((field) => JSON.stringify(a[field]) !== JSON.stringify(b[field]));
}

/**
 * The settings in a few words, for tables and messages: `IMMUTABLE tags, KMS (key
 * arn:...:key/abc), lifecycle policy, repository policy, 2 tags`; what is not set reads as ECR's
 * default (`mutable tags, AES-256`).
 */
export function describeSettings(settings: RepositoryCreationSettings): string {
  const parts: string[] = [];
  const mutability = settings.imageTagMutability ?? DEFAULT_IMAGE_TAG_MUTABILITY;
  const filters = settings.imageTagMutabilityExclusionFilters ?? [];
  parts.push(
    `${mutability === DEFAULT_IMAGE_TAG_MUTABILITY ? "mutable" : mutability} tags${filters.length > 0 ? ` (except ${quotedList(filters)})` : ""}`,
  );
  const encryption = settings.encryptionType ?? DEFAULT_ENCRYPTION_TYPE;
  parts.push(
    encryption === DEFAULT_ENCRYPTION_TYPE
      ? "AES-256"
      : `${encryption} (${settings.kmsKey === undefined ? "AWS managed key" : `key ${settings.kmsKey}`})`,
  );
  if (settings.lifecyclePolicy !== undefined) {
    parts.push("lifecycle policy");
  }
  if (settings.repositoryPolicy !== undefined) {
    parts.push("repository policy");
  }
  const tags = Object.keys(settings.resourceTags ?? {}).length;
  if (tags > 0) {
    parts.push(`${tags} tag${tags === 1 ? "" : "s"}`);
  }
  return parts.join(", ");
}

/** What repositories get without any template (ECR user guide: mutable tags, AES-256, no policies). */
export const ECR_DEFAULTS_TEXT = "ECR defaults (mutable tags, AES-256)";
