import type { Actor } from '@/lib/core/auth/roles';
import { canReadEnvironments } from '@/lib/core/auth/roles';
import { isEnvironmentName } from '@/lib/core/environments/environment-spec';
import { NotFound } from '@/lib/core/errors';
import { sha256Hex } from '@/lib/core/hash';
import type { StatusPage } from '@/lib/core/status/status-contract';
import { statusLinkTokenPattern } from '@/lib/core/status/status-link';
import type { Deps } from '../deps';
import { readStatusPage } from './read-status-page';
import { StatusPageCache } from './status-page-cache';

// One cache per process, shared by every viewer and every copy of this module (Next may load it per route bundle).
const holder = globalThis as unknown as { personapassStatusPages?: StatusPageCache };
export const statusPageCacheMs = 5000;
const cache = (holder.personapassStatusPages ??= new StatusPageCache(statusPageCacheMs));

// The same answer whether the environment is missing or the caller may not see it.
const hidden = () => new NotFound('no status page here');

/**
 * The status page for a share link's token or a signed-in user; anyone else learns nothing, not
 * even whether the environment exists.
 */
export async function openStatusPage(deps: Deps, input: { environment: string; token: string | null; actor: Actor | null }): Promise<StatusPage> {
  if (!isEnvironmentName(input.environment)) throw hidden();
  const byLink = input.token !== null && statusLinkTokenPattern.test(input.token) && (await deps.statusLinks.acceptToken(input.environment, sha256Hex(input.token), deps.now()));
  if (!byLink && !(input.actor && canReadEnvironments(input.actor).allowed)) throw hidden();
  // The environment's spec is read with the page, so a cached answer costs no database read but the link's.
  return cache.get(input.environment, async () => {
    const head = await deps.environments.findHead(input.environment);
    if (!head) throw hidden();
    return readStatusPage(deps, head.spec);
  });
}
