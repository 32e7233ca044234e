import { type PodTemplate, podTemplates, replicaFloor, selectorMatches } from './pod-templates';
import { idOf, type PlainObject, type PolicyCheck, type Problem } from './problem';

// Prometheus and Alertmanager run as StatefulSets the operator makes from their resources: their pods
// carry the operator's labels, their affinity is the resource's spec.affinity.
const operatedKinds: Record<string, string> = { Prometheus: 'prometheus', Alertmanager: 'alertmanager' };

function operatedPods(objects: readonly PlainObject[]): PodTemplate[] {
  return objects
    .filter((o) => operatedKinds[o.kind])
    .map((workload) => ({
      workload,
      path: 'spec',
      podSpec: { affinity: workload.spec?.affinity },
      labels: { 'app.kubernetes.io/name': operatedKinds[workload.kind] ?? '', 'app.kubernetes.io/instance': workload.metadata.name },
    }));
}

/** In production a workload with more than one replica needs required host anti-affinity and a
 *  PodDisruptionBudget, so no single node loss or drain takes it down; the operator's Prometheus and
 *  Alertmanager too, since the alerts of a drained node must still be evaluated and sent. */
export const checkProductionAvailability: PolicyCheck = (objects, { spec }) => {
  if (spec.tier !== 'production') return [];
  const problems: Problem[] = [];
  for (const template of [...podTemplates(objects), ...operatedPods(objects)]) {
    const { workload } = template;
    if (replicaFloor(workload, objects) <= 1) continue;
    const object = idOf(workload);
    const required = template.podSpec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
    const spreadsHosts = required.some(
      (term: { topologyKey?: string; labelSelector?: { matchLabels?: Record<string, string> } }) =>
        term.topologyKey === 'kubernetes.io/hostname' && selectorMatches(term.labelSelector?.matchLabels, template.labels),
    );
    if (!spreadsHosts) {
      problems.push({
        object,
        path: `${template.path}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
        message: 'multi-replica production workloads need required pod anti-affinity across kubernetes.io/hostname',
        check: 'production-availability',
      });
    }
    const pdb = objects.find(
      (o) =>
        o.kind === 'PodDisruptionBudget' &&
        o.metadata.namespace === workload.metadata.namespace &&
        selectorMatches(o.spec?.selector?.matchLabels, template.labels),
    );
    if (!pdb) {
      problems.push({ object, path: 'spec.selector', message: 'multi-replica production workloads need a PodDisruptionBudget', check: 'production-availability' });
    }
  }
  return problems;
};
