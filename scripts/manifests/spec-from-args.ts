// Shared by the render and validate commands: which environment spec to use.
//   --env NAME [--revision N]   a stored environment from Postgres (the head revision by default)
//   --preset dev|staging|prod   the platform's starter spec of that tier, no database needed
//   --spec FILE.json            a spec in a file (validated)
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { PrismaEnvironmentStore } from '@/lib/adapters/prisma/prisma-environment-store';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { type EnvironmentSpec, environmentSpecSchema, type Tier } from '@/lib/core/environments/environment-spec';
import { starterSpec } from '@/lib/core/environments/starter-specs';
import { parseOrThrow } from '@/lib/core/zod-issues';
import { getDatabaseUrl } from '@/lib/env';

const presets: Record<string, Tier> = { dev: 'development', staging: 'staging', prod: 'production' };

export function parseCommandLine<T extends Record<string, { type: 'string' | 'boolean' }>>(extra: T) {
  const options = { env: { type: 'string' as const }, revision: { type: 'string' as const }, preset: { type: 'string' as const }, spec: { type: 'string' as const }, ...extra };
  return parseArgs({ options, allowPositionals: false }).values;
}

type Choice = { env?: string | boolean; revision?: string | boolean; preset?: string | boolean; spec?: string | boolean };

export type ChosenSpec = { spec: EnvironmentSpec; source: string };

export async function specFromArgs(values: Choice): Promise<ChosenSpec> {
  if (typeof values.spec === 'string') {
    const spec = parseOrThrow(environmentSpecSchema, JSON.parse(readFileSync(values.spec, 'utf8')), values.spec);
    return { spec, source: values.spec };
  }
  if (typeof values.preset === 'string') {
    const tier = presets[values.preset];
    if (!tier) throw new Error('--preset is one of dev, staging, prod');
    return { spec: starterSpec(values.preset, tier), source: `preset ${values.preset}` };
  }
  if (typeof values.env === 'string') return storedSpec(values.env, typeof values.revision === 'string' ? values.revision : undefined);
  throw new Error('give --env NAME [--revision N], --preset dev|staging|prod, or --spec FILE.json');
}

async function storedSpec(name: string, revision: string | undefined): Promise<ChosenSpec> {
  const number = revision === undefined ? undefined : Number(revision);
  if (number !== undefined && !(Number.isInteger(number) && number > 0)) throw new Error('--revision must be a revision number');
  const db = createPrismaClient(databaseUrl());
  try {
    const store = new PrismaEnvironmentStore(db);
    const record = number === undefined ? await store.findHead(name) : await store.findRevision(name, number);
    if (!record) throw new Error(number === undefined ? `no environment named ${name}` : `${name} has no revision ${number}`);
    return { spec: parseOrThrow(environmentSpecSchema, record.spec, `${name} revision ${record.number}`), source: `${name} revision ${record.number}` };
  } finally {
    await db.$disconnect();
  }
}

// DATABASE_URL when set; otherwise the local stack's Postgres, so `npm run render -- --env prod`
// works on a machine running `npm run demo` without exporting anything.
function databaseUrl(): string {
  try {
    return getDatabaseUrl();
  } catch {
    try {
      return execFileSync('bash', ['scripts/stack/components/postgres.sh', 'url'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      throw new Error('set DATABASE_URL (or start the local stack) to read stored environments, or use --preset / --spec');
    }
  }
}
