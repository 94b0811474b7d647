/**
 * An `aws.ecr.RepositoryCreationTemplate` resource as the engine hands it over, read and checked
 * against ECR's rules (./creation-template-rules): what `CreateRepositoryCreationTemplate` refuses,
 * and what it accepts but cannot work (tags or a KMS key without a custom role, a key in another
 * region, a template in a region without templates). Values unknown until apply are listed, not
 * judged. Input names as @pulumi/aws 7.48 declares them (`ecr/repositoryCreationTemplate.d.ts`).
 */
import {
  DEFAULT_ENCRYPTION_TYPE,
  DEFAULT_IMAGE_TAG_MUTABILITY,
  describe,
  findUnknowns,
  isPlainObject,
  isUnknown,
  join,
  MAX_TEMPLATE_DESCRIPTION_CHARS,
  Problem,
  revealSecrets,
  TAG_MUTABILITY_EXCLUSION_FILTER_TYPE,
} from "../core";
import { KnownRegistry } from "./ecr-rules";
import {
  checkAppliedFors,
  checkCustomRoleArn,
  checkEncryptionType,
  checkExclusionFilters,
  checkImageTagMutability,
  checkKmsKey,
  checkLifecyclePolicy,
  checkRepositoryPolicy,
  checkResourceTags,
  checkTemplatePrefix,
  customRoleMissing,
  customRoleNeededFor,
  templatesUnavailableIn,
} from "./creation-template-rules";
import { RepositoryCreationSettings } from "./creation-template-settings";

/** A template resource's settings as far as they are known, with ECR's defaults filled in. */
export interface TemplateSettingsRead {
  /** The settings known (mutability and encryption type defaulted as ECR defaults them). */
  settings: RepositoryCreationSettings;
  /** The settings not known until apply. */
  unknown: (keyof RepositoryCreationSettings)[];
}

/** A property, secrets revealed. */
function property(props: Record<string, unknown>, key: string): unknown {
  return revealSecrets(props[key]);
}

/** The list at `value` (absent or null: none), or undefined when it is not a list. */
function listOf(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? Array.from(value) : undefined;
}

/** The one encryption configuration (the provider's list holds at most one), or undefined. */
function encryptionOf(props: Record<string, unknown>): Record<string, unknown> | undefined {
  const list = listOf(property(props, "encryptionConfigurations"));
  const first = list?.[0];
  return isPlainObject(first) ? first : undefined;
}

/**
 * What a template resource gives the repositories it creates: a missing mutability is `MUTABLE`
 * and a missing encryption `AES256` (ECR's defaults); a policy is set when it is non-empty text.
 */
export function readTemplateSettings(props: Record<string, unknown>): TemplateSettingsRead {
  const read: TemplateSettingsRead = {
    settings: {
      imageTagMutability: DEFAULT_IMAGE_TAG_MUTABILITY,
      encryptionType: DEFAULT_ENCRYPTION_TYPE,
    },
    unknown: [],
  };
  const take = (field: keyof RepositoryCreationSettings, value: unknown): void => {
    if (findUnknowns(value, field).length > 0) {
      read.unknown.push(field);
    } else if (typeof value === "string" && value !== "") {
      (read.settings as Record<string, unknown>)[field] = value;
    }
  };
  take("imageTagMutability", property(props, "imageTagMutability"));
  const configurations = property(props, "encryptionConfigurations");
  if (isUnknown(configurations)) {
    read.unknown.push("encryptionType", "kmsKey");
  } else {
    const encryption = encryptionOf(props);
    take("encryptionType", encryption?.encryptionType);
    take("kmsKey", encryption?.kmsKey);
  }
  take("lifecyclePolicy", property(props, "lifecyclePolicy"));
  take("repositoryPolicy", property(props, "repositoryPolicy"));
  take("customRoleArn", property(props, "customRoleArn"));
  const filters = property(props, "imageTagMutabilityExclusionFilters");
  if (findUnknowns(filters, "").length > 0) {
    read.unknown.push("imageTagMutabilityExclusionFilters");
  } else {
    const texts = (listOf(filters) ?? []).flatMap((f) =>
      isPlainObject(f) && typeof f.filter === "string" ? [f.filter] : [],
    );
    if (texts.length > 0) {
      read.settings.imageTagMutabilityExclusionFilters = texts;
    }
  }
  const tags = property(props, "resourceTags");
  if (findUnknowns(tags, "").length > 0) {
    read.unknown.push("resourceTags");
  } else if (isPlainObject(tags) && Object.keys(tags).length > 0) {
    read.settings.resourceTags = Object.fromEntries(
      Object.entries(tags).map(([key, value]) => [key, String(value)]),
    );
  }
  return read;
}

/** A known value of the property (unknowns and absent read as undefined). */
function known(props: Record<string, unknown>, key: string): unknown {
  const value = property(props, key);
  return findUnknowns(value, key).length > 0 ? undefined : value;
}

/**
 * Every problem of a template resource's inputs, at their input paths (`prefix`,
 * `encryptionConfigurations[0].kmsKey`), for a template of `registry` as far as it is known. The
 * registry's region being in China or GovCloud is reported at `regionPath` (`region`, or
 * `provider.region` when it comes from the provider). Unknown values are skipped: see
 * `findUnknowns` for what to say about them.
 */
