/**
 * Pack speed: cold start (spawn of run-policy-pack to the gRPC port printed, as the CLI waits for
 * it) and throughput of Analyze (every resource of the stack, one call at a time) and AnalyzeStack
 * (the whole stack in one call), for packs booted exactly as the CLI boots them
 * (tools/analyzer). Wall-clock in this process, so the client's own encoding of each request is
 * included, the same for every pack.
 */
import {
  AnalyzerClient,
  bootPolicyPack,
  fillConfigDefaults,
  parsePolicyPackConfig,
  startPolicyPack,
} from "../analyzer";
import { AnalyzerResource } from "../analyzer/types";

/** A pack to measure and how to boot it. */
export interface PackVariant {
  name: string;
  packDir: string;
  env?: Record<string, string>;
  /** The user config the pack is run with (`--policy-pack-config`), before schema defaults. */
  config?: unknown;
}

/** The median of some numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** What was measured of one way of calling a pack (Analyze per resource, or AnalyzeStack). */
export interface CallThroughput {
  medianMs: number;
  resourcesPerSecond: number;
  samplesMs: number[];
  diagnostics: number;
}

/** What was measured of one pack's throughput. */
export interface PackThroughput {
  name: string;
  analyze: CallThroughput;
  analyzeStack: CallThroughput;
}

/** One cold start: spawn of run-policy-pack to the port printed, in ms; the pack is killed at once. */
export async function coldStart(variant: PackVariant): Promise<number> {
  const started = process.hrtime.bigint();
  const pack = await bootPolicyPack(variant.packDir, { env: variant.env, timeoutMs: 120_000 });
  const ms = elapsedMs(started);
  pack.child.kill("SIGKILL");
  await pack.exited;
  return ms;
}

/** A booted, configured pack and what was measured of it so far. */
interface Running {
  variant: PackVariant;
  client: AnalyzerClient;
  analyzeMs: number[];
  stackMs: number[];
  analyzeDiagnostics: number;
  stackDiagnostics: number;
}

/**
 * Resources per turn of the Analyze rotation: each pack analyses this many, one call at a time,
 * then the next pack does, so that a change in the machine's load within a pass (other sessions
 * share these CPUs) falls on every pack alike; a whole pass per pack was a few seconds each, and
 * one disturbed second moved a ratio by a tenth.
 */
export const ANALYZE_TURN = 250;

/**
 * One pass over every pack: Analyze every resource, one call at a time, the packs taking turns
 * of ANALYZE_TURN resources (each pack's time summed over its turns); then AnalyzeStack of the
 * whole stack, pack after pack. Who goes first rotates from turn to turn and pass to pass, so
 * that no pack always follows the same one.
 */
/** 0..count-1 starting at `shift` (mod count): who goes first changes from turn to turn. */
function rotated(count: number, shift: number): number[] {
  return Array.from({ length: count }, (_, i) => (i + shift) % count);
}

async function pass(
  round: number,
  running: readonly Running[],
  stack: readonly AnalyzerResource[],
  failed: (measured: Running) => boolean,
  fail: (measured: Running, error: unknown) => void,
): Promise<void> {
  const analyzeMs = running.map(() => 0);
  const diagnostics = running.map(() => 0);
  // Each pack's part of the pass, unless it failed (then it is left out from there on).
  const attempt = async (measured: Running, work: () => Promise<void>) => {
    if (!failed(measured)) {
      await work().catch((error: unknown) => fail(measured, error));
    }
  };
  for (let start = 0; start < stack.length; start += ANALYZE_TURN) {
    const turn = stack.slice(start, start + ANALYZE_TURN);
    for (const index of rotated(running.length, start / ANALYZE_TURN)) {
      const measured = running[index];
      await attempt(measured, async () => {
        const started = process.hrtime.bigint();
        for (const resource of turn) {
          diagnostics[index] += (await measured.client.analyze(resource)).length;
        }
        analyzeMs[index] += elapsedMs(started);
      });
    }
  }
  for (const index of rotated(running.length, round)) {
    const measured = running[index];
    await attempt(measured, async () => {
      const started = process.hrtime.bigint();
      const stackDiagnostics = (await measured.client.analyzeStack(stack)).length;
      measured.stackMs.push(elapsedMs(started));
      measured.analyzeMs.push(analyzeMs[index]);
      measured.analyzeDiagnostics = diagnostics[index];
      measured.stackDiagnostics = stackDiagnostics;
    });
  }
}

/**
 * Boots and configures each pack, then measures Analyze and AnalyzeStack on the stack `passes`
 * times, the packs taking turns (the first pass included: the engine has no warm-up either).
 * A pack that fails to boot or to answer gets its reason instead.
 */
export async function measureThroughput(
  variants: readonly PackVariant[],
  stack: readonly AnalyzerResource[],
  passes: number,
  log: (line: string) => void,
): Promise<Map<string, PackThroughput | { reason: string }>> {
  const results = new Map<string, PackThroughput | { reason: string }>();
  const running: Running[] = [];
  const fail = (variant: PackVariant, error: unknown) => {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    log(`${variant.name} failed: ${reason}`);
    results.set(variant.name, { reason });
  };
  try {
    for (const variant of variants) {
      try {
        const client = await startPolicyPack(variant.packDir, {
          env: variant.env,
          timeoutMs: 120_000,
        });
        running.push({
          variant,
          client,
          analyzeMs: [],
          stackMs: [],
          analyzeDiagnostics: 0,
          stackDiagnostics: 0,
        });
        const info = await client.getAnalyzerInfo();
        await client.configure(
          fillConfigDefaults(info, parsePolicyPackConfig(variant.config ?? {})),
        );
      } catch (error) {
        fail(variant, error);
      }
    }
    const measuring = running.filter((measured) => !results.has(measured.variant.name));
    for (let round = 0; round < passes; round++) {
      const live = measuring.filter((measured) => !results.has(measured.variant.name));
      log(`  pass ${round + 1}/${passes}: ${live.map((r) => r.variant.name).join(", ")}`);
      await pass(
        round,
        measuring,
        stack,
        (measured) => results.has(measured.variant.name),
        (measured, error) => fail(measured.variant, error),
      );
    }
  } finally {
    await Promise.all(running.map(({ client }) => client.close()));
  }
  const throughput = (samplesMs: number[], diagnostics: number): CallThroughput => ({
    medianMs: median(samplesMs),
    resourcesPerSecond: Math.round((stack.length / median(samplesMs)) * 1000),
    samplesMs,
    diagnostics,
  });
  for (const measured of running) {
    if (results.has(measured.variant.name)) {
      continue;
    }
    results.set(measured.variant.name, {
      name: measured.variant.name,
      analyze: throughput(measured.analyzeMs, measured.analyzeDiagnostics),
      analyzeStack: throughput(measured.stackMs, measured.stackDiagnostics),
    });
  }
  return results;
}
