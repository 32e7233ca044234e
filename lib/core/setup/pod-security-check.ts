import { pass, type ReadinessCheck, type Reading } from './readiness';

const title = 'Pod Security of the platform namespaces';
export const enforceLabel = 'pod-security.kubernetes.io/enforce';
const levels = ['privileged', 'baseline', 'restricted'] as const;
const rank = (level: string | undefined) => (level === undefined ? -1 : levels.indexOf(level as (typeof levels)[number]));

/** What the render says a namespace enforces, and what the cluster holds (null: no such namespace). */
export type NamespaceSecurity = { namespace: string; environment: string; wanted: string; live: Reading<Record<string, string> | null> };

export function checkPodSecurity(namespaces: NamespaceSecurity[]): ReadinessCheck {
  const id = 'pod-security';
  if (namespaces.length === 0) return pass(id, title, 'no environment deploys to this cluster yet');
  const failures: string[] = [];
  const warnings: string[] = [];
  for (const { namespace, environment, wanted, live } of namespaces) {
    if (!live.ok) {
      failures.push(`${namespace}: could not read it (${live.error})`);
      continue;
    }
    if (live.value === null) {
      failures.push(`${namespace} (${environment}) does not exist: the environment's grant creates it enforcing restricted`);
      continue;
    }
    const enforced = live.value[enforceLabel];
    if (rank(enforced) < rank(wanted)) failures.push(`${namespace} (${environment}) enforces ${enforced ?? 'nothing'}; the platform renders ${wanted}`);
    else if (enforced !== wanted) warnings.push(`${namespace} (${environment}) enforces ${enforced}, stricter than the ${wanted} the spec asks for: the next deploy lowers it`);
  }
  if (failures.length) {
    return {
      id,
      title,
      status: 'fail',
      summary: `${failures.length} of ${namespaces.length} platform namespaces missing or enforcing less than the platform renders`,
      details: [...failures, ...warnings],
      remedy: `apply each environment's grant (console-environment.yaml creates its namespaces with ${enforceLabel}=restricted), or label them: kubectl label namespace NAME ${enforceLabel}=restricted --overwrite; a deploy also applies the rendered labels`,
    };
  }
  if (warnings.length) return { id, title, status: 'warn', summary: `${warnings.length} namespace${warnings.length === 1 ? '' : 's'} differ from the render`, details: warnings, remedy: 'deploy the environment, which applies the rendered labels' };
  return pass(id, title, `${namespaces.length} platform namespaces enforce what the platform renders`, namespaces.map((item) => `${item.namespace}: ${item.wanted}`));
}