export function checkCreationTemplate(
  props: Record<string, unknown>,
  registry: KnownRegistry,
  regionPath = "region",
): Problem[] {
  const problems: Problem[] = [];
  const prefix = property(props, "prefix");
  if (!isUnknown(prefix)) {
    problems.push(...checkTemplatePrefix(prefix, "prefix"));
  }
  const appliedFors = property(props, "appliedFors");
  if (findUnknowns(appliedFors, "appliedFors").length === 0) {
    problems.push(...checkAppliedFors(appliedFors, "appliedFors"));
  }
  if (registry.region !== undefined) {
    const unavailable = templatesUnavailableIn(registry.region);
    if (unavailable !== undefined) {
      problems.push({
        path: regionPath,
        message: `must be a region with repository creation templates: ${unavailable}`,
      });
    }
  }
  const mutability = known(props, "imageTagMutability") ?? undefined;
  problems.push(...checkImageTagMutability(mutability, "imageTagMutability"));
  problems.push(...checkFilterEntries(props, mutability));
  const encryption = checkEncryptionEntry(props, registry);
  problems.push(...encryption.problems);
  for (const [key, check] of [
    ["lifecyclePolicy", checkLifecyclePolicy],
    ["repositoryPolicy", checkRepositoryPolicy],
  ] as const) {
    const value = known(props, key);
    if (value !== undefined && value !== null && value !== "") {
      problems.push(...check(value, key));
    }
  }
  const tags = known(props, "resourceTags");
  if (tags !== undefined && tags !== null) {
    problems.push(...checkResourceTags(tags, "resourceTags"));
  }
  const description = known(props, "description");
  if (
    description !== undefined &&
    description !== null &&
    (typeof description !== "string" || description.length > MAX_TEMPLATE_DESCRIPTION_CHARS)
  ) {
    problems.push({
      path: "description",
      message: `must be text of at most ${MAX_TEMPLATE_DESCRIPTION_CHARS} characters, got ${describe(description)}`,
    });
  }
  const role = property(props, "customRoleArn");
  if (role !== undefined && role !== null && role !== "" && !isUnknown(role)) {
    problems.push(...checkCustomRoleArn(role, "customRoleArn", registry));
  } else if (!isUnknown(role) && !isUnknown(tags) && encryption.type !== undefined) {
    const tagCount = isPlainObject(tags) ? Object.keys(tags).length : 0;
    const needs = customRoleNeededFor(tagCount, encryption.type);
    if (needs !== undefined) {
      problems.push({ path: "customRoleArn", message: customRoleMissing(needs, "a custom role") });
    }
  }
  return problems;
}

/** `imageTagMutabilityExclusionFilters`: entries `{ filter, filterType: "WILDCARD" }`, by the mutability's rules. */
function checkFilterEntries(props: Record<string, unknown>, mutability: unknown): Problem[] {
  const path = "imageTagMutabilityExclusionFilters";
  const value = property(props, path);
  if (findUnknowns(value, path).length > 0 || isUnknown(property(props, "imageTagMutability"))) {
    return [];
  }
  const entries = listOf(value);
  if (entries === undefined) {
    return [
      {
        path,
        message: `must be a list of { filter, filterType } when given, got ${describe(value)}`,
      },
    ];
  }
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    const entryPath = join(path, index);
    if (!isPlainObject(entry)) {
      problems.push({
        path: entryPath,
        message: `must be { filter, filterType: 'WILDCARD' }, got ${describe(entry)}`,
      });
    } else if (entry.filterType !== TAG_MUTABILITY_EXCLUSION_FILTER_TYPE) {
      problems.push({
        path: join(entryPath, "filterType"),
        message: `must be '${TAG_MUTABILITY_EXCLUSION_FILTER_TYPE}' (the only exclusion filter type), got ${describe(entry.filterType)}`,
      });
    }
  });
  const filters = entries.map((entry) => (isPlainObject(entry) ? entry.filter : entry));
  return [
    ...problems,
    ...checkExclusionFilters(
      filters,
      mutability ?? DEFAULT_IMAGE_TAG_MUTABILITY,
      path,
      "imageTagMutability",
    ).map((problem) =>
      // A filter's own problem is about its `filter` field.
      problem.path === path ? problem : { ...problem, path: `${problem.path}.filter` },
    ),
  ];
}

/**
 * `encryptionConfigurations`: at most one `{ encryptionType, kmsKey }` (the provider's schema), of
 * ECR's types, a key only with KMS and in the registry's region. `type`: the encryption type in
 * effect when known (ECR's default `AES256` when none is given).
 */
function checkEncryptionEntry(
  props: Record<string, unknown>,
  registry: KnownRegistry,
): { problems: Problem[]; type?: string } {
  const path = "encryptionConfigurations";
  const value = property(props, path);
  if (isUnknown(value)) {
    return { problems: [] };
  }
  const entries = listOf(value);
  if (entries === undefined || entries.length > 1) {
    return {
      problems: [
        {
          path,
          message: `must be a list of at most one { encryptionType, kmsKey }, got ${describe(value)}`,
        },
      ],
    };
  }
  const entry = entries[0];
  if (entry === undefined) {
    return { problems: [], type: DEFAULT_ENCRYPTION_TYPE };
  }
  const entryPath = join(path, 0);
  if (!isPlainObject(entry)) {
    return {
      problems: [
        { path: entryPath, message: `must be { encryptionType, kmsKey }, got ${describe(entry)}` },
      ],
    };
  }
  const type = entry.encryptionType;
  if (isUnknown(type)) {
    return { problems: [] };
  }
  const effective =
    type === undefined || type === null || type === "" ? DEFAULT_ENCRYPTION_TYPE : type;
  const problems = checkEncryptionType(effective, join(entryPath, "encryptionType"));
  const kmsKey = entry.kmsKey;
  if (
    kmsKey !== undefined &&
    kmsKey !== null &&
    kmsKey !== "" &&
    !isUnknown(kmsKey) &&
    problems.length === 0
  ) {
    problems.push(...checkKmsKey(kmsKey, effective, join(entryPath, "kmsKey"), registry));
  }
  return { problems, type: typeof effective === "string" ? effective : undefined };
}
