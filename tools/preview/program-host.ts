/**
 * Child-process entry of the offline preview: runs one Pulumi program on @pulumi/pulumi's mock
 * runtime and sends its parent what the program registered ({@link ProgramOutcome} over IPC).
 * Runs in its own process so a crashing program cannot take the preview down.
 *
 * `MockResourceArgs` (@pulumi/pulumi 3.248 `runtime/mocks`) carries type, name, inputs, provider,
 * custom and id, but not the parent, the dependencies or the property dependencies, and its inputs
 * are deserialized (secrets unwrapped). The `MockMonitor` does receive the full
 * `RegisterResourceRequest`, so after `setMocks` we wrap its `registerResource` / `readResource`:
 * each request is recorded as the real resource monitor would see it (parent, provider reference,
 * dependencies, property dependencies, serialized inputs with secrets still wrapped) and then
 * passed on unchanged. URNs are the mock monitor's own (the same shape the engine gives).
 */
import * as path from "path";
import type * as pulumiModule from "@pulumi/pulumi";
import { toWireProperties } from "../analyzer/values";
import { answerInvoke, InvokeContext } from "./invoke-mocks";
import { registerProgramTypeScript, typeErrorText } from "./program-typescript";
import { ProgramOutcome, ProgramRequest, RecordedResource, REQUEST_ENV } from "./recorded";
import { stackReferenceAnswer } from "./stack-outputs";

/** The parts of a protobuf request the recorder reads (RegisterResourceRequest/ReadResourceRequest). */
interface MonitorRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getDependenciesList(): string[];
  getCustom?(): boolean;
  getObject?(): { toJavaScript(): Record<string, unknown> } | undefined;
  getProperties?(): { toJavaScript(): Record<string, unknown> } | undefined;
  getPropertydependenciesMap?(): {
    forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void;
  };
}
interface MonitorResponse {
  getUrn(): string;
  getId?(): string;
}
type MonitorCallback = (error: unknown, response: MonitorResponse) => void;
interface MockMonitorShape {
  registerResource(request: MonitorRequest, callback: MonitorCallback): Promise<void>;
  readResource(request: MonitorRequest, callback: MonitorCallback): Promise<void>;
}

let reported = false;

/** Sends the outcome once, then exits. */
function report(outcome: ProgramOutcome): void {
  if (reported) {
    return;
  }
  reported = true;
  const exitCode = outcome.kind === "result" ? 0 : 1;
  if (process.send === undefined) {
    process.stderr.write(`${JSON.stringify(outcome)}\n`);
    process.exit(exitCode);
  }
  process.send(outcome, () => process.exit(exitCode));
}

/** The program's own message: no stack trace of the preview or of the Pulumi runtime. */
function outcomeOf(error: unknown): ProgramOutcome {
  const diagnostics = typeErrorText(error);
  if (diagnostics !== undefined) {
    return { kind: "type-error", diagnostics };
  }
  return { kind: "error", message: error instanceof Error ? error.message : String(error) };
}

function record(
  request: MonitorRequest,
  response: MonitorResponse,
  read: boolean,
): RecordedResource {
  const propertyDependencies: Record<string, string[]> = {};
  request.getPropertydependenciesMap?.().forEach((value, key) => {
    propertyDependencies[key] = value.getUrnsList();
  });
  const inputs = (read ? request.getProperties?.() : request.getObject?.())?.toJavaScript() ?? {};
  return {
    urn: response.getUrn(),
    id: response.getId?.() ?? "",
    type: request.getType(),
    name: request.getName(),
    custom: read ? true : (request.getCustom?.() ?? false),
    read,
    parent: request.getParent(),
    provider: request.getProvider(),
    dependencies: request.getDependenciesList(),
    propertyDependencies,
    inputs: toWireProperties(inputs),
  };
}

