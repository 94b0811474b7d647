/** Types of compile.js (plain JavaScript: it runs before anything is compiled). */

/** Bundles the pack into `outfile`; returns the files that went into it (absolute paths). */
export function bundlePack(options: { outfile: string; installDir?: string }): {
  inputs: string[];
};

/** The in-repository bundle, up to date: built first if a file that went into it changed. */
export function ensureBuilt(): { entry: string; built: boolean; reason?: string };

/** What the bundle requires at run time: the published pack's dependencies. */
export const RUNTIME_DEPENDENCIES: readonly string[];

/** Where the in-repository bundle goes: policypack/bin. */
export const OUT_DIR: string;
