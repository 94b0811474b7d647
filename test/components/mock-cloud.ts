/**
 * Pulumi's mock runtime for component tests: records every registered resource with its inputs
 * (from the mocks) and its options (parent, provider, dependsOn, from the monitor request).
 * Mocks are process-global: install them in a `before` of each spec file, `reset()` per test.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { locateRegistry } from "../../components/model/analysis";
import { ValidationError } from "../../components/model/core/problems";
import { StackOutputs, stackReferenceAnswer } from "../../tools/preview/stack-outputs";

/** A resource as the engine would have received it. */
export interface RegisteredResource {
  type: string;
  name: string;
  /** The URN of the parent, "" for none. */
  parent: string;
  /** The provider reference `<provider urn>::<id>`, "" for the default. */
  provider: string;
  /** URNs of `dependsOn`, in order. */
  dependencies: string[];
  custom: boolean;
  inputs: Record<string, unknown>;
}

/** The parts of a `RegisterResourceRequest` read here. */
interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getCustom(): boolean;
  getDependenciesList(): string[];
}

type RegisterResource = (request: RegisterRequest, callback: unknown) => unknown;

/** The mock cloud of one spec file. */
export class MockCloud {
  /** Resources registered since the last reset, in registration order. */
  readonly resources: RegisteredResource[] = [];
  /** Rejections nobody handled since the last reset: how a failing resource input surfaces. */
  readonly unhandledRejections: unknown[] = [];
  /**
   * The account of the ambient credentials: what `aws.getCallerIdentity` answers through the
   * default provider, and through a provider naming no account of its own (no single
   * `allowedAccountIds` entry, no role to assume), as AWS would. Undefined: such an invoke fails.
   */
  ambientAccountId: string | undefined;
  /** The region `aws.getRegion` answers through a provider without a `region` input. */
  ambientRegion = "us-east-1";
  /**
   * Outputs of the stacks a program may reference, by name: a `pulumi.StackReference` is read as
   * the offline preview reads it (tools/preview/stack-outputs.ts); one without outputs fails.
   */
  stackOutputs: StackOutputs = {};
  /** Every invoke answered, with the account or region it was answered with. */
  readonly invokes: { token: string; provider: string; answer: Record<string, unknown> }[] = [];
  private readonly inputs = new Map<string, Record<string, unknown>>();
  /** Provider inputs by provider id (`<name>-id`), as the latest registration gave them. */
  private readonly providerInputs = new Map<string, Record<string, unknown>>();
  private sentinels = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly onUnhandled = (reason: unknown): void => {
    this.unhandledRejections.push(reason);
    this.waiters.splice(0).forEach((wake) => wake());
  };

  /**
   * Installs the mocks (project and stack given) and starts recording; `ambientAccountId` is the
   * account of the ambient credentials (see {@link ambientAccountId}); `preview`: a dry run.
   */
  async install(
    project = "project",
    stack = "stack",
    ambientAccountId?: string,
    preview = false,
  ): Promise<void> {
    this.ambientAccountId = ambientAccountId;
    await pulumi.runtime.setMocks(
      {
        newResource: (args: pulumi.runtime.MockResourceArgs) => {
          this.inputs.set(`${args.type}::${args.name}`, args.inputs);
          if (args.type.startsWith("pulumi:providers:")) {
            this.providerInputs.set(`${args.name}-id`, args.inputs);
          }
          return (
            stackReferenceAnswer(args, this.stackOutputs) ?? {
              id: `${args.name}-id`,
              state: args.inputs,
            }
          );
        },
        call: (args: pulumi.runtime.MockCallArgs) => {
          const answer = this.answer(args);
          this.invokes.push({ token: args.token, provider: args.provider ?? "", answer });
          return answer;
        },
      },
      project,
      stack,
      preview,
    );
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource: RegisterResource;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (request, callback) => {
      this.resources.push({
        type: request.getType(),
        name: request.getName(),
        parent: request.getParent(),
        provider: request.getProvider(),
        dependencies: request.getDependenciesList(),
        custom: request.getCustom(),
        // Filled in by `resource()`: the mocks see the deserialized inputs after this request.
        inputs: {},
      });
      return register(request, callback);
    };
    process.on("unhandledRejection", this.onUnhandled);
  }

