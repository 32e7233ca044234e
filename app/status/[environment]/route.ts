import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { serveStatusPage } from '@/lib/server/status/status-response';

// /status/{environment} and /status/{environment}.json: one dynamic segment holds both.
export async function GET(request: Request, context?: { params: Promise<Record<string, string>> }): Promise<Response> {
  return serveStatusPage(request, (await context?.params) ?? {});
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
