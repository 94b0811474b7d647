/**
 * The adoption as a Pulumi TypeScript program: per registry, a provider for its account and region
 * and the components that reproduce what is deployed there (`RegistryReplicationPolicy` from the
 * adopted sources and extra statements, `RegistryReplication` from the adopted routes), with the
 * adoption's own account of what it changed, did not reproduce, or leaves as deployed in the
 * program's header. The inputs written are exactly the ones ./adopt.ts built and checked.
 */
import { isPlainObject, partitionOf } from "../../components/model/core";
import { Adoption, AdoptedRegistry } from "./adopt";

/** The package the components are imported from (this repository's package name). */
export const COMPONENTS_PACKAGE = "@ecr-replication/pulumi";

/** The width a value is written on one line within, like the project's Prettier settings. */
const LINE_WIDTH = 100;
const INDENT = "  ";

/** An object key as TypeScript writes it: bare when it is an identifier. */
function key(name: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name) ? name : JSON.stringify(name);
}

/** A JSON value on one line, as a TypeScript literal. */
function inline(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(inline).join(", ")}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return entries.length === 0
      ? "{}"
      : `{ ${entries.map(([name, item]) => `${key(name)}: ${inline(item)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}

/**
 * A JSON value as a TypeScript literal at `depth`, on one line when it fits after `lead` (what
 * precedes it on its line), else one element or property per line.
 */
function literal(value: unknown, depth: number, lead = ""): string {
  const flat = inline(value);
  if (INDENT.length * depth + lead.length + flat.length <= LINE_WIDTH - 1) {
    return flat;
  }
  const inner = INDENT.repeat(depth + 1);
  if (Array.isArray(value)) {
    return `[\n${value.map((item) => `${inner}${literal(item, depth + 1)},\n`).join("")}${INDENT.repeat(depth)}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined);
    return `{\n${entries
      .map(([name, item]) => {
        const head = `${key(name)}: `;
        return `${inner}${head}${literal(item, depth + 1, head)},\n`;
      })
      .join("")}${INDENT.repeat(depth)}}`;
  }
  return flat;
}

/** A comment line's text, safe inside a block comment and on one line. */
function commentText(text: string): string {
  return text.replace(/\*\//g, "*\\/").replace(/\s*\n\s*/g, " ");
}

/** `provider111111111111UsEast1`. */
function providerVariable({ accountId, region }: { accountId: string; region: string }): string {
  const words = region.split("-").map((word) => word[0].toUpperCase() + word.slice(1));
  return `provider${accountId}${words.join("")}`;
}

/** `Statement[0]`, `Statement[0] and Statement[1]`, ... */
function statementList(indices: readonly number[]): string {
  const names = indices.map((index) => `Statement[${index}]`);
  return names.length <= 1
    ? names.join("")
    : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The declarations of one registry. */
function registryDeclarations(adopted: AdoptedRegistry): string[] {
  const { registry } = adopted;
  const name = `${registry.accountId}-${registry.region}`;
  const provider = providerVariable(registry);
  const registryLiteral = inline(registry);
  const lines = [
    `// ${registry.accountId}/${registry.region}`,
    `const ${provider} = registryProvider(${JSON.stringify(registry.accountId)}, ${JSON.stringify(registry.region)}, ${JSON.stringify(partitionOf(registry.region))});`,
  ];
  const policy = adopted.registryPolicy;
  if (policy !== undefined) {
    lines.push(`new RegistryReplicationPolicy(`, `${INDENT}${JSON.stringify(name)},`, `${INDENT}{`);
    lines.push(`${INDENT.repeat(2)}registry: ${registryLiteral},`);
    if (policy.asSources.length > 0) {
      lines.push(`${INDENT.repeat(2)}// ${statementList(policy.asSources)} of ${policy.file}`);
    }
    lines.push(`${INDENT.repeat(2)}sources: ${literal(policy.sources, 2, "sources: ")},`);
    if (policy.extraStatements.length > 0) {
      lines.push(`${INDENT.repeat(2)}extraStatements: [`);
      for (const extra of policy.extraStatements) {
        lines.push(
          `${INDENT.repeat(3)}// Statement[${extra.index}] of ${policy.file}, as deployed`,
          `${INDENT.repeat(3)}${literal(extra.statement, 3)},`,
        );
      }
      lines.push(`${INDENT.repeat(2)}],`);
    }
    if (adopted.scope !== undefined) {
      lines.push(`${INDENT.repeat(2)}scope: ${JSON.stringify(adopted.scope)},`);
    }
    lines.push(`${INDENT}},`, `${INDENT}{ provider: ${provider} },`, `);`);
  }
  const replication = adopted.replication;
  if (replication !== undefined) {
    lines.push(
      `new RegistryReplication(`,
      `${INDENT}${JSON.stringify(name)},`,
      `${INDENT}{`,
      `${INDENT.repeat(2)}source: ${registryLiteral},`,
      `${INDENT.repeat(2)}// the rules of ${replication.file}`,
      `${INDENT.repeat(2)}routes: ${literal(replication.routes, 2, "routes: ")},`,
      `${INDENT}},`,
      `${INDENT}{ provider: ${provider} },`,
      `);`,
    );
  }
  return lines;
}

