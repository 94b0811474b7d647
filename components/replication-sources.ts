/**
 * The destination side of replication across stacks: the stack that owns a registry's policy
 * reads what its source stacks export (`ecrReplicationRoutes`, see `RegistryReplication`) and
 * turns it into that policy's `sources`, so it stays the policy's single writer.
 */
import * as pulumi from "@pulumi/pulumi";
import { describe, join, Problem, RegistryLocation, ValidationError } from "./model/core";
import {
  ReferencedRoutes,
  referencedReplicationSources,
  REPLICATION_ROUTES_OUTPUT,
  RequestedGrant,
} from "./model/replication";
import { Registry } from "./registry-replication-policy";

/** True for what quacks like a `pulumi.StackReference` (another SDK copy's is not an instance). */
function isStackReference(value: unknown): value is pulumi.StackReference {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as pulumi.StackReference).getOutput === "function" &&
    pulumi.Output.isInstance((value as pulumi.StackReference).name)
  );
}

/**
 * The `sources` of `registry`'s `RegistryReplicationPolicy` from the `ecrReplicationRoutes`
 * outputs of the source stacks referenced: every grant they request into that registry, merged
 * per account, in a deterministic order (see `referencedReplicationSources` in the model). Add
 * grants of your own to the list as usual:
 *
 * ```ts
 * const build = new pulumi.StackReference("acme/ecr-build/prod");
 * new RegistryReplicationPolicy("workload", {
 *   registry,
 *   sources: replicationSourcesFromStacks(registry, [build]),
 * });
 * ```
 *
 * A referenced stack without that output, or with one of the wrong shape, fails with a
 * `ValidationError` naming the stack and the path in its output
 * (`stack reference 'acme/ecr-build/prod' ecrReplicationRoutes['222222222222/us-west-2'][0].accountId`).
 * A secret output makes the sources, and the policy built from them, secret.
 */
export function replicationSourcesFromStacks(
  registry: pulumi.Input<Registry>,
  stacks: readonly pulumi.StackReference[],
): pulumi.Output<RequestedGrant[]> {
  const notReferences: Problem[] = Array.isArray(stacks)
    ? Array.from(stacks).flatMap((stack, index) =>
        isStackReference(stack)
          ? []
          : [
              {
                path: join("stacks", index),
                message: `must be a pulumi.StackReference, got ${describe(stack)}`,
              },
            ],
      )
    : [
        {
          path: "stacks",
          message: `must be a list of pulumi.StackReference, got ${describe(stacks)}`,
        },
      ];
  if (notReferences.length > 0) {
    throw new ValidationError(notReferences, "invalid replication sources");
  }
  const referenced = stacks.map((stack) =>
    pulumi
      .all([stack.name, stack.getOutput(REPLICATION_ROUTES_OUTPUT)])
      .apply(([name, routes]): ReferencedRoutes => ({ stack: name, routes })),
  );
  return pulumi
    .all([pulumi.output(registry), pulumi.all(referenced)])
    .apply(([location, outputs]) =>
      referencedReplicationSources(location as RegistryLocation, outputs),
    );
}
