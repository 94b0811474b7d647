/**
 * Adopting a deployed registry policy: the `RegistryReplicationPolicy` inputs that reproduce it.
 * A statement the typed inputs express exactly (an unconditional Allow of `ecr:ReplicateImage`,
 * optionally with `ecr:CreateRepository`, to other accounts of the registry's partition, on
 * `repository/*` or `repository/<prefix>*` of this registry, nothing else) becomes `sources`;
 * every other statement stays in `extraStatements` word for word, except a Sid the components
 * refuse (not letters and digits, repeated, or equal to a generated one), which is renamed and
 * said so (a Sid does not change what a policy grants). A statement the components refuse even
 * as an extra statement is left out and listed. The adopted inputs are then built with the
 * components' own builder; ./adoption-check.ts compares what both documents grant.
 */
import {
  CREATE_REPOSITORY_ACTION,
  checkRepositoryPrefix,
  isPlainObject,
  partitionOf,
  Problem,
  RegistryLocation,
  REPLICATE_ACTION,
  ValidationError,
} from "../../components/model/core";
import {
  findEcrAction,
  hasWildcard,
  NormalizedPolicy,
  NormalizedStatement,
  parseAwsPrincipal,
  parseRegistryPolicy,
  parseRepositoryArnPattern,
} from "../../components/model/iam";
import {
  buildRegistryPolicy,
  BuiltRegistryPolicy,
  checkExtraStatements,
  normalSids,
  RegistryGrant,
  RegistryPolicyScope,
} from "../../components/model/registry-policy";

/** The elements a statement the typed inputs express may have. */
const GRANT_ELEMENTS = new Set(["Sid", "Effect", "Principal", "Action", "Resource"]);

/** Stands for `repository/*` among an account's prefixes. */
const EVERY_REPOSITORY = "*";

/** One extra statement of the adopted inputs, and where it came from. */
export interface AdoptedStatement {
  /** Its index in the deployed document's Statement. */
  index: number;
  /** As deployed, but for a renamed Sid. */
  statement: unknown;
}

/** The adopted inputs of one registry policy. */
export interface AdoptedPolicy {
  sources: RegistryGrant[];
  /** Indices of the deployed statements the sources express. */
  asSources: number[];
  extraStatements: AdoptedStatement[];
  /** The policy the components build from the inputs; undefined when they build none. */
  built?: BuiltRegistryPolicy;
  /** Changes that keep access as it is (a Sid renamed), one line each. */
  changes: string[];
  /** What is not reproduced, one line each (left out, or refused by the components). */
  notReproduced: string[];
}

/** `Statement[2]` of the deployed document. */
function statementName(index: number): string {
  return `Statement[${index}]`;
}

/** The accounts of a statement's principals, if every one is an account of this partition. */
function grantedAccounts(statement: NormalizedStatement, registry: RegistryLocation) {
  const principal = statement.principal;
  if (
    principal === undefined ||
    principal.wildcard ||
    principal.aws.length === 0 ||
    principal.service.length + principal.federated.length + principal.canonicalUser.length > 0
  ) {
    return undefined;
  }
  const accounts: string[] = [];
  for (const text of principal.aws) {
    const parsed = parseAwsPrincipal(text);
    if (
      parsed?.kind !== "account" ||
      parsed.accountId === registry.accountId ||
      (parsed.partition !== undefined && parsed.partition !== partitionOf(registry.region))
    ) {
      return undefined;
    }
    accounts.push(parsed.accountId as string);
  }
  return accounts;
}

/** The prefixes of a statement's resources (`*` for every repository), if all are this registry's. */
function grantedPrefixes(statement: NormalizedStatement, registry: RegistryLocation) {
  const prefixes: string[] = [];
  for (const resource of statement.resource ?? []) {
    const arn = parseRepositoryArnPattern(resource, "").arn;
    if (
      arn === undefined ||
      arn.any ||
      arn.partition !== partitionOf(registry.region) ||
      arn.region !== registry.region ||
      arn.account !== registry.accountId ||
      !arn.repository.endsWith("*")
    ) {
      return undefined;
    }
    const prefix = arn.repository.slice(0, -1);
    if (prefix === "") {
      prefixes.push(EVERY_REPOSITORY);
    } else if (!hasWildcard(prefix) && checkRepositoryPrefix(prefix, "").length === 0) {
      prefixes.push(prefix);
    } else {
      return undefined;
    }
  }
  return prefixes.length > 0 ? prefixes : undefined;
}

