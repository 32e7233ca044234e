import { z } from 'zod';
import { runId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { eventStream } from '@/lib/server/http/server-sent-events';
import { getRun } from '@/lib/server/runs/get-run';
import { streamRunEvents } from '@/lib/server/runs/stream-run-events';

const eventId = z.string().regex(/^\d{1,19}$/, 'must be an event id (digits)');

// Live progress as server-sent events; Last-Event-ID (or ?lastEventId=) resumes after that event.
export const GET = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(runId, params.id, 'the run id');
  const last = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  const after = last === null || last === '' ? null : parseOrThrow(eventId, last, 'Last-Event-ID');
  await getRun(ctx, id); // 404 before the stream starts
  return eventStream((signal) => streamRunEvents(ctx, id, after, signal), { retryMs: 2000 });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
