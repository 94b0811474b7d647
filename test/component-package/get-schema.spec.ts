/**
 * The component package out of process, as the Pulumi CLI runs it: started by
 * `@pulumi/pulumi/cmd/run-plugin` from its folder as the Node.js language host does, it prints its
 * port and answers `GetSchema` over gRPC with the schema the in-process provider infers.
 */
import * as assert from "assert";
import { fetchServedSchema, ServedSchema } from "../../tools/component-package/client";
import { packageSchema } from "./served";

describe("component package over gRPC", () => {
  let served: ServedSchema;
  before(async function () {
    this.timeout(240_000);
    served = await fetchServedSchema();
  });

  it("answers GetSchema with the schema inferred in process", async () => {
    assert.deepStrictEqual(served.schema, await packageSchema());
    assert.strictEqual(served.schema.name, "ecr-replication");
  });

  it("starts from the esbuild bundle of its components, not through ts-node", () => {
    // boot.js says so on stderr when it falls back to loading index.ts through ts-node.
    assert.strictEqual(served.stderr, "");
  });

  it("prints its port and answers within bounds that only a hang would pass", () => {
    // Measured here (2 CPUs shared): the port after about 1 s (5 to 8 s through run-plugin's
    // type-checking ts-node), GetSchema about 2.5 s.
    assert.ok(served.startMs < 60_000, `the port after ${served.startMs} ms`);
    assert.ok(served.getSchemaMs < 60_000, `GetSchema took ${served.getSchemaMs} ms`);
  });
});
