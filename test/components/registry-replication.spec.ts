import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { formatProblems, RegistryReplication } from "../../components";
import { failure, MockCloud, urn, valueOf } from "./mock-cloud";

const TYPE = "ecr-replication:index:RegistryReplication";
const CONFIGURATION_TYPE = "aws:ecr/replicationConfiguration:ReplicationConfiguration";
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const WEST = { accountId: "222222222222", region: "us-west-2" };
const EU = { accountId: "333333333333", region: "eu-west-1" };
const RULES = [
  {
    destinations: [
      { region: "us-west-2", registryId: "222222222222" },
      { region: "eu-west-1", registryId: "333333333333" },
    ],
    repositoryFilters: [
      { filter: "prod-", filterType: "PREFIX_MATCH" },
      { filter: "shared/", filterType: "PREFIX_MATCH" },
    ],
  },
];

describe("RegistryReplication", () => {
  const cloud = new MockCloud();
  // The default provider acts in the source's account unless a test says otherwise.
  before(() => cloud.install("project", "stack", SOURCE.accountId));
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  it("keeps the region known while a prefix is unknown (as at preview)", async () => {
    const component = new RegistryReplication("build", {
      source: SOURCE,
      routes: [
        { destinations: [WEST], repositoryPrefixes: [pulumi.output(pulumi.unknown as string)] },
      ],
    });
    await valueOf(component.replicationConfiguration.urn);
    assert.deepStrictEqual(cloud.resource(CONFIGURATION_TYPE, "build").inputs, {
      region: "us-east-1",
      replicationConfiguration: { rules: undefined },
    });
  });

  it("creates one replication configuration under the component with the rules and the region", async () => {
    const component = new RegistryReplication("build", {
      source: SOURCE,
      routes: [{ destinations: [WEST, EU], repositoryPrefixes: ["shared/", "prod-"] }],
    });
    assert.deepStrictEqual(await valueOf(component.rules), RULES);
    assert.deepStrictEqual(await valueOf(component.routes), [
      {
        source: SOURCE,
        destination: WEST,
        repositoryPrefixes: ["prod-", "shared/"],
        crossAccount: true,
        createRepository: true,
      },
      {
        source: SOURCE,
        destination: EU,
        repositoryPrefixes: ["prod-", "shared/"],
        crossAccount: true,
        createRepository: true,
      },
    ]);
    await valueOf(component.replicationConfiguration.urn);
    assert.deepStrictEqual(cloud.summary(), [
      [TYPE, "build"],
      [CONFIGURATION_TYPE, "build"],
    ]);
    const configuration = cloud.resource(CONFIGURATION_TYPE, "build");
    assert.strictEqual(configuration.parent, urn([TYPE], "build"));
    assert.deepStrictEqual(configuration.inputs, {
      region: "us-east-1",
      replicationConfiguration: { rules: RULES },
    });
  });

  it("accepts outputs for account ids and prefixes", async () => {
    const component = new RegistryReplication("build", {
      source: { accountId: pulumi.output(SOURCE.accountId), region: SOURCE.region },
      routes: [
        {
          destinations: [{ accountId: pulumi.output(WEST.accountId), region: WEST.region }, EU],
          repositoryPrefixes: pulumi.output(["shared/", "prod-"]),
        },
      ],
    });
    await valueOf(component.replicationConfiguration.urn);
    assert.deepStrictEqual(cloud.resource(CONFIGURATION_TYPE, "build").inputs, {
      region: "us-east-1",
      replicationConfiguration: { rules: RULES },
    });
  });

  it("throws before creating anything for an empty prefix list", async () => {
    assert.throws(
      () =>
        new RegistryReplication("build", {
          source: SOURCE,
          routes: [{ destinations: [WEST], repositoryPrefixes: [] }],
        }),
      {
        name: "ValidationError",
        message:
          "invalid replication routes:\nroutes[0].repositoryPrefixes: must list at least one repository prefix (a rule without filters replicates every repository), got []",
      },
    );
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("throws for more rules than ECR allows, saying how many", async () => {
    const routes = Array.from({ length: 11 }, (_, i) => ({
      destinations: [{ accountId: `2000000000${String(i).padStart(2, "0")}`, region: "us-west-2" }],
      repositoryPrefixes: [`team-${i}/`],
    }));
    assert.throws(() => new RegistryReplication("build", { source: SOURCE, routes }), {
      name: "ValidationError",
      message:
        "invalid replication routes:\nroutes: need 11 replication rules, 1 over ECR's limit of 10 per registry, even packed (a rule sends up to 100 prefixes to up to 25 destinations, each prefix only to destinations it is routed to): leaving out the prefix 'team-9/' (keeping 10 of 11) fits in 10 rules; or leaving out the destination 200000000009/us-west-2 (keeping 10 of 11) fits in 10 rules; or route more prefixes to the same destinations or shorten them to common prefixes",
    });
    assert.deepStrictEqual(await cloud.settledSummary(), []);
  });

  it("fails the configuration once a destination account given as an output turns out bad", async () => {
    const component = new RegistryReplication("build", {
      source: SOURCE,
      routes: [
        {
          destinations: [WEST, { accountId: pulumi.output("33333333333"), region: "eu-west-1" }],
          repositoryPrefixes: ["prod-"],
        },
      ],
    });
    const failed = await failure(component.rules);
    assert.strictEqual(
      formatProblems(failed.problems),
      "routes[0].destinations[1].accountId: must be a 12-digit AWS account id, got '33333333333'",
    );
    const [unhandled] = await cloud.unhandled(1);
    assert.strictEqual(unhandled, failed);
    cloud.forgetFailedRegistrations();
    assert.deepStrictEqual(cloud.summary(), [[TYPE, "build"]]);
  });
});
