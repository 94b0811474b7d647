/**
 * The import graph of a source tree, resolved as the TypeScript compiler resolves modules, and
 * its cycles. Every `import`, `export ... from`, `import type`, `require()` and `import()` with a
 * literal specifier counts: a cycle of types only is still two files that cannot be read apart.
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/** Directories never walked: installed packages, build output, git and tool caches. */
const NOT_SOURCES = new Set(["node_modules", "bin", ".git", ".preview", ".bench"]);

const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  allowJs: true,
  resolveJsonModule: true,
};

/** The .ts/.js files under `root` (declaration files aside), skipping the `skipped` paths. */
export function sourceFiles(root: string, skipped: string[] = []): string[] {
  const skippedDirs = new Set(skipped.map((relative) => path.join(root, relative)));
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (NOT_SOURCES.has(entry.name) || skippedDirs.has(full)) {
        continue;
      }
      if (entry.isDirectory()) {
        walk(full);
      } else if (/\.(ts|js|mjs|cjs)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) {
        files.push(full);
      }
    }
  };
  walk(root);
  return files.sort();
}

/** Each file with the files of `files` it imports (packages and files outside are left out). */
export function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    const targets = importedFiles
      .map((imported) => ts.resolveModuleName(imported.fileName, file, RESOLUTION, ts.sys))
      .map((resolved) => resolved.resolvedModule?.resolvedFileName)
      .filter((target): target is string => target !== undefined)
      // a .js file typed by a .d.ts beside it (policypack/compile.js) is imported as the .js
      .map((target) => target.replace(/\.d\.ts$/, ".js"))
      .filter((target) => known.has(target));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * One cycle per strongly connected component of the graph (Tarjan), as the path from its first
 * file (by name) back to itself: ["a.ts", "b.ts", "a.ts"]. Empty when the graph has no cycle.
 */
export function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (file: string): void => {
    index.set(file, index.size);
    lowLink.set(file, index.get(file)!);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        connect(target);
        lowLink.set(file, Math.min(lowLink.get(file)!, lowLink.get(target)!));
      } else if (onStack.has(target)) {
        lowLink.set(file, Math.min(lowLink.get(file)!, index.get(target)!));
      }
    }
    if (lowLink.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== file);
      components.push(component);
    }
  };
  for (const file of [...graph.keys()].sort()) {
    if (!index.has(file)) {
      connect(file);
    }
  }
  return components
    .filter((component) => component.length > 1 || graph.get(component[0])!.includes(component[0]))
    .map((component) => cycleThrough(graph, new Set(component)))
    .sort((a, b) => a[0].localeCompare(b[0]));
}

/** The shortest path from the component's first file back to itself, staying inside it. */
function cycleThrough(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const target of graph.get(file)!) {
      if (target === start) {
        const cycle = [start];
        for (let at = file; at !== start; at = cameFrom.get(at)!) {
          cycle.splice(1, 0, at);
        }
        return [...cycle, start];
      }
      if (component.has(target) && !cameFrom.has(target)) {
        cameFrom.set(target, file);
        queue.push(target);
      }
    }
  }
  throw new Error(`no cycle through ${start}`); // cannot happen in a strongly connected component
}
