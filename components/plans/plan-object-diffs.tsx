'use client';

import { useInfiniteQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlanAction, PlanObjectDto } from '@/lib/core/deploy/plan-contract';
import { apiRequest } from '../api/api-request';
import { Badge, type BadgeTone } from '../ui/badge';
import { Button } from '../ui/button';
import { CardSection } from '../ui/card';
import { cx } from '../ui/cx';
import { planKeys } from './plan-query-keys';

type Filter = 'changes' | PlanAction;
type Row = { kind: 'object'; object: PlanObjectDto; lines: number; open: boolean } | { kind: 'line'; text: string };

const actionTones: Record<PlanAction, BadgeTone> = { create: 'success', update: 'info', delete: 'danger', unchanged: 'neutral' };
const filters: Array<[Filter, string]> = [
  ['changes', 'All changes'],
  ['create', 'Create'],
  ['update', 'Update'],
  ['delete', 'Delete'],
  ['unchanged', 'Unchanged'],
];
const pageSize = 200;

/**
 * Every object of a plan with its diff, collapsible. Objects and their diff lines are one flat,
 * virtualised list: only the rows in view are in the page, so a plan of thousands of diff lines
 * scrolls as fast as one of ten.
 */
export function PlanObjectDiffs({ planId }: { planId: string }) {
  const [filter, setFilter] = useState<Filter>('changes');
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const objects = useInfiniteQuery({
    queryKey: planKeys.objects(planId, filter === 'changes' ? 'all' : filter),
    queryFn: ({ pageParam }) =>
      apiRequest<{ items: PlanObjectDto[]; nextCursor: string | null }>(
        `/api/v1/plans/${planId}/objects?limit=${pageSize}${filter === 'changes' ? '' : `&action=${filter}`}${pageParam ? `&cursor=${pageParam}` : ''}`,
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // A plan never changes once made.
    staleTime: Infinity,
  });
  // Pages keep coming in behind the first, so the list is complete without a "more" button.
  useEffect(() => {
    if (objects.hasNextPage && !objects.isFetchingNextPage) void objects.fetchNextPage();
  }, [objects]);

  const shown = useMemo(() => (objects.data?.pages ?? []).flatMap((page) => page.items).filter((o) => filter !== 'changes' || o.action !== 'unchanged'), [objects.data, filter]);
  const rows = useMemo(() => toRows(shown, open), [shown, open]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: (index) => (rows[index]!.kind === 'object' ? 40 : 20), overscan: 30 });

  const toggle = (seq: number) => setOpen((current) => (current.has(seq) ? new Set([...current].filter((s) => s !== seq)) : new Set([...current, seq])));
  return (
    <CardSection
      title="Objects"
      description="In apply order; open an object to read its diff."
      actions={
        <div className="flex flex-wrap gap-2">
          <Button className="px-2 py-1 text-xs" onClick={() => setOpen(new Set(shown.filter((o) => o.diff).map((o) => o.seq)))}>
            Expand all
          </Button>
          <Button className="px-2 py-1 text-xs" onClick={() => setOpen(new Set())}>
            Collapse all
          </Button>
        </div>
      }
    >
      <div role="group" aria-label="Show objects" className="mb-3 flex flex-wrap gap-2">
        {filters.map(([value, label]) => (
          <Button key={value} className="px-2 py-1 text-xs" variant={filter === value ? 'primary' : 'secondary'} aria-pressed={filter === value} onClick={() => setFilter(value)}>
            {label}
          </Button>
        ))}
      </div>
      {objects.error ? <p role="alert">{objects.error.message}</p> : null}
      {objects.isPending ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">Loading objects…</p>
      ) : shown.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400">No objects to show.</p>
      ) : (
        <div ref={scroller} className="h-[70vh] overflow-auto rounded-md border border-slate-200 dark:border-slate-800" data-testid="plan-objects">
          <div className="relative w-full" ref={(element) => element?.style.setProperty('height', `${virtualizer.getTotalSize()}px`)}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div
                  key={item.key}
                  data-index={item.index}
                  className="absolute left-0 top-0 w-full"
                  // The CSP forbids style attributes; positions are set through the DOM instead.
                  ref={(element) => element?.style.setProperty('transform', `translateY(${item.start}px)`)}
                >
                  {row.kind === 'object' ? <ObjectRow row={row} onToggle={() => toggle(row.object.seq)} /> : <DiffLine text={row.text} />}
                </div>
              );
            })}
          </div>
        </div>
      )}
    </CardSection>
  );
}

function toRows(objects: PlanObjectDto[], open: ReadonlySet<number>): Row[] {
  return objects.flatMap((object): Row[] => {
    const lines = object.diff ? object.diff.replace(/\n$/, '').split('\n') : [];
    const header: Row = { kind: 'object', object, lines: lines.length, open: open.has(object.seq) };
    return open.has(object.seq) ? [header, ...lines.map((text) => ({ kind: 'line' as const, text }))] : [header];
  });
}

function ObjectRow({ row, onToggle }: { row: Extract<Row, { kind: 'object' }>; onToggle: () => void }) {
  const { object } = row;
  return (
    <button
      type="button"
      onClick={onToggle}
      disabled={row.lines === 0}
      aria-expanded={row.lines === 0 ? undefined : row.open}
      className="flex h-10 w-full items-center gap-3 border-b border-slate-100 px-3 text-left text-sm hover:bg-slate-50 disabled:cursor-default dark:border-slate-800 dark:hover:bg-slate-800"
    >
      <span aria-hidden className="w-3 text-slate-500">
        {row.lines === 0 ? '' : row.open ? '▾' : '▸'}
      </span>
      <Badge tone={actionTones[object.action]}>{object.action}</Badge>
      <span className="truncate font-mono text-xs">{object.object}</span>
      <span className="ml-auto shrink-0 text-xs text-slate-500">
        {object.component} · {object.wave}
        {row.lines ? ` · ${row.lines} lines` : ''}
      </span>
    </button>
  );
}

function DiffLine({ text }: { text: string }) {
  const tone = text.startsWith('+++') || text.startsWith('---')
    ? 'text-slate-500'
    : text.startsWith('+')
      ? 'bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200'
      : text.startsWith('-')
        ? 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-200'
        : text.startsWith('@@')
          ? 'text-sky-700 dark:text-sky-300'
          : 'text-slate-700 dark:text-slate-300';
  return <pre className={cx('h-5 overflow-hidden whitespace-pre px-3 pl-9 font-mono text-xs leading-5', tone)}>{text || ' '}</pre>;
}
