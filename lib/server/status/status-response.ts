import { errorCode } from '@/lib/core/errors';
import { renderNotFoundHtml, renderStatusHtml } from '@/lib/core/status/status-html';
import { authenticateRequest } from '../auth/authenticate-request';
import { getDeps } from '../deps';
import { errorResponse } from '../http/error-response';
import { readRequestIds } from '../http/request-ids';
import { statusPageContentSecurityPolicy } from '../http/security-headers';
import { logger } from '../logger';
import { openStatusPage } from './open-status-page';

// The token rides in the URL: it must not leave in a Referer or stay in a shared cache.
const privacyHeaders = {
  'referrer-policy': 'no-referrer',
  'cache-control': 'private, no-store',
  'x-robots-tag': 'noindex, nofollow',
  'x-content-type-options': 'nosniff',
  'content-security-policy': statusPageContentSecurityPolicy,
};

/** GET /status/{environment} (HTML without script) and /status/{environment}.json (the same answer as JSON). */
export async function serveStatusPage(request: Request, params: Record<string, string>): Promise<Response> {
  const { requestId } = readRequestIds(request);
  const segment = params.environment ?? '';
  const asJson = segment.endsWith('.json');
  const environment = asJson ? segment.slice(0, -'.json'.length) : segment;
  const headers = { ...privacyHeaders, 'x-request-id': requestId };
  try {
    const deps = getDeps();
    const actor = await authenticateRequest(deps, request).catch(() => null);
    const page = await openStatusPage(deps, { environment, token: new URL(request.url).searchParams.get('token'), actor });
    return asJson
      ? new Response(JSON.stringify(page), { headers: { ...headers, 'content-type': 'application/json' } })
      : new Response(renderStatusHtml(page), { headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
  } catch (error) {
    if (asJson) {
      const response = errorResponse(error, requestId);
      for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
      return response;
    }
    if (errorCode(error) === 'not_found') return new Response(renderNotFoundHtml(), { status: 404, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    logger.error('status page failed', { requestId, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return new Response(`Something went wrong; quote request id ${requestId}.`, { status: 500, headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' } });
  }
}
