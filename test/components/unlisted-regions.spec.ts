/**
 * A well-formed region the AWS SDK does not list (`us-unkown-1`, the ECR CloudFormation handler's
 * own negative test input) is accepted by every component with one warning naming the path the
 * user wrote, never refused and never silent; a listed region gives none.
 */
import * as assert from "assert";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
} from "../../components";
import { REGION_LIST_SOURCE } from "../../components/model/core";
import { MockCloud, valueOf } from "./mock-cloud";

const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const UNLISTED = "us-unkown-1";
const POLICY_TYPE = "aws:ecr/registryPolicy:RegistryPolicy";

/** The warning text the Pulumi runtime prints without an engine (as under mocks). */
function warning(path: string): string {
  return `warning: [runtime] ${path}: should be a region AWS lists (the AWS SDK's partition metadata, ${REGION_LIST_SOURCE}), got '${UNLISTED}': check the name; a region launched after that release is not listed yet`;
}

describe("components: regions the AWS SDK does not list", () => {
  const cloud = new MockCloud();
  let warnings: string[] = [];
  const consoleWarn = console.warn;
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => {
    cloud.reset();
    warnings = [];
    console.warn = (message: unknown) => warnings.push(String(message));
  });
  afterEach(() => {
    console.warn = consoleWarn;
  });

  it("RegistryReplicationPolicy: builds, and warns once at registry.region", async () => {
    cloud.ambientAccountId = "222222222222";
    const policy = new RegistryReplicationPolicy("receiver", {
      registry: { accountId: "222222222222", region: UNLISTED },
      sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
    });
    await valueOf(policy.registryPolicy.urn);
    assert.deepStrictEqual(cloud.resource(POLICY_TYPE, "receiver").inputs.region, UNLISTED);
    assert.deepStrictEqual(warnings, [warning("registry.region")]);
  });

  it("RegistryReplication: warns at each destination's path; listed regions give none", async () => {
    cloud.ambientAccountId = SOURCE.accountId;
    const replication = new RegistryReplication("build", {
      source: SOURCE,
      routes: [
        {
          destinations: [
            { accountId: "222222222222", region: "us-west-2" },
            { accountId: "333333333333", region: UNLISTED },
          ],
          repositoryPrefixes: ["prod-"],
        },
      ],
    });
    await valueOf(replication.replicationConfiguration.urn);
    assert.strictEqual((await valueOf(replication.rules)).length, 1);
    assert.deepStrictEqual(warnings, [warning("routes[0].destinations[1].region")]);
  });

  it("CrossAccountReplication: warns once, at the path its user wrote, not again in its children", async () => {
    const org = new CrossAccountReplication("org", {
      source: SOURCE,
      routes: [
        {
          destinations: [{ accountId: "222222222222", region: UNLISTED }],
          repositoryPrefixes: ["prod-"],
        },
      ],
    });
    await valueOf(org.replication.replicationConfiguration.urn);
    await valueOf(org.policies[`222222222222/${UNLISTED}`].registryPolicy.urn);
    assert.deepStrictEqual(warnings, [warning("routes[0].destinations[0].region")]);
  });
});
