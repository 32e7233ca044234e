'use client';

import { useState, type FormEvent } from 'react';
import { notificationEventTypes, type NotificationEventType } from '@/lib/core/notifications/notification-event';
import type { CreateWebhookInput } from '@/lib/core/notifications/webhook-contract';
import { Button } from '../ui/button';
import { CheckboxField, SelectField, TextField } from '../ui/field';

export type WebhookFieldErrors = { name?: string; url?: string; format?: string; events?: string };

const formats = [
  { value: 'slack', label: 'Slack-compatible ({text, blocks})' },
  { value: 'generic', label: 'Generic JSON' },
] as const;

/** The fields of a new webhook, checked here for what the browser can tell; the server checks the address. */
export function WebhookForm({ pending, errors, onSubmit }: { pending: boolean; errors: WebhookFieldErrors; onSubmit: (input: CreateWebhookInput, reset: () => void) => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<CreateWebhookInput['format']>('slack');
  const [events, setEvents] = useState<NotificationEventType[]>([]);
  const [local, setLocal] = useState<WebhookFieldErrors>({});
  const shown = { ...errors, ...local };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: WebhookFieldErrors = {};
    if (!name.trim()) next.name = 'required';
    if (!/^https?:\/\/\S+$/.test(url.trim())) next.url = 'an http:// or https:// URL';
    setLocal(next);
    if (Object.keys(next).length > 0) return;
    onSubmit({ name: name.trim(), url: url.trim(), format, ...(events.length ? { events } : {}) }, () => {
      setName('');
      setUrl('');
      setEvents([]);
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Add a webhook" className="space-y-4">
      <div className="flex flex-wrap items-start gap-4">
        <TextField id="webhook-name" label="Name" value={name} maxLength={80} placeholder="e.g. #prod-deploys" error={shown.name} onChange={(e) => setName(e.target.value)} className="min-w-48 flex-1" autoComplete="off" />
        <TextField id="webhook-url" label="URL" value={url} maxLength={2000} placeholder="https://hooks.slack.com/services/…" error={shown.url} onChange={(e) => setUrl(e.target.value)} className="min-w-72 flex-[2]" autoComplete="off" inputMode="url" />
        <SelectField id="webhook-format" label="Format" value={format} options={formats} error={shown.format} onChange={(e) => setFormat(e.target.value as CreateWebhookInput['format'])} className="w-64" />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Events (none ticked: every event)</legend>
        <div className="mt-2 flex flex-wrap gap-x-6 gap-y-2">
          {notificationEventTypes.map((type) => (
            <CheckboxField
              key={type}
              id={`webhook-event-${type}`}
              label={type}
              checked={events.includes(type)}
              onChange={(e) => setEvents((current) => (e.target.checked ? [...current, type] : current.filter((t) => t !== type)))}
            />
          ))}
        </div>
        {shown.events ? <p className="mt-1 text-sm text-red-700 dark:text-red-400">{shown.events}</p> : null}
      </fieldset>
      <Button type="submit" variant="primary" disabled={pending}>
        {pending ? 'Adding…' : 'Add webhook'}
      </Button>
    </form>
  );
}
