/**
 * Answers to the provider functions (invokes) a program may call during the offline preview. Only
 * the three that describe where a provider acts are answered, from the stack config and the
 * provider's own inputs; any other invoke is refused with an error naming its token.
 *
 * Where the account comes from (first that applies):
 * 1. the invoking provider's inputs: a single `allowedAccountIds` entry or the role it assumes
 *    (the same reading the policy pack uses: `components/model/analysis/location.ts`);
 * 2. the default provider's config (`aws:allowedAccountIds` with one entry, `aws:assumeRoles`, ...);
 * 3. the first entry of `aws:allowedAccountIds`;
 * 4. the stack config key `preview:accountId`, which exists for this tool only.
 * The region: the invoke's own `region` argument, the provider's `region` input, `aws:region`, then
 * the `AWS_REGION` / `AWS_DEFAULT_REGION` environment variables (as @pulumi/aws's provider does).
 */
import { decodeProviderProperty, dnsSuffixOf, partitionOf } from "../../components/model/core";
import { locateRegistry } from "../../components/model/analysis";

/** The invokes the preview answers. */
export const CALLER_IDENTITY_TOKEN = "aws:index/getCallerIdentity:getCallerIdentity";
export const PARTITION_TOKEN = "aws:index/getPartition:getPartition";
export const REGION_TOKEN = "aws:index/getRegion:getRegion";
/** The stack config key that names the account when nothing else does. */
export const PREVIEW_ACCOUNT_KEY = "preview:accountId";

/**
 * The reverse DNS prefix of a partition's services: its DNS suffix read backwards
 * (`amazonaws.com.cn` -> `cn.com.amazonaws`), as `getPartition` answers it.
 */
function reverseDnsPrefixOf(dnsSuffix: string): string {
  return dnsSuffix.split(".").reverse().join(".");
}

/** What an invoke is answered from. */
export interface InvokeContext {
  /** The stack config (`<namespace>:<key>` -> text). */
  config: Record<string, string>;
  /** The inputs of the explicit provider the invoke names; undefined for the default provider. */
  providerInputs?: Record<string, unknown>;
  /** Environment variables (for `AWS_REGION`); default none. */
  env?: Record<string, string | undefined>;
}

/** Raised for an invoke the preview cannot answer; the message names the token and the fix. */
export class InvokeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvokeError";
  }
}

/** The provider inputs the default `aws` provider gets from the stack config (`aws:<key>`). */
export function defaultProviderInputs(
  config: Record<string, string>,
  pkg = "aws",
): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (key.startsWith(`${pkg}:`)) {
      inputs[key.slice(pkg.length + 1)] = value;
    }
  }
  return inputs;
}

function regionOf(args: Record<string, unknown>, context: InvokeContext): string | undefined {
  for (const candidate of [
    args.region,
    args.name,
    context.providerInputs?.region,
    context.config["aws:region"],
    context.env?.AWS_REGION,
    context.env?.AWS_DEFAULT_REGION,
  ]) {
    if (typeof candidate === "string" && candidate !== "") {
      return candidate;
    }
  }
  return undefined;
}

function accountOf(context: InvokeContext): string | undefined {
  const explicit = context.providerInputs
    ? locateRegistry({ props: {}, providerProps: context.providerInputs }).account
    : undefined;
  if (explicit !== undefined) {
    return explicit.value;
  }
  const defaults = locateRegistry({
    props: {},
    providerProps: defaultProviderInputs(context.config),
  }).account;
  if (defaults !== undefined) {
    return defaults.value;
  }
  const allowed = decodeProviderProperty(context.config["aws:allowedAccountIds"]);
  if (Array.isArray(allowed) && typeof allowed[0] === "string") {
    return allowed[0];
  }
  return context.config[PREVIEW_ACCOUNT_KEY];
}

function requireRegion(token: string, args: Record<string, unknown>, context: InvokeContext) {
  const region = regionOf(args, context);
  if (region === undefined) {
    throw new InvokeError(
      `the offline preview cannot answer ${token}: no region is known; set aws:region in the stack config or region on the provider`,
    );
  }
  return region;
}

/** The result of one invoke, or an {@link InvokeError}. */
export function answerInvoke(
  token: string,
  args: Record<string, unknown>,
  context: InvokeContext,
): Record<string, unknown> {
  switch (token) {
    case CALLER_IDENTITY_TOKEN: {
      const accountId = accountOf(context);
      if (accountId === undefined) {
        throw new InvokeError(
          `the offline preview cannot answer ${token}: no account is known; set aws:allowedAccountIds ` +
            `(or ${PREVIEW_ACCOUNT_KEY}) in the stack config, or allowedAccountIds / assumeRoles on the provider`,
        );
      }
      const region = regionOf(args, context);
      const partition = region === undefined ? "aws" : partitionOf(region);
      return {
        accountId,
        arn: `arn:${partition}:iam::${accountId}:root`,
        id: accountId,
        userId: accountId,
      };
    }
    case PARTITION_TOKEN: {
      const region = requireRegion(token, args, context);
      const partition = partitionOf(region);
      const dnsSuffix = dnsSuffixOf(region);
      return {
        id: partition,
        partition,
        dnsSuffix,
        reverseDnsPrefix: reverseDnsPrefixOf(dnsSuffix),
      };
    }
    case REGION_TOKEN: {
      const region = requireRegion(token, args, context);
      const dnsSuffix = dnsSuffixOf(region);
      return {
        id: region,
        name: region,
        region,
        endpoint: `ec2.${region}.${dnsSuffix}`,
        description: region,
      };
    }
    default:
      throw new InvokeError(
        `the offline preview cannot answer the invoke ${token}: it answers only ${CALLER_IDENTITY_TOKEN}, ` +
          `${PARTITION_TOKEN} and ${REGION_TOKEN}`,
      );
  }
}
