import path from 'node:path';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { getDatabaseUrl } from '@/lib/env';

const result = await applyMigrations(getDatabaseUrl(), path.resolve('prisma/migrations'));
for (const name of result.applied) console.log(`applied ${name}`);
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`);
