/**
 * Reading the audit's layout: the AWS CLI's output per command, and the folders of an
 * organisation, every unreadable file one line naming it, the rest still read.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  readAccountSettingOutput,
  readCreationTemplatesOutput,
  readDescribeRegistryOutput,
  readRegistryPolicyOutput,
} from "../../tools/audit/aws-cli-outputs";
import { readCounts, readOrganisation } from "../../tools/audit/layout";
import { AuditFailure, readAuditedOrganisation } from "../../tools/audit/run-audit";

const FIXTURES = path.join(__dirname, "..", "fixtures");
const ORGANISATION = path.join(FIXTURES, "audit-org");
const BAD_INPUT = path.join(FIXTURES, "audit-bad-input");
const POLICY_TEXT = JSON.stringify({ Version: "2012-10-17", Statement: [] });

/** A scratch folder holding `files` (path -> text). */
function folderWith(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "audit-layout-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("audit: the AWS CLI's output, per command", () => {
  it("reads get-registry-policy: registryId and the policy text", () => {
    assert.deepStrictEqual(
      readRegistryPolicyOutput({ registryId: "222222222222", policyText: POLICY_TEXT }),
      { output: { registryId: "222222222222", policyText: POLICY_TEXT } },
    );
  });

  it("refuses a policyText that is not a policy document, saying why", () => {
    const read = (policyText: unknown) =>
      readRegistryPolicyOutput({ registryId: "222222222222", policyText });
    assert.deepStrictEqual(
      [read("Allow everything"), read('{"Version": "2012-10-17"}'), read(["a"]), read("[1]")],
      [
        {
          problem: `policyText is not a policy document: it is not JSON, got "Allow everything"`,
        },
        {
          problem: `policyText is not a policy document: expected a JSON object with 'Statement', got {"Version":"2012-10-17"}`,
        },
        { problem: `policyText must be the policy as JSON text, got ["a"]` },
        {
          problem: `policyText is not a policy document: expected a JSON object with 'Statement', got [1]`,
        },
      ],
    );
  });

  it("refuses the output of another command, naming what it holds", () => {
    const repositories = { repositories: [{ repositoryName: "prod-api" }] };
    assert.deepStrictEqual(
      [
        readDescribeRegistryOutput(repositories),
        readRegistryPolicyOutput(repositories),
        readCreationTemplatesOutput(repositories),
        readAccountSettingOutput(repositories),
        readDescribeRegistryOutput([]),
        readDescribeRegistryOutput({}),
      ],
      [
        {
          problem: `is not the output of 'aws ecr describe-registry': expected an object with 'registryId' and 'replicationConfiguration', got an object with 'repositories'`,
        },
        {
          problem: `is not the output of 'aws ecr get-registry-policy': expected an object with 'registryId' and 'policyText', got an object with 'repositories'`,
        },
        {
          problem: `is not the output of 'aws ecr describe-repository-creation-templates': expected an object with 'registryId' and a list 'repositoryCreationTemplates', got an object with 'repositories'`,
        },
        {
          problem: `is not the output of 'aws ecr get-account-setting': expected an object with 'name' and 'value', got an object with 'repositories'`,
        },
        {
          problem: `is not the output of 'aws ecr describe-registry': expected an object with 'registryId' and 'replicationConfiguration', got []`,
        },
        {
          problem: `is not the output of 'aws ecr describe-registry': expected an object with 'registryId' and 'replicationConfiguration', got an empty object`,
        },
      ],
    );
  });

  it("reads describe-registry's rules as printed; no replicationConfiguration is no rules", () => {
    const rules = [{ destinations: [{ region: "us-west-2", registryId: "222222222222" }] }];
    assert.deepStrictEqual(
      [
        readDescribeRegistryOutput({
          registryId: "111111111111",
          replicationConfiguration: { rules },
        }),
        readDescribeRegistryOutput({ registryId: "111111111111" }),
        readDescribeRegistryOutput({
          registryId: "111111111111",
          replicationConfiguration: { rules: "all" },
        }),
        readDescribeRegistryOutput({ registryId: "1111", replicationConfiguration: {} }),
      ],
      [
        { output: { registryId: "111111111111", rules } },
        { output: { registryId: "111111111111", rules: [] } },
        {
          problem: `replicationConfiguration must be an object with a list of rules, got {"rules":"all"}`,
        },
        { problem: "registryId must be a 12-digit account id, got '1111'" },
      ],
    );
  });

  it("reads creation templates (each with a prefix) and the REGISTRY_POLICY_SCOPE setting only", () => {
    const template = { prefix: "prod", appliedFor: ["REPLICATION"] };
    assert.deepStrictEqual(
      [
        readCreationTemplatesOutput({
          registryId: "222222222222",
          repositoryCreationTemplates: [template],
        }),
        readCreationTemplatesOutput({
          registryId: "222222222222",
          repositoryCreationTemplates: [template, { appliedFor: [] }],
        }),
        readAccountSettingOutput({ name: "REGISTRY_POLICY_SCOPE", value: "V1" }),
        readAccountSettingOutput({ name: "BASIC_SCAN_TYPE_VERSION", value: "AWS_NATIVE" }),
        readAccountSettingOutput({ name: "REGISTRY_POLICY_SCOPE", value: 2 }),
      ],
      [
        { output: { registryId: "222222222222", templates: [template] } },
        {
          problem: `repositoryCreationTemplates[1] must be a template with a prefix, got {"appliedFor":[]}`,
        },
        { output: { name: "REGISTRY_POLICY_SCOPE", value: "V1" } },
        {
          problem:
            "holds the account setting 'BASIC_SCAN_TYPE_VERSION', not REGISTRY_POLICY_SCOPE (collect it with --name REGISTRY_POLICY_SCOPE)",
        },
        { problem: "value must be the setting's value as text, got 2" },
      ],
    );
  });
});

