/**
 * The component package's schema, as the provider host infers it from the TypeScript (in this
 * process: `ComponentProvider.getSchema`, what `GetSchema` answers): the four components under
 * today's type tokens, each input (required ones marked) and output, and a description on every
 * property, read from the JSDoc.
 */
import * as assert from "assert";
import { TYPE_PREFIX } from "../../components/tokens";
import {
  packageSchema,
  PackageSchema,
  pluginPackage,
  providerNameOf,
  SchemaProperty,
  servedComponents,
} from "./served";

const TOKEN = (name: string): string => `ecr-replication:index:${name}`;

/** Inputs (required first, then optional) and outputs of each component, as the schema must list them. */
const EXPECTED: Record<string, { required: string[]; optional: string[]; outputs: string[] }> = {
  RegistryReplicationPolicy: {
    required: ["registry", "sources"],
    optional: ["extraStatements", "pullGrants", "scope"],
    outputs: ["policyJson", "registryPolicy"],
  },
  RegistryReplication: {
    required: ["routes", "source"],
    optional: [],
    outputs: ["ecrReplicationRoutes", "replicationConfiguration", "routes", "rules"],
  },
  CrossAccountReplication: {
    required: ["routes", "source"],
    optional: ["assumeRoleName", "extraStatements", "providerSettings", "pullGrants"],
    outputs: ["destinations", "ecrReplicationRoutes", "registryPolicies", "routes", "rules"],
  },
  RepositoryCreationTemplates: {
    required: ["registry", "routes"],
    optional: [],
    outputs: ["planned", "templates"],
  },
};

/** Every property of the schema with where it is: resources' inputs and outputs, types' fields. */
function everyProperty(schema: PackageSchema): [string, SchemaProperty][] {
  const all: [string, SchemaProperty][] = [];
  for (const [token, resource] of Object.entries(schema.resources)) {
    for (const [name, property] of Object.entries(resource.inputProperties)) {
      all.push([`${token} input ${name}`, property]);
    }
    for (const [name, property] of Object.entries(resource.properties)) {
      all.push([`${token} output ${name}`, property]);
    }
  }
  for (const [token, type] of Object.entries(schema.types)) {
    for (const [name, property] of Object.entries(type.properties ?? {})) {
      all.push([`${token}.${name}`, property]);
    }
  }
  return all;
}