/** A header section listing `lines`, if any. */
function headerSection(title: string, lines: readonly string[]): string[] {
  return lines.length === 0
    ? []
    : [` *`, ` * ${title}`, ...lines.map((l) => ` * - ${commentText(l)}`)];
}

/** The program (see the module comment). */
export function emitTypeScript(adoption: Adoption): string {
  const header = [
    `/**`,
    ` * Adopted by \`npm run audit -- --emit typescript\`: the components that reproduce the registry`,
    ` * policies and replication configurations read, checked to grant and replicate exactly what`,
    ` * the deployed documents do, but for what is listed below as not reproduced.`,
    ` *`,
    ` * On the first \`pulumi up\` each component's resource is created, which replaces the registry's`,
    ` * one policy or replication configuration in place by the document it builds. From then on`,
    ` * this program is their only writer: destroying it deletes them.`,
    ...headerSection("Reproduced with a change that keeps what is granted:", adoption.changes),
    ...headerSection("Not reproduced exactly:", adoption.notReproduced),
    ...headerSection("Left as deployed (no component here manages it):", adoption.leftAsDeployed),
    ` */`,
  ];
  const imports = [
    `import * as aws from "@pulumi/aws";`,
    `import * as pulumi from "@pulumi/pulumi";`,
    `import { RegistryReplication, RegistryReplicationPolicy } from "${COMPONENTS_PACKAGE}";`,
  ];
  const helpers = [
    `const config = new pulumi.Config();`,
    `/** Optional: the name of a role every provider assumes in its registry's account. */`,
    `const assumeRoleName = config.get("assumeRoleName");`,
    ``,
    `/** A provider that writes to one registry's account and region, and nowhere else. */`,
    `function registryProvider(accountId: string, region: string, partition: string): aws.Provider {`,
    `${INDENT}return new aws.Provider(\`\${accountId}-\${region}\`, {`,
    `${INDENT.repeat(2)}region,`,
    `${INDENT.repeat(2)}allowedAccountIds: [accountId],`,
    `${INDENT.repeat(2)}assumeRoles:`,
    `${INDENT.repeat(3)}assumeRoleName === undefined`,
    `${INDENT.repeat(4)}? undefined`,
    `${INDENT.repeat(4)}: [{ roleArn: \`arn:\${partition}:iam::\${accountId}:role/\${assumeRoleName}\` }],`,
    `${INDENT}});`,
    `}`,
  ];
  const declarations = adoption.registries.flatMap((registry) => [
    "",
    ...registryDeclarations(registry),
  ]);
  return [
    ...header,
    ...imports,
    "",
    ...helpers,
    ...(declarations.length === 0
      ? ["", "// Nothing to declare: no registry had a policy or replication rules."]
      : declarations),
    "",
  ].join("\n");
}
