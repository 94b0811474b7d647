/**
 * The repository creation templates that make replicated repositories look as their routes ask
 * (`createdRepositories`): one template per destination registry and namespace, applied for
 * `REPLICATION`, or the registry's `ROOT` template where a route's prefix is no namespace and the
 * route allows `ROOT`. Refused before anything is deployed, each at the path the user wrote: a
 * prefix only `ROOT` can cover, unless allowed; tags or KMS without a role; a destination in China
 * or GovCloud; two routes asking different settings of the same repositories.
 *
 * Planned in two steps. The layout (which templates exist: registries, prefixes, `ROOT` allowed)
 * needs only what decides resources, so a component knows its children while settings such as a
 * KMS key's ARN are still outputs; the plan then adds the settings and judges them all.
 */
import {
  checkNonEmptyList,
  checkRegistryLocation,
  checkRepositoryPrefix,
  compareRegistries,
  compareStrings,
  isPlainObject,
  join,
  listed,
  MAX_TEMPLATE_DESCRIPTION_CHARS,
  Problem,
  quotedList,
  registryKey,
  RegistryLocation,
  ROOT_TEMPLATE_PREFIX,
  ValidationError,
} from "../core";
import {
  namespaceTemplateFor,
  suggestedNamespace,
  templatesDeciding,
} from "./creation-template-prefixes";
import { templatesUnavailableIn } from "./creation-template-rules";
import {
  checkCreatedRepositories,
  CreatedRepositories,
  differingSettings,
  RepositoryCreationSettings,
  settingsForRegistry,
} from "./creation-template-settings";

/** A route as the template plan reads it (a `CrossAccountReplication` route, or one into a registry). */
export interface TemplateRoute {
  /** The registries the route replicates into. */
  destinations: RegistryLocation[];
  /** Its replication filters (plain string prefixes). */
  repositoryPrefixes: string[];
  /** False: the repositories must pre-exist in other accounts, so replication creates none there. */
  allowCreateRepository?: boolean;
  /** What the repositories it creates look like; undefined: nothing asked. */
  createdRepositories?: CreatedRepositories;
}

/** Where the plan reports what the user wrote: a route, and a destination of a route. */
export interface TemplatePlanPaths {
  route(index: number): string;
  destination(route: number, destination: number): string;
}

/** `routes[0]` and `routes[0].destinations[1]`: the paths of `CrossAccountReplication`. */
export const ROUTE_PATHS: TemplatePlanPaths = {
  route: (index) => join("routes", index),
  destination: (route, destination) =>
    join(join(join("routes", route), "destinations"), destination),
};

/** One template to write: in which registry, for which prefix. */
export interface TemplatePlacement {
  /** The registry the template is written in. */
  registry: RegistryLocation;
  /** `ROOT` or a namespace. */
  prefix: string;
}

/** A template to write, with what it is for. */
export interface PlannedCreationTemplate extends TemplatePlacement {
  /** What the repositories it creates get; what is not set is ECR's default. */
  settings: RepositoryCreationSettings;
  /** The replication filters whose repositories it creates, sorted. */
  repositoryPrefixes: string[];
  /** Its description: which filters it is written for, at most 256 characters. */
  description: string;
}

/** One filter of one route into one registry, with its template. */
interface TemplateRequest {
  route: number;
  destination: number;
  registry: RegistryLocation;
  filter: string;
  template: string;
}

/** The layout of the templates, and the problems found on the way. */
interface Layout {
  requests: TemplateRequest[];
  problems: Problem[];
}

/** The template prefix for the repositories of `filter`: its namespace, else `ROOT` if allowed. */
function templatePrefixFor(filter: string, rootAllowed: boolean): string | undefined {
  return namespaceTemplateFor(filter)?.prefix ?? (rootAllowed ? ROOT_TEMPLATE_PREFIX : undefined);
}

