/**
 * The published pack, installed as the Pulumi CLI installs it: `npm run pack:policypack` builds the
 * tarball, which is extracted into an empty folder outside the repository, installed with
 * `npm install --omit=dev` (needs the npm registry, or npm's cache: `--prefer-offline`), booted by
 * its own run-policy-pack with that folder as cwd, and configured as the integration suite
 * configures the in-repository pack. Both packs are sent the integration suite's resources over
 * gRPC and must answer exactly alike. A partial install or an old Node fails the boot with one line.
 *
 * About 10 s, most of it `npm install`.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  AnalyzerClient,
  fillConfigDefaults,
  parsePolicyPackConfig,
  secret,
  startPolicyPack,
  UNKNOWN_STRING_VALUE,
} from "../../tools/analyzer";
import {
  DEST_EU,
  DEST_WEST,
  destinationPolicyDocument,
  exampleStack,
  registryPolicy,
  replicationConfiguration,
  rulesOf,
  onTheWire,
} from "./fixtures";
import { TestResource } from "./run-policy";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policypack");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** The integration suite's stacks: each resource is analyzed alone, each stack as a whole. */
function integrationStacks(): { name: string; resources: TestResource[] }[] {
  const secretPolicy = registryPolicy(DEST_WEST, "us-west-2");
  const prefixWithoutBoundary = destinationPolicyDocument(DEST_WEST, "us-west-2");
  prefixWithoutBoundary.Statement[0].Resource = [
    `arn:aws:ecr:us-west-2:${DEST_WEST}:repository/prod*`,
  ];
  secretPolicy.props.policy = secret(JSON.stringify(prefixWithoutBoundary));

  const unknownDestination = replicationConfiguration();
  rulesOf(unknownDestination)[0].destinations[0].registryId = UNKNOWN_STRING_VALUE;
  rulesOf(unknownDestination)[0].destinations[1].region = "ap-south-1";

  const unauthorised = exampleStack();
  const replicateOnly = destinationPolicyDocument(DEST_WEST, "us-west-2");
  replicateOnly.Statement[0].Action = ["ecr:ReplicateImage"];
  unauthorised[1].props.policy = JSON.stringify(replicateOnly);
  const secondEu = registryPolicy(DEST_EU, "eu-west-1");
  secondEu.urn = `${secondEu.urn}-again`;

  return [
    { name: "the example stack", resources: exampleStack() },
    { name: "a secret-wrapped registry policy", resources: [secretPolicy] },
    { name: "an unknown destination", resources: [unknownDestination] },
    { name: "an unauthorised destination", resources: [...unauthorised, secondEu] },
  ];
}

/** Boots a pack and configures it with config.example.json over its schema defaults. */
async function startConfigured(packDir: string): Promise<AnalyzerClient> {
  const client = await startPolicyPack(packDir);
  const info = await client.getAnalyzerInfo();
  const example = JSON.parse(fs.readFileSync(path.join(PACK, "config.example.json"), "utf8"));
  await client.configure(fillConfigDefaults(info, parsePolicyPackConfig(example)));
  return client;
}

/** Every file under `dir`, relative to it, with `/` separators. */
function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .map((file) => file.split(path.sep).join("/"));
}

/** Boots the installed pack with run-policy-pack to its exit; returns what it wrote. */
function bootToExit(packDir: string, nodeArgs: string[] = []) {
  const runPolicyPack = path.join(packDir, "node_modules/@pulumi/pulumi/cmd/run-policy-pack");
  const boot = spawnSync(process.execPath, [...nodeArgs, runPolicyPack, "127.0.0.1:0", "."], {
    cwd: packDir,
    encoding: "utf8",
    timeout: 30_000,
  });
  return { status: boot.status, stdout: boot.stdout, stderr: boot.stderr };
}

