import { apiRoute, json } from '@/lib/server/http/api-route';
import { requireActor } from '@/lib/server/context';
import { otherMethodsNotAllowed } from '@/lib/server/http/method-not-allowed';

export const GET = apiRoute(async ({ ctx }) => {
  const actor = requireActor(ctx);
  return json({ email: actor.email, name: actor.name, role: actor.role, via: actor.via });
});

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethodsNotAllowed({ GET });
