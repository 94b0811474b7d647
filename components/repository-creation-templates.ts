/**
 * What replicated repositories look like in one destination registry: its repository creation
 * templates for `REPLICATION`, one per namespace (or `ROOT` where allowed), planned from the
 * prefixes replicated into it and the settings asked of them (../model/replication
 * `planCreationTemplates`). Without a template, replication creates repositories with ECR's
 * defaults: mutable tags, AES-256, no lifecycle or repository policy.
 */
import * as ecr from "@pulumi/aws/ecr";
import * as pulumi from "@pulumi/pulumi";
import {
  APPLIED_FOR_REPLICATION,
  describe,
  isPlainObject,
  join,
  Problem,
  RegistryLocation,
  TAG_MUTABILITY_EXCLUSION_FILTER_TYPE,
  ValidationError,
} from "./model/core";
import {
  creationTemplateLayout,
  PlannedCreationTemplate,
  planCreationTemplates,
  TemplatePlacement,
  TemplatePlanPaths,
  TemplateRoute,
} from "./model/replication";
import { PlannedArgs, plannedOf, plannedProviderSite, withPlanned } from "./planned";
import {
  gatedOn,
  optsProviderSite,
  ProviderSite,
  providerAccountChecked,
} from "./provider-account";
import { TYPE_PREFIX } from "./tokens";
import { isKnownNow, unknownsAsOutputs, warnOfUnlistedRegions } from "./validated-input";

/**
 * What the repositories replication creates look like. Every setting is optional: what is not set
 * is ECR's default. Settings may be outputs (a KMS key created in the same program), except
 * `allowRootTemplate`, which decides which templates exist.
 */
export interface CreatedRepositorySettings {
  /** `MUTABLE` (ECR's default), `IMMUTABLE`, `IMMUTABLE_WITH_EXCLUSION` or `MUTABLE_WITH_EXCLUSION`. */
  imageTagMutability?: pulumi.Input<string>;
  /** With a `..._WITH_EXCLUSION` mutability: 1 to 5 tag filters (`*` wildcards, at most 2 each). */
  imageTagMutabilityExclusionFilters?: pulumi.Input<pulumi.Input<string>[]>;
  /** `AES256` (ECR's default), `KMS` or `KMS_DSSE` (KMS types need a custom role). */
  encryptionType?: pulumi.Input<string>;
  /** With a KMS type: the key's ARN, in the region of every destination. Default: the AWS managed key. */
  kmsKey?: pulumi.Input<string>;
  /** With a KMS type: a key ARN per destination registry, keyed `<accountId>/<region>` (not with `kmsKey`). */
  kmsKeys?: Record<string, pulumi.Input<string>>;
  /** A lifecycle policy, JSON text. Default none. */
  lifecyclePolicy?: pulumi.Input<string>;
  /** A repository policy, JSON text. Default none. */
  repositoryPolicy?: pulumi.Input<string>;
  /** Tags of every created repository (needs a custom role). Default none. */
  resourceTags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** The role ECR creates repositories with, by name in each destination's account. */
  customRoleName?: pulumi.Input<string>;
  /** The role's ARN, when every destination is in its account (not with `customRoleName`). */
  customRoleArn?: pulumi.Input<string>;
  /**
   * Let the registry's `ROOT` template create the repositories of a prefix no namespace holds
   * (`prod-`; a template prefix `prod` covers only `prod/...`). `ROOT` then applies to every
   * repository replication creates in the registry that no other template covers. Default false:
   * such a prefix is refused. A plain boolean.
   */
  allowRootTemplate?: boolean;
}

/**
 * `CreatedRepositorySettings` by its earlier name (schema names have no `Args`: the SDKs add it).
 */
export type CreatedRepositoriesArgs = CreatedRepositorySettings;

/** Prefixes replicated into the registry (from any source), and what their repositories look like. */
export interface CreationTemplateRoute {
  /** The replication filters, as the sources' rules write them (plain strings: they decide the templates). */
  repositoryPrefixes: string[];
  /** What the repositories replication creates for them look like. */
  createdRepositories: CreatedRepositorySettings;
}

