import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ComponentLogs, LogPod } from '@/lib/core/logs/log-contract';
import { componentLogsKey, LogTail } from './log-tail';

// The log view rendered as the server renders it, with the log answer already in the query cache.

const pods: LogPod[] = [
  { name: 'wallet-api-7d9f-a', containers: ['wallet-api', 'istio-proxy'] },
  { name: 'wallet-api-7d9f-b', containers: ['wallet-api'] },
];

function render(answer: Partial<ComponentLogs> | null, podsProp: LogPod[] = pods): string {
  const client = new QueryClient();
  const selection = { pod: podsProp[0]?.name ?? '', container: '', tail: 200, timestamps: false };
  if (answer) {
    client.setQueryData(componentLogsKey('dev', 'wallet-api', selection), {
      environment: 'dev',
      component: 'wallet-api',
      pods: podsProp,
      pod: podsProp[0]?.name ?? null,
      container: podsProp[0] ? 'wallet-api' : null,
      tail: 200,
      lines: [],
      redactions: 0,
      truncated: false,
      readAt: '2026-12-02T07:00:00Z',
      ...answer,
    });
  }
  return renderToStaticMarkup(createElement(QueryClientProvider, { client }, createElement(LogTail, { environment: 'dev', component: 'wallet-api', pods: podsProp })));
}

describe('LogTail', () => {
  it('shows the lines in a keyboard-scrollable log with each redaction marked', () => {
    const html = render({ lines: ['started on :8080', 'DB_PASSWORD=[redacted] token=[redacted]'], redactions: 2, truncated: true });
    expect(html).toContain('role="log"');
    expect(html).toContain('tabindex="0"');
    expect(html).toContain('started on :8080');
    // Two in the lines and one in the description above them.
    expect(html.match(/<mark title="Redacted on the server[^>]*>\[redacted\]<\/mark>/g)).toHaveLength(3);
    expect(html).toContain('2 values redacted');
    expect(html).toContain('cut at the size limit');
  });

  it('offers the pods and the chosen pod’s containers', () => {
    const html = render({ lines: ['x'] });
    expect(html).toContain('<option value="wallet-api-7d9f-a" selected="">wallet-api-7d9f-a</option>');
    expect(html).toContain('<option value="wallet-api-7d9f-b">');
    expect(html).toContain('<option value="istio-proxy">istio-proxy</option>');
    expect(html).toContain('last 1000 lines');
  });

  it('says when the component has no pod, and when a log is empty', () => {
    expect(render({ pods: [], pod: null, container: null }, [])).toContain('No pods');
    expect(render({ lines: [] })).toContain('The log is empty');
  });

  it('says it is reading before the first answer', () => {
    expect(render(null)).toContain('Reading the log…');
  });
});
