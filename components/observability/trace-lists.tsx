import type { TraceList, TracesAnswer } from '@/lib/core/traces/traces-answer';
import { DateTime } from '@/components/ui/date-time';
import { Table, Td, Th } from '@/components/ui/table';
import { ExternalLink } from '@/components/ui/external-link';
import { NoData, Unavailable } from './unavailable';

function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
}

function Traces({ title, list, empty }: { title: string; list: TraceList; empty: string }) {
  return (
    <div>
      <h4 className="mb-2 text-sm font-semibold">{title}</h4>
      {list.status === 'unavailable' ? (
        <Unavailable reason={list.error} />
      ) : list.traces.length === 0 ? (
        <NoData>{empty}</NoData>
      ) : (
        <Table caption={title}>
          <thead>
            <tr>
              <Th>Root operation</Th>
              <Th>Duration</Th>
              <Th>Spans</Th>
              <Th>Started</Th>
              <Th>Trace</Th>
            </tr>
          </thead>
          <tbody>
            {list.traces.map((trace) => (
              <tr key={trace.traceId}>
                <Td>
                  <span className="font-mono text-xs">{trace.rootOperation}</span>
                  {trace.rootService !== 'unknown' ? <span className="block text-xs text-slate-500 dark:text-slate-400">{trace.rootService}</span> : null}
                </Td>
                <Td className="font-mono text-xs">{formatDuration(trace.durationMs)}</Td>
                <Td>{trace.spanCount}</Td>
                <Td className="whitespace-nowrap text-xs">
                  <DateTime value={trace.start} />
                </Td>
                <Td>
                  <ExternalLink href={trace.url}>
                    <span className="font-mono text-xs">{trace.traceId.slice(0, 12)}</span>
                  </ExternalLink>
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

/** A component's recent error traces and slowest traces, with Jaeger search links for the same window. */
export function TraceLists({ answer }: { answer: TracesAnswer }) {
  return (
    <div className="space-y-4">
      <p className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <ExternalLink href={answer.search.all}>Search {answer.service} in Jaeger</ExternalLink>
        <ExternalLink href={answer.search.errors}>Error traces in Jaeger</ExternalLink>
      </p>
      <div className="grid gap-4 xl:grid-cols-2">
        <Traces title="Recent error traces" list={answer.errors} empty="No error traces in this range." />
        <Traces title="Slowest traces" list={answer.slowest} empty="No traces in this range." />
      </div>
    </div>
  );
}
