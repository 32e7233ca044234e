import { cpuMillis, memoryBytes } from '@/lib/core/environments/quantity';
import { containersOf, podTemplates } from './pod-templates';
import { idOf, type PolicyCheck, type Problem } from './problem';

/** Every container has CPU and memory requests and limits, and no limit is below its request. */
export const checkResourceLimits: PolicyCheck = (objects) => {
  const problems: Problem[] = [];
  for (const template of podTemplates(objects)) {
    for (const { container, path } of containersOf(template)) {
      const add = (field: string, message: string) =>
        problems.push({ object: idOf(template.workload), path: `${path}.resources.${field}`, message, check: 'resource-limits' });
      const resources = container.resources ?? {};
      for (const [resource, toNumber] of [['cpu', cpuMillis], ['memory', memoryBytes]] as const) {
        const request = resources.requests?.[resource];
        const limit = resources.limits?.[resource];
        if (request === undefined) add(`requests.${resource}`, `${resource} request must be set`);
        if (limit === undefined) add(`limits.${resource}`, `${resource} limit must be set`);
        if (request !== undefined && limit !== undefined && toNumber(String(limit)) < toNumber(String(request))) {
          add(`limits.${resource}`, `${resource} limit ${limit} is below the request ${request}`);
        }
      }
    }
  }
  return problems;
};
