/**
 * The independent oracle the property specs compare against: `@cloud-copilot/iam-simulate`
 * (AGPL: a test-only devDependency, never imported by components/, policypack/ or tools/), and the
 * seeding of every fast-check run so a failure can be replayed.
 *
 * Replay a failure with the seed (and path) fast-check prints:
 * `FC_SEED=<seed> FC_PATH=<path> npx mocha --no-config -r ts-node/register/transpile-only <spec>`.
 * `FC_SEED=random` explores a fresh seed each run (printed before the run); `FC_RUNS=<factor>`
 * multiplies every run count (e.g. `FC_RUNS=20` for a long soak).
 */
import * as assert from "assert";
import { runSimulation, Simulation } from "@cloud-copilot/iam-simulate";
import * as fc from "fast-check";
import { repositoryArn } from "../../components/model/iam/arn";
import { RegistryLocation } from "../../components/model/core/registry";

/** A cross-account request: a principal of another account, an ECR action, a repository name. */
export interface OracleRequest {
  /** An IAM ARN of the requesting principal (`arn:aws:iam::<id>:root|role/..|user/..`). */
  principal: string;
  action: string;
  repository: string;
}

/** Identity side: everything allowed, so the registry policy alone decides a cross-account request. */
const ALLOW_EVERYTHING = {
  name: "everything",
  policy: {
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
  },
};

/**
 * The simulator's decision on one cross-account request under the registry policy `document` of
 * `registry`: "allow" or "deny". Fails the test if the simulator refuses the input.
 */
export async function simulate(
  document: unknown,
  registry: RegistryLocation,
  request: OracleRequest,
  contextVariables: Record<string, string> = {},
): Promise<"allow" | "deny"> {
  const simulation: Simulation = {
    identityPolicies: [ALLOW_EVERYTHING],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: document,
    request: {
      action: request.action,
      principal: request.principal,
      resource: {
        accountId: registry.accountId,
        resource: repositoryArn(registry, request.repository),
      },
      contextVariables,
    },
  };
  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") {
    assert.fail(
      `simulator refused ${JSON.stringify({ document, request })}: ${JSON.stringify(result.errors)}`,
    );
  }
  return result.overallResult === "Allowed" ? "allow" : "deny";
}

/** How a spec's property runs: its seed (printed), run count and optional replay path. */
export interface RunSettings {
  seed: number;
  numRuns: number;
  path?: string;
}

/**
 * The fast-check parameters of one property: seed `FC_SEED` (a number, or `random`) or the
 * property's fixed default, `numRuns` scaled by `FC_RUNS`, `FC_PATH` to replay one case. The seed
 * is printed when it is not the default, and fast-check prints seed and path on every failure.
 */
export function runSettings(defaultSeed: number, numRuns: number): RunSettings {
  const requested = process.env.FC_SEED;
  const seed =
    requested === undefined || requested === ""
      ? defaultSeed
      : requested === "random"
        ? Date.now() ^ (Math.random() * 0x7fffffff)
        : Number(requested);
  assert.ok(Number.isInteger(seed), `FC_SEED must be an integer or 'random', got '${requested}'`);
  if (seed !== defaultSeed) {
    console.log(`      fast-check seed ${seed} (replay with FC_SEED=${seed})`);
  }
  const factor = Number(process.env.FC_RUNS ?? "1");
  assert.ok(factor > 0, `FC_RUNS must be a positive number, got '${process.env.FC_RUNS}'`);
  const settings: RunSettings = { seed, numRuns: Math.max(1, Math.round(numRuns * factor)) };
  if (process.env.FC_PATH !== undefined && process.env.FC_PATH !== "") {
    settings.path = process.env.FC_PATH;
  }
  return settings;
}

/** `fc.assert` for an async property with {@link runSettings}; the seed is in every failure. */
export async function assertProperty<T>(
  property: fc.IAsyncProperty<T>,
  settings: RunSettings,
): Promise<void> {
  await fc.assert(property, { ...settings, endOnFailure: false });
}

/** A copy of `root` (JSON) with `value` at `keys` (an own property, even `__proto__`). */
export function setAt(root: unknown, keys: (string | number)[], value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(root)) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of keys.slice(0, -1)) {
    holder = holder[key] as Record<string | number, unknown>;
  }
  Object.defineProperty(holder, keys[keys.length - 1], {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return copy;
}
