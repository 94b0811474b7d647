/**
 * `--stack-outputs`: reading the files, answering a stack reference's read as the engine's built-in
 * provider does, and what the pack is then sent (Analyze: the read's inputs; AnalyzeStack: its
 * outputs, secrets still wrapped).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AnalyzerClient, AnalyzerResource, secret } from "../tools/analyzer";
import { analyzePlan } from "../tools/preview/analyze";
import { buildPlan } from "../tools/preview/plan";
import { RecordedResource } from "../tools/preview/recorded";
import {
  answerStackReference,
  readStackOutputs,
  stackReferenceState,
  StackOutputsError,
  withStackReferenceOutputs,
} from "../tools/preview/stack-outputs";

const DIRECTORY = fs.mkdtempSync(path.join(os.tmpdir(), "stack-outputs-spec-"));

/** A file in the spec's scratch directory holding `text`. */
function file(name: string, text: string): string {
  const at = path.join(DIRECTORY, name);
  fs.writeFileSync(at, text);
  return at;
}

function refusal(specs: string[]): string {
  try {
    readStackOutputs(specs);
  } catch (error) {
    assert.ok(error instanceof StackOutputsError, String(error));
    return error.message;
  }
  return assert.fail("expected a StackOutputsError");
}

describe("preview --stack-outputs: reading the files", () => {
  const routes = { "222222222222/us-west-2": [{ accountId: "111111111111" }] };
  const prod = file("prod.json", JSON.stringify({ ecrReplicationRoutes: routes, count: 2 }));
  const hidden = file("hidden.json", JSON.stringify({ token: secret("s3cret"), plain: "x" }));

  it("reads each <name>=<file.json>, secrets still wrapped", () => {
    assert.deepStrictEqual(
      readStackOutputs([`acme/build/prod=${prod}`, `acme/build/hidden=${hidden}`]),
      {
        "acme/build/prod": { ecrReplicationRoutes: routes, count: 2 },
        "acme/build/hidden": { token: secret("s3cret"), plain: "x" },
      },
    );
    assert.deepStrictEqual(readStackOutputs([]), {});
  });

  it("refuses a value that is not <name>=<file.json>", () => {
    for (const spec of ["acme/build/prod", "=x.json", "acme/build/prod="]) {
      assert.strictEqual(
        refusal([spec]),
        `--stack-outputs must be <name>=<file.json> (the stack's name as the program passes it to new StackReference), got '${spec}'`,
      );
    }
  });

  it("refuses a file that cannot be read, is not JSON, or is not an object of outputs", () => {
    const missing = path.join(DIRECTORY, "missing.json");
    assert.strictEqual(
      refusal([`a=${missing}`]),
      `--stack-outputs a=${missing}: the file cannot be read`,
    );
    const broken = file("broken.json", "{ not json");
    assert.match(
      refusal([`a=${broken}`]),
      /^--stack-outputs a=.*broken\.json: the file is not JSON: /,
    );
    const list = file("list.json", "[1]");
    assert.strictEqual(
      refusal([`a=${list}`]),
      `--stack-outputs a=${list}: must be a JSON object of the stack's outputs (as pulumi stack output --json --show-secrets prints them), got [1]`,
    );
  });

  it("refuses a secret masked by pulumi stack output without --show-secrets", () => {
    const masked = file("masked.json", JSON.stringify({ ecrReplicationRoutes: "[secret]" }));
    assert.strictEqual(
      refusal([`a=${masked}`]),
      `--stack-outputs a=${masked}: the output 'ecrReplicationRoutes' is '[secret]', the mask pulumi stack output prints for a secret: write the file with --show-secrets, and keep a value secret by wrapping it as {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": ...}`,
    );
  });

  it("refuses a stack named twice", () => {
    assert.strictEqual(
      refusal([`acme/build/prod=${prod}`, `acme/build/prod=${hidden}`]),
      "--stack-outputs names the stack 'acme/build/prod' twice",
    );
  });
});

describe("preview --stack-outputs: answering the read as the built-in provider does", () => {
  it("answers with id the name and outputs { name, outputs, secretOutputNames } (sorted)", () => {
    const outputs = {
      zeta: { nested: [1, secret("x")] },
      alpha: secret("y"),
      plain: "z",
    };
    assert.deepStrictEqual(answerStackReference({ name: "acme/a/b" }, { "acme/a/b": outputs }), {
      id: "acme/a/b",
      state: { name: "acme/a/b", outputs, secretOutputNames: ["alpha", "zeta"] },
    });
  });

  it("fails a read without outputs, naming the stack and the flag", () => {
    assert.throws(
      () => answerStackReference({ name: "acme/build/prod" }, {}),
      new StackOutputsError(
        "the offline preview has no outputs for the stack reference 'acme/build/prod': pass --stack-outputs acme/build/prod=<file.json> (its outputs, as pulumi stack output --json --show-secrets prints them)",
      ),
    );
  });

  it("sends the pack the read's inputs in Analyze and its outputs in AnalyzeStack", async () => {
    const outputs = { ecrReplicationRoutes: secret({ "222222222222/us-west-2": [] }) };
    const recorded: RecordedResource = {
      urn: "urn:pulumi:prod::ecr-workload::pulumi:pulumi:StackReference::acme/build/prod",
      id: "acme/build/prod",
      type: "pulumi:pulumi:StackReference",
      name: "acme/build/prod",
      custom: true,
      read: true,
      parent: "",
      provider: "",
      dependencies: [],
      propertyDependencies: {},
      inputs: { name: "acme/build/prod" },
    };
    const plan = withStackReferenceOutputs(
      buildPlan("ecr-workload", "prod", {}, [recorded], DIRECTORY),
      { "acme/build/prod": outputs },
    );
    const analyzed: AnalyzerResource[] = [];
    const stacked: AnalyzerResource[] = [];
    const client = {
      analyze: async (resource: AnalyzerResource) => (analyzed.push(resource), []),
      analyzeStack: async (resources: AnalyzerResource[]) => (stacked.push(...resources), []),
    } as unknown as AnalyzerClient;
    await analyzePlan(client, plan);
    const reference = (resources: AnalyzerResource[]) =>
      resources.find((r) => r.type === "pulumi:pulumi:StackReference");
    assert.deepStrictEqual(reference(analyzed)?.properties, { name: "acme/build/prod" });
    assert.deepStrictEqual(
      reference(stacked)?.properties,
      stackReferenceState("acme/build/prod", outputs),
    );
    assert.deepStrictEqual(reference(stacked)?.properties, {
      name: "acme/build/prod",
      outputs,
      secretOutputNames: ["ecrReplicationRoutes"],
    });
    // Managed by the engine's built-in provider, which is unversioned.
    assert.deepStrictEqual(reference(stacked)?.provider, {
      urn: "urn:pulumi:prod::ecr-workload::pulumi:providers:pulumi::default",
      type: "pulumi:providers:pulumi",
      name: "default",
      properties: {},
    });
  });
});
