/**
 * Example organisation, destination side (stack `prod`): the one registry policy of a workload
 * registry, its sources read from the source stacks' `ecrReplicationRoutes` outputs
 * (`replicationSourcesFromStacks`, merged per account) plus a statement of its own. This stack is
 * the policy's only writer; the source stacks only say what they need.
 *
 * Stack config: `registry` (`{ accountId, region }`), `sourceStacks` (the stacks to read, as
 * `<organisation>/<project>/<stack>`), `dataTeamAccount` (an account replicating `data-`
 * repositories without a stack of its own).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  RegistryLocation,
  RegistryReplicationPolicy,
  replicationSourcesFromStacks,
} from "../../../components";

const config = new pulumi.Config();
const registry = config.requireObject<RegistryLocation>("registry");
const sourceStacks = config
  .requireObject<string[]>("sourceStacks")
  .map((name) => new pulumi.StackReference(name));
const dataTeamAccount = config.require("dataTeamAccount");

const policy = new RegistryReplicationPolicy("workload", {
  registry,
  sources: replicationSourcesFromStacks(registry, sourceStacks),
  extraStatements: [
    {
      Sid: "DataTeamReplication",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${dataTeamAccount}:root` },
      Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
      Resource: [`arn:aws:ecr:${registry.region}:${registry.accountId}:repository/data-*`],
    },
  ],
});

/** The registry policy as deployed. */
export const policyJson = policy.policyJson;
