/**
 * `npm run bench [-- --json]`: capacity and speed, measured side by side in one run.
 *
 * 1. Grants that fit in one registry policy (10,240 characters): ours vs one statement per
 *    (account, prefix) vs one statement per account, per grant shape (tools/bench/capacity.ts).
 * 2. Routes that fit in one replication configuration: ours vs one rule per prefix.
 * 3. Pack cold start (spawn to port, median of several boots, round-robin) and Analyze /
 *    AnalyzeStack throughput on a generated 5,000-resource stack (tools/bench/stack.ts, medians
 *    of several passes): the floor (an empty pack, tools/bench/floor.ts), the hollow pack (our
 *    policies' names, kinds and type tags, doing nothing: tools/bench/hollow.ts), our pack installed from
 *    its tarball (as published, tools/bench/installed.ts), compiled in the repository (as it
 *    boots here), under ts-node (index.ts type-checked at boot), and @pulumi/awsguard booted the
 *    same way (installed into a scratch folder on first use, tools/bench/awsguard.ts). A pack
 *    that cannot be prepared gets a row saying why. Every pack's ratios to the floor, and issue
 *    13's goals judged on the pack as published (tools/bench/goals.ts).
 * 4. The audit (`npm run audit`) of generated organisations of 200 and 2,000 registries
 *    (tools/bench/audit-organisation.ts): wall time and its steps, and the growth between them.
 * 5. The large-organisation example (examples/large-organisation) previewed for 25 and 100
 *    accounts x 4 regions and for the organisation alone: preview wall time and the pack's
 *    AnalyzeStack time, and their growth (tools/bench/large-organisation.ts).
 * Progress goes to stderr; the table (or, with --json, one JSON document) to stdout.
 */
import * as os from "os";
import * as path from "path";
import { ensureBuilt } from "../policypack/compile";
import { prepareAwsguard, AWSGUARD_VERSION } from "./bench/awsguard";
import { writeFloorPack } from "./bench/floor";
import { writeHollowPack } from "./bench/hollow";
import { FloorRatios, floorRatios, GoalVerdict, judgeGoals, PackMedians } from "./bench/goals";
import { prepareInstalledPack } from "./bench/installed";
import {
  GRANT_SHAPES,
  GrantCapacity,
  measureGrantCapacity,
  measureRouteCapacity,
  ROUTE_SHAPES,
  RouteCapacity,
} from "./bench/capacity";
import {
  coldStart,
  ANALYZE_TURN,
  measureThroughput,
  median,
  PackThroughput,
  PackVariant,
} from "./bench/pack-speed";
import { describeStack, generateStack, stackPackConfig } from "./bench/stack";
import {
  LargeOrganisationResults,
  measureLargeOrganisation,
  renderLargeOrganisation,
} from "./bench/large-organisation";
import { renderTable } from "./preview/text-table";
import { AuditScaleResult, measureAuditScale, renderAuditScale } from "./bench/audit-organisation";

const ROOT = path.resolve(__dirname, "..");
const STACK_SIZE = 5_000;
// Five of each: with three, one disturbed sample on this shared machine moved a median by a tenth.
const COLD_START_ROUNDS = 5;
const THROUGHPUT_PASSES = 5;
const FLOOR = "floor (empty pack)";
const HOLLOW = "hollow (our policies, doing nothing)";
const INSTALLED = "ours, installed";
const COMPILED = "ours, compiled";
/** Accounts of the generated organisations the audit is timed on (x 4 regions: 200 and 2,000 registries). */
const AUDIT_ACCOUNTS = [50, 500];

/** One pack's results, or why it could not be measured. */
type PackResult =
  | {
      name: string;
      available: true;
      coldStartMs: { median: number; samples: number[] };
      throughput: PackThroughput;
      /** Against the floor, measured in the same rotation (absent for the floor itself). */
      vsFloor?: FloorRatios;
    }
  | { name: string; available: false; reason: string };

