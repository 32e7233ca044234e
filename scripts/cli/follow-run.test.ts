import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { followRun, parseEventStream } from './follow-run';

describe('parseEventStream', () => {
  it('yields complete events with their ids, skips heartbeats and retry lines, and keeps the unfinished rest', () => {
    const text = 'retry: 2000\n\n: heartbeat\n\nid: 7\ndata: {"id":"7"}\n\nid: 8\r\ndata: {"id":"8"}\r\n\r\nid: 9\ndata: {"i';
    const { events, rest } = parseEventStream(text);
    expect(events).toEqual([
      { id: '7', data: '{"id":"7"}' },
      { id: '8', data: '{"id":"8"}' },
    ]);
    expect(rest).toBe('id: 9\ndata: {"i');
    expect(parseEventStream(`${rest}d":"9"}\n\n`).events).toEqual([{ id: '9', data: '{"id":"9"}' }]);
  });
});

describe('followRun', () => {
  it('waits as long as a 429 asks (Retry-After) and follows the run once a stream place is free', async () => {
    const answers: number[] = [];
    const server = createServer((request, response) => {
      if (answers.length === 0) {
        answers.push(429);
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' });
        return response.end(JSON.stringify({ error: { code: 'too_many_requests', message: 'you have 10 progress streams open' } }));
      }
      answers.push(200);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(`id: 1\ndata: ${JSON.stringify({ id: '1', type: 'run.succeeded', payload: {} })}\n\n`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const reconnects: Array<[number, string]> = [];
    const started = Date.now();
    try {
      const final = await followRun({ baseUrl: `http://127.0.0.1:${port}`, token: 't', runId: 'r', onEvent: () => undefined, onReconnect: (delay, reason) => reconnects.push([delay, reason]) });
      expect(final.type).toBe('run.succeeded');
    } finally {
      server.close();
    }
    expect(answers).toEqual([429, 200]);
    expect(reconnects).toEqual([[1000, 'you have 10 progress streams open']]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });
});
