/**
 * The destination half of cross-account replication: the one registry policy of a registry,
 * letting source accounts replicate into it, and optionally accounts and organisations pull from it.
 */
import * as ecr from "@pulumi/aws/ecr";
import * as pulumi from "@pulumi/pulumi";
import { RegistryLocation } from "./model/core";
import {
  buildRegistryPolicy,
  PullGrant,
  RegistryGrant,
  RegistryPolicyScope,
} from "./model/registry-policy";
import { plannedOf, plannedProviderSite } from "./planned";
import { gatedOn, optsProviderSite, providerAccountChecked } from "./provider-account";
import { TYPE_PREFIX } from "./tokens";
import {
  buildFromInput,
  throwIfNotRegistry,
  unknownsAsOutputs,
  warnOfUnlistedRegions,
} from "./validated-input";

/** An ECR registry: an account and a region; either may be an output of another stack. */
export interface Registry {
  /** The 12-digit account id (the registry id). */
  accountId: pulumi.Input<string>;
  /** The region, such as `us-west-2`. */
  region: pulumi.Input<string>;
}

/** `Registry` by its earlier name (schema names have no `Args`: the SDKs add it). */
export type RegistryLocationArgs = Registry;

/** Lets one source account replicate into the registry (see `RegistryGrant` in the model). */
export interface SourceGrant {
  /** The 12-digit account id of the source registry; never the registry's own account. */
  accountId: pulumi.Input<string>;
  /**
   * Repository name prefixes the account may replicate into (`repository/<prefix>*`); at least one
   * unless `allRepositories` is true. Grants of one account are merged (prefix union).
   */
  repositoryPrefixes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Grant every repository (`repository/*`) instead of prefixes. Default false. */
  allRepositories?: pulumi.Input<boolean>;
  /**
   * Also grant `ecr:CreateRepository` so replication can create missing repositories. Default
   * true; false means every replicated repository must already exist in this registry. If grants
   * of one account differ, a prefix gets the action when any grant naming it allows it.
   */
  allowCreateRepository?: pulumi.Input<boolean>;
}

/** `SourceGrant` by its earlier name (schema names have no `Args`: the SDKs add it). */
export type RegistryGrantArgs = SourceGrant;

/**
 * Lets principals of other accounts pull repositories of the registry (see `PullGrant` in the
 * model): the way to serve more accounts than replication reaches (a hub registry per region).
 * Needs registry policy scope `V2`.
 */
export interface RegistryPullGrant {
  /**
   * Organisations (`o-...`) whose every account may pull: `"Principal": "*"` limited by
   * `StringEquals` on `aws:PrincipalOrgID`.
   */
  organizationIds?: pulumi.Input<pulumi.Input<string>[]>;
  /** Accounts (12-digit ids, never the registry's own) whose principals may pull. */
  accountIds?: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Repository name prefixes that may be pulled (`repository/<prefix>*`); at least one unless
   * `allRepositories` is true.
   */
  repositoryPrefixes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Grant every repository (`repository/*`) instead of prefixes. Default false. */
  allRepositories?: pulumi.Input<boolean>;
}

/** `RegistryPullGrant` by its earlier name (schema names have no `Args`: the SDKs add it). */
export type PullGrantArgs = RegistryPullGrant;