/** Every route's requests, and the problems of what decides which templates exist. */
function layOut(routes: unknown, paths: TemplatePlanPaths): Layout {
  const layout: Layout = { requests: [], problems: [] };
  if (!Array.isArray(routes)) {
    return layout;
  }
  Array.from(routes).forEach((route: unknown, r) => {
    if (!isPlainObject(route) || route.createdRepositories === undefined) {
      return;
    }
    const routePath = paths.route(r);
    const created = route.createdRepositories;
    const createdPath = join(routePath, "createdRepositories");
    if (!isPlainObject(created)) {
      // The settings check says what is wrong with it.
      return;
    }
    if (route.allowCreateRepository === false) {
      layout.problems.push({
        path: createdPath,
        message:
          "must be left out when allowCreateRepository is false: replication then creates no repositories in other accounts, they must already exist",
      });
      return;
    }
    const destinations = Array.isArray(route.destinations) ? Array.from(route.destinations) : [];
    const registries: { registry: RegistryLocation; index: number }[] = [];
    destinations.forEach((destination: unknown, d) => {
      const path = paths.destination(r, d);
      const wrong = checkRegistryLocation(destination, path);
      if (wrong.length > 0) {
        layout.problems.push(...wrong);
        return;
      }
      const { accountId, region } = destination as RegistryLocation;
      const unavailable = templatesUnavailableIn(region);
      if (unavailable !== undefined) {
        layout.problems.push({
          path: join(path, "region"),
          message: `must be a region with repository creation templates: ${unavailable}: leave createdRepositories out of routes to it`,
        });
        return;
      }
      registries.push({ registry: { accountId, region }, index: d });
    });
    const prefixesPath = join(routePath, "repositoryPrefixes");
    const badPrefixes = checkNonEmptyList(
      route.repositoryPrefixes,
      prefixesPath,
      "a list of repository prefixes",
      "at least one repository prefix",
      checkRepositoryPrefix,
    );
    if (badPrefixes.length > 0) {
      layout.problems.push(...badPrefixes);
      return;
    }
    const rootAllowed = created.allowRootTemplate === true;
    (route.repositoryPrefixes as string[]).forEach((filter, p) => {
      const template = templatePrefixFor(filter, rootAllowed);
      if (template === undefined) {
        const example = templatesDeciding(filter, []).map((share) => share.example)[0] ?? filter;
        layout.problems.push({
          path: join(prefixesPath, p),
          message: `'${filter}' is not a namespace, and a repository creation template's prefix is one ('${suggestedNamespace(filter).slice(0, -1)}' covers only '${suggestedNamespace(filter)}...'): only the registry's ROOT template can create the repositories it replicates, such as '${example}'; set ${join(createdPath, "allowRootTemplate")}: true to write ROOT, or replicate a namespace such as '${suggestedNamespace(filter)}'`,
        });
        return;
      }
      for (const { registry, index } of registries) {
        layout.requests.push({ route: r, destination: index, registry, filter, template });
      }
    });
  });
  return layout;
}

/**
 * Which templates the routes need (sorted by registry, then prefix), from what decides it alone:
 * the destinations, the prefixes and `allowRootTemplate`, which must be known; the other settings
 * may not be yet. Throws a {@link ValidationError} with the problems of those.
 */
export function creationTemplateLayout(
  routes: readonly TemplateRoute[],
  paths: TemplatePlanPaths = ROUTE_PATHS,
): TemplatePlacement[] {
  const { requests, problems } = layOut(routes, paths);
  throwIfAny(problems);
  return placements(requests);
}

/** The distinct templates of the requests, sorted by registry, then prefix. */
function placements(requests: readonly TemplateRequest[]): TemplatePlacement[] {
  const unique = new Map<string, TemplatePlacement>();
  for (const { registry, template } of requests) {
    unique.set(`${registryKey(registry)} ${template}`, { registry, prefix: template });
  }
  return [...unique.values()].sort(
    (a, b) => compareRegistries(a.registry, b.registry) || compareStrings(a.prefix, b.prefix),
  );
}

/** A template being planned: its settings and the routes and filters asking for it. */
interface Asked extends TemplatePlacement {
  settings: RepositoryCreationSettings;
  routes: number[];
  filters: Set<string>;
}

/** Two routes asking different settings of the same repositories, in one or more registries. */
interface Conflict {
  earlier: number;
  later: number;
  where: {
    registry: RegistryLocation;
    template: string;
    /** A repository of each route the template creates: [earlier's, later's]. */
    examples: [string | undefined, string | undefined];
    fields: string[];
  }[];
}

/**
 * The templates `routes` need, each with its settings, sorted by registry then prefix; or a
 * {@link ValidationError} listing every problem at the path the user wrote (`paths`). Routes
 * without `createdRepositories` ask nothing and get no template. Two routes that send the same
 * repositories into one registry (the same template, or a namespace template of one deciding some
 * of the other's repositories) must ask the same settings.
 */
