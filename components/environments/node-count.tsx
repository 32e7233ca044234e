import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { defaultNodes, nodesOf, placesOneReplicaPerNode } from '@/lib/core/environments/node-capacity';

/** The environment's node count and where it comes from (the spec, or the tier's default). */
export function NodeCount({ spec }: { spec: Pick<EnvironmentSpec, 'tier' | 'nodes'> }) {
  const nodes = nodesOf(spec);
  return (
    <span>
      <span className="font-semibold">
        {nodes} node{nodes === 1 ? '' : 's'}
      </span>{' '}
      <span className="text-slate-600 dark:text-slate-400">
        {spec.nodes === undefined ? `(the ${spec.tier} default)` : `(set in the spec; the ${spec.tier} default is ${defaultNodes[spec.tier]})`}
      </span>
      {placesOneReplicaPerNode(spec.tier) ? (
        <span className="mt-0.5 block text-xs text-slate-600 dark:text-slate-400">One replica per node: no component scales above {nodes}.</span>
      ) : null}
    </span>
  );
}
