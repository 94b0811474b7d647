/** Which project, entry, stack and directory the preview command works with when not told. */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chooseStack, findProjectDirectory } from "../tools/preview/command-paths";
import { readProject } from "../tools/preview/project";
import { typedDirectory } from "../tools/preview/typed-directory";

describe("preview: the project, entry, stack and directory the command works with", () => {
  let scratch: string;

  beforeEach(() => {
    scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "preview-paths-")));
  });
  afterEach(() => fs.rmSync(scratch, { recursive: true, force: true }));

  function write(files: Record<string, string>): void {
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(scratch, file)), { recursive: true });
      fs.writeFileSync(path.join(scratch, file), text);
    }
  }
  const PROJECT = "name: p\nruntime: nodejs\n";

  it("finds the nearest Pulumi.yaml at or above the directory, as the CLI does", () => {
    write({ "Pulumi.yaml": PROJECT, "src/deep/x.ts": "" });
    assert.strictEqual(findProjectDirectory(path.join(scratch, "src", "deep")), scratch);
    fs.rmSync(path.join(scratch, "Pulumi.yaml"));
    assert.throws(() => findProjectDirectory(path.join(scratch, "src")), {
      message: `no Pulumi.yaml in ${path.join(scratch, "src")} or above it: run the command in a Pulumi project, or name one with --cwd`,
    });
  });

  it("without main: package.json exports, then main, then the directory", () => {
    write({ "Pulumi.yaml": PROJECT });
    assert.strictEqual(readProject(scratch).main, scratch);
    write({ "package.json": JSON.stringify({ main: "src/program.ts" }) });
    assert.strictEqual(readProject(scratch).main, path.join(scratch, "src", "program.ts"));
    write({ "package.json": JSON.stringify({ main: "x.js", exports: { ".": "./lib/entry.ts" } }) });
    assert.strictEqual(readProject(scratch).main, path.join(scratch, "lib", "entry.ts"));
    write({ "package.json": JSON.stringify({ exports: { ".": { require: "./r.ts" } } }) });
    assert.strictEqual(readProject(scratch).main, path.join(scratch, "r.ts"));
  });

  it("reads runtime.options.typescript and tsconfig, refusing wrong types and missing files", () => {
    write({ "Pulumi.yaml": PROJECT });
    assert.deepStrictEqual(
      [readProject(scratch).typescript, readProject(scratch).tsconfig],
      [true, path.join(scratch, "tsconfig.json")],
    );
    const file = path.join(scratch, "Pulumi.yaml");
    write({
      "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: false\n",
    });
    assert.strictEqual(readProject(scratch).typescript, false);
    write({ "Pulumi.yaml": "name: p\nruntime:\n  name: nodejs\n  options:\n    typescript: no\n" });
    assert.throws(() => readProject(scratch), {
      message: `${file}: runtime.options.typescript must be true or false, got 'no'`,
    });
    write({
      "Pulumi.yaml":
        "name: p\nruntime:\n  name: nodejs\n  options:\n    tsconfig: tsconfig.app.json\n",
    });
    assert.throws(() => readProject(scratch), {
      message: `${file}: runtime.options.tsconfig names tsconfig.app.json, which does not exist`,
    });
    write({ "tsconfig.app.json": "{}" });
    assert.strictEqual(readProject(scratch).tsconfig, path.join(scratch, "tsconfig.app.json"));
  });

  it("the stack: the only stack file, else dev, else --stack is needed", () => {
    write({ "Pulumi.yaml": PROJECT });
    assert.strictEqual(chooseStack(scratch), "dev");
    write({ "Pulumi.prod.yaml": "" });
    assert.strictEqual(chooseStack(scratch), "prod");
    write({ "Pulumi.staging.yaml": "" });
    assert.throws(() => chooseStack(scratch), {
      message: `${scratch} has several stacks (prod, staging): name one with --stack`,
    });
    write({ "Pulumi.dev.yaml": "" });
    assert.strictEqual(chooseStack(scratch), "dev");
  });

  it("paths are relative to where the command was typed, also under npm run", () => {
    const cwd = process.cwd();
    const npmRun = { INIT_CWD: scratch, npm_config_local_prefix: cwd };
    assert.strictEqual(typedDirectory(npmRun), scratch);
    // Started elsewhere (not by this npm): where it runs.
    assert.strictEqual(typedDirectory({ ...npmRun, npm_config_local_prefix: scratch }), cwd);
    assert.strictEqual(typedDirectory({}), cwd);
  });
});
