import { WireValue } from "./values";

/** How a policy violation is treated (@pulumi/policy `EnforcementLevel`). */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** Every enforcement level, in the order the CLI's config schema lists them. */
export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = [
  "advisory",
  "mandatory",
  "remediate",
  "disabled",
];

/** A JSON schema fragment, as a policy's `configSchema.properties` values are. */
export type JsonSchema = { [keyword: string]: unknown };

/** One policy as GetAnalyzerInfo describes it. */
export interface PolicyInfo {
  name: string;
  displayName: string;
  description: string;
  enforcementLevel: EnforcementLevel;
  /** Resource policies run on Analyze, stack policies on AnalyzeStack. */
  policyType: "resource" | "stack" | "unknown";
  /** The policy's config schema; absent when it takes no config. */
  configSchema?: { properties: Record<string, JsonSchema>; required: string[] };
}

/** The configuration of one policy as Configure sends it: a level plus properties. */
export interface PolicyConfig {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

/** What a policy pack says about itself (GetAnalyzerInfo). */
export interface AnalyzerInfo {
  name: string;
  displayName: string;
  version: string;
  supportsConfig: boolean;
  policies: PolicyInfo[];
  /** Config the pack's constructor was given in code (`new PolicyPack(name, args, initialConfig)`). */
  initialConfig: Record<string, PolicyConfig>;
}

/** A policy violation, as plain data. */
export interface Diagnostic {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  /** The resource the violation is about; empty when a stack policy names none. */
  urn: string;
}

/** The provider that manages a resource, as the engine sends it with each resource. */
export interface AnalyzerProvider {
  urn: string;
  /** `pulumi:providers:<package>`. */
  type: string;
  name: string;
  /** The provider's inputs (for aws: `region`, `allowedAccountIds`, ...). */
  properties: Record<string, unknown>;
}

/** One resource to analyze. Property values may hold {@link secret} wrappers and {@link UNKNOWN_STRING_VALUE}. */
export interface AnalyzerResource {
  urn: string;
  type: string;
  name: string;
  properties: Record<string, unknown>;
  provider?: AnalyzerProvider;
  /** The parent's URN; empty or absent for none. */
  parent?: string;
  /** URNs this resource depends on (explicit `dependsOn` and property dependencies). */
  dependencies?: string[];
  /** For each property, the URNs its value came from. */
  propertyDependencies?: Record<string, string[]>;
}

/** A resource's properties once encoded for the wire (see `toWireProperties`). */
export type WireProperties = { [key: string]: WireValue };
