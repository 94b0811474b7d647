import { StackValidationPolicy } from "@pulumi/policy";
import {
  analyseRoutes,
  AnalysedRoute,
  CreationRequirements,
  CreationShare,
  describeRoute,
  indexCreationTemplates,
  judgeRouteCreation,
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
  REPOSITORY_CREATION_TEMPLATE_TYPE,
  templateName,
  TemplateIndex,
  unmetRequirements,
} from "../../components/model/analysis";
import {
  ENCRYPTION_TYPES,
  IMAGE_TAG_MUTABILITY_VALUES,
  listed,
  registryKey,
  RegistryLocation,
} from "../../components/model/core";
import {
  ECR_DEFAULTS_TEXT,
  suggestedNamespace,
  templateNamespace,
} from "../../components/model/replication";
import { closedConfigSchema, configuredStrings } from "../support/config";
import { checkStack, Finding, PolicyConfig } from "../support/findings";

const configSchema = closedConfigSchema({
  requiredImageTagMutability: {
    type: ["string", "null"],
    enum: [null, ...IMAGE_TAG_MUTABILITY_VALUES],
    default: null,
    description:
      "The tag mutability every repository replication creates must get from its template, such as 'IMMUTABLE'; null: none required.",
  },
  requiredEncryptionType: {
    type: ["string", "null"],
    enum: [null, ...ENCRYPTION_TYPES],
    default: null,
    description:
      "The encryption type every repository replication creates must get from its template: 'AES256', 'KMS' or 'KMS_DSSE'; null: none required.",
  },
  requireLifecyclePolicy: {
    type: "boolean",
    default: false,
    description:
      "Every repository replication creates must get a lifecycle policy from its template.",
  },
  registriesWithoutTemplates: {
    type: "array",
    items: { type: "string", pattern: "^[0-9]{12}/[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$" },
    default: [],
    description:
      "Registries, each '<account>/<region>', known to have no repository creation template (the audit lists every registry it read without one): the repositories a route creates there get ECR's defaults, judged as such rather than unverified.",
  },
});

/**
 * What the route analysis and the template judgement read: replication configurations, registry
 * policies (whether a route creates repositories at all) and repository creation templates.
 * Without a replication configuration nothing is created by replication: skipped before decoding.
 */
const READS = {
  types: [REPLICATION_CONFIGURATION_TYPE, REGISTRY_POLICY_TYPE, REPOSITORY_CREATION_TEMPLATE_TYPE],
  onlyWith: REPLICATION_CONFIGURATION_TYPE,
};

/** The requirements configured. */
function requirementsOf(config: PolicyConfig): CreationRequirements {
  const required: CreationRequirements = {};
  if (typeof config.requiredImageTagMutability === "string") {
    required.imageTagMutability = config.requiredImageTagMutability;
  }
  if (typeof config.requiredEncryptionType === "string") {
    required.encryptionType = config.requiredEncryptionType;
  }
  if (config.requireLifecyclePolicy === true) {
    required.lifecyclePolicy = true;
  }
  return required;
}

/** `'prod' covers only 'prod/...'`, for each template of the registry applied for replication. */
function namespacesHint(registry: RegistryLocation, templates: TemplateIndex): string {
  const namespaces = (templates.byRegistry.get(registryKey(registry)) ?? [])
    .filter((template) => template.forReplication === true && template.prefix !== undefined)
    .flatMap((template) => {
      const namespace = templateNamespace(template.prefix as string);
      return namespace === undefined ? [] : [`'${namespace}' covers only '${namespace}/...'`];
    });
  return namespaces.length === 0
    ? "none there is applied for REPLICATION"
    : `a template prefix is a namespace: ${listed(namespaces)}`;
}

/** The finding of one part of a route's repositories, if it misses what is required. */
function shareFinding(
  where: string,
  registry: RegistryLocation,
  share: CreationShare,
  required: CreationRequirements,
  templates: TemplateIndex,
  unavailable: string | undefined,
): Finding[] {
  const them = `the repositories it creates in ${registry.accountId} in ${registry.region}, such as '${share.example}'${share.filter === null ? "" : ` (prefix '${share.filter}')`}`;
  const { unmet, unknown } = unmetRequirements(share, required);
  if (share.template === undefined) {
    const not = unmet.length === 0 ? "" : `, lacking the required ${listed(unmet)}`;
    if (unavailable !== undefined) {
      return [{ message: `${where}: ${them}, get ${ECR_DEFAULTS_TEXT}${not}: ${unavailable}` }];
    }
    const fix =
      share.filter === null
        ? "add a ROOT template there"
        : `add a ROOT template there, or replicate a namespace such as '${suggestedNamespace(share.filter)}'`;
    return [
      {
        message: `${where}: ${them}, get ${ECR_DEFAULTS_TEXT}${not}: no repository creation template for REPLICATION covers them (${namespacesHint(registry, templates)}); ${fix}`,
      },
    ];
  }
  const template = `template ${templateName(share.template)} (${share.template.urn})`;
  const findings: Finding[] = [];
  if (unmet.length > 0) {
    findings.push({
      message: `${where}: ${them}, get ${template}, which lacks the required ${listed(unmet)}`,
    });
  }
  if (unknown.length > 0) {
    findings.push({
      advisory: true,
      message: `${where} could not be verified: the ${listed(unknown)} of ${template} ${unknown.length === 1 ? "is" : "are"} unknown until apply`,
    });
  }
  return findings;
}

/** The findings of one route. */
function routeFindings(
  route: AnalysedRoute,
  templates: TemplateIndex,
  required: CreationRequirements,
  registriesWithoutTemplates: readonly string[],
): Finding[] {
  const where = `${route.path} (${describeRoute(route)})`;
  const creation = judgeRouteCreation(route, templates, { registriesWithoutTemplates });
  switch (creation.status) {
    case "not created":
      return [];
    case "unverified":
      return [
        {
          advisory: true,
          message: `${where}: the repositories it creates could not be verified: ${creation.reason}`,
        },
      ];
    case "judged":
      return creation.shares.flatMap((share) =>
        shareFinding(where, creation.registry, share, required, templates, creation.unavailable),
      );
  }
}

/**
 * Every repository a replication route creates in a destination registry is created by a
 * repository creation template applied for `REPLICATION` there (the most specific namespace, else
 * `ROOT`: components/model/analysis/route-creation), not with ECR's defaults; and that template
 * gives what is required (`requiredImageTagMutability`, `requiredEncryptionType`,
 * `requireLifecyclePolicy`). A destination with no template among the stack's resources is
 * unverified, not compliant: its templates may be another stack's.
 */
export const replicationCreationTemplate: StackValidationPolicy = {
  name: "ecr-replication-creation-template",
  description:
    "Checks whether every repository an ECR replication route creates is created by a repository creation template of its destination registry that gives the required settings.",
  enforcementLevel: "advisory",
  configSchema,
  validateStack: checkStack(READS, configSchema, (resources, config) => {
    const templates = indexCreationTemplates(resources);
    const required = requirementsOf(config);
    const without = configuredStrings(config, "registriesWithoutTemplates");
    return analyseRoutes(resources).routes.flatMap((route) =>
      routeFindings(route, templates, required, without).map((finding) => ({
        ...finding,
        urn: route.replication,
      })),
    );
  }),
};