/** `CreationTemplateRoute` by its earlier name (schema names have no `Args`: the SDKs add it). */
export type CreationTemplateRouteArgs = CreationTemplateRoute;

/** Arguments of `RepositoryCreationTemplates`. */
export interface RepositoryCreationTemplatesArgs {
  /** The destination registry (plain strings: the templates are written there). */
  registry: RegistryLocation;
  /** The prefixes replicated into it; at least one. */
  routes: CreationTemplateRoute[];
}

/** Where the plan reports the standalone component's arguments: `routes[0]`, and `registry`. */
const STANDALONE_PATHS: TemplatePlanPaths = {
  route: (index) => join("routes", index),
  destination: () => "registry",
};

/** The key of the placements a parent planned for this child. */
const PLACEMENTS = Symbol("placements");

/** A child's args carrying the templates a parent planned for it. */
type PlannedTemplatesArgs = PlannedArgs<
  RepositoryCreationTemplatesArgs,
  PlannedCreationTemplate[]
> & {
  readonly [PLACEMENTS]: readonly string[];
};

/**
 * The args of a child that deploys the templates a parent planned for `registry` (their prefixes
 * known now, their settings in `planned`), written through the provider taken from `providerSite`.
 */
export function plannedTemplatesArgs(
  registry: RegistryLocation,
  prefixes: readonly string[],
  planned: pulumi.Output<PlannedCreationTemplate[]>,
  providerSite: ProviderSite,
): RepositoryCreationTemplatesArgs {
  const args: PlannedTemplatesArgs = {
    ...withPlanned<RepositoryCreationTemplatesArgs, PlannedCreationTemplate[]>(
      { registry, routes: [] },
      planned,
      providerSite,
    ),
    [PLACEMENTS]: prefixes,
  };
  return args;
}

/** The prefixes a parent planned, if these args are a parent's. */
function plannedPrefixes(args: unknown): readonly string[] | undefined {
  return isPlainObject(args) ? (args as Partial<PlannedTemplatesArgs>)[PLACEMENTS] : undefined;
}

/**
 * Problems of what must be plain because it decides which templates exist: the registry, the
 * route list, each route's prefixes and `allowRootTemplate` (the other settings may be outputs).
 * `routesPath` is where the list was written; `routeRequired`: every route must ask something.
 */
export function checkPlainTemplateInputs(
  routes: unknown,
  routesPath: string,
  routeRequired: boolean,
): Problem[] {
  const problems: Problem[] = [];
  const plain = (value: unknown, path: string, kind: string): boolean => {
    if (!pulumi.Output.isInstance(value) && !(value instanceof Promise)) {
      return true;
    }
    problems.push({
      path,
      message: `must be a plain ${kind}, not an output or promise: it decides which repository creation templates exist`,
    });
    return false;
  };
  if (!plain(routes, routesPath, "list") || !Array.isArray(routes)) {
    return problems;
  }
  Array.from(routes).forEach((route: unknown, r) => {
    const routePath = join(routesPath, r);
    if (!plain(route, routePath, "route") || !isPlainObject(route)) {
      return;
    }
    const created = route.createdRepositories;
    const createdPath = join(routePath, "createdRepositories");
    if (created === undefined && routeRequired) {
      problems.push({
        path: createdPath,
        message:
          "must be an object of settings of the repositories replication creates, got undefined",
      });
    }
    if (
      created === undefined ||
      !plain(created, createdPath, "object") ||
      !isPlainObject(created)
    ) {
      return;
    }
    plain(created.allowRootTemplate, join(createdPath, "allowRootTemplate"), "boolean");
    const prefixes = route.repositoryPrefixes;
    const prefixesPath = join(routePath, "repositoryPrefixes");
    if (plain(prefixes, prefixesPath, "list") && Array.isArray(prefixes)) {
      Array.from(prefixes).forEach((prefix: unknown, p) =>
        plain(prefix, join(prefixesPath, p), "string"),
      );
    }
  });
  return problems;
}

