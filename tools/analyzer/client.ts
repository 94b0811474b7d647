/**
 * A client for a policy pack running as an analyzer plugin, speaking the analyzer gRPC protocol
 * with the stubs @pulumi/pulumi ships, and sending requests shaped as the Pulumi engine shapes them
 * (pulumi/pulumi `sdk/go/common/resource/plugin/analyzer_plugin.go`).
 */
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import { BootOptions, bootPolicyPack, PackProcess } from "./process";
import {
  AnalyzerInfo,
  AnalyzerProvider,
  AnalyzerResource,
  Diagnostic,
  EnforcementLevel,
  JsonSchema,
  PolicyConfig,
  PolicyInfo,
} from "./types";
import { toWireProperties } from "./values";

const LEVEL_FROM_WIRE: Record<analyzerProto.EnforcementLevel, EnforcementLevel> = {
  [analyzerProto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerProto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerProto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerProto.EnforcementLevel.REMEDIATE]: "remediate",
};

const LEVEL_TO_WIRE: Record<EnforcementLevel, analyzerProto.EnforcementLevel> = {
  advisory: analyzerProto.EnforcementLevel.ADVISORY,
  mandatory: analyzerProto.EnforcementLevel.MANDATORY,
  disabled: analyzerProto.EnforcementLevel.DISABLED,
  remediate: analyzerProto.EnforcementLevel.REMEDIATE,
};

/** The stack a pack is told about (ConfigureStack). */
export interface StackContext {
  stack: string;
  project: string;
  organization?: string;
  /** True for a preview. */
  dryRun: boolean;
  /** The stack config (`<namespace>:<key>` -> text). */
  config?: Record<string, string>;
  /** Stack tags, which policies read as `args.stackTags`. */
  tags?: Record<string, string>;
}

/** What one policy's remediation returned for a resource (Remediate). */
export interface Remediation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  /**
   * The resource's properties as the remediation rewrote them, in wire form (a secret is a
   * signature-wrapped object, as `secret` writes it); absent when only a diagnostic was returned.
   */
  properties?: Record<string, unknown>;
  /** Why the remediation could not run (such as an unknown value at preview); empty if none. */
  diagnostic: string;
}

/** A running policy pack and the calls the engine makes to it. */
export class AnalyzerClient {
  private closed = false;

  constructor(
    private readonly pack: PackProcess,
    private readonly rpc: analyzerRpc.AnalyzerClient,
  ) {}

  /** The pack's name, version and policies (with their config schemas). */
  async getAnalyzerInfo(): Promise<AnalyzerInfo> {
    const response = await this.call<Empty, analyzerProto.AnalyzerInfo>(
      "GetAnalyzerInfo",
      (request, callback) => this.rpc.getAnalyzerInfo(request, callback),
      new Empty(),
    );
    const initialConfig: Record<string, PolicyConfig> = {};
    response.getInitialconfigMap().forEach((config, policyName) => {
      initialConfig[policyName] = fromWireConfig(config);
    });
    return {
      name: response.getName(),
      displayName: response.getDisplayname(),
      version: response.getVersion(),
      supportsConfig: response.getSupportsconfig(),
      policies: response.getPoliciesList().map(fromWirePolicy),
      initialConfig,
    };
  }

  /**
   * Sends the policy config (every policy's level and properties, defaults already filled: see
   * `fillConfigDefaults`). Like the CLI, sends nothing when the config is empty.
   */
  async configure(config: Record<string, PolicyConfig>): Promise<void> {
    if (Object.keys(config).length === 0) {
      return;
    }
    const request = new analyzerProto.ConfigureAnalyzerRequest();
    for (const [policyName, policyConfig] of Object.entries(config)) {
      const wire = new analyzerProto.PolicyConfig();
      wire.setEnforcementlevel(LEVEL_TO_WIRE[policyConfig.enforcementLevel]);
      // Always set (possibly empty) properties: the pack calls toJavaScript() on them.
      wire.setProperties(toStruct(policyConfig.properties));
      request.getPolicyconfigMap().set(policyName, wire);
    }
    await this.call<analyzerProto.ConfigureAnalyzerRequest, Empty>(
      "Configure",
      (r, callback) => this.rpc.configure(r, callback),
      request,
    );
  }

