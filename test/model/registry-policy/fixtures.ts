/**
 * The registry, accounts and refusal assertion the registry policy builder's specs share (the
 * seed examples' `your_account_id` is the receiving registry, `source_account_id` a source).
 */
import * as assert from "assert";
import { ValidationError } from "../../../components/model/core/problems";

/** The seed examples' `your_account_id` (the receiving registry) and `source_account_id`. */
export const REGISTRY = { accountId: "222222222222", region: "us-west-2" };
export const SOURCE = "111111111111";
export const OTHER_SOURCE = "333333333333";
export const ALL = "arn:aws:ecr:us-west-2:222222222222:repository/*";

/** Asserts that `build` throws a ValidationError whose message is exactly `lines` after the context. */
export function assertRefused(build: () => unknown, lines: string[]): void {
  assert.throws(build, (error: unknown) => {
    assert.ok(error instanceof ValidationError, String(error));
    assert.strictEqual(error.message, ["invalid registry policy:", ...lines].join("\n"));
    return true;
  });
}
