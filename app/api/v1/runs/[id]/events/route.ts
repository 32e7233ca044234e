import { runEventId, runId } from '@/lib/core/deploy/run-contract';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiRoute } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { eventStream } from '@/lib/server/http/server-sent-events';
import { openRunStream } from '@/lib/server/runs/stream-run-events';

// Live progress as server-sent events; Last-Event-ID (or ?lastEventId=) resumes after that event.
// The caller's credentials are checked again while the stream is open (every minute or so).
export const GET = apiRoute(async ({ ctx, params, request, url }) => {
  const id = parseOrThrow(runId, params.id, 'the run id');
  const last = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  const after = last === null || last === '' ? null : parseOrThrow(runEventId, last, 'Last-Event-ID');
  const stream = await openRunStream(ctx, id, after, () => authenticateRequest(ctx.deps, request));
  return eventStream(stream.events, { retryMs: 2000, onEnd: stream.close });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
