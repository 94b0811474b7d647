/**
 * What the repositories a replication route creates look like: which repository creation
 * template of the destination registry (among the same resources) creates them, filter by filter
 * (../replication `templatesDeciding`: the most specific namespace, else `ROOT`, else ECR's
 * defaults), with an example repository name for each part; and which settings an organisation
 * requires they do not get. A registry with no template among the resources is "unverified": its
 * templates may live in another stack. Pure: the policy pack and the offline preview both call it.
 */
import {
  checkRepositoryPrefix,
  DEFAULT_ENCRYPTION_TYPE,
  DEFAULT_IMAGE_TAG_MUTABILITY,
  registryKey,
  RegistryLocation,
  ROOT_TEMPLATE_PREFIX,
} from "../core";
import {
  checkTemplatePrefix,
  describeSettings,
  ECR_DEFAULTS_TEXT,
  RepositoryCreationSettings,
  templateNamespace,
  templatesDeciding,
  templatesUnavailableIn,
} from "../replication";
import { AnalysedRoute, RouteAnalysisOptions } from "./analysed-route";
import { CreationTemplateResource, TemplateIndex } from "./creation-template-resource";
import { describePlacement } from "./location";

/** Part of a route's repositories, created by one template or with ECR's defaults. */
export interface CreationShare {
  /** The route's filter they are replicated by; null for a rule without filters. */
  filter: string | null;
  /** A repository name of the part. */
  example: string;
  /** The template that creates them; undefined: none does, so ECR's defaults apply. */
  template?: CreationTemplateResource;
}

/** How a route's repositories are created. */
export type RouteCreation =
  | {
      status: "judged";
      /** The route's registry. */
      registry: RegistryLocation;
      /** Filter by filter (in the route's order), each part by example name. */
      shares: CreationShare[];
      /** Why no template can apply at all, when the registry's region has none. */
      unavailable?: string;
    }
  | { status: "unverified"; reason: string }
  | { status: "not created"; reason: string };

/** `'ROOT'` or `'prod'`: a template prefix in messages. */
export function templateName(template: { prefix?: string; urn: string }): string {
  return template.prefix === undefined ? template.urn : `'${template.prefix}'`;
}

/** Templates of one registry that write the same prefix (ECR keeps one per prefix). */
function duplicates(templates: readonly CreationTemplateResource[]): string | undefined {
  const byNamespace = new Map<string, CreationTemplateResource[]>();
  for (const template of templates) {
    const key = templateNamespace(template.prefix as string) ?? ROOT_TEMPLATE_PREFIX;
    byNamespace.set(key, [...(byNamespace.get(key) ?? []), template]);
  }
  const twice = [...byNamespace.entries()].find(([, found]) => found.length > 1);
  return twice === undefined
    ? undefined
    : `${twice[1].length} repository creation templates write prefix '${twice[0]}' of one registry (${twice[1].map((t) => t.urn).join(", ")}): which one ECR keeps cannot be told`;
}

/**
 * How the repositories `route` creates are created, judged against the templates of its
 * destination registry among `templates`. Routes that create nothing (broken, or repositories
 * that must pre-exist) are "not created".
 */
