/**
 * A generated stack for the pack throughput benchmark: what an organisation's platform stack
 * looks like to an analyzer, about 1% ECR registry singletons among ordinary resources.
 *
 * - 4 build accounts, each replicating from us-east-1 and eu-west-1 (8 replication
 *   configurations, built with buildReplicationRules) to 24 workload accounts in the same two
 *   regions; each build account serves 12 of them, on its business unit's prefixes.
 * - 48 destination registry policies (24 workload accounts x 2 regions, built with
 *   buildRegistryPolicy), each granting its two build accounts their prefixes.
 * - An explicit AWS provider per account and region (region + allowedAccountIds, as the
 *   CrossAccountReplication component creates them), attached to every resource.
 * - The rest, up to the requested count: S3 buckets, IAM roles with trust policies, ECR
 *   repositories, security groups, Lambda functions, log groups, KMS keys, SQS queues, with
 *   the inputs such programs set.
 * Deterministic: the same count gives the same stack.
 */
import { AnalyzerProvider, AnalyzerResource } from "../analyzer";
import { buildRegistryPolicy, RegistryGrant } from "../../components/model/registry-policy";
import { buildReplicationRules, ReplicationRoute } from "../../components/model/replication";

const PROJECT = "urn:pulumi:bench::platform";
const REGIONS = ["us-east-1", "eu-west-1"];
const BUILD_ACCOUNTS = 4;
const WORKLOAD_ACCOUNTS = 24;

/** A 12-digit account id: `kind` 1 for build accounts, 2 for workloads. */
function account(kind: number, index: number): string {
  return `${kind}${String(index).padStart(11, "0")}`;
}

/** The prefixes of a business unit (one per build account). */
function unitPrefixes(unit: number): string[] {
  return [`bu${unit}-prod-`, `bu${unit}-shared/`, `bu${unit}-base-images/`];
}

function providerOf(accountId: string, region: string): AnalyzerProvider {
  const name = `aws-${accountId}-${region}`;
  return {
    urn: `${PROJECT}::pulumi:providers:aws::${name}`,
    type: "pulumi:providers:aws",
    name,
    properties: { region, allowedAccountIds: JSON.stringify([accountId]), version: "7.48.0" },
  };
}

function resource(
  type: string,
  name: string,
  properties: Record<string, unknown>,
  provider: AnalyzerProvider,
): AnalyzerResource {
  return { urn: `${PROJECT}::${type}::${name}`, type, name, properties, provider };
}

/** The build accounts serving a workload account (two business units each). */
function unitsOf(workload: number): number[] {
  return [workload % BUILD_ACCOUNTS, (workload + 1) % BUILD_ACCOUNTS];
}

/** The ECR registry singletons: 8 replication configurations and 48 registry policies. */
function ecrResources(): AnalyzerResource[] {
  const resources: AnalyzerResource[] = [];
  for (let unit = 0; unit < BUILD_ACCOUNTS; unit++) {
    for (const region of REGIONS) {
      const source = { accountId: account(1, unit), region };
      const destinations = [];
      for (let w = 0; w < WORKLOAD_ACCOUNTS; w++) {
        if (unitsOf(w).includes(unit)) {
          destinations.push(...REGIONS.map((r) => ({ accountId: account(2, w), region: r })));
        }
      }
      const routes: ReplicationRoute[] = [{ destinations, repositoryPrefixes: unitPrefixes(unit) }];
      const rules = buildReplicationRules(source, routes);
      resources.push(
        resource(
          "aws:ecr/replicationConfiguration:ReplicationConfiguration",
          `replication-${source.accountId}-${region}`,
          { replicationConfiguration: { rules } },
          providerOf(source.accountId, region),
        ),
      );
    }
  }
  for (let w = 0; w < WORKLOAD_ACCOUNTS; w++) {
    for (const region of REGIONS) {
      const registry = { accountId: account(2, w), region };
      const grants: RegistryGrant[] = unitsOf(w).map((unit) => ({
        accountId: account(1, unit),
        repositoryPrefixes: unitPrefixes(unit),
      }));
      resources.push(
        resource(
          "aws:ecr/registryPolicy:RegistryPolicy",
          `registry-policy-${registry.accountId}-${region}`,
          { policy: buildRegistryPolicy(registry, grants).json },
          providerOf(registry.accountId, region),
        ),
      );
    }
  }
  return resources;
}

