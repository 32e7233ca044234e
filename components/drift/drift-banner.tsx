'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState } from 'react';
import type { Decision } from '@/lib/core/auth/roles';
import type { PlanDto } from '@/lib/core/deploy/plan-contract';
import type { DriftReport } from '@/lib/core/drift/drift-contract';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { formatDateTime } from '../ui/date-time';
import { DisabledReason } from '../ui/guarded-action';
import { DriftedObjectList } from './drifted-object-list';

type Props = {
  report: DriftReport;
  /** Reconcile plans, so it needs what planning needs. */
  reconcile: Decision;
  check: Decision;
  /** Admins may force: take back fields another manager took (a `kubectl edit`). */
  mayForce: boolean;
};

/**
 * The environment's last drift check: a warning banner listing what differs from the last deploy
 * (who changed it, the diff) with "Reconcile", a quiet line when in sync, the reason when the check
 * failed. Nothing before the first successful deploy.
 */
export function DriftBanner({ report, reconcile, check, mayForce }: Props) {
  if (report.revision === null) return null;
  const checked = report.checkedAt ? `checked ${formatDateTime(report.checkedAt)}` : 'not checked yet';
  if (report.status === 'drifted') {
    const count = report.objects.length;
    return (
      <Alert tone="warning" title={`Drift: ${count} object${count === 1 ? '' : 's'} differ${count === 1 ? 's' : ''} from revision ${report.revision}, deployed last`}>
        <p>Changed outside the console since its last successful deploy ({checked}).</p>
        <DriftedObjectList objects={report.objects} />
        <div className="mt-3 flex flex-wrap items-start gap-3">
          <ReconcileButton environment={report.environment} decision={reconcile} mayForce={mayForce} />
          <CheckNowButton environment={report.environment} decision={check} />
        </div>
      </Alert>
    );
  }
  if (report.status === 'failed') {
    return (
      <Alert tone="danger" title="The last drift check failed">
        <p>
          {report.error} ({checked}).
        </p>
        <div className="mt-2">
          <CheckNowButton environment={report.environment} decision={check} />
        </div>
      </Alert>
    );
  }
  return (
    <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700 dark:text-slate-300" role="status">
      <span>{report.status === 'in-sync' ? `No drift: the cluster matches revision ${report.revision}, deployed last (${checked}).` : `Drift from revision ${report.revision}: ${checked}.`}</span>
      <CheckNowButton environment={report.environment} decision={check} />
    </div>
  );
}

function ReconcileButton({ environment, decision, mayForce }: { environment: string; decision: Decision; mayForce: boolean }) {
  const router = useRouter();
  const reasonId = useId();
  const forceId = useId();
  const [force, setForce] = useState(false);
  // A second click while the first is under way carries the same Idempotency-Key: one plan.
  const key = useRef<string | null>(null);
  const plan = useMutation({
    mutationFn: () => {
      key.current ??= crypto.randomUUID();
      return apiRequest<PlanDto>(`/api/v1/environments/${encodeURIComponent(environment)}/reconcile`, { method: 'POST', body: force ? { force } : {}, headers: { 'idempotency-key': key.current } });
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
          Reconcile
        </Button>
        <DisabledReason id={reasonId} reason={decision.reason} />
      </span>
    );
  }
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant="primary" disabled={plan.isPending} onClick={() => plan.mutate()}>
        {plan.isPending ? 'Planning…' : 'Reconcile'}
      </Button>
      {mayForce ? (
        <label htmlFor={forceId} className="flex items-center gap-1 text-xs">
          <input id={forceId} type="checkbox" checked={force} onChange={(event) => setForce(event.target.checked)} />
          Take back fields others changed (force)
        </label>
      ) : null}
      {plan.error ? (
        <span role="alert" className="max-w-xs text-xs text-red-700 dark:text-red-300">
          {plan.error.message}
        </span>
      ) : null}
    </span>
  );
}

function CheckNowButton({ environment, decision }: { environment: string; decision: Decision }) {
  const router = useRouter();
  const check = useMutation({
    mutationFn: () => apiRequest<DriftReport>(`/api/v1/environments/${encodeURIComponent(environment)}/drift`, { method: 'POST' }),
    onSuccess: () => router.refresh(),
  });
  if (!decision.allowed) return null;
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button disabled={check.isPending} onClick={() => check.mutate()}>
        {check.isPending ? 'Checking…' : 'Check drift now'}
      </Button>
      {check.error ? (
        <span role="alert" className="max-w-xs text-xs text-red-700 dark:text-red-300">
          {check.error.message}
        </span>
      ) : null}
    </span>
  );
}
