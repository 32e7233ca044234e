import type { PlanAction } from '@/lib/core/deploy/plan-contract';

// One place builds the plan queries' keys, so what fetches and what invalidates never disagree.
export const planKeys = {
  all: ['plans'] as const,
  plan: (id: string) => ['plans', id] as const,
  objects: (id: string, action: PlanAction | 'all') => ['plans', id, 'objects', action] as const,
};
