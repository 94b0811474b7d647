/**
 * `null` and `undefined` in every argument of the three ComponentResources and in every field of
 * their grants, routes, destinations and providers, one at a time: a ValidationError at that path
 * (the exact list of problem paths), nothing registered, never a TypeError; `undefined` in an
 * optional field means "not given" and builds what leaving the field out builds. Then the exact
 * texts of the refusals a user is likeliest to meet, and of a registry (or source) that is not an
 * object while other inputs are still outputs.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  CrossAccountReplication,
  RegistryReplication,
  RegistryReplicationPolicy,
} from "../../components";
import { ValidationError } from "../../components/model/core/problems";
import { setAt } from "../oracle/oracle";
import { MockCloud, valueOf } from "./mock-cloud";

const PROVIDER = "pulumi:providers:aws";
const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
const SOURCE = { accountId: "111111111111", region: "us-east-1" };
const STATEMENT = {
  Sid: "PullFromCi",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::333333333333:root" },
  Action: ["ecr:BatchGetImage"],
  Resource: "arn:aws:ecr:us-west-2:222222222222:repository/*",
};
/** Every field of RegistryReplicationPolicyArgs given, optional ones too. */
const POLICY_ARGS = {
  registry: REGISTRY,
  sources: [
    {
      accountId: "111111111111",
      repositoryPrefixes: ["prod-"],
      allRepositories: false,
      allowCreateRepository: false,
    },
  ],
  extraStatements: [STATEMENT],
  scope: "V2",
};
/** Every field of RegistryReplicationArgs. */
const REPLICATION_ARGS = {
  source: SOURCE,
  routes: [{ destinations: [REGISTRY], repositoryPrefixes: ["prod-"] }],
};
/** Every field of CrossAccountReplicationArgs but providers (see its own test). */
const CROSS_ARGS = {
  source: SOURCE,
  routes: [
    { destinations: [REGISTRY], repositoryPrefixes: ["prod-"], allowCreateRepository: false },
  ],
  assumeRoleName: "deployer",
};

/**
 * A field as keys, and the problem paths expected for null and for undefined: "built" where that
 * is "not given", "unchecked" where the spec does not say yet.
 */
type FieldCase = [(string | number)[], string[] | "unchecked", string[] | "built"];

/** A required field: refused at its own path whether null or undefined. */
function required(...keys: (string | number)[]): FieldCase {
  return [keys, [pathOf(keys)], [pathOf(keys)]];
}

/** An optional field: null refused at its path, undefined is "not given". */
function optional(...keys: (string | number)[]): FieldCase {
  return [keys, [pathOf(keys)], "built"];
}

function pathOf(keys: (string | number)[]): string {
  return keys.reduce<string>(
    (text, key) =>
      typeof key === "number" ? `${text}[${key}]` : text === "" ? key : `${text}.${key}`,
    "",
  );
}

const POLICY_FIELDS: FieldCase[] = [
  required("registry"),
  required("registry", "accountId"),
  required("registry", "region"),
  required("sources"),
  required("sources", 0),
  required("sources", 0, "accountId"),
  required("sources", 0, "repositoryPrefixes"),
  required("sources", 0, "repositoryPrefixes", 0),
  optional("sources", 0, "allRepositories"),
  optional("sources", 0, "allowCreateRepository"),
  optional("extraStatements"),
  required("extraStatements", 0),
  optional("extraStatements", 0, "Sid"),
  required("extraStatements", 0, "Effect"),
  // A statement without Principal, Action or Resource is refused at the statement ("exactly one
  // of Principal and NotPrincipal").
  [["extraStatements", 0, "Principal"], ["extraStatements[0].Principal"], ["extraStatements[0]"]],
  required("extraStatements", 0, "Principal", "AWS"),
  [["extraStatements", 0, "Action"], ["extraStatements[0].Action"], ["extraStatements[0]"]],
  required("extraStatements", 0, "Action", 0),
  [["extraStatements", 0, "Resource"], ["extraStatements[0].Resource"], ["extraStatements[0]"]],
  optional("scope"),
];

const ROUTE_FIELDS: FieldCase[] = [
  required("source"),
  required("source", "accountId"),
  required("source", "region"),
  required("routes"),
  required("routes", 0),
  required("routes", 0, "destinations"),
  required("routes", 0, "destinations", 0),
  required("routes", 0, "destinations", 0, "accountId"),
  required("routes", 0, "destinations", 0, "region"),
  required("routes", 0, "repositoryPrefixes"),
  required("routes", 0, "repositoryPrefixes", 0),
];

const CROSS_FIELDS: FieldCase[] = [
  ...ROUTE_FIELDS,
  optional("routes", 0, "allowCreateRepository"),
  optional("assumeRoleName"),
];

/** The args without the field at `keys`: what "not given" builds. */
function without(args: unknown, keys: (string | number)[]): unknown {
  const copy = JSON.parse(JSON.stringify(args)) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of keys.slice(0, -1)) {
    holder = holder[key] as Record<string | number, unknown>;
  }
  delete holder[keys[keys.length - 1]];
  return copy;
}

