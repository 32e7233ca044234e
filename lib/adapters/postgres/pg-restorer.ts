import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { childOutput, findTool, serverFacts, spawn, toolConnection } from './pg-tools';

// Restores a custom-format dump into the database in ONE transaction: pg_restore turns the dump into
// SQL, and psql runs it inside BEGIN with ON_ERROR_STOP. COMMIT is sent only after pg_restore read
// the whole dump and exited cleanly: input that breaks off (a dump stream that fails, pg_restore
// dying) ends psql's session with the transaction open, which the server rolls back. So a failure
// anywhere leaves the database exactly as it was. Ownership and grants are not restored (--no-owner --no-privileges):
// the restoring owner owns everything, and the migration step then grants the console's role what
// it may do, as on a fresh database, even when the roles are named differently here.

export type RestoreOptions = {
  /** Replace what the database holds (its public schema is dropped in the same transaction). */
  replace: boolean;
};

export async function restoreDump(ownerUrl: string, dump: AsyncIterable<Uint8Array>, options: RestoreOptions): Promise<void> {
  const facts = await serverFacts(ownerUrl);
  const [pgRestore, psql] = await Promise.all([findTool('pg_restore', facts.major), findTool('psql', facts.major)]);
  const { dbname, env } = toolConnection(ownerUrl);
  const restore = spawn(pgRestore, ['--no-owner', '--no-privileges', '--file=-'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const apply = spawn(psql, ['--no-psqlrc', '--no-password', '--set=ON_ERROR_STOP=1', '--quiet', '--dbname', dbname], {
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  // A console still connected holds locks: wait a while for them, then fail clearly rather than hang.
  const prelude = ['BEGIN;', "SET LOCAL lock_timeout = '30s';", ...(options.replace ? ['DROP SCHEMA IF EXISTS public CASCADE;', 'CREATE SCHEMA public;'] : []), ''].join('\n');
  // pg_restore may exit once it has read all it needs, before the last bytes of the file (already
  // verified in full by the caller): a pipe it closed is no failure. Anything else (the file failing
  // to read or to decrypt now) withholds the COMMIT.
  const feed = pipeline(Readable.from(dump), restore.stdin!).then(
    () => null,
    (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ERR_STREAM_PREMATURE_CLOSE' ? null : error),
  );
  const sql = async function* () {
    yield Buffer.from(prelude);
    yield* childOutput(restore, 'pg_restore');
    const failed = await feed;
    if (failed) throw failed;
    yield Buffer.from('\nCOMMIT;\n');
  };
  const drain = async () => {
    for await (const chunk of childOutput(apply, 'psql (restore)')) void chunk;
  };
  const [send, applied] = await Promise.allSettled([pipeline(Readable.from(sql()), apply.stdin!), drain()]);
  const failed = await feed;
  // psql's own message says why; a broken pipe into a process that stopped says nothing.
  for (const outcome of [applied, send]) if (outcome.status === 'rejected') throw outcome.reason;
  if (failed) throw failed;
}
