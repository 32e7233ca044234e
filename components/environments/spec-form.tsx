'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, type FormEvent } from 'react';
import { canWriteEnvironment, type Actor } from '@/lib/core/auth/roles';
import type { EnvironmentSpec } from '@/lib/core/environments/environment-spec';
import { diffSpecs, type SpecChange } from '@/lib/core/environments/spec-diff';
import { ApiError, apiRequest } from '../api/api-request';
import { Button, ButtonLink } from '../ui/button';
import { CardSection } from '../ui/card';
import { ErrorSummary } from '../ui/error-summary';
import { TextareaField } from '../ui/field';
import { DisabledReason } from '../ui/guarded-action';
import { applyChanges } from './apply-changes';
import { CapacitySection } from './capacity-section';
import { ConflictPanel, type ConflictDetails } from './conflict-panel';
import { labelForField } from './field-labels';
import { fieldId, fieldKeyForIssue, specFromValues, valuesFromSpec, type FieldErrors } from './form-values';
import { PendingEditsPanel } from './pending-edits-panel';
import { ComponentsSection, GeneralSection, ObservabilitySection, ProtectionSection, TogglesSection } from './spec-form-sections';
import { useSpecForm } from './use-spec-form';

type RevisionResponse = { name: string; revision: number; spec: EnvironmentSpec };

type SpecFormProps = (
  | { mode: 'create'; actor: Actor; initialSpec: EnvironmentSpec }
  | { mode: 'edit'; actor: Actor; initialSpec: EnvironmentSpec; revision: number }
) & {
  /** Names of the registered clusters, offered as the choices for spec.cluster. */
  clusterNames: string[];
};

