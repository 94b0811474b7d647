/**
 * Example organisation, source side (stacks `prod` and `tools`): one registry's replication
 * configuration, and the stack output `ecrReplicationRoutes` telling every destination stack what
 * it must grant. The destination registries' policies are not written here: each belongs to its
 * workload account's stack (../workload), which reads this output through a StackReference.
 *
 * Stack config: `source` (`{ accountId, region }`) and `routes` (`[{ destinations,
 * repositoryPrefixes, allowCreateRepository? }]`), as `RegistryReplication` takes them.
 */
import * as pulumi from "@pulumi/pulumi";
import { RegistryLocation, RegistryReplication, ReplicationRouteArgs } from "../../../components";

const config = new pulumi.Config();

const replication = new RegistryReplication("build", {
  source: config.requireObject<RegistryLocation>("source"),
  routes: config.requireObject<ReplicationRouteArgs[]>("routes"),
});

/** What each destination registry must grant, keyed `<accountId>/<region>`: read by ../workload. */
export const ecrReplicationRoutes = replication.ecrReplicationRoutes;
/** Who replicates what where. */
export const routes = replication.routes;
