import * as assert from "assert";
import { renderMermaid } from "../tools/preview/render-mermaid";
import { renderText, summaryLine } from "../tools/preview/render-text";
import { exitStatusOf, PreviewReport } from "../tools/preview/report";
import { renderTable } from "../tools/preview/text-table";

const STACK = "urn:pulumi:dev::demo::pulumi:pulumi:Stack::demo-dev";
const COMPONENT = "urn:pulumi:dev::demo::ecr-replication:index:CrossAccountReplication::prod";
const POLICY = `urn:pulumi:dev::demo::ecr-replication:index:CrossAccountReplication$aws:ecr/registryPolicy:RegistryPolicy::prod-222222222222-us-west-2`;
const REPLICATION = `urn:pulumi:dev::demo::ecr-replication:index:CrossAccountReplication$aws:ecr/replicationConfiguration:ReplicationConfiguration::prod-replication`;

/** A small report: one component with a policy and a replication, one read, two findings. */
const REPORT: PreviewReport = {
  project: "demo",
  stack: "dev",
  policyPack: {
    name: "ecr-replication-policies",
    version: "0.1.0",
    directory: "policypack",
    config: "policypack/config.example.json",
  },
  resources: [
    {
      urn: STACK,
      type: "pulumi:pulumi:Stack",
      name: "demo-dev",
      operation: "create",
      parent: null,
      provider: null,
      dependencies: [],
      inputs: {},
    },
    {
      urn: COMPONENT,
      type: "ecr-replication:index:CrossAccountReplication",
      name: "prod",
      operation: "create",
      parent: STACK,
      provider: null,
      dependencies: [],
      inputs: {},
    },
    {
      urn: POLICY,
      type: "aws:ecr/registryPolicy:RegistryPolicy",
      name: "prod-222222222222-us-west-2",
      operation: "create",
      parent: COMPONENT,
      provider: null,
      dependencies: [],
      inputs: {},
    },
    {
      urn: REPLICATION,
      type: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
      name: "prod-replication",
      operation: "create",
      parent: COMPONENT,
      provider: null,
      dependencies: [POLICY],
      inputs: {},
    },
    {
      urn: "urn:pulumi:dev::demo::aws:ecr/repository:Repository::existing",
      type: "aws:ecr/repository:Repository",
      name: "existing",
      operation: "read",
      parent: STACK,
      provider: null,
      dependencies: [],
      inputs: {},
    },
  ],
  registryPolicies: [
    {
      urn: POLICY,
      name: "prod-222222222222-us-west-2",
      account: "222222222222",
      region: "us-west-2",
      policy: { Version: "2012-10-17", Statement: [] },
    },
  ],
  replicationConfigurations: [
    {
      urn: REPLICATION,
      name: "prod-replication",
      account: "111111111111",
      region: "us-east-1",
      rules: [
        {
          rule: 0,
          destinations: ["222222222222/us-west-2", "333333333333/eu-west-1"],
          filters: ["prod-", "shared/"],
        },
        { rule: 1, destinations: ["111111111111/eu-central-1"], filters: null },
      ],
    },
  ],
  routes: [
    {
      replication: REPLICATION,
      rule: 0,
      source: { account: "111111111111", region: "us-east-1" },
      destination: { account: "222222222222", region: "us-west-2" },
      prefixes: ["prod-", "shared/"],
      status: "authorised",
      repositories: "created on arrival",
      reason: "the destination registry policy grants it",
      createdRepositories: {
        status: "judged",
        reason: null,
        parts: [
          {
            prefix: "prod-",
            example: "prod-a",
            template: {
              urn: "urn:pulumi:dev::p::aws:ecr/repositoryCreationTemplate:RepositoryCreationTemplate::root",
              prefix: "ROOT",
              settings: { imageTagMutability: "IMMUTABLE", encryptionType: "KMS" },
              unknown: [],
            },
            text: "template 'ROOT': IMMUTABLE tags, KMS (AWS managed key)",
          },
          {
            prefix: "shared/",
            example: "shared/a",
            template: null,
            text: "ECR defaults (mutable tags, AES-256)",
          },
        ],
      },
    },
    {
      replication: REPLICATION,
      rule: 0,
      source: { account: "111111111111", region: "us-east-1" },
      destination: { account: "333333333333", region: "eu-west-1" },
      prefixes: ["prod-", "shared/"],
      status: "broken",
      repositories: null,
      reason: "no registry policy in 333333333333/eu-west-1",
      createdRepositories: { status: "none", reason: "the route does not replicate", parts: [] },
    },
    {
      replication: REPLICATION,
      rule: 1,
      source: { account: "111111111111", region: "us-east-1" },
      destination: { account: null, region: "eu-central-1" },
      prefixes: null,
      status: "unverified",
      repositories: "must pre-exist",
      reason: "the destination account is unknown",
      createdRepositories: {
        status: "unverified",
        reason: "the destination registry is not known",
        parts: [],
      },
    },
  ],
  diagnostics: [
    {
      policyName: "ecr-replication-destination-authorized",
      policyPackName: "ecr-replication-policies",
      policyPackVersion: "0.1.0",
      enforcementLevel: "mandatory",
      message: "Checks whether ...\nline two",
      urn: REPLICATION,
      resourceType: "aws:ecr/replicationConfiguration:ReplicationConfiguration",
      resourceName: "prod-replication",
    },
    {
      policyName: "ecr-registry-singleton",
      policyPackName: "ecr-replication-policies",
      policyPackVersion: "0.1.0",
      enforcementLevel: "advisory",
      message: "Checks whether one registry has one owner.",
      urn: "",
      resourceType: null,
      resourceName: null,
    },
  ],
  summary: { resources: 5, violations: { mandatory: 1, advisory: 1 } },
};

