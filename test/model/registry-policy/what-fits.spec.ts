/**
 * What part of grants over ECR's size limit fits (components/model/registry-policy/what-fits.ts), as
 * buildRegistryPolicy's refusal says it.
 */
import * as assert from "assert";
import { MAX_REGISTRY_POLICY_CHARS } from "../../../components/model/core/limits";
import { buildRegistryPolicy } from "../../../components/model/registry-policy/builder";
import { assertRefused, REGISTRY, SOURCE } from "./fixtures";

describe("buildRegistryPolicy", () => {
  describe("saying what fits", () => {
    it("refuses a policy over ECR's size limit, saying the length and the limit", () => {
      const prefixes = Array.from({ length: 200 }, (_, i) => `team-${String(i).padStart(3, "0")}/`);
      const length = JSON.stringify(
        buildRegistryPolicy(REGISTRY, [
          { accountId: SOURCE, repositoryPrefixes: prefixes.slice(0, 100) },
        ]).document,
      ).length;
      assert.ok(length <= MAX_REGISTRY_POLICY_CHARS, `${length}`);
      assertRefused(
        () => buildRegistryPolicy(REGISTRY, [{ accountId: SOURCE, repositoryPrefixes: prefixes }]),
        [
          "sources: make a registry policy of 12016 characters, 1776 over ECR's limit of 10240 (PutRegistryPolicy), even packed: the first 169 of the 200 prefixes of account 111111111111 (in order, up to 'team-168/') fit; use fewer, shorter prefixes or grant several accounts the same prefixes so they share statements",
        ],
      );
    });
  });
});
