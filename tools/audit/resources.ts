/**
 * An organisation's registries as the resources a Pulumi stack would hold, so the policy pack
 * judges them exactly as it judges a stack: per registry an `aws.ecr.RegistryPolicy`, an
 * `aws.ecr.ReplicationConfiguration`, an `aws.ecr.RepositoryCreationTemplate` per template and an
 * `aws.ecr.AccountSetting` (the @pulumi/aws 7.x shapes: `ecr-facts.md`), each with its state as
 * read (`registryId` and `region` set as a `.get()` read of the deployed resource has them) and
 * an explicit AWS provider naming the registry's account and region (`region`,
 * `allowedAccountIds` JSON-encoded as @pulumi/aws sends provider inputs), under one stack.
 * Each resource is named after the file it was read from: findings name it.
 */
import {
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
} from "../../components/model/analysis";
import { isPlainObject, registryKey } from "../../components/model/core";
import { AnalyzerProvider } from "../analyzer";
import { Plan, PlannedResource, PROVIDER_TYPE_PREFIX, STACK_TYPE } from "../preview/plan";
import { AuditedOrganisation, AuditedRegistry } from "./layout";

/** The project and stack the organisation is analysed as (the pack is told these names). */
export const AUDIT_PROJECT = "ecr-audit";
export const AUDIT_STACK = "organisation";

/** `@pulumi/aws` 7.x type tokens of the other registry settings the audit reads. */
export const CREATION_TEMPLATE_TYPE =
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";
export const ACCOUNT_SETTING_TYPE = "aws:ecr/accountSetting:AccountSetting";

/** Where a resource of the plan was read from. */
export interface ResourceOrigin {
  account: string;
  region: string;
  /** `<account>/<region>/<file>`, relative to the audited folder. */
  file: string;
}

/** The organisation as a plan, and where each of its resources came from (by URN). */
export interface OrganisationPlan {
  plan: Plan;
  origins: Map<string, ResourceOrigin>;
}

/** What every URN of the audit's stack starts with. */
export const URN_PREFIX = `urn:pulumi:${AUDIT_STACK}::${AUDIT_PROJECT}::`;
export const AUDIT_STACK_URN = `${URN_PREFIX}${STACK_TYPE}::${AUDIT_PROJECT}-${AUDIT_STACK}`;

/** The provider of one registry: its region, and its account as the only one allowed. */
function registryProvider(registry: AuditedRegistry): PlannedResource & AnalyzerProvider {
  const name = `aws-${registry.accountId}-${registry.region}`;
  return {
    urn: `${URN_PREFIX}${PROVIDER_TYPE_PREFIX}aws::${name}`,
    type: `${PROVIDER_TYPE_PREFIX}aws`,
    name,
    properties: {
      region: registry.region,
      allowedAccountIds: JSON.stringify([registry.accountId]),
    },
    parent: AUDIT_STACK_URN,
    operation: "read",
    custom: true,
    implicit: true,
  };
}

/**
 * A repository creation template as `describe-repository-creation-templates` prints it, in the
 * inputs of `aws.ecr.RepositoryCreationTemplate`: `appliedFor` -> `appliedFors`,
 * `encryptionConfiguration` -> `encryptionConfigurations: [it]`, `resourceTags` [{Key, Value}] ->
 * a map; the policies stay text; timestamps (`createdAt`, `updatedAt`) are not inputs.
 */
function templateInputs(template: Record<string, unknown>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const copy = (from: string, to = from) => {
    if (template[from] !== undefined) {
      inputs[to] = template[from];
    }
  };
  copy("prefix");
  copy("description");
  copy("appliedFor", "appliedFors");
  copy("imageTagMutability");
  copy("imageTagMutabilityExclusionFilters");
  copy("lifecyclePolicy");
  copy("repositoryPolicy");
  copy("customRoleArn");
  if (template.encryptionConfiguration !== undefined) {
    inputs.encryptionConfigurations = [template.encryptionConfiguration];
  }
  const tags = template.resourceTags;
  if (Array.isArray(tags) && tags.every((tag) => isPlainObject(tag))) {
    inputs.resourceTags = Object.fromEntries(
      tags.map((tag) => [String(tag.Key), tag.Value] as const),
    );
  } else if (tags !== undefined) {
    inputs.resourceTags = tags;
  }
  return inputs;
}