export function planCreationTemplates(
  routes: readonly TemplateRoute[],
  paths: TemplatePlanPaths = ROUTE_PATHS,
): PlannedCreationTemplate[] {
  const problems: Problem[] = [];
  const checked = new Set<number>();
  routes.forEach((route, r) => {
    const path = join(paths.route(r), "createdRepositories");
    const found = isPlainObject(route)
      ? checkCreatedRepositories(route.createdRepositories, path)
      : [];
    problems.push(...found);
    if (found.length === 0 && isPlainObject(route) && route.createdRepositories !== undefined) {
      checked.add(r);
    }
  });
  const layout = layOut(routes, paths);
  problems.push(...layout.problems);
  // Settings per route and registry, judged only for requests whose settings read cleanly.
  const settingsOf = new Map<string, RepositoryCreationSettings>();
  const requests = layout.requests.filter((request) => checked.has(request.route));
  for (const request of requests) {
    const key = `${request.route} ${registryKey(request.registry)}`;
    if (settingsOf.has(key)) {
      continue;
    }
    const where = `${paths.destination(request.route, request.destination)} (${registryKey(request.registry)})`;
    const resolved = settingsForRegistry(
      routes[request.route].createdRepositories as CreatedRepositories,
      request.registry,
      join(paths.route(request.route), "createdRepositories"),
      where,
    );
    problems.push(...resolved.problems);
    settingsOf.set(key, resolved.settings);
  }
  problems.push(...checkKmsKeyRegistries(routes, paths));
  // Routes whose settings do not read cleanly for every registry are judged no further.
  const troubled = new Set(
    requests
      .filter((request) =>
        problems.some((p) =>
          p.path.startsWith(join(paths.route(request.route), "createdRepositories")),
        ),
      )
      .map((request) => request.route),
  );
  const clean = requests.filter((request) => !troubled.has(request.route));
  const settingsFor = (route: number, registry: RegistryLocation) =>
    settingsOf.get(`${route} ${registryKey(registry)}`) as RepositoryCreationSettings;
  const asked = askedTemplates(clean, settingsFor);
  const conflicts = findConflicts(clean, asked, settingsFor);
  problems.push(...[...conflicts.values()].map((conflict) => conflictProblem(conflict, paths)));
  throwIfAny(dedupe(problems));
  return [...asked.values()]
    .sort((a, b) => compareRegistries(a.registry, b.registry) || compareStrings(a.prefix, b.prefix))
    .map(({ registry, prefix, settings, filters }) => {
      const repositoryPrefixes = [...filters].sort(compareStrings);
      return {
        registry,
        prefix,
        settings,
        repositoryPrefixes,
        description: description(repositoryPrefixes),
      };
    });
}

/** The templates the requests ask for, each with the settings of the first route asking it. */
function askedTemplates(
  requests: readonly TemplateRequest[],
  settingsFor: (route: number, registry: RegistryLocation) => RepositoryCreationSettings,
): Map<string, Asked> {
  const asked = new Map<string, Asked>();
  for (const request of requests) {
    const key = `${registryKey(request.registry)} ${request.template}`;
    const entry = asked.get(key) ?? {
      registry: request.registry,
      prefix: request.template,
      settings: settingsFor(request.route, request.registry),
      routes: [],
      filters: new Set<string>(),
    };
    entry.filters.add(request.filter);
    if (!entry.routes.includes(request.route)) {
      entry.routes.push(request.route);
    }
    asked.set(key, entry);
  }
  return asked;
}

/**
 * Pairs of routes asking different settings of the same repositories: for every request, every
 * template deciding part of its repositories (the same template, or a more specific namespace
 * another route asked for) must have been asked with the request's own settings.
 */
function findConflicts(
  requests: readonly TemplateRequest[],
  asked: Map<string, Asked>,
  settingsFor: (route: number, registry: RegistryLocation) => RepositoryCreationSettings,
): Map<string, Conflict> {
  const conflicts = new Map<string, Conflict>();
  const templatesIn = (registry: RegistryLocation) =>
    [...asked.values()].filter(
      (template) => registryKey(template.registry) === registryKey(registry),
    );
  /** A repository of `route` that `template` creates in `registry`, if one is. */
  const exampleOf = (route: number, registry: RegistryLocation, template: Asked) =>
    requests
      .filter((r) => r.route === route && registryKey(r.registry) === registryKey(registry))
      .flatMap((r) => templatesDeciding(r.filter, templatesIn(registry)))
      .find((share) => share.template === template)?.example;
  for (const request of requests) {
    const own = settingsFor(request.route, request.registry);
    for (const share of templatesDeciding(request.filter, templatesIn(request.registry))) {
      const template = share.template as Asked;
      const other = template.routes.find(
        (route) => differingSettings(settingsFor(route, request.registry), own).length > 0,
      );
      if (other === undefined) {
        continue;
      }
      const [earlier, later] =
        other < request.route ? [other, request.route] : [request.route, other];
      noteConflict(conflicts, earlier, later, {
        registry: request.registry,
        template: template.prefix,
        examples: [
          exampleOf(earlier, request.registry, template),
          exampleOf(later, request.registry, template),
        ],
        fields: differingSettings(settingsFor(other, request.registry), own),
      });
    }
  }
  return conflicts;
}

