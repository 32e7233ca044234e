'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef } from 'react';
import type { Decision } from '@/lib/core/auth/roles';
import type { PlanDto } from '@/lib/core/deploy/plan-contract';
import { apiRequest } from '../api/api-request';
import { Button } from '../ui/button';
import { DisabledReason } from '../ui/guarded-action';

/**
 * "Plan changes": plans the head revision against its cluster and opens the plan. A second click
 * while the first is under way (or its retry) carries the same Idempotency-Key, so it plans once.
 */
export function PlanChangesButton({ environment, decision }: { environment: string; decision: Decision }) {
  const router = useRouter();
  const reasonId = useId();
  const key = useRef<string | null>(null);
  const plan = useMutation({
    mutationFn: () => {
      key.current ??= crypto.randomUUID();
      return apiRequest<PlanDto>(`/api/v1/environments/${encodeURIComponent(environment)}/plans`, { method: 'POST', body: {}, headers: { 'idempotency-key': key.current } });
    },
    onSuccess: (created) => {
      key.current = null;
      router.push(`/environments/${encodeURIComponent(environment)}/plans/${created.id}`);
    },
    onError: () => {
      key.current = null;
    },
  });
  if (!decision.allowed) {
    return (
      <span className="inline-flex flex-col items-start gap-1">
        <Button variant="primary" disabled aria-describedby={reasonId}>
          Plan changes
        </Button>
        <DisabledReason id={reasonId} reason={decision.reason} />
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant="primary" disabled={plan.isPending} onClick={() => plan.mutate()}>
        {plan.isPending ? 'Planning…' : 'Plan changes'}
      </Button>
      {plan.error ? (
        <span role="alert" className="max-w-xs text-xs text-red-700 dark:text-red-300">
          {plan.error.message}
        </span>
      ) : null}
    </span>
  );
}
