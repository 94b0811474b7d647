/**
 * The offline preview end to end: run the program on the mock runtime, boot the policy pack as the
 * CLI does, configure it as the CLI does, send it every resource and the stack, and build the
 * report. Everything that can fail is reported as a {@link PreviewFailure} with its own message.
 */
import * as fs from "fs";
import { readPreExistingRepositories } from "../../components/model/analysis";
import {
  AnalyzerClient,
  fillConfigDefaults,
  parsePolicyPackConfig,
  PolicyConfig,
  startPolicyPack,
  UserPolicyConfig,
} from "../analyzer";
import { analyzePlan } from "./analyze";
import { buildPlan, displayPath } from "./plan";
import { readProject, readStackConfig } from "./project";
import { buildReport, PreviewReport } from "./report";
import { planRoutes, RouteOptions } from "./routes";
import { ProgramError, runProgram } from "./run-program";
import {
  readStackOutputs,
  rethrowMissingStackOutputs,
  withStackReferenceOutputs,
} from "./stack-outputs";

/** The pack policy whose config also decides how the preview judges routes. */
export const DESTINATION_AUTHORIZED_POLICY = "ecr-replication-destination-authorized";

/** The pack policy whose config also decides how the preview shows repositories created. */
export const CREATION_TEMPLATE_POLICY = "ecr-replication-creation-template";

/** Strings of a config value (a list), none otherwise. */
function stringsOf(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/**
 * How the routes are judged: as the pack's destination and creation-template policies judge them,
 * with their config (pre-existing repositories, registries known to have no policy or template).
 */
export function routeOptionsOf(policyConfig: Record<string, PolicyConfig>): RouteOptions {
  const destination = policyConfig[DESTINATION_AUTHORIZED_POLICY]?.properties ?? {};
  const creation = policyConfig[CREATION_TEMPLATE_POLICY]?.properties ?? {};
  return {
    preExistingRepositories: readPreExistingRepositories(destination.preExistingRepositories),
    registriesWithoutPolicy: stringsOf(destination.registriesWithoutPolicy),
    registriesWithoutTemplates: stringsOf(creation.registriesWithoutTemplates),
  };
}

/**
 * The pack's config as the CLI hands it over: its schema defaults, then the user's config file.
 * A config that does not fit is a {@link PreviewFailure} naming the file (what the user will
 * fix), or the pack when no file was given (then the pack's own defaults failed).
 */
export function configuredPolicies(
  info: Parameters<typeof fillConfigDefaults>[0],
  userConfig: UserPolicyConfig,
  configFile: string | undefined,
  packLabel: string,
): Record<string, PolicyConfig> {
  try {
    return fillConfigDefaults(info, userConfig);
  } catch (error) {
    const label =
      configFile === undefined ? packLabel : `policy pack config ${displayPath(configFile)}`;
    throw new PreviewFailure(`${label}: ${(error as Error).message}`);
  }
}

/** What to preview. */
export interface PreviewOptions {
  /** The Pulumi project directory. */
  projectDirectory: string;
  stack: string;
  policyPackDirectory: string;
  /** A `--policy-pack-config` JSON file; undefined for none (schema defaults only). */
  policyPackConfigFile?: string;
  /** False to run a TypeScript program without type-checking it (`--no-typecheck`). */
  typeCheck?: boolean;
  /** `--stack-outputs` values, `<name>=<file.json>` each (./stack-outputs.ts); default none. */
  stackOutputs?: string[];
  /**
   * The stack's config as `readStackConfig` returns it (`{ "<namespace>:<key>": "<text>" }`), used
   * instead of reading `Pulumi.<stack>.yaml`: for tools that generate a stack's config (the bench).
   */
  stackConfig?: Record<string, string>;
}

/** The program, the pack or their configuration failed; the message says which and why. */
export class PreviewFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PreviewFailure";
  }
}

/** Reads a `--policy-pack-config` file (none: an empty config); throws {@link PreviewFailure}. */
export function readPolicyPackConfig(file: string | undefined): UserPolicyConfig {
  if (file === undefined) {
    return {};
  }
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new PreviewFailure(`policy pack config ${displayPath(file)} cannot be read`);
  }
  // Like the CLI, an empty file is an empty config.
  if (text.trim() === "") {
    return {};
  }
  try {
    return parsePolicyPackConfig(JSON.parse(text) as unknown);
  } catch (error) {
    throw new PreviewFailure(
      `policy pack config ${displayPath(file)}: ${(error as Error).message}`,
    );
  }
}

