import { replicaFloor, workloadPods } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';
import { labelSelectorMatches } from './network-policy-egress';

/** A PodDisruptionBudget's `minAvailable` or `maxUnavailable`: an int, or a string of a whole percentage. */
type IntOrPercent = number | string;

/** The value of an int-or-percent against `total` pods, as Kubernetes' `intstr.GetScaledValueFromIntOrPercent`
 *  with round-up (what the disruption controller uses for both fields); undefined when it is neither. */
function scaledValue(value: IntOrPercent, total: number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const percent = /^(\d+)%$/.exec(value);
  return percent ? Math.ceil((Number(percent[1]) * total) / 100) : undefined;
}

/**
 * How many pods an eviction may take from `replicas` healthy pods under a budget, as the disruption
 * controller computes `status.disruptionsAllowed`: `currentHealthy - desiredHealthy`, where
 * desiredHealthy is minAvailable (a percentage rounded up) or replicas minus maxUnavailable (a
 * percentage rounded up too). Undefined when a value is not an int or a whole percentage.
 */
export function allowedDisruptions(budget: { minAvailable?: IntOrPercent; maxUnavailable?: IntOrPercent }, replicas: number): number | undefined {
  let desiredHealthy = 0;
  if (budget.maxUnavailable !== undefined) {
    const maxUnavailable = scaledValue(budget.maxUnavailable, replicas);
    if (maxUnavailable === undefined) return undefined;
    desiredHealthy = Math.max(0, replicas - maxUnavailable);
  } else if (budget.minAvailable !== undefined) {
    const minAvailable = scaledValue(budget.minAvailable, replicas);
    if (minAvailable === undefined) return undefined;
    desiredHealthy = minAvailable;
  }
  return Math.max(0, replicas - desiredHealthy);
}

/**
 * Every PodDisruptionBudget lets at least one pod go at the fewest replicas its workloads run with
 * (an autoscaler's floor, at least 1): a budget that allows zero disruptions makes `kubectl drain`,
 * node upgrades and the cluster autoscaler wait forever. Allowed disruptions only grow with the
 * replica count, so the floor is the case to check. A budget that selects no rendered pods protects
 * nothing and is reported too.
 */
export const checkDisruptionBudgets: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const pdb of objects.filter((o) => o.kind === 'PodDisruptionBudget')) {
    const add = (path: string, message: string) => problems.push({ object: idOf(pdb), path, message, check: 'disruption-budgets' });
    const selected = workloadPods(objects).filter((w) => w.workload.metadata.namespace === pdb.metadata.namespace && pdb.spec?.selector !== undefined && labelSelectorMatches(pdb.spec.selector, w.labels));
    if (selected.length === 0) {
      add('spec.selector', 'selects no pods of the rendered platform: it protects nothing');
      continue;
    }
    const replicas = selected.reduce((sum, w) => sum + Math.max(1, replicaFloor(w.workload, objects)), 0);
    const field = pdb.spec?.maxUnavailable !== undefined ? 'maxUnavailable' : 'minAvailable';
    const allowed = allowedDisruptions(pdb.spec ?? {}, replicas);
    if (allowed === undefined) add(`spec.${field}`, `${JSON.stringify(pdb.spec?.[field])} is neither an integer nor a whole percentage`);
    else if (allowed === 0) {
      const owners = selected.map((w) => idOf(w.workload)).join(', ');
      add(`spec.${field}`, `${field} ${pdb.spec?.[field]} of ${replicas} replica(s) (${owners}) allows 0 disruptions: node drains would block forever`);
    }
  }
  return problems;
};
