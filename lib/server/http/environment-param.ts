import { isEnvironmentName } from '@/lib/core/environments/environment-spec';
import { NotFound } from '@/lib/core/errors';

/**
 * The environment a route's `[name]` names. Next decodes the path, so `%00` arrives as a NUL byte,
 * which Postgres refuses in text: asked of the database, it would be a 500. A name no environment
 * can have is answered as any unknown name is (404), before anything is read.
 */
export function environmentParam(params: Record<string, string>): string {
  const name = params.name ?? '';
  if (!isEnvironmentName(name)) throw new NotFound('no environment by that name');
  return name;
}
