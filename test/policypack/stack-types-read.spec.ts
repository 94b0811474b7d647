/**
 * Stack policies built from the resources of the types they read, not the whole stack
 * (policypack/support/stack-types-read.ts), pinned against the @pulumi/policy server this
 * repository ships with.
 */
import * as assert from "assert";
import { createRequire } from "module";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Policies, StackValidationArgs } from "@pulumi/policy";
import { policies } from "../../policypack/policies";
import { checkStack, typesReadByStackPolicies } from "../../policypack/support/findings";
import { readOnlyTypesInStacks } from "../../policypack/support/stack-types-read";

// The modules @pulumi/policy's server itself loads.
const fromServer = createRequire(require.resolve("@pulumi/policy/server"));
const analyzerProto = fromServer("@pulumi/pulumi/proto/analyzer_pb");
const server = fromServer("./server") as {
  makeAnalyzeStackRpcFun(
    name: string,
    version: string,
    level: string,
    policies: Policies,
  ): (call: { request: unknown }, callback: (error: unknown, response: unknown) => void) => void;
};

const ROLE = "aws:iam/role:Role";
const BUCKET = "aws:s3/bucket:Bucket";
const POLICY = "aws:ecr/registryPolicy:RegistryPolicy";

function stackRequest(types: readonly string[]) {
  const request = new analyzerProto.AnalyzeStackRequest();
  types.forEach((type, index) => {
    const resource = new analyzerProto.AnalyzerResource();
    resource.setType(type);
    resource.setUrn(`urn:pulumi:dev::p::${type}::r${index}`);
    resource.setName(`r${index}`);
    resource.setProperties(Struct.fromJavaScript({ index }));
    resource.setOptions(new analyzerProto.AnalyzerResourceOptions());
    request.addResources(resource);
  });
  return request;
}

/** The types of the resources a stack policy of `types` reads is handed by the server. */
async function typesSeen(request: unknown, reads: readonly string[]): Promise<string[]> {
  const seen: string[] = [];
  const recorder = {
    name: "recorder",
    description: "records what it is handed",
    enforcementLevel: "mandatory" as const,
    validateStack: checkStack({ types: reads }, undefined, () => []),
  };
  const spy = {
    ...recorder,
    validateStack: (
      args: StackValidationArgs,
      report: Parameters<typeof recorder.validateStack>[1],
    ) => {
      seen.push(...args.resources.map((resource) => resource.type));
      return recorder.validateStack(args, report);
    },
  };
  const analyzeStack = server.makeAnalyzeStackRpcFun("p", "0.0.1", "mandatory", [spy]);
  await new Promise((resolve, reject) =>
    analyzeStack({ request }, (error, response) => (error ? reject(error) : resolve(response))),
  );
  return seen;
}

describe("stack policies built from the types they read", () => {
  it("knows every type the pack's stack policies read", () => {
    assert.deepStrictEqual([...typesReadByStackPolicies(policies)!].sort(), [
      "aws:ecr/registryPolicy:RegistryPolicy",
      "aws:ecr/replicationConfiguration:ReplicationConfiguration",
      "aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate",
      "pulumi:pulumi:StackReference",
    ]);
  });

  it("counts the type a stack policy is skipped without as read, so the skip still sees it", () => {
    const skippable = {
      name: "skippable",
      description: "skippable",
      validateStack: checkStack({ types: [ROLE], onlyWith: BUCKET }, undefined, () => []),
    };
    assert.deepStrictEqual([...typesReadByStackPolicies([skippable])!], [ROLE, BUCKET]);
  });

  it("knows none when a stack policy does not declare what it reads", () => {
    const undeclared = { name: "any", description: "any", validateStack: () => undefined };
    assert.strictEqual(typesReadByStackPolicies([...policies, undeclared]), undefined);
    assert.strictEqual(readOnlyTypesInStacks(undefined), undefined);
  });

  it("hands @pulumi/policy's stack loop only those types, and can be undone", async () => {
    const request = stackRequest([ROLE, POLICY, BUCKET, POLICY]);
    assert.deepStrictEqual(await typesSeen(request, [POLICY, ROLE, BUCKET]), [
      ROLE,
      POLICY,
      BUCKET,
      POLICY,
    ]);
    const undo = readOnlyTypesInStacks(new Set([POLICY]));
    assert.ok(undo, "the request message of @pulumi/policy's server was found");
    try {
      assert.deepStrictEqual(await typesSeen(request, [POLICY]), [POLICY, POLICY]);
      assert.deepStrictEqual(
        request.getResourcesList().map((r: { getName(): string }) => r.getName()),
        ["r1", "r3"],
      );
    } finally {
      undo();
    }
    assert.strictEqual(request.getResourcesList().length, 4);
  });
});
