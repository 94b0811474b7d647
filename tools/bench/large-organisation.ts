/**
 * Scale of the large-organisation pattern (examples/large-organisation): the example previewed
 * offline for an organisation of 25 and of 100 workload accounts in 4 regions, each account
 * granted pull by id in every hub's registry policy (what grows with the organisation when it is
 * not named by `aws:PrincipalOrgID`), and with the organisation alone (the example's own config:
 * the same stack for any number of accounts). For each: the preview's wall time (`runPreview`:
 * program on the mock runtime, pack booted and configured, every resource and the stack analysed)
 * and the pack's AnalyzeStack time on the same plan, medians of runs taken in rotation, and the
 * growth from 25 to 100 accounts.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AnalyzerClient,
  fillConfigDefaults,
  parsePolicyPackConfig,
  startPolicyPack,
} from "../analyzer";
import { buildPlan, Plan } from "../preview/plan";
import { readProject } from "../preview/project";
import { runPreview } from "../preview/run-preview";
import { runProgram } from "../preview/run-program";
import { renderTable } from "../preview/text-table";
import { median } from "./pack-speed";

/** The example, relative to the repository root. */
export const LARGE_ORGANISATION_EXAMPLE = path.join("examples", "large-organisation");
const PROJECT = "ecr-large-organisation";
const STACK = "bench";
const BUILD = { accountId: "111111111111", region: "us-east-1" };
const HUB_ACCOUNT = "444444444444";
const ORGANIZATION = "o-a1b2c3d4e5";
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"];
const PREFIXES = ["prod-", "shared/"];

/** One size of organisation to preview. */
export interface LargeOrganisationShape {
  name: string;
  /** Workload accounts granted pull by id; 0 for the organisation alone. */
  accounts: number;
  regions: number;
}

export const LARGE_ORGANISATION_SHAPES: readonly LargeOrganisationShape[] = [
  { name: "organization only (any number of accounts)", accounts: 0, regions: 4 },
  { name: "25 accounts x 4 regions", accounts: 25, regions: 4 },
  { name: "100 accounts x 4 regions", accounts: 100, regions: 4 },
];

/** The i-th workload account id (12 digits, 6000000000xx). */
export function workloadAccount(index: number): string {
  return `6${String(index).padStart(11, "0")}`;
}

/** What the hubs' replicated repositories look like (the example's `createdRepositories`). */
const CREATED_REPOSITORIES = {
  imageTagMutability: "IMMUTABLE",
  encryptionType: "KMS",
  customRoleName: "ecr-replication-templates",
  allowRootTemplate: true,
};

/**
 * The example's stack config for a shape, as the preview passes config to the program: the
 * example's own keys (Pulumi.org.yaml), with `pullAccounts` listing the shape's accounts instead
 * of the organisation when it has any.
 */
export function largeOrganisationStackConfig(
  shape: LargeOrganisationShape,
): Record<string, string> {
  const key = (name: string) => `${PROJECT}:${name}`;
  const config: Record<string, string> = {
    [key("buildRegistry")]: JSON.stringify(BUILD),
    [key("hubAccount")]: HUB_ACCOUNT,
    [key("regions")]: JSON.stringify(REGIONS.slice(0, shape.regions)),
    [key("repositoryPrefixes")]: JSON.stringify(PREFIXES),
    // As the example's stack config: the hubs' replicated repositories created by templates.
    [key("createdRepositories")]: JSON.stringify(CREATED_REPOSITORIES),
  };
  if (shape.accounts === 0) {
    config[key("organizationId")] = ORGANIZATION;
  } else {
    config[key("pullAccounts")] = JSON.stringify(
      Array.from({ length: shape.accounts }, (_, i) => workloadAccount(i)),
    );
  }
  return config;
}

/**
 * The example's pack config (its policy-pack-config.json) for a shape: the workload accounts
 * trusted too, and only the shape's regions allowed, so the preview of the shape is clean.
 */
