import type { PlainObject } from './problem';

export const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);

/** Pods that run to completion: no probes, no replicas. */
export const runToCompletionKinds = new Set(['Job', 'CronJob']);

export interface PodTemplate {
  workload: PlainObject;
  /** Field path of the pod spec inside the workload. */
  path: string;
  podSpec: any;
  labels: Record<string, string>;
}

export function podTemplates(objects: readonly PlainObject[]): PodTemplate[] {
  return objects
    .filter((o) => workloadKinds.has(o.kind))
    .map((workload) => {
      const template = workload.kind === 'CronJob' ? workload.spec?.jobTemplate?.spec?.template : workload.spec?.template;
      return {
        workload,
        path: workload.kind === 'CronJob' ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec',
        podSpec: template?.spec ?? {},
        labels: template?.metadata?.labels ?? {},
      };
    });
}

/** Every container of a pod spec with its field path (init containers included). */
export function containersOf(template: PodTemplate): { container: any; path: string }[] {
  const list = (field: 'containers' | 'initContainers') =>
    ((template.podSpec[field] ?? []) as unknown[]).map((container, i) => ({ container, path: `${template.path}.${field}[${i}]` }));
  return [...list('initContainers'), ...list('containers')];
}

export function selectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string>): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}
