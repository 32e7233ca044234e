'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { canWriteEnvironment, type Actor } from '@/lib/core/auth/roles';
import { cloneSpec } from '@/lib/core/environments/clone-spec';
import { environmentSpecSchema, tiers, type EnvironmentSpec, type Tier } from '@/lib/core/environments/environment-spec';
import { ApiError, apiRequest } from '../api/api-request';
import { Button, ButtonLink } from '../ui/button';
import { Card } from '../ui/card';
import { ErrorSummary } from '../ui/error-summary';
import { SelectField, TextField } from '../ui/field';
import { DisabledReason } from '../ui/guarded-action';

type Values = { name: string; namespace: string; tier: Tier; changeNote: string };
type Errors = Partial<Record<keyof Values, string>>;

const labels: Record<keyof Values, string> = { name: 'Name', namespace: 'Namespace', tier: 'Tier', changeNote: 'Change note' };

function validate(values: Values): Errors {
  const errors: Errors = {};
  const name = environmentSpecSchema.shape.name.safeParse(values.name);
  if (!name.success) errors.name = values.name ? name.error.issues[0]!.message : 'required';
  const namespace = environmentSpecSchema.shape.namespace.safeParse(values.namespace);
  if (!namespace.success) errors.namespace = values.namespace ? namespace.error.issues[0]!.message : 'required';
  return errors;
}

/** Copies an environment under a new name; a production copy is always protected (cloneSpec). */
export function CloneForm({ actor, source }: { actor: Actor; source: EnvironmentSpec }) {
  const router = useRouter();
  const [values, setValues] = useState<Values>({ name: '', namespace: '', tier: source.tier, changeNote: '' });
  const [namespaceEdited, setNamespaceEdited] = useState(false);
  const [touched, setTouched] = useState<Partial<Record<keyof Values, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<Errors>({});
  const [failure, setFailure] = useState<string | null>(null);

  const errors = validate(values);
  const visible = (key: keyof Values) => ((submitted || touched[key]) && errors[key]) || serverErrors[key];
  const target = cloneSpec(source, { name: values.name || 'the clone', namespace: values.namespace, tier: values.tier }).spec;
  const decision = canWriteEnvironment(actor, { protected: target.protection.protected, name: values.name || 'the clone' });

  const set = (key: keyof Values, value: string) => {
    setValues((current) => {
      const next = { ...current, [key]: value };
      if (key === 'name' && !namespaceEdited) next.namespace = value ? `personapass-${value}` : '';
      return next;
    });
    if (key === 'namespace') setNamespaceEdited(true);
    setTouched((current) => ({ ...current, [key]: true }));
    setServerErrors((current) => ({ ...current, [key]: undefined }));
  };

  const clone = useMutation({
    mutationFn: () =>
      apiRequest<{ name: string }>(`/api/v1/environments/${encodeURIComponent(source.name)}/clone`, {
        method: 'POST',
        body: { name: values.name, namespace: values.namespace, tier: values.tier, ...(values.changeNote.trim() ? { changeNote: values.changeNote.trim() } : {}) },
      }),
    onSuccess: (created) => {
      router.push(`/environments/${encodeURIComponent(created.name)}`);
      router.refresh();
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        const next: Errors = {};
        for (const issue of error.issues) {
          const key = issue.path.replace(/^spec\./, '') as keyof Values;
          if (key in labels) next[key] ??= issue.message;
        }
        setServerErrors(next);
      }
      setFailure(error.message);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    setFailure(null);
    if (Object.keys(errors).length === 0) clone.mutate();
  };

  const summary = [
    ...(submitted ? (Object.entries(errors) as Array<[keyof Values, string]>) : []),
    ...(Object.entries(serverErrors).filter(([, message]) => message) as Array<[keyof Values, string]>),
  ].map(([key, message]) => ({ label: labels[key], message, fieldId: `clone-${key}` }));

  return (
    <form noValidate onSubmit={onSubmit} aria-label={`Clone ${source.name}`} className="max-w-2xl space-y-6">
      {failure || summary.length > 0 ? <ErrorSummary title={failure ?? 'Fix these problems before cloning'} issues={summary} /> : null}
      <Card className="space-y-4 p-5">
        <TextField
          id="clone-name"
          label="Name"
          value={values.name}
          error={visible('name')}
          hint={`The new environment's name: lower-case letters, digits and "-"`}
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => set('name', event.target.value)}
          onBlur={() => setTouched((current) => ({ ...current, name: true }))}
        />
        <TextField
          id="clone-namespace"
          label="Namespace"
          value={values.namespace}
          error={visible('namespace')}
          hint="Defaults to personapass-<name>"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => set('namespace', event.target.value)}
          onBlur={() => setTouched((current) => ({ ...current, namespace: true }))}
        />
        <SelectField
          id="clone-tier"
          label="Tier"
          value={values.tier}
          options={tiers.map((tier) => ({ value: tier, label: tier }))}
          error={visible('tier')}
          hint={values.tier === 'production' ? 'A production clone is protected with at least 2 approvals.' : undefined}
          onChange={(event) => set('tier', event.target.value)}
        />
        <TextField
          id="clone-changeNote"
          label="Change note"
          value={values.changeNote}
          error={visible('changeNote')}
          hint={`Optional; defaults to "cloned from ${source.name} revision …"`}
          maxLength={500}
          onChange={(event) => set('changeNote', event.target.value)}
        />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The clone copies every other setting of {source.name}: images, scale, resources, toggles and observability endpoints.
          {target.protection.protected ? ` It will be protected (${target.protection.approvalsRequired} approvals).` : ' It will not be protected.'}
        </p>
      </Card>
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" variant="primary" disabled={clone.isPending || !decision.allowed} aria-describedby={decision.allowed ? undefined : 'clone-disabled-reason'}>
          {clone.isPending ? 'Cloning…' : 'Clone'}
        </Button>
        <ButtonLink href={`/environments/${encodeURIComponent(source.name)}`} variant="ghost">
          Cancel
        </ButtonLink>
        {decision.allowed ? null : <DisabledReason id="clone-disabled-reason" reason={decision.reason} />}
      </div>
    </form>
  );
}
