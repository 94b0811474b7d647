/**
 * `aws.ecr.RepositoryCreationTemplate` resources as the analyzer sees them: where each lives
 * (./location, as every registry resource is located), its prefix, whether it applies to
 * replication, and what it gives the repositories it creates. Indexed by registry once per
 * analysis. Shared by the policy pack and the offline preview.
 */
import { APPLIED_FOR_REPLICATION, findUnknowns, RegistryLocation, revealSecrets } from "../core";
import { knownString, readTemplateSettings, TemplateSettingsRead } from "../replication";
import { locateRegistry, RegistryPlacement } from "./location";
import { indexByRegistry, RegistryIndex } from "./registry-index";
import { ResourceSnapshot } from "./registry-policy-resource";

/** `@pulumi/aws` 7.x type token of a repository creation template (ECR `CreateRepositoryCreationTemplate`). */
export const REPOSITORY_CREATION_TEMPLATE_TYPE =
  "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

/** A repository creation template resource, read. */
export interface CreationTemplateResource extends TemplateSettingsRead {
  urn: string;
  placement: RegistryPlacement;
  /** The registry, when both account and region are known. */
  registry?: RegistryLocation;
  /** The prefix, when it is known text. */
  prefix?: string;
  /** Whether `appliedFors` includes `REPLICATION`; undefined while it is unknown. */
  forReplication?: boolean;
  /** The scenarios it applies to, when known (for messages). */
  appliedFors: string[];
}

/** Reads one template resource. */
export function readCreationTemplateResource(resource: ResourceSnapshot): CreationTemplateResource {
  const placement = locateRegistry({
    props: resource.props,
    providerProps: resource.providerProps,
  });
  const appliedFors = revealSecrets(resource.props.appliedFors);
  const read: CreationTemplateResource = {
    urn: resource.urn,
    placement,
    appliedFors: Array.isArray(appliedFors)
      ? appliedFors.filter((item): item is string => typeof item === "string")
      : [],
    ...readTemplateSettings(resource.props),
  };
  if (placement.account !== undefined && placement.region !== undefined) {
    read.registry = { accountId: placement.account.value, region: placement.region.value };
  }
  const prefix = knownString(revealSecrets(resource.props.prefix));
  if (prefix !== undefined) {
    read.prefix = prefix;
  }
  if (findUnknowns(appliedFors, "appliedFors").length === 0) {
    read.forReplication = read.appliedFors.includes(APPLIED_FOR_REPLICATION);
  }
  return read;
}

/** The template resources among a set of resources, by registry. */
export type TemplateIndex = RegistryIndex<CreationTemplateResource>;

/** The repository creation templates among `resources`, by registry (read once per analysis). */
export function indexCreationTemplates(resources: readonly ResourceSnapshot[]): TemplateIndex {
  return indexByRegistry(
    resources,
    REPOSITORY_CREATION_TEMPLATE_TYPE,
    readCreationTemplateResource,
  );
}