describe("component package schema", () => {
  let schema: PackageSchema;
  before(async () => {
    schema = await packageSchema();
  });

  it("is the package ecr-replication, whose tokens are the components' type tokens", () => {
    assert.strictEqual(pluginPackage().name, "ecr-replication");
    assert.strictEqual(schema.name, "ecr-replication");
    assert.strictEqual(schema.namespace, undefined);
    assert.strictEqual(`${providerNameOf(pluginPackage().name)}:index:`, TYPE_PREFIX);
    const classes = servedComponents().map((component) => component.name);
    assert.deepStrictEqual([...classes].sort(), Object.keys(EXPECTED).sort());
    assert.deepStrictEqual(
      Object.keys(schema.resources).sort(),
      classes.map((name) => `${TYPE_PREFIX}${name}`).sort(),
    );
    for (const resource of Object.values(schema.resources)) {
      assert.strictEqual(resource.isComponent, true);
    }
  });

  for (const [name, expected] of Object.entries(EXPECTED)) {
    it(`lists ${name}'s inputs, the required ones marked, and its outputs`, () => {
      const resource = schema.resources[TOKEN(name)];
      assert.deepStrictEqual(
        Object.keys(resource.inputProperties).sort(),
        [...expected.required, ...expected.optional].sort(),
      );
      assert.deepStrictEqual(resource.requiredInputs, expected.required);
      assert.deepStrictEqual(Object.keys(resource.properties).sort(), expected.outputs);
      assert.deepStrictEqual(resource.required, expected.outputs);
      assert.ok((resource.description ?? "").length > 0, `${name} has no description`);
    });
  }

  it("serves no TypeScript-only argument or output (provider objects, functions, child components)", () => {
    const cross = schema.resources[TOKEN("CrossAccountReplication")];
    for (const name of ["providers", "providerFactory"]) {
      assert.ok(!(name in cross.inputProperties), name);
    }
    for (const name of ["providers", "policies", "creationTemplates", "replication"]) {
      assert.ok(!(name in cross.properties), name);
    }
  });

  it("has a description from the JSDoc on every input, output and field, none garbled", () => {
    const missing = everyProperty(schema)
      .filter(([, property]) => !property.description)
      .map(([where]) => where);
    assert.deepStrictEqual(missing, []);
    // A JSDoc with an inline tag ({@link ...}) reaches the schema as "[object Object]".
    const garbled = everyProperty(schema)
      .filter(([, property]) => property.description?.includes("[object Object]"))
      .map(([where]) => where);
    assert.deepStrictEqual(garbled, []);
    const descriptions = Object.values(schema.resources).map((resource) => resource.description);
    assert.ok(descriptions.every((text) => text !== undefined && !text.includes("[object")));
    assert.strictEqual(
      schema.resources[TOKEN("RegistryReplicationPolicy")].inputProperties.scope.description,
      "The registry's policy scope (account setting `REGISTRY_POLICY_SCOPE`), `V1` or `V2`; under\n" +
        "`V1` extra statements may use only the three replication and pull-through-cache actions.\n" +
        "Default `V2`.",
    );
  });

  it("names its types without the suffix Args, which other languages add to input types", () => {
    // Python's SDK calls the input type `Registry` `RegistryArgs`: `RegistryLocationArgs` would
    // have become `RegistryLocationArgsArgs`. The TypeScript names are kept as aliases.
    const suffixed = Object.keys(schema.types).filter((token) => token.endsWith("Args"));
    assert.deepStrictEqual(suffixed, []);
    assert.deepStrictEqual(
      schema.resources[TOKEN("RegistryReplicationPolicy")].inputProperties.registry.$ref,
      "#/types/ecr-replication:index:Registry",
    );
  });

  it("has the registry policy scope as an enum and free-form statements as Any", () => {
    const policy = schema.resources[TOKEN("RegistryReplicationPolicy")];
    assert.deepStrictEqual(
      policy.inputProperties.scope.$ref,
      "#/types/ecr-replication:index:RegistryPolicyScope",
    );
    const scope = schema.types[TOKEN("RegistryPolicyScope")];
    assert.strictEqual(scope.type, "string");
    assert.deepStrictEqual(
      scope.enum?.map(({ name, value }) => [name, value]),
      [
        ["V1", "V1"],
        ["V2", "V2"],
      ],
    );
    assert.deepStrictEqual(policy.inputProperties.extraStatements.items, {
      $ref: "pulumi.json#/Any",
    });
    const cross = schema.resources[TOKEN("CrossAccountReplication")];
    // Keyed '<accountId>/<region>': a map of lists of statements, and of lists of pull grants.
    assert.deepStrictEqual(cross.inputProperties.extraStatements.additionalProperties, {
      type: "array",
      items: { $ref: "pulumi.json#/Any" },
    });
    assert.deepStrictEqual(cross.inputProperties.pullGrants.additionalProperties, {
      type: "array",
      items: { $ref: "#/types/ecr-replication:index:RegistryPullGrant" },
    });
    // The replication rules' filter type is a string (always PREFIX_MATCH).
    const filter = schema.types[TOKEN("RepositoryFilter")].properties ?? {};
    assert.strictEqual(filter.filterType.type, "string");
  });

  it("refers to the @pulumi/aws resources it outputs, and depends on that package only", () => {
    assert.deepStrictEqual(schema.dependencies, [{ name: "aws", version: "7.48.0" }]);
    assert.strictEqual(
      schema.resources[TOKEN("RegistryReplicationPolicy")].properties.registryPolicy.$ref,
      "/aws/v7.48.0/schema.json#/resources/aws:ecr%2FregistryPolicy:RegistryPolicy",
    );
    assert.strictEqual(
      schema.resources[TOKEN("RepositoryCreationTemplates")].properties.templates
        .additionalProperties?.$ref,
      "/aws/v7.48.0/schema.json#/resources/aws:ecr%2FrepositoryCreationTemplate:RepositoryCreationTemplate",
    );
  });
});
