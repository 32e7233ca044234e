import { podTemplates, replicaFloor, selectorMatches } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** In production a workload with more than one replica needs required host anti-affinity and a
 *  PodDisruptionBudget, so no single node loss or drain takes it down. */
export const checkProductionAvailability: PolicyCheck = (objects, { spec }) => {
  if (spec.tier !== 'production') return [];
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
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
