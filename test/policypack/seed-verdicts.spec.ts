/**
 * The verdict table: the four registry policies of the ECR user guide's "Private registry policy
 * examples" (https://docs.aws.amazon.com/AmazonECR/latest/userguide/registry-permissions-examples.html;
 * as data in test/model/seed-policies.ts), each deployed as the destination policy of the example
 * stack (source 111111111111 replicates `prod-` from us-east-1 to 222222222222 in us-west-2), judged
 * by every policy of the pack under policypack/config.example.json.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { EnforcementLevel, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies } from "../../policypack/policies";
import {
  DESTINATION,
  SEED_ALL_REPOSITORIES,
  SEED_MULTIPLE_ACCOUNTS,
  SEED_PROD_PREFIX,
  SEED_WITHOUT_CREATE,
  SOURCE_ACCOUNT,
} from "../model/seed-policies";
import {
  creationTemplate,
  DEST_WEST,
  registryPolicy,
  replicationConfiguration,
  rulesOf,
  SOURCE,
} from "./fixtures";
import { runResourcePolicy, runStackPolicy, TestResource } from "./run-policy";

const CONFIG_FILE = path.join(__dirname, "..", "..", "policypack", "config.example.json");
const EXAMPLE_CONFIG = JSON.parse(fs.readFileSync(CONFIG_FILE, "utf8")) as Record<string, unknown>;

/** The level and properties config.example.json gives a policy (a string is a level alone). */
function configOf(name: string, level: EnforcementLevel) {
  const entry = EXAMPLE_CONFIG[name];
  if (typeof entry === "string") {
    return { level: entry as EnforcementLevel, properties: {} };
  }
  const { enforcementLevel, ...properties } = (entry ?? {}) as Record<string, unknown>;
  return { level: (enforcementLevel as EnforcementLevel | undefined) ?? level, properties };
}

/** A seed document with the page's accounts replaced by the example stack's. */
function asExample(seed: object): object {
  return JSON.parse(
    JSON.stringify(seed)
      .replaceAll(SOURCE_ACCOUNT, SOURCE)
      .replaceAll(DESTINATION.accountId, DEST_WEST),
  ) as object;
}

/**
 * The example source replicating `prod-` to the seed's registry only, whose `ROOT` template (as
 * the example's) creates the replicated repositories: the table judges the registry policies.
 */
function stackWith(seed: object): TestResource[] {
  const replication = replicationConfiguration();
  rulesOf(replication)[0].destinations = [{ region: "us-west-2", registryId: DEST_WEST }];
  rulesOf(replication)[0].repositoryFilters = [{ filter: "prod-", filterType: "PREFIX_MATCH" }];
  const policy = registryPolicy(DEST_WEST, DESTINATION.region);
  policy.props.policy = JSON.stringify(asExample(seed));
  return [replication, policy, creationTemplate(DEST_WEST, DESTINATION.region, "ROOT")];
}

/** `policy-name (level)` for every policy that reports something on the stack, sorted. */
async function verdicts(stack: TestResource[]): Promise<string[]> {
  const found = new Set<string>();
  for (const policy of policies) {
    const { level, properties } = configOf(policy.name, policy.enforcementLevel ?? "advisory");
    if (level === "disabled") {
      continue;
    }
    const configured = { ...policy, enforcementLevel: level };
    const violations =
      "validateStack" in configured
        ? await runStackPolicy(configured as StackValidationPolicy, stack, properties)
        : (
            await Promise.all(
              stack.map((resource) =>
                runResourcePolicy(configured as ResourceValidationPolicy, resource, properties),
              ),
            )
          ).flat();
    violations.forEach((v) => found.add(`${policy.name} (${v.enforcementLevel})`));
  }
  return [...found].sort();
}

describe("seed examples under config.example.json", () => {
  it("judges each of the four seed policies as the verdict table says", async () => {
    assert.deepStrictEqual(
      {
        "1 all repositories": await verdicts(stackWith(SEED_ALL_REPOSITORIES)),
        "2 multiple accounts": await verdicts(stackWith(SEED_MULTIPLE_ACCOUNTS)),
        "3 prod- prefix": await verdicts(stackWith(SEED_PROD_PREFIX)),
        "4 without CreateRepository": await verdicts(stackWith(SEED_WITHOUT_CREATE)),
      },
      {
        "1 all repositories": ["ecr-registry-policy-prefix-required (mandatory)"],
        // ECR accepts the page's repeated Sid: normal form advises, validity passes it.
        "2 multiple accounts": [
          "ecr-registry-policy-normal-form (advisory)",
          "ecr-registry-policy-prefix-required (mandatory)",
        ],
        "3 prod- prefix": [],
        "4 without CreateRepository": [
          "ecr-registry-policy-prefix-required (mandatory)",
          "ecr-replication-destination-authorized (mandatory)",
        ],
      },
    );
  });

  it("configures every policy of the pack, and only those", () => {
    assert.deepStrictEqual(
      Object.keys(EXAMPLE_CONFIG).sort(),
      policies.map((policy) => policy.name).sort(),
    );
  });
});
