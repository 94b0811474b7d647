/**
 * The AWS CLI's own JSON output of the four commands the audit reads, one file each in a
 * registry's folder, checked to be what its name says (a `describe-repositories` output saved as
 * `describe-registry.json` is refused, not read as a registry without rules). Shapes from the ECR
 * API reference (`DescribeRegistry`, `GetRegistryPolicy`, `DescribeRepositoryCreationTemplates`,
 * `GetAccountSetting` responses), which the AWS CLI prints as they are with `--output json`.
 * What is inside a well-shaped output (a rule's destinations, a policy's statements) is the policy
 * pack's to judge, not this reader's.
 */
import {
  ACCOUNT_ID_PATTERN,
  describe,
  isPlainObject,
  listed,
  shortened,
} from "../../components/model/core";

/** The files of a registry's folder, each named after the AWS CLI command that printed it. */
export const REGISTRY_POLICY_FILE = "get-registry-policy.json";
export const DESCRIBE_REGISTRY_FILE = "describe-registry.json";
export const CREATION_TEMPLATES_FILE = "describe-repository-creation-templates.json";
export const ACCOUNT_SETTING_FILE = "get-account-setting.json";

/** Every file the audit reads, in the order it reads them. */
export const AUDITED_FILES: readonly string[] = [
  REGISTRY_POLICY_FILE,
  DESCRIBE_REGISTRY_FILE,
  CREATION_TEMPLATES_FILE,
  ACCOUNT_SETTING_FILE,
];

/** The account setting whose value is the registry policy scope (`V1` or `V2`). */
export const REGISTRY_POLICY_SCOPE_SETTING = "REGISTRY_POLICY_SCOPE";

/** `aws ecr get-registry-policy`: the registry's permissions policy, as JSON text. */
export interface RegistryPolicyOutput {
  registryId: string;
  policyText: string;
}

/** `aws ecr describe-registry`: the registry's replication rules (CLI shape = @pulumi/aws shape). */
export interface DescribeRegistryOutput {
  registryId: string;
  /** `replicationConfiguration.rules`, as printed; empty when the registry replicates nothing. */
  rules: unknown[];
}

/** `aws ecr describe-repository-creation-templates`: the registry's templates, as printed. */
export interface CreationTemplatesOutput {
  registryId: string;
  templates: Record<string, unknown>[];
}

/** `aws ecr get-account-setting --name REGISTRY_POLICY_SCOPE`. */
export interface AccountSettingOutput {
  name: string;
  value: string;
}

/** A file's output read, or the one-line reason it cannot be. */
export type Read<Output> = { output: Output } | { problem: string };

/** `is not the output of 'aws ecr <command>' (...)`, naming what the file holds instead. */
function notOutputOf(command: string, expected: string, value: unknown): { problem: string } {
  const keys = isPlainObject(value) ? Object.keys(value).map((key) => `'${shortened(key)}'`) : [];
  const got = !isPlainObject(value)
    ? describe(value)
    : keys.length === 0
      ? "an empty object"
      : `an object with ${listed(keys)}`;
  return {
    problem: `is not the output of 'aws ecr ${command}': expected an object with ${expected}, got ${got}`,
  };
}

/** The problem with a `registryId`, if it is not a 12-digit account id. */
function registryIdProblem(registryId: unknown): { problem: string } | undefined {
  return typeof registryId === "string" && ACCOUNT_ID_PATTERN.test(registryId)
    ? undefined
    : { problem: `registryId must be a 12-digit account id, got ${describe(registryId)}` };
}

/** Reads `get-registry-policy.json`. `policyText` must be a policy document: JSON with a Statement. */
export function readRegistryPolicyOutput(value: unknown): Read<RegistryPolicyOutput> {
  if (!isPlainObject(value) || !("policyText" in value)) {
    return notOutputOf("get-registry-policy", "'registryId' and 'policyText'", value);
  }
  const idProblem = registryIdProblem(value.registryId);
  if (idProblem !== undefined) {
    return idProblem;
  }
  const { policyText } = value;
  if (typeof policyText !== "string") {
    return { problem: `policyText must be the policy as JSON text, got ${describe(policyText)}` };
  }
  let document: unknown;
  try {
    document = JSON.parse(policyText);
  } catch {
    return {
      problem: `policyText is not a policy document: it is not JSON, got ${JSON.stringify(shortened(policyText))}`,
    };
  }
  if (!isPlainObject(document) || !("Statement" in document)) {
    return {
      problem: `policyText is not a policy document: expected a JSON object with 'Statement', got ${describe(document)}`,
    };
  }
  return { output: { registryId: value.registryId as string, policyText } };
}

/** Reads `describe-registry.json`. A registry that replicates nothing has no rules (or none printed). */
export function readDescribeRegistryOutput(value: unknown): Read<DescribeRegistryOutput> {
  if (
    !isPlainObject(value) ||
    !("registryId" in value) ||
    Object.keys(value).some((key) => key !== "registryId" && key !== "replicationConfiguration")
  ) {
    return notOutputOf("describe-registry", "'registryId' and 'replicationConfiguration'", value);
  }
  const idProblem = registryIdProblem(value.registryId);
  if (idProblem !== undefined) {
    return idProblem;
  }
  const configuration = value.replicationConfiguration;
  if (configuration === undefined) {
    return { output: { registryId: value.registryId as string, rules: [] } };
  }
  if (!isPlainObject(configuration) || !Array.isArray(configuration.rules ?? [])) {
    return {
      problem: `replicationConfiguration must be an object with a list of rules, got ${describe(configuration)}`,
    };
  }
  return {
    output: {
      registryId: value.registryId as string,
      rules: [...((configuration.rules as unknown[] | undefined) ?? [])],
    },
  };
}

/** Reads `describe-repository-creation-templates.json`: every template an object with a prefix. */
export function readCreationTemplatesOutput(value: unknown): Read<CreationTemplatesOutput> {
  if (!isPlainObject(value) || !Array.isArray(value.repositoryCreationTemplates)) {
    return notOutputOf(
      "describe-repository-creation-templates",
      "'registryId' and a list 'repositoryCreationTemplates'",
      value,
    );
  }
  const idProblem = registryIdProblem(value.registryId);
  if (idProblem !== undefined) {
    return idProblem;
  }
  const templates = value.repositoryCreationTemplates as unknown[];
  const bad = templates.findIndex(
    (template) => !isPlainObject(template) || typeof template.prefix !== "string",
  );
  if (bad >= 0) {
    return {
      problem: `repositoryCreationTemplates[${bad}] must be a template with a prefix, got ${describe(templates[bad])}`,
    };
  }
  return {
    output: {
      registryId: value.registryId as string,
      templates: templates as Record<string, unknown>[],
    },
  };
}

/** Reads `get-account-setting.json`: the setting REGISTRY_POLICY_SCOPE and its value. */
export function readAccountSettingOutput(value: unknown): Read<AccountSettingOutput> {
  if (!isPlainObject(value) || !("name" in value) || !("value" in value)) {
    return notOutputOf("get-account-setting", "'name' and 'value'", value);
  }
  if (value.name !== REGISTRY_POLICY_SCOPE_SETTING) {
    return {
      problem: `holds the account setting ${describe(value.name)}, not ${REGISTRY_POLICY_SCOPE_SETTING} (collect it with --name ${REGISTRY_POLICY_SCOPE_SETTING})`,
    };
  }
  if (typeof value.value !== "string") {
    return { problem: `value must be the setting's value as text, got ${describe(value.value)}` };
  }
  return { output: { name: value.name, value: value.value } };
}
