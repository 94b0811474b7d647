import { StackValidationPolicy } from "@pulumi/policy";
import {
  analyseRoutes,
  describeChain,
  findReplicationChains,
  REPLICATION_CONFIGURATION_TYPE,
} from "../../components/model/analysis";
import { checkStack } from "../support/findings";

/**
 * What the chain check reads: only replication configurations (who replicates what where; no
 * registry policy decides whether images travel on). Without one there is no chain, so the policy
 * is skipped before the stack is decoded (`onlyWith`, ../support/findings).
 */
const CHAIN_READS = {
  types: [REPLICATION_CONFIGURATION_TYPE],
  onlyWith: REPLICATION_CONFIGURATION_TYPE,
};

/**
 * Replication does not chain ("a replication action only occurs once per image push", ECR user
 * guide): where a registry replicates repositories to B and B's own configuration replicates the
 * same repositories on to C, images pushed to the first never reach C, unless it replicates them
 * to C directly. Found by the model (components/model/analysis/replication-chains); reported on
 * the first registry's configuration, naming the three registries and the prefixes.
 */
export const replicationChain: StackValidationPolicy = {
  name: "ecr-replication-chain",
  description:
    "Checks whether a stack expects ECR replication to chain: repositories replicated to a registry that replicates them on, which images pushed to the first never reach.",
  enforcementLevel: "advisory",
  validateStack: checkStack(CHAIN_READS, undefined, (resources) =>
    findReplicationChains(analyseRoutes(resources).routes).map((chain) => ({
      urn: chain.replication,
      message: `${chain.path}: ${describeChain(chain)}`,
    })),
  ),
};
