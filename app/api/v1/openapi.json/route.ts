import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';
import { buildOpenApiDocument } from '@/lib/server/http/openapi-document';

// Public on purpose: the API's shape is not a secret; every operation it describes checks access.
export function GET(): Response {
  return Response.json(buildOpenApiDocument());
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
