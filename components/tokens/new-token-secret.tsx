'use client';

import { useState } from 'react';
import { Alert } from '../ui/alert';
import { Button } from '../ui/button';

/** The one time a secret is shown: an API token's, or a status page link with its token. */
export function NewTokenSecret({ name, secret, onDone, what = 'token', fieldLabel = 'New token secret' }: { name: string; secret: string; onDone: () => void; what?: string; fieldLabel?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  return (
    <Alert tone="warning" title={`Copy the ${what} "${name}" now`}>
      <p>This is the only time it is shown. Store it somewhere safe; if you lose it, revoke it and create another.</p>
      <div className="mt-3 flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor="new-token-secret" className="mb-1 block text-xs font-medium">
            {fieldLabel}
          </label>
          <input
            id="new-token-secret"
            readOnly
            value={secret}
            onFocus={(event) => event.target.select()}
            className="block w-full rounded-md border border-amber-400 bg-white px-3 py-2 font-mono text-xs text-slate-900 dark:border-amber-700 dark:bg-slate-950 dark:text-slate-100"
          />
        </div>
        <Button
          variant="primary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(secret);
              setCopied('yes');
            } catch {
              setCopied('failed');
            }
          }}
        >
          Copy
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Done
        </Button>
      </div>
      <p aria-live="polite" className="mt-2 text-xs">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'failed' ? 'Copying was blocked; select the text and copy it yourself.' : ''}
      </p>
    </Alert>
  );
}
