import pg from 'pg';
import { afterAll, expect, inject, it } from 'vitest';
import { waitFor } from '@/scripts/stack/test-support';
import { driftCheckQueue, jobSchema, PgBossJobQueue } from './pg-boss-job-queue';

// The drift schedule with several console workers: each offers the cycle's job every minute, and
// the queue keeps one per slot, so the cycle runs once per slot however many replicas there are.

const replicas = [new PgBossJobQueue(inject('databaseUrl'), { role: 'worker' }), new PgBossJobQueue(inject('databaseUrl'), { role: 'worker' }), new PgBossJobQueue(inject('databaseUrl'), { role: 'worker' })];
afterAll(async () => {
  for (const replica of replicas) await replica.stop();
});

async function jobsSent(): Promise<number> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    return (await client.query(`SELECT count(*)::int AS n FROM ${pg.escapeIdentifier(jobSchema)}.job WHERE name = $1`, [driftCheckQueue])).rows[0].n;
  } finally {
    await client.end();
  }
}

it('runs one cycle per slot when three workers each offer it, twice', async () => {
  const before = await jobsSent();
  let cycles = 0;
  for (const replica of replicas) await replica.workDriftCycles(async () => void cycles++);
  // A slot of a day: every offer below falls in the same one.
  for (let round = 0; round < 2; round++) await Promise.all(replicas.map((replica) => replica.sendDriftCycle(86_400)));
  expect(await jobsSent()).toBe(before + 1);
  await waitFor('the cycle ran', async () => cycles >= 1, 30_000);
  // Long enough for any other worker to have picked a second job up (they poll every 5 s).
  await new Promise((resolve) => setTimeout(resolve, 6000));
  expect(cycles).toBe(1);
}, 60_000);
