import type { PlainObject } from './cluster-gateway';
import type { ActionCounts, PlanAction, PlanSummary } from './plan-contract';

/** The component an object belongs to: its app.kubernetes.io/name label (the platform's Namespaces carry none). */
export function componentOf(object: Pick<PlainObject, 'kind' | 'metadata'>): string {
  return object.metadata.labels?.['app.kubernetes.io/name'] ?? (object.kind === 'Namespace' ? 'namespaces' : 'unlabelled');
}

const zero = (): ActionCounts => ({ create: 0, update: 0, unchanged: 0, delete: 0 });

/** Counts by action, by kind and by component; `changes` is everything but unchanged. */
export function summarizePlan(objects: ReadonlyArray<{ kind: string; component: string; action: PlanAction }>, kept: PlanSummary['kept']): PlanSummary {
  const byAction = zero();
  const byKind: Record<string, ActionCounts> = {};
  const byComponent: Record<string, ActionCounts> = {};
  for (const object of objects) {
    byAction[object.action]++;
    (byKind[object.kind] ??= zero())[object.action]++;
    (byComponent[object.component] ??= zero())[object.action]++;
  }
  return { changes: objects.length - byAction.unchanged, total: objects.length, byAction, byKind: sortedKeys(byKind), byComponent: sortedKeys(byComponent), kept };
}

const sortedKeys = <T>(record: Record<string, T>) => Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
