/**
 * The audit's result as one plain document: the preview's report of the organisation's plan
 * (`routes`, `diagnostics`, `summary` and the rest, ../preview/report.ts) with where each finding
 * was read from, what was read per registry, and what could not be read. `--json` prints it as is.
 */
import { ReportDiagnostic, PreviewReport } from "../preview/report";
import { AuditedOrganisation, AuditedRegistry, InputProblem, RegistryFile } from "./layout";
import { ResourceOrigin, URN_PREFIX } from "./resources";

/** A file of a registry: read, absent (the registry has none of it), or unreadable. */
export type FileState = RegistryFile<unknown>["state"];

/** What was read of one registry. */
export interface AuditRegistrySummary {
  account: string;
  region: string;
  registryPolicy: FileState;
  /** The registry policy's statements; null unless it was read. */
  statements: number | null;
  replication: FileState;
  /** Its replication rules; null unless `describe-registry.json` was read. */
  rules: number | null;
  creationTemplates: FileState;
  /** Its repository creation templates; null unless their file was read. */
  templates: number | null;
  accountSetting: FileState;
  /** REGISTRY_POLICY_SCOPE; null unless `get-account-setting.json` was read. */
  policyScope: string | null;
}

/** A finding, with the registry and file it was read from (null for one naming no resource). */
export interface AuditDiagnostic extends ReportDiagnostic {
  account: string | null;
  region: string | null;
  file: string | null;
}

/** The audit's whole result. */
export interface AuditReport extends Omit<PreviewReport, "diagnostics" | "summary"> {
  audit: {
    /** The audited folder, as given. */
    directory: string;
    registries: AuditRegistrySummary[];
    /** Every file or folder that could not be read, one line each. */
    unreadable: InputProblem[];
  };
  diagnostics: AuditDiagnostic[];
  summary: PreviewReport["summary"] & {
    registries: number;
    routes: { authorised: number; broken: number; unverified: number };
    /** Files or folders that could not be read. */
    unreadable: number;
  };
}

/** A URN of the audit's stack (type tokens have single colons; names no spaces or separators). */
const AUDITED_URN = new RegExp(`${URN_PREFIX}[^\\s,;()']*?::([^\\s,;()']+)`, "g");

/**
 * A message with every URN of an audited resource shown as the file it was read from: the pack
 * and the route analysis name a registry policy by URN (`registry policy urn:pulumi:...::<file>
 * does not grant ...`), and the file is what a reader of the audit looks for.
 */
export function withFileNames(text: string, origins: ReadonlyMap<string, ResourceOrigin>): string {
  return text.replace(AUDITED_URN, (urn: string, name: string) => (origins.has(urn) ? name : urn));
}

/** How many statements a policy text holds (it was read as a JSON object with a Statement). */
function statementCount(policyText: string): number {
  const statement = (JSON.parse(policyText) as { Statement: unknown }).Statement;
  return Array.isArray(statement) ? statement.length : 1;
}

function summariseRegistry(registry: AuditedRegistry): AuditRegistrySummary {
  const { registryPolicy, replication, creationTemplates, accountSetting } = registry;
  return {
    account: registry.accountId,
    region: registry.region,
    registryPolicy: registryPolicy.state,
    statements:
      registryPolicy.state === "read" ? statementCount(registryPolicy.output.policyText) : null,
    replication: replication.state,
    rules: replication.state === "read" ? replication.output.rules.length : null,
    creationTemplates: creationTemplates.state,
    templates:
      creationTemplates.state === "read" ? creationTemplates.output.templates.length : null,
    accountSetting: accountSetting.state,
    policyScope: accountSetting.state === "read" ? accountSetting.output.value : null,
  };
}

/** The audit report: the preview's report of the organisation's plan, with what the audit read. */
export function buildAuditReport(
  organisation: AuditedOrganisation,
  preview: PreviewReport,
  origins: ReadonlyMap<string, ResourceOrigin>,
  directory: string,
): AuditReport {
  const { diagnostics, summary, ...rest } = preview;
  const count = (status: string) => preview.routes.filter((r) => r.status === status).length;
  const { project, stack, policyPack, ...report } = rest;
  return {
    project,
    stack,
    policyPack,
    audit: {
      directory,
      registries: organisation.registries.map(summariseRegistry),
      unreadable: organisation.problems,
    },
    ...report,
    routes: report.routes.map((route) => ({
      ...route,
      reason: withFileNames(route.reason, origins),
    })),
    diagnostics: diagnostics.map((diagnostic) => {
      const origin = origins.get(diagnostic.urn);
      return {
        ...diagnostic,
        message: withFileNames(diagnostic.message, origins),
        account: origin?.account ?? null,
        region: origin?.region ?? null,
        file: origin?.file ?? null,
      };
    }),
    summary: {
      ...summary,
      registries: organisation.registries.length,
      routes: {
        authorised: count("authorised"),
        broken: count("broken"),
        unverified: count("unverified"),
      },
      unreadable: organisation.problems.length,
    },
  };
}

/**
 * The audit's exit status: 1 with a mandatory violation, a broken route, or input that could not
 * be read (part of the organisation went unaudited); else 0.
 */
export function auditExitStatus(report: AuditReport): 0 | 1 {
  const { violations, routes, unreadable } = report.summary;
  return violations.mandatory > 0 || routes.broken > 0 || unreadable > 0 ? 1 : 0;
}
