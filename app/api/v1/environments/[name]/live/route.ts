import { z } from 'zod';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { authenticateRequest } from '@/lib/server/auth/authenticate-request';
import { apiRoute } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { eventStream } from '@/lib/server/http/server-sent-events';
import { openEnvironmentLiveStream } from '@/lib/server/live/stream-environment-live';

const lastEventId = z
  .string()
  .regex(/^[0-9a-f]{8}\.\d{1,15}$/, 'an event id this stream sent (<epoch>.<sequence>)')
  .transform((id) => ({ epoch: id.split('.')[0]!, seq: Number(id.split('.')[1]) }));

// The live Kubernetes state of the environment's namespaces as server-sent events: a snapshot, then
// changes, fed by the process's shared watches; Last-Event-ID (or ?lastEventId=) resumes or, when
// that is no longer possible, starts again with a snapshot.
export const GET = apiRoute(async ({ ctx, params, request, url }) => {
  const last = request.headers.get('last-event-id') ?? url.searchParams.get('lastEventId');
  const after = last === null || last === '' ? null : parseOrThrow(lastEventId, last, 'Last-Event-ID');
  const stream = await openEnvironmentLiveStream(ctx, environmentParam(params), after, () => authenticateRequest(ctx.deps, request));
  return eventStream(stream.events, { retryMs: 2000, onEnd: stream.close });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
