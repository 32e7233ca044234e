import { z } from 'zod';
import { chartComponent } from '@/lib/core/metrics/metric-charts';
import { traceRange } from '@/lib/core/traces/traces';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { getTraces } from '@/lib/server/traces/get-traces';

// The browser names a component and a range; the Jaeger search is the server's.
const tracesQuery = z.strictObject({ component: chartComponent, range: traceRange.default('1h') });

export const GET = apiRoute(async ({ ctx, params, url }) => json(await getTraces(ctx, environmentParam(params), readQuery(url, tracesQuery))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
