import type { ComponentName } from '@/lib/core/environments/environment-spec';
import { CheckboxField, TextField } from '../ui/field';
import { DependenciesEditor } from './dependencies-editor';
import { componentFieldLabels } from './field-labels';
import { bindCheckbox, bindText, type FormBinding } from './form-binding';
import { componentFieldKey, fieldId } from './form-values';

/**
 * One component's settings. The section is a named region (aria-label = component name) so a
 * person or a test can find "Replicas" within wallet-api.
 */
export function ComponentCard({ name, form }: { name: ComponentName; form: FormBinding }) {
  const key = (path: string) => componentFieldKey(name, path);
  const text = (path: string) => bindText(form, key(path), componentFieldLabels[path]);
  const checkbox = (path: string) => bindCheckbox(form, key(path), componentFieldLabels[path]);
  const triggersError = form.error(key('autoscaling.triggers'));
  const triggersId = fieldId(key('autoscaling.triggers'));
  return (
    <section aria-label={name} className="rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h3 className="font-mono text-sm font-semibold">{name}</h3>
        <CheckboxField {...checkbox('enabled')} />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField {...text('image.repository')} className="sm:col-span-2" spellCheck={false} autoComplete="off" />
        <TextField {...text('image.ref')} hint="A version tag such as 2.3.0, or sha256:…" spellCheck={false} autoComplete="off" />
        <TextField {...text('replicas')} inputMode="numeric" hint="Used while autoscaling is off" />
      </div>

      <fieldset className="mt-5 rounded-md border border-slate-200 p-3 dark:border-slate-700" aria-describedby={triggersError ? `${triggersId}-error` : undefined}>
        <legend className="px-1 text-sm font-semibold">Autoscaling</legend>
        <CheckboxField {...checkbox('autoscaling.enabled')} />
        <div className="mt-3 grid gap-4 sm:grid-cols-3">
          <TextField {...text('autoscaling.minReplicas')} inputMode="numeric" hint="Replicas" />
          <TextField {...text('autoscaling.maxReplicas')} inputMode="numeric" hint="Replicas" />
        </div>
        <p className="mt-4 text-sm font-medium" id={triggersId}>
          Triggers <span className="font-normal text-slate-600 dark:text-slate-400">(leave empty to not use one)</span>
        </p>
        <div className="mt-2 grid gap-4 sm:grid-cols-3">
          <TextField {...text('autoscaling.triggers.requestsPerSecond')} inputMode="decimal" />
          <TextField {...text('autoscaling.triggers.queueLength')} inputMode="numeric" />
          <TextField {...text('autoscaling.triggers.cpuUtilizationPercent')} inputMode="numeric" />
        </div>
        {triggersError ? (
          <p id={`${triggersId}-error`} className="mt-2 text-xs font-medium text-red-700 dark:text-red-400">
            {triggersError}
          </p>
        ) : null}
      </fieldset>

      <fieldset className="mt-5 rounded-md border border-slate-200 p-3 dark:border-slate-700">
        <legend className="px-1 text-sm font-semibold">Resources</legend>
        <div className="grid gap-4 sm:grid-cols-4">
          <TextField {...text('resources.requests.cpu')} hint="e.g. 250m" spellCheck={false} />
          <TextField {...text('resources.limits.cpu')} hint="e.g. 1000m" spellCheck={false} />
          <TextField {...text('resources.requests.memory')} hint="e.g. 512Mi" spellCheck={false} />
          <TextField {...text('resources.limits.memory')} hint="e.g. 2Gi" spellCheck={false} />
        </div>
      </fieldset>

      <DependenciesEditor name={name} form={form} />
    </section>
  );
}
