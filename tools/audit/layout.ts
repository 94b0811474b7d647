/**
 * Reading an organisation's registries from the audit's layout: `DIR/<account>/<region>/` per
 * registry, holding the AWS CLI's JSON output under each command's name (./aws-cli-outputs.ts).
 * A missing file means the registry has none of it (`get-registry-policy` fails with
 * RegistryPolicyNotFoundException when there is no policy). Every file that cannot be read is one
 * {@link InputProblem} naming it; the rest is still read. Entries whose names start with `.` are
 * skipped (system files, and the collect script's folders in progress).
 */
import * as fs from "fs";
import * as path from "path";
import { ACCOUNT_ID_PATTERN, REGION_PATTERN, shortened } from "../../components/model/core";
import { closestName } from "../analyzer/closest-name";
import { displayPath } from "../preview/plan";
import {
  ACCOUNT_SETTING_FILE,
  AccountSettingOutput,
  AUDITED_FILES,
  CREATION_TEMPLATES_FILE,
  CreationTemplatesOutput,
  DESCRIBE_REGISTRY_FILE,
  DescribeRegistryOutput,
  Read,
  readAccountSettingOutput,
  readCreationTemplatesOutput,
  readDescribeRegistryOutput,
  readRegistryPolicyOutput,
  REGISTRY_POLICY_FILE,
  RegistryPolicyOutput,
} from "./aws-cli-outputs";

/** One file or folder that could not be read, and why, in one line. */
export interface InputProblem {
  /** The path relative to the audited folder, `/`-separated (`111111111111/us-east-1/describe-registry.json`). */
  file: string;
  message: string;
}

/** One of a registry's files: read, absent (the registry has none of it), or unreadable. */
export type RegistryFile<Output> =
  | { state: "read"; file: string; output: Output }
  | { state: "absent" }
  | { state: "unreadable"; file: string };

/** One registry's folder, read. */
export interface AuditedRegistry {
  accountId: string;
  region: string;
  registryPolicy: RegistryFile<RegistryPolicyOutput>;
  replication: RegistryFile<DescribeRegistryOutput>;
  creationTemplates: RegistryFile<CreationTemplatesOutput>;
  accountSetting: RegistryFile<AccountSettingOutput>;
  /**
   * False when the folder holds an entry the audit does not read (a misspelt file name, say): an
   * absent file then does not prove the registry has none of it.
   */
  complete: boolean;
}

/** Everything read from the audited folder. */
export interface AuditedOrganisation {
  /** The folder, as given. */
  directory: string;
  /** Every registry folder, by account then region. */
  registries: AuditedRegistry[];
  /** What could not be read, by path. */
  problems: InputProblem[];
}

/** The folder cannot be listed at all: nothing of the organisation can be read. */
export class LayoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LayoutError";
  }
}

const LAYOUT = "one folder per account (12 digits), each with one folder per region";

