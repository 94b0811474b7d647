/**
 * The audit at scale: a generated organisation of N accounts in 4 regions, written as the AWS
 * CLI's output in the audit's layout, and the wall time of `runAudit` over it (one process, the
 * pack booted once, one AnalyzeStack for the whole organisation), so its growth from 200 to 2,000
 * registries can be compared with linear.
 *
 * Shape, per 25 accounts: 1 build account and 24 workload accounts. Each build account's registry
 * in each region replicates its business unit's two prefixes (`bu<b>-prod-`, `bu<b>-shared/`) to
 * the registries of its 24 workloads in that region (24 destinations, within ECR's 25). Each
 * workload registry's policy grants its build account both prefixes, except: every 10th workload
 * grants `bu<b>-prod-` only (its `shared/` route is broken) and every 25th has no registry policy
 * (broken: nothing lets the build account in). Every registry has `describe-registry.json` and
 * `get-account-setting.json` (V2). Deterministic: the same N gives the same files.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildRegistryPolicy } from "../../components/model/registry-policy";
import { runAudit } from "../audit/run-audit";
import { renderTable } from "../preview/text-table";

/** The regions of the generated organisation. */
export const AUDIT_REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
/** Accounts per business unit: one build account and its workloads. */
const UNIT = 25;

/** A 12-digit account id: `kind` 1 for build accounts, 2 for workloads. */
function account(kind: number, index: number): string {
  return `${kind}${String(index).padStart(11, "0")}`;
}

function prefixes(unit: number): string[] {
  return [`bu${unit}-prod-`, `bu${unit}-shared/`];
}

/** What a generated organisation holds. */
export interface GeneratedOrganisation {
  accounts: number;
  registries: number;
  /** Cross-account routes (replication rule destinations). */
  routes: number;
  /** Routes that are broken by construction (a grant or a whole policy missing). */
  brokenRoutes: number;
}

/** Writes an organisation of `accounts` accounts (a multiple of 25) in 4 regions into `directory`. */
export function writeOrganisation(directory: string, accounts: number): GeneratedOrganisation {
  if (!Number.isInteger(accounts / UNIT) || accounts <= 0) {
    throw new RangeError(`the organisation has a multiple of ${UNIT} accounts, got ${accounts}`);
  }
  const write = (owner: string, region: string, file: string, value: unknown) => {
    const folder = path.join(directory, owner, region);
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(path.join(folder, file), `${JSON.stringify(value, null, 4)}\n`);
  };
  const units = accounts / UNIT;
  const workloads = accounts - units;
  let routes = 0;
  let brokenRoutes = 0;
  for (const region of AUDIT_REGIONS) {
    for (let unit = 0; unit < units; unit++) {
      const build = account(1, unit);
      const served = Array.from({ length: workloads }, (_, w) => w).filter(
        (w) => w % units === unit,
      );
      write(build, region, "describe-registry.json", {
        registryId: build,
        replicationConfiguration: {
          rules: [
            {
              destinations: served.map((w) => ({ region, registryId: account(2, w) })),
              repositoryFilters: prefixes(unit).map((filter) => ({
                filter,
                filterType: "PREFIX_MATCH",
              })),
            },
          ],
        },
      });
      write(build, region, "get-account-setting.json", {
        name: "REGISTRY_POLICY_SCOPE",
        value: "V2",
      });
      routes += served.length;
    }
    for (let w = 0; w < workloads; w++) {
      const owner = account(2, w);
      const unit = w % units;
      write(owner, region, "describe-registry.json", {
        registryId: owner,
        replicationConfiguration: { rules: [] },
      });
      write(owner, region, "get-account-setting.json", {
        name: "REGISTRY_POLICY_SCOPE",
        value: "V2",
      });
      if (w % 25 === 24) {
        brokenRoutes += 1; // no registry policy at all
        continue;
      }
      const granted = w % 10 === 9 ? prefixes(unit).slice(0, 1) : prefixes(unit);
      if (granted.length < prefixes(unit).length) {
        brokenRoutes += 1;
      }
      const policy = buildRegistryPolicy({ accountId: owner, region }, [
        { accountId: account(1, unit), repositoryPrefixes: granted },
      ]);
      write(owner, region, "get-registry-policy.json", {
        registryId: owner,
        policyText: JSON.stringify(JSON.parse(policy.json), null, 2),
      });
    }
  }
  return { accounts, registries: accounts * AUDIT_REGIONS.length, routes, brokenRoutes };
}

