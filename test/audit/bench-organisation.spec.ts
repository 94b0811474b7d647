/**
 * The benchmark's generated organisation (tools/bench/audit-organisation.ts) is what it says: the
 * AWS CLI's output of N accounts in 4 regions, read without a problem, with the routes and broken
 * routes it counts (judged here by the route analysis the audit uses). Semantics only, no timings.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readOrganisation } from "../../tools/audit/layout";
import { organisationPlan, registriesWithoutPolicy } from "../../tools/audit/resources";
import {
  AuditScaleResult,
  renderAuditScale,
  writeOrganisation,
} from "../../tools/bench/audit-organisation";
import { planRoutes } from "../../tools/preview/routes";

describe("bench: the generated organisation for the audit", () => {
  it("writes 50 accounts x 4 regions that the audit reads whole, with the routes it counts", () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "bench-organisation-"));
    const generated = writeOrganisation(directory, 50);
    assert.deepStrictEqual(generated, {
      accounts: 50,
      registries: 200,
      routes: 192,
      brokenRoutes: 20,
    });
    const organisation = readOrganisation(directory);
    assert.deepStrictEqual(organisation.problems, []);
    assert.strictEqual(organisation.registries.length, 200);
    // The build registries receive nothing and have no policy; nor has every 25th workload's.
    assert.strictEqual(registriesWithoutPolicy(organisation).length, 2 * 4 + 1 * 4);
    const { plan } = organisationPlan(organisation);
    const routes = planRoutes(plan, {
      registriesWithoutPolicy: registriesWithoutPolicy(organisation),
    });
    const statuses = routes.map((route) => route.status);
    assert.deepStrictEqual(
      [statuses.length, statuses.filter((status) => status === "broken").length],
      [generated.routes, generated.brokenRoutes],
    );
    assert.strictEqual(statuses.filter((status) => status === "unverified").length, 0);
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("refuses a size that is not a multiple of 25 accounts", () => {
    assert.throws(
      () => writeOrganisation(os.tmpdir(), 30),
      /the organisation has a multiple of 25 accounts, got 30/,
    );
  });

  it("renders the rows and the growth between the smallest and the largest", () => {
    const result = (accounts: number, total: number): AuditScaleResult => ({
      accounts,
      registries: accounts * 4,
      routes: accounts * 4,
      brokenRoutes: 0,
      reported: { registries: accounts * 4, routes: accounts * 4, broken: 0, resources: 9 },
      timingsMs: { read: 1, boot: 2, analyze: total / 2, routes: total / 4, total },
    });
    assert.deepStrictEqual(renderAuditScale([result(50, 1000), result(500, 9000)]).slice(2), [
      "  growth 200 -> 2000 registries (10.0x): total 9.0x, Analyze + AnalyzeStack 9.0x, routes judged 9.0x",
    ]);
  });
});
