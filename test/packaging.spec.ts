/**
 * The library as users get it: `npm pack` (its `prepack` runs `npm run build`), the tarball unpacked into a scratch
 * project (no network: `@pulumi/*` are symlinks to this checkout's node_modules), and a component
 * built from the installed package under mocks in a child node process.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

/** What `npm pack --json` says of the tarball. */
interface PackResult {
  filename: string;
  name: string;
  files: { path: string }[];
}

/** The program the child process runs in the scratch project: prints what it registered. */
const CHILD_PROGRAM = `
const pulumi = require("@pulumi/pulumi");
const registered = [];
pulumi.runtime.setMocks({
  newResource: (args) => {
    registered.push({ type: args.type, name: args.name, inputs: args.inputs });
    return { id: args.name + "-id", state: args.inputs };
  },
  // The components ask getCallerIdentity through the registry's provider (the right account or
  // nothing): the ambient credentials are the registry's account.
  call: (args) =>
    args.token === "aws:index/getCallerIdentity:getCallerIdentity"
      ? { accountId: "222222222222", arn: "arn:aws:iam::222222222222:root" }
      : args.inputs,
});
const library = require("@ecr-replication/pulumi");
const component = new library.RegistryReplicationPolicy("receiver", {
  registry: { accountId: "222222222222", region: "us-west-2" },
  sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
});
const deadline = Date.now() + 10000;
(function report() {
  if (registered.length < 2 && Date.now() < deadline) {
    setTimeout(report, 10);
    return;
  }
  console.log(JSON.stringify({ exports: Object.keys(library).sort(), registered }));
})();
`;

describe("packaging", function () {
  this.timeout(60_000);
  let scratch: string;
  let pack: PackResult;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-replication-package-"));
    const output = execFileSync(NPM, ["pack", "--json", "--pack-destination", scratch], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    [pack] = JSON.parse(output) as PackResult[];
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("packs the compiled library, the command, the bundled pack, package.json and the README", () => {
    const files = pack.files.map((f) => f.path).sort();
    const outside = files.filter(
      (f) => !/^bin\/components\/.+\.(js|d\.ts)$/.test(f) && !/^bin\/tools\/.+\.js$/.test(f),
    );
    assert.deepStrictEqual(outside, [
      "README.md",
      "bin/policypack/PulumiPolicy.yaml",
      "bin/policypack/index.js",
      "bin/policypack/package.json",
      "package.json",
    ]);
    for (const entry of ["bin/tools/cli.js", "bin/tools/preview/program-host.js"]) {
      assert.ok(files.includes(entry), `${entry} missing from ${files.join(", ")}`);
    }
    for (const entry of ["bin/components/index.js", "bin/components/index.d.ts"]) {
      assert.ok(files.includes(entry), `${entry} missing from ${files.join(", ")}`);
    }
    assert.ok(
      !files.some((f) => /test|spec|index\.ts$|Pulumi\./.test(f.replace("bin/components/", ""))),
    );
  });

  it("installs into a project and builds a component from it", () => {
    const project = path.join(scratch, "project");
    const installed = path.join(project, "node_modules", "@ecr-replication", "pulumi");
    fs.mkdirSync(installed, { recursive: true });
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({ name: "scratch", private: true }),
    );
    // Unpacked as npm would (the tarball's top directory is "package/"); @pulumi/* from this checkout.
    execFileSync("tar", [
      "-xzf",
      path.join(scratch, pack.filename),
      "-C",
      installed,
      "--strip-components=1",
    ]);
    fs.symlinkSync(
      path.join(ROOT, "node_modules", "@pulumi"),
      path.join(project, "node_modules", "@pulumi"),
      "dir",
    );
    // The runtime dependencies the packed package.json declares, as npm would install them: linked
    // from this checkout (their own dependencies resolve from its node_modules).
    const packed = JSON.parse(fs.readFileSync(path.join(installed, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
    };
    for (const dependency of Object.keys(packed.dependencies ?? {})) {
      const link = path.join(project, "node_modules", dependency);
      if (fs.existsSync(link)) {
        continue; // @pulumi/policy, within the @pulumi link
      }
      fs.mkdirSync(path.dirname(link), { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules", dependency), link, "dir");
    }
    fs.writeFileSync(path.join(project, "program.js"), CHILD_PROGRAM);

    const output = execFileSync(process.execPath, ["program.js"], {
      cwd: project,
      encoding: "utf8",
    });
    const { exports, registered } = JSON.parse(output.trim().split("\n").pop() ?? "{}") as {
      exports: string[];
      registered: { type: string; name: string; inputs: unknown }[];
    };
    for (const name of [
      "CrossAccountReplication",
      "RegistryReplication",
      "RegistryReplicationPolicy",
      "buildRegistryPolicy",
      "buildReplicationRules",
      "ValidationError",
    ]) {
      assert.ok(exports.includes(name), `${name} not exported: ${exports.join(", ")}`);
    }
    assert.deepStrictEqual(registered, [
      { type: "ecr-replication:index:RegistryReplicationPolicy", name: "receiver", inputs: {} },
      {
        type: "aws:ecr/registryPolicy:RegistryPolicy",
        name: "receiver",
        inputs: {
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "ReplicationAccessCrossAccount",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:root" },
                Action: ["ecr:CreateRepository", "ecr:ReplicateImage"],
                Resource: ["arn:aws:ecr:us-west-2:222222222222:repository/prod-*"],
              },
            ],
          }),
          region: "us-west-2",
        },
      },
    ]);
  });
});
