/** The source half of replication: the one replication configuration of a registry. */
import * as ecr from "@pulumi/aws/ecr";
import * as pulumi from "@pulumi/pulumi";
import { RegistryLocation } from "./model/core";
import {
  CrossAccountRoute,
  planReplication,
  ReplicationPlan,
  ReplicationRoutesOutput,
  replicationRoutesOutput,
  ReplicationRouteSummary,
  ReplicationRule,
} from "./model/replication";
import { plannedOf, plannedProviderSite } from "./planned";
import { gatedOn, optsProviderSite, providerAccountChecked } from "./provider-account";
import { Registry } from "./registry-replication-policy";
import { TYPE_PREFIX } from "./tokens";
import {
  buildFromInput,
  sourceAndDestinationRegions,
  throwIfNotRegistry,
  unknownsAsOutputs,
  warnOfUnlistedRegions,
} from "./validated-input";

/** Replicate the repositories starting with one of `repositoryPrefixes` to every destination. */
export interface RegistryReplicationRoute {
  /** The registries that receive the images; at least one, never the source itself. */
  destinations: pulumi.Input<pulumi.Input<Registry>[]>;
  /**
   * Repository name prefixes, matched as plain string prefixes (`prod` also matches
   * `production-db`); at least one, because a rule without filters replicates every repository.
   */
  repositoryPrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Whether the destination registries in other accounts must let replication create missing
   * repositories (`ecr:CreateRepository`): what the `ecrReplicationRoutes` output asks of them.
   * Default true; false means every replicated repository must already exist there.
   */
  allowCreateRepository?: pulumi.Input<boolean>;
}

/**
 * `RegistryReplicationRoute` by its earlier name (schema names have no `Args`: the SDKs add it).
 */
export type ReplicationRouteArgs = RegistryReplicationRoute;

/** Arguments of `RegistryReplication`. */
export interface RegistryReplicationArgs {
  /** The registry whose images are replicated (and which holds the configuration). */
  source: Registry;
  /** Where its repositories go. */
  routes: pulumi.Input<pulumi.Input<RegistryReplicationRoute>[]>;
}

/**
 * The replication configuration of one ECR registry, built from routes: rules merged and split to
 * ECR's limits, validated before deployment (a ValidationError naming every bad property, e.g.
 * `routes[0].repositoryPrefixes`).
 *
 * A cross-account destination also needs a registry policy allowing the source (see
 * `RegistryReplicationPolicy`, or `CrossAccountReplication` for both halves); without it
 * replication fails at run time, never at deploy. The replication configuration is a singleton
 * per registry: this component must be its only writer. It is written only through a provider
 * acting in the source's account (`opts.provider`, the parent's, or the default provider):
 * another account's fails the preview with both account ids.
 */
export class RegistryReplication extends pulumi.ComponentResource {
  /** The rules, as deployed. */
  public readonly rules: pulumi.Output<ReplicationRule[]>;
  /** Who replicates what where. */
  public readonly routes: pulumi.Output<ReplicationRouteSummary[]>;
  /**
   * What each destination registry in another account must grant, keyed `<accountId>/<region>`,
   * in the shape `RegistryReplicationPolicy`'s `sources` takes: export it as the stack output
   * `ecrReplicationRoutes` for the destination stacks (`replicationSourcesFromStacks`).
   */
  public readonly ecrReplicationRoutes: pulumi.Output<ReplicationRoutesOutput>;
  /** The `aws.ecr.ReplicationConfiguration` holding the rules. */
  public readonly replicationConfiguration: ecr.ReplicationConfiguration;

  constructor(name: string, args: RegistryReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    // Validated first: with known inputs a bad one throws before any resource is registered. A
    // CrossAccountReplication passes the rules and routes its plan built (./planned): deployed as
    // is. No args at all (null, undefined) reads as every argument missing, each refused at its path.
    // Values unknown at preview arrive from other languages as outputs (./validated-input).
    const given: Partial<RegistryReplicationArgs> = unknownsAsOutputs(args ?? {});
    const built =
      plannedOf<ReplicationPlan>(args) ??
      buildFromInput({ source: given.source, routes: given.routes }, ({ source, routes }) =>
        planReplication(source as RegistryLocation, routes as CrossAccountRoute[]),
      );
    // With routes still unknown the build waits for them, but a source that is not even an
    // object has no region to write the configuration in: refused now, as the build would refuse it.
    throwIfNotRegistry(given.source, "source", "invalid replication source");
    super(`${TYPE_PREFIX}RegistryReplication`, name, {}, opts);
    this.rules = built.apply((replication) => replication.rules);
    this.routes = built.apply((replication) => replication.routes);
    this.ecrReplicationRoutes = this.routes.apply(replicationRoutesOutput);
    // Written only through a provider of the source's account (./provider-account): the rules
    // wait for that check, so a provider of another account fails before anything is written.
    const accountChecked = providerAccountChecked(
      this,
      (given.source as Registry).accountId,
      plannedProviderSite(args) ?? optsProviderSite("source"),
    );
    this.replicationConfiguration = new ecr.ReplicationConfiguration(
      name,
      {
        // As given, not behind validation: unknown prefixes must not hide the registry.
        region: (given.source as Registry).region,
        replicationConfiguration: { rules: gatedOn(this.rules, accountChecked) },
      },
      { parent: this },
    );
    if (plannedOf(args) === undefined) {
      // A CrossAccountReplication warns itself, once, at the same paths.
      warnOfUnlistedRegions(sourceAndDestinationRegions(given.source, given.routes), this);
    }
    this.registerOutputs({
      rules: this.rules,
      routes: this.routes,
      ecrReplicationRoutes: this.ecrReplicationRoutes,
      replicationConfiguration: this.replicationConfiguration,
    });
  }
}
