/** Types of compile.js (plain JavaScript: it runs before anything is compiled). */

/** The compiled entry file of an up-to-date build, building first if the sources changed. */
export function ensureBuilt(): { entry: string; built: boolean; reason?: string };

/** Type-checks and emits the pack into a new build; throws listing every type error. */
export function build(): {
  format: number;
  typescript: string;
  dir: string;
  sources: Record<string, string>;
};

/** Where builds go: policypack/bin. */
export const OUT_DIR: string;
