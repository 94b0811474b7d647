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
  /** The program entry as given to `require`: `main` resolved against the directory. */
  main: string;
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
  // Like the Node.js language host: `require(main)`, so a directory resolves through its
  // package.json `main` or index.ts/index.js.
  return {
    directory: absolute,
    name: document.name,
    main: path.resolve(absolute, document.main ?? "."),
  };
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
