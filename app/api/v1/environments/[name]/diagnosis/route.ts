import { apiRoute, json } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { getEnvironmentDiagnosis } from '@/lib/server/troubleshoot/diagnose-environment';
import { troubleshootQuery } from '@/lib/server/troubleshoot/troubleshoot-input';

export const GET = apiRoute(async ({ ctx, params, url }) => {
  const { component } = readQuery(url, troubleshootQuery);
  return json(await getEnvironmentDiagnosis(ctx, params.name!, component), 200, { 'cache-control': 'no-store' });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
