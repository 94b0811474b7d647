/**
 * Adopt: per registry read, the component inputs that reproduce what is deployed (its registry
 * policy: ./adopt-policy.ts; its replication configuration: ./adopt-replication.ts), built with
 * the components' own builders and checked against the deployed documents (./adoption-check.ts).
 * Everything not reproduced exactly is listed, one line each naming the file; what no component
 * here manages (repository creation templates, the account setting) is noted as left as deployed.
 */
import { RegistryLocation } from "../../components/model/core";
import { parseRegistryPolicy } from "../../components/model/iam";
import { RegistryGrant, RegistryPolicyScope } from "../../components/model/registry-policy";
import { ReplicationRoute } from "../../components/model/replication";
import { AuditedOrganisation, AuditedRegistry } from "./layout";
import { AdoptedStatement, adoptRegistryPolicy } from "./adopt-policy";
import { adoptReplication } from "./adopt-replication";
import { compareAccess, compareReplication } from "./adoption-check";

/** The adopted `RegistryReplicationPolicy` of a registry. */
export interface AdoptedPolicyInputs {
  /** The deployed policy's file. */
  file: string;
  sources: RegistryGrant[];
  /** Indices of the deployed statements the sources express. */
  asSources: number[];
  extraStatements: AdoptedStatement[];
  /** The policy JSON the components build from these inputs. */
  policyJson: string;
}

/** The adopted `RegistryReplication` of a registry. */
export interface AdoptedReplicationInputs {
  file: string;
  routes: ReplicationRoute[];
}

/** One registry adopted. */
export interface AdoptedRegistry {
  registry: RegistryLocation;
  /** REGISTRY_POLICY_SCOPE `V1`, which the policy component must be told; else undefined. */
  scope?: RegistryPolicyScope;
  registryPolicy?: AdoptedPolicyInputs;
  replication?: AdoptedReplicationInputs;
}

/** The adoption of an organisation. */
export interface Adoption {
  /** The registries with something to declare, by account then region. */
  registries: AdoptedRegistry[];
  /** What is reproduced with a change that keeps its meaning (a Sid renamed), one line each. */
  changes: string[];
  /** What is not reproduced exactly, one line each, naming the file. */
  notReproduced: string[];
  /** What stays as deployed because no component here manages it, one line each. */
  leftAsDeployed: string[];
}

/** The registry's policy scope from its account setting, when read. */
function scopeOf(registry: AuditedRegistry): string | undefined {
  return registry.accountSetting.state === "read"
    ? registry.accountSetting.output.value
    : undefined;
}

/** Adopts one registry into `adoption`. */
function adoptRegistry(audited: AuditedRegistry, adoption: Adoption): void {
  const registry = { accountId: audited.accountId, region: audited.region };
  const adopted: AdoptedRegistry = { registry };
  const setting = scopeOf(audited);
  const scope = setting === "V1" || setting === "V2" ? setting : undefined;
  if (scope === "V1") {
    adopted.scope = scope;
  }
  const { registryPolicy, replication, creationTemplates, accountSetting } = audited;
  if (registryPolicy.state === "read") {
    const file = registryPolicy.file;
    const policy = adoptRegistryPolicy(registry, registryPolicy.output.policyText, scope);
    adoption.changes.push(...policy.changes.map((line) => `${file}: ${line}`));
    adoption.notReproduced.push(...policy.notReproduced.map((line) => `${file}: ${line}`));
    const deployed = parseRegistryPolicy(registryPolicy.output.policyText).policy;
    const built =
      policy.built === undefined ? undefined : parseRegistryPolicy(policy.built.json).policy;
    adoption.notReproduced.push(
      ...compareAccess(registry, deployed, built).map((line) => `${file}: ${line}`),
    );
    if (policy.built === undefined) {
      adoption.leftAsDeployed.push(`${file}: no component declared; the policy stays as deployed`);
    } else {
      adopted.registryPolicy = {
        file,
        sources: policy.sources,
        asSources: policy.asSources,
        extraStatements: policy.extraStatements,
        policyJson: policy.built.json,
      };
    }
  }
  if (replication.state === "read" && replication.output.rules.length > 0) {
    const file = replication.file;
    const routes = adoptReplication(registry, replication.output.rules);
    adoption.notReproduced.push(...routes.notReproduced.map((line) => `${file}: ${line}`));
    adoption.notReproduced.push(
      ...compareReplication(replication.output.rules, routes.built ?? []).map(
        (line) => `${file}: ${line}`,
      ),
    );
    if (routes.built === undefined) {
      adoption.leftAsDeployed.push(
        `${file}: no component declared; the replication configuration stays as deployed`,
      );
    } else {
      adopted.replication = { file, routes: routes.routes };
    }
  }
  if (creationTemplates.state !== "absent") {
    adoption.leftAsDeployed.push(
      `${creationTemplates.file}: repository creation templates are not adopted; they stay as deployed`,
    );
  }
  if (accountSetting.state !== "absent") {
    adoption.leftAsDeployed.push(
      `${accountSetting.file}: the account setting stays as deployed${scope === "V1" ? " (the policy is declared with scope 'V1')" : ""}`,
    );
    if (setting !== undefined && scope === undefined) {
      adoption.notReproduced.push(
        `${accountSetting.file}: REGISTRY_POLICY_SCOPE '${setting}' is neither 'V1' nor 'V2'; the policy is built for 'V2'`,
      );
    }
  }
  if (adopted.registryPolicy !== undefined || adopted.replication !== undefined) {
    adoption.registries.push(adopted);
  }
}

/** Adopts every registry read (see the module comment). */
export function adoptOrganisation(organisation: AuditedOrganisation): Adoption {
  const adoption: Adoption = { registries: [], changes: [], notReproduced: [], leftAsDeployed: [] };
  for (const problem of organisation.problems) {
    adoption.notReproduced.push(`${problem.file}: ${problem.message}; not adopted`);
  }
  for (const registry of organisation.registries) {
    adoptRegistry(registry, adoption);
  }
  return adoption;
}
