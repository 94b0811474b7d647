/**
 * Stack references in the offline preview: `--stack-outputs <name>=<file.json>` gives the outputs of
 * the stack a program names in `new pulumi.StackReference(<name>)`, and the read is answered with
 * them as the engine's built-in provider answers it (pulumi/pulumi `pkg/resource/deploy/builtins.go`,
 * `readStackReference`): id the name, inputs `{ name }`, outputs `{ name, outputs,
 * secretOutputNames }`, `secretOutputNames` the sorted names of the outputs holding a secret.
 *
 * The file is one JSON object of the stack's outputs, as `pulumi stack output --json
 * --show-secrets` prints them. A value written as the engine's secret wrapper
 * `{ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": ... }` stays
 * secret: the program's `getOutput` of it is a secret, and so is everything computed from it.
 *
 * What a policy pack is sent: the read's outputs in AnalyzeStack (and its inputs in Analyze), as
 * `pulumi policy analyze` sends a stack's read resources (`pkg/resource/deploy/analyze_snapshot.go`).
 * `pulumi preview` sends a pack no read resource at all (pulumi/pulumi#3950).
 */
import * as fs from "fs";
import * as path from "path";
import {
  describe,
  isPlainObject,
  isWrappedSecret,
  SECRET_SIGNATURE,
  SIGNATURE_KEY,
} from "../../components/model/core";
import { STACK_REFERENCE_TYPE } from "../../components/model/analysis";
import { WireProperties, WireValue } from "../analyzer";
import { SECRET_MASK } from "./display-values";
import { displayPath, Plan } from "./plan";

export { STACK_REFERENCE_TYPE };

/** The flag, for messages. */
export const STACK_OUTPUTS_FLAG = "--stack-outputs";

/** Outputs of referenced stacks, by stack name, in wire form (secrets wrapped). */
export type StackOutputs = Record<string, WireProperties>;

/** A `--stack-outputs` value or its file is unusable; the message names the flag and the file. */
export class StackOutputsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackOutputsError";
  }
}

/** How the message of a stack reference read without outputs starts. */
const NO_OUTPUTS = "the offline preview has no outputs for the stack reference";

/**
 * Rethrows a program's failure; one caused by a stack reference without outputs as that message
 * alone: the SDK wraps it in the context of the read and of every input that waited for it
 * (`error serializing property "policy": ... failed to read resource #...: `), which varies.
 */
export function rethrowMissingStackOutputs(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  const at = message.indexOf(NO_OUTPUTS);
  throw at > 0 ? new StackOutputsError(message.slice(at)) : error;
}

/** True if the value holds a wrapped secret at any depth (the engine's `HasSecrets`). */
function holdsSecret(value: unknown): boolean {
  if (isWrappedSecret(value)) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(holdsSecret);
  }
  return isPlainObject(value) && Object.values(value).some(holdsSecret);
}

/** Reads one `<name>=<file.json>`: the name, and the file's outputs. */
function readOne(spec: string): [string, WireProperties] {
  const equals = spec.indexOf("=");
  if (equals <= 0 || equals === spec.length - 1) {
    throw new StackOutputsError(
      `${STACK_OUTPUTS_FLAG} must be <name>=<file.json> (the stack's name as the program passes it to new StackReference), got '${spec}'`,
    );
  }
  const name = spec.slice(0, equals);
  const file = path.resolve(spec.slice(equals + 1));
  const label = `${STACK_OUTPUTS_FLAG} ${name}=${displayPath(file)}`;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    throw new StackOutputsError(`${label}: the file cannot be read`);
  }
  let outputs: unknown;
  try {
    outputs = JSON.parse(text) as unknown;
  } catch (error) {
    throw new StackOutputsError(`${label}: the file is not JSON: ${(error as Error).message}`);
  }
  if (!isPlainObject(outputs)) {
    throw new StackOutputsError(
      `${label}: must be a JSON object of the stack's outputs (as pulumi stack output --json --show-secrets prints them), got ${describe(outputs)}`,
    );
  }
  const masked = Object.keys(outputs).filter((key) => outputs[key] === SECRET_MASK);
  if (masked.length > 0) {
    throw new StackOutputsError(
      `${label}: the output '${masked[0]}' is '${SECRET_MASK}', the mask pulumi stack output prints for a secret: write the file with --show-secrets, and keep a value secret by wrapping it as {"${SIGNATURE_KEY}": "${SECRET_SIGNATURE}", "value": ...}`,
    );
  }
  return [name, outputs as WireProperties];
}

/**
 * The outputs given by `--stack-outputs` values (`<name>=<file.json>`, files relative to the
 * working directory), by stack name; a {@link StackOutputsError} for a malformed value, a file that
 * cannot be read or is not a JSON object, a masked secret, or a stack named twice.
 */
export function readStackOutputs(specs: readonly string[]): StackOutputs {
  const outputs: StackOutputs = {};
  for (const spec of specs) {
    const [name, values] = readOne(spec);
    if (Object.prototype.hasOwnProperty.call(outputs, name)) {
      throw new StackOutputsError(`${STACK_OUTPUTS_FLAG} names the stack '${name}' twice`);
    }
    outputs[name] = values;
  }
  return outputs;
}

/** The outputs of the stack reference to `name`, as the built-in provider's read returns them. */
export function stackReferenceState(name: string, outputs: WireProperties): WireProperties {
  const secretOutputNames = Object.keys(outputs)
    .filter((key) => holdsSecret(outputs[key]))
    .sort();
  return { name, outputs: outputs as WireValue, secretOutputNames };
}

/**
 * The mock runtime's answer to a read of a stack reference (its inputs `{ name }`): id the name,
 * state the outputs given for it; a {@link StackOutputsError} naming the stack and the flag when
 * none were given.
 */
export function answerStackReference(
  inputs: Record<string, unknown>,
  stackOutputs: StackOutputs,
): { id: string; state: WireProperties } {
  const name = inputs.name;
  if (typeof name !== "string") {
    throw new StackOutputsError(
      `the offline preview cannot read a stack reference whose name is ${describe(name)}`,
    );
  }
  if (!Object.prototype.hasOwnProperty.call(stackOutputs, name)) {
    throw new StackOutputsError(
      `${NO_OUTPUTS} '${name}': pass ${STACK_OUTPUTS_FLAG} ${name}=<file.json> (its outputs, as pulumi stack output --json --show-secrets prints them)`,
    );
  }
  return { id: name, state: stackReferenceState(name, stackOutputs[name]) };
}

/**
 * The mock runtime's answer to a resource of the program if it is a stack reference (see
 * {@link answerStackReference}); undefined for any other resource.
 */
export function stackReferenceAnswer(
  args: { type: string; inputs: Record<string, unknown> },
  stackOutputs: StackOutputs | undefined,
): { id: string; state: WireProperties } | undefined {
  return args.type === STACK_REFERENCE_TYPE
    ? answerStackReference(args.inputs, stackOutputs ?? {})
    : undefined;
}

/**
 * Gives every stack reference of the plan the outputs its read returned (for AnalyzeStack and the
 * route analysis, which see a resource's outputs); its inputs stay `{ name }`.
 */
export function withStackReferenceOutputs(plan: Plan, stackOutputs: StackOutputs): Plan {
  for (const resource of plan.resources) {
    const name = resource.properties.name;
    if (
      resource.type === STACK_REFERENCE_TYPE &&
      typeof name === "string" &&
      Object.prototype.hasOwnProperty.call(stackOutputs, name)
    ) {
      resource.outputs = stackReferenceState(name, stackOutputs[name]);
    }
  }
  return plan;
}
