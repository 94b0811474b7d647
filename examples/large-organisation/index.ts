/**
 * Large-organisation example. ECR replication reaches at most 25 registries per source registry
 * and does not chain (an image pushed to A and replicated to B never goes on from B), so the
 * example stack's "every workload account in every region" (100 accounts x 4 regions = 400
 * registries) cannot be replicated to. Instead the build registry replicates to one hub registry
 * per region (4 destinations), and each hub's registry policy lets every account of the
 * organisation pull (`aws:PrincipalOrgID`), with `CrossAccountReplication`'s `pullGrants`.
 * Workload accounts pull from the hub of their region: nothing is deployed per workload account.
 *
 * Stack config (Pulumi.org.yaml):
 * - `buildRegistry`: `{ accountId, region }` of the registry the pipeline pushes to;
 * - `hubAccount`: the account holding the hub registries (not the build account);
 * - `regions`: the workload regions, one hub each;
 * - `repositoryPrefixes`: which repositories replicate to the hubs and may be pulled;
 * - `organizationId` (optional): the organisation whose every account may pull;
 * - `pullAccounts` (optional): accounts granted pull by id (outside the organisation, or for an
 *   organisation without AWS Organizations); at least one of the two is required;
 * - `createdRepositories` (optional): what the repositories replication creates in the hubs look
 *   like (a repository creation template per hub and namespace, as in the example stack);
 * - `assumeRoleName` (optional): the role the providers assume in each account.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CreatedRepositoriesArgs,
  CrossAccountReplication,
  PullGrant,
  RegistryLocation,
} from "../../components";

const config = new pulumi.Config();
const buildRegistry = config.requireObject<RegistryLocation>("buildRegistry");
const hubAccount = config.require("hubAccount");
const regions = config.requireObject<string[]>("regions");
const repositoryPrefixes = config.requireObject<string[]>("repositoryPrefixes");
const organizationId = config.get("organizationId");
const pullAccounts = config.getObject<string[]>("pullAccounts");

if (organizationId === undefined && pullAccounts === undefined) {
  // Without either the hubs would receive images that no workload account may pull.
  throw new pulumi.RunError(
    `${pulumi.getProject()}:organizationId or ${pulumi.getProject()}:pullAccounts must be set: who pulls from the hubs`,
  );
}

const hubs: RegistryLocation[] = regions.map((region) => ({ accountId: hubAccount, region }));
const pullGrant: PullGrant = {
  ...(organizationId === undefined ? {} : { organizationIds: [organizationId] }),
  ...(pullAccounts === undefined ? {} : { accountIds: pullAccounts }),
  repositoryPrefixes,
};

const replication = new CrossAccountReplication("build-to-hubs", {
  source: buildRegistry,
  routes: [
    {
      destinations: hubs,
      repositoryPrefixes,
      createdRepositories: config.getObject<CreatedRepositoriesArgs>("createdRepositories"),
    },
  ],
  pullGrants: Object.fromEntries(
    hubs.map((hub) => [`${hub.accountId}/${hub.region}`, [pullGrant]]),
  ),
  assumeRoleName: config.get("assumeRoleName"),
});

/** Who replicates what where: the build registry to each hub. */
export const routes = replication.routes;
/** Each hub's registry policy JSON (replication from the build account, pull for the organisation). */
export const registryPolicies = replication.registryPolicies;
/** Where a workload account pulls from, by region: its region's hub registry URL. */
export const pullFrom = replication.destinations.apply((destinations) =>
  Object.fromEntries(
    Object.values(destinations).map(({ region, registryUrl }) => [region, registryUrl]),
  ),
);
