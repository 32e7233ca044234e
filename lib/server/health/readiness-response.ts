import type { ReadinessReport } from '@/lib/core/health/readiness';

const headers = { 'content-type': 'application/json', 'cache-control': 'no-store' };

/** 200 with every check's outcome, or 503 in the API's error shape naming the failed checks. */
export function readinessResponse(report: ReadinessReport): Response {
  if (report.ready) return new Response(JSON.stringify({ status: 'ready', checks: report.checks }), { status: 200, headers });
  const body = { error: { code: 'unavailable', message: `not ready: ${report.failed.join(', ')}`, details: { checks: report.checks } } };
  return new Response(JSON.stringify(body), { status: 503, headers });
}
