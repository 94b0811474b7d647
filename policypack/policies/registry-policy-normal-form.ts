import { ResourceValidationArgs, ResourceValidationPolicy, Secret } from "@pulumi/policy";
import {
  readRegistryPolicyResource,
  REGISTRY_POLICY_TYPE,
  RegistryPolicyResource,
  underPolicy,
} from "../../components/model/analysis";
import { isPlainObject, Partition, partitionOf, REGION_PATTERN } from "../../components/model/core";
import {
  checkRegistryPolicyNormalForm,
  toNormalForm,
} from "../../components/model/registry-policy";
import { problemFindings } from "../support/findings";
import { checkRegistryPolicies } from "../support/registry-policies";
import { viewOf } from "../support/resource-view";

/**
 * The partition of the registry a policy belongs to, which a bare account id's `:root` ARN is
 * written in: its region's when the region is known and well formed, else the one partition the
 * policy's own ARNs name; undefined otherwise (never a guessed `aws`).
 */
function registryPartition(read: RegistryPolicyResource): Partition | undefined {
  const region = read.placement.region?.value;
  if (region !== undefined) {
    return REGION_PATTERN.test(region) ? partitionOf(region) : undefined;
  }
  return read.namedPartitions.length === 1 ? read.namedPartitions[0] : undefined;
}

/**
 * `@pulumi/policy` hands a remediation its props behind proxies that unwrap secrets when read;
 * this key returns what a proxy wraps (`proxy.js`, `getSpecialProxyTarget`).
 */
const PROXY_TARGET_KEY = "__getSpecialProxyTarget";

/** The raw props under `@pulumi/policy`'s proxies, secrets still wrapped as `Secret`. */
function rawProperties(props: unknown): Record<string, unknown> | undefined {
  let raw = props;
  while (
    isPlainObject(raw) &&
    isPlainObject(raw[PROXY_TARGET_KEY]) &&
    raw[PROXY_TARGET_KEY] !== raw
  ) {
    raw = raw[PROXY_TARGET_KEY];
  }
  return isPlainObject(raw) ? raw : undefined;
}

/** True if a secret is nested anywhere inside the value (a remediation must not reveal it). */
function holdsSecret(value: unknown): boolean {
  if (value instanceof Secret) {
    return true;
  }
  if (Array.isArray(value)) {
    return value.some(holdsSecret);
  }
  return isPlainObject(value) && Object.values(value).some(holdsSecret);
}

/**
 * The resource's properties with `policy` in normal form (`toNormalForm` of
 * components/model/registry-policy: bare account ids as `:root` ARNs, Sids renamed), or undefined
 * when it needs nothing or cannot be rewritten without changing who may do what. A text policy
 * stays text (compact JSON), an object stays an object, a secret stays a secret; a policy unknown
 * until apply, or with a secret inside it, is left alone.
 */
function remediateNormalForm(args: ResourceValidationArgs): Record<string, unknown> | undefined {
  if (args.type !== REGISTRY_POLICY_TYPE) {
    return undefined;
  }
  const raw = rawProperties(args.props);
  const written = raw?.policy;
  const secret = written instanceof Secret;
  const document: unknown = secret ? written.value : written;
  if (raw === undefined || holdsSecret(document)) {
    return undefined;
  }
  const read = readRegistryPolicyResource(viewOf(args));
  if (read.unknownPaths.length > 0 || read.policy === undefined) {
    return undefined;
  }
  const normal = toNormalForm(document, { partition: registryPartition(read) });
  if (normal === undefined) {
    return undefined;
  }
  const policy = typeof document === "string" ? JSON.stringify(normal) : normal;
  return { ...raw, policy: secret ? new Secret(policy) : policy };
}

/**
 * Advisory: every registry policy is in the normal form IAM's grammar prefers, which ECR does not
 * insist on, so nothing here blocks a deployment (ecr-registry-policy-valid reports what ECR
 * refuses). Evidence that ECR accepts these: a registry policy read back from a live account
 * carries the Sid `stis-1`, and the ECR user guide's "Private registry policy examples" ("Allow
 * multiple accounts") repeats the Sid `ReplicationAccessCrossAccount`. A bare account id as a
 * principal means the same account as its `:root` ARN, but AWS may store it rewritten, a
 * perpetual diff (hashicorp/terraform-provider-aws #1546). The rules are
 * `checkRegistryPolicyNormalForm` of components/model/registry-policy. At level `remediate` the
 * pack rewrites the policy into that form instead (see {@link remediateNormalForm}), only where
 * the rewrite changes nothing of who may do what.
 */
export const registryPolicyNormalForm: ResourceValidationPolicy = {
  name: "ecr-registry-policy-normal-form",
  description:
    "Checks whether an ECR registry policy is in IAM's normal form: Sids of letters and digits, unique within the policy, and account principals written as ARNs.",
  enforcementLevel: "advisory",
  validateResource: checkRegistryPolicies(undefined, ({ read, policy }) =>
    problemFindings(
      checkRegistryPolicyNormalForm(policy, { registry: read.registry }).map(underPolicy),
    ),
  ),
  remediateResource: remediateNormalForm,
};
