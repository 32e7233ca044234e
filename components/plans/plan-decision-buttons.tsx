'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { Decision } from '@/lib/core/auth/roles';
import type { ApprovalDto, RunDto } from '@/lib/core/deploy/run-contract';
import { apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { DisabledReason } from '../ui/guarded-action';

export type PlanDecisionButtonsProps = {
  environment: string;
  planId: string;
  approve: Decision;
  reject: Decision;
  deploy: Decision;
  mayDeploy: boolean;
  approvals: { count: number; required: number };
};

// One key per click: a double click or a retry after a timeout approves or deploys once.
const newKey = () => crypto.randomUUID();

/** Approve, reject and deploy a plan; a disabled button says why (DESIGN.md). Deploying opens the run's live page. */
export function PlanDecisionButtons({ environment, planId, approve, reject, deploy, mayDeploy, approvals }: PlanDecisionButtonsProps) {
  const router = useRouter();
  const [comment, setComment] = useState('');
  const decide = useMutation({
    mutationFn: (decision: 'approvals' | 'rejections') =>
      apiRequest<ApprovalDto>(`/api/v1/plans/${planId}/${decision}`, { method: 'POST', body: { comment }, headers: { 'idempotency-key': newKey() } }),
    onSuccess: () => router.refresh(),
  });
  const start = useMutation({
    mutationFn: () => apiRequest<RunDto>(`/api/v1/plans/${planId}/runs`, { method: 'POST', body: {}, headers: { 'idempotency-key': newKey() } }),
    onSuccess: (run) => router.push(`/environments/${environment}/runs/${run.id}`),
  });
  const error = decide.error ?? start.error;
  return (
    <div className="space-y-4" data-testid="plan-actions">
      <p className="text-sm" data-testid="plan-approvals">
        {approvals.required === 0 ? 'No approval needed: this environment is not protected.' : `${approvals.count} of ${approvals.required} approvals`}
      </p>
      {approve.allowed ? (
        <label className="block text-sm">
          Comment (required to reject)
          <textarea className="mt-1 block w-full rounded-md border border-slate-300 p-2 dark:border-slate-600 dark:bg-slate-800" rows={2} value={comment} onChange={(event) => setComment(event.target.value)} />
        </label>
      ) : null}
      <div className="flex flex-wrap items-start gap-3">
        <ActionButton decision={approve} label="Approve" variant="primary" pending={decide.isPending} onClick={() => decide.mutate('approvals')} />
        <ActionButton decision={reject.allowed && !comment.trim() ? { allowed: false, reason: 'say why in the comment to reject' } : reject} label="Reject" variant="danger" pending={decide.isPending} onClick={() => decide.mutate('rejections')} />
        {mayDeploy ? <ActionButton decision={deploy} label="Deploy" variant="primary" pending={start.isPending} onClick={() => start.mutate()} /> : null}
      </div>
      {error ? <Alert tone="danger">{error.message}</Alert> : null}
    </div>
  );
}

function ActionButton({ decision, label, variant, pending, onClick }: { decision: Decision; label: string; variant: 'primary' | 'danger'; pending: boolean; onClick: () => void }) {
  if (decision.allowed) {
    return (
      <Button variant={variant} disabled={pending} onClick={onClick}>
        {label}
      </Button>
    );
  }
  const id = `plan-action-${label.toLowerCase()}-reason`;
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button variant={variant} disabled aria-describedby={id}>
        {label}
      </Button>
      <DisabledReason id={id} reason={decision.reason} />
    </span>
  );
}
