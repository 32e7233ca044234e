import { z } from 'zod';
import { defaultTailLines, maxSinceSeconds, maxTailLines } from '@/lib/core/logs/pod-logs';
import { chartComponent } from '@/lib/core/metrics/metric-charts';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { readComponentLogs } from '@/lib/server/logs/read-component-logs';

// Kubernetes names: a pod is a DNS subdomain, a container a DNS label. Nothing else is passed on.
const podName = z.string().max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a pod name');
const containerName = z.string().max(63).regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a container name');
const digits = (max: number) => z.string().regex(/^[1-9]\d{0,5}$/, 'must be a whole number').transform(Number).pipe(z.number().max(max));

const logsQuery = z.strictObject({
  pod: podName.optional(),
  container: containerName.optional(),
  tail: digits(maxTailLines).default(defaultTailLines),
  timestamps: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  sinceSeconds: digits(maxSinceSeconds).optional(),
});

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const component = parseOrThrow(chartComponent, params.component, 'the component');
  return json(await readComponentLogs(ctx, environmentParam(params), component, readQuery(url, logsQuery)), 200, { 'cache-control': 'no-store' });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
