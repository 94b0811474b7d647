/**
 * The shapes the replication builder (./builder) takes and gives: routes asked for, and rules in
 * the shape of `aws.ecr.ReplicationConfiguration` inputs. Types only; ./builder exports them.
 */
import { RegistryLocation } from "../core";

/** Replicate the repositories whose names start with one of `repositoryPrefixes` to every destination. */
export interface ReplicationRoute {
  /** The registries that receive the images; at least one. */
  destinations: RegistryLocation[];
  /**
   * Repository name prefixes, matched as plain string prefixes (`prod` also matches
   * `production-db`); at least one, because a rule without filters replicates every repository.
   */
  repositoryPrefixes: string[];
}

/** A rule destination, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface ReplicationDestination {
  /** The destination registry's region. */
  region: string;
  /** The destination registry's id: its 12-digit account id. */
  registryId: string;
}

/** A rule filter, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface RepositoryFilter {
  /** The repository name prefix. */
  filter: string;
  /**
   * Always `PREFIX_MATCH`, the only filter type ECR has (`PREFIX_MATCH` in ../core). A string, not
   * the literal type, so that the component package's schema can describe it.
   */
  filterType: string;
}

/** One replication rule, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface ReplicationRule {
  /** The registries the rule replicates to. */
  destinations: ReplicationDestination[];
  /** The prefixes of the repositories it replicates. */
  repositoryFilters: RepositoryFilter[];
}
