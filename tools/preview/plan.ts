/**
 * The plan the engine would step through for a recorded program run, with what the engine adds
 * around the program's own registrations:
 * - the stack's root resource `pulumi:pulumi:Stack` `<project>-<stack>`, parent of every top-level
 *   resource (the language host registers it first; the mock runtime has none, so we add it);
 * - a default provider per package for resources registered without an explicit provider
 *   (`pulumi:providers:<package>` `default_<version with underscores>`, inputs from the stack
 *   config `<package>:*` plus `version`), as the engine's default provider registry creates them;
 * - each resource's provider (URN, type, name and inputs), sent with Analyze / AnalyzeStack.
 */
import * as fs from "fs";
import * as path from "path";
import { typedDirectory } from "./typed-directory";
import { AnalyzerProvider, AnalyzerResource, WireProperties } from "../analyzer";
import { defaultProviderInputs } from "./invoke-mocks";
import { RecordedResource } from "./recorded";

/** The type token of a stack's root resource. */
export const STACK_TYPE = "pulumi:pulumi:Stack";
/** Provider resources' type tokens start with this. */
export const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

/** One resource of the plan: what the analyzer is sent, plus what the report shows. */
export interface PlannedResource extends AnalyzerResource {
  properties: WireProperties;
  /** `create` for resources the program declares, `read` for `.get()` reads. */
  operation: "create" | "read";
  /** Custom (provider-managed) rather than a component. */
  custom: boolean;
  /** Added by the engine, not declared by the program (the stack, default providers). */
  implicit: boolean;
  /**
   * What a read returned, when it differs from its inputs (a stack reference's outputs,
   * ./stack-outputs.ts): AnalyzeStack and the route analysis see these. Undefined: the inputs.
   */
  outputs?: WireProperties;
}

/** A program run as the engine would plan it. */
export interface Plan {
  project: string;
  stack: string;
  stackUrn: string;
  /** The stack first, then default providers, then the program's resources in order. */
  resources: PlannedResource[];
}

/** The version of the npm package behind a Pulumi package (`@pulumi/<name>`), if installed. */
function packageVersion(pkg: string, projectDirectory: string): string | undefined {
  try {
    const manifest = require.resolve(`@pulumi/${pkg}/package.json`, { paths: [projectDirectory] });
    const version = (JSON.parse(fs.readFileSync(manifest, "utf8")) as { version?: unknown })
      .version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}

/** Builds the plan of a program run (see the module comment for what is added). */
export function buildPlan(
  project: string,
  stack: string,
  config: Record<string, string>,
  recorded: readonly RecordedResource[],
  projectDirectory: string,
): Plan {
  const urnPrefix = `urn:pulumi:${stack}::${project}::`;
  const stackUrn = `${urnPrefix}${STACK_TYPE}::${project}-${stack}`;
  const stackResource: PlannedResource = {
    urn: stackUrn,
    type: STACK_TYPE,
    name: `${project}-${stack}`,
    properties: {},
    operation: "create",
    custom: false,
    implicit: true,
  };

  const defaultProviders = new Map<string, PlannedResource>();
  const defaultProviderOf = (pkg: string): PlannedResource => {
    let provider = defaultProviders.get(pkg);
    if (provider === undefined) {
      // The engine's built-in provider (stack references) is `pulumi:providers:pulumi::default`,
      // unversioned (pulumi/pulumi `pkg/resource/deploy/providers`, the builtins' reference).
      const version = pkg === "pulumi" ? undefined : packageVersion(pkg, projectDirectory);
      const name = version === undefined ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
      const properties: WireProperties = { ...defaultProviderInputs(config, pkg) };
      if (version !== undefined) {
        properties.version = version;
      }
      provider = {
        urn: `${urnPrefix}${PROVIDER_TYPE_PREFIX}${pkg}::${name}`,
        type: `${PROVIDER_TYPE_PREFIX}${pkg}`,
        name,
        properties,
        operation: "create",
        custom: true,
        implicit: true,
      };
      defaultProviders.set(pkg, provider);
    }
    return provider;
  };

  const byUrn = new Map(recorded.map((resource) => [resource.urn, resource]));
  const asProvider = (resource: {
    urn: string;
    type: string;
    name: string;
    properties: WireProperties;
  }): AnalyzerProvider => ({
    urn: resource.urn,
    type: resource.type,
    name: resource.name,
    properties: resource.properties,
  });

  const planned = recorded.map((resource): PlannedResource => {
    const entry: PlannedResource = {
      urn: resource.urn,
      type: resource.type,
      name: resource.name,
      properties: resource.inputs,
      parent: resource.parent === "" ? stackUrn : resource.parent,
      dependencies: resource.dependencies,
      propertyDependencies: resource.propertyDependencies,
      operation: resource.read ? "read" : "create",
      custom: resource.custom,
      implicit: false,
    };
    if (resource.custom && !resource.type.startsWith(PROVIDER_TYPE_PREFIX)) {
      if (resource.provider === "") {
        entry.provider = asProvider(defaultProviderOf(resource.type.split(":")[0]));
      } else {
        // A provider reference is `<provider URN>::<provider id>`.
        const providerUrn = resource.provider.slice(0, resource.provider.lastIndexOf("::"));
        const provider = byUrn.get(providerUrn);
        if (provider !== undefined) {
          entry.provider = asProvider({ ...provider, properties: provider.inputs });
        }
      }
    }
    return entry;
  });

  return {
    project,
    stack,
    stackUrn,
    resources: [stackResource, ...defaultProviders.values(), ...planned],
  };
}

/** The plan's resources without the engine's additions: what `pulumi preview` lists. */
export function declaredResources(plan: Plan): PlannedResource[] {
  return plan.resources.filter((resource) => !resource.implicit || resource.type === STACK_TYPE);
}

/** `path` made relative to the working directory when that is shorter (for messages). */
export function displayPath(file: string): string {
  const relative = path.relative(typedDirectory(), file);
  return relative !== "" && !relative.startsWith("..") ? relative : file;
}
