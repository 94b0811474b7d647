/**
 * Resources of one type read once and filed by the registry they belong to: what the route
 * analysis looks up per destination (registry policies, repository creation templates).
 */
import { registryKey, RegistryLocation } from "../core";
import { ResourceSnapshot } from "./registry-policy-resource";

/** Read resources by registry (`registryKey`), and those whose registry is unknown. */
export interface RegistryIndex<T> {
  byRegistry: Map<string, T[]>;
  /** Resources whose account or region is unknown: any of them might be in any registry. */
  unplaced: T[];
}

/** The resources of `type` among `resources`, each read by `read`, filed by its registry. */
export function indexByRegistry<T extends { registry?: RegistryLocation }>(
  resources: readonly ResourceSnapshot[],
  type: string,
  read: (resource: ResourceSnapshot) => T,
): RegistryIndex<T> {
  const index: RegistryIndex<T> = { byRegistry: new Map(), unplaced: [] };
  for (const resource of resources.filter((r) => r.type === type)) {
    const entry = read(resource);
    if (entry.registry === undefined) {
      index.unplaced.push(entry);
      continue;
    }
    const key = registryKey(entry.registry);
    index.byRegistry.set(key, [...(index.byRegistry.get(key) ?? []), entry]);
  }
  return index;
}
