/**
 * The destination side of replication across stacks: routes another stack exports (its
 * `ecrReplicationRoutes` output, read here through a `pulumi:pulumi:StackReference`) into a
 * registry whose policy is among these resources, judged against that policy exactly as a route
 * of a replication configuration in the same stack is (./policy-judgement.ts). Routes into
 * registries whose policy is not here are left alone: they belong to the check of the stack that
 * owns that policy. What cannot be read (outputs unknown until apply, an output of the wrong
 * shape) is "unverified", never authorised.
 *
 * What the engine sends of a stack reference: it is a read of the built-in provider, its inputs
 * `{ name }` and its outputs `{ name, outputs, secretOutputNames }` (pulumi/pulumi
 * `pkg/resource/deploy/builtins.go`, `readStackReference`), secrets kept wrapped. AnalyzeStack is
 * sent a resource's outputs. Only `pulumi policy analyze` (CLI 3.229 and later,
 * `pkg/resource/deploy/analyze_snapshot.go`) sends read resources to a pack; `pulumi preview` and
 * `pulumi up` send none (reads are kept apart from registrations, `step_executor.go`, and
 * `AnalyzeResources` in `step_generator.go` ranges over registrations only: pulumi/pulumi#3950).
 */
import { findUnknowns, isPlainObject, isUnknown, RegistryLocation, revealSecrets } from "../core";
import {
  checkReplicationRoutesEntry,
  referencedRoutesPath,
  REPLICATION_ROUTES_OUTPUT,
  RequestedGrant,
} from "../replication";
import {
  ArrivingRepositories,
  describePrefixes,
  RouteAnalysisOptions,
  RouteStatus,
  Verdict,
  worstStatus,
} from "./analysed-route";
import { competingPolicies, indexPolicies, PolicyIndex } from "./destination-judgement";
import { judgePolicy } from "./policy-judgement";
import { RegistryPolicyResource, ResourceSnapshot } from "./registry-policy-resource";

/** The type token of a stack reference (`@pulumi/pulumi` `StackReference`). */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/** One grant a referenced stack requests from a registry whose policy is among the resources, judged. */
export interface ReferencedRoute {
  /** URN of the stack reference. */
  stackReference: string;
  /** The referenced stack's name. */
  stack: string;
  /** Where in its output: `stack reference '<stack>' ecrReplicationRoutes['<registry>'][<grant>]`. */
  path: string;
  /** The grant's index in the output's list for the destination. */
  grant: number;
  /** The source registry's account. */
  sourceAccount: string;
  destination: RegistryLocation;
  prefixes: string[];
  status: RouteStatus;
  /** Undefined where it is not known (and for routes that cannot replicate at all). */
  repositories?: ArrivingRepositories;
  /** URN of the destination's registry policy, where a finding about the route belongs. */
  registryPolicy: string;
  verdicts: Verdict[];
}

/** A stack reference whose routes (or part of them) could not be read: never authorised. */
export interface UnreadableReference {
  /** URN of the stack reference, where the finding belongs. */
  stackReference: string;
  stack: string;
  /** Why, in one sentence. */
  reason: string;
}

/** The referenced routes of a set of resources. */
export interface ReferencedRouteAnalysis {
  routes: ReferencedRoute[];
  unreadable: UnreadableReference[];
}

/** `111111111111 -> 222222222222 in us-west-2 ('prod-', 'shared/')`, for messages. */
export function describeReferencedRoute(route: ReferencedRoute): string {
  const { accountId, region } = route.destination;
  return `${route.sourceAccount} -> ${accountId} in ${region} (${describePrefixes(route.prefixes)})`;
}

/** The referenced stack's name: its `name` output, else the resource's name. */
function stackName(resource: ResourceSnapshot): string {
  const name = revealSecrets(resource.props.name);
  if (typeof name === "string" && !isUnknown(name)) {
    return name;
  }
  return resource.name ?? resource.urn.slice(resource.urn.lastIndexOf("::") + 2);
}

/** One entry of a referenced stack's output for a registry whose policy is among the resources. */
interface ReferencedEntry {
  keyPath: string;
  destination: RegistryLocation;
  grants: RequestedGrant[];
  policies: RegistryPolicyResource[];
}

/**
 * Reads a stack reference's `ecrReplicationRoutes` output: its entries for registries whose policy
 * is among the resources (`policies`), and why any of them (or the whole output) cannot be read.
 * A stack that exports no such output requests nothing.
 */
