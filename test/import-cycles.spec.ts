/**
 * No import cycles anywhere: the import graph of every .ts/.js file of the repository, resolved
 * as the TypeScript compiler resolves modules (test/import-graph.ts). Takes well under a second.
 */
import * as assert from "assert";
import * as path from "path";
import { importCycles, importGraph, sourceFiles } from "./import-graph";

const REPOSITORY = path.resolve(__dirname, "..");
const FIXTURE = path.join(__dirname, "fixtures", "lint-boundaries");

/** The cycles under `root`, each as "a.ts -> b.ts -> a.ts" with paths relative to `root`. */
function cyclesUnder(root: string, skipped: string[] = []): string[] {
  return importCycles(importGraph(sourceFiles(root, skipped))).map((cycle) =>
    cycle.map((file) => path.relative(root, file).split(path.sep).join("/")).join(" -> "),
  );
}

describe("import cycles", () => {
  it("the repository has none", () => {
    // test/fixtures holds separate little projects, among them the deliberate cycle below.
    assert.deepStrictEqual(cyclesUnder(REPOSITORY, ["test/fixtures"]), []);
  });

  it("a deliberate two-file cycle is found (test/fixtures/lint-boundaries/tools)", () => {
    assert.deepStrictEqual(cyclesUnder(FIXTURE), [
      "tools/report.ts -> tools/routes.ts -> tools/report.ts",
    ]);
  });

  it("a longer cycle is reported as one path through it, a self-import as itself", () => {
    const graph = new Map([
      ["a", ["b"]],
      ["b", ["c", "d"]],
      ["c", ["a"]],
      ["d", []],
      ["e", ["e"]],
    ]);
    assert.deepStrictEqual(importCycles(graph), [
      ["a", "b", "c", "a"],
      ["e", "e"],
    ]);
  });

  it("a graph without cycles has none", () => {
    const graph = new Map([
      ["a", ["b", "c"]],
      ["b", ["c"]],
      ["c", []],
    ]);
    assert.deepStrictEqual(importCycles(graph), []);
  });
});
