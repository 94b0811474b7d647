/**
 * Preloaded (`node -r`) before the preview's own transpile-only ts-node when the program host runs
 * from source: keeps Node's own `.js` loader, so that the program host can hand the program to the
 * program's compiler alone (`program-typescript.ts`), not compiled twice.
 */
"use strict";
global[Symbol.for("ecr-replication.original-js-loader")] = require.extensions[".js"];
