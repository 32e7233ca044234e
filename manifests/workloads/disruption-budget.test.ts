import { describe, expect, it } from 'vitest';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { toPlain } from '../kube-object';
import { renderPlatform } from '../render-platform';
import { checkDisruptionBudgets } from '../validate/disruption-budgets';
import type { PlainObject } from '../validate/problem';

function withWorkingHours(replicas: number) {
  const spec = starterSpec('staging', 'staging');
  Object.assign(spec.components['wallet-api'].autoscaling, { minReplicas: 0, workingHours: { timeZone: 'UTC', days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00', replicas } });
  return spec;
}
const render = (spec: ReturnType<typeof starterSpec>) => renderPlatform(spec).map((o) => toPlain(o) as PlainObject);
const budget = (objects: PlainObject[], name: string) => objects.find((o) => o.kind === 'PodDisruptionBudget' && o.metadata.name === name);

describe('the disruption budget of a service with working hours', () => {
  // Working hours need minReplicas 0, so the budget was decided at 0 replicas and left out, although
  // inside the window KEDA keeps `replicas` pods that a node drain could then evict all at once.
  it('is rendered when the window keeps several pods', () => {
    const objects = render(withWorkingHours(3));
    expect(budget(objects, 'wallet-api')).toBeDefined();
  });

  // Outside the window another trigger may wake a single pod: a percentage budget (50% of 1 rounds
  // up to 1) would then refuse every eviction and block drains; one pod at a time never does.
  it('lets one pod go at a time, so a single pod woken outside the window never blocks a drain', () => {
    const objects = render(withWorkingHours(3));
    expect(budget(objects, 'wallet-api')?.spec).toMatchObject({ maxUnavailable: 1 });
    expect(budget(objects, 'wallet-api')?.spec).not.toHaveProperty('minAvailable');
    expect(checkDisruptionBudgets(objects, { spec: withWorkingHours(3) })).toEqual([]);
  });

  it('is not rendered when the window keeps one pod', () => {
    expect(budget(render(withWorkingHours(1)), 'wallet-api')).toBeUndefined();
  });
});
