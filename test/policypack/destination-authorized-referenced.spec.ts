/**
 * ecr-replication-destination-authorized in a destination stack: routes another stack exports
 * (`ecrReplicationRoutes`, read through a stack reference) judged against this stack's registry
 * policy. The stack reference is sent as the engine sends a read to AnalyzeStack: its outputs
 * `{ name, outputs, secretOutputNames }`.
 */
import * as assert from "assert";
import { replicationDestinationAuthorized } from "../../policypack/policies/replication-destination-authorized";
import {
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  nameOf,
  registryPolicy,
  SOURCE,
} from "./fixtures";
import { runStackPolicy, secret, TestResource, UNKNOWN } from "./run-policy";

const STACK = "acme/ecr-build/prod";
const REFERENCE_URN = `urn:pulumi:dev::workload::pulumi:pulumi:StackReference::${STACK}`;
const WEST_POLICY = registryPolicy(DEST_WEST, "us-west-2").urn;
const WEST_ROUTE = `stack reference '${STACK}' ecrReplicationRoutes['222222222222/us-west-2'][0] (111111111111 -> 222222222222 in us-west-2 ('prod-', 'shared/'))`;

/** What the build stack exports: prod- and shared/ into both workload registries. */
function buildRoutes() {
  const grants = [
    { accountId: SOURCE, repositoryPrefixes: ["prod-", "shared/"], allowCreateRepository: true },
  ];
  return {
    "222222222222/us-west-2": grants.map((grant) => ({ ...grant })),
    "333333333333/eu-west-1": grants.map((grant) => ({ ...grant })),
  };
}

/** A stack reference as AnalyzeStack receives it, with these outputs. */
function stackReference(outputs: unknown, name: string = STACK): TestResource {
  return {
    type: "pulumi:pulumi:StackReference",
    urn: `urn:pulumi:dev::workload::pulumi:pulumi:StackReference::${name}`,
    props: { name, outputs, secretOutputNames: [] },
  };
}

/** The west workload's policy granting `actions` on `prefixes`, optionally behind a condition. */
function westPolicy(
  actions = ["ecr:CreateRepository", "ecr:ReplicateImage"],
  prefixes = ["prod-", "shared/"],
  condition?: Record<string, unknown>,
): TestResource {
  const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
  Object.assign(document.Statement[0], {
    Action: actions,
    Resource: prefixes.map((p) => `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/${p}*`),
    ...(condition === undefined ? {} : { Condition: condition }),
  });
  const west = registryPolicy(DEST_WEST, "us-west-2");
  west.props.policy = JSON.stringify(document);
  return west;
}

function run(resources: TestResource[], config: Record<string, unknown> = {}) {
  return runStackPolicy(replicationDestinationAuthorized, resources, config);
}

