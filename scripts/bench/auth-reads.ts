// npm run bench:auth — how reads authenticated by an API token perform, and how many writes they
// cause. 50 concurrent readers call GET /api/v1/environments through the real route handler against
// a fresh database on the stack's Postgres (npm run stack:up postgres), as the console's own role.
// The same run measures a baseline that also writes the token's last use on every request (what
// the console did before it recorded last use at most once a minute), so the ratio is like for like.
// Prints figures; asserts nothing (goals are read by a person, not timed in tests).
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createBenchDatabase, useBenchDatabaseAsConsole } from './bench-database';

const readers = 50;
const requestsPerRound = Number(process.env.BENCH_REQUESTS ?? 2000);
async function main() {
  const database = await createBenchDatabase();
  const appServer = database.appServer;
  const owner = new pg.Client({ connectionString: database.ownerUrl });
  await owner.connect();
  // Counts every UPDATE of a token row, whoever makes it.
  const role = new URL(appServer).username;
  await owner.query(`
    CREATE TABLE bench_token_writes (at timestamptz NOT NULL DEFAULT now());
    GRANT INSERT ON bench_token_writes TO "${role}";
    CREATE FUNCTION bench_count_token_write() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO bench_token_writes DEFAULT VALUES; RETURN NULL; END $$;
    CREATE TRIGGER bench_token_writes AFTER UPDATE ON api_tokens FOR EACH ROW EXECUTE FUNCTION bench_count_token_write();`);

  useBenchDatabaseAsConsole(database);
  const { getDeps } = await import('@/lib/server/deps');
  const { createApiToken } = await import('@/lib/server/tokens/create-api-token');
  const { seedEnvironments } = await import('@/lib/server/seed-environments');
  const route = await import('@/app/api/v1/environments/route');
  const deps = getDeps();
  await seedEnvironments(deps, randomUUID());
  const user = await deps.users.upsertFromSignIn({ subject: 'bench:reader', email: 'reader@personapass.test', name: 'Reader', role: 'viewer' }, randomUUID());
  const token = await createApiToken(
    { actor: { userId: user.id, email: user.email, name: user.name, role: user.role, via: 'session', signedInAt: new Date() }, requestId: randomUUID(), deps },
    { name: 'bench', expiresInDays: 1, scope: 'read' },
  );
  const app = new pg.Pool({ connectionString: database.appUrl, max: 10 });

  async function round(label: string, extraWrite: boolean) {
    await owner.query('TRUNCATE bench_token_writes');
    await owner.query('UPDATE api_tokens SET last_used_at = NULL');
    await owner.query('TRUNCATE bench_token_writes');
    const latencies: number[] = [];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: readers }, async () => {
        while (next < requestsPerRound) {
          next += 1;
          const t0 = performance.now();
          const response = await route.GET(new Request('http://127.0.0.1:3999/api/v1/environments', { headers: { authorization: `Bearer ${token.secret}` } }));
          if (extraWrite) await app.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [token.id]);
          if (response.status !== 200) throw new Error(`${label}: HTTP ${response.status}`);
          await response.arrayBuffer();
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const writes = (await owner.query('SELECT count(*)::int AS n FROM bench_token_writes')).rows[0].n as number;
    const result = {
      label,
      requests: latencies.length,
      perSecond: latencies.length / seconds,
      p50: latencies[Math.floor(latencies.length * 0.5)]!,
      p95: latencies[Math.floor(latencies.length * 0.95)]!,
      writes,
    };
    console.log(
      `${label.padEnd(48)} ${result.requests} requests, ${result.perSecond.toFixed(0)} req/s, p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, token row writes ${writes}`,
    );
    return result;
  }

  console.log(`bench:auth: ${readers} concurrent readers, GET /api/v1/environments with a read-only API token, ${requestsPerRound} requests per round`);
  await round('warm-up', false);
  const baseline = await round('baseline: last use written on every request', true);
  const console_ = await round('console: last use written at most once a minute', false);
  console.log(
    `ratio: ${(console_.perSecond / baseline.perSecond).toFixed(2)}× the baseline's throughput, p95 ${(console_.p95 / baseline.p95).toFixed(2)}× the baseline's; token row writes ${console_.writes} vs ${baseline.writes} (goal: at most 1 per token per minute)`,
  );

  await app.end();
  await owner.end();
  // The console's connection pool belongs to the app role: close it so the owner may drop the database.
  await (globalThis as unknown as { personapassDb?: { $disconnect(): Promise<void> } }).personapassDb?.$disconnect();
  await database.drop();
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error('bench:auth failed:', error);
  process.exit(1);
});
