import { podTemplates, runToCompletionKinds } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** Every long-running container has startup, readiness and liveness probes. */
export const checkProbes: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    if (runToCompletionKinds.has(template.workload.kind)) continue;
    (template.podSpec.containers ?? []).forEach((container: Record<string, unknown>, i: number) => {
      for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
        if (!container[probe]) {
          problems.push({
            object: idOf(template.workload),
            path: `${template.path}.containers[${i}].${probe}`,
            message: `${probe} must be set`,
            check: 'probes',
          });
        }
      }
    });
  }
  return problems;
};
