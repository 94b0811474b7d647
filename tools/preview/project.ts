/**
 * Reads a Pulumi project (`Pulumi.yaml`) and a stack's config file (`Pulumi.<stack>.yaml`) the way
 * the Pulumi CLI hands them to a Node.js program: config keys namespaced `<namespace>:<key>` (a
 * bare key belongs to the project), every value a string (numbers and booleans as text, objects and
 * lists as JSON text), read by the program through `PULUMI_CONFIG`.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { describe, isPlainObject } from "../../components/model/core";

/** What the preview needs of `Pulumi.yaml`. */
export interface PulumiProject {
  /** The project's directory (absolute). */
  directory: string;
  name: string;
  /**
   * The program entry as given to `require`: `main` resolved against the directory; without
   * `main`, the entry the project's package.json names (`exports`, then `main`), else the directory
   * itself (Node then finds index.ts or index.js), as the Node.js language host does.
   */
  main: string;
  /** `runtime.options.typescript` (default true): the program is TypeScript, run through ts-node. */
  typescript: boolean;
  /** The tsconfig the program is compiled with: `runtime.options.tsconfig`, else `tsconfig.json`. */
  tsconfig: string;
}

/** Raised when a project or stack file cannot be used; the message says which file and why. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ProjectError";
  }
}

function readYaml(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new ProjectError(`${file} cannot be read`);
  }
  try {
    return yaml.load(text, { filename: file });
  } catch (error) {
    throw new ProjectError(`${file} is not valid YAML: ${(error as Error).message}`);
  }
}

/** Reads `<directory>/Pulumi.yaml`: `name` (required), `main` (default: the directory itself). */
export function readProject(directory: string): PulumiProject {
  const absolute = path.resolve(directory);
  const file = path.join(absolute, "Pulumi.yaml");
  if (!fs.existsSync(file)) {
    throw new ProjectError(`${absolute} has no Pulumi.yaml: it is not a Pulumi project`);
  }
  const document = readYaml(file);
  if (!isPlainObject(document) || typeof document.name !== "string" || document.name === "") {
    throw new ProjectError(`${file}: name must be a non-empty string`);
  }
  const runtime = isPlainObject(document.runtime) ? document.runtime.name : document.runtime;
  if (runtime !== "nodejs") {
    throw new ProjectError(`${file}: runtime must be nodejs, got ${describe(runtime)}`);
  }
  if (document.main !== undefined && typeof document.main !== "string") {
    throw new ProjectError(`${file}: main must be a path, got ${describe(document.main)}`);
  }
  const options = runtimeOptions(file, document.runtime);
  return {
    directory: absolute,
    name: document.name,
    main:
      document.main === undefined ? packageEntry(absolute) : path.resolve(absolute, document.main),
    typescript: options.typescript,
    tsconfig: path.resolve(absolute, options.tsconfig),
  };
}

/** The runtime options the Node.js language host reads (`typescript`, `tsconfig`), checked. */
function runtimeOptions(file: string, runtime: unknown): { typescript: boolean; tsconfig: string } {
  const options = isPlainObject(runtime) ? (runtime.options ?? {}) : {};
  if (!isPlainObject(options)) {
    throw new ProjectError(`${file}: runtime.options must be a mapping, got ${describe(options)}`);
  }
  const { typescript = true, tsconfig = "tsconfig.json" } = options;
  if (typeof typescript !== "boolean") {
    throw new ProjectError(
      `${file}: runtime.options.typescript must be true or false, got ${describe(typescript)}`,
    );
  }
  if (typeof tsconfig !== "string" || tsconfig === "") {
    throw new ProjectError(
      `${file}: runtime.options.tsconfig must be a path, got ${describe(tsconfig)}`,
    );
  }
  // The language host fails a program whose named tsconfig is missing (cmd/run/run.js).
  if ("tsconfig" in options && !fs.existsSync(path.resolve(path.dirname(file), tsconfig))) {
    throw new ProjectError(
      `${file}: runtime.options.tsconfig names ${tsconfig}, which does not exist`,
    );
  }
  return { typescript, tsconfig };
}

/**
 * The entry of a project without `main`, as @pulumi/pulumi's `cmd/run` finds it: package.json
 * `exports` (a string, or `"."` as a string or its `default`/`require`/`import`), else its `main`,
 * else the directory (resolved by Node: index.ts under ts-node, else index.js).
 */
function packageEntry(directory: string): string {
  const file = path.join(directory, "package.json");
  if (!fs.existsSync(file)) {
    return directory;
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(manifest)) {
    return directory;
  }
  const exported = isPlainObject(manifest.exports) ? manifest.exports["."] : manifest.exports;
  const entry = isPlainObject(exported)
    ? (exported.default ?? exported.require ?? exported.import)
    : (exported ?? manifest.main);
  return typeof entry === "string" ? path.resolve(directory, entry) : directory;
}

/**
 * Reads `Pulumi.<stack>.yaml` in the project directory (a missing file is an empty config) and
 * returns the config as the CLI passes it to the program: `{ "<namespace>:<key>": "<text>" }`.
 * A `secure:` value is refused: it is encrypted with the stack's secrets provider, which the
 * offline preview does not have.
 */
export function readStackConfig(project: PulumiProject, stack: string): Record<string, string> {
  const file = path.join(project.directory, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    return {};
  }
  const document = readYaml(file) ?? {};
  if (!isPlainObject(document)) {
    throw new ProjectError(`${file}: must be a mapping with a config section`);
  }
  const config = document.config ?? {};
  if (!isPlainObject(config)) {
    throw new ProjectError(`${file}: config must be a mapping, got ${describe(config)}`);
  }
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
    const securePath = findSecure(value, fullKey);
    if (securePath !== undefined) {
      throw new ProjectError(
        `${file}: ${securePath} is a secret ('secure:'), which the offline preview cannot decrypt; ` +
          "give it a plain value in a stack used for previews",
      );
    }
    if (value === null || value === undefined) {
      throw new ProjectError(`${file}: ${fullKey} has no value`);
    }
    result[fullKey] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return result;
}

/** The path of the first `{ secure: ... }` value within a config value, if any. */
function findSecure(value: unknown, at: string): string | undefined {
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = findSecure(value[index], `${at}[${index}]`);
      if (found !== undefined) {
        return found;
      }
    }
    return undefined;
  }
  if (!isPlainObject(value)) {
    return undefined;
  }
  if (Object.keys(value).length === 1 && "secure" in value) {
    return at;
  }
  for (const [key, element] of Object.entries(value)) {
    const found = findSecure(element, `${at}.${key}`);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
