/**
 * The AWS regions the AWS SDK for JavaScript v3 knows, from its partition metadata: every region of
 * every partition (`aws`, `aws-cn`, `aws-us-gov`, the ISO and sovereign partitions), generated from
 * the Smithy AWS partitions model and shipped with each SDK release. The data lives in
 * `@aws-sdk/core` (3.981.2 when this was written; `@aws-sdk/util-endpoints` shipped the same
 * `partitions.json` until its code moved there, and now re-exports it): its `partition(region)`
 * (`@aws-sdk/core/client`) answers a listed region with that region's own entry (`description`,
 * such as "US East (N. Virginia)") merged into its partition's outputs, and a region it only
 * matches by the partition's `regionRegex` with the outputs alone. A region missing from the list
 * may be new (AWS launches regions before an SDK release lists them), so it is only worth a
 * warning; a malformed name is `checkRegion`'s (./identifiers) to refuse.
 */
import { partition } from "@aws-sdk/core/client";
import sdkPackage from "@aws-sdk/core/package.json";
import { REGION_PATTERN } from "./limits";
import { describe, Problem } from "./problems";

/** Where the list of regions comes from, for messages: `@aws-sdk/core 3.981.2`. */
export const REGION_LIST_SOURCE = `${sdkPackage.name} ${sdkPackage.version}`;

/** True if the AWS SDK's partition metadata lists `region` (`us-west-2`, `cn-north-1`). */
export function isKnownRegion(region: string): boolean {
  // Only a listed region's own entry carries a description; a name the SDK merely matches by its
  // partition's regionRegex (`us-unkown-1`) gets the partition's outputs alone.
  return typeof (partition(region) as { description?: unknown }).description === "string";
}

/**
 * The DNS suffix of the partition of `region` (the AWS SDK's partition metadata, `dnsSuffix`):
 * `amazonaws.com` for `aws` and `aws-us-gov`, `amazonaws.com.cn` for `aws-cn`. A region the SDK does
 * not list gets the suffix of the partition whose `regionRegex` matches it (`aws` when none does).
 * Endpoints such as a private registry's (`<account>.dkr.ecr.<region>.<dnsSuffix>`) end in it.
 */
export function dnsSuffixOf(region: string): string {
  return partition(region).dnsSuffix;
}

/**
 * The finding for a well-formed region (`REGION_PATTERN`) that the AWS SDK does not list, at
 * `path`; undefined for a listed region and for anything malformed (`checkRegion` refuses that).
 * Advisory by nature: the name may be misspelled, or the region newer than the SDK's list.
 */
export function regionProblem(value: unknown, path: string): Problem | undefined {
  if (typeof value !== "string" || !REGION_PATTERN.test(value) || isKnownRegion(value)) {
    return undefined;
  }
  return {
    path,
    message: `should be a region AWS lists (the AWS SDK's partition metadata, ${REGION_LIST_SOURCE}), got ${describe(value)}: check the name; a region launched after that release is not listed yet`,
  };
}
