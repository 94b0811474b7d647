/**
 * What TypeScript can give the components beyond what the component package (plugin/) serves to
 * every language: the same classes, typed with a richer constructor. Only
 * `CrossAccountReplication` has more: `providers` (provider objects) and `providerFactory` (a
 * function), which no schema describes. The class declares the served args alone, since the
 * component package's schema is read from its one constructor; this typing adds the TypeScript
 * args over that same implementation, which reads them (./cross-account-replication).
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication as CrossAccountReplicationComponent,
  CrossAccountReplicationArgs,
} from "./cross-account-replication";

/** A `CrossAccountReplication`: see the class in ./cross-account-replication. */
export type CrossAccountReplication = CrossAccountReplicationComponent;

/**
 * The `CrossAccountReplication` class, whose constructor also takes `providers` or
 * `providerFactory` (`CrossAccountReplicationArgs`, not only `ServedCrossAccountReplicationArgs`).
 */
export const CrossAccountReplication: (new (
  name: string,
  args: CrossAccountReplicationArgs,
  opts?: pulumi.ComponentResourceOptions,
) => CrossAccountReplicationComponent) &
  typeof CrossAccountReplicationComponent = CrossAccountReplicationComponent;