/**
 * A registry policy statement as written: a JSON object (`Sid`, `Effect`, `Principal`, `Action`,
 * `Resource`, `Condition`), checked like every statement of the policy. `any` rather than
 * `unknown` because the component package's schema has `Any` and no `unknown`: every language can
 * give an object here, and the checks say what is wrong with it at its path.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the schema's Any (see above)
export type PolicyStatementArgs = any;

/** Arguments of `RegistryReplicationPolicy`. */
export interface RegistryReplicationPolicyArgs {
  /** The registry that receives replicated images (and holds this policy). */
  registry: Registry;
  /** The source accounts allowed to replicate into it (may be empty when `pullGrants` are given). */
  sources: pulumi.Input<pulumi.Input<SourceGrant>[]>;
  /**
   * Who may pull which repositories: organisations (through `aws:PrincipalOrgID`) and accounts,
   * checked, merged, packed and counted toward ECR's size limit with the replication grants
   * (errors at `pullGrants[0].organizationIds[0]`, ...). Exactly the pull actions
   * `ecr:BatchCheckLayerAvailability`, `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`; scope
   * `V2` only. Default none.
   */
  pullGrants?: pulumi.Input<pulumi.Input<RegistryPullGrant>[]>;
  /**
   * Statements appended after the generated ones, as written; each is checked like any registry
   * policy statement, and a Sid equal to a generated one is an error. Default none.
   */
  extraStatements?: pulumi.Input<PolicyStatementArgs[]>;
  /**
   * The registry's policy scope (account setting `REGISTRY_POLICY_SCOPE`), `V1` or `V2`; under
   * `V1` extra statements may use only the three replication and pull-through-cache actions.
   * Default `V2`.
   */
  scope?: pulumi.Input<RegistryPolicyScope>;
}

/**
 * The registry policy of one ECR registry, generated from typed grants and validated before
 * deployment (a ValidationError naming every bad property, e.g. `sources[1].accountId`).
 *
 * The registry policy is a singleton per account and region: this component must be its only
 * writer, and deleting it deletes the whole policy. It is written only through a provider acting
 * in the registry's account (`opts.provider`, the parent's, or the default provider): another
 * account's fails the preview with both account ids instead of replacing that account's policy.
 */
export class RegistryReplicationPolicy extends pulumi.ComponentResource {
  /** The policy document, compact JSON, as deployed. */
  public readonly policyJson: pulumi.Output<string>;
  /** The `aws.ecr.RegistryPolicy` holding it. */
  public readonly registryPolicy: ecr.RegistryPolicy;

  constructor(
    name: string,
    args: RegistryReplicationPolicyArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    // Validated first: with known inputs a bad one throws before any resource is registered. A
    // CrossAccountReplication passes the policy its plan built (./planned): deployed as is. No
    // args at all (null, undefined) reads as every argument missing, each refused at its path.
    // Values unknown at preview arrive from other languages as outputs (./validated-input).
    const given: Partial<RegistryReplicationPolicyArgs> = unknownsAsOutputs(args ?? {});
    const policyJson =
      plannedOf<string>(args) ??
      buildFromInput(
        {
          registry: given.registry,
          sources: given.sources,
          extraStatements: given.extraStatements,
          scope: given.scope,
          pullGrants: given.pullGrants,
        },
        ({ registry, sources, extraStatements, scope, pullGrants }) =>
          buildRegistryPolicy(registry as RegistryLocation, sources as RegistryGrant[], {
            extraStatements: extraStatements as unknown[] | undefined,
            scope,
            pullGrants: pullGrants as PullGrant[] | undefined,
          }).json,
      );
    // With inputs still unknown the build waits for them, but a registry that is not even an
    // object has no region to write the policy in: refused now, as the build would refuse it.
    throwIfNotRegistry(given.registry, "registry", "invalid registry policy");
    super(`${TYPE_PREFIX}RegistryReplicationPolicy`, name, {}, opts);
    this.policyJson = policyJson;
    // The region as given, not behind validation: a source account id still unknown at preview
    // must not hide which registry this policy is for (the pack's singleton check needs it).
    // Written only through a provider of the registry's account (./provider-account): the policy
    // waits for that check, so a provider of another account fails before anything is written.
    const accountChecked = providerAccountChecked(
      this,
      (given.registry as Registry).accountId,
      plannedProviderSite(args) ?? optsProviderSite("registry"),
    );
    this.registryPolicy = new ecr.RegistryPolicy(
      name,
      {
        policy: gatedOn(this.policyJson, accountChecked),
        region: (given.registry as Registry).region,
      },
      { parent: this },
    );
    if (plannedOf(args) === undefined) {
      // A CrossAccountReplication warns at the paths its user wrote instead.
      warnOfUnlistedRegions([[(given.registry as Registry).region, "registry.region"]], this);
    }
    this.registerOutputs({ policyJson: this.policyJson, registryPolicy: this.registryPolicy });
  }
}
