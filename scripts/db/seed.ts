import { randomUUID } from 'node:crypto';
import { createPrismaClient } from '@/lib/adapters/prisma/prisma-client';
import { getDatabaseUrl } from '@/lib/env';
import { createDeps } from '@/lib/server/deps';
import { seedEnvironments } from '@/lib/server/seed-environments';

// Seeding writes no secrets, so a throwaway key satisfies the secret box it never uses.
const db = createPrismaClient(getDatabaseUrl());
const deps = createDeps({ db, keys: { seed: Buffer.alloc(32) }, activeKeyId: 'seed' });
const result = await seedEnvironments(deps, randomUUID());
console.log(`seed: created ${result.created.join(', ') || 'nothing'}; already present ${result.existing.join(', ') || 'none'}`);
await db.$disconnect();
