'use client';

import { useQuery } from '@tanstack/react-query';
import type { Decision } from '@/lib/core/auth/roles';
import type { ScaleView } from '@/lib/core/environments/scale-view';
import { apiRequest } from '../api/api-request';
import { DescriptionList } from '../environments/description-list';
import { Alert } from '../ui/alert';
import { Badge } from '../ui/badge';
import { Button } from '../ui/button';
import { CardSection } from '../ui/card';
import { DateTime, formatDateTime } from '../ui/date-time';
import { EmptyState } from '../ui/empty-state';
import { DisabledReason } from '../ui/guarded-action';
import { ScaleForm } from './scale-form';
import { scaleQueryKey } from './scale-form-values';

// The scale of one component, for its page and the scale page: current, desired, minimum and maximum
// side by side (the head revision's settings beside what runs now), the autoscaler's recent
// decisions, and the form for those who may scale. It reads GET .../scale?component=, which answers
// from the console's shared watch caches (never the API server per viewer), and follows it every few
// seconds and after each scale.

type ScaleState = ScaleView & { canScale: Decision };

/** Props are names only, so any page can place it. */
export function ScalePanel({ environment, component }: { environment: string; component: string }) {
  const state = useQuery({
    queryKey: scaleQueryKey(environment, component),
    queryFn: () => apiRequest<ScaleState>(`/api/v1/environments/${encodeURIComponent(environment)}/scale?component=${encodeURIComponent(component)}`),
    refetchInterval: 5_000,
  });
  if (state.isPending) {
    return (
      <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
        Loading the scale of {component}…
      </p>
    );
  }
  if (state.isError) {
    return (
      <Alert tone="danger" title={`The scale of ${component} could not be read`}>
        {state.error.message}{' '}
        <Button className="ml-2" onClick={() => state.refetch()}>
          Try again
        </Button>
      </Alert>
    );
  }
  const view = state.data;
  return (
    <div className="space-y-6">
      <CardSection title="Scale now" description={view.autoscaled ? 'KEDA scales it between the bounds of the head revision' : 'No autoscaler: a fixed replica count'}>
        <ScaleNumbers view={view} />
      </CardSection>
      <CardSection title="Autoscaler decisions" description="Recent scaling events of its ScaledObject, HPA and Deployment, newest first">
        <Decisions view={view} />
      </CardSection>
      <CardSection
        title={`Scale ${component}`}
        description={view.protected ? `${environment} is protected: a scale waits for ${view.approvalsRequired} approval${view.approvalsRequired === 1 ? '' : 's'} before it deploys` : `Deploys at once to ${environment}`}
      >
        {!view.enabled ? (
          <Alert tone="info">
            {component} is disabled in {environment}: enable it before scaling it.
          </Alert>
        ) : view.canScale.allowed ? (
          <ScaleForm
            environment={environment}
            component={component}
            revision={view.headRevision}
            settings={{ autoscaled: view.autoscaled, replicas: view.spec.replicas, minReplicas: view.spec.minReplicas, maxReplicas: view.spec.maxReplicas, triggers: view.spec.triggers }}
            zeroRefusal={view.zeroRefusal}
            approvalsRequired={view.approvalsRequired}
          />
        ) : (
          <DisabledReason reason={view.canScale.reason} />
        )}
      </CardSection>
    </div>
  );
}

function ScaleNumbers({ view }: { view: ScaleView }) {
  const { live, spec } = view;
  const known = live.state === 'known' ? live : null;
  const running = known?.deployment;
  const current = running ? `${running.current} (${running.ready} ready)` : known ? 'not deployed' : '—';
  const desired = running ? (running.desired ?? 'not set') : '—';
  const items = [
    { term: 'Current replicas', value: <span data-testid="scale-current">{current}</span> },
    { term: 'Desired replicas', value: <span data-testid="scale-desired">{desired}</span> },
    ...(view.autoscaled
      ? [
          { term: `Minimum (revision ${view.headRevision})`, value: <Bound wanted={spec.minReplicas} live={known?.scaledObject?.min} testId="scale-min" /> },
          { term: `Maximum (revision ${view.headRevision})`, value: <Bound wanted={spec.maxReplicas} live={known?.scaledObject?.max} testId="scale-max" /> },
          { term: 'Autoscaler', value: known?.scaledObject ? <AutoscalerState active={known.scaledObject.active} paused={known.scaledObject.paused} /> : known ? 'no ScaledObject on the cluster yet' : '—' },
        ]
      : [{ term: 'Replicas in the head revision', value: <span data-testid="scale-spec-replicas">{spec.replicas}</span> }]),
  ];
  return (
    <div className="space-y-3">
      {live.state === 'unreachable' ? (
        <Alert tone="warning" title={`The cluster is unreachable since ${formatDateTime(live.since)}`}>
          What runs now is unknown{live.error ? `: ${live.error}` : ''}. The head revision&apos;s settings are shown.
        </Alert>
      ) : live.state === 'unreadable' ? (
        <Alert tone="warning" title="The console cannot read what runs now">
          {live.error}. The head revision&apos;s settings are shown.
        </Alert>
      ) : live.state === 'syncing' ? (
        <Alert tone="info">Reading the cluster… reload in a moment for what runs now.</Alert>
      ) : null}
      <DescriptionList items={items} />
    </div>
  );
}

function Bound({ wanted, live, testId }: { wanted: number; live: number | null | undefined; testId: string }) {
  return (
    <span data-testid={testId}>
      {wanted}
      {live !== undefined && live !== null && live !== wanted ? <span className="ml-2 text-xs text-amber-800 dark:text-amber-300">(cluster: {live}, not deployed yet)</span> : null}
    </span>
  );
}

function AutoscalerState({ active, paused }: { active: boolean | null; paused: boolean }) {
  if (paused) return <Badge tone="warning">paused</Badge>;
  if (active === null) return <Badge tone="neutral">no activity reported</Badge>;
  return active ? <Badge tone="success">active: a trigger is above its threshold</Badge> : <Badge tone="neutral">idle</Badge>;
}

function Decisions({ view }: { view: ScaleView }) {
  if (view.live.state === 'unreachable' || view.live.state === 'unreadable') return <p className="text-sm text-slate-600 dark:text-slate-400">Unknown while the cluster cannot be read.</p>;
  if (view.decisions.length === 0) {
    return <EmptyState title="No recent scaling events">{view.autoscaled ? 'KEDA has not rescaled it recently (Kubernetes keeps events for about an hour).' : 'Without an autoscaler, it changes only when a deploy changes its replicas.'}</EmptyState>;
  }
  return (
    <ol className="divide-y divide-slate-100 dark:divide-slate-800">
      {view.decisions.map((decision, index) => (
        <li key={`${decision.at}-${index}`} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
          <span className="w-40 shrink-0 text-xs text-slate-600 dark:text-slate-400">
            <DateTime value={decision.at} fallback="time unknown" />
          </span>
          <Badge tone={decision.warning ? 'warning' : 'info'}>{decision.reason}</Badge>
          <span className="min-w-0 flex-1 break-words">{decision.message}</span>
          <span className="font-mono text-xs text-slate-500 dark:text-slate-400">
            {decision.source}
            {decision.count > 1 ? ` ×${decision.count}` : ''}
          </span>
        </li>
      ))}
    </ol>
  );
}