export function judgeRouteCreation(
  route: Pick<AnalysedRoute, "status" | "repositories" | "prefixes" | "destination">,
  templates: TemplateIndex,
  options: Pick<RouteAnalysisOptions, "registriesWithoutTemplates"> = {},
): RouteCreation {
  if (route.status === "broken") {
    return { status: "not created", reason: "the route does not replicate" };
  }
  if (route.repositories === "must pre-exist") {
    return { status: "not created", reason: "the repositories must pre-exist" };
  }
  const invalid = (route.prefixes ?? []).find(
    (filter) => checkRepositoryPrefix(filter, "").length > 0,
  );
  if (invalid !== undefined) {
    // ECR refuses the whole configuration (ecr-replication-valid says why): nothing replicates.
    return { status: "not created", reason: "ECR refuses a filter of its configuration" };
  }
  const { accountId, region } = route.destination;
  if (accountId === undefined || region === undefined) {
    return { status: "unverified", reason: "the destination registry is not known" };
  }
  const registry = { accountId, region };
  const filters = route.prefixes ?? [null];
  const unavailable = templatesUnavailableIn(region);
  if (unavailable !== undefined) {
    const shares = filters.flatMap((filter) =>
      templatesDeciding(filter, []).map((share) => ({ filter, example: share.example })),
    );
    return { status: "judged", registry, shares, unavailable };
  }
  const where = `${accountId} in ${region}`;
  // A template whose prefix ECR refuses never exists (ecr-creation-template-valid says why).
  const found = (templates.byRegistry.get(registryKey(registry)) ?? []).filter(
    (template) =>
      template.prefix === undefined || checkTemplatePrefix(template.prefix, "").length === 0,
  );
  // Known to have none (an audit read the registry's templates): ECR's defaults, judged below.
  const knownWithout = options.registriesWithoutTemplates?.includes(registryKey(registry)) === true;
  if (found.length === 0 && !knownWithout) {
    const unplaced = templates.unplaced.map((t) => `${t.urn} (${describePlacement(t.placement)})`);
    return {
      status: "unverified",
      reason:
        unplaced.length > 0
          ? `no repository creation template of ${where} was found among these resources, and the registry of ${unplaced.join(", ")} is unknown`
          : `no repository creation template of ${where} is among these resources: they may be in another stack`,
    };
  }
  const pending = found.flatMap((template) => [
    ...(template.prefix === undefined
      ? [`the prefix of ${template.urn} is unknown until apply`]
      : []),
    ...(template.forReplication === undefined
      ? [`whether ${template.urn} applies to REPLICATION is unknown until apply`]
      : []),
  ]);
  if (pending.length > 0) {
    return { status: "unverified", reason: pending.join("; ") };
  }
  const replication = found.filter((template) => template.forReplication === true);
  const twice = duplicates(replication);
  if (twice !== undefined) {
    return { status: "unverified", reason: twice };
  }
  const shares = filters.flatMap((filter) =>
    templatesDeciding(
      filter,
      replication.map((template) => ({ prefix: template.prefix as string, template })),
    ).map((share) => {
      const judged: CreationShare = { filter, example: share.example };
      if (share.template !== undefined) {
        judged.template = share.template.template;
      }
      return judged;
    }),
  );
  return { status: "judged", registry, shares };
}

/** What an organisation requires of every repository replication creates (the pack's config). */
export interface CreationRequirements {
  /** The tag mutability every created repository must have, such as `IMMUTABLE`. */
  imageTagMutability?: string;
  /** The encryption type every created repository must have: `AES256`, `KMS` or `KMS_DSSE`. */
  encryptionType?: string;
  /** Every created repository must get a lifecycle policy. */
  lifecyclePolicy?: boolean;
}

/** ECR's defaults, as settings. */
const DEFAULTS: RepositoryCreationSettings = {
  imageTagMutability: DEFAULT_IMAGE_TAG_MUTABILITY,
  encryptionType: DEFAULT_ENCRYPTION_TYPE,
};

/**
 * The required settings a share's repositories do not get (`imageTagMutability 'IMMUTABLE' (it
 * gives 'MUTABLE')`, `lifecyclePolicy (they get none)`), and the required settings of its template
 * that are unknown until apply.
 */
export function unmetRequirements(
  share: CreationShare,
  required: CreationRequirements,
): { unmet: string[]; unknown: string[] } {
  const settings = share.template?.settings ?? DEFAULTS;
  const pending = new Set<string>(share.template?.unknown ?? []);
  const unmet: string[] = [];
  const unknown: string[] = [];
  const what = share.template === undefined ? "they get" : "it gives";
  for (const field of ["imageTagMutability", "encryptionType"] as const) {
    const wanted = required[field];
    if (wanted === undefined) {
      continue;
    }
    if (pending.has(field)) {
      unknown.push(field);
    } else if (settings[field] !== wanted) {
      unmet.push(`${field} '${wanted}' (${what} '${settings[field]}')`);
    }
  }
  if (required.lifecyclePolicy === true) {
    if (pending.has("lifecyclePolicy")) {
      unknown.push("lifecyclePolicy");
    } else if (settings.lifecyclePolicy === undefined) {
      unmet.push(`lifecyclePolicy (${what} none)`);
    }
  }
  return { unmet, unknown };
}

/**
 * One share in a few words: `template 'shared': IMMUTABLE tags, KMS (AWS managed key)`, or
 * `ECR defaults (mutable tags, AES-256)`; settings unknown until apply are named.
 */
export function describeShare(share: CreationShare): string {
  if (share.template === undefined) {
    return ECR_DEFAULTS_TEXT;
  }
  const pending =
    share.template.unknown.length === 0
      ? ""
      : ` (unknown until apply: ${share.template.unknown.join(", ")})`;
  return `template ${templateName(share.template)}: ${describeSettings(share.template.settings)}${pending}`;
}
