import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

// The liveness probe (manifests/console): answers as long as the process serves requests. It reads
// nothing, so a Postgres outage makes the pods unready (no traffic) without the kubelet restarting
// every replica at once.
export const dynamic = 'force-dynamic';

export async function GET(): Promise<Response> {
  return new Response(JSON.stringify({ status: 'live' }), { status: 200, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
