import path from 'node:path';
import { applyMigrations } from '@/lib/adapters/prisma/apply-migrations';
import { applicationRoleOf } from '@/lib/adapters/prisma/grant-application-role';
import { installJobQueue } from '@/lib/adapters/jobs/install-job-queue';
import { getMigrationDatabaseUrls } from '@/lib/env';

// Migrates as the schema owner and then grants the console's own role (the user of DATABASE_URL,
// when it differs from the owner) its table privileges; see CONTRIBUTING.md, "Add a migration".
const urls = getMigrationDatabaseUrls();
const grantTo = urls.applicationRole ?? applicationRoleOf(urls.migration, urls.application);
const result = await applyMigrations(urls.migration, path.resolve('prisma/migrations'), { grantTo }).catch((error: Error) => {
  if (!/permission denied|must be owner/.test(error.message) || urls.application) throw error;
  console.error(`db:migrate: ${error.message}: DATABASE_URL's role may not change the schema; set MIGRATION_DATABASE_URL to the schema owner's URL (locally: bash scripts/stack/components/postgres.sh url)`);
  process.exit(1);
});
// pg-boss' own schema (deploy-run jobs), installed and upgraded by its library as the owner too.
await installJobQueue(urls.migration, grantTo);
for (const name of result.applied) console.log(`applied ${name}`);
console.log(`migrations: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied${grantTo ? `; privileges granted to ${grantTo}` : ''}`);
