/**
 * The pack as the CLI runs it (booted once through tools/analyzer), sent bad requests over the
 * analyzer gRPC protocol: property structs of odd types, megabyte and prototype-keyed documents,
 * deeply nested values, requests missing their options or properties. Each gets diagnostics or a
 * gRPC error, never a crash; afterwards the pack still answers a normal Analyze exactly.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerProto from "@pulumi/pulumi/proto/analyzer_pb";
import { ListValue, Struct, Value } from "google-protobuf/google/protobuf/struct_pb";
import {
  AnalyzerClient,
  AnalyzerResource,
  fillConfigDefaults,
  parsePolicyPackConfig,
  startPolicyPack,
} from "../../tools/analyzer";
import { DEST_WEST, destinationPolicyDocument, exampleStack, registryPolicy } from "./fixtures";

const PACK = path.join(__dirname, "..", "..", "policypack");
const REGISTRY_POLICY = "aws:ecr/registryPolicy:RegistryPolicy";
const REPLICATION = "aws:ecr/replicationConfiguration:ReplicationConfiguration";

function wire(
  type: string,
  properties: Record<string, unknown>,
  name = "hostile",
): AnalyzerResource {
  return {
    urn: `urn:pulumi:dev::ecr::${type}::${name}`,
    type,
    name,
    properties,
  } as AnalyzerResource;
}

/** A list nested `levels` deep, built without recursion (Struct.fromJavaScript would recurse). */
function deepValue(levels: number): Value {
  let value = new Value();
  value.setStringValue("ecr:ReplicateImage");
  for (let i = 0; i < levels; i++) {
    const list = new ListValue();
    list.addValues(value);
    value = new Value();
    value.setListValue(list);
  }
  return value;
}