/** Create or edit an environment spec, validated in the browser with the server's own schema. */
export function SpecForm(props: SpecFormProps) {
  const { mode, actor } = props;
  const router = useRouter();
  const environment = props.initialSpec.name;
  const form = useSpecForm(valuesFromSpec(props.initialSpec), {
    readOnlyKeys: mode === 'edit' ? ['name'] : [],
    deriveNamespace: mode === 'create',
  });
  const [changeNote, setChangeNote] = useState('');
  const [changeNoteTouched, setChangeNoteTouched] = useState(false);
  const [base, setBase] = useState({ revision: mode === 'edit' ? props.revision : 0, spec: props.initialSpec });
  const [failure, setFailure] = useState<string | null>(null);
  const [conflict, setConflict] = useState<ConflictDetails | null>(null);
  const [pendingEdits, setPendingEdits] = useState<{ revision: number; edits: SpecChange[] } | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // Editing needs the rights for the protection before and after (nobody but an admin lifts it).
  const wantsProtected = form.values['protection.protected'] === true;
  const decision = canWriteEnvironment(actor, {
    protected: wantsProtected || (mode === 'edit' && base.spec.protection.protected),
    name: (typeof form.values.name === 'string' && form.values.name) || 'this environment',
  });

  const noteError =
    mode === 'edit' && changeNote.trim() === '' && (form.submitted || changeNoteTouched) ? 'say what changed and why' : form.serverErrors.changeNote;

  const save = useMutation({
    mutationFn: (spec: EnvironmentSpec) => {
      const note = changeNote.trim();
      if (mode === 'create') {
        return apiRequest<RevisionResponse>('/api/v1/environments', { method: 'POST', body: { spec, ...(note ? { changeNote: note } : {}) } });
      }
      return apiRequest<RevisionResponse>(`/api/v1/environments/${encodeURIComponent(environment)}`, {
        method: 'PUT',
        headers: { 'if-match': `"${base.revision}"` },
        body: { spec, changeNote: note },
      });
    },
    onSuccess: (saved) => {
      router.push(`/environments/${encodeURIComponent(saved.name)}`);
      router.refresh();
    },
    onError: (error) => {
      const details = error instanceof ApiError ? (error.details as { currentRevision?: number; path?: string } | undefined) : undefined;
      if (error instanceof ApiError && error.status === 409 && mode === 'edit' && details?.currentRevision !== undefined) {
        setConflict(error.details as ConflictDetails);
        return;
      }
      if (error instanceof ApiError && error.issues.length > 0) {
        const fieldErrors: FieldErrors = {};
        for (const issue of error.issues) fieldErrors[fieldKeyForIssue(issue.path)] ??= issue.message;
        form.setServerErrors(fieldErrors);
      } else if (error instanceof ApiError && error.status === 409 && typeof details?.path === 'string') {
        // A deploy target held by another environment: point at the field that chose it.
        form.setServerErrors({ [fieldKeyForIssue(details.path)]: error.message });
      }
      setFailure(error instanceof ApiError && error.status === 403 ? `Not allowed: ${error.message}` : error.message);
      summaryRef.current?.focus();
    },
  });

  const loadLatest = useMutation({
    mutationFn: () => apiRequest<RevisionResponse>(`/api/v1/environments/${encodeURIComponent(environment)}`),
    onSuccess: (latest) => {
      const edits = diffSpecs(base.spec, specFromValues(form.values));
      form.reset(valuesFromSpec(latest.spec));
      setBase({ revision: latest.revision, spec: latest.spec });
      setPendingEdits({ revision: latest.revision, edits });
      setConflict(null);
      setFailure(null);
    },
    onError: (error) => setFailure(error.message),
  });

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.setSubmitted(true);
    setFailure(null);
    const noteMissing = mode === 'edit' && changeNote.trim() === '';
    if (!form.validation.spec || noteMissing) {
      // Let the summary render first, then move focus to it.
      requestAnimationFrame(() => summaryRef.current?.focus());
      return;
    }
    form.setServerErrors({});
    save.mutate(form.validation.spec);
  };

  const issues = useMemo(() => {
    const all: FieldErrors = { ...form.serverErrors, ...(form.submitted ? form.validation.errors : {}) };
    if (noteError) all.changeNote = noteError;
    return Object.entries(all).map(([key, message]) => ({ label: labelForField(key), message, fieldId: fieldId(key) }));
  }, [form.serverErrors, form.submitted, form.validation.errors, noteError]);

  const showSummary = failure !== null || (form.submitted && issues.length > 0);
  const cancelHref = mode === 'edit' ? `/environments/${encodeURIComponent(environment)}` : '/environments';

  return (
    <form noValidate onSubmit={onSubmit} aria-label={mode === 'edit' ? `Edit ${environment}` : 'New environment'} className="space-y-6">
      <div ref={summaryRef} tabIndex={-1} className="space-y-4 focus:outline-none">
        {conflict ? (
          <ConflictPanel environment={environment} conflict={conflict} loading={loadLatest.isPending} onLoadLatest={() => loadLatest.mutate()} />
        ) : null}
        {showSummary && !conflict ? (
          <ErrorSummary
            title={failure ?? `Fix ${issues.length} problem${issues.length === 1 ? '' : 's'} before saving`}
            issues={issues}
          />
        ) : null}
        {pendingEdits ? (
          <PendingEditsPanel
            revision={pendingEdits.revision}
            edits={pendingEdits.edits}
            onReapply={() => {
              const merged = applyChanges(specFromValues(form.values), pendingEdits.edits) as EnvironmentSpec;
              form.reset(valuesFromSpec(merged));
              setPendingEdits(null);
            }}
            onDismiss={() => setPendingEdits(null)}
          />
        ) : null}
      </div>

      <GeneralSection
        form={form.binding}
        clusterNames={props.clusterNames}
        nameHint={mode === 'edit' ? 'An environment cannot be renamed; clone it instead' : undefined}
      />
      <CapacitySection form={form.binding} />
      <ProtectionSection form={form.binding} />
      <ComponentsSection form={form.binding} />
      <TogglesSection form={form.binding} />
      <ObservabilitySection form={form.binding} />

      <CardSection title="Change">
        <TextareaField
          id={fieldId('changeNote')}
          label="Change note"
          rows={2}
          value={changeNote}
          maxLength={500}
          error={noteError}
          hint={mode === 'edit' ? 'Required: what changed and why. It is kept in the revision history.' : 'Optional; kept in the revision history.'}
          onChange={(event) => setChangeNote(event.target.value)}
          onBlur={() => setChangeNoteTouched(true)}
        />
      </CardSection>

      <div className="sticky bottom-0 -mx-4 flex flex-wrap items-center gap-3 border-t border-slate-200 bg-slate-50/95 px-4 py-3 backdrop-blur md:-mx-8 md:px-8 dark:border-slate-800 dark:bg-slate-950/95">
        <Button type="submit" variant="primary" disabled={save.isPending || !decision.allowed} aria-describedby={decision.allowed ? undefined : 'save-disabled-reason'}>
          {save.isPending ? (
            <>
              <span aria-hidden="true" className="size-3.5 animate-spin rounded-full border-2 border-white/40 border-t-white" />
              Saving…
            </>
          ) : (
            'Save'
          )}
        </Button>
        <ButtonLink href={cancelHref} variant="ghost">
          Cancel
        </ButtonLink>
        {mode === 'edit' ? <span className="text-sm text-slate-600 dark:text-slate-400">Based on revision {base.revision}</span> : null}
        {decision.allowed ? null : <DisabledReason id="save-disabled-reason" reason={decision.reason} />}
      </div>
    </form>
  );
}