  /**
   * Tells the pack which stack it checks, as the CLI does right after boot (ConfigureStack):
   * policies see the tags as `args.stackTags`.
   */
  async configureStack(stack: StackContext): Promise<void> {
    const request = new analyzerProto.AnalyzerStackConfigureRequest();
    request.setStack(stack.stack);
    request.setProject(stack.project);
    request.setOrganization(stack.organization ?? "");
    request.setDryRun(stack.dryRun);
    for (const [key, value] of Object.entries(stack.config ?? {})) {
      request.getConfigMap().set(key, value);
    }
    for (const [key, value] of Object.entries(stack.tags ?? {})) {
      request.getTagsMap().set(key, value);
    }
    await this.call<
      analyzerProto.AnalyzerStackConfigureRequest,
      analyzerProto.AnalyzerStackConfigureResponse
    >("ConfigureStack", (r, callback) => this.rpc.configureStack(r, callback), request);
  }

  /** Runs the resource policies on one resource (its inputs, before creation). */
  async analyze(resource: AnalyzerResource): Promise<Diagnostic[]> {
    const request = setAnalyzedResource(new analyzerProto.AnalyzeRequest(), resource);
    const response = await this.call<analyzerProto.AnalyzeRequest, analyzerProto.AnalyzeResponse>(
      `Analyze(${resource.urn})`,
      (r, callback) => this.rpc.analyze(r, callback),
      request,
    );
    // The engine files an Analyze diagnostic against the analyzed resource when the pack names
    // none (step generator: `OnPolicyViolation(new.URN, d)`); so do we.
    return response
      .getDiagnosticsList()
      .map(fromWireDiagnostic)
      .map((diagnostic) => ({ ...diagnostic, urn: diagnostic.urn || resource.urn }));
  }

  /**
   * Runs the remediations of the policies configured at level `remediate` on one resource, as the
   * engine does before Analyze: each returned rewrite is what the next one (and Analyze) sees.
   */
  async remediate(resource: AnalyzerResource): Promise<Remediation[]> {
    const request = setAnalyzedResource(new analyzerProto.AnalyzeRequest(), resource);
    const response = await this.call<analyzerProto.AnalyzeRequest, analyzerProto.RemediateResponse>(
      `Remediate(${resource.urn})`,
      (r, callback) => this.rpc.remediate(r, callback),
      request,
    );
    return response.getRemediationsList().map(fromWireRemediation);
  }

  /** Runs the stack policies over every resource of the stack. */
  async analyzeStack(resources: readonly AnalyzerResource[]): Promise<Diagnostic[]> {
    const request = new analyzerProto.AnalyzeStackRequest();
    request.setResourcesList(
      resources.map((resource) => {
        const wire = setAnalyzedResource(new analyzerProto.AnalyzerResource(), resource);
        wire.setParent(resource.parent ?? "");
        wire.setDependenciesList(resource.dependencies ?? []);
        for (const [property, urns] of Object.entries(resource.propertyDependencies ?? {})) {
          // The engine skips properties without dependencies.
          if (urns.length > 0) {
            const dependencies = new analyzerProto.AnalyzerPropertyDependencies();
            dependencies.setUrnsList(urns);
            wire.getPropertydependenciesMap().set(property, dependencies);
          }
        }
        return wire;
      }),
    );
    const response = await this.call<
      analyzerProto.AnalyzeStackRequest,
      analyzerProto.AnalyzeResponse
    >("AnalyzeStack", (r, callback) => this.rpc.analyzeStack(r, callback), request);
    return response.getDiagnosticsList().map(fromWireDiagnostic);
  }

  /** The pack process's id (gone once `close()` resolves). */
  get pid(): number | undefined {
    return this.pack.child.pid;
  }

  /** What the pack wrote to stderr so far (its log messages). */
  stderr(): string {
    return this.pack.stderr();
  }

  /** Closes the connection and kills the pack process; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) {
      return;
    }
    this.closed = true;
    this.rpc.close();
    this.pack.child.kill("SIGKILL");
    await this.pack.exited;
  }

  private call<Request, Response>(
    method: string,
    invoke: (
      request: Request,
      callback: (error: grpc.ServiceError | null, response: Response) => void,
    ) => unknown,
    request: Request,
  ): Promise<Response> {
    if (this.closed) {
      return Promise.reject(new Error(`${method}: the policy pack client is closed`));
    }
    return new Promise<Response>((resolve, reject) => {
      invoke(request, (error, response) => {
        if (error !== null) {
          const stderr = this.pack.stderr().trim();
          const detail = stderr === "" ? "" : `\npolicy pack stderr:\n${stderr}`;
          reject(new Error(`${method} failed: ${error.details || error.message}${detail}`));
          return;
        }
        resolve(response);
      });
    });
  }
}

/**
 * Boots the policy pack in `packDir` (see `bootPolicyPack`) and connects to it. The caller must
 * `close()` the client; the process is also killed if this process exits first.
 */
export async function startPolicyPack(
  packDir: string,
  options: BootOptions = {},
): Promise<AnalyzerClient> {
  const pack = await bootPolicyPack(packDir, options);
  const rpc = new analyzerRpc.AnalyzerClient(
    `127.0.0.1:${pack.port}`,
    grpc.credentials.createInsecure(),
    // The engine raises the message size limit to 400 MiB for large stacks; so do we.
    { "grpc.max_receive_message_length": 400 * 1024 * 1024 },
  );
  return new AnalyzerClient(pack, rpc);
}

function toStruct(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Record<string, JavaScriptValue>);
}

