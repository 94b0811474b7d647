/**
 * `npm run component-schema [-- --out FILE]`: starts the component package (plugin/) as the
 * Pulumi CLI does, asks it for its schema over gRPC (`GetSchema`), and prints the schema (or writes
 * it to FILE), with how long the start and the call took on stderr. No Pulumi CLI needed; the
 * schema is what `pulumi package get-schema ./plugin` would print, and what
 * `pulumi package gen-sdk` takes to generate an SDK.
 */
import * as fs from "fs";
import { fetchServedSchema } from "./component-package/client";

const USAGE = "usage: npm run component-schema [-- --out FILE]";

async function main(args: readonly string[]): Promise<number> {
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--out" && args[i + 1] !== undefined) {
      out = args[++i];
    } else {
      process.stderr.write(`error: unexpected argument '${args[i]}'\n${USAGE}\n`);
      return 2;
    }
  }
  const served = await fetchServedSchema();
  const text = `${JSON.stringify(served.schema, null, 2)}\n`;
  if (out === undefined) {
    process.stdout.write(text);
  } else {
    fs.writeFileSync(out, text);
  }
  process.stderr.write(
    `component package ${String(served.schema.name)}: port after ${served.startMs} ms, GetSchema ${served.getSchemaMs} ms\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
