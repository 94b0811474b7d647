import * as assert from "assert";
import { registrySingleton } from "../../policypack/policies/registry-singleton";
import {
  DEST_WEST,
  exampleStack,
  provider,
  registryPolicy,
  replicationConfiguration,
} from "./fixtures";
import { mandatory, runStackPolicy, UNKNOWN } from "./run-policy";

describe("ecr-registry-singleton", () => {
  it("passes one registry policy per destination registry and one replication configuration", async () => {
    assert.deepStrictEqual(await runStackPolicy(registrySingleton, exampleStack()), []);
  });

  it("reports a second registry policy for the same account and region", async () => {
    const second = registryPolicy(DEST_WEST, "us-west-2");
    second.urn = "urn:pulumi:dev::ecr::aws:ecr/registryPolicy:RegistryPolicy::extra";
    second.provider = { ...provider(DEST_WEST, "us-east-1"), urn: "urn:other-provider" };
    second.props.region = "us-west-2";
    const first =
      "urn:pulumi:dev::ecr::aws:ecr/registryPolicy:RegistryPolicy::policy-222222222222-us-west-2";
    assert.deepStrictEqual(await runStackPolicy(registrySingleton, [...exampleStack(), second]), [
      {
        ...mandatory(
          `2 aws.ecr.RegistryPolicy resources write the one registry policy of registry 222222222222 in us-west-2 (${first}, ${second.urn}): a registry has one per region, so each overwrites the other and deleting one wipes it; keep exactly one`,
        )[0],
        urn: second.urn,
      },
    ]);
  });

  it("groups by shared provider when the account is unknown at preview", async () => {
    const shared = {
      urn: "urn:shared-provider",
      props: { region: "us-east-1", assumeRoles: UNKNOWN },
    };
    const one = { ...replicationConfiguration(), provider: shared };
    const two = { ...replicationConfiguration(), urn: "urn:two", provider: shared };
    assert.deepStrictEqual(await runStackPolicy(registrySingleton, [one, two]), [
      {
        ...mandatory(
          `2 aws.ecr.ReplicationConfiguration resources write the one replication configuration of registry an unknown account in us-east-1 (${one.urn}, urn:two): a registry has one per region, so each overwrites the other and deleting one wipes it; keep exactly one`,
        )[0],
        urn: "urn:two",
      },
    ]);
  });

  it("does not group resources whose registries differ by region input", async () => {
    const other = replicationConfiguration();
    other.urn = "urn:other";
    other.props.region = "us-west-2";
    assert.deepStrictEqual(
      await runStackPolicy(registrySingleton, [replicationConfiguration(), other]),
      [],
    );
  });
});