function toWireOptions(resource: AnalyzerResource): analyzerProto.AnalyzerResourceOptions {
  // Every request needs options (the pack refuses one without); the engine fills the parent here.
  const options = new analyzerProto.AnalyzerResourceOptions();
  options.setParent(resource.parent ?? "");
  options.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
  return options;
}

/** The setters of every wire resource message (AnalyzeRequest, AnalyzerResource, a provider). */
interface WireResource {
  setUrn(value: string): unknown;
  setType(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: Struct): unknown;
}

/** Sets a wire resource's urn, type, name and properties (in wire form). */
function setResourceFields<Wire extends WireResource>(
  wire: Wire,
  resource: AnalyzerResource | AnalyzerProvider,
): Wire {
  wire.setUrn(resource.urn);
  wire.setType(resource.type);
  wire.setName(resource.name);
  wire.setProperties(toStruct(toWireProperties(resource.properties)));
  return wire;
}

/** Sets what Analyze and AnalyzeStack both send of a resource: its fields, options and provider. */
function setAnalyzedResource<
  Wire extends WireResource & {
    setOptions(value?: analyzerProto.AnalyzerResourceOptions): unknown;
    setProvider(value?: analyzerProto.AnalyzerProviderResource): unknown;
  },
>(wire: Wire, resource: AnalyzerResource): Wire {
  setResourceFields(wire, resource);
  wire.setOptions(toWireOptions(resource));
  if (resource.provider !== undefined) {
    wire.setProvider(
      setResourceFields(new analyzerProto.AnalyzerProviderResource(), resource.provider),
    );
  }
  return wire;
}

function fromWireConfig(config: analyzerProto.PolicyConfig): PolicyConfig {
  return {
    enforcementLevel: LEVEL_FROM_WIRE[config.getEnforcementlevel()],
    properties: (config.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>,
  };
}

function fromWirePolicy(policy: analyzerProto.PolicyInfo): PolicyInfo {
  const schema = policy.getConfigschema();
  const policyType = policy.getPolicyType();
  const info: PolicyInfo = {
    name: policy.getName(),
    displayName: policy.getDisplayname(),
    description: policy.getDescription(),
    enforcementLevel: LEVEL_FROM_WIRE[policy.getEnforcementlevel()],
    policyType:
      policyType === analyzerProto.PolicyType.POLICY_TYPE_RESOURCE
        ? "resource"
        : policyType === analyzerProto.PolicyType.POLICY_TYPE_STACK
          ? "stack"
          : "unknown",
  };
  if (schema !== undefined) {
    info.configSchema = {
      properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>,
      required: schema.getRequiredList(),
    };
  }
  return info;
}

function fromWireRemediation(remediation: analyzerProto.Remediation): Remediation {
  const result: Remediation = {
    policyName: remediation.getPolicyname(),
    policyPackName: remediation.getPolicypackname(),
    policyPackVersion: remediation.getPolicypackversion(),
    description: remediation.getDescription(),
    diagnostic: remediation.getDiagnostic(),
  };
  const properties = remediation.getProperties();
  if (properties !== undefined) {
    result.properties = properties.toJavaScript() as Record<string, unknown>;
  }
  return result;
}

function fromWireDiagnostic(diagnostic: analyzerProto.AnalyzeDiagnostic): Diagnostic {
  return {
    policyName: diagnostic.getPolicyname(),
    policyPackName: diagnostic.getPolicypackname(),
    policyPackVersion: diagnostic.getPolicypackversion(),
    description: diagnostic.getDescription(),
    message: diagnostic.getMessage(),
    enforcementLevel: LEVEL_FROM_WIRE[diagnostic.getEnforcementlevel()],
    urn: diagnostic.getUrn(),
  };
}
