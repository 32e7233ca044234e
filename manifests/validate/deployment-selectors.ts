import { podTemplates, selectorMatches } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/**
 * No Deployment's selector matches another workload's pods. Overlapping controllers fight: a
 * Deployment adopts ReplicaSets and counts pods its selector matches, KEDA's HPA averages its
 * metrics over the pods of the Deployment's selector, and a canary beside the stable Deployment must
 * therefore carry labels the stable selector (immutable once applied) does not match.
 */
export const checkDeploymentSelectors: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const templates = podTemplates(objects);
  for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
    const selector = deployment.spec?.selector?.matchLabels as Record<string, string> | undefined;
    const others = templates.filter(
      (t) => t.workload !== deployment && t.workload.metadata.namespace === deployment.metadata.namespace && selectorMatches(selector, t.labels),
    );
    if (others.length) {
      problems.push({
        object: idOf(deployment),
        path: 'spec.selector.matchLabels',
        message: `also selects the pods of ${others.map((t) => idOf(t.workload)).join(', ')}: their controllers would fight over them`,
        check: 'deployment-selectors',
      });
    }
  }
  return problems;
};
