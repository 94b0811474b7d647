/**
 * Every policy of the pack, in one list: the pack's entry file serves them, and tests import them
 * from here (constructing a PolicyPack would start a server).
 */
import { Policies } from "@pulumi/policy";
import { creationTemplateValid } from "./creation-template-valid";
import { regionKnown } from "./region-known";
import { registryPolicyAllowedActions } from "./registry-policy-allowed-actions";
import { registryPolicyNoPublicAccess } from "./registry-policy-no-public-access";
import { registryPolicyNormalForm } from "./registry-policy-normal-form";
import { registryPolicyPrefixRequired } from "./registry-policy-prefix-required";
import { registryPolicyTrustedPrincipals } from "./registry-policy-trusted-principals";
import { registryPolicyValid } from "./registry-policy-valid";
import { registrySingleton } from "./registry-singleton";
import { replicationAllowedDestinations } from "./replication-allowed-destinations";
import { replicationChain } from "./replication-chain";
import { replicationCreationTemplate } from "./replication-creation-template";
import { replicationDestinationAuthorized } from "./replication-destination-authorized";
import { replicationPrefixRequired } from "./replication-prefix-required";
import { replicationValid } from "./replication-valid";
import { repositoryPrefixBoundary } from "./repository-prefix-boundary";

/** The pack's policies: resource policies, then stack policies. */
export const policies: Policies = [
  registryPolicyValid,
  registryPolicyNormalForm,
  registryPolicyPrefixRequired,
  registryPolicyTrustedPrincipals,
  registryPolicyNoPublicAccess,
  registryPolicyAllowedActions,
  replicationValid,
  replicationPrefixRequired,
  replicationAllowedDestinations,
  repositoryPrefixBoundary,
  regionKnown,
  creationTemplateValid,
  registrySingleton,
  replicationDestinationAuthorized,
  replicationChain,
  replicationCreationTemplate,
];