describe("ecr-replication-destination-authorized: routes exported by referenced stacks", () => {
  it("passes a destination stack whose policy grants what the referenced stack exports", async () => {
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: buildRoutes() })]),
      [],
    );
  });

  it("reports a removed grant on the destination's policy, naming the stack, the source and the prefixes", async () => {
    assert.deepStrictEqual(
      await run([
        westPolicy(undefined, ["prod-"]),
        stackReference({ ecrReplicationRoutes: buildRoutes() }),
      ]),
      [
        {
          urn: WEST_POLICY,
          enforcementLevel: "mandatory",
          message: `${WEST_ROUTE} will fail at run time: registry policy ${nameOf(WEST_POLICY)} does not grant ${SOURCE} ecr:ReplicateImage nor ecr:CreateRepository on 'shared/a' (prefix 'shared/'): grant both, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        },
      ],
    );
  });

  it("reports a grant only behind a condition as unverified (advisory), never authorised", async () => {
    const policy = westPolicy(undefined, undefined, {
      StringEquals: { "aws:PrincipalTag/team": "build" },
    });
    assert.deepStrictEqual(
      await run([policy, stackReference({ ecrReplicationRoutes: buildRoutes() })]),
      [
        {
          urn: WEST_POLICY,
          enforcementLevel: "advisory",
          message: `${WEST_ROUTE} could not be verified: registry policy ${nameOf(WEST_POLICY)} grants ${SOURCE} ecr:ReplicateImage and ecr:CreateRepository on 'prod-a' (prefix 'prod-') only under a condition on aws:PrincipalTag/team (Statement[0]): grant both unconditionally, or grant ecr:ReplicateImage and create the repositories in the destination first (declared pre-existing)`,
        },
      ],
    );
  });

  it("needs no ecr:CreateRepository where the source asks for none (allowCreateRepository: false)", async () => {
    const routes = buildRoutes();
    routes["222222222222/us-west-2"][0].allowCreateRepository = false;
    const replicateOnly = westPolicy(["ecr:ReplicateImage"]);
    assert.deepStrictEqual(
      await run([replicateOnly, stackReference({ ecrReplicationRoutes: routes })]),
      [],
    );
    // Asked for creation, it is missing: broken, unless the config says the repositories pre-exist.
    const findings = await run([
      replicateOnly,
      stackReference({ ecrReplicationRoutes: buildRoutes() }),
    ]);
    assert.deepStrictEqual(
      findings.map((f) => [f.urn, f.enforcementLevel]),
      [[WEST_POLICY, "mandatory"]],
    );
    assert.deepStrictEqual(
      await run([replicateOnly, stackReference({ ecrReplicationRoutes: buildRoutes() })], {
        preExistingRepositories: ["222222222222/us-west-2"],
      }),
      [],
    );
  });

  it("leaves routes into registries whose policy is not in the stack to that stack's check", async () => {
    // The EU registry's route is not granted anywhere here: not this stack's concern.
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: buildRoutes() })]),
      [],
    );
    // A stack without any registry policy judges no referenced route at all, even unreadable ones.
    assert.deepStrictEqual(await run([stackReference(UNKNOWN)]), []);
  });

  it("ignores stack references that export no routes", async () => {
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ vpcId: "vpc-1" }, "acme/network/prod")]),
      [],
    );
  });

  it("judges a secret output by its content, the same as a plain one", async () => {
    const secretRoutes = { ecrReplicationRoutes: secret(buildRoutes()) };
    assert.deepStrictEqual(await run([westPolicy(), stackReference(secretRoutes)]), []);
    const findings = await run([westPolicy(undefined, ["prod-"]), stackReference(secretRoutes)]);
    assert.deepStrictEqual(
      findings.map((f) => [f.urn, f.enforcementLevel, f.message.slice(0, WEST_ROUTE.length)]),
      [[WEST_POLICY, "mandatory", WEST_ROUTE]],
    );
  });

  it("reports outputs unknown until apply as unverified (advisory), never as authorised", async () => {
    assert.deepStrictEqual(await run([westPolicy(), stackReference(UNKNOWN)]), [
      {
        urn: REFERENCE_URN,
        enforcementLevel: "advisory",
        message: `the outputs of stack reference '${STACK}' are unknown until apply, so the routes it may request into this stack's registries could not be verified`,
      },
    ]);
    const routes: Record<string, unknown> = buildRoutes();
    routes["222222222222/us-west-2"] = [
      { accountId: SOURCE, repositoryPrefixes: ["prod-", UNKNOWN], allowCreateRepository: true },
    ];
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: routes })]),
      [
        {
          urn: REFERENCE_URN,
          enforcementLevel: "advisory",
          message: `stack reference '${STACK}' ecrReplicationRoutes['222222222222/us-west-2'][0].repositoryPrefixes[1] is unknown until apply, so its routes could not be verified`,
        },
      ],
    );
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: UNKNOWN })]),
      [
        {
          urn: REFERENCE_URN,
          enforcementLevel: "advisory",
          message: `stack reference '${STACK}' ecrReplicationRoutes is unknown until apply, so the routes it requests could not be verified`,
        },
      ],
    );
    // An unknown in an entry for a registry whose policy is elsewhere is not this stack's concern.
    const elsewhere: Record<string, unknown> = buildRoutes();
    elsewhere["333333333333/eu-west-1"] = UNKNOWN;
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: elsewhere })]),
      [],
    );
    // A read whose name is unknown is not run at preview: the engine sends it without outputs.
    const nameless: TestResource = {
      type: "pulumi:pulumi:StackReference",
      urn: REFERENCE_URN,
      props: {},
    };
    assert.deepStrictEqual(await run([westPolicy(), nameless]), [
      {
        urn: REFERENCE_URN,
        enforcementLevel: "advisory",
        message: `the outputs of stack reference '${STACK}' are unknown until apply, so the routes it may request into this stack's registries could not be verified`,
      },
    ]);
  });

  it("reports an output of the wrong shape for this stack's registry as unverified, with its problems", async () => {
    const routes: Record<string, unknown> = buildRoutes();
    routes["222222222222/us-west-2"] = [{ accountId: "1234", repositoryPrefixes: ["prod-"] }];
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: routes })]),
      [
        {
          urn: REFERENCE_URN,
          enforcementLevel: "advisory",
          message: `stack reference '${STACK}' ecrReplicationRoutes['222222222222/us-west-2'] cannot be read, so its routes could not be verified: stack reference '${STACK}' ecrReplicationRoutes['222222222222/us-west-2'][0].accountId: must be a 12-digit AWS account id, got '1234'`,
        },
      ],
    );
    assert.deepStrictEqual(
      await run([westPolicy(), stackReference({ ecrReplicationRoutes: ["prod-"] })]),
      [
        {
          urn: REFERENCE_URN,
          enforcementLevel: "advisory",
          message: `stack reference '${STACK}' ecrReplicationRoutes cannot be read, so the routes it requests could not be verified: must be an object of grant lists keyed '<accountId>/<region>'`,
        },
      ],
    );
  });

  it("cannot tell which of two policies of one registry decides: unverified, reported once", async () => {
    const second = westPolicy();
    second.urn = `${WEST_POLICY}-again`;
    assert.deepStrictEqual(
      await run([westPolicy(), second, stackReference({ ecrReplicationRoutes: buildRoutes() })]),
      [
        {
          urn: WEST_POLICY,
          enforcementLevel: "advisory",
          message: `${WEST_ROUTE} could not be verified: 2 registry policies write the one policy of 222222222222 in us-west-2 (${nameOf(WEST_POLICY)}, ${nameOf(WEST_POLICY)}-again): which one wins cannot be told`,
        },
      ],
    );
  });

  it("judges the routes of every referenced stack into every registry of the stack", async () => {
    const tools = {
      "222222222222/us-west-2": [
        { accountId: "444444444444", repositoryPrefixes: ["tools/"], allowCreateRepository: false },
      ],
    };
    const eu = registryPolicy(DEST_EU, "eu-west-1");
    const findings = await run([
      westPolicy(),
      eu,
      stackReference({ ecrReplicationRoutes: buildRoutes() }),
      stackReference({ ecrReplicationRoutes: tools }, "acme/ecr-build/tools"),
    ]);
    assert.deepStrictEqual(findings, [
      {
        urn: WEST_POLICY,
        enforcementLevel: "mandatory",
        message: `stack reference 'acme/ecr-build/tools' ecrReplicationRoutes['222222222222/us-west-2'][0] (444444444444 -> 222222222222 in us-west-2 ('tools/')) will fail at run time: registry policy ${nameOf(WEST_POLICY)} does not grant 444444444444 ecr:ReplicateImage on 'tools/a' (prefix 'tools/')`,
      },
    ]);
  });
});
