'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { RunDto } from '@/lib/core/deploy/run-contract';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

/** Cancels a queued run nobody has taken (operators and admins; the server checks both again). */
export function CancelRunButton({ runId }: { runId: string }) {
  const router = useRouter();
  const cancel = useMutation({
    mutationFn: () => apiRequest<RunDto>(`/api/v1/runs/${runId}/cancellations`, { method: 'POST', body: {}, headers: { 'idempotency-key': crypto.randomUUID() } }),
    onSuccess: () => router.refresh(),
  });
  return (
    <div className="flex flex-wrap items-center gap-3">
      <Button variant="danger" disabled={cancel.isPending} onClick={() => cancel.mutate()}>
        Cancel run
      </Button>
      {cancel.error ? <Alert tone="danger">{cancel.error.message}</Alert> : null}
    </div>
  );
}