/** Runs `work`, turning its failure into a {@link PreviewFailure} with its message. */
function failOn<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    throw new PreviewFailure((error as Error).message);
  }
}

/** Awaits `work`, turning its failure into a {@link PreviewFailure} prefixed with `context`. */
async function failAs<T>(context: string | undefined, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const message = (error as Error).message;
    throw new PreviewFailure(context === undefined ? message : `${context}: ${message}`);
  }
}

/** Runs the preview and returns its report; throws {@link PreviewFailure}. */
export async function runPreview(options: PreviewOptions): Promise<PreviewReport> {
  let project;
  let config;
  try {
    project = readProject(options.projectDirectory);
    config = options.stackConfig ?? readStackConfig(project, options.stack);
  } catch (error) {
    throw new PreviewFailure((error as Error).message);
  }
  const userConfig = readPolicyPackConfig(options.policyPackConfigFile);
  const stackOutputs = failOn(() => readStackOutputs(options.stackOutputs ?? []));
  const packLabel = `policy pack ${displayPath(options.policyPackDirectory)}`;

  // The program and the pack boot at the same time; the pack is closed whatever happens.
  // Boot errors name the pack directory themselves.
  const packStart = failAs(
    undefined,
    startPolicyPack(options.policyPackDirectory, {
      // The stack's context, as the CLI gives an analyzer (`constructEnv`).
      env: {
        PULUMI_CONFIG: JSON.stringify(config),
        PULUMI_PROJECT: project.name,
        PULUMI_STACK: options.stack,
        PULUMI_DRY_RUN: "true",
        PULUMI_NODEJS_PROJECT: project.name,
        PULUMI_NODEJS_STACK: options.stack,
        PULUMI_NODEJS_DRY_RUN: "true",
      },
    }),
  );
  const programRun = runProgram(project, options.stack, config, {
    typeCheck: options.typeCheck,
    stackOutputs,
  }).catch((error: unknown) => {
    const where = `program ${displayPath(project.directory)}`;
    if (error instanceof ProgramError && error.typeErrors !== undefined) {
      throw new PreviewFailure(
        `${where} does not type-check (pulumi preview type-checks it too; ` +
          `--no-typecheck skips this):\n${error.typeErrors}`,
      );
    }
    try {
      rethrowMissingStackOutputs(error);
    } catch (cause) {
      throw new PreviewFailure(`${where} failed: ${(cause as Error).message}`);
    }
  });
  let client: AnalyzerClient | undefined;
  try {
    const [started, run] = await Promise.allSettled([packStart, programRun]);
    if (started.status === "fulfilled") {
      client = started.value;
    }
    // The program's failure comes first: it is the user's code, and it makes the pack moot.
    if (run.status === "rejected") {
      throw run.reason;
    }
    if (started.status === "rejected") {
      throw started.reason;
    }
    const pack = client as AnalyzerClient;
    await failAs(
      packLabel,
      pack.configureStack({ stack: options.stack, project: project.name, dryRun: true, config }),
    );
    const info = await failAs(packLabel, pack.getAnalyzerInfo());
    const policyConfig = configuredPolicies(
      info,
      userConfig,
      options.policyPackConfigFile,
      packLabel,
    );
    await failAs(packLabel, pack.configure(policyConfig));
    const plan = withStackReferenceOutputs(
      buildPlan(project.name, options.stack, config, run.value.resources, project.directory),
      stackOutputs,
    );
    const diagnostics = await failAs(packLabel, analyzePlan(pack, plan));
    // The routes are judged as the pack's destination policy judges them, with its config.
    const routes = planRoutes(plan, routeOptionsOf(policyConfig));
    return buildReport(plan, info, diagnostics, routes, {
      policyPackDirectory: displayPath(options.policyPackDirectory),
      policyPackConfigFile:
        options.policyPackConfigFile === undefined
          ? null
          : displayPath(options.policyPackConfigFile),
    });
  } finally {
    await client?.close();
  }
}
