/**
 * Each pack against the floor (./floor.ts), and issue 13's goals for the pack as published: cold
 * start at most 1.15x the floor's, AnalyzeStack of the 5,000-resource stack at most 1.3x, Analyze
 * throughput at least 0.9x. Pure: ratios of medians measured in one run.
 */

/** The medians a ratio is taken of. */
export interface PackMedians {
  coldStartMs: number;
  analyzeMs: number;
  analyzeStackMs: number;
  /**
   * The first pass's AnalyzeStack alone (one sample, not a median): what a preview pays, since the
   * engine calls AnalyzeStack once, after Analyze of every resource, in a fresh pack process.
   */
  firstAnalyzeStackMs: number;
}

/**
 * A pack against the floor: cold start and AnalyzeStack as time (over 1x is slower), Analyze as
 * throughput (under 1x is slower), each the way its goal is stated.
 */
export interface FloorRatios {
  coldStart: number;
  analyzeSpeed: number;
  analyzeStackTime: number;
  /** Reported beside the goals, not judged: one sample per pack. */
  firstAnalyzeStackTime: number;
}

export function floorRatios(pack: PackMedians, floor: PackMedians): FloorRatios {
  return {
    coldStart: pack.coldStartMs / floor.coldStartMs,
    analyzeSpeed: floor.analyzeMs / pack.analyzeMs,
    analyzeStackTime: pack.analyzeStackMs / floor.analyzeStackMs,
    firstAnalyzeStackTime: pack.firstAnalyzeStackMs / floor.firstAnalyzeStackMs,
  };
}

/** One goal of issue 13, as a bound on one ratio. */
export interface FloorGoal {
  what: string;
  ratio: keyof FloorRatios;
  bound: "at most" | "at least";
  limit: number;
}

export const FLOOR_GOALS: readonly FloorGoal[] = [
  { what: "cold start", ratio: "coldStart", bound: "at most", limit: 1.15 },
  { what: "AnalyzeStack time", ratio: "analyzeStackTime", bound: "at most", limit: 1.3 },
  { what: "Analyze throughput", ratio: "analyzeSpeed", bound: "at least", limit: 0.9 },
];

/** A goal judged on one pack's ratios. */
export interface GoalVerdict {
  goal: string;
  pack: string;
  ratio: number;
  met: boolean;
}

/** The goals judged on `pack`'s ratios. */
export function judgeGoals(pack: string, ratios: FloorRatios): GoalVerdict[] {
  return FLOOR_GOALS.map((goal) => {
    const ratio = ratios[goal.ratio];
    return {
      goal: `${goal.what} ${goal.bound} ${goal.limit}x the floor`,
      pack,
      ratio,
      met: goal.bound === "at most" ? ratio <= goal.limit : ratio >= goal.limit,
    };
  });
}
