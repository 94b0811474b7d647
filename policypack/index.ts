/**
 * The CrossGuard policy pack for ECR cross-account replication. Booted by the Pulumi CLI (or the
 * offline preview) as an analyzer plugin with cwd = policypack/: constructing the pack reads
 * ./package.json and starts the gRPC server, so nothing but the CLI should import this file.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";
import { decodeOnDemand } from "./support/decode-on-demand";
import { typesReadByStackPolicies } from "./support/findings";
import { readOnlyTypesInStacks } from "./support/stack-types-read";

decodeOnDemand();
readOnlyTypesInStacks(typesReadByStackPolicies(policies));

new PolicyPack("ecr-replication-policies", {
  policies,
  enforcementLevel: "mandatory",
  description:
    "Organisational rules for Amazon ECR cross-account replication: scoped, trusted, replication-only registry policies; valid, prefix-scoped replication to allowed destinations; one owner per registry singleton; every cross-account destination authorised.",
});
