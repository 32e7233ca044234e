'use client';

import { useMutation } from '@tanstack/react-query';
import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { ConnectionTestView } from './connection-test-view';

/** Tests a registered cluster again with its stored credential; nothing is written. */
export function TestConnectionButton({ cluster }: { cluster: string }) {
  const test = useMutation({
    mutationFn: () => apiRequest<ConnectionTest>(`/api/v1/clusters/${encodeURIComponent(cluster)}/connection-test`, { method: 'POST' }),
  });
  return (
    <div className="space-y-3">
      <Button onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test the connection to ${cluster}`}>
        {test.isPending ? 'Testing…' : 'Test connection'}
      </Button>
      {test.error ? <Alert tone="danger" title={`Connection test of ${cluster} failed`}>{test.error.message}</Alert> : null}
      {test.data ? <ConnectionTestView result={test.data} cluster={cluster} /> : null}
    </div>
  );
}
