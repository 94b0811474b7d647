import * as assert from "assert";
import { describePlacement, locateRegistry } from "../../../components/model/analysis/location";
import {
  decodeProviderProperty,
  findUnknowns,
  revealSecrets,
  UNKNOWN_STRING_VALUE,
} from "../../../components/model/core/property-values";
import { secret } from "../../policypack/run-policy";

describe("locateRegistry", () => {
  it("reads region and account from an explicit provider, naming each source", () => {
    const placement = locateRegistry({
      props: {},
      providerProps: { region: "us-west-2", allowedAccountIds: '["222222222222"]' },
    });
    assert.deepStrictEqual(placement, {
      account: { value: "222222222222", source: "provider allowedAccountIds" },
      region: { value: "us-west-2", source: "provider region" },
      pending: [],
    });
    assert.strictEqual(describePlacement(placement), "222222222222 in us-west-2");
  });

  it("prefers the resource's own v7 region input to the provider's", () => {
    assert.deepStrictEqual(
      locateRegistry({ props: { region: "eu-west-1" }, providerProps: { region: "us-west-2" } }),
      { region: { value: "eu-west-1", source: "region input" }, pending: [] },
    );
  });

  it("prefers the applied registryId output to every provider setting", () => {
    assert.deepStrictEqual(
      locateRegistry({
        props: { registryId: "333333333333" },
        providerProps: { allowedAccountIds: ["222222222222"] },
      }).account,
      { value: "333333333333", source: "registryId output" },
    );
  });

  it("takes no account from allowedAccountIds unless it lists exactly one", () => {
    assert.deepStrictEqual(
      locateRegistry({ props: {}, providerProps: { allowedAccountIds: '["1","2"]' } }),
      { pending: [] },
    );
  });

  it("reads the account of the last assumed role, JSON-encoded or not", () => {
    const chain = [
      { roleArn: "arn:aws:iam::999999999999:role/hop" },
      { roleArn: "arn:aws:iam::222222222222:role/replication-admin" },
    ];
    for (const assumeRoles of [chain, JSON.stringify(chain)]) {
      assert.deepStrictEqual(
        locateRegistry({ props: {}, providerProps: { assumeRoles } }).account,
        {
          value: "222222222222",
          source: "provider assumeRoles",
        },
      );
    }
    assert.deepStrictEqual(
      locateRegistry({
        props: {},
        providerProps: { assumeRole: '{"roleArn":"arn:aws:iam::333333333333:role/x"}' },
      }).account,
      { value: "333333333333", source: "provider assumeRole" },
    );
  });

  it("falls back on the registry policy's Resource ARNs only when they agree", () => {
    assert.deepStrictEqual(
      locateRegistry({
        props: {},
        policyRegistries: [
          { account: "222222222222", region: "us-west-2" },
          { account: "222222222222", region: "us-west-2" },
        ],
      }),
      {
        account: { value: "222222222222", source: "policy Resource ARNs" },
        region: { value: "us-west-2", source: "policy Resource ARNs" },
        pending: [],
      },
    );
    assert.deepStrictEqual(
      locateRegistry({
        props: {},
        policyRegistries: [
          { account: "222222222222", region: "us-west-2" },
          { account: "333333333333", region: "us-west-2" },
        ],
      }).account,
      undefined,
    );
  });

  it("says unknown rather than guessing when a deciding source is unknown at preview", () => {
    const placement = locateRegistry({
      props: { region: UNKNOWN_STRING_VALUE },
      providerProps: { region: "us-west-2", assumeRoles: UNKNOWN_STRING_VALUE },
      policyRegistries: [{ account: "222222222222", region: "us-west-2" }],
    });
    assert.deepStrictEqual(placement, {
      pending: [
        "the region input is unknown until apply",
        "the provider's assumeRoles is unknown until apply",
      ],
    });
    assert.strictEqual(describePlacement(placement), "an unknown account in an unknown region");
  });

  it("reads secret-wrapped provider values", () => {
    assert.deepStrictEqual(
      locateRegistry({ props: {}, providerProps: { region: secret("eu-west-1") } }).region,
      { value: "eu-west-1", source: "provider region" },
    );
  });
});

describe("property values", () => {
  it("reveals nested secrets and lists every unknown path", () => {
    assert.deepStrictEqual(revealSecrets({ a: [secret({ b: secret("x") })] }), { a: [{ b: "x" }] });
    assert.deepStrictEqual(
      findUnknowns({ a: [UNKNOWN_STRING_VALUE, { b: UNKNOWN_STRING_VALUE }] }, "props"),
      ["props.a[0]", "props.a[1].b"],
    );
    assert.deepStrictEqual(findUnknowns({ a: [1] }, "props"), []);
  });

  it("decodes JSON-encoded provider values and leaves other text alone", () => {
    assert.deepStrictEqual(decodeProviderProperty('["1"]'), ["1"]);
    assert.strictEqual(decodeProviderProperty("[oops"), "[oops");
    assert.strictEqual(decodeProviderProperty("us-west-2"), "us-west-2");
  });
});