interface BenchResults {
  machine: { cpus: number; cpuModel: string; node: string; platform: string; date: string };
  grants: GrantCapacity[];
  routes: RouteCapacity[];
  packs: {
    stack: { resources: number; types: Record<string, number> };
    coldStartRounds: number;
    throughputPasses: number;
    results: PackResult[];
    /** Issue 13's goals, judged on the installed pack (else the compiled one, as said). */
    goals: GoalVerdict[];
  };
  /** The audit of generated organisations, smallest first. */
  audit: AuditScaleResult[];
  /** The large-organisation example previewed at 25 and 100 accounts x 4 regions (issue 18). */
  largeOrganisation: LargeOrganisationResults;
  durationMs: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function measurePacks(): Promise<BenchResults["packs"]> {
  const stack = generateStack(STACK_SIZE);
  const packDir = path.join(ROOT, "policypack");
  const build = ensureBuilt();
  log(build.built ? `compiled the pack (${build.reason})` : "the compiled pack is up to date");
  const unavailable: PackResult[] = [];
  const variants: PackVariant[] = [
    { name: FLOOR, packDir: writeFloorPack(ROOT) },
    { name: HOLLOW, packDir: writeHollowPack(ROOT) },
  ];
  const installed = await prepareInstalledPack(ROOT, log);
  if (installed.available) {
    variants.push({ name: INSTALLED, packDir: installed.packDir, config: stackPackConfig() });
  } else {
    log(`installed pack unavailable: ${installed.reason}`);
    unavailable.push({ name: INSTALLED, available: false, reason: installed.reason });
  }
  variants.push(
    { name: COMPILED, packDir, config: stackPackConfig() },
    {
      name: "ours, ts-node",
      packDir,
      env: { ECR_POLICYPACK_FROM_SOURCE: "1" },
      config: stackPackConfig(),
    },
  );
  const awsguardName = `@pulumi/awsguard ${AWSGUARD_VERSION}`;
  const awsguard = await prepareAwsguard(ROOT, log);
  if (awsguard.available) {
    variants.push({ name: awsguardName, packDir: awsguard.packDir });
  } else {
    log(`awsguard unavailable: ${awsguard.reason}`);
    unavailable.push({ name: awsguardName, available: false, reason: awsguard.reason });
  }
  log(`cold starts: ${COLD_START_ROUNDS} rounds over ${variants.length} packs...`);
  const cold = new Map<string, number[] | { reason: string }>();
  for (const variant of variants) {
    cold.set(variant.name, []);
  }
  // Round-robin over the packs, so that a change in the machine's load touches them alike.
  for (let round = 0; round < COLD_START_ROUNDS; round++) {
    for (const variant of variants) {
      const samples = cold.get(variant.name);
      if (!Array.isArray(samples)) {
        continue;
      }
      await coldStart(variant)
        .then((ms) => samples.push(ms))
        .catch((error: Error) => {
          log(`${variant.name} failed to boot: ${error.message.split("\n")[0]}`);
          cold.set(variant.name, { reason: error.message.split("\n")[0] });
        });
    }
  }
  log(`throughput: ${THROUGHPUT_PASSES} passes over ${stack.length} resources, round-robin...`);
  const bootable = variants.filter((variant) => Array.isArray(cold.get(variant.name)));
  const throughput = await measureThroughput(bootable, stack, THROUGHPUT_PASSES, log);
  const results: PackResult[] = variants.map((variant) => {
    const samples = cold.get(variant.name);
    const measured = throughput.get(variant.name);
    if (!Array.isArray(samples)) {
      return { name: variant.name, available: false, reason: samples?.reason ?? "not measured" };
    }
    if (measured === undefined || "reason" in measured) {
      return { name: variant.name, available: false, reason: measured?.reason ?? "not measured" };
    }
    return {
      name: variant.name,
      available: true,
      coldStartMs: { median: median(samples), samples },
      throughput: measured,
    };
  });
  return {
    stack: { resources: stack.length, types: describeStack(stack) },
    coldStartRounds: COLD_START_ROUNDS,
    throughputPasses: THROUGHPUT_PASSES,
    ...againstFloor([...results, ...unavailable]),
  };
}

function mediansOf(result: PackResult & { available: true }): PackMedians {
  return {
    coldStartMs: result.coldStartMs.median,
    analyzeMs: result.throughput.analyze.medianMs,
    analyzeStackMs: result.throughput.analyzeStack.medianMs,
    firstAnalyzeStackMs: result.throughput.analyzeStack.samplesMs[0],
  };
}

/**
 * Every measured pack's ratios to the floor, and the goals judged on the installed pack (the
 * compiled one if the installed one could not be measured: its name says so in the verdicts).
 */
function againstFloor(results: PackResult[]): { results: PackResult[]; goals: GoalVerdict[] } {
  const floor = results.find((p) => p.name === FLOOR);
  if (floor === undefined || !floor.available) {
    return { results, goals: [] };
  }
  const withRatios = results.map((p) =>
    p.available && p !== floor ? { ...p, vsFloor: floorRatios(mediansOf(p), mediansOf(floor)) } : p,
  );
  const judged =
    withRatios.find((p) => p.name === INSTALLED && p.available) ??
    withRatios.find((p) => p.name === COMPILED && p.available);
  const goals =
    judged?.available && judged.vsFloor !== undefined
      ? judgeGoals(judged.name, judged.vsFloor)
      : [];
  return { results: withRatios, goals };
}

/**
 * Our pack against the hollow one (./bench/hollow.ts): what the checks add to what @pulumi/policy
 * spends on policies of this shape, which the hollow pack's own ratios to the floor show.
 */
function hollowLine(results: readonly PackResult[]): string[] {
  const hollow = results.find((p) => p.name === HOLLOW);
  const ours =
    results.find((p) => p.name === INSTALLED && p.available) ??
    results.find((p) => p.name === COMPILED && p.available);
  if (hollow === undefined || !hollow.available || ours === undefined || !ours.available) {
    return [];
  }
  const vs = floorRatios(mediansOf(ours), mediansOf(hollow));
  return [
    `  ${ours.name} against the hollow pack (the same policies doing nothing; its ratios to the floor are @pulumi/policy's own cost for them, for AnalyzeStack without the pack's two shortcuts, decode on demand and stack types read): cold start ${floorRatio(vs.coldStart)}, Analyze speed ${floorRatio(vs.analyzeSpeed)}, AnalyzeStack time ${floorRatio(vs.analyzeStackTime)}, first AnalyzeStack ${floorRatio(vs.firstAnalyzeStackTime)}`,
  ];
}

/** `1.07x`: a ratio to the floor, with the precision its goals need. */
function floorRatio(value: number): string {
  return `${value.toFixed(2)}x`;
}

/** `12.3x`: how many times `a` is `b`. */
function ratio(a: number, b: number): string {
  if (b === 0) {
    return a === 0 ? "-" : "inf";
  }
  const value = a / b;
  return `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}x`;
}

function render(results: BenchResults): string {
  const { machine } = results;
  const out: string[] = [];
  out.push(
    `npm run bench: ${machine.date}, ${machine.cpus} x ${machine.cpuModel}, Node ${machine.node} (${machine.platform})`,
    "",
    "Grants that fit in one registry policy (10,240 characters): largest N accounts",
    renderTable(
      [
        "shape",
        "ours",
        "per (account, prefix)",
        "per account",
        "ours / per pair",
        "ours / per account",
      ],
      results.grants.map((g) => [
        g.shape,
        String(g.ours),
        String(g.perAccountPrefix),
        String(g.perAccount),
        ratio(g.ours, g.perAccountPrefix),
        ratio(g.ours, g.perAccount),
      ]),
      "  ",
    ),
    ...results.grants.map((g) => `    ${g.shape}: ${g.description}`),
    "",
    "Routes that fit in one replication configuration (10 rules, 25 unique destinations across them, 100 filters per rule): largest N",
    renderTable(
      ["shape", "ours", "one rule per prefix", "ours / naive"],
      results.routes.map((r) => [
        r.shape,
        String(r.ours),
        String(r.onePerPrefix),
        ratio(r.ours, r.onePerPrefix),
      ]),
      "  ",
    ),
    ...results.routes.map((r) => `    ${r.shape}: ${r.description}`),
    "",
  );
  const { packs } = results;
  const types = Object.entries(packs.stack.types)
    .map(([type, count]) => `${count} ${type.split(":").pop()}`)
    .join(", ");
  out.push(
    `Pack speed on a ${packs.stack.resources}-resource stack (${types})`,
    `  cold start: median of ${packs.coldStartRounds} boots; throughput: median of ${packs.throughputPasses} passes (Analyze one resource at a time, the packs taking turns of ${ANALYZE_TURN} resources; AnalyzeStack the whole stack); first AnalyzeStack: the first pass's alone, one sample (a preview calls AnalyzeStack once, after Analyze of every resource)`,
  );
  const rows = packs.results.map((p) => {
    if (!p.available) {
      return [p.name, "unavailable", "", "", "", "", "", "", "", p.reason];
    }
    const t = p.throughput;
    const vs = p.vsFloor;
    return [
      p.name,
      `${Math.round(p.coldStartMs.median)} ms`,
      `${t.analyze.resourcesPerSecond}/s`,
      `${Math.round(t.analyzeStack.medianMs)} ms`,
      `${Math.round(t.analyzeStack.samplesMs[0])} ms`,
      vs === undefined ? "-" : floorRatio(vs.coldStart),
      vs === undefined ? "-" : floorRatio(vs.analyzeSpeed),
      vs === undefined ? "-" : floorRatio(vs.analyzeStackTime),
      vs === undefined ? "-" : floorRatio(vs.firstAnalyzeStackTime),
      `${t.analyze.diagnostics} / ${t.analyzeStack.diagnostics}`,
    ];
  });
  out.push(
    renderTable(
      [
        "pack",
        "cold start",
        "Analyze",
        "AnalyzeStack",
        "first AnalyzeStack",
        "cold start / floor",
        "Analyze speed / floor",
        "AnalyzeStack time / floor",
        "first AnalyzeStack / floor",
        "diagnostics (Analyze / Stack)",
      ],
      rows,
      "  ",
    ),
    "  (ratios against the floor, measured in the same rotation: times, over 1x is slower; Analyze speed as throughput, under 1x is slower)",
    packs.goals.length === 0
      ? "  goals (issue 13): not judged, the floor or our pack could not be measured"
      : `  goals (issue 13), on ${packs.goals[0].pack}: ${packs.goals
          .map((g) => `${g.goal}: ${floorRatio(g.ratio)} ${g.met ? "met" : "NOT met"}`)
          .join("; ")}`,
    ...hollowLine(packs.results),
    "",
    ...renderAuditScale(results.audit),
    ...renderLargeOrganisation(results.largeOrganisation),
    "",
    `took ${(results.durationMs / 1000).toFixed(0)} s`,
  );
  return out.join("\n");
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  const started = Date.now();
  const cpus = os.cpus();
  log("capacity: grants...");
  const grants = GRANT_SHAPES.map(measureGrantCapacity);
  log("capacity: routes...");
  const routes = ROUTE_SHAPES.map(measureRouteCapacity);
  const packs = await measurePacks();
  const audit = await measureAuditScale(AUDIT_ACCOUNTS, path.join(ROOT, "policypack"), log);
  log("large organisation: previews of examples/large-organisation...");
  const largeOrganisation = await measureLargeOrganisation(ROOT, log);
  const results: BenchResults = {
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? "unknown",
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      date: new Date().toISOString(),
    },
    grants,
    routes,
    packs,
    audit,
    largeOrganisation,
    durationMs: 0,
  };
  results.durationMs = Date.now() - started;
  process.stdout.write(json ? `${JSON.stringify(results, null, 2)}\n` : `${render(results)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(2);
});