describe("audit: the organisation's folders", () => {
  it("reads every registry of the test organisation, by account then region, each file's state", () => {
    const organisation = readOrganisation(ORGANISATION);
    assert.deepStrictEqual(organisation.problems, []);
    assert.deepStrictEqual(
      organisation.registries.map((registry) => [
        `${registry.accountId}/${registry.region}`,
        registry.registryPolicy.state,
        registry.replication.state,
        registry.creationTemplates.state,
        registry.accountSetting.state,
        registry.complete,
      ]),
      [
        ["111111111111/eu-west-1", "absent", "read", "absent", "absent", true],
        ["111111111111/us-east-1", "absent", "read", "absent", "read", true],
        ["222222222222/us-west-2", "read", "read", "read", "read", true],
        ["333333333333/us-west-2", "read", "read", "absent", "read", true],
        ["444444444444/us-east-1", "read", "read", "absent", "absent", true],
        ["555555555555/eu-west-1", "absent", "read", "absent", "absent", true],
        ["666666666666/us-east-1", "read", "read", "absent", "absent", true],
      ],
    );
    assert.deepStrictEqual(readCounts(organisation), { files: 15, empty: 0 });
  });

  it("names each bad file or folder in one line and still reads the rest", () => {
    const organisation = readOrganisation(BAD_INPUT);
    assert.deepStrictEqual(organisation.problems, [
      {
        file: "12345",
        message:
          "is not a 12-digit account id: the audit reads one folder per account (12 digits), each with one folder per region",
      },
      {
        file: "222222222222/us-west-2/describe-registry.json",
        message:
          "is not the output of 'aws ecr describe-registry': expected an object with 'registryId' and 'replicationConfiguration', got an object with 'repositories'",
      },
      {
        file: "222222222222/us-west-2/get-registry-policy.json",
        message:
          'policyText is not a policy document: it is not JSON, got "Allow 111111111111 to replicate prod-*"',
      },
      {
        file: "333333333333/us-west-2/describe-registry.json",
        message:
          'is not JSON (it starts "REGISTRYID\\t333333333333"): save the AWS CLI\'s output with --output json',
      },
      {
        file: "444444444444/us-east-1/get-registry-policy.json",
        message: "registryId '999999999999' disagrees with its folder: account 444444444444",
      },
      {
        file: "555555555555/us-east-1/get-registry-policy.txt",
        message:
          "is not one of the files the audit reads (get-registry-policy.json, describe-registry.json, describe-repository-creation-templates.json, get-account-setting.json): did you mean get-registry-policy.json?",
      },
      { file: "555555555555/useast1", message: "is not a region such as 'us-west-2'" },
      {
        file: "666666666666/us-east-1/get-account-setting.json",
        message:
          "holds the account setting 'BASIC_SCAN_TYPE_VERSION', not REGISTRY_POLICY_SCOPE (collect it with --name REGISTRY_POLICY_SCOPE)",
      },
      {
        file: "README.md",
        message:
          "is not a folder: the audit reads one folder per account (12 digits), each with one folder per region",
      },
    ]);
    assert.deepStrictEqual(
      organisation.registries.map((registry) => [
        `${registry.accountId}/${registry.region}`,
        registry.registryPolicy.state,
        registry.replication.state,
        registry.complete,
      ]),
      [
        ["111111111111/us-east-1", "absent", "read", true],
        ["222222222222/us-west-2", "unreadable", "unreadable", true],
        ["333333333333/us-west-2", "absent", "unreadable", true],
        ["444444444444/us-east-1", "unreadable", "absent", true],
        // A misspelt file: its absence proves nothing.
        ["555555555555/us-east-1", "absent", "absent", false],
        ["666666666666/us-east-1", "absent", "absent", true],
      ],
    );
  });

  it("skips entries starting with '.' (system files, collections in progress)", () => {
    const root = folderWith({
      ".DS_Store": "",
      "111111111111/.collecting-x/describe-registry.json": "{}",
      "111111111111/us-east-1/describe-registry.json": JSON.stringify({
        registryId: "111111111111",
      }),
    });
    const organisation = readOrganisation(root);
    assert.deepStrictEqual(organisation.problems, []);
    assert.deepStrictEqual(
      organisation.registries.map((registry) => registry.replication),
      [
        {
          state: "read",
          file: "111111111111/us-east-1/describe-registry.json",
          output: { registryId: "111111111111", rules: [] },
        },
      ],
    );
  });

  it("fails with every reason when nothing at all could be read", () => {
    const root = folderWith({
      "111111111111/us-east-1/describe-registry.json": "",
      "notes.txt": "x",
    });
    assert.throws(
      () => readAuditedOrganisation(root),
      (error: unknown) => {
        assert.ok(error instanceof AuditFailure);
        assert.strictEqual(
          error.message,
          [
            `nothing under ${root} could be read:`,
            "  111111111111/us-east-1/describe-registry.json: is empty: save the AWS CLI's output with --output json",
            "  notes.txt: is not a folder: the audit reads one folder per account (12 digits), each with one folder per region",
          ].join("\n"),
        );
        return true;
      },
    );
  });

  it("fails for a folder that does not exist, is a file, or holds no registry", () => {
    const empty = folderWith({});
    const file = path.join(folderWith({ "x.json": "{}" }), "x.json");
    const failure = (directory: string) => {
      try {
        readAuditedOrganisation(directory);
        return "read";
      } catch (error) {
        return (error as Error).message;
      }
    };
    assert.deepStrictEqual(
      [failure(path.join(empty, "missing")), failure(file), failure(empty)],
      [
        `${path.join(empty, "missing")} does not exist`,
        `${file} is not a folder: it must hold one folder per account (12 digits), each with one folder per region`,
        `${empty} holds no registry folder: the audit reads <account>/<region>/ folders of AWS CLI output`,
      ],
    );
  });

  it("reads a registry folder holding no file as a registry with none of them", () => {
    const organisation = readOrganisation(folderWith({ "111111111111/us-east-1/.keep": "" }));
    assert.deepStrictEqual(readCounts(organisation), { files: 0, empty: 1 });
  });
});