describe("preview: rendering", () => {
  it("the header names the stack, the pack's directory and its config file", () => {
    assert.deepStrictEqual(renderText(REPORT).split("\n").slice(0, 4), [
      "Previewing demo/dev offline (mock runtime; policy pack ecr-replication-policies@0.1.0)",
      "  stack:              demo/dev",
      "  policy pack:        policypack",
      "  policy pack config: policypack/config.example.json",
    ]);
  });

  it("the header says when no config file is applied: schema defaults only", () => {
    const unconfigured = { ...REPORT, policyPack: { ...REPORT.policyPack, config: null } };
    assert.strictEqual(
      renderText(unconfigured).split("\n")[3],
      "  policy pack config: none: schema defaults",
    );
  });

  it("renders the whole report as text: tree, policies, rules, routes, findings by registry, summary", () => {
    assert.strictEqual(
      renderText(REPORT),
      [
        "Previewing demo/dev offline (mock runtime; policy pack ecr-replication-policies@0.1.0)",
        "  stack:              demo/dev",
        "  policy pack:        policypack",
        "  policy pack config: policypack/config.example.json",
        "",
        "Resources:",
        "+ pulumi:pulumi:Stack demo-dev create",
        "    + ecr-replication:index:CrossAccountReplication prod create",
        "        + aws:ecr/registryPolicy:RegistryPolicy prod-222222222222-us-west-2 create",
        "        + aws:ecr/replicationConfiguration:ReplicationConfiguration prod-replication create",
        "    > aws:ecr/repository:Repository existing read",
        "",
        "Registry policies:",
        "  prod-222222222222-us-west-2 (registry 222222222222/us-west-2):",
        "    {",
        '      "Version": "2012-10-17",',
        '      "Statement": []',
        "    }",
        "",
        "Replication configurations:",
        "  prod-replication (registry 111111111111/us-east-1):",
        "    rule  destinations               filters",
        "    0     222222222222/us-west-2     prod-",
        "          333333333333/eu-west-1     shared/",
        "    1     111111111111/eu-central-1  (none: every repository)",
        "",
        "Who can replicate what:",
        "  direct routes only: replication does not chain, so an image reaches only the destinations of the registry it was pushed to",
        "  source                  destination                   prefixes            repositories        created as                                              status",
        "  111111111111/us-east-1  222222222222/us-west-2        prod-               created on arrival  template 'ROOT': IMMUTABLE tags, KMS (AWS managed key)  authorised",
        "                                                        shared/                                 ECR defaults (mutable tags, AES-256)",
        "  111111111111/us-east-1  333333333333/eu-west-1        prod-               -                   -                                                       BROKEN: no registry policy in 333333333333/eu-west-1",
        "                                                        shared/",
        "  111111111111/us-east-1  unknown account/eu-central-1  (every repository)  must pre-exist      unknown: the destination registry is not known          unverified: the destination account is unknown",
        "",
        "Policy violations:",
        "  registry 111111111111/us-east-1:",
        "    prod-replication (aws:ecr/replicationConfiguration:ReplicationConfiguration)",
        "      [mandatory] ecr-replication-destination-authorized",
        "        Checks whether ...",
        "        line two",
        "  the stack:",
        "    [advisory] ecr-registry-singleton",
        "      Checks whether one registry has one owner.",
        "",
        "Summary: 5 resources (4 to create, 1 to read); 2 policy violations: 1 mandatory, 1 advisory",
        "",
      ].join("\n"),
    );
  });

  it("groups findings by registry, then resource by its Pulumi name; others and the stack apart", () => {
    const finding = (
      policyName: string,
      urn: string,
      type: string | null,
      name: string | null,
    ) => ({
      policyName,
      policyPackName: "ecr-replication-policies",
      policyPackVersion: "0.1.0",
      enforcementLevel: "advisory" as const,
      message: `${policyName} says`,
      urn,
      resourceType: type,
      resourceName: name,
    });
    const text = renderText({
      ...REPORT,
      diagnostics: [
        finding(
          "p1",
          POLICY,
          "aws:ecr/registryPolicy:RegistryPolicy",
          "prod-222222222222-us-west-2",
        ),
        finding("p2", COMPONENT, "ecr-replication:index:CrossAccountReplication", "prod"),
        finding("p3", STACK, null, null),
        finding(
          "p4",
          POLICY,
          "aws:ecr/registryPolicy:RegistryPolicy",
          "prod-222222222222-us-west-2",
        ),
      ],
    });
    assert.deepStrictEqual(text.split("Policy violations:\n")[1].split("\n\n")[0].split("\n"), [
      "  registry 222222222222/us-west-2:",
      "    prod-222222222222-us-west-2 (aws:ecr/registryPolicy:RegistryPolicy)",
      "      [advisory] p1",
      "        p1 says",
      "      [advisory] p4",
      "        p4 says",
      "  other resources:",
      "    prod (ecr-replication:index:CrossAccountReplication)",
      "      [advisory] p2",
      "        p2 says",
      "  the stack:",
      "    [advisory] p3",
      "      p3 says",
    ]);
    assert.ok(!text.includes("urn:pulumi"), "no URN in the text report");
  });

  it("says (none) where a section is empty, and counts no violations", () => {
    const empty: PreviewReport = {
      ...REPORT,
      resources: REPORT.resources.slice(0, 1),
      registryPolicies: [],
      replicationConfigurations: [],
      routes: [],
      diagnostics: [],
      summary: { resources: 1, violations: { mandatory: 0, advisory: 0 } },
    };
    const text = renderText(empty);
    assert.ok(text.includes("Registry policies:\n  (none)\n"), text);
    assert.ok(text.includes("Who can replicate what:\n  (no replication routes)\n"), text);
    assert.ok(text.includes("Policy violations:\n  (none)\n"), text);
    assert.strictEqual(
      summaryLine(empty),
      "Summary: 1 resources (1 to create); 0 policy violations: 0 mandatory, 0 advisory",
    );
  });

  it("exits 1 with a mandatory violation, 0 with only advisory ones", () => {
    assert.strictEqual(exitStatusOf(REPORT), 1);
    const advisoryOnly = {
      ...REPORT,
      summary: { resources: 5, violations: { mandatory: 0, advisory: 3 } },
    };
    assert.strictEqual(exitStatusOf(advisoryOnly), 0);
  });

  it("draws the topology as a Mermaid flowchart, broken routes dashed and red", () => {
    assert.strictEqual(
      renderMermaid(REPORT),
      [
        "flowchart LR",
        '  r_111111111111_us_east_1["111111111111<br/>us-east-1"]',
        '  r_222222222222_us_west_2["222222222222<br/>us-west-2"]',
        '  r_333333333333_eu_west_1["333333333333<br/>eu-west-1"]',
        '  r_unknown_eu_central_1["unknown account<br/>eu-central-1"]',
        '  r_111111111111_us_east_1 -->|"prod-, shared/"| r_222222222222_us_west_2',
        '  r_111111111111_us_east_1 -. "BROKEN: prod-, shared/" .-> r_333333333333_eu_west_1',
        '  r_111111111111_us_east_1 -. "unverified: every repository" .-> r_unknown_eu_central_1',
        "  linkStyle 1 stroke:#d00,stroke-width:2px",
        "",
      ].join("\n"),
    );
  });

  it("aligns table columns across multi-line cells", () => {
    assert.strictEqual(
      renderTable(
        ["a", "bb"],
        [
          ["xxx", "1\n22"],
          ["y", "3"],
        ],
        "> ",
      ),
      ["> a    bb", "> xxx  1", ">      22", "> y    3"].join("\n"),
    );
  });
});
