/**
 * The example stack, as resources an analyzer is sent: account 111111111111 replicates `prod-` and
 * `shared/` from us-east-1 to 222222222222 in us-west-2 and 333333333333 in eu-west-1, whose
 * registry policies allow it. Each function returns a fresh copy, for tests to change one field.
 */
import { AnalyzerResource } from "../../tools/analyzer";
import { TestResource } from "./run-policy";

export const SOURCE = "111111111111";
export const DEST_WEST = "222222222222";
export const DEST_EU = "333333333333";

export const REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
export const REPLICATION_CONFIGURATION =
  "aws:ecr/replicationConfiguration:ReplicationConfiguration";
export const CREATION_TEMPLATE = "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate";

/** An explicit AWS provider pinned to one account and region (as the component creates them). */
export function provider(account: string, region: string) {
  return {
    urn: `urn:pulumi:dev::ecr::pulumi:providers:aws::aws-${account}-${region}`,
    props: { region, allowedAccountIds: JSON.stringify([account]) },
  };
}

/** The source registry's replication configuration. */
export function replicationConfiguration(): TestResource {
  return {
    type: REPLICATION_CONFIGURATION,
    urn: `urn:pulumi:dev::ecr::${REPLICATION_CONFIGURATION}::replication`,
    props: {
      replicationConfiguration: {
        rules: [
          {
            destinations: [
              { region: "us-west-2", registryId: DEST_WEST },
              { region: "eu-west-1", registryId: DEST_EU },
            ],
            repositoryFilters: [
              { filter: "prod-", filterType: "PREFIX_MATCH" },
              { filter: "shared/", filterType: "PREFIX_MATCH" },
            ],
          },
        ],
      },
    },
    provider: provider(SOURCE, "us-east-1"),
  };
}

/** The policy document a destination registry needs to receive the source's replication. */
export function destinationPolicyDocument(account: string, region: string) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "ReplicateFrom111111111111",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${SOURCE}:root` },
        Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
        Resource: [
          `arn:aws:ecr:${region}:${account}:repository/prod-*`,
          `arn:aws:ecr:${region}:${account}:repository/shared/*`,
        ],
      },
    ],
  };
}

/** A destination's registry policy, as JSON text (what `pulumi.jsonStringify` produces). */
export function registryPolicy(account: string, region: string): TestResource {
  return {
    type: REGISTRY_POLICY,
    urn: `urn:pulumi:dev::ecr::${REGISTRY_POLICY}::policy-${account}-${region}`,
    props: { policy: JSON.stringify(destinationPolicyDocument(account, region)) },
    provider: provider(account, region),
  };
}

/** A resource's Pulumi name: the last part of its URN (what messages name it by). */
export function nameOf(urn: string | undefined): string {
  if (urn === undefined) {
    throw new Error("the resource has no URN");
  }
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * A destination's repository creation template for replication, as the example's
 * CrossAccountReplication writes it: immutable tags, KMS with the AWS managed key, the
 * registry's own custom role.
 */
export function creationTemplate(account: string, region: string, prefix: string): TestResource {
  return {
    type: CREATION_TEMPLATE,
    urn: `urn:pulumi:dev::ecr::${CREATION_TEMPLATE}::template-${account}-${region}-${prefix}`,
    props: {
      prefix,
      appliedFors: ["REPLICATION"],
      region,
      imageTagMutability: "IMMUTABLE",
      encryptionConfigurations: [{ encryptionType: "KMS" }],
      customRoleArn: `arn:aws:iam::${account}:role/ecr-template-role`,
    },
    provider: provider(account, region),
  };
}

/**
 * The whole example stack: the replication configuration, then each destination's registry
 * policy, then each destination's templates (`ROOT` for `prod-`, `shared` for `shared/`).
 */
export function exampleStack(): TestResource[] {
  return [
    replicationConfiguration(),
    registryPolicy(DEST_WEST, "us-west-2"),
    registryPolicy(DEST_EU, "eu-west-1"),
    creationTemplate(DEST_WEST, "us-west-2", "ROOT"),
    creationTemplate(DEST_WEST, "us-west-2", "shared"),
    creationTemplate(DEST_EU, "eu-west-1", "ROOT"),
    creationTemplate(DEST_EU, "eu-west-1", "shared"),
  ];
}

/** The rules of a replication configuration fixture, for changing one field. */
export function rulesOf(resource: TestResource) {
  const configuration = resource.props.replicationConfiguration as {
    rules: {
      destinations: { region: unknown; registryId: unknown }[];
      repositoryFilters?: { filter: unknown; filterType: unknown }[];
    }[];
  };
  return configuration.rules;
}

/** A test resource as the engine sends it to a booted pack (the gRPC specs). */
export function onTheWire(resource: TestResource): AnalyzerResource {
  const urn = resource.urn ?? "urn:test";
  const wire: AnalyzerResource = {
    urn,
    type: resource.type,
    name: urn.split("::").pop() ?? urn,
    properties: resource.props,
  };
  if (resource.provider !== undefined) {
    const providerUrn = resource.provider.urn ?? "urn:provider";
    wire.provider = {
      urn: providerUrn,
      type: "pulumi:providers:aws",
      name: providerUrn.split("::").pop() ?? providerUrn,
      properties: resource.provider.props,
    };
  }
  return wire;
}
