/** "Lies within the allowed prefixes", the one judgement of both prefix policies. */
import * as assert from "assert";
import { outsideAllowedPrefixes } from "../../../components/model/analysis/allowed-prefixes";
import { NameSet, REPOSITORY_NAMES, repositoriesStartingWith } from "../../../components/model/iam";

describe("outsideAllowedPrefixes", () => {
  it("finds nothing outside when every name starts with an allowed prefix", () => {
    assert.strictEqual(
      outsideAllowedPrefixes(repositoriesStartingWith("prod-api"), ["prod-"]),
      undefined,
    );
    assert.strictEqual(
      outsideAllowedPrefixes(repositoriesStartingWith("shared/x"), ["prod-", "shared/"]),
      undefined,
    );
  });

  it("names a shortest name outside: a plain prefix, so 'prod' is not within 'prod-'", () => {
    assert.strictEqual(outsideAllowedPrefixes(repositoriesStartingWith("prod"), ["prod-"]), "prod");
    // For a filter, a name other than the filter itself shows what else it replicates.
    assert.strictEqual(
      outsideAllowedPrefixes(repositoriesStartingWith("prod"), ["prod-"], "prod"),
      "proda",
    );
    assert.strictEqual(
      outsideAllowedPrefixes(repositoriesStartingWith("prod"), ["prod-", "proda"], "prod"),
      "prodb",
    );
    assert.strictEqual(
      outsideAllowedPrefixes(repositoriesStartingWith("prod"), ["prod-", "prod"]),
      undefined,
    );
  });

  it("judges any set of names, such as a grant", () => {
    const granted = NameSet.prefix("prod-")
      .union(NameSet.prefix("test-"))
      .intersection(REPOSITORY_NAMES);
    assert.strictEqual(outsideAllowedPrefixes(granted, ["prod-"]), "test-a");
    assert.strictEqual(outsideAllowedPrefixes(granted, ["prod-", "test-"]), undefined);
    // No allowed prefix: every name is outside.
    assert.strictEqual(outsideAllowedPrefixes(granted, []), "prod-a");
  });
});