/** The templates for `routes`, checked now: their layout, and everything when nothing waits for an output. */
export function planTemplatesOf(
  routes: readonly TemplateRoute[],
  paths: TemplatePlanPaths,
): { placements: TemplatePlacement[]; plan: pulumi.Output<PlannedCreationTemplate[]> } {
  if (isKnownNow(routes)) {
    // Everything judged at once: every problem, the layout's and the settings', together.
    const planned = planCreationTemplates(routes, paths);
    return {
      placements: planned.map(({ registry, prefix }) => ({ registry, prefix })),
      plan: pulumi.output(routes as object).apply(() => planned),
    };
  }
  return {
    placements: creationTemplateLayout(routes, paths),
    plan: pulumi
      .output(routes as TemplateRoute[])
      .apply((known) => planCreationTemplates(known as TemplateRoute[], paths)),
  };
}

/** The inputs of the template with `prefix` of the plan, gated on the provider's account. */
function templateInputs(
  plan: pulumi.Output<PlannedCreationTemplate[]>,
  prefix: string,
  region: string,
  checked: pulumi.Output<true>,
): ecr.RepositoryCreationTemplateArgs {
  const planned = plan.apply(
    (templates) =>
      templates.find((template) => template.prefix === prefix) as PlannedCreationTemplate,
  );
  const field = <T>(read: (template: PlannedCreationTemplate) => T) =>
    gatedOn(planned.apply(read), checked);
  return {
    prefix,
    appliedFors: [APPLIED_FOR_REPLICATION],
    region,
    description: field((t) => t.description),
    imageTagMutability: field((t) => t.settings.imageTagMutability),
    imageTagMutabilityExclusionFilters: field((t) =>
      t.settings.imageTagMutabilityExclusionFilters?.map((filter) => ({
        filter,
        filterType: TAG_MUTABILITY_EXCLUSION_FILTER_TYPE,
      })),
    ),
    encryptionConfigurations: field((t) =>
      t.settings.encryptionType === undefined
        ? undefined
        : [
            t.settings.kmsKey === undefined
              ? { encryptionType: t.settings.encryptionType }
              : { encryptionType: t.settings.encryptionType, kmsKey: t.settings.kmsKey },
          ],
    ),
    lifecyclePolicy: field((t) => t.settings.lifecyclePolicy),
    repositoryPolicy: field((t) => t.settings.repositoryPolicy),
    resourceTags: field((t) => t.settings.resourceTags),
    customRoleArn: field((t) => t.settings.customRoleArn),
  };
}

/**
 * The repository creation templates of one destination registry for the repositories replication
 * creates there: one `aws.ecr.RepositoryCreationTemplate` (applied for `REPLICATION`) per
 * namespace of the prefixes replicated in (`shared` for `shared/`; `team-a` for `team-a/prod-`,
 * which also covers the rest of `team-a/`), or the registry's `ROOT` template for a prefix no
 * namespace holds (`prod-`), only with `allowRootTemplate`. Validated before deployment: a
 * ValidationError names every bad property (`routes[0].createdRepositories.kmsKey`).
 *
 * A registry keeps one template per prefix: this component must be the only writer of its
 * prefixes. Written only through a provider acting in the registry's account (`opts.provider`,
 * the parent's, or the default provider), as the registry policy is.
 */
export class RepositoryCreationTemplates extends pulumi.ComponentResource {
  /** The templates, keyed by template prefix (`ROOT`, `shared`). */
  public readonly templates: Record<string, ecr.RepositoryCreationTemplate>;
  /** Each template as planned: prefix, settings, the replication filters it is for. */
  public readonly planned: pulumi.Output<PlannedCreationTemplate[]>;

