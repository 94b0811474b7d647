import { StackValidationPolicy } from "@pulumi/policy";
import {
  describePlacement,
  hasOwnRegion,
  placeResource,
  REGISTRY_POLICY_TYPE,
  REPLICATION_CONFIGURATION_TYPE,
} from "../../components/model/analysis";
import { checkStack, Finding } from "../support/findings";
import { ResourceView } from "../support/resource-view";

/**
 * The singletons of a registry: one registry policy and one replication configuration per account
 * and region (ECR API `PutRegistryPolicy`, `PutReplicationConfiguration`: each replaces the
 * registry's whole document; terraform-provider-aws #35940, #42808).
 */
const SINGLETONS = [
  { type: REGISTRY_POLICY_TYPE, what: "aws.ecr.RegistryPolicy", holds: "registry policy" },
  {
    type: REPLICATION_CONFIGURATION_TYPE,
    what: "aws.ecr.ReplicationConfiguration",
    holds: "replication configuration",
  },
];

/**
 * The types the policy reads; it never looks at other resources. No `onlyWith`: either type alone
 * can break the rule, and `@pulumi/policy` skips a stack policy for one type only.
 */
const SINGLETON_TYPES = SINGLETONS.map((singleton) => singleton.type);

/**
 * The registry a resource writes to, as a grouping key (`<account>|<region>`, either part possibly
 * its provider's URN) and a label, or undefined if it cannot be told. Where the account or region
 * is unknown, resources with the same provider (and no region of their own) still share it: the
 * provider decides both. Not the model's `registryKey`, which names a known registry.
 */
function registryWrittenBy(resource: ResourceView): { key: string; label: string } | undefined {
  const placement = placeResource(resource);
  const providerKey =
    resource.providerUrn === undefined ? undefined : `provider ${resource.providerUrn}`;
  const account = placement.account?.value ?? providerKey;
  const region = placement.region?.value ?? (hasOwnRegion(resource) ? undefined : providerKey);
  if (account === undefined || region === undefined) {
    return undefined;
  }
  return { key: `${account}|${region}`, label: describePlacement(placement) };
}

/**
 * At most one registry policy and one replication configuration per account and region in a
 * stack: each is a registry-wide singleton, so a second resource silently overwrites the first,
 * and deleting either wipes the whole document (terraform-provider-aws #35940, #42808).
 */
export const registrySingleton: StackValidationPolicy = {
  name: "ecr-registry-singleton",
  description:
    "Checks whether a stack has at most one ECR registry policy and one replication configuration per account and region.",
  enforcementLevel: "mandatory",
  validateStack: checkStack({ types: SINGLETON_TYPES }, undefined, (resources) => {
    const findings: Finding[] = [];
    for (const singleton of SINGLETONS) {
      const groups = new Map<string, { label: string; urns: string[] }>();
      for (const resource of resources.filter((r) => r.type === singleton.type)) {
        const registry = registryWrittenBy(resource);
        if (registry === undefined) {
          continue;
        }
        const group = groups.get(registry.key) ?? { label: registry.label, urns: [] };
        group.urns.push(resource.urn);
        groups.set(registry.key, group);
      }
      for (const { label, urns } of groups.values()) {
        for (const urn of urns.slice(1)) {
          findings.push({
            urn,
            message: `${urns.length} ${singleton.what} resources write the one ${singleton.holds} of registry ${label} (${urns.join(", ")}): a registry has one per region, so each overwrites the other and deleting one wipes it; keep exactly one`,
          });
        }
      }
    }
    return findings;
  }),
};
