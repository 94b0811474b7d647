/**
 * The shapes the replication builder (./builder) takes and gives: routes asked for, and rules in
 * the shape of `aws.ecr.ReplicationConfiguration` inputs. Types only; ./builder exports them.
 */
import { PREFIX_MATCH, RegistryLocation } from "../core";

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
  region: string;
  registryId: string;
}

/** A rule filter, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface RepositoryFilter {
  filter: string;
  filterType: typeof PREFIX_MATCH;
}

/** One replication rule, in the shape of `aws.ecr.ReplicationConfiguration` inputs. */
export interface ReplicationRule {
  destinations: ReplicationDestination[];
  repositoryFilters: RepositoryFilter[];
}