  constructor(
    name: string,
    args: RepositoryCreationTemplatesArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Values unknown at preview arrive from other languages as outputs (./validated-input).
    const given: Partial<RepositoryCreationTemplatesArgs> = unknownsAsOutputs(args ?? {});
    const fromParent = plannedOf<PlannedCreationTemplate[]>(args);
    let prefixes = plannedPrefixes(args);
    let plan = fromParent;
    if (fromParent === undefined || prefixes === undefined) {
      const planned = planStandalone(given);
      prefixes = planned.placements.map((placement) => placement.prefix);
      plan = planned.plan;
    }
    super(`${TYPE_PREFIX}RepositoryCreationTemplates`, name, {}, opts);
    const registry = given.registry as RegistryLocation;
    const checked = providerAccountChecked(
      this,
      registry.accountId,
      plannedProviderSite(args) ?? optsProviderSite("registry"),
    );
    this.planned = plan as pulumi.Output<PlannedCreationTemplate[]>;
    this.templates = {};
    for (const prefix of prefixes) {
      this.templates[prefix] = new ecr.RepositoryCreationTemplate(
        `${name}-${prefix}`,
        templateInputs(this.planned, prefix, registry.region, checked),
        { parent: this },
      );
    }
    if (fromParent === undefined) {
      warnOfUnlistedRegions([[registry.region, "registry.region"]], this);
    }
    this.registerOutputs({ planned: this.planned, templates: this.templates });
  }
}

/** The layout and plan of a component used on its own (its `registry` and `routes`), or throws. */
function planStandalone(given: Partial<RepositoryCreationTemplatesArgs>): {
  placements: TemplatePlacement[];
  plan: pulumi.Output<PlannedCreationTemplate[]>;
} {
  const problems = checkPlainTemplateInputs(given.routes, "routes", true);
  const registry = given.registry;
  const registryUsable = isPlainObject(registry) && !pulumi.Output.isInstance(registry);
  if (!registryUsable) {
    problems.push({
      path: "registry",
      message: `must be a registry: { accountId, region } of plain strings, got ${pulumi.Output.isInstance(registry) ? "an output" : describe(registry)}`,
    });
  } else {
    for (const key of ["accountId", "region"] as const) {
      if (pulumi.Output.isInstance(registry[key])) {
        problems.push({
          path: join("registry", key),
          message:
            "must be a plain string, not an output: the templates are written in this registry",
        });
      }
    }
  }
  const routes: TemplateRoute[] = [];
  if (Array.isArray(given.routes)) {
    if (given.routes.length === 0) {
      problems.push({
        path: "routes",
        message: "must list at least one route into the registry, got []",
      });
    }
    Array.from(given.routes).forEach((route: unknown, r) => {
      if (!isPlainObject(route)) {
        if (!pulumi.Output.isInstance(route)) {
          problems.push({
            path: join("routes", r),
            message: `must be a route into the registry: { repositoryPrefixes, createdRepositories }, got ${describe(route)}`,
          });
        }
        // Keeps the indexes of the routes after it; asks nothing.
        routes.push({ destinations: [], repositoryPrefixes: [] });
        return;
      }
      routes.push({
        destinations: [registry as RegistryLocation],
        repositoryPrefixes: route.repositoryPrefixes as string[],
        createdRepositories: route.createdRepositories as TemplateRoute["createdRepositories"],
      });
    });
  } else if (!pulumi.Output.isInstance(given.routes)) {
    problems.push({
      path: "routes",
      message: `must be a list of routes into the registry, got ${describe(given.routes)}`,
    });
  }
  // What the plan would report now is reported with these (once the registry can be read).
  if (registryUsable && problems.every((problem) => !problem.message.includes("not an output"))) {
    try {
      const planned = planTemplatesOf(routes, STANDALONE_PATHS);
      if (problems.length === 0) {
        return planned;
      }
    } catch (error) {
      if (!(error instanceof ValidationError)) {
        throw error;
      }
      problems.push(...error.problems);
    }
  }
  throw new ValidationError(problems, "invalid repository creation templates");
}
