/**
 * The audit end to end: read the organisation's registries (./layout.ts), turn them into the
 * resources of one stack (./resources.ts), boot the policy pack as the Pulumi CLI does, configure
 * it as the CLI does (schema defaults, then the config file), send it every resource (Analyze)
 * and the whole organisation in one AnalyzeStack, judge every route with the pack's own route
 * analysis and settings, and build the report. The pack is told which registries were read
 * without a registry policy (`registriesWithoutPolicy` of `ecr-replication-destination-authorized`),
 * so a route into one is broken for it as for the report. Everything that can fail is an
 * {@link AuditFailure} with its own message.
 */
import { AnalyzerClient, PolicyConfig, startPolicyPack } from "../analyzer";
import { analyzePlan } from "../preview/analyze";
import { displayPath } from "../preview/plan";
import { buildReport } from "../preview/report";
import { planRoutes } from "../preview/routes";
import {
  configuredPolicies,
  CREATION_TEMPLATE_POLICY,
  DESTINATION_AUTHORIZED_POLICY,
  PreviewFailure,
  readPolicyPackConfig,
  routeOptionsOf,
} from "../preview/run-preview";
import { AuditedOrganisation, LayoutError, readCounts, readOrganisation } from "./layout";
import { AuditReport, buildAuditReport } from "./report";
import {
  AUDIT_PROJECT,
  AUDIT_STACK,
  organisationPlan,
  registriesWithoutPolicy,
  registriesWithoutTemplates,
} from "./resources";

/** The config keys of the route policies that the audit fills with what it knows is absent. */
const WITHOUT_POLICY_KEY = "registriesWithoutPolicy";
const WITHOUT_TEMPLATES_KEY = "registriesWithoutTemplates";

/** What to audit, and with which pack. */
export interface AuditOptions {
  /** The folder of `<account>/<region>/` registry folders. */
  directory: string;
  policyPackDirectory: string;
  /** A `--policy-pack-config` JSON file; undefined for none (schema defaults only). */
  policyPackConfigFile?: string;
}

/** The input, the pack or its configuration failed; the message says which and why. */
export class AuditFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditFailure";
  }
}

/** The report, and how long each step took (for the benchmark; not part of the report). */
export interface AuditRun {
  report: AuditReport;
  timingsMs: { read: number; boot: number; analyze: number; routes: number; total: number };
}

/**
 * Reads the organisation; {@link AuditFailure} when nothing at all could be read (a folder that
 * does not exist, holds no registry folder, or only unreadable files), listing why.
 */
export function readAuditedOrganisation(directory: string): AuditedOrganisation {
  let organisation: AuditedOrganisation;
  try {
    organisation = readOrganisation(directory);
  } catch (error) {
    if (error instanceof LayoutError) {
      throw new AuditFailure(error.message);
    }
    throw error;
  }
  const { files, empty } = readCounts(organisation);
  if (files === 0 && empty === 0) {
    const lines = organisation.problems.map((problem) => `  ${problem.file}: ${problem.message}`);
    throw new AuditFailure(
      lines.length === 0
        ? `${displayPath(directory)} holds no registry folder: the audit reads <account>/<region>/ folders of AWS CLI output`
        : `nothing under ${displayPath(directory)} could be read:\n${lines.join("\n")}`,
    );
  }
  return organisation;
}

/** Awaits `work`, turning its failure into an {@link AuditFailure} prefixed with `context`. */
async function failAs<T>(context: string | undefined, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const message = (error as Error).message;
    throw new AuditFailure(context === undefined ? message : `${context}: ${message}`);
  }
}

/**
 * Adds registries the audit knows to lack something to a policy's config list `key` (after the
 * user's own), where the pack's schema has that key; returns the whole list for the routes.
 */
