import { nodesOf } from '@/lib/core/environments/node-capacity';
import { fixedPods, scalerOf, workloadPods } from './pod-templates';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

interface Term {
  topologyKey?: string;
  labelSelector?: { matchLabels?: Record<string, string> };
}

/** The most pods a workload may run: its ScaledObject's ceiling when one scales it, else its replicas. */
function ceiling(workload: PlainObject, objects: readonly PlainObject[]): { pods: number; object: PlainObject; path: string } {
  const scaler = scalerOf(workload, objects);
  // KEDA's default maxReplicaCount is 100.
  if (scaler) return { pods: Number(scaler.spec?.maxReplicaCount ?? 100), object: scaler, path: 'spec.maxReplicaCount' };
  return { pods: fixedPods(workload), object: workload, path: 'spec.replicas' };
}

function affinityOf(workload: PlainObject): any {
  return workload.kind === 'Prometheus' || workload.kind === 'Alertmanager' ? workload.spec?.affinity : workload.spec?.template?.spec?.affinity;
}

/**
 * Required pod anti-affinity on `kubernetes.io/hostname` puts at most one of the pods it selects on
 * a node, so every pod beyond the environment's node count (`spec.nodes`, or the tier's default)
 * stays Pending: an autoscaler's ceiling or a fixed replica count must fit. The pods of every
 * workload the term selects count (a canary shares its stable pods' nodes).
 */
export const checkNodeCapacity: PolicyCheck = (objects, { spec }) => {
  const nodes = nodesOf(spec);
  const pods = workloadPods(objects);
  const problems: Problem[] = [];
  for (const { workload } of pods) {
    const required: Term[] = affinityOf(workload)?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    for (const term of required.filter((t) => t.topologyKey === 'kubernetes.io/hostname')) {
      const selected = pods.filter(
        (p) =>
          p.workload.metadata.namespace === workload.metadata.namespace &&
          Object.entries(term.labelSelector?.matchLabels ?? {}).every(([k, v]) => p.labels[k] === v),
      );
      const total = selected.reduce((sum, p) => sum + ceiling(p.workload, objects).pods, 0);
      if (total <= nodes) continue;
      const own = ceiling(workload, objects);
      const others = selected.filter((p) => p.workload !== workload).map((p) => idOf(p.workload));
      problems.push({
        object: idOf(own.object),
        path: own.path,
        message:
          `up to ${total} pods${others.length ? ` (with ${others.join(', ')})` : ''} under required host anti-affinity, but the environment has ${nodes} nodes` +
          `${spec.nodes === undefined ? ` (the ${spec.tier} default; set spec.nodes)` : ''}: ${total - nodes} would stay Pending`,
        check: 'node-capacity',
      });
    }
  }
  return problems;
};
