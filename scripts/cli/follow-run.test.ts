import { describe, expect, it } from 'vitest';
import { parseEventStream } from './follow-run';

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
