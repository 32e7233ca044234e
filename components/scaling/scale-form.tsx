'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { ScaleResultDto } from '@/lib/core/environments/scale-component';
import { ApiError, apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { CheckboxField, TextField } from '../ui/field';
import { initialValues, scaleQueryKey, type ScaleFormValues, type ScaleSettings, toScaleRequest, triggerFields } from './scale-form-values';

type Props = {
  environment: string;
  component: string;
  revision: number;
  settings: ScaleSettings;
  /** Null: scale-to-zero may be switched on; otherwise why not (the toggle is shown disabled with it). */
  zeroRefusal: string | null;
  approvalsRequired: number;
};

/**
 * The scale form: replicas for a component without an autoscaler; minimum, maximum, trigger
 * thresholds and scale-to-zero when KEDA scales it. Checked as typed (inline errors), sent with
 * only what changed, and answered with the outcome: deploying now (a link to the run) or awaiting
 * approval (a link to the plan). A retry of the same submission carries the same Idempotency-Key.
 */
export function ScaleForm({ environment, component, revision, settings, zeroRefusal, approvalsRequired }: Props) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const id = useId();
  const key = useRef<string | null>(null);
  const [values, setValues] = useState<ScaleFormValues>(() => initialValues(settings));
  const [errors, setErrors] = useState<Partial<Record<keyof ScaleFormValues | 'form', string>>>({});
  const scale = useMutation({
    mutationFn: (body: object) => {
      key.current ??= crypto.randomUUID();
      return apiRequest<ScaleResultDto>(`/api/v1/environments/${encodeURIComponent(environment)}/scale`, { method: 'POST', body, headers: { 'idempotency-key': key.current } });
    },
    onSuccess: () => {
      key.current = null;
      void queryClient.invalidateQueries({ queryKey: scaleQueryKey(environment, component) });
      router.refresh();
    },
    onError: (error) => {
      key.current = null;
      if (error instanceof ApiError) {
        const fieldErrors = Object.fromEntries(error.issues.filter((issue) => issue.path in values).map((issue) => [issue.path, issue.message]));
        setErrors(fieldErrors);
      }
    },
  });
  const set = (field: keyof ScaleFormValues) => (event: { target: { value: string; checked?: boolean; type?: string } }) =>
    setValues((current) => ({ ...current, [field]: event.target.type === 'checkbox' ? Boolean(event.target.checked) : event.target.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = toScaleRequest(component, revision, settings, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    scale.mutate(result.body);
  };
  const field = (name: keyof ScaleFormValues) => `${id}-${name}`;
  const outcome = scale.data;
  const base = `/environments/${encodeURIComponent(environment)}`;

  return (
    <form onSubmit={submit} noValidate className="space-y-4" aria-label={`Scale ${component}`}>
      {settings.autoscaled ? (
        <>
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField id={field('minReplicas')} name="minReplicas" label="Minimum replicas" inputMode="numeric" value={values.scaleToZero ? '0' : values.minReplicas} onChange={set('minReplicas')} disabled={values.scaleToZero} error={errors.minReplicas} hint={values.scaleToZero ? 'Scale-to-zero is on: the minimum is 0' : undefined} />
            <TextField id={field('maxReplicas')} name="maxReplicas" label="Maximum replicas" inputMode="numeric" value={values.maxReplicas} onChange={set('maxReplicas')} error={errors.maxReplicas} />
          </div>
          <CheckboxField
            id={field('scaleToZero')}
            name="scaleToZero"
            label="Scale to zero when idle"
            checked={values.scaleToZero}
            onChange={set('scaleToZero')}
            disabled={zeroRefusal !== null && !values.scaleToZero}
            hint={zeroRefusal ?? (settings.minReplicas === 0 ? 'KEDA may take it to zero; turning this off keeps at least one replica' : 'KEDA may take it to zero and its trigger wakes it')}
            error={errors.scaleToZero}
          />
          <fieldset className="grid gap-4 sm:grid-cols-2">
            <legend className="mb-2 text-sm font-semibold">Trigger thresholds</legend>
            {triggerFields.map((trigger) => (
              <TextField key={trigger.key} id={field(trigger.key)} name={trigger.key} label={trigger.label} inputMode="decimal" value={values[trigger.key]} onChange={set(trigger.key)} hint={`${trigger.hint}; empty for none`} error={errors[trigger.key]} />
            ))}
          </fieldset>
        </>
      ) : (
        <TextField id={field('replicas')} name="replicas" label="Replicas" inputMode="numeric" value={values.replicas} onChange={set('replicas')} error={errors.replicas} hint="No autoscaler: the Deployment runs exactly this many" className="max-w-xs" />
      )}
      <TextField id={field('reason')} name="reason" label="Reason (optional)" value={values.reason} onChange={set('reason')} error={errors.reason} hint="Kept in the revision's change note" />
      {errors.form ? <Alert tone="warning">{errors.form}</Alert> : null}
      {scale.error ? (
        <Alert tone="danger" title="The scale did not go through">
          {scale.error.message}
        </Alert>
      ) : null}
      {outcome ? (
        outcome.run ? (
          <Alert tone="success" title={`Deploying: revision ${outcome.revision}`}>
            {outcome.changeNote}.{' '}
            <Link className="underline" href={`${base}/runs/${outcome.run.id}`}>
              Follow the deploy run
            </Link>
          </Alert>
        ) : (
          <Alert tone="info" title={`Awaiting approval: revision ${outcome.revision}`}>
            {outcome.changeNote}. Its plan needs {outcome.plan.approvalsRequired} approval{outcome.plan.approvalsRequired === 1 ? '' : 's'} before it deploys; nothing changed on the cluster yet.{' '}
            <Link className="underline" href={`${base}/plans/${outcome.plan.id}`}>
              Open the plan
            </Link>
          </Alert>
        )
      ) : null}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" disabled={scale.isPending}>
          {scale.isPending ? 'Planning and saving…' : approvalsRequired > 0 ? 'Scale (asks for approval)' : 'Scale now'}
        </Button>
        {scale.isPending ? (
          <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Planning the change against the cluster…
          </span>
        ) : null}
      </div>
    </form>
  );
}
