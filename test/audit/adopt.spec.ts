/**
 * Adopt: deployed registry policies and replication configurations turned into component inputs
 * that reproduce them, checked by the access model; then the round trip: the emitted program run
 * by the offline preview (the components on Pulumi's mock runtime) builds documents that grant and
 * replicate exactly what the deployed ones do, on the test organisation and on the four AWS
 * documentation examples.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { parseRegistryPolicy } from "../../components/model/iam";
import { adoptOrganisation, Adoption } from "../../tools/audit/adopt";
import { adoptRegistryPolicy } from "../../tools/audit/adopt-policy";
import { adoptReplication } from "../../tools/audit/adopt-replication";
import { compareAccess, compareReplication } from "../../tools/audit/adoption-check";
import { COMPONENTS_PACKAGE, emitTypeScript } from "../../tools/audit/emit-typescript";
import { readOrganisation } from "../../tools/audit/layout";
import { PreviewReport } from "../../tools/preview/report";
import {
  DESTINATION,
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
  SOURCE_ACCOUNT,
} from "../model/seed-policies";
import { runCommand } from "../run-command";

const ROOT = path.resolve(__dirname, "..", "..");
const ORGANISATION = path.join(ROOT, "test", "fixtures", "audit-org");
const REGISTRY = DESTINATION;
const ARN = `arn:aws:ecr:us-west-2:${REGISTRY.accountId}:repository`;
const SOURCE_ROOT = `arn:aws:iam::${SOURCE_ACCOUNT}:root`;

/** A policy text of these statements. */
function policyText(...statements: object[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** What adopting one policy gives, and what its check finds. */
function adopted(text: string, scope?: "V1" | "V2") {
  const result = adoptRegistryPolicy(REGISTRY, text, scope);
  const built =
    result.built === undefined ? undefined : parseRegistryPolicy(result.built.json).policy;
  return {
    sources: result.sources,
    extraStatements: result.extraStatements,
    changes: result.changes,
    notReproduced: result.notReproduced,
    differences: compareAccess(REGISTRY, parseRegistryPolicy(text).policy, built),
    json: result.built?.json,
  };
}

/** The four AWS documentation examples, each the registry policy of its own registry. */
const SEEDS = [
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
] as const;

describe("adopt: the four AWS documentation examples", () => {
  it("become sources the builder turns back into the same grants, nothing left out", () => {
    const results = SEEDS.map((seed) => adopted(JSON.stringify(seed)));
    assert.deepStrictEqual(
      results.map(({ sources, extraStatements, changes, notReproduced, differences }) => ({
        sources,
        extraStatements,
        changes,
        notReproduced,
        differences,
      })),
      [
        { sources: [{ accountId: SOURCE_ACCOUNT, allRepositories: true }] },
        { sources: [{ accountId: SOURCE_ACCOUNT, allRepositories: true }] },
        { sources: [{ accountId: SOURCE_ACCOUNT, repositoryPrefixes: ["prod-"] }] },
        {
          sources: [
            { accountId: SOURCE_ACCOUNT, allRepositories: true, allowCreateRepository: false },
          ],
        },
      ].map((expected) => ({
        ...expected,
        extraStatements: [],
        changes: [],
        notReproduced: [],
        differences: [],
      })),
    );
    // The builder writes the page's own documents (the second as the first: one statement).
    assert.deepStrictEqual(
      results.map((result) => JSON.parse(result.json as string) as unknown),
      [SEED_ALL_REPOSITORIES, SEED_ALL_REPOSITORIES, SEED_PROD_PREFIX, SEED_WITHOUT_CREATE],
    );
  });
});

describe("adopt: registry policies", () => {
  const replicate = (resource: string | string[], actions = ["ecr:ReplicateImage"]) => ({
    Effect: "Allow",
    Principal: { AWS: SOURCE_ROOT },
    Action: actions,
    Resource: resource,
  });

  it("keeps Denies and conditional statements word for word; the access stays the same", () => {
    const deny = {
      Sid: "NoLegacy",
      Effect: "Deny",
      Principal: "*",
      Action: "ecr:*",
      Resource: `${ARN}/prod-legacy*`,
    };
    const conditional = {
      Sid: "OrgPull",
      Effect: "Allow",
      Principal: "*",
      Action: ["ecr:BatchGetImage"],
      Resource: `${ARN}/shared/*`,
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdefghij" } },
    };
    const result = adopted(
      policyText(
        replicate(`${ARN}/prod-*`, ["ecr:ReplicateImage", "ecr:CreateRepository"]),
        deny,
        conditional,
      ),
    );
    assert.deepStrictEqual(result.sources, [
      { accountId: SOURCE_ACCOUNT, repositoryPrefixes: ["prod-"] },
    ]);
    assert.deepStrictEqual(result.extraStatements, [
      { index: 1, statement: deny },
      { index: 2, statement: conditional },
    ]);
    assert.deepStrictEqual(
      [result.changes, result.notReproduced, result.differences],
      [[], [], []],
    );
  });

  it("merges an account's grants: creation where any statement grants it, replication elsewhere", () => {
    const bare = { ...replicate(`${ARN}/*`), Principal: { AWS: SOURCE_ACCOUNT } };
    const result = adopted(
      policyText(
        replicate(`${ARN}/prod-*`, ["ecr:CreateRepository", "ecr:ReplicateImage"]),
        bare,
        replicate([`${ARN}/team-*`, `${ARN}/prod-*`]),
      ),
    );
    assert.deepStrictEqual(result.sources, [
      { accountId: SOURCE_ACCOUNT, repositoryPrefixes: ["prod-"] },
      { accountId: SOURCE_ACCOUNT, allRepositories: true, allowCreateRepository: false },
    ]);
    assert.deepStrictEqual([result.extraStatements, result.differences], [[], []]);
  });

  it("keeps what the typed inputs cannot say as extra statements", () => {
    const role = {
      ...replicate(`${ARN}/prod-*`),
      Principal: { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:role/ci` },
    };
    const wildcardAction = replicate(`${ARN}/prod-*`, ["ecr:Replicate*"]);
    const exactName = replicate(`${ARN}/prod-api`);
    const createOnly = replicate(`${ARN}/team-*`, ["ecr:CreateRepository"]);
    const result = adopted(policyText(role, wildcardAction, exactName, createOnly));
    assert.deepStrictEqual(result.sources, []);
    assert.deepStrictEqual(
      result.extraStatements.map((extra) => extra.index),
      [0, 1, 2, 3],
    );
    assert.deepStrictEqual(
      [result.changes, result.notReproduced, result.differences],
      [[], [], []],
    );
  });

  it("renames a Sid the components refuse, saying so, and one equal to a generated Sid", () => {
    const deny = {
      Sid: "ReplicationAccessCrossAccount",
      Effect: "Deny",
      Principal: { AWS: SOURCE_ROOT },
      Action: "ecr:ReplicateImage",
      Resource: `${ARN}/prod-legacy*`,
    };
    const pull = {
      Sid: "pull-1",
      Effect: "Allow",
      Principal: { AWS: SOURCE_ROOT },
      Action: "ecr:BatchGetImage",
      Resource: `${ARN}/prod-*`,
    };
    const result = adopted(policyText(replicate(`${ARN}/prod-*`), deny, pull, { ...pull }));
    assert.deepStrictEqual(result.changes, [
      "Statement[2]: Sid 'pull-1' becomes 'pull1' (the components accept only unique Sids of letters and digits; a Sid does not change what the policy grants)",
      "Statement[3]: Sid 'pull-1' becomes 'pull12' (the components accept only unique Sids of letters and digits; a Sid does not change what the policy grants)",
      "Statement[1]: Sid 'ReplicationAccessCrossAccount' becomes 'ReplicationAccessCrossAccountDeployed' (the components' own statements use that Sid; a Sid does not change what the policy grants)",
    ]);
    assert.deepStrictEqual(
      result.extraStatements.map((extra) => (extra.statement as { Sid: string }).Sid),
      ["ReplicationAccessCrossAccountDeployed", "pull1", "pull12"],
    );
    assert.deepStrictEqual([result.notReproduced, result.differences], [[], []]);
  });

  it("lists a statement the components refuse, and the access it changes", () => {
    const otherRegistry = replicate(`arn:aws:ecr:us-west-2:999999999999:repository/prod-*`);
    const v2Only = {
      Effect: "Allow",
      Principal: { AWS: SOURCE_ROOT },
      Action: "ecr:BatchGetImage",
      Resource: `${ARN}/prod-*`,
    };
    const result = adopted(policyText(replicate(`${ARN}/prod-*`), v2Only, otherRegistry), "V1");
    assert.deepStrictEqual(result.notReproduced, [
      "Statement[1] is left out: the components refuse it: Statement[1].Action[0]: must be one of ecr:BatchImportUpstreamImage, ecr:CreateRepository, ecr:ReplicateImage (registry policy scope V1), got 'ecr:BatchGetImage', which names ecr:BatchGetImage",
      "Statement[2] is left out: the components refuse it: Statement[2].Resource[0]: must be a repository ARN of this registry arn:aws:ecr:us-west-2:111122223333:repository/<name>, got 'arn:aws:ecr:us-west-2:999999999999:repository/prod-*'",
    ]);
    // Leaving out the V1-refused grant changes access (a V1 registry refuses it, but it is
    // deployed); the other registry's resource grants nothing here.
    assert.deepStrictEqual(result.differences, [
      `${SOURCE_ROOT} ecr:BatchGetImage on 'prod-a': allow as deployed, deny as adopted`,
      `${SOURCE_ACCOUNT} ecr:BatchGetImage on 'prod-a': allow as deployed, deny as adopted`,
      `arn:aws:iam::${SOURCE_ACCOUNT}:role/ecr-adoption-probe ecr:BatchGetImage on 'prod-a': allow as deployed, deny as adopted`,
    ]);
  });
});

describe("adopt: the check of itself", () => {
  it("finds every difference in access, with an example repository", () => {
    const deployed = parseRegistryPolicy(JSON.stringify(SEED_PROD_PREFIX)).policy;
    const narrower = parseRegistryPolicy(
      JSON.stringify(SEED_PROD_PREFIX).replace("prod-*", "prod-api*"),
    ).policy;
    assert.deepStrictEqual(compareAccess(REGISTRY, deployed, narrower), [
      `${SOURCE_ROOT} ecr:CreateRepository on 'prod-a': allow as deployed, deny as adopted`,
      `${SOURCE_ROOT} ecr:ReplicateImage on 'prod-a': allow as deployed, deny as adopted`,
      `${SOURCE_ACCOUNT} ecr:CreateRepository on 'prod-a': allow as deployed, deny as adopted`,
      `${SOURCE_ACCOUNT} ecr:ReplicateImage on 'prod-a': allow as deployed, deny as adopted`,
      `arn:aws:iam::${SOURCE_ACCOUNT}:role/ecr-adoption-probe ecr:CreateRepository on 'prod-a': allow as deployed, deny as adopted`,
      `arn:aws:iam::${SOURCE_ACCOUNT}:role/ecr-adoption-probe ecr:ReplicateImage on 'prod-a': allow as deployed, deny as adopted`,
    ]);
    assert.deepStrictEqual(compareAccess(REGISTRY, deployed, deployed), []);
    assert.deepStrictEqual(compareAccess(REGISTRY, undefined, undefined), []);
  });

  it("finds every difference in (repository, destination) pairs", () => {
    const rule = (filters: string[] | undefined, registryId = "222222222222") => ({
      destinations: [{ region: "us-west-2", registryId }],
      ...(filters === undefined
        ? {}
        : { repositoryFilters: filters.map((filter) => ({ filter, filterType: "PREFIX_MATCH" })) }),
    });
    assert.deepStrictEqual(
      compareReplication([rule(["prod-"]), rule(undefined, "333333333333")], [rule(["prod"])]),
      [
        "'prod' to 222222222222/us-west-2: replicated as adopted, not as deployed",
        "'aa' to 333333333333/us-west-2: replicated as deployed, not as adopted",
      ],
    );
    assert.deepStrictEqual(compareReplication([rule(["prod-", "prod-a"])], [rule(["prod-"])]), []);
  });

  it("lists the rules and destinations the routes cannot express, and what is then lost", () => {
    const source = { accountId: "111111111111", region: "us-east-1" };
    const rules = [
      { destinations: [{ region: "us-west-2", registryId: "222222222222" }] },
      {
        destinations: [
          { region: "us-east-1", registryId: "111111111111" },
          { region: "cn-north-1", registryId: "333333333333" },
          { region: "eu-west-1", registryId: "333333333333" },
        ],
        repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }],
      },
    ];
    const result = adoptReplication(source, rules);
    assert.deepStrictEqual(result.routes, [
      {
        destinations: [{ accountId: "333333333333", region: "eu-west-1" }],
        repositoryPrefixes: ["prod-"],
      },
    ]);
    assert.deepStrictEqual(result.notReproduced, [
      "replicationConfiguration.rules[0] is left out: it has no filters, so it replicates every repository, and a route replicates repository prefixes only",
      "replicationConfiguration.rules[1].destinations[0] (111111111111/us-east-1) is left out: it must not be the source registry 111111111111 in us-east-1: a registry cannot replicate to itself",
      "replicationConfiguration.rules[1].destinations[1] (333333333333/cn-north-1) is left out: its region must be in the source registry's partition aws (us-east-1), got 'cn-north-1' in aws-cn: replication cannot cross partitions",
    ]);
    assert.deepStrictEqual(compareReplication(rules, result.built ?? []), [
      "'prod-a' to 111111111111/us-east-1: replicated as deployed, not as adopted",
      "'aa' to 222222222222/us-west-2: replicated as deployed, not as adopted",
      "'prod-a' to 333333333333/cn-north-1: replicated as deployed, not as adopted",
    ]);
  });
});

/** Writes files (`<account>/<region>/<file>` -> JSON value) under a scratch folder. */
function layout(files: Record<string, unknown>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "adopt-layout-"));
  for (const [file, value] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), `${JSON.stringify(value, null, 4)}\n`);
  }
  return root;
}

/** The four examples, each in its own registry, and a source replicating `prod-` to all four. */
function seedOrganisation(): string {
  const files: Record<string, unknown> = {};
  const destinations = SEEDS.map((seed, index) => {
    const accountId = `11112222333${index}`;
    files[`${accountId}/us-west-2/get-registry-policy.json`] = {
      registryId: accountId,
      policyText: JSON.stringify(seed, null, 2).replaceAll(DESTINATION.accountId, accountId),
    };
    return { region: "us-west-2", registryId: accountId };
  });
  files[`${SOURCE_ACCOUNT}/us-east-1/describe-registry.json`] = {
    registryId: SOURCE_ACCOUNT,
    replicationConfiguration: {
      rules: [
        { destinations, repositoryFilters: [{ filter: "prod-", filterType: "PREFIX_MATCH" }] },
      ],
    },
  };
  return layout(files);
}

/** A Pulumi project running `program` (its components import pointed at this repository). */
function projectOf(program: string): string {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "adopted-program-"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(directory, "node_modules"));
  fs.writeFileSync(
    path.join(directory, "index.ts"),
    program.replace(`"${COMPONENTS_PACKAGE}"`, JSON.stringify(path.join(ROOT, "components"))),
  );
  fs.writeFileSync(
    path.join(directory, "Pulumi.yaml"),
    "name: adopted\nruntime: nodejs\nmain: index.ts\n",
  );
  fs.writeFileSync(path.join(directory, "Pulumi.adopt.yaml"), "config: {}\n");
  fs.writeFileSync(
    path.join(directory, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: "commonjs",
        moduleResolution: "node",
        target: "ES2022",
        esModuleInterop: true,
        skipLibCheck: true,
      },
    }),
  );
  return directory;
}

/** Runs the offline preview of a project; its JSON report. */
async function preview(directory: string): Promise<PreviewReport> {
  const { stdout, stderr } = await runCommand(
    "preview",
    "--cwd",
    directory,
    "--stack",
    "adopt",
    "--json",
  );
  try {
    return JSON.parse(stdout) as PreviewReport;
  } catch {
    throw new Error(`the preview printed no report:\n${stderr}`);
  }
}

/**
 * The round trip: every registry the adoption declares, as the emitted program built it, against
 * what is deployed. Returns the differences (access and replication) and the checks made.
 */
function roundTrip(directory: string, adoption: Adoption, report: PreviewReport) {
  const organisation = readOrganisation(directory);
  const differences: string[] = [];
  const checked: string[] = [];
  for (const registry of organisation.registries) {
    const key = `${registry.accountId}/${registry.region}`;
    const declared = adoption.registries.find(
      (a) => `${a.registry.accountId}/${a.registry.region}` === key,
    );
    if (registry.registryPolicy.state === "read") {
      const built = report.resources.find(
        (r) =>
          r.type === "aws:ecr/registryPolicy:RegistryPolicy" &&
          r.name === `${registry.accountId}-${registry.region}`,
      );
      const json = (built?.inputs as { policy?: string } | undefined)?.policy;
      // The program builds exactly the document the adoption checked.
      assert.strictEqual(json, declared?.registryPolicy?.policyJson, key);
      differences.push(
        ...compareAccess(
          registry,
          parseRegistryPolicy(registry.registryPolicy.output.policyText).policy,
          json === undefined ? undefined : parseRegistryPolicy(json).policy,
        ).map((line) => `${key} policy: ${line}`),
      );
      checked.push(`${key} policy`);
    }
    if (registry.replication.state === "read" && registry.replication.output.rules.length > 0) {
      const built = report.resources.find(
        (r) =>
          r.type === "aws:ecr/replicationConfiguration:ReplicationConfiguration" &&
          r.name === `${registry.accountId}-${registry.region}`,
      );
      const rules =
        (built?.inputs as { replicationConfiguration?: { rules: unknown[] } } | undefined)
          ?.replicationConfiguration?.rules ?? [];
      differences.push(
        ...compareReplication(registry.replication.output.rules, rules).map(
          (line) => `${key} replication: ${line}`,
        ),
      );
      checked.push(`${key} replication`);
    }
  }
  return { differences, checked };
}

describe("adopt: the test organisation and the round trip", function () {
  // Two previews of emitted programs run at once (each boots a program and the pack).
  this.timeout(240_000);
  const organisationAdoption = adoptOrganisation(readOrganisation(ORGANISATION));
  const seeds = seedOrganisation();
  const seedAdoption = adoptOrganisation(readOrganisation(seeds));
  const organisationProject = projectOf(emitTypeScript(organisationAdoption));
  const seedProject = projectOf(emitTypeScript(seedAdoption));
  let organisationReport: PreviewReport;
  let seedReport: PreviewReport;

  before(async () => {
    [organisationReport, seedReport] = await Promise.all([
      preview(organisationProject),
      preview(seedProject),
    ]);
  });

  it("lists what it changes, cannot reproduce, and leaves as deployed", () => {
    assert.deepStrictEqual(organisationAdoption.changes, [
      "222222222222/us-west-2/get-registry-policy.json: Statement[1]: Sid 'stis-1' becomes 'stis1' (the components accept only unique Sids of letters and digits; a Sid does not change what the policy grants)",
    ]);
    assert.deepStrictEqual(organisationAdoption.notReproduced, [
      "333333333333/us-west-2/get-registry-policy.json: Statement[1] is left out: the components refuse it: Statement[1].Resource[0]: must be a repository ARN of this registry arn:aws:ecr:us-west-2:333333333333:repository/<name>, got 'arn:aws-cn:ecr:cn-north-1:333333333333:repository/legacy-*'; Statement[1].Principal.AWS[0]: must be in the registry's partition 'aws', got 'arn:aws-cn:iam::111111111111:root'",
    ]);
    assert.deepStrictEqual(organisationAdoption.leftAsDeployed, [
      "111111111111/us-east-1/get-account-setting.json: the account setting stays as deployed",
      "222222222222/us-west-2/describe-repository-creation-templates.json: repository creation templates are not adopted; they stay as deployed",
      "222222222222/us-west-2/get-account-setting.json: the account setting stays as deployed",
      "333333333333/us-west-2/get-account-setting.json: the account setting stays as deployed (the policy is declared with scope 'V1')",
    ]);
  });

  it("emits the program exactly", () => {
    assert.strictEqual(
      emitTypeScript(organisationAdoption),
      fs.readFileSync(path.join(__dirname, "expected", "audit-org.adopted.ts.txt"), "utf8"),
    );
  });

  it("the emitted program type-checks against the components and @pulumi/aws", () => {
    const program = ts.createProgram([path.join(organisationProject, "index.ts")], {
      strict: true,
      noEmit: true,
      module: ts.ModuleKind.CommonJS,
      moduleResolution: ts.ModuleResolutionKind.Node10,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
      resolveJsonModule: true,
      skipLibCheck: true,
      types: ["node"],
      typeRoots: [path.join(ROOT, "node_modules", "@types")],
    });
    const problems = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    assert.deepStrictEqual(problems, []);
  });

  it("round trip, test organisation: the program builds documents granting and replicating exactly what is deployed", () => {
    const { differences, checked } = roundTrip(
      ORGANISATION,
      organisationAdoption,
      organisationReport,
    );
    assert.deepStrictEqual(checked, [
      "111111111111/us-east-1 replication",
      "222222222222/us-west-2 policy",
      "333333333333/us-west-2 policy",
      "444444444444/us-east-1 policy",
      "444444444444/us-east-1 replication",
      "666666666666/us-east-1 policy",
    ]);
    assert.deepStrictEqual(differences, []);
    // The registry with scope V1 is declared so, and the program previews through the pack.
    assert.deepStrictEqual(
      organisationReport.resources
        .filter((r) => r.type === "ecr-replication:index:RegistryReplicationPolicy")
        .map((r) => r.name),
      [
        "222222222222-us-west-2",
        "333333333333-us-west-2",
        "444444444444-us-east-1",
        "666666666666-us-east-1",
      ],
    );
  });

  it("round trip, the AWS documentation examples: every registry reproduced exactly, nothing listed", () => {
    assert.deepStrictEqual(
      [seedAdoption.changes, seedAdoption.notReproduced, seedAdoption.leftAsDeployed],
      [[], [], []],
    );
    const { differences, checked } = roundTrip(seeds, seedAdoption, seedReport);
    assert.deepStrictEqual(checked, [
      "111122223330/us-west-2 policy",
      "111122223331/us-west-2 policy",
      "111122223332/us-west-2 policy",
      "111122223333/us-west-2 policy",
      "444455556666/us-east-1 replication",
    ]);
    assert.deepStrictEqual(differences, []);
    // Judged by the pack as deployed: every route authorised (the fourth needs pre-existing
    // repositories, so without that setting it is broken, exactly as the deployed one is).
    assert.deepStrictEqual(
      seedReport.routes.map((route) => [route.destination.account, route.status]),
      [
        ["111122223330", "authorised"],
        ["111122223331", "authorised"],
        ["111122223332", "authorised"],
        ["111122223333", "broken"],
      ],
    );
  });
});
