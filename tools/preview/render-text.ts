/** The preview report as text, laid out like `pulumi preview` followed by the ECR-specific views. */
import { DIRECT_ROUTES_ONLY } from "../../components/model/analysis";
import {
  PreviewReport,
  ReportDiagnostic,
  ReportPlacement,
  ReportResource,
  ReportRoute,
} from "./report";
import { renderTable } from "./text-table";

const INDENT = "    ";

function placement(where: ReportPlacement): string {
  return `${where.account ?? "unknown account"}/${where.region ?? "unknown region"}`;
}

function indentLines(text: string, indent: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${indent}${line}`))
    .join("\n");
}

/** `+ <type> <name> create` per resource, children indented under their parent. */
export function renderResourceTree(resources: readonly ReportResource[]): string {
  const children = new Map<string | null, ReportResource[]>();
  const urns = new Set(resources.map((resource) => resource.urn));
  for (const resource of resources) {
    // A parent the preview does not list (never expected) shows its child at the top.
    const parent = resource.parent !== null && urns.has(resource.parent) ? resource.parent : null;
    children.set(parent, [...(children.get(parent) ?? []), resource]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const resource of children.get(parent) ?? []) {
      const symbol = resource.operation === "read" ? ">" : "+";
      lines.push(
        `${INDENT.repeat(depth)}${symbol} ${resource.type} ${resource.name} ${resource.operation}`,
      );
      walk(resource.urn, depth + 1);
    }
  };
  walk(null, 0);
  return lines.join("\n");
}

function renderRegistryPolicies(report: PreviewReport): string {
  if (report.registryPolicies.length === 0) {
    return "  (none)";
  }
  return report.registryPolicies
    .map((policy) => {
      const document =
        typeof policy.policy === "string" ? policy.policy : JSON.stringify(policy.policy, null, 2);
      return `  ${policy.name} (registry ${placement(policy)}):\n${indentLines(document, INDENT)}`;
    })
    .join("\n\n");
}

function renderReplicationConfigurations(report: PreviewReport): string {
  if (report.replicationConfigurations.length === 0) {
    return "  (none)";
  }
  return report.replicationConfigurations
    .map((configuration) => {
      const rows = configuration.rules.map((rule) => [
        String(rule.rule),
        rule.destinations.join("\n"),
        rule.filters === null ? "(none: every repository)" : rule.filters.join("\n"),
      ]);
      const table =
        rows.length === 0
          ? `${INDENT}(no rules)`
          : renderTable(["rule", "destinations", "filters"], rows, INDENT);
      return `  ${configuration.name} (registry ${placement(configuration)}):\n${table}`;
    })
    .join("\n\n");
}

function routeStatus(route: ReportRoute): string {
  switch (route.status) {
    case "authorised":
      return "authorised";
    case "broken":
      return `BROKEN: ${route.reason}`;
    case "unverified":
      return `unverified: ${route.reason}`;
  }
}

/** Which template creates the route's repositories, a line per part; `-` when none are created. */
function createdAs(route: ReportRoute): string {
  const created = route.createdRepositories;
  switch (created.status) {
    case "judged":
      return created.parts.map((part) => part.text).join("\n");
    case "unverified":
      return `unknown: ${created.reason}`;
    case "none":
      return "-";
  }
}

export function renderRoutes(routes: readonly ReportRoute[]): string {
  if (routes.length === 0) {
    return "  (no replication routes)";
  }
  // The legend: only direct routes exist, and only they are listed (components/model/analysis).
  const legend = `  ${DIRECT_ROUTES_ONLY}`;
  return `${legend}\n${renderTable(
    ["source", "destination", "prefixes", "repositories", "created as", "status"],
    routes.map((route) => [
      placement(route.source),
      placement(route.destination),
      route.prefixes === null ? "(every repository)" : route.prefixes.join("\n"),
      route.repositories ?? "-",
      createdAs(route),
      routeStatus(route),
    ]),
    "  ",
  )}`;
}

/** What the findings are rendered from: the findings, and the registry singletons they name. */
type FindingsOf = Pick<
  PreviewReport,
  "diagnostics" | "registryPolicies" | "replicationConfigurations"
>;

/** Appends `value` to the list `map` keeps under `key`. */
function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  map.set(key, [...(map.get(key) ?? []), value]);
}

/**
 * The heading a finding is listed under: the registry its resource writes (a registry policy's or
 * a replication configuration's), else "other resources", else the stack.
 */
function registryHeading(report: FindingsOf, diagnostic: ReportDiagnostic): string {
  if (diagnostic.resourceType === null) {
    return "the stack";
  }
  const singleton = [...report.registryPolicies, ...report.replicationConfigurations].find(
    (resource) => resource.urn === diagnostic.urn,
  );
  return singleton === undefined ? "other resources" : `registry ${placement(singleton)}`;
}

/**
 * Findings grouped by registry, then by resource (its Pulumi name and type; the URN is in
 * `--json`), each with its policy and level.
 */
export function renderDiagnostics(report: FindingsOf): string {
  if (report.diagnostics.length === 0) {
    return "  (none)";
  }
  const byRegistry = new Map<string, Map<string, ReportDiagnostic[]>>();
  for (const diagnostic of report.diagnostics) {
    const heading = registryHeading(report, diagnostic);
    const byResource = byRegistry.get(heading) ?? new Map<string, ReportDiagnostic[]>();
    byRegistry.set(heading, byResource);
    const resource =
      diagnostic.resourceType === null
        ? ""
        : `${diagnostic.resourceName} (${diagnostic.resourceType})`;
    pushTo(byResource, resource, diagnostic);
  }
  const lines: string[] = [];
  for (const [heading, byResource] of byRegistry) {
    lines.push(`  ${heading}:`);
    for (const [resource, found] of byResource) {
      const indent = resource === "" ? INDENT : INDENT + "  ";
      if (resource !== "") {
        lines.push(`${INDENT}${resource}`);
      }
      for (const diagnostic of found) {
        lines.push(`${indent}[${diagnostic.enforcementLevel}] ${diagnostic.policyName}`);
        lines.push(indentLines(diagnostic.message, indent + "  "));
      }
    }
  }
  return lines.join("\n");
}

/** One line: resources and violations by level. */
export function summaryLine(report: PreviewReport): string {
  const { mandatory, advisory } = report.summary.violations;
  const creates = report.resources.filter((resource) => resource.operation === "create").length;
  const reads = report.summary.resources - creates;
  const resources = `${creates} to create${reads > 0 ? `, ${reads} to read` : ""}`;
  return `Summary: ${report.summary.resources} resources (${resources}); ${mandatory + advisory} policy violations: ${mandatory} mandatory, ${advisory} advisory`;
}

/** Which stack, which pack and which pack config file the preview used. */
export function headerLines(report: PreviewReport): string[] {
  return [
    `  stack:              ${report.project}/${report.stack}`,
    `  policy pack:        ${report.policyPack.directory}`,
    `  policy pack config: ${report.policyPack.config ?? "none: schema defaults"}`,
  ];
}

/** The whole report as text. */
export function renderText(report: PreviewReport): string {
  return [
    `Previewing ${report.project}/${report.stack} offline (mock runtime; policy pack ${report.policyPack.name}@${report.policyPack.version})`,
    ...headerLines(report),
    "",
    "Resources:",
    renderResourceTree(report.resources),
    "",
    "Registry policies:",
    renderRegistryPolicies(report),
    "",
    "Replication configurations:",
    renderReplicationConfigurations(report),
    "",
    "Who can replicate what:",
    renderRoutes(report.routes),
    "",
    "Policy violations:",
    renderDiagnostics(report),
    "",
    summaryLine(report),
    "",
  ].join("\n");
}
