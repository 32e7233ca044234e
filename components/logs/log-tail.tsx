'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { defaultTailLines, redactionMarker, type ComponentLogs, type LogPod } from '@/lib/core/logs/log-contract';
import { ApiError, apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { CardSection } from '../ui/card';
import { EmptyState } from '../ui/empty-state';
import { CheckboxField, SelectField } from '../ui/field';

/** How often a followed log is read again, only while the tab is visible. */
const followEveryMs = 4000;
const tailChoices = [50, defaultTailLines, 500, 1000].map((n) => ({ value: String(n), label: `last ${n} lines` }));

type Selection = { pod: string; container: string; tail: number; timestamps: boolean };

/** One structured key per log read, so a pod or tail change is its own cache entry. */
export const componentLogsKey = (environment: string, component: string, selection: Selection) => ['component-logs', environment, component, selection] as const;

function logsUrl(environment: string, component: string, selection: Selection): string {
  const query = new URLSearchParams({ tail: String(selection.tail), timestamps: String(selection.timestamps) });
  if (selection.pod) query.set('pod', selection.pod);
  if (selection.container) query.set('container', selection.container);
  return `/api/v1/environments/${encodeURIComponent(environment)}/components/${encodeURIComponent(component)}/logs?${query}`;
}

/**
 * The last lines of a component's pod, for operators and above: pod and container pickers, a tail
 * length, refresh and an optional follow. Secrets are redacted on the server; their markers are
 * highlighted here so a reader knows a value was hidden, not empty.
 */
export function LogTail({ environment, component, pods }: { environment: string; component: string; pods: LogPod[] }) {
  const [selection, setSelection] = useState<Selection>({ pod: pods[0]?.name ?? '', container: '', tail: defaultTailLines, timestamps: false });
  const [follow, setFollow] = useState(false);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const output = useRef<HTMLPreElement>(null);
  const logs = useQuery({
    queryKey: componentLogsKey(environment, component, selection),
    queryFn: () => apiRequest<ComponentLogs>(logsUrl(environment, component, selection)),
    // TanStack Query pauses the interval while the tab is hidden (refetchIntervalInBackground is off).
    refetchInterval: follow ? followEveryMs : false,
    refetchIntervalInBackground: false,
    retry: (count, error) => !(error instanceof ApiError && [400, 403, 404].includes(error.status)) && count < 2,
    placeholderData: (previous) => previous,
  });
  const known = logs.data?.pods.length ? logs.data.pods : pods;
  const pod = known.find((candidate) => candidate.name === (selection.pod || logs.data?.pod));
  const container = selection.container || logs.data?.container || '';
  const lines = logs.data?.lines;

  useEffect(() => {
    if (follow && output.current) output.current.scrollTop = output.current.scrollHeight;
  }, [follow, lines]);

  const choose = (next: Partial<Selection>) => {
    setCopied(null);
    setSelection((current) => ({ ...current, ...next }));
  };

  return (
    <CardSection
      title="Logs"
      headingLevel={3}
      description={
        <>
          Values that look like secrets are replaced with <RedactedMark /> on the server.
        </>
      }
      actions={
        <div className="flex items-center gap-2">
          <Button onClick={() => void logs.refetch()} disabled={logs.isFetching} aria-busy={logs.isFetching}>
            {logs.isFetching ? 'Reading…' : 'Refresh'}
          </Button>
          <Button
            disabled={!lines?.length}
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(lines!.join('\n'));
                setCopied('yes');
              } catch {
                setCopied('failed');
              }
            }}
          >
            Copy
          </Button>
        </div>
      }
    >
      <div className="grid gap-3 sm:grid-cols-4">
        <SelectField
          id={`${component}-log-pod`}
          label="Pod"
          value={pod?.name ?? ''}
          disabled={known.length === 0}
          onChange={(event) => choose({ pod: event.target.value, container: '' })}
          options={known.length ? known.map((candidate) => ({ value: candidate.name, label: candidate.name })) : [{ value: '', label: 'no pods' }]}
        />
        <SelectField
          id={`${component}-log-container`}
          label="Container"
          value={container}
          disabled={!pod || pod.containers.length < 2}
          onChange={(event) => choose({ container: event.target.value })}
          options={(pod?.containers.length ? pod.containers : [container]).map((name) => ({ value: name, label: name || '—' }))}
        />
        <SelectField id={`${component}-log-tail`} label="Length" value={String(selection.tail)} onChange={(event) => choose({ tail: Number(event.target.value) })} options={tailChoices} />
        <div className="flex flex-col justify-end gap-1 pb-1">
          <CheckboxField id={`${component}-log-follow`} label="Follow" hint={`reads again every ${followEveryMs / 1000} s while this tab is visible`} checked={follow} onChange={(event) => setFollow(event.target.checked)} />
          <CheckboxField id={`${component}-log-timestamps`} label="Timestamps" checked={selection.timestamps} onChange={(event) => choose({ timestamps: event.target.checked })} />
        </div>
      </div>

      <p aria-live="polite" className="mt-2 min-h-4 text-xs text-slate-600 dark:text-slate-400">
        {copied === 'yes' ? 'Copied to the clipboard (with the redaction markers).' : copied === 'failed' ? 'Copying was blocked; select the text and copy it yourself.' : logs.data ? summary(logs.data) : ''}
      </p>

      <div className="mt-2">
        {logs.error instanceof ApiError && logs.error.status === 403 ? (
          <Alert tone="warning" title="Logs need the operator role or above">
            {logs.error.message}
          </Alert>
        ) : logs.error ? (
          <Alert tone="danger" title="The log could not be read">
            {logs.error.message}
          </Alert>
        ) : logs.isPending ? (
          <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
            Reading the log…
          </p>
        ) : known.length === 0 ? (
          <EmptyState title="No pods">{component} has no pod in this environment right now, so there is no log to read.</EmptyState>
        ) : !lines?.length ? (
          <EmptyState title="The log is empty">{logs.data?.pod} has written nothing to {logs.data?.container} yet (or nothing in the window asked for).</EmptyState>
        ) : (
          <pre
            ref={output}
            tabIndex={0}
            role="log"
            aria-label={`Log of ${logs.data?.pod}, container ${logs.data?.container}`}
            className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-50 p-3 font-mono text-xs leading-5 text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-sky-600 dark:border-slate-800 dark:bg-slate-950 dark:text-slate-100"
          >
            {lines.map((line, index) => (
              <LogLine key={index} line={line} />
            ))}
          </pre>
        )}
      </div>
    </CardSection>
  );
}

function summary(logs: ComponentLogs): string {
  const parts = [`${logs.lines.length} lines read at ${new Date(logs.readAt).toLocaleTimeString()}`];
  if (logs.redactions > 0) parts.push(`${logs.redactions} value${logs.redactions === 1 ? '' : 's'} redacted`);
  if (logs.truncated) parts.push('cut at the size limit');
  return `${parts.join(' · ')}.`;
}

function RedactedMark() {
  return (
    <mark title="Redacted on the server: this value looked like a secret" className="rounded bg-amber-200 px-0.5 font-mono text-amber-950 dark:bg-amber-800 dark:text-amber-50">
      {redactionMarker}
    </mark>
  );
}

function LogLine({ line }: { line: string }) {
  const parts = line.split(redactionMarker);
  return (
    <span className="block whitespace-pre-wrap break-all">
      {parts.map((part, index) => (
        <span key={index}>
          {index > 0 ? <RedactedMark /> : null}
          {part}
        </span>
      ))}
      {line === '' ? '\u00a0' : null}
    </span>
  );
}
