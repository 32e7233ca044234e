// Shared by the render and validate commands: which environment spec to use.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type EnvironmentSpec, environmentSpecSchema, type Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';

const seeded: Record<string, Tier> = { dev: 'development', staging: 'staging', prod: 'production' };

export function parseCommandLine<T extends Record<string, { type: 'string' | 'boolean' }>>(extra: T) {
  return parseArgs({ options: { env: { type: 'string' as const }, spec: { type: 'string' as const }, ...extra }, allowPositionals: false }).values;
}

/** `--env dev|staging|prod` (the seeded starter specs) or `--spec FILE.json` (validated). */
export function specFromArgs(values: { env?: string | boolean; spec?: string | boolean }): EnvironmentSpec {
  if (typeof values.spec === 'string') {
    const parsed = environmentSpecSchema.safeParse(JSON.parse(readFileSync(values.spec, 'utf8')));
    if (!parsed.success) {
      throw new Error(`${values.spec} is not a valid environment spec:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
    }
    return parsed.data;
  }
  const env = typeof values.env === 'string' ? values.env : '';
  const tier = seeded[env];
  if (!tier) throw new Error('give --env dev|staging|prod or --spec FILE.json');
  return starterSpec(env, tier);
}
