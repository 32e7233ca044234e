import { expect } from 'vitest';
import { GET } from '@/app/api/v1/environments/[name]/live/route';
import { harnessOrigin } from './route-harness';

// Reads GET /environments/{name}/live through its route handler as a browser's EventSource would:
// each `id:`/`data:` block parsed as it arrives, for as long as a test waits on it.

export type LiveEvent = {
  id: string;
  data: {
    type: string;
    key?: { cluster: string; kind: string; namespace: string };
    object?: { kind: string; metadata: { name: string } };
    objects?: unknown[];
    status?: { synced: boolean; unreachableSince: string | null; error: string | null };
    statuses?: Array<{ key: { cluster: string; kind: string; namespace: string }; synced: boolean; unreachableSince: string | null; error: string | null }>;
  };
};

export async function openLiveStream(name: string, token: string, headers: Record<string, string> = {}) {
  const response = await GET(new Request(`${harnessOrigin}/api/v1/environments/${name}/live`, { headers: { authorization: `Bearer ${token}`, ...headers } }), { params: Promise.resolve({ name }) });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: LiveEvent[] = [];
  let buffer = '';
  // One read in flight at a time, kept across waits: a read given up on would swallow its chunk.
  let reading: ReturnType<typeof reader.read> | null = null;
  return {
    events,
    async until(done: (events: LiveEvent[]) => boolean, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!done(events)) {
        if (Date.now() > deadline) throw new Error(`stream: gave up waiting; saw ${events.map((e) => e.data.type).join(', ')}`);
        reading ??= reader.read();
        const chunk = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))]);
        if (chunk === null) continue;
        reading = null;
        if (chunk.done) throw new Error('stream ended');
        buffer += decoder.decode(chunk.value, { stream: true });
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const id = block.split('\n').find((line) => line.startsWith('id: '));
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (id && data) events.push({ id: id.slice(4), data: JSON.parse(data.slice(6)) });
        }
      }
    },
    /** Reads to the stream's end; false when it is still open after `timeoutMs`. */
    async ended(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        reading ??= reader.read();
        const chunk = await Promise.race([reading, new Promise<null>((resolve) => setTimeout(() => resolve(null), 500))]);
        if (chunk === null) continue;
        reading = null;
        if (chunk.done) return true;
        buffer += decoder.decode(chunk.value, { stream: true });
      }
      return false;
    },
    close: () => reader.cancel(),
  };
}

/** Each watch's latest status in what a stream said so far (its snapshot, then status events), by `kind/namespace`. */
export function latestStatuses(events: LiveEvent[]): Map<string, { synced: boolean; unreachableSince: string | null; error: string | null }> {
  const statuses = new Map<string, { synced: boolean; unreachableSince: string | null; error: string | null }>();
  for (const { data } of events) {
    for (const status of data.statuses ?? []) statuses.set(`${status.key.kind}/${status.key.namespace}`, status);
    if (data.type === 'status' && data.key && data.status) statuses.set(`${data.key.kind}/${data.key.namespace}`, data.status);
  }
  return statuses;
}
