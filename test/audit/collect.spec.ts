/**
 * tools/collect-registries.sh, run with a stand-in `aws` on PATH (written below into a scratch
 * folder): it answers from a fake cloud of files and logs every call, so the script's calls, the
 * layout it writes and its messages are checked exactly; the audit then reads what it collected.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readOrganisation } from "../../tools/audit/layout";

const SCRIPT = path.resolve(__dirname, "..", "..", "tools", "collect-registries.sh");

/**
 * The stand-in AWS CLI: `--profile P` acts in the account in `$FAKE_AWS_CLOUD/profiles/P`,
 * assumed-role credentials in the account their session token names, else the account in
 * `ambient`; `sts assume-role` succeeds for accounts listed in `roles/` (acting in the account
 * the file names, or the target when empty); `ecr <operation>` prints
 * `<account>/<region>/<operation>.json`, or fails with `<operation>.err`, else AccessDenied.
 */
const FAKE_AWS = `#!/usr/bin/env bash
cloud="$FAKE_AWS_CLOUD"
echo "aws $*" >>"$cloud/calls.log"
profile="" region="" role_arn="" rest=()
while [ $# -gt 0 ]; do
  case "$1" in
    --profile) profile="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --role-arn) role_arn="$2"; shift 2 ;;
    --output | --query | --name | --role-session-name) shift 2 ;;
    *) rest+=("$1"); shift ;;
  esac
done
if [ -n "$profile" ]; then
  account="$(cat "$cloud/profiles/$profile" 2>/dev/null)" || {
    echo "The config profile ($profile) could not be found" >&2; exit 255; }
elif [ -n "\${AWS_SESSION_TOKEN:-}" ]; then
  account="\${AWS_SESSION_TOKEN#token-}"
else
  account="$(cat "$cloud/ambient")"
fi
case "\${rest[0]} \${rest[1]}" in
  "sts get-caller-identity") echo "$account" ;;
  "sts assume-role")
    target="$(echo "$role_arn" | cut -d: -f5)"
    if [ -f "$cloud/roles/$target" ]; then
      acting="$(cat "$cloud/roles/$target")"
      printf 'AKIA%s\\tsecret\\ttoken-%s\\n' "$target" "\${acting:-$target}"
    else
      echo "An error occurred (AccessDenied) when calling the AssumeRole operation: not authorized" >&2; exit 254
    fi ;;
  "ecr "*)
    answer="$cloud/$account/$region/\${rest[1]}"
    if [ -f "$answer.json" ]; then cat "$answer.json"
    elif [ -f "$answer.err" ]; then cat "$answer.err" >&2; exit 254
    else echo "An error occurred (AccessDeniedException) when calling the \${rest[1]} operation" >&2; exit 254; fi ;;
  *) echo "fake aws: unexpected call: \${rest[*]}" >&2; exit 255 ;;
esac
`;

const NO_POLICY =
  "An error occurred (RegistryPolicyNotFoundException) when calling the GetRegistryPolicy operation: Registry policy does not exist in the registry with id '111111111111'\n";

/** A scratch folder with the stand-in `aws` in bin/ and a fake cloud of `files`. */
function fakeCloud(files: Record<string, string>): { root: string; cloud: string; bin: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "collect-spec-"));
  const bin = path.join(root, "bin");
  const cloud = path.join(root, "cloud");
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, "aws"), FAKE_AWS, { mode: 0o755 });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(cloud, file)), { recursive: true });
    fs.writeFileSync(path.join(cloud, file), text);
  }
  return { root, cloud, bin };
}

/** Runs the script against a fake cloud; its status, stderr, calls and the files it wrote. */
function collect(fake: ReturnType<typeof fakeCloud>, ...args: string[]) {
  const out = path.join(fake.root, "out");
  const run = spawnSync("bash", [SCRIPT, ...args, "--out", out], {
    cwd: fake.root,
    env: {
      PATH: `${fake.bin}:${process.env.PATH ?? ""}`,
      FAKE_AWS_CLOUD: fake.cloud,
      HOME: fake.root,
    },
    encoding: "utf8",
  });
  const written: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const entry of fs.existsSync(folder) ? fs.readdirSync(folder).sort() : []) {
      const full = path.join(folder, entry);
      if (fs.statSync(full).isDirectory()) {
        walk(full);
      } else {
        written[path.relative(out, full)] = fs.readFileSync(full, "utf8");
      }
    }
  };
  walk(out);
  const calls = fs.existsSync(path.join(fake.cloud, "calls.log"))
    ? fs.readFileSync(path.join(fake.cloud, "calls.log"), "utf8").trimEnd().split("\n")
    : [];
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, calls, written, out };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;
const describeRegistry = (account: string) =>
  json({ registryId: account, replicationConfiguration: { rules: [] } });

