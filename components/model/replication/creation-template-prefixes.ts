/**
 * Which repository creation template creates which repositories: a template prefix is a
 * namespace, a replication filter is a plain string prefix, and the two do not line up.
 *
 * - A template prefix `prod` applies to the repositories beginning with `prod/` ("There is always
 *   an assumed / applied to the end of the prefix", ECR API `CreateRepositoryCreationTemplate`);
 *   `prod/` names the same namespace.
 * - `ROOT` applies to every repository no other template applies to (same source).
 * - Where two namespaces both apply (`prod` and `prod/team` to `prod/team/api`), the more specific
 *   one decides: the documentation gives `prod/team` as the template of "all repositories
 *   beginning with prod/team/", which it could not be if `prod` also decided them.
 * - A replication filter `prod-` replicates `prod-api` and `prod-web`: no namespace holds them,
 *   so only `ROOT` can create them; filter `prod` also replicates `prod/api` (template `prod`)
 *   and `production` (`ROOT` again).
 *
 * Judged on exact name sets (../iam `NameSet`) of valid repository names.
 */
import { compareStrings, ROOT_TEMPLATE_PREFIX } from "../core";
import { NameSet, REPOSITORY_NAMES, repositoriesStartingWith } from "../iam";

/** The namespace of a template prefix (`prod` for `prod` and `prod/`); undefined for `ROOT`. */
export function templateNamespace(prefix: string): string | undefined {
  if (prefix === ROOT_TEMPLATE_PREFIX) {
    return undefined;
  }
  return prefix.endsWith("/") ? prefix.slice(0, -1) : prefix;
}

/** The repositories a template prefix applies to when no more specific template does. */
export function templateScope(prefix: string): NameSet {
  const namespace = templateNamespace(prefix);
  return namespace === undefined ? REPOSITORY_NAMES : repositoriesStartingWith(`${namespace}/`);
}

/** How specific a template prefix is: a longer namespace is more specific, `ROOT` least. */
function specificity(prefix: string): number {
  return templateNamespace(prefix)?.length ?? -1;
}

/**
 * The one template prefix, other than `ROOT`, that applies to every repository a replication
 * filter replicates, if one does: the namespace up to the filter's last `/` (`shared` for
 * `shared/`, `team-a` for `team-a/prod-`). `exact` is true when it applies to no other
 * repositories (the filter ends in `/`); `team-a` also applies to `team-a/dev-x`. Undefined for a
 * filter without a `/` (`prod-`): only `ROOT` applies to all its repositories.
 */
export function namespaceTemplateFor(
  filter: string,
): { prefix: string; exact: boolean } | undefined {
  const slash = filter.lastIndexOf("/");
  if (slash <= 0) {
    return undefined;
  }
  return { prefix: filter.slice(0, slash), exact: slash === filter.length - 1 };
}

/**
 * The namespace to suggest instead of a filter no namespace template can cover: `prod/` for
 * `prod-`, `prod` and `prod.`.
 */
export function suggestedNamespace(filter: string): string {
  return `${filter.replace(/[._-]+$/, "")}/`;
}

/** Part of what a filter replicates, decided by one template or by ECR's defaults. */
export interface TemplateShare<T> {
  /** The template that creates these repositories; undefined: none does, ECR's defaults apply. */
  template?: T;
  /** A repository name of the part (a shortest one, other than the filter itself if possible). */
  example: string;
}

/**
 * Which of `templates` create the repositories replicated by `filter` (a plain string prefix; null
 * for a rule without filters: every repository), each with an example name, and the part no
 * template creates (ECR's defaults), if any. Each template decides the names of its namespace
 * that no more specific template takes (`ROOT`: all the rest). Templates with the same prefix
 * should not be passed twice (a registry holds one per prefix); the first is used. Sorted by
 * example name.
 */
export function templatesDeciding<T extends { prefix: string }>(
  filter: string | null,
  templates: readonly T[],
): TemplateShare<T>[] {
  const ordered = [...templates].sort((a, b) => specificity(b.prefix) - specificity(a.prefix));
  let remaining = filter === null ? REPOSITORY_NAMES : repositoriesStartingWith(filter);
  const shares: TemplateShare<T>[] = [];
  const seen = new Set<string>();
  for (const template of ordered) {
    const namespace = templateNamespace(template.prefix) ?? ROOT_TEMPLATE_PREFIX;
    if (seen.has(namespace) || remaining.isEmpty()) {
      continue;
    }
    seen.add(namespace);
    const scope = templateScope(template.prefix);
    const decided = remaining.intersection(scope);
    const example = exampleOf(decided, filter);
    if (example !== undefined) {
      shares.push({ template, example });
    }
    remaining = remaining.difference(scope);
  }
  const left = exampleOf(remaining, filter);
  if (left !== undefined) {
    shares.push({ example: left });
  }
  return shares.sort((a, b) => compareStrings(a.example, b.example));
}

/** A name of `names`, other than the filter itself when there is another (`proda` for `prod`). */
function exampleOf(names: NameSet, filter: string | null): string | undefined {
  return filter === null ? names.example() : names.exampleBesides(filter);
}