/** The error `create` throws; fails the test if it returns or throws anything but a ValidationError. */
function refusal(create: () => unknown): ValidationError {
  let error: unknown;
  try {
    create();
  } catch (caught) {
    error = caught;
  }
  assert.ok(error instanceof ValidationError, `expected a ValidationError, got ${String(error)}`);
  return error;
}

describe("components on null and undefined arguments (mocks)", function () {
  this.timeout(60_000);
  const cloud = new MockCloud();
  before(() => cloud.install());
  after(() => cloud.uninstall());
  beforeEach(() => cloud.reset());

  /**
   * Builds a component and returns what it built, once every resource it creates is registered
   * (so none is still on its way when the next case expects nothing registered).
   */
  const components: [string, unknown, FieldCase[], (args: unknown) => pulumi.Output<unknown>][] = [
    [
      "RegistryReplicationPolicy",
      POLICY_ARGS,
      POLICY_FIELDS,
      (args) => {
        // The default provider acts in the registry's account.
        cloud.ambientAccountId = REGISTRY.accountId;
        const policy = new RegistryReplicationPolicy("receiver", args as never);
        return pulumi.all([policy.policyJson, policy.registryPolicy.urn]).apply(([json]) => json);
      },
    ],
    [
      "RegistryReplication",
      REPLICATION_ARGS,
      ROUTE_FIELDS,
      (args) => {
        // The default provider acts in the source's account.
        cloud.ambientAccountId = SOURCE.accountId;
        const replication = new RegistryReplication("source", args as never);
        return pulumi
          .all([replication.rules, replication.replicationConfiguration.urn])
          .apply(([rules]) => rules);
      },
    ],
    [
      "CrossAccountReplication",
      CROSS_ARGS,
      CROSS_FIELDS,
      (args) => {
        const both = new CrossAccountReplication("both", args as never);
        return pulumi
          .all([
            both.rules,
            both.registryPolicies,
            both.replication.replicationConfiguration.urn,
            pulumi.all(Object.values(both.policies).map((p) => p.registryPolicy.urn)),
          ])
          .apply(([rules, policies]) => [rules, policies]);
      },
    ],
  ];

  for (const [component, args, fields, build] of components) {
    it(`${component}: null or undefined in any field is refused at its path, or not given`, async () => {
      for (const [keys, ifNull, ifUndefined] of fields) {
        for (const [value, expected] of [
          [null, ifNull],
          [undefined, ifUndefined],
        ] as const) {
          const what = `${pathOf(keys)} = ${String(value)}`;
          const bad = setAt(args, keys, value);
          if (expected === "unchecked") {
            continue;
          }
          if (expected === "built") {
            cloud.reset();
            const notGiven = await valueOf(build(without(args, keys)));
            assert.deepStrictEqual(await valueOf(build(bad)), notGiven, what);
            continue;
          }
          cloud.reset();
          const error = refusal(() => build(bad));
          assert.deepStrictEqual(
            error.problems.map((p) => p.path),
            expected,
            `${what}: ${error.message}`,
          );
          assert.deepStrictEqual(await cloud.settledSummary(), [], what);
        }
      }
    });
  }

  it("CrossAccountReplication: null, undefined or a non-provider as providers or one of them", async () => {
    const keys = ["111111111111/us-east-1", "222222222222/us-west-2"];
    const given = Object.fromEntries(
      keys.map((key) => [key, new aws.Provider(`given-${key.replace("/", "-")}`, {})]),
    );
    const withProviders = (providers: unknown) => ({ ...REPLICATION_ARGS, providers }) as never;
    const cases: [unknown, string][] = [
      [
        null,
        "invalid cross-account replication:\nproviders: must be an object of providers keyed '<accountId>/<region>' when given, got null",
      ],
      [
        ["aws-east", "aws-west"],
        `invalid cross-account replication:\nproviders: must be an object of providers keyed '<accountId>/<region>' when given, got ["aws-east","aws-west"]`,
      ],
      [
        { ...given, [keys[0]]: null },
        "invalid cross-account replication:\nproviders['111111111111/us-east-1']: must be a provider resource, such as an aws.Provider, got null",
      ],
      [
        { [keys[0]]: undefined, [keys[1]]: given[keys[1]] },
        "invalid cross-account replication:\nproviders: must have a provider for every registry written to, keyed '<accountId>/<region>': missing '111111111111/us-east-1'",
      ],
      [
        { ...given, [keys[1]]: "aws-west" },
        "invalid cross-account replication:\nproviders['222222222222/us-west-2']: must be a provider resource, such as an aws.Provider, got 'aws-west'",
      ],
    ];
    for (const [providers, message] of cases) {
      assert.throws(() => new CrossAccountReplication("both", withProviders(providers)), {
        name: "ValidationError",
        message,
      });
      assert.deepStrictEqual(
        (await cloud.settledSummary()).filter(([type]) => type !== PROVIDER),
        [],
      );
    }
    // undefined: not given, so the component creates a provider per registry.
    const created = new CrossAccountReplication("both", withProviders(undefined));
    assert.deepStrictEqual(Object.keys(created.providers).sort(), keys);
    assert.ok(keys.every((key) => created.providers[key] !== given[key]));
  });

  describe("exact texts", () => {
    const cases: { title: string; create: () => unknown; message: string }[] = [
      {
        title: "RegistryReplicationPolicy with null args",
        create: () => new RegistryReplicationPolicy("x", null as never),
        message:
          "invalid registry policy:\nregistry: must be a registry: { accountId, region }, got undefined\nsources: must be a list of source grants, got undefined",
      },
      {
        title: "RegistryReplication with undefined args",
        create: () => new RegistryReplication("x", undefined as never),
        message:
          "invalid replication source and routes:\nsource: must be a registry: { accountId, region }, got undefined\nroutes: must be a list of routes, got undefined",
      },
      {
        title: "CrossAccountReplication with a null source and a null route",
        create: () => new CrossAccountReplication("x", { source: null, routes: [null] } as never),
        message:
          "invalid replication source and routes:\nsource: must be a registry: { accountId, region }, got null\nroutes[0]: must be a route: { destinations, repositoryPrefixes }, got null",
      },
      {
        title: "a null registry",
        create: () =>
          new RegistryReplicationPolicy("x", { ...POLICY_ARGS, registry: null } as never),
        message:
          "invalid registry policy:\nregistry: must be a registry: { accountId, region }, got null",
      },
      {
        title: "a null grant among good ones",
        create: () =>
          new RegistryReplicationPolicy("x", {
            registry: REGISTRY,
            sources: [...POLICY_ARGS.sources, null],
          } as never),
        message:
          "invalid registry policy:\nsources[1]: must be a grant: { accountId, repositoryPrefixes, allowCreateRepository? }, got null",
      },
      {
        title: "a null extra statement",
        create: () =>
          new RegistryReplicationPolicy("x", { ...POLICY_ARGS, extraStatements: [null] } as never),
        message:
          "invalid registry policy:\nextraStatements[0]: must be a statement object, got null",
      },
      {
        title: "an undefined route after a good one",
        create: () =>
          new RegistryReplication("x", {
            source: SOURCE,
            routes: [...REPLICATION_ARGS.routes, undefined],
          } as never),
        message:
          "invalid replication routes:\nroutes[1]: must be a route: { destinations, repositoryPrefixes }, got undefined",
      },
      {
        title: "a null second destination of a cross-account route",
        create: () =>
          new CrossAccountReplication("x", {
            source: SOURCE,
            routes: [{ destinations: [REGISTRY, null], repositoryPrefixes: ["prod-"] }],
          } as never),
        message:
          "invalid replication routes:\nroutes[0].destinations[1]: must be a registry: { accountId, region }, got null",
      },
      {
        title: "null repositoryPrefixes of a cross-account route",
        create: () =>
          new CrossAccountReplication("x", {
            source: SOURCE,
            routes: [{ destinations: [REGISTRY], repositoryPrefixes: null }],
          } as never),
        message:
          "invalid replication routes:\nroutes[0].repositoryPrefixes: must be a list of repository prefixes, got null",
      },
      {
        title: "a null allowCreateRepository",
        create: () =>
          new CrossAccountReplication("x", {
            ...CROSS_ARGS,
            routes: [{ ...CROSS_ARGS.routes[0], allowCreateRepository: null }],
          } as never),
        message:
          "invalid replication routes:\nroutes[0].allowCreateRepository: must be true or false when given, got null",
      },
      {
        title: "a null registry while the sources are an output",
        create: () =>
          new RegistryReplicationPolicy("x", {
            registry: null,
            sources: pulumi.output(POLICY_ARGS.sources),
          } as never),
        message:
          "invalid registry policy:\nregistry: must be a registry: { accountId, region }, got null",
      },
      {
        title: "an undefined source while the routes are an output",
        create: () =>
          new RegistryReplication("x", {
            routes: pulumi.output(REPLICATION_ARGS.routes),
          } as never),
        message:
          "invalid replication source:\nsource: must be a registry: { accountId, region }, got undefined",
      },
      {
        title: "cross-account routes given as an output",
        create: () =>
          new CrossAccountReplication("x", {
            source: SOURCE,
            routes: pulumi.output(REPLICATION_ARGS.routes),
          } as never),
        message:
          "invalid cross-account replication:\nroutes: must be a plain list, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs",
      },
      {
        title: "a cross-account source given as an output",
        create: () =>
          new CrossAccountReplication("x", {
            source: pulumi.output(SOURCE),
            routes: REPLICATION_ARGS.routes,
          } as never),
        message:
          "invalid cross-account replication:\nsource: must be a plain registry, not an output or promise: the source and destinations decide which providers and registry policies exist; for values known only at deploy time use RegistryReplication and RegistryReplicationPolicy, which accept outputs",
      },
    ];
    for (const { title, create, message } of cases) {
      it(`refuses ${title}`, async () => {
        assert.throws(create, { name: "ValidationError", message });
        assert.deepStrictEqual(await cloud.settledSummary(), []);
      });
    }
  });
});
