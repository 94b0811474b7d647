/**
 * The example stack in Pulumi YAML (examples/yaml/Pulumi.yaml). No YAML runtime here, so what can
 * be checked without one: it names the component package, its resources and their properties are
 * what the package's schema has (types, names, required ones, enum values), its outputs are the
 * component's outputs, and its component built through the package (its properties as the YAML
 * runtime would send them) registers what the TypeScript example (index.ts with its dev stack
 * config) registers, with the same outputs.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { readProject, readStackConfig } from "../../tools/preview/project";
import { PLUGIN_DIR } from "../../tools/component-package/process";
import { MockCloud, RegisteredResource } from "../components/mock-cloud";
import {
  CONSTRUCT_OPTIONS,
  constructInputs,
  packageProvider,
  packageSchema,
  PackageSchema,
  SchemaProperty,
} from "./served";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLE = path.join(ROOT, "examples", "yaml");

/** `@pulumi/pulumi` `runtime/settings` `waitForRPCs` (internal: not in the typings). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { waitForRPCs } = require("@pulumi/pulumi/runtime/settings") as {
  waitForRPCs(): Promise<void>;
};

interface YamlProgram {
  name: string;
  runtime: string;
  packages: Record<string, string>;
  resources: Record<string, { type: string; properties: Record<string, unknown> }>;
  outputs: Record<string, string>;
}

/** Where `value` does not fit `property` of the schema, at `at` (every such place). */
function misfits(
  schema: PackageSchema,
  value: unknown,
  property: SchemaProperty,
  at: string,
): string[] {
  if (property.$ref === "pulumi.json#/Any") {
    return [];
  }
  if (property.$ref !== undefined) {
    const type = schema.types[property.$ref.replace("#/types/", "")];
    if (type === undefined) {
      return [`${at}: the schema has no type ${property.$ref}`];
    }
    if (type.enum !== undefined) {
      return type.enum.some((member) => member.value === value)
        ? []
        : [`${at}: ${JSON.stringify(value)} is not one of the enum ${property.$ref}`];
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      return [`${at}: must be an object`];
    }
    const fields = type.properties ?? {};
    return [
      ...(type.required ?? [])
        .filter((name) => !(name in value))
        .map((name) => `${at}.${name}: required`),
      ...Object.entries(value).flatMap(([name, field]) =>
        fields[name] === undefined
          ? [`${at}.${name}: not a property of ${property.$ref}`]
          : misfits(schema, field, fields[name], `${at}.${name}`),
      ),
    ];
  }
  switch (property.type) {
    case "array":
      return Array.isArray(value)
        ? value.flatMap((item, index) =>
            misfits(schema, item, property.items as SchemaProperty, `${at}[${index}]`),
          )
        : [`${at}: must be a list`];
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? Object.entries(value).flatMap(([key, item]) =>
            misfits(schema, item, property.additionalProperties as SchemaProperty, `${at}.${key}`),
          )
        : [`${at}: must be a map`];
    default:
      return typeof value === property.type ? [] : [`${at}: must be a ${property.type}`];
  }
}

