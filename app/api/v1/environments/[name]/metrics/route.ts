import { z } from 'zod';
import { chartComponent, metricChart, metricRange } from '@/lib/core/metrics/metric-charts';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { getMetrics } from '@/lib/server/metrics/get-metrics';

// The browser names a chart, never a query: the PromQL is the server's allow-listed template.
const metricsQuery = z.strictObject({ range: metricRange.default('1h'), component: chartComponent.optional(), chart: metricChart.optional() });

export const GET = apiRoute(async ({ ctx, params, url }) => json(await getMetrics(ctx, environmentParam(params), readQuery(url, metricsQuery))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
