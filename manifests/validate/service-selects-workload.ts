import { podTemplates, selectorMatches } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** Every Service with a selector selects the pods of some workload in its namespace, on ports they expose. */
export const checkServiceSelectsWorkload: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  const templates = podTemplates(objects);
  for (const service of objects.filter((o) => o.kind === 'Service')) {
    const selector = service.spec?.selector as Record<string, string> | undefined;
    if (!selector) continue;
    const targets = templates.filter((t) => t.workload.metadata.namespace === service.metadata.namespace && selectorMatches(selector, t.labels));
    if (targets.length === 0) {
      problems.push({ object: idOf(service), path: 'spec.selector', message: 'selects no workload in its namespace', check: 'service-selects-workload' });
      continue;
    }
    (service.spec?.ports ?? []).forEach((port: { targetPort?: string | number; port: number }, i: number) => {
      const target = port.targetPort ?? port.port;
      const exposed = targets.some((t) =>
        (t.podSpec.containers ?? []).some((c: { ports?: { name?: string; containerPort: number }[] }) =>
          (c.ports ?? []).some((p) => p.name === target || p.containerPort === target),
        ),
      );
      if (!exposed) {
        problems.push({ object: idOf(service), path: `spec.ports[${i}].targetPort`, message: `no selected container exposes port ${target}`, check: 'service-selects-workload' });
      }
    });
  }
  return problems;
};
