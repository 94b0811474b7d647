/**
 * AWS principals as a registry policy names them: `*`, a bare account id, or an IAM ARN of an
 * account root, a user or a role (IAM `reference_policies_elements_principal`).
 */
import { PARTITIONS } from "./arn";
import { ACCOUNT_ID_PATTERN, Partition } from "../core";

/** A well-formed AWS principal. */
export interface AwsPrincipal {
  /** As written. */
  text: string;
  /** `everyone` for `*`; `account` for a bare id or a `:root` ARN (every principal of it). */
  kind: "everyone" | "account" | "user" | "role";
  /** The partition of an ARN; undefined for `*` and a bare account id. */
  partition?: Partition;
  /** The account; undefined for `*`. */
  accountId?: string;
}

/**
 * IAM user and role names, optionally after a path (IAM API `CreateRole`/`CreateUser`: name
 * `[\w+=,.@-]+`, path `/` or `/[\u0021-\u007E]+/`).
 */
const USER_OR_ROLE = /^(user|role)\/(?:[\u0021-\u007E]*\/)?[\w+=,.@-]+$/;

/** Reads an AWS principal; undefined if it is none of the accepted forms (wildcards included). */
export function parseAwsPrincipal(text: string): AwsPrincipal | undefined {
  if (text === "*") {
    return { text, kind: "everyone" };
  }
  if (ACCOUNT_ID_PATTERN.test(text)) {
    return { text, kind: "account", accountId: text };
  }
  const parts = text.split(":");
  if (parts.length !== 6) {
    return undefined;
  }
  const [arn, partition, service, region, accountId, resource] = parts;
  if (
    arn !== "arn" ||
    !PARTITIONS.includes(partition as Partition) ||
    service !== "iam" ||
    region !== "" ||
    !ACCOUNT_ID_PATTERN.test(accountId)
  ) {
    return undefined;
  }
  const base = { text, partition: partition as Partition, accountId };
  if (resource === "root") {
    return { ...base, kind: "account" };
  }
  const match = USER_OR_ROLE.exec(resource);
  if (match === null) {
    return undefined;
  }
  return { ...base, kind: match[1] as "user" | "role" };
}

/** The form principals must have, for messages. */
export const AWS_PRINCIPAL_FORMS =
  'a 12-digit account id, arn:<partition>:iam::<account>:root, arn:<partition>:iam::<account>:user/<name>, arn:<partition>:iam::<account>:role/<name>, or "*"';
