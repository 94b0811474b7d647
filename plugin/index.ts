/**
 * The component package `ecr-replication`: the components served to every Pulumi language by
 * `@pulumi/pulumi`'s component provider host, which reads their schema from the TypeScript below
 * (the classes' constructor args and public properties, with their JSDoc). The classes are the
 * components TypeScript uses, imported from their own modules (not the package's face, which types
 * `CrossAccountReplication` with TypeScript-only args too), so the tokens are the same:
 * `ecr-replication:index:<Class>`, from this folder's package.json name.
 */
export { CrossAccountReplication } from "../components/cross-account-replication";
export { RegistryReplication } from "../components/registry-replication";
export { RegistryReplicationPolicy } from "../components/registry-replication-policy";
export { RepositoryCreationTemplates } from "../components/repository-creation-templates";
