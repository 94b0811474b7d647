/**
 * The model's core: ECR's limits and formats (each with its source), account/region/prefix
 * identifiers, the regions AWS lists (the AWS SDK's partition metadata), registries and their
 * order, problems with property paths, values as the Pulumi engine hands them over, the search for
 * what part of too much input fits (both builders' over-limit suggestions), and the bounded memory
 * of recent answers behind the model's caches.
 * Imports nothing else of the model.
 */
export * from "./creation-template-limits";
export * from "./identifiers";
export * from "./limits";
export * from "./problems";
export * from "./property-values";
export * from "./recent-answers";
export * from "./regions";
export * from "./registry";
export * from "./what-fits";
