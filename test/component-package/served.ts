/**
 * The component package (plugin/) in this process, as `@pulumi/pulumi/cmd/run-plugin` serves it:
 * its exported `ComponentResource` classes behind a `ComponentProvider` named after its
 * package.json, and inputs decoded from the wire as the provider host decodes a `Construct`
 * request (`provider/server.js` `deserializeInputs`), so that specs can compare what another
 * language's program gets with what TypeScript gets.
 */
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  ComponentProvider,
  ComponentResourceConstructor,
  getPulumiComponents,
} from "@pulumi/pulumi/provider/experimental";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { PLUGIN_DIR } from "../../tools/component-package/process";

/** The wire keys of `@pulumi/pulumi` `runtime/rpc` (`specialSigKey` and its signatures). */
export const SIG = "4dabf18193072939515e22adb298388d";
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** What an engine without output values sends for an unknown value (`rpc.unknownValue`). */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A known output value on the wire, with the URNs of the resources it depends on. */
export function outputValue(value: unknown, dependencies: string[] = []): object {
  return dependencies.length === 0
    ? { [SIG]: OUTPUT_VALUE_SIG, value }
    : { [SIG]: OUTPUT_VALUE_SIG, value, dependencies };
}

/** An output value not known yet (at preview), depending on the resources of `dependencies`. */
export function unknownOutputValue(dependencies: string[] = []): object {
  return dependencies.length === 0
    ? { [SIG]: OUTPUT_VALUE_SIG }
    : { [SIG]: OUTPUT_VALUE_SIG, dependencies };
}

/** A secret output value on the wire. */
export function secretOutputValue(value: unknown): object {
  return { [SIG]: OUTPUT_VALUE_SIG, value, secret: true };
}

/** A secret as an engine without output values sends it. */
export function secretValue(value: unknown): object {
  return { [SIG]: SECRET_SIG, value };
}

/** `provider/server.js` `deserializeInputs`: exported by the module, not declared in its typings. */
type DeserializeInputs = (
  inputs: Struct,
  dependencies: Map<string, { getUrnsList(): string[] }>,
) => Promise<pulumi.Inputs>;

/**
 * The inputs a component's constructor gets from the provider host for a `Construct` request
 * whose inputs are `wire` (JSON with the wire's signatures), each top-level input depending on the
 * resources `dependencies` names.
 */
export function constructInputs(
  wire: Record<string, unknown>,
  dependencies: Record<string, string[]> = {},
): Promise<pulumi.Inputs> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require("@pulumi/pulumi/provider/server") as {
    deserializeInputs: DeserializeInputs;
  };
  const urns = new Map(
    Object.entries(dependencies).map(([key, list]) => [key, { getUrnsList: () => list }]),
  );
  return server.deserializeInputs(
    Struct.fromJavaScript(wire as Parameters<typeof Struct.fromJavaScript>[0]),
    urns,
  );
}

/**
 * The options the provider host gives a top-level component's constructor (`construct` in
 * `provider/server.js`, for a request without parent, dependencies or providers).
 */
export const CONSTRUCT_OPTIONS: pulumi.ComponentResourceOptions = {
  aliases: [],
  dependsOn: [],
  protect: false,
  providers: {},
  parent: undefined,
  ignoreChanges: [],
  replaceOnChanges: [],
  retainOnDelete: false,
};

/** The provider name run-plugin derives from a package.json name: without the npm scope. */
export function providerNameOf(packageName: string): string {
  const matches = /(@.*?\/)?(.+)/.exec(packageName) as RegExpExecArray;
  return matches[2].replace(/[^-a-zA-Z0-9_]/g, "-");
}

/** The component package's package.json. */
export function pluginPackage(): { name: string; version: string; main: string } {
  return JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, "package.json"), "utf8"));
}

/**
 * The classes plugin/ exports, loaded and found as run-plugin does: its package.json `main`
 * (boot.js: the components bundled by esbuild, their own copy of components/ and the model, the
 * @pulumi packages of this process), then `getPulumiComponents`.
 */
export function servedComponents(): ComponentResourceConstructor[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return getPulumiComponents(require(PLUGIN_DIR));
}

/**
 * True for a `ValidationError`, of this process's model or of the bundle's copy (another class):
 * an Error named so, with its problems.
 */
export function isValidationError(error: unknown): error is Error & { problems: unknown[] } {
  return (
    error instanceof Error &&
    error.name === "ValidationError" &&
    Array.isArray((error as { problems?: unknown }).problems)
  );
}

let provider: ComponentProvider | undefined;

/** The package's provider, one per process: its schema is analysed once (seconds). */
export function packageProvider(): ComponentProvider {
  provider ??= new ComponentProvider({
    name: providerNameOf(pluginPackage().name),
    dirname: PLUGIN_DIR,
    components: servedComponents(),
  });
  return provider;
}

/** The package's schema, parsed. */
export async function packageSchema(): Promise<PackageSchema> {
  return JSON.parse(await packageProvider().getSchema()) as PackageSchema;
}

/** A property of the schema (the parts read here). */
export interface SchemaProperty {
  type?: string;
  $ref?: string;
  items?: SchemaProperty;
  additionalProperties?: SchemaProperty;
  description?: string;
  plain?: boolean;
  optional?: boolean;
}

/** The schema's resource of a component. */
export interface SchemaResource {
  isComponent: boolean;
  description?: string;
  inputProperties: Record<string, SchemaProperty>;
  requiredInputs: string[];
  properties: Record<string, SchemaProperty>;
  required: string[];
}

/** The component package's schema (the parts read here). */
export interface PackageSchema {
  name: string;
  version: string;
  namespace?: string;
  resources: Record<string, SchemaResource>;
  types: Record<
    string,
    {
      type: string;
      properties?: Record<string, SchemaProperty>;
      required?: string[];
      enum?: { name: string; value: string; description?: string }[];
    }
  >;
  dependencies: { name: string; version: string }[];
}
