/**
 * The audit report as text: an audit header, what was read per registry, then the preview's own
 * views of the organisation (who can replicate what, the findings by registry: ../preview/render-text.ts,
 * each finding naming the file it was read from), what could not be read, and a summary.
 */
import { renderDiagnostics, renderRoutes } from "../preview/render-text";
import { renderTable } from "../preview/text-table";
import { AuditRegistrySummary, AuditReport, FileState } from "./report";

/** `3 statements`, `none`, `unreadable`. */
function fileCell(state: FileState, count: number | string | null, unit: string): string {
  if (state === "absent") {
    return "none";
  }
  if (state === "unreadable" || count === null) {
    return "unreadable";
  }
  return typeof count === "string" ? count : counted(count, unit);
}

function renderRegistries(registries: readonly AuditRegistrySummary[]): string {
  return renderTable(
    ["registry", "registry policy", "replication", "creation templates", "policy scope"],
    registries.map((registry) => [
      `${registry.account}/${registry.region}`,
      fileCell(registry.registryPolicy, registry.statements, "statement"),
      // describe-registry.json absent: nothing is known of its rules, said as "none" like the rest.
      fileCell(registry.replication, registry.rules, "rule"),
      fileCell(registry.creationTemplates, registry.templates, "template"),
      registry.accountSetting === "absent"
        ? "-"
        : fileCell(registry.accountSetting, registry.policyScope, "scope"),
    ]),
    "  ",
  );
}

/** `2 things` / `1 thing` (`plural` where it is not `<unit>s`). */
function counted(count: number, unit: string, plural = `${unit}s`): string {
  return `${count} ${count === 1 ? unit : plural}`;
}

/** One line: registries, routes by status, violations by level, unreadable input. */
export function auditSummaryLine(report: AuditReport): string {
  const { registries, routes, violations, unreadable } = report.summary;
  const accounts = new Set(report.audit.registries.map((registry) => registry.account)).size;
  const routeCount = routes.authorised + routes.broken + routes.unverified;
  return [
    `Summary: ${counted(registries, "registry", "registries")} in ${counted(accounts, "account")}`,
    `${counted(routeCount, "route")}: ${routes.authorised} authorised, ${routes.broken} BROKEN, ${routes.unverified} unverified`,
    `${counted(violations.mandatory + violations.advisory, "policy violation")}: ${violations.mandatory} mandatory, ${violations.advisory} advisory`,
    `${counted(unreadable, "unreadable file or folder", "unreadable files or folders")}`,
  ].join("; ");
}

/** The whole audit report as text. */
export function renderAuditText(report: AuditReport): string {
  const { audit, policyPack } = report;
  const unreadable =
    audit.unreadable.length === 0
      ? []
      : [
          "",
          "Could not be read (the rest was audited):",
          ...audit.unreadable.map((problem) => `  ${problem.file}: ${problem.message}`),
        ];
  return [
    `Auditing ${audit.directory} (AWS CLI output; policy pack ${policyPack.name}@${policyPack.version})`,
    `  policy pack:        ${policyPack.directory}`,
    `  policy pack config: ${policyPack.config ?? "none: schema defaults"}`,
    "",
    "Registries read:",
    audit.registries.length === 0 ? "  (none)" : renderRegistries(audit.registries),
    "",
    "Who can replicate what:",
    renderRoutes(report.routes),
    "",
    "Policy violations:",
    renderDiagnostics(report),
    ...unreadable,
    "",
    auditSummaryLine(report),
    "",
  ].join("\n");
}
