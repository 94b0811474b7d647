/**
 * The repository creation templates of {@link CrossAccountReplication}: for the routes that say
 * what their created repositories look like (`createdRepositories`), one
 * {@link RepositoryCreationTemplates} per destination registry, written through that registry's
 * provider (a same-account destination in another region through the source's, with the
 * templates' own `region`). Planned before anything is created; the children deploy the plan.
 */
import * as pulumi from "@pulumi/pulumi";
import { providerKey, providerSiteOf, ProviderChoice } from "./cross-account-providers";
import { RegistryLocation, registryKey, ValidationError } from "./model/core";
import { PlannedCreationTemplate, ROUTE_PATHS, TemplateRoute } from "./model/replication";
import {
  checkPlainTemplateInputs,
  plannedTemplatesArgs,
  planTemplatesOf,
  RepositoryCreationTemplates,
} from "./repository-creation-templates";

/** The templates of the routes: which registries get which prefixes now, their settings planned. */
export interface CrossAccountTemplates {
  /** Per destination registry with templates (sorted), the template prefixes. */
  registries: { registry: RegistryLocation; prefixes: string[] }[];
  plan: pulumi.Output<PlannedCreationTemplate[]>;
}

/**
 * Plans the templates of `routes` (valid by now: the replication plan has checked them), or
 * throws a ValidationError at the paths the user wrote: what decides which templates exist must be
 * plain, and their layout is judged now; the settings as soon as they are known (now, if they are).
 */
export function planCrossAccountTemplates(routes: unknown): CrossAccountTemplates {
  const plain = checkPlainTemplateInputs(routes, "routes", false);
  if (plain.length > 0) {
    throw new ValidationError(plain, "invalid repository creation templates");
  }
  const { placements, plan } = planTemplatesOf(routes as TemplateRoute[], ROUTE_PATHS);
  const registries = new Map<string, { registry: RegistryLocation; prefixes: string[] }>();
  for (const { registry, prefix } of placements) {
    const entry = registries.get(registryKey(registry)) ?? { registry, prefixes: [] };
    entry.prefixes.push(prefix);
    registries.set(registryKey(registry), entry);
  }
  return { registries: [...registries.values()], plan };
}

/**
 * One {@link RepositoryCreationTemplates} per registry of `templates`, children of `parent`, each
 * through the provider of its registry's account: its own, or the source's for the source
 * account's other regions. Keyed `<accountId>/<region>`.
 */
export function createCrossAccountTemplates(
  parent: pulumi.ComponentResource,
  name: string,
  templates: CrossAccountTemplates,
  source: RegistryLocation,
  providers: Record<string, pulumi.ProviderResource>,
  choice: ProviderChoice,
): Record<string, RepositoryCreationTemplates> {
  const created: Record<string, RepositoryCreationTemplates> = {};
  for (const { registry, prefixes } of templates.registries) {
    const writer = registry.accountId === source.accountId ? source : registry;
    const planned = templates.plan.apply((all) =>
      all.filter((template) => registryKey(template.registry) === registryKey(registry)),
    );
    created[registryKey(registry)] = new RepositoryCreationTemplates(
      `${name}-templates-${registry.accountId}-${registry.region}`,
      plannedTemplatesArgs(registry, prefixes, planned, providerSiteOf(writer, choice)),
      { parent, provider: providers[providerKey(writer)] },
    );
  }
  return created;
}
