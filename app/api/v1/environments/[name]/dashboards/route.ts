import { z } from 'zod';
import { metricRange } from '@/lib/core/metrics/metric-charts';
import { apiRoute, json } from '@/lib/server/http/api-route';
import { environmentParam } from '@/lib/server/http/environment-param';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { getDashboards } from '@/lib/server/metrics/get-dashboards';

const dashboardsQuery = z.strictObject({ range: metricRange.default('1h') });

export const GET = apiRoute(async ({ ctx, params, url }) => json(await getDashboards(ctx, environmentParam(params), readQuery(url, dashboardsQuery))));

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