describe("policy pack over gRPC under hostile requests", function () {
  this.timeout(120_000);
  let client: AnalyzerClient;
  let rpc: analyzerRpc.AnalyzerClient;

  before(async () => {
    client = await startPolicyPack(PACK);
    const info = await client.getAnalyzerInfo();
    const example = JSON.parse(fs.readFileSync(path.join(PACK, "config.example.json"), "utf8"));
    await client.configure(fillConfigDefaults(info, parsePolicyPackConfig(example)));
    // The same connection, for requests the client would never build.
    rpc = (client as unknown as { rpc: analyzerRpc.AnalyzerClient }).rpc;
  });

  after(async () => {
    await client?.close();
  });

  /** Sends a raw AnalyzeRequest; resolves with its diagnostics' messages or the gRPC error. */
  function rawAnalyze(request: analyzerProto.AnalyzeRequest): Promise<string[] | Error> {
    return new Promise((resolve) => {
      rpc.analyze(request, (error: grpc.ServiceError | null, response) => {
        resolve(
          error !== null
            ? new Error(error.details || error.message)
            : response.getDiagnosticsList().map((d) => d.getMessage()),
        );
      });
    });
  }

  function rawRequest(type: string, properties?: Struct, withOptions = true) {
    const request = new analyzerProto.AnalyzeRequest();
    request.setUrn(`urn:pulumi:dev::ecr::${type}::raw`);
    request.setType(type);
    request.setName("raw");
    if (properties !== undefined) {
      request.setProperties(properties);
    }
    if (withOptions) {
      const options = new analyzerProto.AnalyzerResourceOptions();
      options.setCustomtimeouts(new analyzerProto.AnalyzerResourceOptions.CustomTimeouts());
      request.setOptions(options);
    }
    return request;
  }

  it("odd property types, megabyte and __proto__ documents: diagnostics at the property, no internal error", async () => {
    const huge = "a".repeat(1 << 20);
    const document = destinationPolicyDocument(DEST_WEST, "us-west-2");
    const cases: [string, Record<string, unknown>, string][] = [
      [REGISTRY_POLICY, { policy: 5 }, "policy: "],
      [REGISTRY_POLICY, { policy: [true, null, { a: [] }] }, "policy: "],
      [REGISTRY_POLICY, { policy: null, region: 7 }, "region: "],
      [REGISTRY_POLICY, { policy: huge }, "policy: "],
      [
        REGISTRY_POLICY,
        { policy: JSON.stringify({ ...document, Id: huge }) },
        "policy: must be at most 10240 characters",
      ],
      [
        REGISTRY_POLICY,
        { policy: '{"__proto__":{"Version":"2012-10-17"},"constructor":{},"Statement":[]}' },
        "policy.__proto__: ",
      ],
      [
        REPLICATION,
        { replicationConfiguration: { rule: [{}] } },
        "replicationConfiguration.rule: ",
      ],
      [REPLICATION, { replicationConfiguration: "rules" }, "replicationConfiguration: "],
      [
        REPLICATION,
        { replicationConfiguration: { rules: [[[[[1]]]]] } },
        "replicationConfiguration.rules[0]: ",
      ],
    ];
    for (const [type, properties, start] of cases) {
      const diagnostics = await client.analyze(wire(type, properties));
      const messages = diagnostics.map((d) => d.message);
      assert.ok(
        diagnostics.some((d) => d.enforcementLevel === "mandatory" && d.message.startsWith(start)),
        `${start}: ${JSON.stringify(messages).slice(0, 500)}`,
      );
      for (const message of messages) {
        assert.ok(!message.includes("internal error"), message.slice(0, 300));
        assert.ok(message.length < 5_000, `${message.length} characters`);
      }
    }
  });

  it("deep nesting, missing options or properties, unknown types: an answer or an error, never a crash", async () => {
    const deep = new Struct();
    deep.getFieldsMap().set("policy", deepValue(1_800));
    const wrongType = new Struct();
    wrongType.getFieldsMap().set("replicationConfiguration", deepValue(50));
    const answers = [
      await rawAnalyze(rawRequest(REGISTRY_POLICY, deep)),
      await rawAnalyze(rawRequest(REPLICATION, wrongType)),
      await rawAnalyze(rawRequest(REGISTRY_POLICY, undefined)),
      await rawAnalyze(rawRequest(REGISTRY_POLICY, new Struct(), false)),
      await rawAnalyze(rawRequest("aws:ecr/unknown:Unknown", deep)),
    ];
    // Deep values are refused (a mandatory finding or a protocol error), never silently passed.
    const [deepPolicy, deepReplication, noProperties, noOptions, unknownType] = answers;
    assert.ok(
      !(deepPolicy instanceof Error) &&
        deepPolicy.some((m) => m.startsWith("policy: must be a policy document object")),
      String(deepPolicy),
    );
    assert.ok(
      !(deepReplication instanceof Error) &&
        deepReplication.some((m) => m.startsWith("replicationConfiguration: must be an object")),
      String(deepReplication),
    );
    // No properties or no options: @pulumi/policy's server refuses the request (the engine
    // always sends both); the pack answers with a gRPC error and lives on.
    assert.ok(noProperties instanceof Error, String(noProperties));
    assert.ok(noOptions instanceof Error, String(noOptions));
    assert.deepStrictEqual(unknownType, []);
    assert.strictEqual(client.pid !== undefined && isAlive(client.pid), true);
  });

  it("still answers a normal Analyze and AnalyzeStack exactly afterwards", async () => {
    const stack = exampleStack().map((resource) => {
      const onWire = wire(resource.type, resource.props);
      onWire.urn = resource.urn!;
      if (resource.provider !== undefined) {
        onWire.provider = {
          urn: resource.provider.urn!,
          type: "pulumi:providers:aws",
          name: "provider",
          properties: resource.provider.props,
        } as AnalyzerResource["provider"];
      }
      return onWire;
    });
    for (const resource of stack) {
      assert.deepStrictEqual(await client.analyze(resource), [], resource.urn);
    }
    assert.deepStrictEqual(await client.analyzeStack(stack), []);
    const bad = registryPolicy(DEST_WEST, "us-west-2");
    bad.props.policy = JSON.stringify({ Version: "2012-10-17", Statement: [] });
    const diagnostics = await client.analyze(wire(bad.type, bad.props));
    assert.deepStrictEqual(
      diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.message]),
      [
        [
          "ecr-registry-policy-valid",
          "mandatory",
          "policy.Statement: must be a statement object or a non-empty array of them, got []",
        ],
      ],
    );
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