/** The ordinary resource number `i`, of one of eight kinds. */
function ordinaryResource(i: number): AnalyzerResource {
  const provider = providerOf(account(2, i % WORKLOAD_ACCOUNTS), REGIONS[i % REGIONS.length]);
  const team = `team${i % 37}`;
  const tags = {
    team,
    environment: i % 3 === 0 ? "prod" : "staging",
    "cost-center": `cc-${i % 11}`,
  };
  switch (i % 8) {
    case 0:
      return resource(
        "aws:s3/bucket:Bucket",
        `bucket-${i}`,
        { bucket: `${team}-data-${i}`, forceDestroy: false, tags },
        provider,
      );
    case 1:
      return resource(
        "aws:iam/role:Role",
        `role-${i}`,
        {
          name: `${team}-service-${i}`,
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
          managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
          tags,
        },
        provider,
      );
    case 2:
      return resource(
        "aws:ecr/repository:Repository",
        `repository-${i}`,
        {
          name: `${team}/service-${i}`,
          imageTagMutability: "IMMUTABLE",
          imageScanningConfiguration: { scanOnPush: true },
          encryptionConfigurations: [{ encryptionType: "KMS" }],
          tags,
        },
        provider,
      );
    case 3:
      return resource(
        "aws:ec2/securityGroup:SecurityGroup",
        `security-group-${i}`,
        {
          description: `${team} service ${i}`,
          vpcId: `vpc-${(i % 50).toString(16).padStart(8, "0")}`,
          ingress: [
            { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["10.0.0.0/8"] },
            {
              protocol: "tcp",
              fromPort: 8080,
              toPort: 8080,
              securityGroups: [`sg-${i.toString(16).padStart(8, "0")}`],
            },
          ],
          egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }],
          tags,
        },
        provider,
      );
    case 4:
      return resource(
        "aws:lambda/function:Function",
        `function-${i}`,
        {
          name: `${team}-handler-${i}`,
          runtime: "nodejs20.x",
          handler: "index.handler",
          memorySize: 512,
          timeout: 30,
          role: `arn:aws:iam::${provider.name.split("-")[1]}:role/${team}-service-${i - 3}`,
          environment: { variables: { TABLE: `${team}-table`, LOG_LEVEL: "info" } },
          tracingConfig: { mode: "Active" },
          tags,
        },
        provider,
      );
    case 5:
      return resource(
        "aws:cloudwatch/logGroup:LogGroup",
        `log-group-${i}`,
        { name: `/aws/lambda/${team}-handler-${i - 1}`, retentionInDays: 30, tags },
        provider,
      );
    case 6:
      return resource(
        "aws:kms/key:Key",
        `key-${i}`,
        {
          description: `${team} key ${i}`,
          enableKeyRotation: true,
          deletionWindowInDays: 30,
          tags,
        },
        provider,
      );
    default:
      return resource(
        "aws:sqs/queue:Queue",
        `queue-${i}`,
        {
          name: `${team}-queue-${i}`,
          visibilityTimeoutSeconds: 60,
          messageRetentionSeconds: 345600,
          sqsManagedSseEnabled: true,
          tags,
        },
        provider,
      );
  }
}

/** A stack of `count` resources: the ECR singletons, then ordinary resources, interleaved. */
export function generateStack(count: number): AnalyzerResource[] {
  const ecr = ecrResources();
  const resources: AnalyzerResource[] = [];
  const every = Math.max(1, Math.floor(count / ecr.length));
  for (let i = 0; resources.length < count; i++) {
    const singleton = i % every === 0 ? ecr[i / every] : undefined;
    resources.push(singleton ?? ordinaryResource(i));
  }
  return resources;
}

/** How many resources of each type a stack has, for the report. */
export function describeStack(resources: readonly AnalyzerResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { type } of resources) {
    counts[type] = (counts[type] ?? 0) + 1;
  }
  return counts;
}

/**
 * The pack config the stack is meant to pass (what its organisation would configure): the build
 * accounts trusted, the business units' prefixes allowed, replication only to the workload
 * accounts in the two regions.
 */
export function stackPackConfig(): Record<string, unknown> {
  const units = Array.from({ length: BUILD_ACCOUNTS }, (_, unit) => unit);
  const prefixes = units.flatMap(unitPrefixes);
  return {
    "ecr-registry-policy-prefix-required": { allowedPrefixes: prefixes },
    "ecr-registry-policy-trusted-principals": { trustedAccounts: units.map((u) => account(1, u)) },
    "ecr-replication-prefix-required": { allowedPrefixes: prefixes },
    "ecr-replication-allowed-destinations": {
      allowedAccounts: Array.from({ length: WORKLOAD_ACCOUNTS }, (_, w) => account(2, w)),
      allowedRegions: REGIONS,
    },
  };
}