function readReferencedEntries(
  resource: ResourceSnapshot,
  stack: string,
  policies: PolicyIndex,
): { entries: ReferencedEntry[]; unreadable: string[] } {
  const path = referencedRoutesPath(stack);
  // A read whose name is unknown is not run at preview: the engine then sends no outputs at all.
  const outputs = revealSecrets(resource.props.outputs);
  if (!isPlainObject(outputs)) {
    const what =
      isUnknown(outputs) || outputs === undefined ? "unknown until apply" : "not an object";
    return {
      entries: [],
      unreadable: [
        `the outputs of stack reference '${stack}' are ${what}, so the routes it may request into this stack's registries could not be verified`,
      ],
    };
  }
  if (!Object.prototype.hasOwnProperty.call(outputs, REPLICATION_ROUTES_OUTPUT)) {
    return { entries: [], unreadable: [] };
  }
  const routes = outputs[REPLICATION_ROUTES_OUTPUT];
  if (isUnknown(routes)) {
    return {
      entries: [],
      unreadable: [
        `${path} is unknown until apply, so the routes it requests could not be verified`,
      ],
    };
  }
  if (!isPlainObject(routes)) {
    return {
      entries: [],
      unreadable: [
        `${path} cannot be read, so the routes it requests could not be verified: must be an object of grant lists keyed '<accountId>/<region>'`,
      ],
    };
  }
  const read: { entries: ReferencedEntry[]; unreadable: string[] } = {
    entries: [],
    unreadable: [],
  };
  for (const key of Object.keys(routes)) {
    const found = policies.byRegistry.get(key);
    if (found === undefined) {
      continue; // not a registry of this stack (or not a registry at all): another stack's check
    }
    const keyPath = `${path}['${key}']`;
    const unknownPaths = findUnknowns(routes[key], keyPath);
    const problems =
      unknownPaths.length > 0 ? [] : checkReplicationRoutesEntry(key, routes[key], keyPath);
    if (unknownPaths.length > 0) {
      read.unreadable.push(
        `${unknownPaths.join(", ")} ${unknownPaths.length === 1 ? "is" : "are"} unknown until apply, so its routes could not be verified`,
      );
    } else if (problems.length > 0) {
      const listed = problems.map((p) => `${p.path}: ${p.message}`).join("; ");
      read.unreadable.push(
        `${keyPath} cannot be read, so its routes could not be verified: ${listed}`,
      );
    } else {
      // Valid: the key is a registry `<accountId>/<region>`, the entry a list of grants.
      const slash = key.indexOf("/");
      read.entries.push({
        keyPath,
        destination: { accountId: key.slice(0, slash), region: key.slice(slash + 1) },
        grants: routes[key] as RequestedGrant[],
        policies: found,
      });
    }
  }
  return read;
}

/** The verdicts of one requested grant against the destination's policies among the resources. */
function judgeGrant(
  grant: RequestedGrant,
  entry: ReferencedEntry,
  options: RouteAnalysisOptions,
): { verdicts: Verdict[]; repositories?: ArrivingRepositories } {
  const { destination, policies } = entry;
  if (policies.length > 1) {
    return {
      verdicts: [competingPolicies(policies, `${destination.accountId} in ${destination.region}`)],
    };
  }
  // A source that asks for no creation (allowCreateRepository: false) needs none granted.
  return judgePolicy(
    policies[0],
    destination,
    grant.accountId,
    grant.repositoryPrefixes,
    grant.allowCreateRepository === false ? { ...options, preExistingRepositories: true } : options,
  );
}

/**
 * The routes requested into this stack's registries by every stack reference among `resources`,
 * judged against their registry policies (`index`, indexed here when not given), and the
 * references whose routes could not be read. Nothing is reported when no registry policy of a
 * known registry is among the resources. Several policies of one registry: reported once, on
 * the first (ecr-registry-singleton reports the writers themselves).
 */
export function analyseReferencedRoutes(
  resources: readonly ResourceSnapshot[],
  options: RouteAnalysisOptions = {},
  index?: PolicyIndex,
): ReferencedRouteAnalysis {
  const analysis: ReferencedRouteAnalysis = { routes: [], unreadable: [] };
  const references = resources.filter((r) => r.type === STACK_REFERENCE_TYPE);
  // Most stacks reference no other stack: their registry policies need not be indexed again.
  const policies = references.length === 0 ? undefined : (index ?? indexPolicies(resources));
  if (policies === undefined || policies.byRegistry.size === 0) {
    return analysis;
  }
  for (const resource of references) {
    const stack = stackName(resource);
    const { entries, unreadable } = readReferencedEntries(resource, stack, policies);
    for (const reason of unreadable) {
      analysis.unreadable.push({ stackReference: resource.urn, stack, reason });
    }
    for (const entry of entries) {
      entry.grants.forEach((grant, index) => {
        const judged = judgeGrant(grant, entry, options);
        const status = worstStatus(judged.verdicts);
        const route: ReferencedRoute = {
          stackReference: resource.urn,
          stack,
          path: `${entry.keyPath}[${index}]`,
          grant: index,
          sourceAccount: grant.accountId,
          destination: entry.destination,
          prefixes: grant.repositoryPrefixes,
          status,
          registryPolicy: entry.policies[0].urn,
          verdicts: judged.verdicts,
        };
        if (judged.repositories !== undefined && status !== "broken") {
          route.repositories = judged.repositories;
        }
        analysis.routes.push(route);
      });
    }
  }
  return analysis;
}