function withKnownAbsent(
  config: Record<string, PolicyConfig>,
  policyName: string,
  key: string,
  registries: readonly string[],
): string[] {
  const policy = config[policyName];
  if (policy === undefined) {
    return [...registries];
  }
  const configured = policy.properties[key];
  const given = Array.isArray(configured)
    ? configured.filter((item): item is string => typeof item === "string")
    : [];
  const all = [...new Set([...given, ...registries])];
  if (configured !== undefined) {
    policy.properties[key] = all;
  }
  return all;
}

/** Runs the audit and returns its report; throws {@link AuditFailure}. */
export async function runAudit(options: AuditOptions): Promise<AuditRun> {
  const started = process.hrtime.bigint();
  const since = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
  let userConfig;
  try {
    userConfig = readPolicyPackConfig(options.policyPackConfigFile);
  } catch (error) {
    throw new AuditFailure((error as PreviewFailure).message);
  }
  const packLabel = `policy pack ${displayPath(options.policyPackDirectory)}`;
  // The pack boots while the organisation is read; it is closed whatever happens.
  const booting = startPolicyPack(options.policyPackDirectory, {
    env: {
      PULUMI_CONFIG: "{}",
      PULUMI_PROJECT: AUDIT_PROJECT,
      PULUMI_STACK: AUDIT_STACK,
      PULUMI_DRY_RUN: "true",
      PULUMI_NODEJS_PROJECT: AUDIT_PROJECT,
      PULUMI_NODEJS_STACK: AUDIT_STACK,
      PULUMI_NODEJS_DRY_RUN: "true",
    },
  });
  let client: AnalyzerClient | undefined;
  try {
    const organisation = readAuditedOrganisation(options.directory);
    const { plan, origins } = organisationPlan(organisation);
    const read = since(started);
    // Boot errors name the pack directory themselves.
    client = await failAs(undefined, booting);
    const boot = since(started) - read;
    await failAs(
      packLabel,
      client.configureStack({ stack: AUDIT_STACK, project: AUDIT_PROJECT, dryRun: true }),
    );
    const info = await failAs(packLabel, client.getAnalyzerInfo());
    let policyConfig: Record<string, PolicyConfig>;
    try {
      policyConfig = configuredPolicies(info, userConfig, options.policyPackConfigFile, packLabel);
    } catch (error) {
      throw new AuditFailure((error as PreviewFailure).message);
    }
    const withoutPolicy = withKnownAbsent(
      policyConfig,
      DESTINATION_AUTHORIZED_POLICY,
      WITHOUT_POLICY_KEY,
      registriesWithoutPolicy(organisation),
    );
    const withoutTemplates = withKnownAbsent(
      policyConfig,
      CREATION_TEMPLATE_POLICY,
      WITHOUT_TEMPLATES_KEY,
      registriesWithoutTemplates(organisation),
    );
    await failAs(packLabel, client.configure(policyConfig));
    const analyzeStarted = process.hrtime.bigint();
    const diagnostics = await failAs(packLabel, analyzePlan(client, plan));
    const analyze = since(analyzeStarted);
    const routesStarted = process.hrtime.bigint();
    // The routes are judged as the pack's destination policy judges them, with its config.
    const routes = planRoutes(plan, {
      ...routeOptionsOf(policyConfig),
      registriesWithoutPolicy: withoutPolicy,
      registriesWithoutTemplates: withoutTemplates,
    });
    const preview = buildReport(plan, info, diagnostics, routes, {
      policyPackDirectory: displayPath(options.policyPackDirectory),
      policyPackConfigFile:
        options.policyPackConfigFile === undefined
          ? null
          : displayPath(options.policyPackConfigFile),
    });
    const report = buildAuditReport(organisation, preview, origins, displayPath(options.directory));
    return {
      report,
      timingsMs: { read, boot, analyze, routes: since(routesStarted), total: since(started) },
    };
  } finally {
    // A pack still booting when reading failed is closed once it is up (or its boot failed).
    client ??= await booting.catch(() => undefined);
    await client?.close();
  }
}
