'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DateTime } from '../ui/date-time';

export type LeftBehindTarget = { cluster: string; namespace: string; leftAt: string };

/**
 * Namespaces the environment moved away from: still held (its objects may run there) until an
 * admin releases them once they are empty.
 */
export function LeftBehindTargets({ environment, targets, canRelease }: { environment: string; targets: LeftBehindTarget[]; canRelease: boolean }) {
  const router = useRouter();
  const release = useMutation({
    mutationFn: (target: LeftBehindTarget) => apiRequest('/api/v1/deploy-targets/release', { method: 'POST', body: { cluster: target.cluster, namespace: target.namespace } }),
    onSuccess: () => router.refresh(),
  });
  if (targets.length === 0) return null;
  return (
    <Alert tone="warning" title={`${environment} still holds ${targets.length} namespace${targets.length === 1 ? '' : 's'} it moved away from`}>
      <p>Its objects may still run there, so no other environment may take them until an admin releases each one once it is empty.</p>
      <ul className="mt-2 space-y-1">
        {targets.map((target) => (
          <li key={`${target.cluster}/${target.namespace}`} className="flex flex-wrap items-center gap-2">
            <span className="font-mono text-xs">
              {target.cluster} / {target.namespace}
            </span>
            <span className="text-xs">
              left <DateTime value={target.leftAt} />
            </span>
            {canRelease ? (
              <Button className="px-2 py-0.5 text-xs" disabled={release.isPending} onClick={() => release.mutate(target)} aria-label={`Release ${target.namespace} on ${target.cluster}`}>
                Release
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
      {release.error ? <p className="mt-2 font-medium">{release.error.message}</p> : null}
    </Alert>
  );
}
