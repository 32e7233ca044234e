'use client';

import { useEffect, useState } from 'react';
import type { ComponentName } from '@/lib/core/environments/environment-spec';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';
import { cidrKey, dependenciesKey, dependencyKey, dependencyRows, emptyDependencyRow, withDependencyRows, type DependencyRow } from './dependency-values';
import { bindText, type FormBinding } from './form-binding';
import { fieldId } from './form-values';

// The schema's limits (externalDependencySchema): at most 16 dependencies, 16 CIDR blocks each.
const maxDependencies = 16;
const maxCidrs = 16;

function GroupError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-2 text-xs font-medium text-red-700 dark:text-red-400">
      {message}
    </p>
  );
}

/**
 * A component's external dependencies (the services outside the cluster its network policy lets it
 * reach): a group per dependency with its name, host, port and CIDR blocks, one input per block.
 * Adding or removing moves focus to the input or button that takes its place.
 */
export function DependenciesEditor({ name, form }: { name: ComponentName; form: FormBinding }) {
  const rows = dependencyRows((key) => (form.has(key) ? form.text(key) : undefined), name);
  const listKey = dependenciesKey(name);
  const addId = `${fieldId(listKey)}-add`;
  const [focusId, setFocusId] = useState<string | null>(null);
  const readOnly = form.readOnly?.(listKey) ?? false;

  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId]);

  const change = (next: (rows: DependencyRow[]) => DependencyRow[], focus: string) => {
    form.edit(listKey, (values) => withDependencyRows(values, name, next));
    setFocusId(focus);
  };
  const listError = form.error(listKey);

  return (
    <fieldset className="mt-5 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby={listError ? `${fieldId(listKey)}-error` : `${fieldId(listKey)}-hint`}>
      <legend className="px-1 text-sm font-semibold">External dependencies</legend>
      <p id={`${fieldId(listKey)}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
        Services outside the cluster that {name} calls, such as its database. Its network policy allows TCP to exactly these blocks and ports.
      </p>
      {rows.length === 0 ? <p className="mt-3 text-sm text-slate-600 dark:text-slate-400">None: {name} reaches nothing outside the cluster.</p> : null}
      <div className="mt-3 space-y-3">
        {rows.map((row, index) => {
          const cidrsKey = dependencyKey(name, index, 'cidrs');
          const cidrsError = form.error(cidrsKey);
          const text = (field: 'name' | 'host' | 'port', label: string) => bindText(form, dependencyKey(name, index, field), label);
          return (
            <fieldset key={index} className="rounded-md border border-slate-200 bg-slate-50/60 p-3 dark:border-slate-700 dark:bg-slate-950/40">
              <legend className="px-1 text-sm font-medium">
                Dependency {index + 1}
                {row.name.trim() ? <span className="ml-1 font-mono text-xs font-normal text-slate-600 dark:text-slate-400">({row.name.trim()})</span> : null}
              </legend>
              <div className="grid gap-4 sm:grid-cols-6">
                <TextField {...text('name', 'Dependency name')} className="sm:col-span-2" hint="e.g. database" spellCheck={false} autoComplete="off" />
                <TextField {...text('host', 'Dependency host')} className="sm:col-span-3" hint="Optional: the name it is called by" spellCheck={false} autoComplete="off" />
                <TextField {...text('port', 'Dependency port')} inputMode="numeric" hint="TCP" autoComplete="off" />
              </div>
              <div className="mt-3" role="group" aria-labelledby={`${fieldId(cidrsKey)}-label`} aria-describedby={cidrsError ? `${fieldId(cidrsKey)}-error` : undefined}>
                <p id={`${fieldId(cidrsKey)}-label`} className="text-sm font-medium">
                  CIDR blocks <span className="font-normal text-slate-600 dark:text-slate-400">(where it lives; for a managed database, every subnet it may fail over to)</span>
                </p>
                <ul className="mt-2 space-y-2">
                  {row.cidrs.map((_, j) => {
                    const key = cidrKey(name, index, j);
                    return (
                      <li key={j} className="flex items-start gap-2">
                        <TextField {...bindText(form, key, `CIDR block ${j + 1}`)} className="min-w-0 flex-1" placeholder="10.20.0.0/24" spellCheck={false} autoComplete="off" />
                        <Button
                          className="mt-6"
                          disabled={readOnly}
                          onClick={() =>
                            change(
                              (all) => all.map((r, i) => (i === index ? { ...r, cidrs: r.cidrs.filter((__, k) => k !== j) } : r)),
                              row.cidrs.length > 1 ? fieldId(cidrKey(name, index, Math.max(0, j - 1))) : `${fieldId(cidrsKey)}-add`,
                            )
                          }
                        >
                          Remove<span className="sr-only"> CIDR block {j + 1} of dependency {index + 1}</span>
                        </Button>
                      </li>
                    );
                  })}
                </ul>
                <GroupError id={`${fieldId(cidrsKey)}-error`} message={cidrsError} />
                <Button
                  id={`${fieldId(cidrsKey)}-add`}
                  className="mt-2"
                  disabled={readOnly || row.cidrs.length >= maxCidrs}
                  onClick={() =>
                    change((all) => all.map((r, i) => (i === index ? { ...r, cidrs: [...r.cidrs, ''] } : r)), fieldId(cidrKey(name, index, row.cidrs.length)))
                  }
                >
                  Add CIDR block<span className="sr-only"> to dependency {index + 1}</span>
                </Button>
              </div>
              <div className="mt-3 border-t border-slate-200 pt-3 dark:border-slate-700">
                <Button variant="ghost" disabled={readOnly} onClick={() => change((all) => all.filter((__, i) => i !== index), addId)}>
                  Remove dependency {index + 1}
                  {row.name.trim() ? <span className="sr-only"> ({row.name.trim()})</span> : null}
                </Button>
              </div>
            </fieldset>
          );
        })}
      </div>
      <GroupError id={`${fieldId(listKey)}-error`} message={listError} />
      <Button
        id={addId}
        className="mt-3"
        disabled={readOnly || rows.length >= maxDependencies}
        onClick={() => change((all) => [...all, emptyDependencyRow()], fieldId(dependencyKey(name, rows.length, 'name')))}
      >
        Add dependency<span className="sr-only"> to {name}</span>
      </Button>
    </fieldset>
  );
}
