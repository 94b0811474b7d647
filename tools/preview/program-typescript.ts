/**
 * Loads a TypeScript program the way the Pulumi CLI's Node.js language host does
 * (@pulumi/pulumi 3.248 `cmd/run/run.js`, CommonJS path), in the program host's process:
 * - `ts-node` and `typescript` as the program's own @pulumi/pulumi finds them
 *   (`tsutils.typeScriptRequireStrings`: the project's copies, else the SDK's vendored ts-node 7.0.1
 *   and TypeScript 3.8.3);
 * - the project's tsconfig (`runtime.options.tsconfig`, else `tsconfig.json`; skipped when absent);
 * - type-checked unless `PULUMI_NODEJS_TRANSPILE_ONLY=true`, or the tsconfig says `noCheck`, or the
 *   preview was asked not to (`--no-typecheck`): a type error fails the run with the compiler's
 *   message, as it fails `pulumi preview`;
 * - compiler options `target ES2020`, `module`/`moduleResolution` `nodenext` (TypeScript 4.7 and
 *   later; `commonjs`/`node` before), source maps, then the tsconfig's own options over them.
 * The CLI's automatic ESM mode (`"type": "module"`) is not reproduced.
 */
import * as fs from "fs";
import { createRequire } from "module";
import * as path from "path";

/** How the program's TypeScript is to be compiled. */
export interface TypeScriptRequest {
  /** The tsconfig path (absolute); it need not exist. */
  tsconfig: string;
  /** False for `--no-typecheck`. */
  typeCheck: boolean;
}

/** The SDK helpers the language host uses (internal to @pulumi/pulumi, present in 3.x). */
interface SdkTsUtils {
  typeScriptRequireStrings(): { typescriptRequire: string; tsnodeRequire: string };
  loadTypeScriptCompilerOptions(tsconfig: string): Record<string, unknown>;
}

/** `a.b.c` of a version string, compared with 4.7. */
function atLeast47(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  return major > 4 || (major === 4 && minor >= 7);
}

/** Whether the language host would skip type-checking this program. */
function transpileOnly(request: TypeScriptRequest, options: Record<string, unknown>): boolean {
  if (!request.typeCheck) {
    return true;
  }
  const fromEnv = process.env.PULUMI_NODEJS_TRANSPILE_ONLY;
  if (fromEnv) {
    return fromEnv === "true";
  }
  return options.noCheck === true;
}

/** Node's own `.js` loader, kept by `original-loaders.js` when the host runs from source. */
const ORIGINAL_JS_LOADER = Symbol.for("ecr-replication.original-js-loader");

/**
 * Removes the preview's own ts-node hooks (when the host runs from source), so that the program
 * is compiled once, by the program's compiler.
 */
function removeOwnHooks(): void {
  const original = (global as Record<symbol, unknown>)[ORIGINAL_JS_LOADER];
  if (typeof original === "function") {
    require.extensions[".js"] = original as NodeJS.RequireExtensions[".js"];
    delete require.extensions[".ts"];
  }
}

/** Registers ts-node for the program, with `sdkDirectory` the program's @pulumi/pulumi. */
export function registerProgramTypeScript(sdkDirectory: string, request: TypeScriptRequest): void {
  // Loaded as the SDK would load them: from the SDK's own directory.
  const fromSdk = createRequire(path.join(sdkDirectory, "package.json"));
  const tsutils = fromSdk("./tsutils") as SdkTsUtils;
  const { typescriptRequire, tsnodeRequire } = tsutils.typeScriptRequireStrings();
  const tsconfigExists = fs.existsSync(request.tsconfig);
  const configured = tsconfigExists ? tsutils.loadTypeScriptCompilerOptions(request.tsconfig) : {};
  const ts = fromSdk(typescriptRequire) as { version: string };
  const nodeNext = atLeast47(ts.version);
  removeOwnHooks();
  const tsNode = fromSdk(tsnodeRequire) as { register(options: object): unknown };
  tsNode.register({
    compiler: typescriptRequire,
    transpileOnly: transpileOnly(request, configured),
    project: request.tsconfig,
    skipProject: !tsconfigExists,
    compilerOptions: {
      target: "ES2020",
      module: nodeNext ? "nodenext" : "commonjs",
      moduleResolution: nodeNext ? "nodenext" : "node",
      sourceMap: "true",
      ...configured,
    },
  });
}

/** A compile failure of ts-node (its `TSError`): the compiler's diagnostics, else undefined. */
export function typeErrorText(error: unknown): string | undefined {
  if (!(error instanceof Error) || error.name !== "TSError") {
    return undefined;
  }
  const text = (error as Error & { diagnosticText?: unknown }).diagnosticText;
  return typeof text === "string" ? text.trim() : error.message;
}
