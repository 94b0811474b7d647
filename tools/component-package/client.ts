/**
 * Asks a running component package for its schema over the provider protocol (`GetSchema`), with
 * the gRPC stubs @pulumi/pulumi ships, as the Pulumi CLI does for `pulumi package add` and
 * `pulumi package get-schema`.
 */
import * as grpc from "@grpc/grpc-js";
import * as providerRpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as providerProto from "@pulumi/pulumi/proto/provider_pb";
import { PLUGIN_DIR, startComponentPackage } from "./process";

/** The schema a component package answered, and how long it took. */
export interface ServedSchema {
  /** The schema, parsed from the JSON text the package sent. */
  schema: Record<string, unknown>;
  /** Milliseconds from starting the process to its port. */
  startMs: number;
  /** Milliseconds of the `GetSchema` call. */
  getSchemaMs: number;
  /** What the process wrote to stderr. */
  stderr: string;
}

/** The answer to `GetSchema` from the package listening on `port`. */
export function getSchema(port: number, timeoutMs = 120_000): Promise<string> {
  const client = new providerRpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return new Promise<string>((resolve, reject) => {
    client.getSchema(
      new providerProto.GetSchemaRequest(),
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        client.close();
        if (error !== null || response === undefined) {
          reject(new Error(`GetSchema failed: ${error?.message ?? "no response"}`));
          return;
        }
        resolve(response.getSchema());
      },
    );
  });
}

/** Starts the component package in `pluginDir`, asks for its schema, and stops it. */
export async function fetchServedSchema(pluginDir: string = PLUGIN_DIR): Promise<ServedSchema> {
  const plugin = await startComponentPackage(pluginDir);
  try {
    const asked = Date.now();
    const text = await getSchema(plugin.port);
    const getSchemaMs = Date.now() - asked;
    return {
      schema: JSON.parse(text) as Record<string, unknown>,
      startMs: plugin.startMs,
      getSchemaMs,
      stderr: plugin.stderr(),
    };
  } finally {
    await plugin.stop();
  }
}