/** One audit measured. */
export interface AuditScaleResult extends GeneratedOrganisation {
  /** What the report counted (checked against the generator's own counts). */
  reported: { registries: number; routes: number; broken: number; resources: number };
  /** Wall time of the whole audit, and of its steps (ms). */
  timingsMs: { read: number; boot: number; analyze: number; routes: number; total: number };
}

/**
 * Generates and audits an organisation of each size, in one process each time, the pack booted
 * from `packDir`; the files are removed afterwards. Throws if the report does not count what the
 * generator wrote (a timing of a wrong audit is no measurement).
 */
export async function measureAuditScale(
  sizes: readonly number[],
  packDir: string,
  log: (line: string) => void,
): Promise<AuditScaleResult[]> {
  const results: AuditScaleResult[] = [];
  for (const accounts of sizes) {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-audit-bench-"));
    try {
      const generated = writeOrganisation(directory, accounts);
      log(`audit: ${generated.registries} registries (${accounts} accounts x 4 regions)...`);
      const { report, timingsMs } = await runAudit({ directory, policyPackDirectory: packDir });
      const reported = {
        registries: report.summary.registries,
        routes: report.routes.length,
        broken: report.summary.routes.broken,
        resources: report.summary.resources,
      };
      if (
        reported.registries !== generated.registries ||
        reported.routes !== generated.routes ||
        reported.broken !== generated.brokenRoutes
      ) {
        throw new Error(
          `the audit of ${accounts} accounts reported ${JSON.stringify(reported)}, generated ${JSON.stringify(generated)}`,
        );
      }
      results.push({ ...generated, reported, timingsMs });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  }
  return results;
}

/** `12.3x`. */
function growth(large: number, small: number): string {
  return `${(large / small).toFixed(1)}x`;
}

/** The audit rows of the benchmark's table, and the growth from the smallest to the largest. */
export function renderAuditScale(results: readonly AuditScaleResult[]): string[] {
  const ms = (value: number) => `${Math.round(value)} ms`;
  const lines = [
    `Audit of a generated organisation (npm run audit: N accounts x ${AUDIT_REGIONS.length} regions of AWS CLI output, one process, one AnalyzeStack)`,
    renderTable(
      [
        "registries",
        "accounts",
        "routes",
        "resources",
        "total",
        "read",
        "pack boot",
        "Analyze + AnalyzeStack",
        "routes judged",
        "per registry",
      ],
      results.map((r) => [
        String(r.registries),
        String(r.accounts),
        String(r.routes),
        String(r.reported.resources),
        ms(r.timingsMs.total),
        ms(r.timingsMs.read),
        ms(r.timingsMs.boot),
        ms(r.timingsMs.analyze),
        ms(r.timingsMs.routes),
        `${(r.timingsMs.total / r.registries).toFixed(1)} ms`,
      ]),
      "  ",
    ),
  ];
  if (results.length >= 2) {
    const small = results[0];
    const large = results[results.length - 1];
    lines.push(
      `  growth ${small.registries} -> ${large.registries} registries (${growth(large.registries, small.registries)}): total ${growth(large.timingsMs.total, small.timingsMs.total)}, Analyze + AnalyzeStack ${growth(large.timingsMs.analyze, small.timingsMs.analyze)}, routes judged ${growth(large.timingsMs.routes, small.timingsMs.routes)}`,
    );
  }
  return lines;
}
