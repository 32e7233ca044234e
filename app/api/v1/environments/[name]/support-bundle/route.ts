import { apiRoute } from '@/lib/server/http/api-route';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { readQuery } from '@/lib/server/http/query';
import { createSupportBundle } from '@/lib/server/troubleshoot/create-support-bundle';
import { troubleshootQuery } from '@/lib/server/troubleshoot/troubleshoot-input';

// A tar.gz download: the file name is the server's own (environment and time), never the caller's.
export const GET = apiRoute(async ({ ctx, params, url }) => {
  const { component } = readQuery(url, troubleshootQuery);
  const bundle = await createSupportBundle(ctx, params.name!, component);
  return new Response(new Uint8Array(bundle.archive), {
    status: 200,
    headers: {
      'content-type': 'application/gzip',
      'content-disposition': `attachment; filename="${bundle.fileName}"`,
      'content-length': String(bundle.archive.length),
      'cache-control': 'no-store',
    },
  });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