/** The entries of a folder not starting with `.`, sorted. */
function entriesOf(folder: string): fs.Dirent[] {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith("."))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** True for a folder, or a link to one. */
function isFolder(folder: string, entry: fs.Dirent): boolean {
  if (entry.isDirectory()) {
    return true;
  }
  try {
    return entry.isSymbolicLink() && fs.statSync(path.join(folder, entry.name)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads one file of a registry's folder with its command's reader. */
function readOutput<Output>(
  folder: string,
  relative: string,
  name: string,
  reader: (value: unknown) => Read<Output>,
  accountId: string,
  problems: InputProblem[],
): RegistryFile<Output> {
  const file = `${relative}/${name}`;
  const fail = (message: string): RegistryFile<Output> => {
    problems.push({ file, message });
    return { state: "unreadable", file };
  };
  let text: string;
  try {
    text = fs.readFileSync(path.join(folder, name), "utf8");
  } catch (error) {
    return fail(`cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const start = text.trim().split("\n")[0];
    return fail(
      start === ""
        ? "is empty: save the AWS CLI's output with --output json"
        : `is not JSON (it starts ${JSON.stringify(shortened(start))}): save the AWS CLI's output with --output json`,
    );
  }
  const read = reader(value);
  if ("problem" in read) {
    return fail(read.problem);
  }
  const registryId = (read.output as { registryId?: unknown }).registryId;
  if (registryId !== undefined && registryId !== accountId) {
    return fail(`registryId '${registryId}' disagrees with its folder: account ${accountId}`);
  }
  return { state: "read", file, output: read.output };
}

/** Reads one registry's folder: its four files, each read, absent or unreadable. */
function readRegistry(
  folder: string,
  accountId: string,
  region: string,
  problems: InputProblem[],
): AuditedRegistry {
  const relative = `${accountId}/${region}`;
  const present = new Set<string>();
  let complete = true;
  for (const entry of entriesOf(folder)) {
    if (AUDITED_FILES.includes(entry.name) && entry.isFile()) {
      present.add(entry.name);
      continue;
    }
    complete = false;
    const guess = closestName(entry.name, AUDITED_FILES);
    problems.push({
      file: `${relative}/${entry.name}`,
      message: `is not one of the files the audit reads (${AUDITED_FILES.join(", ")})${guess === undefined ? "" : `: did you mean ${guess}?`}`,
    });
  }
  const read = <Output>(name: string, reader: (value: unknown) => Read<Output>) =>
    present.has(name)
      ? readOutput(folder, relative, name, reader, accountId, problems)
      : ({ state: "absent" } as const);
  return {
    accountId,
    region,
    registryPolicy: read(REGISTRY_POLICY_FILE, readRegistryPolicyOutput),
    replication: read(DESCRIBE_REGISTRY_FILE, readDescribeRegistryOutput),
    creationTemplates: read(CREATION_TEMPLATES_FILE, readCreationTemplatesOutput),
    accountSetting: read(ACCOUNT_SETTING_FILE, readAccountSettingOutput),
    complete,
  };
}

/**
 * Reads every registry under `directory`. Throws {@link LayoutError} only when the folder itself
 * cannot be listed; everything else wrong is an {@link InputProblem}.
 */
export function readOrganisation(directory: string): AuditedOrganisation {
  let accounts: fs.Dirent[];
  try {
    accounts = entriesOf(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const shown = displayPath(directory);
    throw new LayoutError(
      code === "ENOENT"
        ? `${shown} does not exist`
        : code === "ENOTDIR"
          ? `${shown} is not a folder: it must hold ${LAYOUT}`
          : `${shown} cannot be read (${code ?? "error"})`,
    );
  }
  const organisation: AuditedOrganisation = { directory, registries: [], problems: [] };
  const problems = organisation.problems;
  for (const account of accounts) {
    if (!isFolder(directory, account)) {
      problems.push({ file: account.name, message: `is not a folder: the audit reads ${LAYOUT}` });
      continue;
    }
    if (!ACCOUNT_ID_PATTERN.test(account.name)) {
      problems.push({
        file: account.name,
        message: `is not a 12-digit account id: the audit reads ${LAYOUT}`,
      });
      continue;
    }
    const accountFolder = path.join(directory, account.name);
    let regions: fs.Dirent[];
    try {
      regions = entriesOf(accountFolder);
    } catch (error) {
      problems.push({
        file: account.name,
        message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      });
      continue;
    }
    for (const region of regions) {
      const file = `${account.name}/${region.name}`;
      if (!isFolder(accountFolder, region)) {
        problems.push({
          file,
          message: `is not a folder: an account's folder holds one folder per region`,
        });
        continue;
      }
      if (!REGION_PATTERN.test(region.name)) {
        problems.push({ file, message: `is not a region such as 'us-west-2'` });
        continue;
      }
      const folder = path.join(accountFolder, region.name);
      try {
        organisation.registries.push(readRegistry(folder, account.name, region.name, problems));
      } catch (error) {
        problems.push({
          file,
          message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        });
      }
    }
  }
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return organisation;
}

/** How many files were read, and how many registry folders hold no file at all. */
export function readCounts(organisation: AuditedOrganisation): { files: number; empty: number } {
  let files = 0;
  let empty = 0;
  for (const registry of organisation.registries) {
    const states = [
      registry.registryPolicy,
      registry.replication,
      registry.creationTemplates,
      registry.accountSetting,
    ].map((file) => file.state);
    files += states.filter((state) => state === "read").length;
    if (states.every((state) => state === "absent")) {
      empty += 1;
    }
  }
  return { files, empty };
}