describe("collect-registries.sh, with a stand-in aws on PATH", () => {
  it("--profiles: each profile's account, every region; no policy is no file; a failed registry is not written", () => {
    const policy = json({ registryId: "111111111111", policyText: '{"Statement":[]}' });
    const templates = json({ registryId: "111111111111", repositoryCreationTemplates: [] });
    const setting = json({ name: "REGISTRY_POLICY_SCOPE", value: "V2" });
    const fake = fakeCloud({
      "profiles/build": "111111111111",
      "profiles/workload": "222222222222",
      "111111111111/us-east-1/describe-registry.json": describeRegistry("111111111111"),
      "111111111111/us-east-1/get-registry-policy.json": policy,
      "111111111111/us-east-1/describe-repository-creation-templates.json": templates,
      "111111111111/us-east-1/get-account-setting.json": setting,
      "111111111111/us-west-2/describe-registry.json": describeRegistry("111111111111"),
      "111111111111/us-west-2/get-registry-policy.err": NO_POLICY,
      "111111111111/us-west-2/get-account-setting.json": setting,
      "222222222222/us-west-2/describe-registry.json": describeRegistry("222222222222"),
      "222222222222/us-west-2/get-registry-policy.err": "An error occurred (ThrottlingException)\n",
    });
    const result = collect(
      fake,
      "--regions",
      "us-east-1,us-west-2",
      "--profiles",
      "build,workload",
    );
    assert.strictEqual(result.status, 1);
    assert.deepStrictEqual(result.written, {
      "111111111111/us-east-1/describe-registry.json": describeRegistry("111111111111"),
      "111111111111/us-east-1/describe-repository-creation-templates.json": templates,
      "111111111111/us-east-1/get-account-setting.json": setting,
      "111111111111/us-east-1/get-registry-policy.json": policy,
      "111111111111/us-west-2/describe-registry.json": describeRegistry("111111111111"),
      "111111111111/us-west-2/get-account-setting.json": setting,
    });
    assert.strictEqual(
      result.stderr,
      [
        "error: 222222222222/us-east-1: aws ecr describe-registry failed: An error occurred (AccessDeniedException) when calling the describe-registry operation",
        "error: 222222222222/us-west-2: aws ecr get-registry-policy failed: An error occurred (ThrottlingException)",
        "warning: 111111111111/us-west-2: aws ecr describe-repository-creation-templates failed, no file written: An error occurred (AccessDeniedException) when calling the describe-repository-creation-templates operation",
        `done: 2 registries collected into ${result.out}, 2 failed, 1 warnings`,
        "",
      ].join("\n"),
    );
    const registry = (profile: string, region: string) => [
      `aws --profile ${profile} ecr describe-registry --region ${region} --output json`,
      `aws --profile ${profile} ecr get-registry-policy --region ${region} --output json`,
      `aws --profile ${profile} ecr describe-repository-creation-templates --region ${region} --output json`,
      `aws --profile ${profile} ecr get-account-setting --name REGISTRY_POLICY_SCOPE --region ${region} --output json`,
    ];
    assert.deepStrictEqual(result.calls, [
      "aws --profile build sts get-caller-identity --query Account --output text",
      ...registry("build", "us-east-1"),
      ...registry("build", "us-west-2"),
      "aws --profile workload sts get-caller-identity --query Account --output text",
      "aws --profile workload ecr describe-registry --region us-east-1 --output json",
      "aws --profile workload ecr describe-registry --region us-west-2 --output json",
      "aws --profile workload ecr get-registry-policy --region us-west-2 --output json",
    ]);
    // The audit reads what was collected, with nothing unreadable.
    const organisation = readOrganisation(result.out);
    assert.deepStrictEqual(organisation.problems, []);
    assert.deepStrictEqual(
      organisation.registries.map((r) => [
        `${r.accountId}/${r.region}`,
        r.registryPolicy.state,
        r.replication.state,
        r.creationTemplates.state,
        r.accountSetting.state,
      ]),
      [
        ["111111111111/us-east-1", "read", "read", "read", "read"],
        ["111111111111/us-west-2", "absent", "read", "absent", "read"],
      ],
    );
  });

  it("--accounts: assumes the role in each account, checks the account it acts in", () => {
    const fake = fakeCloud({
      ambient: "999999999999",
      "roles/222222222222": "",
      "roles/333333333333": "444444444444",
      "222222222222/us-west-2/describe-registry.json": describeRegistry("222222222222"),
      "222222222222/us-west-2/get-registry-policy.err": NO_POLICY,
      "222222222222/us-west-2/describe-repository-creation-templates.json": json({
        registryId: "222222222222",
        repositoryCreationTemplates: [],
      }),
      "222222222222/us-west-2/get-account-setting.json": json({
        name: "REGISTRY_POLICY_SCOPE",
        value: "V2",
      }),
    });
    const result = collect(
      fake,
      "--regions",
      "us-west-2",
      "--accounts",
      "222222222222,333333333333,555555555555",
      "--role-name",
      "ecr-auditor",
    );
    assert.strictEqual(result.status, 1);
    assert.deepStrictEqual(Object.keys(result.written), [
      "222222222222/us-west-2/describe-registry.json",
      "222222222222/us-west-2/describe-repository-creation-templates.json",
      "222222222222/us-west-2/get-account-setting.json",
    ]);
    assert.strictEqual(
      result.stderr,
      [
        "error: 333333333333: the role arn:aws:iam::333333333333:role/ecr-auditor acts in account 444444444444",
        "error: 555555555555: aws sts assume-role arn:aws:iam::555555555555:role/ecr-auditor failed: An error occurred (AccessDenied) when calling the AssumeRole operation: not authorized",
        `done: 1 registries collected into ${result.out}, 2 failed, 0 warnings`,
        "",
      ].join("\n"),
    );
    const assume = (account: string) =>
      `aws sts assume-role --role-arn arn:aws:iam::${account}:role/ecr-auditor --role-session-name ecr-audit-collect --query Credentials.[AccessKeyId,SecretAccessKey,SessionToken] --output text`;
    assert.deepStrictEqual(result.calls, [
      assume("222222222222"),
      "aws sts get-caller-identity --query Account --output text",
      "aws ecr describe-registry --region us-west-2 --output json",
      "aws ecr get-registry-policy --region us-west-2 --output json",
      "aws ecr describe-repository-creation-templates --region us-west-2 --output json",
      "aws ecr get-account-setting --name REGISTRY_POLICY_SCOPE --region us-west-2 --output json",
      assume("333333333333"),
      "aws sts get-caller-identity --query Account --output text",
      assume("555555555555"),
    ]);
  });

  it("refuses a bad command line before calling aws: exit 2 and the usage", () => {
    const fake = fakeCloud({});
    const usage = [
      "usage:",
      "  tools/collect-registries.sh --regions us-east-1,us-west-2 --profiles build,workload-a [--out DIR]",
      "  tools/collect-registries.sh --regions us-east-1,us-west-2 --accounts 111111111111,222222222222 \\",
      "      --role-name ROLE [--profile PROFILE] [--partition aws|aws-cn|aws-us-gov] [--out DIR]",
      "",
    ].join("\n");
    const outcomes = [
      collect(fake, "--profiles", "build"),
      collect(fake, "--regions", "us-east-1", "--accounts", "1234", "--role-name", "r"),
      collect(fake, "--regions", "useast1", "--profiles", "build"),
      collect(fake, "--regions", "us-east-1", "--accounts", "111111111111"),
      collect(fake, "--regions", "us-east-1", "--profiles", "a", "--accounts", "111111111111"),
      collect(fake, "--regions", "us-east-1", "--profile"),
    ];
    assert.deepStrictEqual(
      outcomes.map((outcome) => [outcome.status, outcome.stderr, outcome.calls]),
      [
        [2, `error: --regions is required\n${usage}`, []],
        [2, `error: '1234' is not a 12-digit account id\n${usage}`, []],
        [2, `error: 'useast1' is not a region such as us-west-2\n${usage}`, []],
        [
          2,
          `error: --accounts needs --role-name (the role to assume in each account)\n${usage}`,
          [],
        ],
        [2, `error: give --profiles or --accounts, not both\n${usage}`, []],
        [2, `error: --profile needs a value\n${usage}`, []],
      ],
    );
  });
});
