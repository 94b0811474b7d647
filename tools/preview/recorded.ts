/** What the program host records of a Pulumi program run on the mock runtime, as plain data. */
import { WireProperties } from "../analyzer";
import { TypeScriptRequest } from "./program-typescript";

/** One resource the program registered (or read), as the resource monitor received it. */
export interface RecordedResource {
  urn: string;
  /** The id the mock gave it (`<name>-id`); empty for a component. */
  id: string;
  type: string;
  name: string;
  /** Custom (provider-managed) resource, as opposed to a component. */
  custom: boolean;
  /** True for `Resource.get(...)` reads, false for resources the program creates. */
  read: boolean;
  /** The parent's URN, empty for none. */
  parent: string;
  /** The provider reference `<provider URN>::<provider id>`; empty for the default provider. */
  provider: string;
  /** Every URN the resource depends on (explicit `dependsOn` and property dependencies). */
  dependencies: string[];
  /** Per input property, the URNs its value came from. */
  propertyDependencies: Record<string, string[]>;
  /** The inputs in the engine's wire form: secrets wrapped (marked), unknowns as the sentinel. */
  inputs: WireProperties;
}

/** The environment variable that carries the {@link ProgramRequest} to the program host, as JSON. */
export const REQUEST_ENV = "ECR_PREVIEW_PROGRAM_REQUEST";

/** What the parent asks the program host to run. */
export interface ProgramRequest {
  /** The project directory, the program's working directory. */
  directory: string;
  /** The program entry, as given to `require`. */
  main: string;
  project: string;
  stack: string;
  /** The stack config as the CLI passes it (`PULUMI_CONFIG`). */
  config: Record<string, string>;
  /** How to compile a TypeScript program; absent for a JavaScript one (`typescript: false`). */
  typescript?: TypeScriptRequest;
  /** Outputs of the stacks the program may reference, by name (`--stack-outputs`, ./stack-outputs.ts). */
  stackOutputs?: Record<string, WireProperties>;
}

/** The program host's one message to its parent. */
export type ProgramOutcome =
  | { kind: "result"; resources: RecordedResource[] }
  | { kind: "error"; message: string }
  /** The program does not compile: the compiler's diagnostics. */
  | { kind: "type-error"; diagnostics: string };
