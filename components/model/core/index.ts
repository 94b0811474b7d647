/**
 * The model's core: ECR's limits and formats (each with its source), account/region/prefix
 * identifiers, registries and their order, problems with property paths, and values as the
 * Pulumi engine hands them over. Imports nothing else of the model.
 */
export * from "./identifiers";
export * from "./limits";
export * from "./problems";
export * from "./property-values";
export * from "./registry";