describe("the example stack in Pulumi YAML (examples/yaml)", () => {
  let program: YamlProgram;
  let schema: PackageSchema;
  before(async () => {
    program = yaml.load(fs.readFileSync(path.join(EXAMPLE, "Pulumi.yaml"), "utf8")) as YamlProgram;
    schema = await packageSchema();
  });

  it("is a YAML program that names the component package by its folder", () => {
    assert.strictEqual(program.runtime, "yaml");
    assert.deepStrictEqual(Object.keys(program.packages), [schema.name]);
    assert.strictEqual(path.resolve(EXAMPLE, program.packages[schema.name]), PLUGIN_DIR);
  });

  it("declares its resources with the schema's types, properties and required inputs", () => {
    for (const [name, resource] of Object.entries(program.resources)) {
      const component = schema.resources[resource.type];
      assert.ok(component !== undefined, `${name}: the schema has no ${resource.type}`);
      const problems = [
        ...component.requiredInputs
          .filter((input) => !(input in resource.properties))
          .map((input) => `${name}.${input}: required`),
        ...Object.entries(resource.properties).flatMap(([input, value]) =>
          component.inputProperties[input] === undefined
            ? [`${name}.${input}: not an input of ${resource.type}`]
            : misfits(schema, value, component.inputProperties[input], `${name}.${input}`),
        ),
      ];
      assert.deepStrictEqual(problems, []);
    }
  });

  it("exports outputs the component has", () => {
    for (const [output, expression] of Object.entries(program.outputs)) {
      const match = /^\$\{([^.}]+)\.([^}]+)\}$/.exec(expression);
      assert.ok(match, `${output}: ${expression} is not \${resource.output}`);
      const resource = program.resources[match[1]];
      assert.ok(resource, `${output}: no resource ${match[1]}`);
      assert.ok(
        match[2] in schema.resources[resource.type].properties,
        `${output}: ${resource.type} has no output ${match[2]}`,
      );
    }
  });

  describe("built through the package, against the TypeScript example", () => {
    const cloud = new MockCloud();
    const project = readProject(ROOT);
    let typescript: { resources: RegisteredResource[]; outputs: Record<string, unknown> };
    let viaPackage: { resources: RegisteredResource[]; outputs: Record<string, unknown> };

    /** Every registration once settled, ordered by type and name. */
    async function registrations(): Promise<RegisteredResource[]> {
      await waitForRPCs();
      for (const { type, name } of [...cloud.resources]) {
        await cloud.registered(type, name);
      }
      return cloud.resources
        .map(({ type, name }) => cloud.resource(type, name))
        .sort((a, b) => `${a.type} ${a.name}`.localeCompare(`${b.type} ${b.name}`));
    }

    /** The example's exports, serialized as the engine gets stack outputs. */
    async function serialized(outputs: Record<string, unknown>): Promise<Record<string, unknown>> {
      const [wire] = await pulumi.runtime.serializeResourceProperties("outputs", outputs);
      return wire;
    }

    before(async () => {
      await cloud.install(project.name, "dev");
      pulumi.runtime.setAllConfig(readStackConfig(project, "dev"));
      // The example program, run afresh (another spec may have run it in this process).
      delete require.cache[require.resolve(project.main)];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = require(project.main) as Record<string, unknown>;
      typescript = {
        outputs: await serialized(
          Object.fromEntries(Object.keys(program.outputs).map((key) => [key, exported[key]])),
        ),
        resources: await registrations(),
      };

      cloud.reset();
      const [name, resource] = Object.entries(program.resources)[0];
      const result = await packageProvider().construct(
        name,
        resource.type,
        await constructInputs(resource.properties),
        CONSTRUCT_OPTIONS,
      );
      const state = result.state as Record<string, unknown>;
      viaPackage = {
        outputs: await serialized(
          Object.fromEntries(
            Object.entries(program.outputs).map(([key, expression]) => [
              key,
              state[expression.slice(2, -1).split(".")[1]],
            ]),
          ),
        ),
        resources: await registrations(),
      };
    });
    after(() => {
      cloud.uninstall();
      // So that a spec after this one runs the example afresh, for its own mocks.
      delete require.cache[require.resolve(project.main)];
    });

    it("registers the same resources with the same inputs", () => {
      assert.ok(typescript.resources.length > 20, "the TypeScript example registered too little");
      assert.deepStrictEqual(viaPackage.resources, typescript.resources);
    });

    it("has the same outputs", () => {
      assert.deepStrictEqual(Object.keys(viaPackage.outputs), [
        "routes",
        "registryPolicies",
        "rules",
      ]);
      assert.deepStrictEqual(viaPackage.outputs, typescript.outputs);
    });
  });
});