/** What an expressible statement grants: accounts, prefixes, and whether creation too. */
interface StatementGrant {
  accounts: string[];
  prefixes: string[];
  create: boolean;
}

/** The grant of a statement the typed inputs express exactly; undefined for any other. */
function expressibleGrant(
  raw: unknown,
  statement: NormalizedStatement | undefined,
  registry: RegistryLocation,
): StatementGrant | undefined {
  if (
    statement === undefined ||
    !isPlainObject(raw) ||
    Object.keys(raw).some((key) => !GRANT_ELEMENTS.has(key)) ||
    statement.effect !== "Allow"
  ) {
    return undefined;
  }
  const actions = new Set((statement.action ?? []).map((action) => findEcrAction(action)));
  const onlyReplication = [...actions].every(
    (action) => action === REPLICATE_ACTION || action === CREATE_REPOSITORY_ACTION,
  );
  // Exact action names only: a wildcard (`ecr:Replicate*`) is no catalogue name, so not found.
  if (
    !actions.has(REPLICATE_ACTION) ||
    !onlyReplication ||
    (statement.action ?? []).some(hasWildcard)
  ) {
    return undefined;
  }
  const accounts = grantedAccounts(statement, registry);
  const prefixes = grantedPrefixes(statement, registry);
  if (accounts === undefined || prefixes === undefined) {
    return undefined;
  }
  return { accounts, prefixes, create: actions.has(CREATE_REPOSITORY_ACTION) };
}

/**
 * The sources granting exactly what the statements grant: per account, the prefixes with
 * creation, then those without (less what creation already covers), sorted.
 */
function sourcesOf(grants: readonly StatementGrant[]): RegistryGrant[] {
  const byAccount = new Map<string, { create: Set<string>; replicate: Set<string> }>();
  for (const grant of grants) {
    for (const accountId of grant.accounts) {
      const entry = byAccount.get(accountId) ?? { create: new Set(), replicate: new Set() };
      byAccount.set(accountId, entry);
      grant.prefixes.forEach((prefix) =>
        (grant.create ? entry.create : entry.replicate).add(prefix),
      );
    }
  }
  const sources: RegistryGrant[] = [];
  const grantOf = (accountId: string, prefixes: Set<string>, create: boolean): RegistryGrant => {
    const grant: RegistryGrant = prefixes.has(EVERY_REPOSITORY)
      ? { accountId, allRepositories: true }
      : { accountId, repositoryPrefixes: [...prefixes].sort() };
    return create ? grant : { ...grant, allowCreateRepository: false };
  };
  for (const accountId of [...byAccount.keys()].sort()) {
    const { create, replicate } = byAccount.get(accountId)!;
    if (create.size > 0) {
      sources.push(grantOf(accountId, create, true));
    }
    // Prefixes granted with creation elsewhere need no grant without it.
    const withoutCreation = new Set(
      [...replicate].filter((prefix) => !create.has(prefix) && !create.has(EVERY_REPOSITORY)),
    );
    if (withoutCreation.size > 0) {
      sources.push(grantOf(accountId, withoutCreation, false));
    }
  }
  return sources;
}

/** A problem of one extra statement checked alone, at its place in the deployed document. */
function atDeployedStatement(problem: Problem, index: number): string {
  const path = problem.path.replace(/^extraStatements\[0\]/, statementName(index));
  return `${path}: ${problem.message.replace(/\bextraStatements\[0\]/g, statementName(index))}`;
}

/** The message of a clash between an extra statement's Sid and a generated one. */
const SID_CLASH = /^extraStatements\[(\d+)\]\.Sid$/;

/**
 * Adopts one registry policy (its text read from `get-registry-policy.json`): see the module
 * comment. `scope` is the registry's REGISTRY_POLICY_SCOPE, when read.
 */