describe("the published pack, installed outside the repository", function () {
  this.timeout(180_000);
  let scratch: string;
  let installed: string;
  let tarball: string;
  let inRepository: AnalyzerClient | undefined;
  let published: AnalyzerClient | undefined;

  before(async () => {
    scratch = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ecr-policypack-")));
    const output = execFileSync(
      NPM,
      ["run", "--silent", "pack:policypack", "--", "--dist", path.join(scratch, "dist")],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
    tarball = output.trimEnd().split("\n").pop() ?? "";
    installed = path.join(scratch, "installed");
    fs.mkdirSync(installed);
    execFileSync("tar", ["-xzf", tarball, "--strip-components=1", "-C", installed]);
    execFileSync(NPM, ["install", "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline"], {
      cwd: installed,
      stdio: "pipe",
    });
    [inRepository, published] = await Promise.all([
      startConfigured(PACK),
      startConfigured(installed),
    ]);
  });

  after(async () => {
    await inRepository?.close();
    await published?.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("prints the tarball's absolute path last, and packs only the bundle, package.json and PulumiPolicy.yaml", () => {
    assert.ok(path.isAbsolute(tarball) && fs.existsSync(tarball), tarball);
    const listing = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" });
    assert.deepStrictEqual(listing.trim().split("\n").sort(), [
      "package/PulumiPolicy.yaml",
      "package/index.js",
      "package/package.json",
    ]);
  });

  it("declares exactly the bundle's run-time dependencies, with the repository's ranges", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8"));
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const pack = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8"));
    const range = (name: string) => root.dependencies[name] ?? root.devDependencies[name];
    assert.deepStrictEqual(
      [manifest.name, manifest.version, manifest.main],
      ["ecr-replication-policies", pack.version, "index.js"],
    );
    assert.deepStrictEqual(manifest.dependencies, {
      "@pulumi/policy": range("@pulumi/policy"),
      "@pulumi/pulumi": range("@pulumi/pulumi"),
      "@aws-sdk/core": range("@aws-sdk/core"),
    });
  });

  it("installs no TypeScript: no .ts file of its own, no typescript or ts-node package", () => {
    const files = filesUnder(installed);
    const own = files.filter((file) => !file.startsWith("node_modules/"));
    assert.deepStrictEqual(own.sort(), [
      "PulumiPolicy.yaml",
      "index.js",
      "package-lock.json",
      "package.json",
    ]);
    // run-policy-pack still loads the TypeScript 3.8 that @pulumi/pulumi vendors when no
    // `typescript` is installed, as it does for every Node.js pack; nothing of ours is compiled.
    const compilers = files.filter((file) =>
      /(^|\/)node_modules\/(typescript|ts-node)\/package\.json$/.test(file),
    );
    assert.deepStrictEqual(compilers, []);
  });

  it("describes itself as the in-repository pack does", async () => {
    assert.deepStrictEqual(
      await published!.getAnalyzerInfo(),
      await inRepository!.getAnalyzerInfo(),
    );
  });

  for (const { name, resources } of integrationStacks()) {
    it(`gives the in-repository pack's diagnostics on ${name}, resource by resource and as a stack`, async () => {
      let diagnostics = 0;
      for (const resource of resources.map(onTheWire)) {
        const expected = await inRepository!.analyze(resource);
        assert.deepStrictEqual(await published!.analyze(resource), expected, resource.urn);
        assert.deepStrictEqual(
          await published!.remediate(resource),
          await inRepository!.remediate(resource),
          resource.urn,
        );
        diagnostics += expected.length;
      }
      const stack = resources.map(onTheWire);
      const expected = await inRepository!.analyzeStack(stack);
      assert.deepStrictEqual(await published!.analyzeStack(stack), expected);
      diagnostics += expected.length;
      // The example stack passes; every other one must be reported, or the comparison says little.
      assert.strictEqual(
        diagnostics === 0,
        name === "the example stack",
        `${diagnostics} diagnostics`,
      );
    });
  }

  it("fails the boot with one line when a dependency is not installed", () => {
    const dependency = path.join(installed, "node_modules", "@aws-sdk", "core");
    const moved = `${dependency}.moved`;
    fs.renameSync(dependency, moved);
    try {
      assert.deepStrictEqual(bootToExit(installed), {
        status: 1,
        stdout: "",
        stderr: `ecr-replication-policies: cannot start: the dependency '@aws-sdk/core' is not installed (run npm install in ${installed})\n`,
      });
    } finally {
      fs.renameSync(moved, dependency);
    }
  });

  it("fails the boot with one line on a Node older than 20", () => {
    const olderNode = path.join(scratch, "node-18.js");
    fs.writeFileSync(
      olderNode,
      'Object.defineProperty(process.versions, "node", { value: "18.20.4" });\n',
    );
    assert.deepStrictEqual(bootToExit(installed, ["--require", olderNode]), {
      status: 1,
      stdout: "",
      stderr:
        "ecr-replication-policies: cannot start: Node.js 18.20.4 is older than 20, the oldest this pack runs on\n",
    });
  });
});