/** Builds the plan of an organisation (see the module comment). */
export function organisationPlan(organisation: AuditedOrganisation): OrganisationPlan {
  const stack: PlannedResource = {
    urn: AUDIT_STACK_URN,
    type: STACK_TYPE,
    name: `${AUDIT_PROJECT}-${AUDIT_STACK}`,
    properties: {},
    operation: "read",
    custom: false,
    implicit: true,
  };
  const providers: PlannedResource[] = [];
  const resources: PlannedResource[] = [];
  const origins = new Map<string, ResourceOrigin>();
  for (const registry of organisation.registries) {
    const provider = registryProvider(registry);
    const before = resources.length;
    const { urn, type, name, properties } = provider;
    const add = (resourceType: string, file: string, props: Record<string, unknown>) => {
      const resource: PlannedResource = {
        urn: `${URN_PREFIX}${resourceType}::${file}`,
        type: resourceType,
        name: file,
        properties: { ...props, region: registry.region },
        provider: { urn, type, name, properties },
        parent: AUDIT_STACK_URN,
        operation: "read",
        custom: true,
        implicit: false,
      };
      resources.push(resource);
      origins.set(resource.urn, {
        account: registry.accountId,
        region: registry.region,
        file: file.replace(/#.*$/, ""),
      });
    };
    const { registryPolicy, replication, creationTemplates, accountSetting } = registry;
    if (registryPolicy.state === "read") {
      add(REGISTRY_POLICY_TYPE, registryPolicy.file, {
        policy: registryPolicy.output.policyText,
        registryId: registry.accountId,
      });
    }
    // A registry replicating nothing has no replication configuration to judge.
    if (replication.state === "read" && replication.output.rules.length > 0) {
      add(REPLICATION_CONFIGURATION_TYPE, replication.file, {
        replicationConfiguration: { rules: replication.output.rules },
        registryId: registry.accountId,
      });
    }
    if (creationTemplates.state === "read") {
      creationTemplates.output.templates.forEach((template, index) => {
        add(CREATION_TEMPLATE_TYPE, `${creationTemplates.file}#${index}`, {
          ...templateInputs(template),
          registryId: registry.accountId,
        });
      });
    }
    if (accountSetting.state === "read") {
      add(ACCOUNT_SETTING_TYPE, accountSetting.file, { ...accountSetting.output });
    }
    if (resources.length > before) {
      providers.push(provider);
    }
  }
  return {
    plan: {
      project: AUDIT_PROJECT,
      stack: AUDIT_STACK,
      stackUrn: AUDIT_STACK_URN,
      resources: [stack, ...providers, ...resources],
    },
    origins,
  };
}

/**
 * The registries read that have no repository creation template:
 * `describe-repository-creation-templates.json` absent from a folder holding nothing the audit
 * does not read (`registriesWithoutTemplates` of `ecr-replication-creation-template`).
 */
export function registriesWithoutTemplates(organisation: AuditedOrganisation): string[] {
  return organisation.registries
    .filter((registry) => registry.complete && registry.creationTemplates.state === "absent")
    .map((registry) => registryKey(registry));
}

/**
 * The registries read that have no registry policy: `get-registry-policy.json` absent from a
 * folder holding nothing the audit does not read (route analysis `registriesWithoutPolicy`).
 */
export function registriesWithoutPolicy(organisation: AuditedOrganisation): string[] {
  return organisation.registries
    .filter((registry) => registry.complete && registry.registryPolicy.state === "absent")
    .map((registry) => registryKey(registry));
}