export function largeOrganisationPackConfig(
  root: string,
  shape: LargeOrganisationShape,
): Record<string, unknown> {
  const file = path.join(root, LARGE_ORGANISATION_EXAMPLE, "policy-pack-config.json");
  const config = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const trusted = config["ecr-registry-policy-trusted-principals"] as {
    trustedAccounts: string[];
  };
  trusted.trustedAccounts = [
    ...trusted.trustedAccounts,
    ...Array.from({ length: shape.accounts }, (_, i) => workloadAccount(i)),
  ];
  (config["ecr-replication-allowed-destinations"] as { allowedRegions: string[] }).allowedRegions =
    REGIONS.slice(0, shape.regions);
  return config;
}

/** What was measured of one shape. */
export interface LargeOrganisationTiming {
  shape: LargeOrganisationShape;
  resources: number;
  /** The characters of the largest hub registry policy. */
  hubPolicyChars: number;
  /** Diagnostics of the preview (0: clean), and how many were mandatory. */
  diagnostics: number;
  mandatory: number;
  previewMs: { median: number; samples: number[] };
  analyzeStackMs: { median: number; samples: number[] };
}

/** The results, and the growth from the smallest to the largest account count. */
export interface LargeOrganisationResults {
  /** Previews of each shape, and AnalyzeStack calls of each. */
  rounds: number;
  stackRounds: number;
  timings: LargeOrganisationTiming[];
  /** Time of the largest shape over the smallest with accounts, and the accounts' ratio. */
  growth?: { accounts: number; preview: number; analyzeStack: number };
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** The plan the preview sends the pack for a shape (the program run once). */
async function planOf(root: string, shape: LargeOrganisationShape): Promise<Plan> {
  const project = readProject(path.join(root, LARGE_ORGANISATION_EXAMPLE));
  const config = largeOrganisationStackConfig(shape);
  const run = await runProgram(project, STACK, config);
  return buildPlan(project.name, STACK, config, run.resources, project.directory);
}

/** A pack booted and configured as the preview configures it for a shape. */
async function configuredPack(
  root: string,
  shape: LargeOrganisationShape,
): Promise<AnalyzerClient> {
  const client = await startPolicyPack(path.join(root, "policypack"), { timeoutMs: 120_000 });
  await client.configureStack({ stack: STACK, project: PROJECT, dryRun: true, config: {} });
  const info = await client.getAnalyzerInfo();
  await client.configure(
    fillConfigDefaults(info, parsePolicyPackConfig(largeOrganisationPackConfig(root, shape))),
  );
  return client;
}

/**
 * Previews every shape `rounds` times in rotation (wall time of `runPreview`), then times the
 * pack's AnalyzeStack on each shape's plan `stackRounds` times in rotation (a call of a few
 * milliseconds: more runs steady its median), each pack configured for its shape.
 */
export async function measureLargeOrganisation(
  root: string,
  log: (line: string) => void,
  rounds = 3,
  stackRounds = 30,
): Promise<LargeOrganisationResults> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "bench-large-organisation-"));
  const entries = LARGE_ORGANISATION_SHAPES.map((shape) => {
    const packConfigFile = path.join(scratch, `pack-config-${shape.accounts}.json`);
    fs.writeFileSync(packConfigFile, JSON.stringify(largeOrganisationPackConfig(root, shape)));
    return {
      shape,
      packConfigFile,
      previewMs: [] as number[],
      analyzeStackMs: [] as number[],
      resources: 0,
      hubPolicyChars: 0,
      diagnostics: 0,
      mandatory: 0,
    };
  });
  try {
    for (let round = 0; round < rounds; round++) {
      for (const entry of entries) {
        log(`  large organisation, preview ${round + 1}/${rounds}: ${entry.shape.name}`);
        const started = process.hrtime.bigint();
        const report = await runPreview({
          projectDirectory: path.join(root, LARGE_ORGANISATION_EXAMPLE),
          stack: STACK,
          policyPackDirectory: path.join(root, "policypack"),
          policyPackConfigFile: entry.packConfigFile,
          stackConfig: largeOrganisationStackConfig(entry.shape),
        });
        entry.previewMs.push(elapsedMs(started));
        entry.resources = report.summary.resources;
        entry.diagnostics = report.diagnostics.length;
        entry.mandatory = report.summary.violations.mandatory;
        entry.hubPolicyChars = Math.max(
          ...report.registryPolicies.map((p) => JSON.stringify(p.policy).length),
        );
      }
    }
    const plans = await Promise.all(entries.map((entry) => planOf(root, entry.shape)));
    const packs: AnalyzerClient[] = [];
    try {
      for (const entry of entries) {
        packs.push(await configuredPack(root, entry.shape));
      }
      log(`  large organisation, AnalyzeStack: ${stackRounds} runs of each shape in rotation`);
      for (let round = 0; round < stackRounds; round++) {
        for (const [index, entry] of entries.entries()) {
          const started = process.hrtime.bigint();
          await packs[index].analyzeStack(plans[index].resources);
          entry.analyzeStackMs.push(elapsedMs(started));
        }
      }
    } finally {
      await Promise.all(packs.map((pack) => pack.close()));
    }
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const timings = entries.map((entry) => ({
    shape: entry.shape,
    resources: entry.resources,
    hubPolicyChars: entry.hubPolicyChars,
    diagnostics: entry.diagnostics,
    mandatory: entry.mandatory,
    previewMs: { median: median(entry.previewMs), samples: entry.previewMs },
    analyzeStackMs: { median: median(entry.analyzeStackMs), samples: entry.analyzeStackMs },
  }));
  return { rounds, stackRounds, timings, growth: growthOf(timings) };
}

