import { contentHash } from '@/lib/core/hash';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import type { Tier } from '@/lib/core/environments/environment-spec';
import { errorCode } from '@/lib/core/errors';
import type { Deps } from './deps';

const seeded: Array<{ name: string; tier: Tier }> = [
  { name: 'dev', tier: 'development' },
  { name: 'staging', tier: 'staging' },
  { name: 'prod', tier: 'production' },
];

/** Creates dev, staging and prod when missing; existing environments are left as they are. */
export async function seedEnvironments(deps: Deps, requestId: string): Promise<{ created: string[]; existing: string[] }> {
  const author = await deps.users.upsertFromSignIn(
    { subject: 'system:seed', email: 'seed@personapass.local', name: 'Seed', role: 'viewer' },
    requestId,
  );
  const result = { created: [] as string[], existing: [] as string[] };
  for (const { name, tier } of seeded) {
    const spec = starterSpec(name, tier);
    try {
      await deps.environments.createEnvironment(
        { spec, specHash: contentHash(spec), changeNote: 'seeded with the platform defaults', authorId: author.id },
        { actor: null, action: 'environment.created', targetType: 'environment', targetName: name, requestId, summary: `seeded ${name} (${tier})` },
      );
      result.created.push(name);
    } catch (error) {
      if (errorCode(error) !== 'conflict') throw error;
      result.existing.push(name);
    }
  }
  return result;
}
