/** The package of this library's component type tokens: `ecr-replication:index:<Class>`. */
export const TYPE_PREFIX = "ecr-replication:index:";
