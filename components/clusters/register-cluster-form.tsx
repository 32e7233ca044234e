'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { ConnectionTest } from '@/lib/core/clusters/connection-test';
import { ApiError, apiRequest } from '../api/api-request';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';
import { ErrorSummary } from '../ui/error-summary';
import { SelectField, TextareaField, TextField } from '../ui/field';
import { ConnectionTestView } from './connection-test-view';

type Kind = 'token' | 'client-certificate';
type Key = 'name' | 'apiServerUrl' | 'caBundle' | 'credential.token' | 'credential.certificate' | 'credential.key' | 'override.reason';

const labels: Record<Key, string> = {
  name: 'Name',
  apiServerUrl: 'API server URL',
  caBundle: 'CA bundle',
  'credential.token': 'Bearer token',
  'credential.certificate': 'Client certificate',
  'credential.key': 'Client key',
  'override.reason': 'Override reason',
};

const fieldId = (key: Key) => `cluster-${key.replace('.', '-')}`;

const empty: Record<Key, string> = { name: '', apiServerUrl: '', caBundle: '', 'credential.token': '', 'credential.certificate': '', 'credential.key': '', 'override.reason': '' };

/**
 * Registers a cluster. The server tests the connection first and saves nothing if the API server
 * cannot be reached or refuses the CA or credential; the credential is sealed there and never comes back.
 */
export function RegisterClusterForm() {
  const router = useRouter();
  const [kind, setKind] = useState<Kind>('token');
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [registered, setRegistered] = useState<{ name: string; connectionTest: ConnectionTest } | null>(null);

  const register = useMutation({
    mutationFn: () =>
      apiRequest<{ name: string; connectionTest: ConnectionTest }>('/api/v1/clusters', {
        method: 'POST',
        body: {
          name: values.name.trim(),
          apiServerUrl: values.apiServerUrl.trim(),
          caBundle: values.caBundle.trim(),
          credential:
            kind === 'token'
              ? { kind, token: values['credential.token'].trim() }
              : { kind, certificate: values['credential.certificate'].trim(), key: values['credential.key'].trim() },
          ...(values['override.reason'].trim() ? { override: { reason: values['override.reason'].trim() } } : {}),
        },
      }),
    onSuccess: (cluster) => {
      // Secrets leave the browser's memory as soon as they are stored.
      setValues(empty);
      setErrors({});
      setRegistered(cluster);
      router.refresh();
    },
    onError: (error) => {
      const next: Partial<Record<Key, string>> = {};
      if (error instanceof ApiError) {
        for (const issue of error.issues) {
          // The API server refusing the credential as a whole is shown on the field that holds it.
          const path = issue.path === 'credential' ? (kind === 'token' ? 'credential.token' : 'credential.certificate') : issue.path;
          if (path in labels) next[path as Key] ??= issue.message;
        }
      }
      setErrors(next);
      setFailure(error.message);
    },
  });

  const required: Key[] = ['name', 'apiServerUrl', 'caBundle', ...(kind === 'token' ? (['credential.token'] as Key[]) : (['credential.certificate', 'credential.key'] as Key[]))];

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setRegistered(null);
    setFailure(null);
    const missing: Partial<Record<Key, string>> = {};
    for (const key of required) if (!values[key].trim()) missing[key] = 'required';
    setErrors(missing);
    if (Object.keys(missing).length === 0) register.mutate();
  };

  const bind = (key: Key) => ({
    id: fieldId(key),
    label: labels[key],
    value: values[key],
    error: errors[key],
    onChange: (event: { target: { value: string } }) => {
      setValues((current) => ({ ...current, [key]: event.target.value }));
      setErrors((current) => ({ ...current, [key]: undefined }));
    },
    spellCheck: false,
    autoComplete: 'off',
  });

  const summary = (Object.entries(errors) as Array<[Key, string | undefined]>)
    .filter((entry): entry is [Key, string] => Boolean(entry[1]))
    .map(([key, message]) => ({ label: labels[key], message, fieldId: fieldId(key) }));

  return (
    <form noValidate onSubmit={onSubmit} aria-label="Register a cluster" className="space-y-4">
      {registered ? (
        <div className="space-y-3">
          <Alert tone="success">Registered {registered.name} after a connection test. Its credential is stored encrypted and will not be shown again.</Alert>
          <ConnectionTestView result={registered.connectionTest} cluster={registered.name} />
        </div>
      ) : null}
      {failure || summary.length > 0 ? <ErrorSummary title={failure ?? 'Fix these problems before registering'} issues={summary} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField {...bind('name')} hint='Lower-case letters, digits and "-"' />
        <TextField {...bind('apiServerUrl')} type="url" placeholder="https://kube.example.com:6443" />
      </div>
      <TextareaField {...bind('caBundle')} rows={4} placeholder="-----BEGIN CERTIFICATE-----" />
      <SelectField
        id="cluster-credential-kind"
        label="Credential type"
        value={kind}
        options={[
          { value: 'token', label: 'Bearer token' },
          { value: 'client-certificate', label: 'Client certificate and key' },
        ]}
        onChange={(event) => setKind(event.target.value as Kind)}
        hint="Write-only: stored encrypted, never displayed again."
        className="sm:w-80"
      />
      {kind === 'token' ? (
        <TextField {...bind('credential.token')} type="password" />
      ) : (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextareaField {...bind('credential.certificate')} rows={4} placeholder="-----BEGIN CERTIFICATE-----" />
          <TextareaField {...bind('credential.key')} rows={4} placeholder="-----BEGIN PRIVATE KEY-----" />
        </div>
      )}
      <TextareaField
        {...bind('override.reason')}
        rows={2}
        hint="Leave empty. Only to store a credential the connection test advises against (not the console's ServiceAccount, or rights broader than it needs): why, for the audit log."
      />
      <Button type="submit" variant="primary" disabled={register.isPending}>
        {register.isPending ? 'Testing the connection…' : 'Register cluster'}
      </Button>
    </form>
  );
}