  /**
   * An invoke's answer. Through a provider, as AWS would answer it: `getCallerIdentity` with the
   * account the provider is limited to or assumes a role in (read as the pack reads it,
   * analysis `locateRegistry`), else the ambient account; `getRegion` with its `region` input, else
   * the ambient region. Other invokes echo their inputs.
   */
  private answer(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    const reference = args.provider ?? "";
    const inputs =
      reference === ""
        ? undefined
        : this.providerInputs.get(reference.slice(reference.lastIndexOf("::") + 2));
    switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity": {
        const accountId =
          (inputs && locateRegistry({ props: {}, providerProps: inputs }).account?.value) ??
          this.ambientAccountId;
        if (accountId === undefined) {
          throw new Error(
            `the mock cloud has no ambient account for ${reference || "the default provider"}`,
          );
        }
        return {
          accountId,
          arn: `arn:aws:iam::${accountId}:root`,
          id: accountId,
          userId: accountId,
        };
      }
      case "aws:index/getRegion:getRegion": {
        const region = typeof inputs?.region === "string" ? inputs.region : this.ambientRegion;
        return { id: region, name: region, region };
      }
      default:
        return args.inputs as Record<string, unknown>;
    }
  }

  /** Stops collecting unhandled rejections. */
  uninstall(): void {
    process.off("unhandledRejection", this.onUnhandled);
  }

  /**
   * The unhandled rejections once there are `count` of them: a resource whose input fails never
   * completes its registration, so this is how a test waits for the failure to surface.
   */
  async unhandled(count: number): Promise<unknown[]> {
    while (this.unhandledRejections.length < count) {
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return [...this.unhandledRejections];
  }

  /**
   * Forgets the registrations a test made fail on purpose: they never settle, so the runtime
   * would report them as leaked promises when the process exits. Call once the failure surfaced.
   */
  forgetFailedRegistrations(): void {
    // Internal to @pulumi/pulumi (runtime/debuggable, @internal): returns and clears the set.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as {
      leakedPromises(): unknown;
    };
    debuggable.leakedPromises();
  }

  /** Forgets what was recorded. */
  reset(): void {
    this.resources.length = 0;
    this.unhandledRejections.length = 0;
    this.invokes.length = 0;
    this.inputs.clear();
  }

  /** The one recorded resource of this type and name, with its inputs; fails if there is none. */
  resource(type: string, name: string): RegisteredResource {
    const found = this.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    }
    return { ...found[0], inputs: this.inputs.get(`${type}::${name}`) ?? {} };
  }

  /**
   * `[type, name]` of every resource whose registration reached the monitor before that of a
   * sentinel component registered now (and left out). A component registers at once; children
   * waiting for inputs may come later, so use this to show that nothing was registered at all.
   */
  async settledSummary(): Promise<[string, string][]> {
    const sentinel = new pulumi.ComponentResource(
      "test:index:Sentinel",
      `sentinel-${++this.sentinels}`,
    );
    await valueOf(sentinel.urn);
    return this.summary().filter(([type]) => type !== "test:index:Sentinel");
  }

  /** Waits until a resource of this type and name has been registered (at most `ms`). */
  async registered(type: string, name: string, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!this.resources.some((r) => r.type === type && r.name === name)) {
      assert.ok(Date.now() < deadline, `${type} ${name} was not registered within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // Registered means requested: let the mocks see its inputs too.
    while (!this.inputs.has(`${type}::${name}`)) {
      assert.ok(Date.now() < deadline, `${type} ${name} did not reach the mocks within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** `[type, name]` of every recorded resource, in registration order. */
  summary(): [string, string][] {
    return this.resources.map((r) => [r.type, r.name]);
  }
}

/**
 * The value of an output, or its error. Uses the output's internal promise (not `apply`) so a
 * rejected output rejects here instead of never settling.
 */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return (output as unknown as { promise(): Promise<T> }).promise();
}

/** The URN of a mock resource: `urn:pulumi:<stack>::<project>::<parent types$type>::<name>`. */
export function urn(types: string[], name: string, project = "project", stack = "stack"): string {
  return `urn:pulumi:${stack}::${project}::${types.join("$")}::${name}`;
}

/** The ValidationError an output rejects with; fails if it resolves or rejects otherwise. */
export async function failure(output: pulumi.Output<unknown>): Promise<ValidationError> {
  try {
    const value = await valueOf(output);
    assert.fail(`expected a ValidationError, got the value ${JSON.stringify(value)}`);
  } catch (error) {
    assert.ok(error instanceof ValidationError, String(error));
    return error;
  }
}