/** Records a conflict between two routes (once per registry). */
function noteConflict(
  conflicts: Map<string, Conflict>,
  earlier: number,
  later: number,
  where: Conflict["where"][number],
): void {
  const key = `${earlier} ${later}`;
  const conflict = conflicts.get(key) ?? { earlier, later, where: [] };
  if (!conflict.where.some((w) => registryKey(w.registry) === registryKey(where.registry))) {
    conflict.where.push(where);
  }
  conflicts.set(key, conflict);
}

/**
 * The problem of two routes asking different settings of repositories one template creates, at
 * the later one: `in 222222222222/us-west-2, template 'team-a' creates repositories of both, such
 * as 'team-a/prod-a' of routes[0] and 'team-a/dev-a' of routes[1]`.
 */
function conflictProblem(conflict: Conflict, paths: TemplatePlanPaths): Problem {
  const [first] = conflict.where;
  const registries = listed(conflict.where.map((w) => registryKey(w.registry)));
  const template =
    first.template === ROOT_TEMPLATE_PREFIX ? "the ROOT template" : `template '${first.template}'`;
  const [ofEarlier, ofLater] = first.examples;
  const earlier = paths.route(conflict.earlier);
  const later = paths.route(conflict.later);
  const examples =
    ofEarlier !== undefined && ofEarlier === ofLater
      ? ` such as '${ofEarlier}' of both,`
      : [
          ...(ofEarlier === undefined ? [] : [`'${ofEarlier}' of ${earlier}`]),
          ...(ofLater === undefined ? [] : [`'${ofLater}' of ${later}`]),
        ].reduce(
          (text, part, i, all) =>
            `${text}${i === 0 ? " such as " : " and "}${part}${i === all.length - 1 ? "," : ""}`,
          "",
        );
  return {
    path: join(later, "createdRepositories"),
    message: `must ask the same settings as ${join(earlier, "createdRepositories")}: in ${registries}, ${template} creates repositories of both,${examples} got a different ${listed(first.fields)}: make them equal, or replicate different namespaces`,
  };
}

/**
 * `kmsKeys` keyed only by destination registries of its route: a key for another registry would
 * never be used.
 */
function checkKmsKeyRegistries(
  routes: readonly TemplateRoute[],
  paths: TemplatePlanPaths,
): Problem[] {
  return routes.flatMap((route, r) => {
    const keys =
      isPlainObject(route) && isPlainObject(route.createdRepositories)
        ? route.createdRepositories.kmsKeys
        : undefined;
    if (!isPlainObject(keys) || !Array.isArray(route.destinations)) {
      return [];
    }
    const destinations = route.destinations
      .filter(isPlainObject)
      .map((d) => registryKey(d as RegistryLocation));
    return Object.keys(keys)
      .filter((key) => !destinations.includes(key))
      .map((key) => ({
        path: `${join(join(paths.route(r), "createdRepositories"), "kmsKeys")}['${key}']`,
        message: `must be keyed by a destination registry of the route, got '${key}'; the route's: ${quotedList(destinations)}`,
      }));
  });
}

/** A template's description: the filters it is written for, within ECR's 256 characters. */
function description(filters: readonly string[]): string {
  const text = `Repositories replication creates for ${quotedList(filters)} (ecr-replication)`;
  return text.length <= MAX_TEMPLATE_DESCRIPTION_CHARS
    ? text
    : `${text.slice(0, MAX_TEMPLATE_DESCRIPTION_CHARS - 3)}...`;
}

/** Each problem once (the same destination may be named by several filters). */
function dedupe(problems: readonly Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.path}\n${problem.message}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** Throws the problems, if any. */
function throwIfAny(problems: readonly Problem[]): void {
  if (problems.length > 0) {
    throw new ValidationError(problems, "invalid repository creation templates");
  }
}