async function main(): Promise<void> {
  const request = JSON.parse(process.env[REQUEST_ENV] ?? "null") as ProgramRequest | null;
  if (request === null) {
    throw new Error(`${REQUEST_ENV} is not set: this file is run by the offline preview`);
  }
  // The config the CLI's language host would set, before the SDK first reads it.
  process.env.PULUMI_CONFIG = JSON.stringify(request.config);
  process.env.PULUMI_CONFIG_SECRET_KEYS = "[]";
  process.chdir(request.directory);

  // The program's own copy of the SDK, from the project (as the language host finds it): mocks
  // must be set on the instance the program uses.
  let sdkPath: string;
  try {
    sdkPath = require.resolve("@pulumi/pulumi", { paths: [request.directory] });
  } catch {
    throw new Error(
      `@pulumi/pulumi cannot be found from ${request.directory}: install the project's ` +
        "dependencies first (npm install)",
    );
  }
  const pulumi = (await import(sdkPath)) as typeof pulumiModule;
  if (request.typescript !== undefined) {
    registerProgramTypeScript(path.dirname(sdkPath), request.typescript);
  }

  const resources: RecordedResource[] = [];
  const providerInputs = (reference: string | undefined): Record<string, unknown> | undefined => {
    if (reference === undefined || reference === "") {
      return undefined;
    }
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    const provider = resources.find((resource) => resource.urn === urn);
    return provider?.inputs as Record<string, unknown> | undefined;
  };

  await pulumi.runtime.setMocks(
    {
      newResource: (args) =>
        // A stack reference is answered with its --stack-outputs (./stack-outputs.ts).
        stackReferenceAnswer(args, request.stackOutputs) ?? {
          // Components have no id; custom resources get a predictable one.
          id: args.custom ? `${args.name}-id` : undefined,
          state: args.inputs,
        },
      call: (args) => {
        const context: InvokeContext = {
          config: request.config,
          providerInputs: providerInputs(args.provider),
          env: process.env,
        };
        try {
          return answerInvoke(args.token, args.inputs as Record<string, unknown>, context);
        } catch (error) {
          // The SDK turns a failed invoke into `new Error(err.details)`, as for a gRPC error.
          throw Object.assign(error as Error, { details: (error as Error).message });
        }
      },
    },
    request.project,
    request.stack,
    true, // a preview, as `pulumi preview`
  );

  // Resources are reported in the order the program registered them (the order the engine steps
  // through them), not the order the mock answered.
  const started: { order: number; resource: RecordedResource }[] = [];
  let registrations = 0;
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitorShape;
  for (const [method, read] of [
    ["registerResource", false],
    ["readResource", true],
  ] as const) {
    const original = monitor[method].bind(monitor);
    monitor[method] = (req, callback) => {
      const order = registrations++;
      return original(req, (error, response) => {
        if (!error) {
          started.push({ order, resource: record(req, response, read) });
          resources.push(started[started.length - 1].resource);
        }
        callback(error, response);
      });
    };
  }

  // Like the Node.js language host: require the program; an exported function is called and an
  // exported promise awaited.
  const exported = (await import(request.main)) as unknown;
  const entry = (exported as { default?: unknown }).default ?? exported;
  if (typeof entry === "function") {
    await (entry as () => unknown)();
  } else {
    await entry;
  }
  // Wait until every registration the program started has reached the monitor.
  const settings = pulumi.runtime as unknown as { waitForRPCs(): Promise<void> };
  await settings.waitForRPCs();
  // Let callbacks of the last registrations run.
  await new Promise((resolve) => setImmediate(resolve));
  started.sort((a, b) => a.order - b.order);
  report({ kind: "result", resources: started.map((entry) => entry.resource) });
}

// Orphaned (the preview died or killed the channel): stop rather than linger.
process.on("disconnect", () => process.exit(1));
process.on("uncaughtException", (error) => report(outcomeOf(error)));
process.on("unhandledRejection", (error) => report(outcomeOf(error)));
main().catch((error: unknown) => report(outcomeOf(error)));
