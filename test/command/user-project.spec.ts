/**
 * `npx ecr-replication preview` in a user's own project, as a user gets it: the package packed
 * (`npm pack`, whose `prepack` builds it), a project outside the repository without `main` in its
 * Pulumi.yaml, its own node_modules installed by `npm install` (the npm registry, or npm's cache:
 * `--prefer-offline`) with the tarball as a devDependency, and the command run through `npx` from
 * the project directory. About 30 s, most of it `npm pack` and `npm install`.
 */
import * as assert from "assert";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** The version this repository is tested with, from its own package.json. */
function versionOf(name: string): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  return manifest.dependencies[name] ?? manifest.devDependencies[name];
}

/** The user's program: the destination registry's policy, with the destination's provider. */
const PROGRAM = `import * as aws from "@pulumi/aws";
import { RegistryReplicationPolicy } from "@ecr-replication/pulumi";

const workload = new aws.Provider("workload", {
  region: "us-west-2",
  allowedAccountIds: ["222222222222"],
});

export const policy = new RegistryReplicationPolicy(
  "receiver",
  {
    registry: { accountId: "222222222222", region: "us-west-2" },
    sources: [{ accountId: "111111111111", repositoryPrefixes: ["prod-"] }],
  },
  { provider: workload },
).urn;
`;

/** `pulumi new typescript`'s tsconfig, in short. */
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts"],
};

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

describe("ecr-replication preview in a user's own project", function () {
  this.timeout(300_000);
  let scratch: string;
  let project: string;

  /** Runs `npx ecr-replication preview ...args` in the project. */
  function preview(...args: string[]): Run {
    return command("preview", ...args);
  }

  /** Runs `npx ecr-replication ...args` in the project. */
  function command(...args: string[]): Run {
    const run = spawnSync(NPX, ["--no-install", "ecr-replication", ...args], {
      cwd: project,
      encoding: "utf8",
      // Not the repository's npm context: the user's own shell.
      env: { ...process.env, INIT_CWD: undefined, npm_config_local_prefix: undefined },
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  }

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "ecr-replication-user-"));
    const packed = JSON.parse(
      execFileSync(NPM, ["pack", "--json", "--pack-destination", scratch], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      }),
    ) as { filename: string }[];
    project = path.join(scratch, "my-ecr");
    fs.mkdirSync(project);
    const files: Record<string, string> = {
      "package.json": JSON.stringify({
        name: "my-ecr",
        private: true,
        dependencies: {
          "@pulumi/pulumi": versionOf("@pulumi/pulumi"),
          "@pulumi/aws": versionOf("@pulumi/aws"),
        },
        devDependencies: {
          "@ecr-replication/pulumi": `file:../${packed[0].filename}`,
          "@types/node": versionOf("@types/node"),
          typescript: versionOf("typescript"),
        },
      }),
      // No main: the CLI's default entry, index.ts in the project directory.
      "Pulumi.yaml": "name: my-ecr\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
      "Pulumi.dev.yaml":
        'config:\n  aws:region: us-west-2\n  aws:allowedAccountIds: ["222222222222"]\n',
      "tsconfig.json": JSON.stringify(TSCONFIG),
      "index.ts": PROGRAM,
    };
    for (const [file, text] of Object.entries(files)) {
      fs.writeFileSync(path.join(project, file), text);
    }
    execFileSync(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: project,
      stdio: "pipe",
    });
  });

  after(() => {
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  afterEach(() => {
    fs.writeFileSync(path.join(project, "index.ts"), PROGRAM);
  });

  it("previews the project clean with the pack shipped in the package, and no config", () => {
    const run = preview();
    assert.strictEqual(run.status, 0, run.stderr);
    assert.deepStrictEqual(run.stdout.split("\n").slice(0, 10), [
      "Previewing my-ecr/dev offline (mock runtime; policy pack ecr-replication-policies@0.1.0)",
      "  stack:              my-ecr/dev",
      "  policy pack:        node_modules/@ecr-replication/pulumi/bin/policypack",
      "  policy pack config: none: schema defaults",
      "",
      "Resources:",
      "+ pulumi:pulumi:Stack my-ecr-dev create",
      "    + pulumi:providers:aws workload create",
      "    + ecr-replication:index:RegistryReplicationPolicy receiver create",
      "        + aws:ecr/registryPolicy:RegistryPolicy receiver create",
    ]);
    assert.match(run.stdout, /\nSummary: 4 resources \(4 to create\); 0 policy violations/);
  });

  it("audits a folder of AWS CLI output with the shipped pack: ecr-replication audit", () => {
    fs.cpSync(path.join(ROOT, "test", "fixtures", "audit-org"), path.join(project, "registries"), {
      recursive: true,
    });
    const run = command("audit", "registries");
    // The test organisation has broken routes: exit 1, the report from the installed package.
    assert.strictEqual(run.status, 1, run.stderr);
    assert.deepStrictEqual(run.stdout.split("\n").slice(0, 3), [
      "Auditing registries (AWS CLI output; policy pack ecr-replication-policies@0.1.0)",
      "  policy pack:        node_modules/@ecr-replication/pulumi/bin/policypack",
      "  policy pack config: none: schema defaults",
    ]);
  });

  it("a type error exits 2 with the compiler's message; --no-typecheck skips the check", () => {
    fs.writeFileSync(
      path.join(project, "index.ts"),
      PROGRAM.replace("sources:", "extraStatement: [],\n    sources:"),
    );
    const run = preview();
    assert.strictEqual(run.status, 2, run.stdout);
    assert.deepStrictEqual(run.stderr.split("\n").slice(0, 2), [
      `error: program ${project} does not type-check (pulumi preview type-checks it too; --no-typecheck skips this):`,
      "index.ts(13,5): error TS2561: Object literal may only specify known properties, but 'extraStatement' does not exist in type 'RegistryReplicationPolicyArgs'. Did you mean to write 'extraStatements'?",
    ]);
    assert.strictEqual(preview("--no-typecheck").status, 0);
  });

  it("a policy name misspelt in the config file exits 2 naming the file and the closest name", () => {
    fs.writeFileSync(
      path.join(project, "policy-config.json"),
      JSON.stringify({ "ecr-registry-policy-trusted-principal": { allowedAccountIds: [] } }),
    );
    const run = preview("--policy-pack-config", "policy-config.json");
    assert.strictEqual(run.status, 2, run.stdout);
    assert.strictEqual(
      run.stderr,
      "error: policy pack config policy-config.json: invalid policy pack config:\n" +
        "ecr-registry-policy-trusted-principal: unknown policy: did you mean 'ecr-registry-policy-trusted-principals'?\n",
    );
  });

  it("a registry policy without its account's provider exits 2 naming both accounts", () => {
    fs.writeFileSync(
      path.join(project, "index.ts"),
      PROGRAM.replace("{ provider: workload }", "{}").replace(
        'allowedAccountIds: ["222222222222"]',
        'allowedAccountIds: ["333333333333"]',
      ),
    );
    const stackConfig = path.join(project, "Pulumi.dev.yaml");
    const original = fs.readFileSync(stackConfig, "utf8");
    fs.writeFileSync(stackConfig, original.replace("222222222222", "333333333333"));
    try {
      const run = preview();
      assert.strictEqual(run.status, 2, run.stdout);
      assert.match(
        run.stderr,
        /registry: the provider writes to account 333333333333, not the registry's 222222222222: pass a provider for account 222222222222 as opts\.provider\n$/,
      );
    } finally {
      fs.writeFileSync(stackConfig, original);
    }
  });
});
