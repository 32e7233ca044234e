import type { EnvironmentSpec, Tier } from './environment-spec';

/**
 * How many nodes an environment's pods may use when its spec does not say (`spec.nodes`): the
 * seed's cluster minimums (3 nodes, production 5). Under required one-replica-per-node anti-affinity
 * this bounds how many replicas can ever be scheduled.
 */
export const defaultNodes: Record<Tier, number> = { development: 1, staging: 3, production: 5 };

/** Tiers whose workloads never put two replicas on one node (required pod anti-affinity on
 *  kubernetes.io/hostname): a replica beyond the node count stays Pending. */
export function placesOneReplicaPerNode(tier: Tier): boolean {
  return tier === 'production';
}

/** The nodes the environment's pods may be scheduled on: the node pool's size, or the most its
 *  cluster autoscaler may grow it to. */
export function nodesOf(spec: Pick<EnvironmentSpec, 'tier' | 'nodes'>): number {
  return spec.nodes ?? defaultNodes[spec.tier];
}