export function adoptRegistryPolicy(
  registry: RegistryLocation,
  policyText: string,
  scope: RegistryPolicyScope | undefined,
): AdoptedPolicy {
  const document = JSON.parse(policyText) as { Statement: unknown };
  const rawStatements = Array.isArray(document.Statement)
    ? document.Statement
    : [document.Statement];
  const policy: NormalizedPolicy | undefined = parseRegistryPolicy(policyText).policy;
  const adopted: AdoptedPolicy = {
    sources: [],
    asSources: [],
    extraStatements: [],
    changes: [],
    notReproduced: [],
  };
  const grants: StatementGrant[] = [];
  const extras: AdoptedStatement[] = [];
  rawStatements.forEach((raw, index) => {
    const statement = policy?.statements.find((s) => s.index === index);
    const grant = expressibleGrant(raw, statement, registry);
    if (grant === undefined) {
      extras.push({ index, statement: raw });
    } else {
      grants.push(grant);
      adopted.asSources.push(index);
    }
  });
  adopted.sources = sourcesOf(grants);

  // Sids the components accept: letters and digits, unique among the extra statements.
  const sidOf = (statement: unknown) =>
    isPlainObject(statement) && typeof statement.Sid === "string" ? statement.Sid : undefined;
  const renamed = normalSids(extras.map((extra) => sidOf(extra.statement)));
  const rename = (extra: AdoptedStatement, sid: string, why: string) => {
    adopted.changes.push(
      `${statementName(extra.index)}: Sid '${sidOf(extra.statement)}' becomes '${sid}' (${why}; a Sid does not change what the policy grants)`,
    );
    extra.statement = { ...(extra.statement as Record<string, unknown>), Sid: sid };
  };
  extras.forEach((extra, position) => {
    const sid = renamed[position];
    if (sid !== undefined && sid !== sidOf(extra.statement)) {
      rename(extra, sid, "the components accept only unique Sids of letters and digits");
    }
  });

  // Each extra statement as the components check it; one they refuse is left out.
  for (const extra of extras) {
    const problems = checkExtraStatements([extra.statement], registry, scope ?? "V2");
    if (problems.length === 0) {
      adopted.extraStatements.push(extra);
    } else {
      adopted.notReproduced.push(
        `${statementName(extra.index)} is left out: the components refuse it: ${problems
          .map((problem) => atDeployedStatement(problem, extra.index))
          .join("; ")}`,
      );
    }
  }
  if (adopted.sources.length === 0 && adopted.extraStatements.length === 0) {
    return adopted;
  }
  adopted.built = buildAdopted(registry, adopted, scope, rename);
  return adopted;
}

/**
 * Builds the adopted inputs with the components' builder, renaming an extra statement's Sid that
 * equals a generated statement's (which depends on the whole policy) and building again; a
 * refusal is listed and nothing is built.
 */
function buildAdopted(
  registry: RegistryLocation,
  adopted: AdoptedPolicy,
  scope: RegistryPolicyScope | undefined,
  rename: (extra: AdoptedStatement, sid: string, why: string) => void,
): BuiltRegistryPolicy | undefined {
  for (let attempt = 0; ; attempt++) {
    try {
      return buildRegistryPolicy(registry, adopted.sources, {
        extraStatements: adopted.extraStatements.map((extra) => extra.statement),
        scope,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) {
        throw error;
      }
      const clashes = error.problems.flatMap((problem) => {
        const match = SID_CLASH.exec(problem.path);
        return match === null ? [] : [Number(match[1])];
      });
      if (clashes.length === 0 || clashes.length < error.problems.length || attempt > 2) {
        adopted.notReproduced.push(
          `the components refuse the adopted inputs: ${error.problems
            .map((problem) => `${problem.path}: ${problem.message}`)
            .join("; ")}`,
        );
        return undefined;
      }
      const taken = new Set(
        adopted.extraStatements.map((extra) => (extra.statement as { Sid?: unknown }).Sid),
      );
      for (const position of clashes) {
        const extra = adopted.extraStatements[position];
        const base = `${(extra.statement as { Sid: string }).Sid}Deployed`;
        let sid = base;
        for (let number = 2; taken.has(sid); number++) {
          sid = `${base}${number}`;
        }
        taken.add(sid);
        rename(extra, sid, "the components' own statements use that Sid");
      }
    }
  }
}
