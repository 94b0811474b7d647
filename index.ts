/**
 * Example program: one build account replicates its repositories to workload accounts in several
 * regions, with both halves (the build registry's replication configuration and each workload
 * registry's policy) built by CrossAccountReplication. Reads the stack config (Pulumi.dev.yaml):
 *
 * - `buildRegistry`: `{ accountId, region }` of the registry images are pushed to;
 * - `workloadAccounts`, `regions`: every workload account receives the images in every region;
 * - `repositoryPrefixes`: which repositories replicate;
 * - `assumeRoleName` (optional): the role the providers assume in each account;
 * - `allowCreateRepository` (optional, default true): false if the workload accounts create their
 *   repositories themselves;
 * - `createdRepositories` (optional): what the repositories replication creates in the workload
 *   registries look like (tag mutability, encryption, the custom role ECR creates them with, whether
 *   the registries' ROOT template may be written): a repository creation template per registry and
 *   namespace.
 */
import * as pulumi from "@pulumi/pulumi";
import { CreatedRepositoriesArgs, CrossAccountReplication, RegistryLocation } from "./components";

const config = new pulumi.Config();
const buildRegistry = config.requireObject<RegistryLocation>("buildRegistry");
const workloadAccounts = config.requireObject<string[]>("workloadAccounts");
const regions = config.requireObject<string[]>("regions");
const repositoryPrefixes = config.requireObject<string[]>("repositoryPrefixes");

const replication = new CrossAccountReplication("build-to-workloads", {
  source: buildRegistry,
  routes: [
    {
      destinations: workloadAccounts.flatMap((accountId) =>
        regions.map((region) => ({ accountId, region })),
      ),
      repositoryPrefixes,
      allowCreateRepository: config.getBoolean("allowCreateRepository"),
      createdRepositories: config.getObject<CreatedRepositoriesArgs>("createdRepositories"),
    },
  ],
  assumeRoleName: config.get("assumeRoleName"),
});

/** Who replicates what where. */
export const routes = replication.routes;
/** Each workload registry's policy JSON, keyed `<accountId>/<region>`. */
export const registryPolicies = replication.registryPolicies;
/** The build registry's replication rules. */
export const rules = replication.rules;