/** From the fewest to the most accounts granted by id: how much time grew, against the accounts. */
export function growthOf(
  timings: readonly LargeOrganisationTiming[],
): LargeOrganisationResults["growth"] {
  const byAccounts = timings
    .filter((t) => t.shape.accounts > 0)
    .sort((a, b) => a.shape.accounts - b.shape.accounts);
  if (byAccounts.length < 2) {
    return undefined;
  }
  const [small, large] = [byAccounts[0], byAccounts[byAccounts.length - 1]];
  return {
    accounts: large.shape.accounts / small.shape.accounts,
    preview: large.previewMs.median / small.previewMs.median,
    analyzeStack: large.analyzeStackMs.median / small.analyzeStackMs.median,
  };
}

/** The bench's lines for these results. */
export function renderLargeOrganisation(results: LargeOrganisationResults): string[] {
  const lines = [
    `Large-organisation example (${LARGE_ORGANISATION_EXAMPLE}: a hub registry per region, pull grants in each hub's policy)`,
    `  preview wall time (median of ${results.rounds} runs) and the pack's AnalyzeStack time on the same plan (median of ${results.stackRounds}), shapes in rotation`,
    renderTable(
      ["pull grants", "resources", "hub policy", "findings", "preview", "AnalyzeStack"],
      results.timings.map((t) => [
        t.shape.name,
        String(t.resources),
        `${t.hubPolicyChars} chars`,
        t.diagnostics === 0 ? "none" : `${t.diagnostics} (${t.mandatory} mandatory)`,
        `${Math.round(t.previewMs.median)} ms`,
        `${Math.round(t.analyzeStackMs.median)} ms`,
      ]),
      "  ",
    ),
  ];
  const { growth } = results;
  if (growth !== undefined) {
    lines.push(
      `  growth with ${growth.accounts}x the accounts: preview ${growth.preview.toFixed(2)}x, AnalyzeStack ${growth.analyzeStack.toFixed(2)}x (linear would be ${growth.accounts}x; ${growth.preview <= growth.accounts && growth.analyzeStack <= growth.accounts ? "at most linear" : "MORE than linear"})`,
    );
  }
  return lines;
}
